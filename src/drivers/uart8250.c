// SPDX-License-Identifier: MIT
/* Polled ns16550a driver for the hypervisor's own console. */
#include "uart8250.h"

#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LSR 5
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
