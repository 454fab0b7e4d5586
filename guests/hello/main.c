// SPDX-License-Identifier: MIT
/*
 * hello: SBI console and BASE extension checks.
 *
 * Expected natively (OpenSBI 1.1, SBI 1.0, no DBCN) and under a hypervisor
 * implementing DBCN: one "hello: <check> ok" line per check, then
 * "hello: done".
 */
#include "console.h"
#include "sbi.h"
#include "string.h"

/* An extension id no SBI specification assigns. */
#define UNKNOWN_EXT 0x0ABCDEF0
/* A BASE function id beyond those defined (0..6). */
#define UNKNOWN_BASE_FID 99
/* A physical address that is not guest RAM (QEMU virt: below the ROM). */
#define NON_RAM_ADDR 0x1000

static int failures;

static void check(int ok, const char *what, struct sbiret ret)
{
	if (ok) {
		printf("hello: %s ok\n", what);
		return;
	}
	printf("hello: %s FAIL (error %ld value %ld)\n", what, ret.error, ret.value);
	failures++;
}

/* Goes straight to legacy console_putchar, whatever console.c would use. */
static void legacy_puts(const char *s)
{
	while (*s)
		sbi_legacy_putchar(*s++);
}

static void check_spec_version(void)
{
	struct sbiret ret = sbi_get_spec_version();

	if (ret.error == SBI_SUCCESS && ret.value >= 0) {
		printf("hello: spec version %ld.%ld ok\n", SBI_SPEC_MAJOR(ret.value),
		       SBI_SPEC_MINOR(ret.value));
		return;
	}
	check(0, "spec version", ret);
}

/* DBCN console_write takes the buffer's physical address (SBI 2.0, 12.1). */
static void check_dbcn_write(void)
{
	static const char msg[] = "hello: dbcn console ok\n";
	unsigned long len = sizeof(msg) - 1;
	struct sbiret ret;

	ret = sbi_dbcn_write(len, (unsigned long)msg, 0);
	if (ret.error != SBI_SUCCESS || (unsigned long)ret.value != len)
		check(0, "dbcn console", ret);

	ret = sbi_dbcn_write(len, NON_RAM_ADDR, 0);
	check(ret.error == SBI_ERR_INVALID_PARAM, "dbcn bad address", ret);
}

static void check_dbcn(void)
{
	struct sbiret ret = sbi_probe_extension(SBI_EXT_DBCN);

	if (ret.error != SBI_SUCCESS) {
		check(0, "dbcn probe", ret);
		return;
	}
	if (ret.value == 0) {
		printf("hello: dbcn absent\n");
		return;
	}
	check_dbcn_write();
}

static void check_unknown(void)
{
	struct sbiret ret;

	ret = sbi_probe_extension(UNKNOWN_EXT);
	check(ret.error == SBI_SUCCESS && ret.value == 0, "probe unknown extension", ret);

	ret = sbi_call(UNKNOWN_EXT, 0, 0, 0, 0, 0, 0, 0);
	check(ret.error == SBI_ERR_NOT_SUPPORTED, "unknown extension", ret);

	ret = sbi_call(SBI_EXT_BASE, UNKNOWN_BASE_FID, 0, 0, 0, 0, 0, 0);
	check(ret.error == SBI_ERR_NOT_SUPPORTED, "unknown base function", ret);
}

int main(unsigned long hartid, void *dtb)
{
	(void)hartid;
	(void)dtb;

	legacy_puts("hello: legacy console ok\n");
	check_spec_version();
	check_dbcn();
	check_unknown();

	if (failures) {
		printf("hello: %d checks FAILED\n", failures);
		return 1;
	}
	printf("hello: done\n");
	return 0;
}
