// SPDX-License-Identifier: MIT
/*
 * The virtual ns16550a (src/vdev/vuart.c) under random sequences of guest
 * reads and writes at any offset and width and of received bytes, checked
 * against a reference model of what vuart.h specifies: every register read
 * back, the RX FIFO's order and overrun, the bytes handed to ops->tx (in
 * order, one per THR write outside loopback and DLAB) and the interrupt
 * level ops->irq last reported. The callbacks call back into the model, as
 * the glue may: irq asks vuart_rx_room (no lock may be held), and in echo
 * mode tx pushes the byte it got back into the RX FIFO.
 */
#include "fuzz.h"

#include "lib.h"
#include "vuart.h"

#define MAX_OPS 512
#define FIFO VUART_RX_FIFO_SIZE

static struct {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	bool overrun, thr_pending;
	uint8_t fifo[FIFO];
	unsigned head, count;
} ref;

static struct vuart uart;
static bool level, echo, tx_expected;
static uint8_t tx_byte;

static bool ref_push(uint8_t c)
{
	if (ref.count == FIFO) {
		ref.overrun = true;
		return false;
	}
	ref.fifo[(ref.head + ref.count++) % FIFO] = c;
	return true;
}

static uint8_t ref_pop(void)
{
	uint8_t c;

	if (!ref.count)
		return 0;
	c = ref.fifo[ref.head];
	ref.head = (ref.head + 1) % FIFO;
	ref.count--;
	return c;
}

static uint8_t ref_iir(void)
{
	if ((ref.ier & VUART_IER_ELSI) && ref.overrun)
		return VUART_IIR_LSI;
	if ((ref.ier & VUART_IER_ERBFI) && ref.count)
		return VUART_IIR_RDI;
	if ((ref.ier & VUART_IER_ETBEI) && ref.thr_pending)
		return VUART_IIR_THRI;
	return VUART_IIR_NONE;
}

static void on_tx(struct vuart *u, uint8_t c)
{
	FUZZ_CHECK(u == &uart && tx_expected && c == tx_byte);
	tx_expected = false;
	if (echo) {
		bool want = ref_push(c); /* first: on_irq compares with ref */

		FUZZ_CHECK(vuart_push_rx(u, c) == want);
	}
}

static void on_irq(struct vuart *u, bool l)
{
	FUZZ_CHECK(u == &uart);
	level = l;
	FUZZ_CHECK(vuart_rx_room(u) == FIFO - ref.count);
}

static uint8_t win_page[4096];
static bool win_open, windows_on;

/* cppcheck-suppress constParameter ; the signature is struct vuart_ops.window's */
static void on_window(struct vuart *u, bool readable)
{
	FUZZ_CHECK(u == &uart && windows_on && readable != win_open);
	win_open = readable;
}

static const struct vuart_ops ops = {.tx = on_tx, .irq = on_irq, .window = on_window};

static uint8_t ref_msr(void)
{
	uint8_t m = ref.mcr;

	if (!(m & VUART_MCR_LOOP))
		return VUART_MSR_DCD | VUART_MSR_DSR | VUART_MSR_CTS;
	return (uint8_t)((m & VUART_MCR_DTR ? VUART_MSR_DSR : 0) |
			 (m & VUART_MCR_RTS ? VUART_MSR_CTS : 0) |
			 (m & VUART_MCR_OUT1 ? VUART_MSR_RI : 0) |
			 (m & VUART_MCR_OUT2 ? VUART_MSR_DCD : 0));
}

static uint8_t ref_read(uint64_t off)
{
	bool dlab = ref.lcr & VUART_LCR_DLAB;
	uint8_t v;

	switch (off) {
	case VUART_RBR:
		return dlab ? ref.dll : ref_pop();
	case VUART_IER:
		return dlab ? ref.dlm : ref.ier;
	case VUART_IIR:
		v = ref_iir();
		if (v == VUART_IIR_THRI)
			ref.thr_pending = false;
		return v | (ref.fcr & VUART_FCR_ENABLE ? VUART_IIR_FIFO : 0);
	case VUART_LCR:
		return ref.lcr;
	case VUART_MCR:
		return ref.mcr;
	case VUART_LSR:
		v = VUART_LSR_THRE | VUART_LSR_TEMT | (ref.count ? VUART_LSR_DR : 0) |
		    (ref.overrun ? VUART_LSR_OE : 0);
		ref.overrun = false;
		return v;
	case VUART_MSR:
		return ref_msr();
	case VUART_SCR:
		return ref.scr;
	default:
		return 0;
	}
}

