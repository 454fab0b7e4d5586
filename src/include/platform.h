/* SPDX-License-Identifier: MIT */
/* What the host DT says about the machine (DESIGN §2). */
#ifndef HYP_PLATFORM_H
#define HYP_PLATFORM_H

#include "config.h"

#define PLATFORM_MAX_MEM 8
#define ISA_MAX 256

struct platform {
	const void *dtb;
	struct host_harts harts;
	char isa[ISA_MAX];
	char mmu_type[32];
	uint32_t timebase;
	uint64_t uart_base;
	unsigned uart_shift;
	unsigned uart_irq;
	uint64_t plic_base;
	int plic_s_context[MAX_HARTS]; /* S-mode context of each hart, -1 if none */
	unsigned nmem;
	uint64_t mem_base[PLATFORM_MAX_MEM], mem_size[PLATFORM_MAX_MEM];
	uint64_t initrd_start, initrd_end;
	const void *rng_seed; /* the host's /chosen/rng-seed in the DT, NULL if none */
	unsigned rng_seed_len;
	uint64_t finisher_base; /* QEMU's sifive,test0 exit device, 0 if absent */
	uint64_t virtio_base;	/* the first virtio-mmio transport, 0 if none */
	uint64_t rtc_base;	/* the Goldfish RTC, 0 if none */
	bool has_sstc;
	unsigned vmid_bits;
	unsigned long mvendorid, marchid, mimpid;
};

extern struct platform platform;

/* Fills `platform` from the host DTB; returns non-zero with a message in err. */
int platform_parse(const void *dtb, char *err, size_t errlen);
/* Reads the host's virtio-mmio version (hardware access: after platform_parse). */
void platform_read_virtio_version(void);
/* Gives free RAM to the frame allocator, minus everything reserved. */
int platform_init_memory(uint64_t image_start, uint64_t image_end, char *err, size_t errlen);

#endif
