// SPDX-License-Identifier: MIT
/* The virtual ns16550a: registers, RX FIFO, interrupt identification and output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib.h"
#include "vdev.h"
#include "vuart.h"

#define LOG_MAX 1024

static struct vuart uart;
static char txbuf[LOG_MAX];
static unsigned nr_tx;
static bool irqs[LOG_MAX];
static unsigned nr_irqs;
static bool echo; /* tx callback pushes the byte back into RX */

static void rec_tx(struct vuart *u, uint8_t c)
{
	assert_ptr_equal(u, &uart);
	assert_true(nr_tx < LOG_MAX);
	txbuf[nr_tx++] = (char)c;
	if (echo)
		assert_true(vuart_push_rx(u, c));
}

static void rec_irq(struct vuart *u, bool level)
{
	assert_ptr_equal(u, &uart);
	assert_true(nr_irqs < LOG_MAX);
	irqs[nr_irqs++] = level;
}

static uint8_t win_page[4096];
static bool win_open;
static unsigned nr_window_calls;

static void rec_window(struct vuart *u, bool readable)
{
	assert_ptr_equal(u, &uart);
	/* Only changes are reported. */
	assert_true(readable != win_open || nr_window_calls == 0);
	win_open = readable;
	nr_window_calls++;
}

static const struct vuart_ops ops = {
	.tx = rec_tx,
	.irq = rec_irq,
	.window = rec_window,
};

static int opaque_cookie;

static int setup(void **state)
{
	(void)state;
	nr_tx = nr_irqs = nr_window_calls = 0;
	win_open = false;
	echo = false;
	memset(txbuf, 0, sizeof(txbuf));
	vuart_init(&uart, &ops, &opaque_cookie);
	return 0;
}

static uint8_t rd(unsigned off)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(vuart_read(&uart, off, 1, &v), HYP_OK);
	assert_true(v <= 0xff);
	return (uint8_t)v;
}

static void wr(unsigned off, uint8_t v)
{
	assert_int_equal(vuart_write(&uart, off, 1, v), HYP_OK);
}

static void push(const char *s)
{
	while (*s)
		assert_true(vuart_push_rx(&uart, (uint8_t)*s++));
}

/* The last irq call was `level`, and there were n calls in all. */
static void assert_irqs(unsigned n, bool level)
{
	assert_int_equal(nr_irqs, n);
	if (n)
		assert_int_equal(irqs[n - 1], level);
}

static void test_reset_state(void **state)
{
	(void)state;
	assert_ptr_equal(uart.opaque, &opaque_cookie);
	assert_int_equal(rd(VUART_IER), 0);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_NONE);
	assert_int_equal(rd(VUART_LCR), 0);
	assert_int_equal(rd(VUART_MCR), 0);
	assert_int_equal(rd(VUART_LSR), VUART_LSR_THRE | VUART_LSR_TEMT);
	assert_int_equal(rd(VUART_MSR), 0xb0);
	assert_int_equal(rd(VUART_SCR), 0);
	assert_int_equal(rd(VUART_RBR), 0);
	assert_int_equal(vuart_rx_room(&uart), VUART_RX_FIFO_SIZE);
	assert_irqs(0, false);
}

static void test_thr_write_calls_tx(void **state)
{
	(void)state;
	wr(VUART_THR, 'h');
	wr(VUART_THR, 'i');
	wr(VUART_THR, 0);
	wr(VUART_THR, 0xff);
	assert_int_equal(nr_tx, 4);
	assert_memory_equal(txbuf, "hi\0\xff", 4);
	/* Output is immediate: THR and the shifter are empty again. */
	assert_int_equal(rd(VUART_LSR), VUART_LSR_THRE | VUART_LSR_TEMT);
	/* The high bits of a wider value are not part of the byte. */
	assert_int_equal(vuart_write(&uart, VUART_THR, 1, 0x141), HYP_OK);
	assert_int_equal(txbuf[4], 'A');
	assert_irqs(0, false);
}

