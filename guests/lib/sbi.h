/* SPDX-License-Identifier: MIT */
/*
 * RISC-V Supervisor Binary Interface calls (SBI specification v1.0/v2.0).
 *
 * Calling convention (SBI spec chapter 3): a7 = extension id (EID),
 * a6 = function id (FID), a0..a5 = arguments; the SBI implementation
 * returns an error code in a0 and a value in a1. Legacy v0.1 extensions
 * (EID 0x00..0x0F) ignore a6 and return a single value in a0, which
 * sbi_call() reports in .error.
 */
#ifndef GUEST_SBI_H
#define GUEST_SBI_H

/* Standard SBI error codes (SBI spec table 1). */
#define SBI_SUCCESS 0
#define SBI_ERR_FAILED -1
#define SBI_ERR_NOT_SUPPORTED -2
#define SBI_ERR_INVALID_PARAM -3
#define SBI_ERR_DENIED -4
#define SBI_ERR_INVALID_ADDRESS -5
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED -7
#define SBI_ERR_ALREADY_STOPPED -8
#define SBI_ERR_NO_SHMEM -9

/* Legacy extensions (SBI spec chapter 5), one function each. */
#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_GETCHAR 0x02
#define SBI_EXT_LEGACY_SHUTDOWN 0x08

/* Base extension (chapter 4). */
#define SBI_EXT_BASE 0x10
#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID 1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXT 3
#define SBI_BASE_GET_MVENDORID 4
#define SBI_BASE_GET_MARCHID 5
#define SBI_BASE_GET_MIMPID 6

/* get_spec_version value layout: bits [30:24] major, [23:0] minor. */
#define SBI_SPEC_MAJOR(v) (((v) >> 24) & 0x7f)
#define SBI_SPEC_MINOR(v) ((v)&0xffffff)

/* Timer extension "TIME" (chapter 6). */
#define SBI_EXT_TIME 0x54494D45
#define SBI_TIME_SET_TIMER 0

/* Other standard extensions, for probing. */
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D

/* System reset extension "SRST" (chapter 10). */
#define SBI_EXT_SRST 0x53525354
#define SBI_SRST_SYSTEM_RESET 0
#define SBI_SRST_TYPE_SHUTDOWN 0
#define SBI_SRST_TYPE_COLD_REBOOT 1
#define SBI_SRST_TYPE_WARM_REBOOT 2
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_SYSTEM_FAILURE 1

/* Debug console extension "DBCN" (SBI v2.0, chapter 12). */
#define SBI_EXT_DBCN 0x4442434E
#define SBI_DBCN_CONSOLE_WRITE 0
#define SBI_DBCN_CONSOLE_READ 1
#define SBI_DBCN_CONSOLE_WRITE_BYTE 2

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
		       unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);

/* Legacy v0.1 calls: the result is the a0 register. */
long sbi_legacy_putchar(int ch);
long sbi_legacy_getchar(void);
long sbi_legacy_set_timer(unsigned long stime_value);
void sbi_legacy_shutdown(void) __attribute__((noreturn));

/* Base extension. */
struct sbiret sbi_get_spec_version(void);
struct sbiret sbi_get_impl_id(void);
struct sbiret sbi_probe_extension(long ext);

/* TIME extension. */
struct sbiret sbi_set_timer(unsigned long stime_value);

/* SRST extension; returns only if the reset failed. */
struct sbiret sbi_system_reset(unsigned long type, unsigned long reason);

/* DBCN extension. */
struct sbiret sbi_dbcn_write(unsigned long num_bytes, unsigned long base_addr_lo,
			     unsigned long base_addr_hi);
struct sbiret sbi_dbcn_write_byte(unsigned char byte);

/* Shut the machine down: SRST if possible, legacy shutdown otherwise. */
void sbi_shutdown(int failure) __attribute__((noreturn));

#endif /* GUEST_SBI_H */
