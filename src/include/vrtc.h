/* SPDX-License-Identifier: MIT */
/*
 * Virtual Goldfish RTC as QEMU's virt machine has it at VRTC_BASE,
 * interrupt line VRTC_IRQ: a 64-bit count of nanoseconds since 1970,
 * 32-bit little-endian registers. As QEMU 7.2 takes them: a 4-byte access,
 * or an aligned 8-byte one as two 4-byte accesses, low word first, inside
 * the register block; any other access is refused (an access fault).
 *
 *   0x00 TIME_LOW        read: the count's low half, latching its high
 *                        half for TIME_HIGH; write: sets the low half
 *   0x04 TIME_HIGH       read: the latched high half; write: sets the
 *                        count's high half
 *   0x08 ALARM_LOW       write: the alarm's low half, then arms it (a
 *                        time not after the count fires at once)
 *   0x0c ALARM_HIGH      the alarm's high half (write it first)
 *   0x10 IRQ_ENABLED     bit 0 gates the interrupt output
 *   0x14 CLEAR_ALARM     write: disarms the alarm
 *   0x18 ALARM_STATUS    read: 1 while the alarm is armed
 *   0x1c CLEAR_INTERRUPT write: drops the pending interrupt
 *
 * An alarm that fires disarms itself and makes the interrupt pending; the
 * output is pending AND enabled. Setting the time moves the count, not an
 * armed alarm's moment: it still fires when the host clock reaches the
 * moment it was armed for, as QEMU's does.
 *
 * The count is ops->now() (the host's wall clock) plus the guest's offset:
 * a VM starts at the host's time. The alarm is checked at every access and
 * at every vrtc_poll(); the glue polls often enough (vm_devices.c).
 *
 * Locking: every entry point takes r->lock and may be called from any
 * hart; ops->irq(r, level) is called with it held, each time the output
 * changes, and must not call back into the vrtc.
 */
#ifndef HYP_VRTC_H
#define HYP_VRTC_H

#include <stdbool.h>
#include <stdint.h>

#include "spinlock.h"

#define VRTC_BASE 0x101000UL
#define VRTC_SIZE 0x1000UL
#define VRTC_IRQ 11

#define VRTC_TIME_LOW 0x00
#define VRTC_TIME_HIGH 0x04
#define VRTC_ALARM_LOW 0x08
#define VRTC_ALARM_HIGH 0x0c
#define VRTC_IRQ_ENABLED 0x10
#define VRTC_CLEAR_ALARM 0x14
#define VRTC_ALARM_STATUS 0x18
#define VRTC_CLEAR_INTERRUPT 0x1c
#define VRTC_REGS_END 0x24 /* QEMU's register block; 0x20 reads 0 */

struct vrtc;

struct vrtc_ops {
	uint64_t (*now)(struct vrtc *r); /* the host's wall clock, ns since 1970 */
	void (*irq)(struct vrtc *r, bool level);
};

struct vrtc {
	spinlock_t lock;
	const struct vrtc_ops *ops;
	void *opaque;
	uint64_t offset;   /* count - now, modulo 2^64 */
	uint64_t alarm;	   /* ALARM_HIGH:ALARM_LOW */
	uint64_t alarm_at; /* the host time an armed alarm fires at */
	uint32_t time_high;
	bool alarm_armed, irq_pending, irq_enabled;
};

/* A VM's RTC at creation: the host's time, no alarm, the output low. */
void vrtc_init(struct vrtc *r, const struct vrtc_ops *ops, void *opaque);
/* A VM reset: alarm and interrupt state cleared, the time the guest set kept. */
void vrtc_reset(struct vrtc *r);
int vrtc_read(struct vrtc *r, uint64_t off, unsigned width, uint64_t *val);
int vrtc_write(struct vrtc *r, uint64_t off, unsigned width, uint64_t val);
/* Fires an armed alarm whose moment has come. */
void vrtc_poll(struct vrtc *r);
/* The host time the armed alarm fires at, UINT64_MAX if none is armed. */
uint64_t vrtc_alarm_at(struct vrtc *r);

#endif
