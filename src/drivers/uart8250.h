/* SPDX-License-Identifier: MIT */
#ifndef HYP_UART8250_H
#define HYP_UART8250_H

#include <stdbool.h>
#include <stdint.h>

struct uart8250 {
	volatile uint8_t *base;
	unsigned reg_shift;
};

void uart8250_init(struct uart8250 *u, uintptr_t base, unsigned reg_shift);
void uart8250_enable_rx_irq(struct uart8250 *u);
void uart8250_putc(struct uart8250 *u, char c);
/*
 * For a UART a guest drives at the same time. True while a THR write
 * would not reach the line: the divisor latch is open (the write would
 * change the baud rate) or loopback is on (it would reach the guest).
 */
bool uart8250_tx_diverted(struct uart8250 *u);
/* Sends c, or returns false when THRE did not show within wait_ticks of `time`. */
bool uart8250_putc_bounded(struct uart8250 *u, char c, uint64_t wait_ticks);
/* Returns the received byte, or -1 when none is waiting. */
int uart8250_getc(struct uart8250 *u);

#endif
