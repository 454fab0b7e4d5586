/* SPDX-License-Identifier: MIT */
/*
 * The one physical console, shared by the hypervisor and every VM. With
 * more than one VM each line of guest output starts with "[name] "; the
 * VM in focus prints as it writes, the others a whole line at a time.
 */
#ifndef HYP_CONSOLE_H
#define HYP_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

struct vm;

void console_init_uart(uint64_t base, unsigned reg_shift);
void console_set_prefixing(int on);
void hyp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_vm_write(struct vm *vm, const char *buf, size_t n);
/* Prints what is left of the VM's unfinished line (at VM stop). */
void console_vm_flush(struct vm *vm);
/* A byte typed for this VM (SBI getchar, DBCN read), or -1. */
int console_vm_getc(struct vm *vm);
/* Queues a typed byte for the VM's SBI console. */
void console_sbi_input(struct vm *vm, uint8_t c);
/* The host UART has input: routes it to the VM in focus (Ctrl-A N switches). */
void console_rx_interrupt(void);
void console_enable_rx_interrupt(void);
/*
 * The UART is passed through to vm: from here on the hypervisor only
 * writes to it (bounded, see console.c) and takes no input.
 */
void console_give_uart(const struct vm *vm);

#endif
