// SPDX-License-Identifier: MIT
/*
 * The eight virtio-mmio slots of QEMU virt that no passed-through device
 * fills read as QEMU's empty transport (virtio spec 4.2.2): magic "virt",
 * the host transport's version (QEMU 7.2 defaults to 1, legacy), device
 * ID 0 = no device. A guest probing every slot moves on. As QEMU does,
 * registers answer by exact offset, truncated to the access width, and an
 * 8-byte access reads two 4-byte registers.
 */
#include "lib.h"
#include "vdev_models.h"

#define VIRTIO_MMIO_MAGIC 0x74726976 /* "virt" */
#define VIRTIO_MMIO_VERSION 2
#define VIRTIO_VENDOR_QEMU 0x554d4551

#define REG_MAGIC 0x000
#define REG_VERSION 0x004
#define REG_DEVICE_ID 0x008
#define REG_VENDOR_ID 0x00c

uint32_t virtio_empty_version = VIRTIO_MMIO_VERSION;

static uint64_t empty_reg(uint64_t off)
{
	switch (off & (VIRTIO_SLOT_SIZE - 1)) {
	case REG_MAGIC:
		return VIRTIO_MMIO_MAGIC;
	case REG_VERSION:
		return virtio_empty_version;
	case REG_VENDOR_ID:
		return VIRTIO_VENDOR_QEMU;
	default:
		return 0;
	}
}

static int empty_read(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width, uint64_t *val)
{
	(void)d;
	(void)v;
	*val = empty_reg(off);
	if (width == 8)
		*val |= empty_reg(off + 4) << 32;
	return HYP_OK;
}

static int empty_write(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width, uint64_t val)
{
	(void)d;
	(void)v;
	(void)off;
	(void)width;
	(void)val;
	return HYP_OK;
}

const struct vdev_ops virtio_empty_ops = {
	.read = empty_read,
	.write = empty_write,
};
