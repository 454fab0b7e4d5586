// SPDX-License-Identifier: MIT
#include "sbi_ecall.h"
#include "csr.h"

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){(long)r0, (long)r1};
}

void sbi_legacy_putchar(int c)
{
	sbi_ecall(SBI_EXT_0_1_CONSOLE_PUTCHAR, 0, (unsigned long)c, 0, 0, 0);
}

void sbi_set_timer(unsigned long stime)
{
	sbi_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, stime, 0, 0, 0);
}

void sbi_send_ipi_hart(unsigned long hartid)
{
	/* hart_mask = 1, hart_mask_base = hartid (SBI spec 3.1). */
	sbi_ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1, hartid, 0, 0);
}

long sbi_hart_start(unsigned long hartid, unsigned long addr, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, addr, opaque, 0).error;
}

long sbi_base_value(unsigned long fid)
{
	return sbi_ecall(SBI_EXT_BASE, fid, 0, 0, 0, 0).value;
}

void sbi_system_reset(unsigned long type, unsigned long reason)
{
	sbi_ecall(SBI_EXT_SRST, SBI_SRST_RESET, type, reason, 0, 0);
	/* Firmware without SRST: the legacy shutdown call. */
	sbi_ecall(SBI_EXT_0_1_SHUTDOWN, 0, 0, 0, 0, 0);
	for (;;)
		wfi();
}
