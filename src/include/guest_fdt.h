/* SPDX-License-Identifier: MIT */
#ifndef HYP_GUEST_FDT_H
#define HYP_GUEST_FDT_H

#include "config.h"
#include "loader.h"

/* What the guest DT takes from the host. */
struct guest_fdt_host {
	const char *isa;
	const char *mmu_type;
	uint32_t timebase;
	const void *dtb;	 /* the host DT, for passthrough nodes */
	const int *device_nodes; /* their offsets in it */
	unsigned ndevices;
	/*
	 * The name of the passed-through device at the virtual UART's address
	 * (the host's console UART), or NULL: its copied node then stands in
	 * for the virtual UART, and stdout-path names it.
	 */
	const char *uart_name;
	bool rtc; /* the VM has the RTC model (vrtc.h) */
	/* The VM's /chosen/rng-seed (rng_seed_for_vm), none if the length is 0. */
	const uint8_t *rng_seed;
	unsigned rng_seed_len;
};

/*
 * Writes the DT the guest boots with into buf: the VM's own `fdt` with
 * /chosen updated, or a generated one (vCPUs, memory, chosen). Returns
 * the size, or a negative libfdt error.
 */
int guest_fdt_build(const struct vm_config *c, const struct boot_info *bi,
		    const struct guest_fdt_host *h, void *buf, size_t size);

#endif
