/* SPDX-License-Identifier: MIT */
/*
 * Virtual ns16550a UART as QEMU's virt machine has it: 8-bit registers,
 * reg-shift 0, interrupt line VUART_IRQ on the PLIC.
 *
 * Output is immediate: every THR write hands its byte to ops->tx (or, in
 * loopback, to the RX FIFO), so THRE and TEMT always read 1. Input is a
 * 256-byte RX FIFO filled by vuart_push_rx(); it is used whether or not
 * the guest enabled the FIFOs (FCR bit 0 only changes IIR bits 7:6), so a
 * polling guest that never enables them does not lose bytes.
 *
 * Interrupts, highest priority first (IIR value without the FIFO bits):
 *   0x06 line status  ELSI and an RX overrun (cleared by reading LSR)
 *   0x04 RX data      ERBFI and the RX FIFO non-empty
 *   0x02 THR empty    ETBEI and the THRE interrupt pending: set when ETBEI
 *                     goes 0->1 and after each transmitted byte; cleared
 *                     by an IIR read that returns 0x02, by a THR write
 *                     (re-set at once as the byte is sent) and by
 *                     clearing ETBEI
 *   0x01 none
 * No modem-status interrupt is ever raised (the modem lines never change
 * outside loopback, where they follow MCR).
 *
 * Locking and callbacks: every entry point takes u->lock and may be called
 * from any hart. Callbacks are never made with the lock held:
 *   - ops->tx(u, c) runs on the hart whose guest wrote THR, before
 *     vuart_write() returns, so bytes written in order leave in order;
 *   - ops->irq(u, level) is called each time the interrupt output changes.
 *     Calls are serialized (one hart at a time, possibly not the one that
 *     made the change) and the last one always carries the current level,
 *     so the glue may forward `level` to vplic_set_level(..., VUART_IRQ, ).
 * Callbacks may call back into the vuart. No entry point may be called
 * from an interrupt handler that can interrupt code holding u->lock on the
 * same hart.
 */
#ifndef HYP_VUART_H
#define HYP_VUART_H

#include <stdbool.h>
#include <stdint.h>

#include "spinlock.h"

struct vdev_ops;

#define VUART_BASE 0x10000000UL
#define VUART_SIZE 0x100UL
#define VUART_IRQ 10
#define VUART_RX_FIFO_SIZE 256

/* Register offsets. */
#define VUART_RBR 0 /* read, DLAB=0 */
#define VUART_THR 0 /* write, DLAB=0 */
#define VUART_DLL 0 /* DLAB=1 */
#define VUART_IER 1 /* DLAB=0 */
#define VUART_DLM 1 /* DLAB=1 */
#define VUART_IIR 2 /* read */
#define VUART_FCR 2 /* write */
#define VUART_LCR 3
#define VUART_MCR 4
#define VUART_LSR 5
#define VUART_MSR 6
#define VUART_SCR 7

#define VUART_IER_ERBFI 0x01
#define VUART_IER_ETBEI 0x02
#define VUART_IER_ELSI 0x04
#define VUART_IER_EDSSI 0x08

#define VUART_IIR_NONE 0x01
#define VUART_IIR_LSI 0x06
#define VUART_IIR_RDI 0x04
#define VUART_IIR_THRI 0x02
#define VUART_IIR_FIFO 0xc0 /* FIFOs enabled */

#define VUART_FCR_ENABLE 0x01
#define VUART_FCR_CLEAR_RX 0x02
#define VUART_FCR_CLEAR_TX 0x04

#define VUART_LCR_DLAB 0x80

#define VUART_MCR_DTR 0x01
#define VUART_MCR_RTS 0x02
#define VUART_MCR_OUT1 0x04
#define VUART_MCR_OUT2 0x08
#define VUART_MCR_LOOP 0x10

#define VUART_LSR_DR 0x01
#define VUART_LSR_OE 0x02
#define VUART_LSR_THRE 0x20
#define VUART_LSR_TEMT 0x40

#define VUART_MSR_CTS 0x10
#define VUART_MSR_DSR 0x20
#define VUART_MSR_RI 0x40
#define VUART_MSR_DCD 0x80

struct vuart;

struct vuart_ops {
	void (*tx)(struct vuart *u, uint8_t c); /* a byte the guest sent */
	void (*irq)(struct vuart *u, bool level);
	/*
	 * The read-only window (vuart_set_window) may be mapped (readable)
	 * or must not be: a load of RBR, IIR or LSR would change the state
	 * (a received byte, the THRE interrupt, an overrun to report).
	 * Called with u->lock held: it must not call into the vuart.
	 */
	void (*window)(struct vuart *u, bool readable);
};

struct vuart {
	spinlock_t lock;
	const struct vuart_ops *ops; /* either callback may be NULL */
	void *opaque;		     /* for the glue; the model never touches it */

	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	bool overrun;	   /* LSR.OE */
	bool thr_ipending; /* THRE interrupt pending */

	uint8_t rx[VUART_RX_FIFO_SIZE];
	unsigned rx_head, rx_count;

	bool out;	/* interrupt output, as computed */
	bool notified;	/* last level handed to ops->irq */
	bool notifying; /* a hart is delivering irq calls */

	uint8_t *win;  /* read-only window, or NULL */
	bool win_open; /* last state handed to ops->window */
};

/* Resets u to the power-on state (all registers 0, RX empty, output low).
 * Makes no callback. */
void vuart_init(struct vuart *u, const struct vuart_ops *ops, void *opaque);

/*
 * Guest accesses; off is from VUART_BASE. Only 1-byte accesses below
 * VUART_SIZE are accepted; anything else returns HYP_EFAULT. Offsets 8 and
 * up read 0 and ignore writes.
 */
int vuart_read(struct vuart *u, uint64_t off, unsigned width, uint64_t *val);
int vuart_write(struct vuart *u, uint64_t off, unsigned width, uint64_t val);

/* Queues a received byte. Returns false, drops c and sets LSR.OE when the
 * RX FIFO is full. Works in loopback too (the model does not disconnect
 * the receiver). */
bool vuart_push_rx(struct vuart *u, uint8_t c);

/*
 * Gives u a read-only window: a 4 KiB host page that the glue maps
 * read-only over the guest's UART page while every register load is free
 * of side effects (RX empty, no overrun, no THRE interrupt to report), so
 * that a polling guest's LSR reads cost no exit. The model keeps bytes
 * 0-7 equal to what vuart_read() returns and the rest 0, and reports via
 * ops->window when the page may or may not be mapped, starting with this
 * call. vuart_init() forgets it.
 */
void vuart_set_window(struct vuart *u, uint8_t *page);

/* Free space in the RX FIFO, for a feeder that wants to avoid overruns. */
unsigned vuart_rx_room(struct vuart *u);

/* MMIO adapter: d->priv is the struct vuart *. */
extern const struct vdev_ops vuart_vdev_ops;

#endif