static void test_lsr_dr_and_rx_fifo_order(void **state)
{
	(void)state;
	push("abc");
	assert_int_equal(rd(VUART_LSR), VUART_LSR_DR | VUART_LSR_THRE | VUART_LSR_TEMT);
	assert_int_equal(vuart_rx_room(&uart), VUART_RX_FIFO_SIZE - 3);
	assert_int_equal(rd(VUART_RBR), 'a');
	assert_int_equal(rd(VUART_RBR), 'b');
	assert_true(rd(VUART_LSR) & VUART_LSR_DR);
	assert_int_equal(rd(VUART_RBR), 'c');
	assert_int_equal(rd(VUART_LSR), VUART_LSR_THRE | VUART_LSR_TEMT);
	assert_int_equal(rd(VUART_RBR), 0);

	/* The ring wraps around in order. */
	for (unsigned round = 0; round < 3; round++) {
		for (unsigned i = 0; i < 200; i++)
			assert_true(vuart_push_rx(&uart, (uint8_t)(i + round)));
		for (unsigned i = 0; i < 200; i++)
			assert_int_equal(rd(VUART_RBR), (uint8_t)(i + round));
	}
	assert_false(rd(VUART_LSR) & VUART_LSR_DR);
	assert_int_equal(nr_tx, 0);
}

static void test_overflow_sets_oe_once(void **state)
{
	(void)state;
	for (unsigned i = 0; i < VUART_RX_FIFO_SIZE; i++)
		assert_true(vuart_push_rx(&uart, (uint8_t)i));
	assert_int_equal(vuart_rx_room(&uart), 0);
	assert_int_equal(rd(VUART_LSR), VUART_LSR_DR | VUART_LSR_THRE | VUART_LSR_TEMT);

	assert_false(vuart_push_rx(&uart, 'X'));
	assert_false(vuart_push_rx(&uart, 'Y'));
	assert_int_equal(rd(VUART_LSR),
			 VUART_LSR_DR | VUART_LSR_OE | VUART_LSR_THRE | VUART_LSR_TEMT);
	/* Reading LSR cleared it. */
	assert_int_equal(rd(VUART_LSR), VUART_LSR_DR | VUART_LSR_THRE | VUART_LSR_TEMT);

	/* The FIFO kept its first 256 bytes; the dropped ones are gone. */
	assert_int_equal(rd(VUART_RBR), 0);
	assert_true(vuart_push_rx(&uart, 'Z'));
	assert_false(rd(VUART_LSR) & VUART_LSR_OE);
	for (unsigned i = 1; i < VUART_RX_FIFO_SIZE; i++)
		assert_int_equal(rd(VUART_RBR), (uint8_t)i);
	assert_int_equal(rd(VUART_RBR), 'Z');
	assert_false(rd(VUART_LSR) & VUART_LSR_DR);
}

static void test_iir_priorities(void **state)
{
	(void)state;
	wr(VUART_IER, VUART_IER_ERBFI | VUART_IER_ETBEI | VUART_IER_ELSI);
	for (unsigned i = 0; i <= VUART_RX_FIFO_SIZE; i++)
		vuart_push_rx(&uart, 'r');

	/* Line status beats RX data beats THRE; reading IIR while it
	 * reports something else leaves the THRE interrupt pending. */
	assert_int_equal(rd(VUART_IIR), VUART_IIR_LSI);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_LSI);
	rd(VUART_LSR);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_RDI);
	for (unsigned i = 0; i < VUART_RX_FIFO_SIZE; i++)
		rd(VUART_RBR);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_THRI);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_NONE);

	/* Each source is masked by its own enable bit. */
	vuart_push_rx(&uart, 'r');
	wr(VUART_IER, VUART_IER_ETBEI | VUART_IER_ELSI);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_NONE);
	wr(VUART_IER, VUART_IER_ERBFI | VUART_IER_ETBEI);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_RDI);
	rd(VUART_RBR);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_NONE);
	/* The modem status enable never produces an interrupt. */
	wr(VUART_IER, VUART_IER_EDSSI);
	wr(VUART_MCR, VUART_MCR_LOOP | 0x0f);
	wr(VUART_MCR, 0);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_NONE);
}

static void test_thre_cleared_by_iir_rearmed_by_thr(void **state)
{
	(void)state;
	wr(VUART_IER, VUART_IER_ETBEI);
	assert_irqs(1, true);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_THRI);
	assert_irqs(2, false);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_NONE);

	/* Writing THR sends the byte; THR is empty again: THRE again. */
	wr(VUART_THR, 'x');
	assert_int_equal(nr_tx, 1);
	assert_irqs(3, true);
	/* More bytes while it is pending: the line stays up, no new call. */
	wr(VUART_THR, 'y');
	wr(VUART_THR, 'z');
	assert_irqs(3, true);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_THRI);
	assert_irqs(4, false);

	/* Clearing ETBEI withdraws a pending THRE interrupt. */
	wr(VUART_THR, 'w');
	assert_irqs(5, true);
	wr(VUART_IER, 0);
	assert_irqs(6, false);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_NONE);
	assert_memory_equal(txbuf, "xyzw", 4);
}

