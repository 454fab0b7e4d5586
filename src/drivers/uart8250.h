/* SPDX-License-Identifier: MIT */
#ifndef HYP_UART8250_H
#define HYP_UART8250_H

#include <stdint.h>

struct uart8250 {
	volatile uint8_t *base;
	unsigned reg_shift;
};

void uart8250_init(struct uart8250 *u, uintptr_t base, unsigned reg_shift);
void uart8250_enable_rx_irq(struct uart8250 *u);
void uart8250_putc(struct uart8250 *u, char c);
/* Returns the received byte, or -1 when none is waiting. */
int uart8250_getc(struct uart8250 *u);

#endif
