// SPDX-License-Identifier: MIT
/*
 * uart: the ns16550a at 0x10000000 and the PLIC at 0x0c000000 driven
 * directly, as a bare-metal program for QEMU virt would: output through
 * THR, then a typed line received with RX interrupts (IER.ERBFI, PLIC
 * source 10 on this hart's S context, claim/complete) and echoed back.
 */
#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "csr.h"
#include "trap.h"

#define UART 0x10000000UL
#define UART_IRQ 10
#define RBR 0
#define THR 0
#define IER 1
#define IIR 2
#define LSR 5
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define PLIC 0x0c000000UL
#define PLIC_PRIORITY(src) (PLIC + 4 * (src))
#define PLIC_ENABLE(ctx) (PLIC + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) (PLIC + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (PLIC + 0x200004 + 0x1000 * (ctx))
#define LINE_MAX 64

static unsigned long s_context;
static char line[LINE_MAX];
static volatile unsigned line_len;
static volatile bool line_done;
static volatile unsigned irqs;

static volatile uint8_t *reg8(unsigned long a)
{
	return (volatile uint8_t *)a;
}

static volatile uint32_t *reg32(unsigned long a)
{
	return (volatile uint32_t *)a;
}

static void uart_putc(char c)
{
	while (!(*reg8(UART + LSR) & LSR_THRE))
		;
	*reg8(UART + THR) = (uint8_t)c;
}

static void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

static void receive(char c)
{
	if (c == '\r' || c == '\n') {
		line_done = true;
		return;
	}
	if (line_len < LINE_MAX - 1)
		line[line_len++] = c;
	/* Echo in upper case, so the echo is told apart from the input. */
	uart_putc(c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
}

static void external_irq(struct trap_frame *f)
{
	unsigned src = *reg32(PLIC_CLAIM(s_context));

	(void)f;
	irqs++;
	if (src == UART_IRQ)
		while (*reg8(UART + LSR) & LSR_DR)
			receive((char)*reg8(UART + RBR));
	*reg32(PLIC_CLAIM(s_context)) = src;
}

static void enable_rx_interrupt(void)
{
	*reg32(PLIC_PRIORITY(UART_IRQ)) = 1;
	*reg32(PLIC_ENABLE(s_context)) = 1U << UART_IRQ;
	*reg32(PLIC_THRESHOLD(s_context)) = 0;
	*reg8(UART + IER) = 0x01; /* ERBFI */
	trap_on_interrupt(IRQ_S_EXT, external_irq);
	csr_set(CSR_SIE, SIE_SEIE);
}

int main(unsigned long hartid, void *dtb)
{
	(void)dtb;
	/* QEMU virt: context 2h is hart h's M-mode, 2h + 1 its S-mode. */
	s_context = 2 * hartid + 1;
	uart_puts("uart: hello through the UART\n");
	printf("uart: IIR 0x%x LSR 0x%x\n", *reg8(UART + IIR) & 0x0f, *reg8(UART + LSR));
	enable_rx_interrupt();
	uart_puts("uart: type a line: ");
	while (!line_done) {
		local_irq_enable();
		__asm__ volatile("wfi");
		local_irq_disable();
	}
	line[line_len] = '\0';
	*reg8(UART + IER) = 0;
	printf("\nuart: got '%s' through %u interrupt(s)\n", line, irqs);
	return 0;
}