static void test_etbei_enable_raises_irq_immediately(void **state)
{
	(void)state;
	/* Linux's 8250 startup probe for UART_BUG_THRE, verbatim. */
	wr(VUART_IER, VUART_IER_ETBEI);
	assert_irqs(1, true);
	uint8_t iir1 = rd(VUART_IIR);
	wr(VUART_IER, 0);
	wr(VUART_IER, VUART_IER_ETBEI);
	uint8_t iir = rd(VUART_IIR);
	wr(VUART_IER, 0);
	assert_int_equal(iir1, VUART_IIR_THRI);
	assert_int_equal(iir, VUART_IIR_THRI);
	assert_irqs(4, false);
	assert_true(irqs[0] && !irqs[1] && irqs[2] && !irqs[3]);

	/* Rewriting IER with ETBEI already set does not re-raise it. */
	wr(VUART_IER, VUART_IER_ETBEI);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_THRI);
	wr(VUART_IER, VUART_IER_ETBEI | VUART_IER_ERBFI);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_NONE);
	assert_irqs(6, false);
}

static void test_dlab_switches_to_divisor_latch(void **state)
{
	(void)state;
	wr(VUART_IER, VUART_IER_ERBFI);
	push("q");
	assert_irqs(1, true);

	wr(VUART_LCR, VUART_LCR_DLAB | 0x03);
	wr(VUART_DLL, 0x12);
	wr(VUART_DLM, 0x34);
	assert_int_equal(rd(VUART_DLL), 0x12);
	assert_int_equal(rd(VUART_DLM), 0x34);
	assert_int_equal(rd(VUART_LCR), VUART_LCR_DLAB | 0x03);
	/* Nothing was sent, received or re-enabled. */
	assert_int_equal(nr_tx, 0);
	assert_true(rd(VUART_LSR) & VUART_LSR_DR);
	assert_irqs(1, true);

	wr(VUART_LCR, 0x03);
	assert_int_equal(rd(VUART_IER), VUART_IER_ERBFI);
	assert_int_equal(rd(VUART_RBR), 'q');
	assert_irqs(2, false);

	wr(VUART_LCR, VUART_LCR_DLAB);
	assert_int_equal(rd(VUART_DLL), 0x12);
	assert_int_equal(rd(VUART_DLM), 0x34);
}

static void test_loopback(void **state)
{
	(void)state;
	/* Linux's 8250 loopback check: RTS|OUT2 -> CTS|DCD. */
	wr(VUART_MCR, VUART_MCR_LOOP | VUART_MCR_RTS | VUART_MCR_OUT2);
	assert_int_equal(rd(VUART_MSR) & 0xf0, 0x90);
	wr(VUART_MCR, VUART_MCR_LOOP | VUART_MCR_DTR | VUART_MCR_OUT1);
	assert_int_equal(rd(VUART_MSR), VUART_MSR_DSR | VUART_MSR_RI);
	wr(VUART_MCR, VUART_MCR_LOOP);
	assert_int_equal(rd(VUART_MSR), 0);

	/* Sent bytes come back instead of going out. */
	wr(VUART_IER, VUART_IER_ERBFI);
	wr(VUART_THR, 'L');
	wr(VUART_THR, 'B');
	assert_int_equal(nr_tx, 0);
	assert_irqs(1, true);
	assert_true(rd(VUART_LSR) & VUART_LSR_DR);
	assert_int_equal(rd(VUART_RBR), 'L');
	assert_int_equal(rd(VUART_RBR), 'B');
	assert_irqs(2, false);

	wr(VUART_MCR, 0);
	assert_int_equal(rd(VUART_MSR), 0xb0);
	wr(VUART_THR, 'o');
	assert_int_equal(nr_tx, 1);
	assert_int_equal(txbuf[0], 'o');
	assert_false(rd(VUART_LSR) & VUART_LSR_DR);
}

