// SPDX-License-Identifier: MIT
#include "console.h"
#include "../arch/riscv/sbi_ecall.h"
#include "../drivers/uart8250.h"
#include "lib.h"
#include "platform.h"
#include "spinlock.h"
#include "stats.h"
#include "vm.h"
#include "vm_devices.h"

static struct uart8250 uart;
static bool have_uart;
static bool prefixing;
/*
 * A VM the UART is passed through to (docs/design.md, "Consoles"): the
 * hypervisor then only writes to it, never reads it or sets IER, and never
 * waits for it longer than UART_SHARED_WAIT_HZ allows.
 */
static const struct vm *uart_owner;
#define UART_SHARED_WAIT_HZ 50 /* 20 ms: a 16-byte FIFO at 9600 baud drains in 17 */
static bool uart_stuck;	       /* the last byte timed out: do not wait again */
static spinlock_t console_lock = SPINLOCK_INIT;
/* Who wrote last, and whether their line is still open. */
static const struct vm *last_writer;
static bool line_open;
/* The VM whose output goes straight out and who gets the input. */
static const struct vm *focus = &vms[0];

/* Output of VMs out of focus is kept a line at a time, so lines never mix. */
#define LINE_MAX 128
static struct {
	char buf[LINE_MAX];
	size_t len;
} pending[MAX_VMS];

void console_init_uart(uint64_t base, unsigned reg_shift)
{
	uart8250_init(&uart, (uintptr_t)base, reg_shift);
	have_uart = true;
}

void console_set_prefixing(int on)
{
	prefixing = on;
}

/*
 * With a guest driving the UART too, a byte that cannot go out (DLAB or
 * loopback set, THRE not seen in time) is dropped; after one timeout the
 * next bytes do not wait until one gets through again.
 */
static void shared_putc(char c)
{
	uint64_t wait = uart_stuck ? 0 : platform.timebase / UART_SHARED_WAIT_HZ;

	if (!uart8250_tx_diverted(&uart))
		uart_stuck = !uart8250_putc_bounded(&uart, c, wait);
}

static void raw_putc(char c)
{
	if (!have_uart)
		sbi_legacy_putchar(c);
	else if (uart_owner)
		shared_putc(c);
	else
		uart8250_putc(&uart, c);
}

static void raw_puts(const char *s)
{
	while (*s)
		raw_putc(*s++);
}

/* Ends someone else's unfinished line so outputs never share one. */
static void switch_writer(const struct vm *who)
{
	if (who != last_writer && line_open) {
		raw_putc('\n');
		line_open = false;
	}
	last_writer = who;
}

static void emit(const struct vm *who, char c)
{
	if (!line_open && who && prefixing) {
		raw_putc('[');
		raw_puts(vm_name(who));
		raw_puts("] ");
	}
	raw_putc(c);
	line_open = c != '\n';
}

static void emit_all(const struct vm *who, const char *buf, size_t n)
{
	switch_writer(who);
	for (size_t i = 0; i < n; i++)
		emit(who, buf[i]);
}

static void flush_pending(const struct vm *vm)
{
	emit_all(vm, pending[vm->id].buf, pending[vm->id].len);
	pending[vm->id].len = 0;
}

static void buffer_char(const struct vm *vm, char c)
{
	pending[vm->id].buf[pending[vm->id].len++] = c;
	if (c == '\n' || pending[vm->id].len == LINE_MAX)
		flush_pending(vm);
}

void console_vm_write(struct vm *vm, const char *buf, size_t n)
{
	spin_lock(&console_lock);
	if (vm == focus || !prefixing) {
		emit_all(vm, buf, n);
	} else {
		for (size_t i = 0; i < n; i++)
			buffer_char(vm, buf[i]);
	}
	spin_unlock(&console_lock);
}

void console_vm_flush(struct vm *vm)
{
	spin_lock(&console_lock);
	if (pending[vm->id].len) {
		flush_pending(vm);
		if (line_open) {
			raw_putc('\n');
			line_open = false;
		}
	}
	spin_unlock(&console_lock);
}

void hyp_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = (size_t)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n = MIN(n, sizeof(buf) - 1);
	spin_lock(&console_lock);
	switch_writer(NULL);
	/* cppcheck-suppress knownConditionTrueFalse ; 2.10 misreads MIN() of an unknown */
	for (size_t i = 0; i < n; i++)
		emit(NULL, buf[i]);
	spin_unlock(&console_lock);
}

/* Bytes typed for a VM that reads its console through the SBI. */
#define SBI_RX_SIZE 64
static struct {
	uint8_t buf[SBI_RX_SIZE];
	unsigned head, count;
} sbi_rx[MAX_VMS];

void console_sbi_input(struct vm *vm, uint8_t c)
{
	spin_lock(&console_lock);
	if (sbi_rx[vm->id].count < SBI_RX_SIZE) {
		sbi_rx[vm->id].buf[(sbi_rx[vm->id].head + sbi_rx[vm->id].count) % SBI_RX_SIZE] = c;
		sbi_rx[vm->id].count++;
	}
	spin_unlock(&console_lock);
}

int console_vm_getc(struct vm *vm)
{
	int c = -1;

	spin_lock(&console_lock);
	if (sbi_rx[vm->id].count) {
		c = sbi_rx[vm->id].buf[sbi_rx[vm->id].head];
		sbi_rx[vm->id].head = (sbi_rx[vm->id].head + 1) % SBI_RX_SIZE;
		sbi_rx[vm->id].count--;
	}
	spin_unlock(&console_lock);
	return c;
}

static void set_focus(struct vm *vm)
{
	hyp_printf("hypocaust: console input goes to VM %u \"%s\" (Ctrl-A then 0-%u switches)\n",
		   vm->id, vm_name(vm), nr_vms - 1);
	spin_lock(&console_lock);
	focus = vm;
	/* Its unfinished line (a prompt) goes out now: from here on it prints directly. */
	if (pending[vm->id].len)
		flush_pending(vm);
	spin_unlock(&console_lock);
}

/* Ctrl-A then a VM number moves the focus, Ctrl-A s prints exit
 * statistics, Ctrl-A Ctrl-A types a Ctrl-A. */
#define ESCAPE_KEY 0x01

static void console_input(uint8_t c)
{
	static bool escaped;

	if (escaped) {
		escaped = false;
		if (c >= '0' && c < '0' + nr_vms) {
			set_focus(&vms[c - '0']);
			return;
		}
		if (c == 's') {
			stats_print_all();
			return;
		}
		if (c != ESCAPE_KEY)
			return;
	} else if (c == ESCAPE_KEY) {
		escaped = true;
		return;
	}
	vm_devices_input((struct vm *)focus, c);
}

void console_rx_interrupt(void)
{
	int c;

	if (!have_uart || uart_owner)
		return;
	for (;;) {
		spin_lock(&console_lock);
		c = uart8250_getc(&uart);
		spin_unlock(&console_lock);
		if (c < 0)
			return;
		console_input((uint8_t)c);
	}
}

void console_enable_rx_interrupt(void)
{
	if (have_uart && !uart_owner)
		uart8250_enable_rx_irq(&uart);
}

void console_give_uart(const struct vm *vm)
{
	if (!have_uart)
		return;
	hyp_printf("hypocaust: VM %u \"%s\" owns the console UART (passed through): its input "
		   "and interrupt go to it, the hypervisor only writes; Ctrl-A is off\n",
		   vm->id, vm_name(vm));
	spin_lock(&console_lock);
	uart_owner = vm;
	/* Its output no longer comes here: the others' lines go out whole. */
	focus = vm;
	spin_unlock(&console_lock);
}
