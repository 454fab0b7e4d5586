// SPDX-License-Identifier: MIT
/* Polled ns16550a driver for the hypervisor's own console. */
#include "uart8250.h"
#include "../arch/riscv/csr.h"

#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LCR_DLAB 0x80 /* offsets 0 and 1 are the divisor latch while set */
#define MCR_LOOP 0x10 /* the transmitter feeds the receiver, not the line */
#define LSR_DR 0x01
#define LSR_THRE 0x20

static inline uint8_t rd(struct uart8250 *u, unsigned reg)
{
	return u->base[reg << u->reg_shift];
}

static inline void wr(struct uart8250 *u, unsigned reg, uint8_t v)
{
	u->base[reg << u->reg_shift] = v;
}

void uart8250_init(struct uart8250 *u, uintptr_t base, unsigned reg_shift)
{
	u->base = (volatile uint8_t *)base;
	u->reg_shift = reg_shift;
	/* Firmware has set the line up; the hypervisor polls, so no interrupts. */
	wr(u, UART_IER, 0);
}

void uart8250_putc(struct uart8250 *u, char c)
{
	while (!(rd(u, UART_LSR) & LSR_THRE))
		;
	wr(u, UART_THR, (uint8_t)c);
}

/* LCR and MCR read the same whatever DLAB is (the 16550 register map). */
bool uart8250_tx_diverted(struct uart8250 *u)
{
	return (rd(u, UART_LCR) & LCR_DLAB) || (rd(u, UART_MCR) & MCR_LOOP);
}

/* Reading LSR clears its error bits, which a guest polling it may then miss. */
bool uart8250_putc_bounded(struct uart8250 *u, char c, uint64_t wait_ticks)
{
	uint64_t start = csr_read(CSR_TIME);

	while (!(rd(u, UART_LSR) & LSR_THRE))
		if (csr_read(CSR_TIME) - start >= wait_ticks)
			return false;
	wr(u, UART_THR, (uint8_t)c);
	return true;
}

void uart8250_enable_rx_irq(struct uart8250 *u)
{
	/* IER.ERBFI (bit 0): interrupt while received data is available. */
	wr(u, UART_IER, 0x01);
}

int uart8250_getc(struct uart8250 *u)
{
	if (!(rd(u, UART_LSR) & LSR_DR))
		return -1;
	return rd(u, UART_RBR);
}