static void ref_write_ier(uint8_t v)
{
	if ((v & VUART_IER_ETBEI) && !(ref.ier & VUART_IER_ETBEI))
		ref.thr_pending = true;
	else if (!(v & VUART_IER_ETBEI))
		ref.thr_pending = false;
	ref.ier = v & 0x0f;
}

static void ref_write(uint64_t off, uint8_t v)
{
	bool dlab = ref.lcr & VUART_LCR_DLAB;

	switch (off) {
	case VUART_THR:
		if (dlab) {
			ref.dll = v;
		} else {
			if (ref.mcr & VUART_MCR_LOOP) {
				ref_push(v);
			} else {
				tx_expected = true;
				tx_byte = v;
			}
			ref.thr_pending = true;
		}
		break;
	case VUART_IER:
		if (dlab)
			ref.dlm = v;
		else
			ref_write_ier(v);
		break;
	case VUART_FCR:
		if ((v ^ ref.fcr) & VUART_FCR_ENABLE)
			v |= VUART_FCR_CLEAR_RX;
		if (v & VUART_FCR_CLEAR_RX)
			ref.head = ref.count = 0;
		ref.fcr = v & 0xc9;
		break;
	case VUART_LCR:
		ref.lcr = v;
		break;
	case VUART_MCR:
		ref.mcr = v & 0x1f;
		break;
	case VUART_SCR:
		ref.scr = v;
		break;
	default:
		break;
	}
}

static uint64_t offset(struct fuzz_in *in)
{
	uint8_t k = fz_u8(in);

	if (k < 224)
		return k % 8;
	return k < 240 ? fz_u8(in) : fz_u64(in);
}

static unsigned width(struct fuzz_in *in)
{
	static const unsigned w[] = {1, 1, 1, 1, 1, 1, 2, 4, 8, 0};

	return w[fz_u8(in) % ARRAY_SIZE(w)];
}

static void op_access(struct fuzz_in *in, bool write)
{
	uint64_t off = offset(in), val = 0xdeadbeef;
	unsigned w = width(in);
	uint8_t v = fz_u8(in), want = 0;
	bool ok = w == 1 && off < VUART_SIZE;
	int r;

	if (ok && write)
		ref_write(off, v);
	else if (ok)
		want = ref_read(off);
	r = write ? vuart_write(&uart, off, w, v) : vuart_read(&uart, off, w, &val);
	FUZZ_CHECK(r == (ok ? HYP_OK : HYP_EFAULT));
	if (ok && !write)
		FUZZ_CHECK(val == want);
	FUZZ_CHECK(!tx_expected);
}

/*
 * The window is open exactly while a load has no side effect in the
 * reference, and then holds what the reference reads.
 */
static void check_window(void)
{
	bool pure = !ref.count && !ref.overrun && ref_iir() != VUART_IIR_THRI;

	if (!windows_on)
		return;
	FUZZ_CHECK(win_open == pure);
	if (!pure)
		return;
	for (unsigned off = 0; off < sizeof(win_page); off++)
		FUZZ_CHECK(win_page[off] == (off < 8 ? ref_read(off) : 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	uint8_t c;
	bool pushed;

	memset(&ref, 0, sizeof(ref));
	level = tx_expected = false;
	c = fz_u8(&in);
	echo = c & 1;
	windows_on = c & 2;
	win_open = false;
	vuart_init(&uart, &ops, NULL);
	if (windows_on)
		vuart_set_window(&uart, win_page);

	for (unsigned n = 0; n < MAX_OPS && !fz_empty(&in); n++) {
		switch (fz_u8(&in) % 3) {
		case 0:
			op_access(&in, false);
			break;
		case 1:
			op_access(&in, true);
			break;
		default:
			c = fz_u8(&in);
			pushed = ref_push(c);
			FUZZ_CHECK(vuart_push_rx(&uart, c) == pushed);
			break;
		}
		FUZZ_CHECK(level == (ref_iir() != VUART_IIR_NONE));
		FUZZ_CHECK(vuart_rx_room(&uart) == FIFO - ref.count);
		check_window();
	}
	return 0;
}
