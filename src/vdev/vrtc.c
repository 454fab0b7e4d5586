// SPDX-License-Identifier: MIT
/* The virtual Goldfish RTC (vrtc.h). */
#include "vrtc.h"
#include "lib.h"

static uint64_t count(const struct vrtc *r, uint64_t now)
{
	return now + r->offset;
}

static void update_irq(struct vrtc *r)
{
	r->ops->irq(r, r->irq_pending && r->irq_enabled);
}

static void fire(struct vrtc *r)
{
	r->alarm_armed = false;
	r->irq_pending = true;
	update_irq(r);
}

static void poll_locked(struct vrtc *r, uint64_t now)
{
	if (r->alarm_armed && now >= r->alarm_at)
		fire(r);
}

static void arm(struct vrtc *r, uint64_t now)
{
	if (r->alarm <= count(r, now)) {
		fire(r);
		return;
	}
	r->alarm_at = r->alarm - r->offset;
	r->alarm_armed = true;
}

/* Replaces bits [shift, shift + 32) of the count. */
static void set_time_half(struct vrtc *r, uint64_t now, unsigned shift, uint32_t half)
{
	uint64_t c = count(r, now);
	uint64_t mask = 0xffffffffULL << shift;

	r->offset += ((c & ~mask) | (uint64_t)half << shift) - c;
}

static uint64_t set_half(uint64_t v, unsigned shift, uint32_t half)
{
	return (v & ~(0xffffffffULL << shift)) | (uint64_t)half << shift;
}

void vrtc_init(struct vrtc *r, const struct vrtc_ops *ops, void *opaque)
{
	memset(r, 0, sizeof(*r));
	r->ops = ops;
	r->opaque = opaque;
}

void vrtc_reset(struct vrtc *r)
{
	spin_lock(&r->lock);
	r->alarm = r->alarm_at = 0;
	r->alarm_armed = r->irq_pending = r->irq_enabled = false;
	update_irq(r);
	spin_unlock(&r->lock);
}

/* QEMU takes an aligned doubleword as two words, the low one first. */
static bool access_ok(uint64_t off, unsigned width)
{
	return (width == 4 || width == 8) && IS_ALIGNED(off, width) && off + width <= VRTC_REGS_END;
}

static uint32_t read_reg(struct vrtc *r, uint64_t off, uint64_t now)
{
	uint64_t c;

	switch (off) {
	case VRTC_TIME_LOW:
		c = count(r, now);
		r->time_high = (uint32_t)(c >> 32);
		return (uint32_t)c;
	case VRTC_TIME_HIGH:
		return r->time_high;
	case VRTC_ALARM_LOW:
		return (uint32_t)r->alarm;
	case VRTC_ALARM_HIGH:
		return (uint32_t)(r->alarm >> 32);
	case VRTC_IRQ_ENABLED:
		return r->irq_enabled;
	case VRTC_ALARM_STATUS:
		return r->alarm_armed;
	default: /* the write-only registers */
		return 0;
	}
}

/* An access's start: checked, the clock read, the lock taken, a due alarm fired. */
static bool access_begin(struct vrtc *r, uint64_t off, unsigned width, uint64_t *now)
{
	if (!access_ok(off, width))
		return false;
	*now = r->ops->now(r);
	spin_lock(&r->lock);
	poll_locked(r, *now);
	return true;
}

int vrtc_read(struct vrtc *r, uint64_t off, unsigned width, uint64_t *val)
{
	uint64_t now;

	if (!access_begin(r, off, width, &now))
		return HYP_EFAULT;
	*val = read_reg(r, off, now);
	if (width == 8)
		*val |= (uint64_t)read_reg(r, off + 4, now) << 32;
	spin_unlock(&r->lock);
	return HYP_OK;
}

static void write_reg(struct vrtc *r, uint64_t off, uint32_t v, uint64_t now)
{
	switch (off) {
	case VRTC_TIME_LOW:
		set_time_half(r, now, 0, v);
		break;
	case VRTC_TIME_HIGH:
		set_time_half(r, now, 32, v);
		break;
	case VRTC_ALARM_LOW:
		r->alarm = set_half(r->alarm, 0, v);
		arm(r, now);
		break;
	case VRTC_ALARM_HIGH:
		r->alarm = set_half(r->alarm, 32, v);
		break;
	case VRTC_IRQ_ENABLED:
		r->irq_enabled = v & 1;
		update_irq(r);
		break;
	case VRTC_CLEAR_ALARM:
		r->alarm_armed = false;
		break;
	case VRTC_CLEAR_INTERRUPT:
		r->irq_pending = false;
		update_irq(r);
		break;
	default: /* ALARM_STATUS is read-only */
		break;
	}
}

int vrtc_write(struct vrtc *r, uint64_t off, unsigned width, uint64_t val)
{
	uint64_t now;

	if (!access_begin(r, off, width, &now))
		return HYP_EFAULT;
	write_reg(r, off, (uint32_t)val, now);
	if (width == 8)
		write_reg(r, off + 4, (uint32_t)(val >> 32), now);
	spin_unlock(&r->lock);
	return HYP_OK;
}

void vrtc_poll(struct vrtc *r)
{
	uint64_t now = r->ops->now(r);

	spin_lock(&r->lock);
	poll_locked(r, now);
	spin_unlock(&r->lock);
}

uint64_t vrtc_alarm_at(struct vrtc *r)
{
	uint64_t at;

	spin_lock(&r->lock);
	at = r->alarm_armed ? r->alarm_at : UINT64_MAX;
	spin_unlock(&r->lock);
	return at;
}
