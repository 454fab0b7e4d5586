/* SPDX-License-Identifier: MIT */
/* The VM configuration: a DT blob handed over as QEMU's -initrd (docs/config.md). */
#ifndef HYP_CONFIG_H
#define HYP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest_mem.h"

#define MAX_VMS 8
#define MAX_VCPUS 8
#define MAX_HARTS 16
#define VM_NAME_MAX 32
#define VM_MAX_DEVICES 8

struct blob {
	const uint8_t *data;
	uint32_t size;
};

enum vm_console { VM_CONSOLE_SBI, VM_CONSOLE_UART };

struct vm_config {
	char node[VM_NAME_MAX]; /* "vm@0": where the VM is in the config */
	char name[VM_NAME_MAX];
	unsigned ncpus;
	uint32_t cpus[MAX_VCPUS]; /* physical hart of vCPU i */
	unsigned nmem;
	struct {
		uint64_t base;
		uint64_t size;
	} mem[VM_MAX_MEM_REGIONS];
	struct blob kernel;
	struct blob initrd;
	struct blob fdt;
	bool has_kernel_addr;
	uint64_t kernel_addr;
	const char *bootargs;
	enum vm_console console;
	bool stats;	       /* print exit statistics when the VM stops */
	bool identity_map;     /* guest-physical == host-physical (DMA without an IOMMU) */
	bool restart_on_crash; /* on-crash = "restart": a failed VM starts afresh */
	unsigned ndevices;
	const char *devices[VM_MAX_DEVICES]; /* host DT paths passed through */
};

/* The physical harts the host DT lists. */
struct host_harts {
	unsigned count;
	uint32_t id[MAX_HARTS];
};

/*
 * Parses and checks the whole blob. On error returns non-zero with err
 * naming the VM and the property; on success fills vms[0..*nvms).
 */
int config_parse(const void *blob, size_t blob_size, const struct host_harts *harts,
		 struct vm_config *vms, unsigned *nvms, char *err, size_t errlen);

/*
 * Formats "vm@N ("name"): property 'prop': ..." into err and returns
 * HYP_EINVAL: the one shape of every configuration error.
 */
int config_error(const struct vm_config *c, const char *prop, char *err, size_t errlen,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
