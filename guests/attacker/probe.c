// SPDX-License-Identifier: MIT
/*
 * The attacker's trap handler and report lines (attack.h). Every
 * synchronous trap taken during an attempt is counted, the first one's
 * scause kept, and the attempt resumed after the trapping instruction, or
 * at ra for a fetch, so one run can try everything in turn.
 */
#include <stdarg.h>

#include "attack.h"
#include "console.h"
#include "csr.h"
#include "trap.h"

struct layout layout;

static volatile struct {
	bool armed;
	unsigned traps;
	unsigned long cause;
} rec;

static unsigned nr_attacks, nr_refused;

static bool is_fetch_fault(unsigned long cause)
{
	return cause == EXC_INSN_MISALIGNED || cause == EXC_INSN_ACCESS ||
	       cause == EXC_INSN_PAGE_FAULT;
}

static void on_exception(struct trap_frame *f)
{
	if (!rec.armed)
		trap_unexpected(f);
	if (!rec.traps++)
		rec.cause = f->scause;
	/* A fetch fault reports the target as sepc: go back to the caller. */
	if (is_fetch_fault(f->scause))
		f->sepc = f->regs[REG_RA];
	else
		trap_skip_insn(f);
}

static void on_user_ecall(struct trap_frame *f)
{
	if (f->regs[REG_A7] == USER_EXIT_MAGIC)
		user_exit(f, 0);
	else
		on_exception(f);
}

void probe_init(void)
{
	static const unsigned causes[] = {
		EXC_INSN_MISALIGNED, EXC_INSN_ACCESS,	  EXC_ILLEGAL_INSN,	EXC_BREAKPOINT,
		EXC_LOAD_MISALIGNED, EXC_LOAD_ACCESS,	  EXC_STORE_MISALIGNED, EXC_STORE_ACCESS,
		EXC_INSN_PAGE_FAULT, EXC_LOAD_PAGE_FAULT, EXC_STORE_PAGE_FAULT,
	};

	for (unsigned i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		trap_on_exception(causes[i], on_exception);
	trap_on_exception(EXC_ECALL_U, on_user_ecall);
}

struct outcome attempt(attempt_fn fn, unsigned long a0, unsigned long a1)
{
	struct outcome o;

	rec.traps = 0;
	rec.cause = 0;
	rec.armed = true;
	o.value = fn(a0, a1);
	rec.armed = false;
	o.traps = rec.traps;
	o.cause = rec.cause;
	return o;
}

const char *attack_name(char *buf, unsigned long n, const char *a, const char *b)
{
	unsigned long i = 0;

	while (*a && i + 1 < n)
		buf[i++] = *a++;
	if (i + 1 < n)
		buf[i++] = '-';
	while (*b && i + 1 < n)
		buf[i++] = *b++;
	buf[i] = '\0';
	return buf;
}

bool report_line(const char *name, bool refused, const char *fmt, ...)
{
	va_list ap;

	nr_attacks++;
	nr_refused += refused;
	printf("attack %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return refused;
}

bool report(const char *name, struct outcome o)
{
	if (o.traps)
		return report_line(name, true, "fault scause=%lu", o.cause);
	return report_line(name, false, "ok value=0x%lx", o.value);
}

bool report_sbi(const char *name, long error, long value)
{
	if (error)
		return report_line(name, true, "sbi err=%ld", error);
	return report_line(name, false, "ok value=0x%lx", (unsigned long)value);
}

void report_summary(void)
{
	printf("attacker: summary: %u attacks, %u refused, %u went through\n", nr_attacks,
	       nr_refused, nr_attacks - nr_refused);
}
