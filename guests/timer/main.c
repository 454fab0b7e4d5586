// SPDX-License-Identifier: MIT
/*
 * timer: supervisor timer interrupts through SBI TIME, legacy set_timer
 * and (if usable) the Sstc stimecmp CSR.
 */
#include <stdbool.h>
#include <stddef.h>

#include "console.h"
#include "csr.h"
#include "fdt.h"
#include "sbi.h"
#include "trap.h"

#define NR_TICKS 10
#define NR_LEGACY_TICKS 3
#define TICK_MS 10
#define WAIT_LIMIT_MS 2000
/*
 * Second bound on every wait, in loop iterations, in case `time` does not
 * advance at all.
 */
#define WAIT_MAX_SPINS 20000000UL
#define DEFAULT_TIMEBASE 10000000UL /* QEMU virt */
#define TIMER_NEVER (~0UL)

enum timer_method {
	TIMER_SBI,
	TIMER_LEGACY,
	TIMER_SSTC,
};

static const char *const method_names[] = {
	[TIMER_SBI] = "sbi",
	[TIMER_LEGACY] = "legacy",
	[TIMER_SSTC] = "sstc",
};

static unsigned long timebase = DEFAULT_TIMEBASE;
static int failures;

/* Tick counting state shared with the interrupt callback. */
static enum timer_method method;
static volatile unsigned int ticks;
static unsigned int ticks_wanted;
static unsigned long tick_interval;
static unsigned long next_deadline;
static volatile unsigned int early_ticks;

/* Set by the illegal instruction callback used to probe for Sstc. */
static volatile bool insn_trapped;

static unsigned long ms_to_ticks(unsigned long ms)
{
	return timebase / 1000 * ms;
}

static void timer_arm(unsigned long deadline)
{
	switch (method) {
	case TIMER_SBI:
		sbi_set_timer(deadline);
		break;
	case TIMER_LEGACY:
		sbi_legacy_set_timer(deadline);
		break;
	case TIMER_SSTC:
		csr_write(CSR_STIMECMP, deadline);
		break;
	}
}

static void timer_irq(struct trap_frame *f)
{
	(void)f;
	if (read_time() < next_deadline)
		early_ticks++;
	ticks++;
	if (ticks < ticks_wanted) {
		next_deadline = read_time() + tick_interval;
		timer_arm(next_deadline);
	} else {
		/* Writing "never" also clears sip.STIP (SBI spec 6.1, Sstc). */
		timer_arm(TIMER_NEVER);
	}
}

static bool ticks_done(void)
{
	return ticks >= ticks_wanted;
}

static bool stip_pending(void)
{
	return csr_read(CSR_SIP) & SIP_STIP;
}

/* Spin until done() or WAIT_LIMIT_MS of `time` passed; true if done. */
static bool wait_for(bool (*done)(void))
{
	unsigned long start = read_time(), limit = ms_to_ticks(WAIT_LIMIT_MS);
	unsigned long spins;

	for (spins = 0; spins < WAIT_MAX_SPINS; spins++) {
		if (done())
			return true;
		if (read_time() - start > limit)
			break;
	}
	return done();
}

static void count_ticks(enum timer_method m, unsigned int n)
{
	const char *name = method_names[m];
	bool ok;

	method = m;
	ticks = 0;
	early_ticks = 0;
	ticks_wanted = n;
	tick_interval = ms_to_ticks(TICK_MS);

	csr_set(CSR_SIE, SIE_STIE);
	next_deadline = read_time() + tick_interval;
	timer_arm(next_deadline);
	local_irq_enable();
	ok = wait_for(ticks_done);
	local_irq_disable();
	timer_arm(TIMER_NEVER);
	csr_clear(CSR_SIE, SIE_STIE);

	if (ok && !early_ticks) {
		printf("timer: %s ticks %u\n", name, ticks);
		return;
	}
	printf("timer: %s ticks FAIL (got %u of %u in %d ms, %u before their deadline)\n", name,
	       ticks, n, WAIT_LIMIT_MS, early_ticks);
	failures++;
}

static volatile bool past_irq_taken;

static void past_irq(struct trap_frame *f)
{
	(void)f;
	past_irq_taken = true;
	timer_arm(TIMER_NEVER);
}

/*
 * A deadline already in the past must be pending before set_timer returns
 * (SBI spec 6.1): with STIE on and SIE off during the call, the interrupt
 * must be taken at the very first instruction that enables SIE. This is
 * checked by taking the interrupt rather than by reading sip, because
 * QEMU 7.2 leaves an Sstc VSTIP out of a VS-mode sip read.
 */
static void check_past_deadline(void)
{
	method = TIMER_SBI;
	past_irq_taken = false;
	trap_on_interrupt(IRQ_S_TIMER, past_irq);
	csr_set(CSR_SIE, SIE_STIE);
	sbi_set_timer(read_time() - 1);
	local_irq_enable();
	local_irq_disable();
	csr_clear(CSR_SIE, SIE_STIE);
	trap_on_interrupt(IRQ_S_TIMER, timer_irq);
	if (past_irq_taken) {
		printf("timer: past deadline ok\n");
		return;
	}
	printf("timer: past deadline FAIL (no interrupt pending after set_timer returned)\n");
	failures++;
}

/*
 * set_timer(-1) must clear a pending timer before it returns (SBI spec
 * 6.1): make one pending, cancel it, and no interrupt may be taken.
 */
static void check_cancel(void)
{
	method = TIMER_SBI;
	past_irq_taken = false;
	trap_on_interrupt(IRQ_S_TIMER, past_irq);
	csr_set(CSR_SIE, SIE_STIE);
	sbi_set_timer(read_time() - 1);
	sbi_set_timer(TIMER_NEVER);
	local_irq_enable();
	local_irq_disable();
	csr_clear(CSR_SIE, SIE_STIE);
	trap_on_interrupt(IRQ_S_TIMER, timer_irq);
	if (!past_irq_taken && !stip_pending()) {
		printf("timer: cancel ok\n");
		return;
	}
	printf("timer: cancel FAIL (timer interrupt still pending)\n");
	failures++;
}

static void illegal_insn(struct trap_frame *f)
{
	insn_trapped = true;
	trap_skip_insn(f);
}

/* Sstc is usable if stimecmp can be read without a trap. */
static bool sstc_usable(void)
{
	insn_trapped = false;
	trap_on_exception(EXC_ILLEGAL_INSN, illegal_insn);
	(void)csr_read(CSR_STIMECMP);
	trap_on_exception(EXC_ILLEGAL_INSN, NULL);
	return !insn_trapped;
}

static void read_timebase(const void *dtb)
{
	unsigned long freq;

	if (fdt_read_u64(dtb, "/cpus", "timebase-frequency", &freq) == 0 && freq >= 1000) {
		timebase = freq;
		printf("timer: timebase %lu Hz from the dtb\n", timebase);
	} else {
		printf("timer: timebase %lu Hz assumed\n", timebase);
	}
}

int main(unsigned long hartid, void *dtb)
{
	(void)hartid;

	read_timebase(dtb);
	trap_init();
	trap_on_interrupt(IRQ_S_TIMER, timer_irq);

	count_ticks(TIMER_SBI, NR_TICKS);
	count_ticks(TIMER_LEGACY, NR_LEGACY_TICKS);
	check_past_deadline();
	check_cancel();

	if (sstc_usable())
		count_ticks(TIMER_SSTC, NR_TICKS);
	else
		printf("timer: sstc absent\n");

	if (failures) {
		printf("timer: %d checks FAILED\n", failures);
		return 1;
	}
	printf("timer: done\n");
	return 0;
}
