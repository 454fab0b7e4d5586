// SPDX-License-Identifier: MIT
/*
 * smp: SBI HSM, IPI and RFENCE between the harts of one machine. The
 * boot hart starts every other hart, sends them IPIs in a loop (each
 * answers by counting it), runs remote fences on all of them, checks
 * that bad hart masks are refused, then stops and restarts them.
 * Only the boot hart prints.
 */
#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "csr.h"
#include "sbi.h"
#include "trap.h"

#define MAX_HARTS 8
#define ROUNDS 200
#define SPIN_LIMIT 50000000UL
#define HSM_STARTED 0
#define HSM_STOPPED 1
#define LEGACY_SEND_IPI 0x04

extern char secondary_entry[];

static volatile unsigned long ipi_count[MAX_HARTS];
static volatile bool online[MAX_HARTS];
static volatile bool stop_now;
static unsigned long boot_hart, nr_harts;
static int failures;

static void fail(const char *what, long got)
{
	printf("smp: %s FAIL (%ld)\n", what, got);
	failures++;
}

/* Each hart keeps its id in tp (secondary.S and main set it). */
static unsigned long this_hart(void)
{
	unsigned long tp;

	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return tp;
}

static void ipi_handler(struct trap_frame *f)
{
	(void)f;
	csr_clear(CSR_SIP, SIP_SSIP);
	ipi_count[this_hart()]++;
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	trap_init();
	csr_set(CSR_SIE, SIE_SSIE);
	online[hartid] = true;
	while (!stop_now) {
		local_irq_enable();
		__asm__ volatile("wfi");
		local_irq_disable();
	}
	online[hartid] = false;
	sbi_call(SBI_EXT_HSM, 1 /* hart_stop */, 0, 0, 0, 0, 0, 0);
}

static long hsm_status(unsigned long hart)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, 2, hart, 0, 0, 0, 0, 0);

	return r.error ? r.error : r.value;
}

static bool wait_until(volatile bool *flag, bool want)
{
	for (unsigned long i = 0; i < SPIN_LIMIT; i++)
		if (*flag == want)
			return true;
	return false;
}

static bool wait_status(unsigned long hart, long want)
{
	for (unsigned long i = 0; i < SPIN_LIMIT / 100; i++)
		if (hsm_status(hart) == want)
			return true;
	return false;
}

static long hart_start(unsigned long hart)
{
	return sbi_call(SBI_EXT_HSM, 0, hart, (unsigned long)secondary_entry, hart, 0, 0, 0).error;
}

static void start_all(void)
{
	for (unsigned long h = 0; h < nr_harts; h++) {
		long r;

		if (h == boot_hart)
			continue;
		r = hart_start(h);
		if (r || !wait_until(&online[h], true) || hsm_status(h) != HSM_STARTED)
			fail("hart start", r);
	}
	if (nr_harts > 1 && hart_start(boot_hart ? 0 : 1) != SBI_ERR_ALREADY_AVAILABLE)
		fail("start of a started hart", 0);
	printf("smp: %lu harts started\n", nr_harts);
}

static bool wait_ipis(unsigned long h, unsigned long want)
{
	for (unsigned long i = 0; i < SPIN_LIMIT; i++)
		if (ipi_count[h] >= want)
			return true;
	return false;
}

static void ipi_rounds(void)
{
	for (unsigned round = 1; round <= ROUNDS; round++) {
		for (unsigned long h = 0; h < nr_harts; h++) {
			long r;

			if (h == boot_hart)
				continue;
			r = sbi_call(SBI_EXT_IPI, 0, 1, h, 0, 0, 0, 0).error;
			if (r || !wait_ipis(h, round)) {
				fail("ipi", r);
				return;
			}
		}
	}
	printf("smp: ipi rounds %u ok\n", ROUNDS);
}

