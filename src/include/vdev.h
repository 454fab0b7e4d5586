/* SPDX-License-Identifier: MIT */
/*
 * Emulated devices: each VM has a registry of MMIO regions. A guest page
 * fault inside one is decoded and turned into a read or write callback.
 */
#ifndef HYP_VDEV_H
#define HYP_VDEV_H

#include <stdbool.h>
#include <stdint.h>

struct vdev;
struct vcpu;

struct vdev_ops {
	/* width is 1, 2, 4 or 8 bytes; off is from the region base. Return
	 * 0, or HYP_EFAULT for an access the device rejects (the guest gets
	 * an access fault). */
	int (*read)(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width, uint64_t *val);
	int (*write)(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width, uint64_t val);
};

struct vdev {
	const char *name;
	uint64_t base, size;
	const struct vdev_ops *ops;
	void *priv;
	unsigned long exits; /* accesses emulated */
};

#define VM_MAX_VDEVS 16

struct vdev_registry {
	struct vdev *dev[VM_MAX_VDEVS];
	unsigned count;
};

/* Adds d; fails with HYP_EEXIST when it overlaps a registered region. */
int vdev_register(struct vdev_registry *r, struct vdev *d);
struct vdev *vdev_find(const struct vdev_registry *r, uint64_t gpa);

#endif
