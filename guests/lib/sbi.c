// SPDX-License-Identifier: MIT
/*
 * SBI call wrappers, see sbi.h.
 */
#include "sbi.h"

struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
		       unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r_a0 __asm__("a0") = a0;
	register unsigned long r_a1 __asm__("a1") = a1;
	register unsigned long r_a2 __asm__("a2") = a2;
	register unsigned long r_a3 __asm__("a3") = a3;
	register unsigned long r_a4 __asm__("a4") = a4;
	register unsigned long r_a5 __asm__("a5") = a5;
	register unsigned long r_a6 __asm__("a6") = fid;
	register unsigned long r_a7 __asm__("a7") = ext;
	struct sbiret ret;

	__asm__ __volatile__("ecall"
			     : "+r"(r_a0), "+r"(r_a1)
			     : "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a6), "r"(r_a7)
			     : "memory");
	ret.error = (long)r_a0;
	ret.value = (long)r_a1;
	return ret;
}

static long sbi_legacy_call(unsigned long ext, unsigned long arg)
{
	return sbi_call(ext, 0, arg, 0, 0, 0, 0, 0).error;
}

long sbi_legacy_putchar(int ch)
{
	return sbi_legacy_call(SBI_EXT_LEGACY_PUTCHAR, (unsigned char)ch);
}

long sbi_legacy_getchar(void)
{
	return sbi_legacy_call(SBI_EXT_LEGACY_GETCHAR, 0);
}

long sbi_legacy_set_timer(unsigned long stime_value)
{
	return sbi_legacy_call(SBI_EXT_LEGACY_SET_TIMER, stime_value);
}

void sbi_legacy_shutdown(void)
{
	sbi_legacy_call(SBI_EXT_LEGACY_SHUTDOWN, 0);
	for (;;)
		__asm__ __volatile__("wfi");
}

static struct sbiret sbi_base_call(unsigned long fid, unsigned long arg)
{
	return sbi_call(SBI_EXT_BASE, fid, arg, 0, 0, 0, 0, 0);
}

struct sbiret sbi_get_spec_version(void)
{
	return sbi_base_call(SBI_BASE_GET_SPEC_VERSION, 0);
}

struct sbiret sbi_get_impl_id(void)
{
	return sbi_base_call(SBI_BASE_GET_IMPL_ID, 0);
}

struct sbiret sbi_probe_extension(long ext)
{
	return sbi_base_call(SBI_BASE_PROBE_EXT, (unsigned long)ext);
}

struct sbiret sbi_set_timer(unsigned long stime_value)
{
	return sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, stime_value, 0, 0, 0, 0, 0);
}

struct sbiret sbi_system_reset(unsigned long type, unsigned long reason)
{
	return sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, type, reason, 0, 0, 0, 0);
}

struct sbiret sbi_dbcn_write(unsigned long num_bytes, unsigned long base_addr_lo,
			     unsigned long base_addr_hi)
{
	return sbi_call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, num_bytes, base_addr_lo, base_addr_hi,
			0, 0, 0);
}

struct sbiret sbi_dbcn_write_byte(unsigned char byte)
{
	return sbi_call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, byte, 0, 0, 0, 0, 0);
}

void sbi_shutdown(int failure)
{
	unsigned long reason = failure ? SBI_SRST_REASON_SYSTEM_FAILURE : SBI_SRST_REASON_NONE;

	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, reason);
	/* SRST missing or refused: fall back to the legacy call. */
	sbi_legacy_shutdown();
}
