/* SPDX-License-Identifier: MIT */
/*
 * Host devices given to a VM: MMIO mapped at the same guest-physical
 * address, interrupts routed through the VM's vPLIC, node copied into the
 * guest DT. A device belongs to one VM only.
 */
#ifndef HYP_PASSTHROUGH_H
#define HYP_PASSTHROUGH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vm;

#define PT_MAX_IRQS 4
#define PT_MAX_WINDOWS 4

/* A range of host MMIO a device answers at, mapped 1:1 into its VM. */
struct pt_window {
	uint64_t base, size;
};

struct pt_device {
	const char *path;
	int node; /* offset in the host DT */
	/*
	 * Its `reg` entries; for a PCIe host bridge also the windows of its
	 * `ranges` (I/O, 32- and 64-bit memory) where its BARs lie.
	 */
	unsigned nwin;
	struct pt_window win[PT_MAX_WINDOWS];
	unsigned nirqs;
	uint32_t irq[PT_MAX_IRQS]; /* `interrupts`, or the host PLIC lines of `interrupt-map` */
	bool dma;		   /* bus master: needs guest-physical == host-physical */
};

/* Checks, maps and claims every device in the VM's `devices`; errors name both VMs. */
int passthrough_create(struct vm *vm, char *err, size_t errlen);
/* True when [base, base+size) is MMIO of a device passed through to vm. */
bool passthrough_covers(const struct vm *vm, uint64_t base, uint64_t size);
/* The device of vm whose MMIO overlaps [base, base+size), or NULL. */
const struct pt_device *passthrough_device_at(const struct vm *vm, uint64_t base, uint64_t size);
/* Its node's name in the host DT ("serial@10000000"), as the guest DT has it under /soc. */
const char *passthrough_node_name(const struct pt_device *d);
/* The VM that owns host interrupt src, or NULL. */
struct vm *passthrough_irq_owner(unsigned src);
/* The VM a device mapping host address addr is passed through to, or NULL. */
struct vm *passthrough_mmio_owner(uint64_t addr);

#endif
