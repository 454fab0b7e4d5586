/* SPDX-License-Identifier: MIT */
/* Calls from the hypervisor down to the firmware (OpenSBI in M-mode). */
#ifndef HYP_SBI_ECALL_H
#define HYP_SBI_ECALL_H

#include "sbi_defs.h"

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3);

void sbi_legacy_putchar(int c);
void sbi_set_timer(unsigned long stime);
void sbi_send_ipi_hart(unsigned long hartid);
long sbi_hart_start(unsigned long hartid, unsigned long addr, unsigned long opaque);
void sbi_system_reset(unsigned long type, unsigned long reason) __attribute__((noreturn));
long sbi_base_value(unsigned long fid);

#endif
