// SPDX-License-Identifier: MIT
/* Virtual ns16550a UART (see vuart.h for the model and its locking rules). */
#include "vuart.h"

#include "lib.h"
#include "vdev.h"

/* The IIR interrupt id (without FIFO bits) for the current state. */
static uint8_t iir_id(const struct vuart *u)
{
	if ((u->ier & VUART_IER_ELSI) && u->overrun)
		return VUART_IIR_LSI;
	if ((u->ier & VUART_IER_ERBFI) && u->rx_count)
		return VUART_IIR_RDI;
	if ((u->ier & VUART_IER_ETBEI) && u->thr_ipending)
		return VUART_IIR_THRI;
	return VUART_IIR_NONE;
}

static uint8_t msr(const struct vuart *u)
{
	uint8_t m = u->mcr;

	if (!(m & VUART_MCR_LOOP))
		return VUART_MSR_DCD | VUART_MSR_DSR | VUART_MSR_CTS;
	/* Loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
	return (m & VUART_MCR_DTR ? VUART_MSR_DSR : 0) | (m & VUART_MCR_RTS ? VUART_MSR_CTS : 0) |
	       (m & VUART_MCR_OUT1 ? VUART_MSR_RI : 0) | (m & VUART_MCR_OUT2 ? VUART_MSR_DCD : 0);
}

/* Whether every register load is free of side effects (see vuart_read). */
static bool reads_are_pure(const struct vuart *u)
{
	return !u->rx_count && !u->overrun && iir_id(u) != VUART_IIR_THRI;
}

/* The window's bytes: what vuart_read() returns while reads_are_pure(). */
static void fill_window(const struct vuart *u)
{
	bool dlab = u->lcr & VUART_LCR_DLAB;
	uint8_t regs[8] = {
		[VUART_RBR] = dlab ? u->dll : 0,
		[VUART_IER] = dlab ? u->dlm : u->ier,
		[VUART_IIR] = VUART_IIR_NONE | (u->fcr & VUART_FCR_ENABLE ? VUART_IIR_FIFO : 0),
		[VUART_LCR] = u->lcr,
		[VUART_MCR] = u->mcr,
		[VUART_LSR] = VUART_LSR_THRE | VUART_LSR_TEMT,
		[VUART_MSR] = msr(u),
		[VUART_SCR] = u->scr,
	};

	for (unsigned i = 0; i < sizeof(regs); i++)
		__atomic_store_n(&u->win[i], regs[i], __ATOMIC_RELAXED);
}

/* Lock held: opens (after filling it) or closes the window to match. */
static void sync_window(struct vuart *u)
{
	bool open;

	if (!u->win)
		return;
	open = reads_are_pure(u);
	if (open)
		fill_window(u);
	if (open != u->win_open && u->ops && u->ops->window)
		u->ops->window(u, open);
	u->win_open = open;
}

/*
 * Recomputes the interrupt output and the window (lock held). Returns true
 * when the caller has become the notifier and must run notify() after
 * unlocking.
 */
static bool refresh_locked(struct vuart *u)
{
	sync_window(u);
	u->out = iir_id(u) != VUART_IIR_NONE;
	if (u->out == u->notified || u->notifying)
		return false;
	u->notifying = true;
	return true;
}

/*
 * Delivers ops->irq calls until the last level reported matches the
 * output. Only one hart runs this at a time; changes made meanwhile by
 * other harts are picked up by the loop.
 */
static void notify(struct vuart *u)
{
	for (;;) {
		bool level;

		spin_lock(&u->lock);
		if (u->out == u->notified) {
			u->notifying = false;
			spin_unlock(&u->lock);
			return;
		}
		level = u->out;
		u->notified = level;
		spin_unlock(&u->lock);

		if (u->ops && u->ops->irq)
			u->ops->irq(u, level);
	}
}

static void rx_clear(struct vuart *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
}

/* Lock held. */
static bool rx_put(struct vuart *u, uint8_t c)
{
	if (u->rx_count == VUART_RX_FIFO_SIZE) {
		u->overrun = true;
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % VUART_RX_FIFO_SIZE] = c;
	u->rx_count++;
	return true;
}

/* Lock held; 0 when empty. */
static uint8_t rx_get(struct vuart *u)
{
	uint8_t c;

	if (!u->rx_count)
		return 0;
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % VUART_RX_FIFO_SIZE;
	u->rx_count--;
	return c;
}

void vuart_init(struct vuart *u, const struct vuart_ops *ops, void *opaque)
{
	memset(u, 0, sizeof(*u));
	u->ops = ops;
	u->opaque = opaque;
}

void vuart_set_window(struct vuart *u, uint8_t *page)
{
	bool run_notify;

	spin_lock(&u->lock);
	u->win = page;
	if (page)
		memset(page, 0, 4096);
	/* Reported afresh: the window starts out closed. */
	u->win_open = false;
	run_notify = refresh_locked(u);
	spin_unlock(&u->lock);
	if (run_notify)
		notify(u);
}

static bool access_ok(uint64_t off, unsigned width)
{
	return width == 1 && off < VUART_SIZE;
}

int vuart_read(struct vuart *u, uint64_t off, unsigned width, uint64_t *val)
{
	uint8_t v = 0;
	bool run_notify;

	if (!access_ok(off, width))
		return HYP_EFAULT;

	spin_lock(&u->lock);
	switch (off) {
	case VUART_RBR:
		v = (u->lcr & VUART_LCR_DLAB) ? u->dll : rx_get(u);
		break;
	case VUART_IER:
		v = (u->lcr & VUART_LCR_DLAB) ? u->dlm : u->ier;
		break;
	case VUART_IIR:
		v = iir_id(u);
		if (v == VUART_IIR_THRI)
			u->thr_ipending = false;
		if (u->fcr & VUART_FCR_ENABLE)
			v |= VUART_IIR_FIFO;
		break;
	case VUART_LCR:
		v = u->lcr;
		break;
	case VUART_MCR:
		v = u->mcr;
		break;
	case VUART_LSR:
		v = VUART_LSR_THRE | VUART_LSR_TEMT;
		if (u->rx_count)
			v |= VUART_LSR_DR;
		if (u->overrun)
			v |= VUART_LSR_OE;
		u->overrun = false;
		break;
	case VUART_MSR:
		v = msr(u);
		break;
	case VUART_SCR:
		v = u->scr;
		break;
	default:
		break;
	}
	run_notify = refresh_locked(u);
	spin_unlock(&u->lock);
	if (run_notify)
		notify(u);

	*val = v;
	return HYP_OK;
}

int vuart_write(struct vuart *u, uint64_t off, unsigned width, uint64_t val)
{
	uint8_t v = (uint8_t)val;
	bool send = false, run_notify;

	if (!access_ok(off, width))
		return HYP_EFAULT;

	spin_lock(&u->lock);
	switch (off) {
	case VUART_THR:
		if (u->lcr & VUART_LCR_DLAB) {
			u->dll = v;
			break;
		}
		/* The byte leaves at once, so THR is empty again: the write
		 * clears the THRE interrupt and the transmission re-arms it. */
		if (u->mcr & VUART_MCR_LOOP)
			rx_put(u, v);
		else
			send = true;
		u->thr_ipending = true;
		break;
	case VUART_IER:
		if (u->lcr & VUART_LCR_DLAB) {
			u->dlm = v;
			break;
		}
		/* Enabling ETBEI with THR empty (always) raises THRE; so does
		 * every 0->1 transition, which Linux's 8250 probe checks. */
		if ((v & VUART_IER_ETBEI) && !(u->ier & VUART_IER_ETBEI))
			u->thr_ipending = true;
		else if (!(v & VUART_IER_ETBEI))
			u->thr_ipending = false;
		u->ier = v & 0x0f;
		break;
	case VUART_FCR:
		/* Changing the FIFO enable flushes both FIFOs (16550). */
		if ((v ^ u->fcr) & VUART_FCR_ENABLE)
			v |= VUART_FCR_CLEAR_RX | VUART_FCR_CLEAR_TX;
		if (v & VUART_FCR_CLEAR_RX)
			rx_clear(u);
		/* CLEAR_TX: nothing is ever queued for transmission. */
		u->fcr = v & 0xc9; /* the bits that stick: enable, DMA, trigger */
		break;
	case VUART_LCR:
		u->lcr = v;
		break;
	case VUART_MCR:
		u->mcr = v & 0x1f;
		break;
	case VUART_SCR:
		u->scr = v;
		break;
	default: /* LSR, MSR: read-only */
		break;
	}
	run_notify = refresh_locked(u);
	spin_unlock(&u->lock);

	if (send && u->ops && u->ops->tx)
		u->ops->tx(u, v);
	if (run_notify)
		notify(u);
	return HYP_OK;
}

bool vuart_push_rx(struct vuart *u, uint8_t c)
{
	bool ok, run_notify;

	spin_lock(&u->lock);
	ok = rx_put(u, c);
	run_notify = refresh_locked(u);
	spin_unlock(&u->lock);
	if (run_notify)
		notify(u);
	return ok;
}

unsigned vuart_rx_room(struct vuart *u)
{
	unsigned room;

	spin_lock(&u->lock);
	room = VUART_RX_FIFO_SIZE - u->rx_count;
	spin_unlock(&u->lock);
	return room;
}

static int vuart_vdev_read(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width,
			   uint64_t *val)
{
	(void)v;
	return vuart_read(d->priv, off, width, val);
}

static int vuart_vdev_write(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width,
			    uint64_t val)
{
	(void)v;
	return vuart_write(d->priv, off, width, val);
}

const struct vdev_ops vuart_vdev_ops = {
	.read = vuart_vdev_read,
	.write = vuart_vdev_write,
};
