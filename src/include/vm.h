/* SPDX-License-Identifier: MIT */
#ifndef HYP_VM_H
#define HYP_VM_H

#include "config.h"
#include "guest_mem.h"
#include "loader.h"
#include "passthrough.h"
#include "spinlock.h"
#include "stage2.h"
#include "vcpu.h"
#include "vdev.h"
#include "vdev_models.h"
#include "vplic.h"
#include "vrtc.h"
#include "vuart.h"

enum vm_state { VM_CREATED, VM_RUNNING, VM_STOPPED, VM_FAILED };

struct vm {
	unsigned id;
	const struct vm_config *cfg;
	struct guest_mem mem;
	struct stage2 s2;
	struct boot_info boot;
	unsigned ncpus;
	struct vcpu vcpu[MAX_VCPUS];
	struct vdev_registry vdevs;
	struct vplic plic;
	struct vplic_windows plic_windows; /* its read-only pages, kept across resets */
	struct vuart uart;
	struct vrtc rtc;
	bool has_rtc;	    /* its RTC model (no host RTC, or the VM owns it: none) */
	bool uart_in_use;   /* the guest touched its UART: typed input goes there */
	uint8_t *uart_page; /* its read-only window */
	struct vdev plic_dev, uart_dev, finisher, rtc_dev;
	struct vdev virtio_slot[VIRTIO_SLOTS]; /* the empty ones */
	unsigned npt;
	struct pt_device pt[VM_MAX_DEVICES];
	volatile enum vm_state state;
	unsigned restarts; /* reboots and restarts after a crash */
	spinlock_t lock;
};

extern struct vm vms[MAX_VMS];
extern unsigned nr_vms;

/* Allocates memory, builds stage-2, loads images. Boot stops on error. */
int vm_create(struct vm *vm, unsigned id, const struct vm_config *c, char *err, size_t errlen);
void vm_start(struct vm *vm);
/*
 * The guest asked to power off (SBI SRST shutdown, legacy shutdown), or
 * failed (failed = true): a failed VM with on-crash = "restart" restarts.
 */
void vm_shutdown(struct vm *vm, bool failed);
/* The guest asked to reboot: reload images into zeroed memory, restart vCPU 0. */
void vm_reboot(struct vcpu *v);
/* Stops the VM of v with a report: the one place a VM is stopped for a fault. */
void vm_fail(struct vcpu *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *vm_name(const struct vm *vm);

#endif