static void test_scratch_lcr_mcr_readback(void **state)
{
	(void)state;
	wr(VUART_SCR, 0x5a);
	assert_int_equal(rd(VUART_SCR), 0x5a);
	wr(VUART_SCR, 0xa5);
	assert_int_equal(rd(VUART_SCR), 0xa5);
	wr(VUART_LCR, 0x1b);
	assert_int_equal(rd(VUART_LCR), 0x1b);
	wr(VUART_MCR, 0xff);
	assert_int_equal(rd(VUART_MCR), 0x1f);
	wr(VUART_MCR, 0x0b);
	assert_int_equal(rd(VUART_MCR), 0x0b);
	wr(VUART_IER, 0xff);
	assert_int_equal(rd(VUART_IER), 0x0f);
	/* LSR and MSR are read-only. */
	wr(VUART_LSR, 0);
	wr(VUART_MSR, 0);
	assert_int_equal(rd(VUART_LSR), VUART_LSR_THRE | VUART_LSR_TEMT);
	assert_int_equal(rd(VUART_MSR), 0xb0);
}

static void test_fcr(void **state)
{
	(void)state;
	wr(VUART_FCR, VUART_FCR_ENABLE);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_FIFO | VUART_IIR_NONE);

	push("abc");
	wr(VUART_FCR, VUART_FCR_ENABLE | VUART_FCR_CLEAR_RX | VUART_FCR_CLEAR_TX);
	assert_false(rd(VUART_LSR) & VUART_LSR_DR);
	assert_int_equal(vuart_rx_room(&uart), VUART_RX_FIFO_SIZE);

	/* Clearing only TX keeps RX. */
	push("d");
	wr(VUART_FCR, VUART_FCR_ENABLE | VUART_FCR_CLEAR_TX | 0xc0);
	assert_int_equal(rd(VUART_RBR), 'd');

	/* Interrupt ids carry the FIFO bits. */
	wr(VUART_IER, VUART_IER_ERBFI | VUART_IER_ETBEI);
	push("e");
	assert_int_equal(rd(VUART_IIR), VUART_IIR_FIFO | VUART_IIR_RDI);
	rd(VUART_RBR);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_FIFO | VUART_IIR_THRI);

	/* Turning the FIFOs off flushes them, and IIR drops the bits. */
	push("f");
	wr(VUART_FCR, 0);
	assert_false(rd(VUART_LSR) & VUART_LSR_DR);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_NONE);

	/* Without FIFOs, received bytes still queue (no 1-byte holding). */
	push("gh");
	assert_int_equal(rd(VUART_RBR), 'g');
	assert_int_equal(rd(VUART_RBR), 'h');
	/* Turning them on flushes too. */
	push("i");
	wr(VUART_FCR, VUART_FCR_ENABLE);
	assert_false(rd(VUART_LSR) & VUART_LSR_DR);
	assert_irqs(nr_irqs, false);
}

static void test_rx_data_interrupt(void **state)
{
	(void)state;
	push("a");
	assert_irqs(0, false);
	wr(VUART_IER, VUART_IER_ERBFI);
	assert_irqs(1, true);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_RDI);
	assert_irqs(1, true); /* reading IIR does not acknowledge RX data */
	rd(VUART_RBR);
	assert_irqs(2, false);
	push("b");
	assert_irqs(3, true);
	wr(VUART_IER, 0);
	assert_irqs(4, false);
}

static void test_line_status_interrupt(void **state)
{
	(void)state;
	wr(VUART_IER, VUART_IER_ELSI);
	for (unsigned i = 0; i < VUART_RX_FIFO_SIZE; i++)
		vuart_push_rx(&uart, 'x');
	assert_irqs(0, false);
	assert_false(vuart_push_rx(&uart, 'x'));
	assert_irqs(1, true);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_LSI);
	assert_true(rd(VUART_LSR) & VUART_LSR_OE);
	assert_irqs(2, false);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_NONE);
	/* Loopback overruns count too. */
	wr(VUART_MCR, VUART_MCR_LOOP);
	wr(VUART_THR, 'y');
	assert_irqs(3, true);
	assert_int_equal(nr_tx, 0);
}