static void legacy_ipi(void)
{
	unsigned long mask = 0, before[MAX_HARTS];

	for (unsigned long h = 0; h < nr_harts; h++) {
		before[h] = ipi_count[h];
		if (h != boot_hart)
			mask |= 1UL << h;
	}
	/* v0.1 takes the hart mask by address (SBI spec 5.1). */
	sbi_call(LEGACY_SEND_IPI, 0, (unsigned long)&mask, 0, 0, 0, 0, 0);
	for (unsigned long h = 0; h < nr_harts; h++)
		if (h != boot_hart && !wait_ipis(h, before[h] + 1))
			fail("legacy ipi", (long)h);
	printf("smp: legacy ipi ok\n");
}

static void rfences(void)
{
	for (unsigned i = 0; i < ROUNDS; i++) {
		long r0 = sbi_call(SBI_EXT_RFENCE, 0, 0, -1UL, 0, 0, 0, 0).error;
		long r1 = sbi_call(SBI_EXT_RFENCE, 1, 0, -1UL, 0, -1UL, 0, 0).error;
		long r2 = sbi_call(SBI_EXT_RFENCE, 2, (1UL << nr_harts) - 1, 0, 0x80200000, 0x1000,
				   1, 0)
				  .error;

		if (r0 || r1 || r2) {
			fail("rfence", r0 ? r0 : r1 ? r1 : r2);
			return;
		}
	}
	printf("smp: rfence rounds %u ok\n", ROUNDS);
}

static void expect_invalid(const char *what, long r)
{
	if (r != SBI_ERR_INVALID_PARAM)
		fail(what, r);
}

static void bad_masks(void)
{
	expect_invalid("ipi mask beyond harts",
		       sbi_call(SBI_EXT_IPI, 0, 1UL << nr_harts, 0, 0, 0, 0, 0).error);
	expect_invalid("ipi huge base", sbi_call(SBI_EXT_IPI, 0, 3, -2UL, 0, 0, 0, 0).error);
	expect_invalid("rfence base beyond harts",
		       sbi_call(SBI_EXT_RFENCE, 0, 1, nr_harts, 0, 0, 0, 0).error);
	expect_invalid("hart start beyond harts",
		       sbi_call(SBI_EXT_HSM, 0, nr_harts + 5, 0x80200000, 0, 0, 0, 0).error);
	expect_invalid("hart status beyond harts", hsm_status(nr_harts + 5));
	printf("smp: bad masks ok\n");
}

/* Sets stop_now and wakes every other hart (they sleep in WFI) to see it. */
static void stop_others(void)
{
	stop_now = true;
	sbi_call(SBI_EXT_IPI, 0, 0, -1UL, 0, 0, 0, 0);
}

static void stop_and_restart(void)
{
	stop_others();
	for (unsigned long h = 0; h < nr_harts; h++)
		if (h != boot_hart && !wait_status(h, HSM_STOPPED))
			fail("hart stop", hsm_status(h));
	stop_now = false;
	for (unsigned long h = 0; h < nr_harts; h++) {
		if (h == boot_hart)
			continue;
		if (hart_start(h) || !wait_until(&online[h], true))
			fail("hart restart", (long)h);
	}
	printf("smp: harts restarted after hart_stop\n");
	stop_others();
	for (unsigned long h = 0; h < nr_harts; h++)
		if (h != boot_hart && !wait_status(h, HSM_STOPPED))
			fail("hart stop after restart", hsm_status(h));
	printf("smp: hsm stop and restart ok\n");
}

int main(unsigned long hartid, void *dtb)
{
	(void)dtb;
	boot_hart = hartid;
	__asm__ volatile("mv tp, %0" ::"r"(hartid));
	trap_on_interrupt(IRQ_S_SOFT, ipi_handler);
	/* The harts are those HSM knows: ids answer until the first invalid one. */
	while (nr_harts < MAX_HARTS && hsm_status(nr_harts) >= 0)
		nr_harts++;
	start_all();
	if (nr_harts > 1) {
		ipi_rounds();
		legacy_ipi();
	}
	rfences();
	bad_masks();
	if (nr_harts > 1)
		stop_and_restart();
	if (failures) {
		printf("smp: %d checks FAILED\n", failures);
		return 1;
	}
	printf("smp: done\n");
	return 0;
}
