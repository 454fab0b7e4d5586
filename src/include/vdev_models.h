/* SPDX-License-Identifier: MIT */
/* Small device models every VM gets at QEMU virt's addresses. */
#ifndef HYP_VDEV_MODELS_H
#define HYP_VDEV_MODELS_H

#include <stdint.h>

#include "vdev.h"

#define FINISHER_BASE 0x100000UL
#define FINISHER_SIZE 0x1000UL
#define VIRTIO_BASE 0x10001000UL
#define VIRTIO_SLOT_SIZE 0x1000UL
#define VIRTIO_SLOTS 8

extern const struct vdev_ops finisher_ops;
extern const struct vdev_ops virtio_empty_ops;
/* The version an empty slot reports: the host's, read at boot. */
extern uint32_t virtio_empty_version;

#endif