static void test_irq_only_on_level_changes(void **state)
{
	(void)state;
	wr(VUART_IER, VUART_IER_ERBFI);
	assert_irqs(0, false);
	push("a");
	assert_irqs(1, true);
	push("bc");
	assert_irqs(1, true);
	/* Switching from RX data to THRE keeps the line up. */
	wr(VUART_IER, VUART_IER_ERBFI | VUART_IER_ETBEI);
	rd(VUART_RBR);
	rd(VUART_RBR);
	rd(VUART_RBR);
	assert_irqs(1, true);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_THRI);
	assert_irqs(2, false);
	/* Accesses that change nothing make no call. */
	rd(VUART_IIR);
	rd(VUART_LSR);
	rd(VUART_MSR);
	wr(VUART_SCR, 1);
	wr(VUART_LCR, 3);
	wr(VUART_IER, VUART_IER_ERBFI | VUART_IER_ETBEI);
	assert_irqs(2, false);
	for (unsigned i = 0; i < nr_irqs; i++)
		assert_int_equal(irqs[i], (i % 2) == 0);
}

static void test_bad_width_and_offsets(void **state)
{
	(void)state;
	uint64_t v = 0x77;
	static const unsigned widths[] = {0, 2, 4, 8};

	for (unsigned i = 0; i < ARRAY_SIZE(widths); i++) {
		assert_int_equal(vuart_read(&uart, VUART_LSR, widths[i], &v), HYP_EFAULT);
		assert_int_equal(vuart_write(&uart, VUART_THR, widths[i], 'x'), HYP_EFAULT);
		assert_int_equal(vuart_write(&uart, VUART_SCR, widths[i], 0x11), HYP_EFAULT);
	}
	assert_int_equal(v, 0x77);
	assert_int_equal(nr_tx, 0);
	assert_int_equal(rd(VUART_SCR), 0);
	assert_int_equal(vuart_read(&uart, VUART_SIZE, 1, &v), HYP_EFAULT);
	assert_int_equal(vuart_write(&uart, VUART_SIZE, 1, 0), HYP_EFAULT);
	assert_int_equal(vuart_read(&uart, ~0ULL, 1, &v), HYP_EFAULT);

	/* Offsets 8..0xff: nothing there. */
	for (unsigned off = 8; off < VUART_SIZE; off++) {
		wr(off, 0xff);
		assert_int_equal(rd(off), 0);
	}
	assert_int_equal(nr_tx, 0);
	assert_irqs(0, false);
}

static void test_tx_callback_may_reenter(void **state)
{
	(void)state;
	echo = true;
	wr(VUART_IER, VUART_IER_ERBFI);
	wr(VUART_THR, 'e');
	assert_int_equal(nr_tx, 1);
	assert_irqs(1, true);
	assert_int_equal(rd(VUART_RBR), 'e');
	assert_irqs(2, false);
}

static void test_vdev_adapter(void **state)
{
	(void)state;
	struct vdev d = {
		.name = "uart",
		.base = VUART_BASE,
		.size = VUART_SIZE,
		.ops = &vuart_vdev_ops,
		.priv = &uart,
	};
	uint64_t v = 0;

	assert_int_equal(d.ops->write(&d, NULL, VUART_THR, 1, 'k'), HYP_OK);
	assert_int_equal(nr_tx, 1);
	assert_int_equal(txbuf[0], 'k');
	push("m");
	assert_int_equal(d.ops->read(&d, NULL, VUART_LSR, 1, &v), HYP_OK);
	assert_int_equal(v, VUART_LSR_DR | VUART_LSR_THRE | VUART_LSR_TEMT);
	assert_int_equal(d.ops->read(&d, NULL, VUART_RBR, 1, &v), HYP_OK);
	assert_int_equal(v, 'm');
	assert_int_equal(d.ops->read(&d, NULL, VUART_LSR, 4, &v), HYP_EFAULT);
	assert_int_equal(d.ops->write(&d, NULL, VUART_THR, 2, 'k'), HYP_EFAULT);
	assert_int_equal(nr_tx, 1);
}

static void test_null_ops(void **state)
{
	(void)state;
	struct vuart u;
	uint64_t v;

	vuart_init(&u, NULL, NULL);
	assert_int_equal(vuart_write(&u, VUART_IER, 1, 0x0f), HYP_OK);
	assert_int_equal(vuart_write(&u, VUART_THR, 1, 'n'), HYP_OK);
	assert_true(vuart_push_rx(&u, 'p'));
	assert_int_equal(vuart_read(&u, VUART_IIR, 1, &v), HYP_OK);
	assert_int_equal(v, VUART_IIR_RDI);
	assert_true(u.out);
}

/* ---- the read-only window ---- */

static void attach_window(void)
{
	memset(win_page, 0xa5, sizeof(win_page));
	vuart_set_window(&uart, win_page);
}

/*
 * While open, the page reads as the registers do, and reading every
 * register through the model changes nothing (so a load that skips the
 * model loses nothing).
 */
static void assert_window_matches(void)
{
	unsigned irqs_before = nr_irqs, calls_before = nr_window_calls;

	assert_true(win_open);
	for (unsigned off = 0; off < 8; off++)
		assert_int_equal(win_page[off], rd(off));
	for (unsigned off = 8; off < sizeof(win_page); off++)
		assert_int_equal(win_page[off], 0);
	assert_int_equal(nr_irqs, irqs_before);
	assert_int_equal(nr_window_calls, calls_before);
	assert_true(win_open);
}

static void test_window_mirrors_registers(void **state)
{
	(void)state;
	attach_window();
	assert_int_equal(nr_window_calls, 1);
	assert_window_matches();
	wr(VUART_IER, VUART_IER_ERBFI | VUART_IER_ELSI);
	wr(VUART_FCR, VUART_FCR_ENABLE);
	wr(VUART_MCR, VUART_MCR_DTR | VUART_MCR_OUT2);
	wr(VUART_SCR, 0x5a);
	assert_window_matches();
	wr(VUART_LCR, VUART_LCR_DLAB | 3);
	wr(VUART_DLL, 0x12);
	wr(VUART_DLM, 0x34);
	assert_window_matches();
	wr(VUART_LCR, 3);
	wr(VUART_MCR, VUART_MCR_LOOP | VUART_MCR_RTS | VUART_MCR_OUT1);
	assert_window_matches();
	wr(VUART_MCR, 0);
	wr(VUART_THR, 'x'); /* THR writes keep it open when ETBEI is off */
	assert_int_equal(nr_tx, 1);
	assert_window_matches();
}

static void test_window_closes_while_a_load_has_effects(void **state)
{
	(void)state;
	attach_window();
	/* A received byte: RBR pops it, LSR shows DR. */
	push("ab");
	assert_false(win_open);
	assert_int_equal(rd(VUART_RBR), 'a');
	assert_false(win_open);
	assert_int_equal(rd(VUART_RBR), 'b');
	assert_window_matches();
	/* The THRE interrupt: an IIR read clears it. */
	wr(VUART_IER, VUART_IER_ETBEI);
	assert_false(win_open);
	assert_int_equal(rd(VUART_IIR), VUART_IIR_THRI);
	assert_window_matches();
	wr(VUART_THR, 'y');
	assert_false(win_open);
	wr(VUART_IER, 0);
	assert_window_matches();
	/* An overrun: LSR reports OE once. */
	for (unsigned i = 0; i <= VUART_RX_FIFO_SIZE; i++)
		vuart_push_rx(&uart, 'z');
	wr(VUART_FCR, VUART_FCR_ENABLE | VUART_FCR_CLEAR_RX);
	assert_false(win_open);
	assert_true(rd(VUART_LSR) & VUART_LSR_OE);
	assert_window_matches();
}

static void test_no_window_no_window_calls(void **state)
{
	(void)state;
	push("q");
	assert_int_equal(rd(VUART_RBR), 'q');
	assert_int_equal(nr_window_calls, 0);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_reset_state),
		T(test_thr_write_calls_tx),
		T(test_lsr_dr_and_rx_fifo_order),
		T(test_overflow_sets_oe_once),
		T(test_iir_priorities),
		T(test_thre_cleared_by_iir_rearmed_by_thr),
		T(test_etbei_enable_raises_irq_immediately),
		T(test_dlab_switches_to_divisor_latch),
		T(test_loopback),
		T(test_scratch_lcr_mcr_readback),
		T(test_fcr),
		T(test_rx_data_interrupt),
		T(test_line_status_interrupt),
		T(test_irq_only_on_level_changes),
		T(test_bad_width_and_offsets),
		T(test_tx_callback_may_reenter),
		T(test_vdev_adapter),
		T(test_null_ops),
		T(test_window_mirrors_registers),
		T(test_window_closes_while_a_load_has_effects),
		T(test_no_window_no_window_calls),
	};

	return cmocka_run_group_tests_name("vuart", tests, NULL, NULL);
}
