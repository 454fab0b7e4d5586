// SPDX-License-Identifier: MIT
/*
 * counters: the time, cycle and instret counters (Zicntr) are readable
 * from S-mode and advance across a busy loop.
 *
 * A read that traps (counter not enabled in mcounteren/hcounteren, priv.
 * spec 3.1.11 and 8.2.6) is caught and reported instead of killing the
 * guest.
 */
#include <stdbool.h>
#include <stddef.h>

#include "console.h"
#include "csr.h"
#include "trap.h"

#define BUSY_LOOPS 10000

struct counter {
	const char *name;
	unsigned long (*read)(void);
};

static const struct counter counters[] = {
	{"time", read_time},
	{"cycle", read_cycle},
	{"instret", read_instret},
};

#define NR_COUNTERS (sizeof(counters) / sizeof(counters[0]))

static volatile bool insn_trapped;

static void illegal_insn(struct trap_frame *f)
{
	insn_trapped = true;
	trap_skip_insn(f);
}

static void busy_loop(void)
{
	unsigned int i;

	for (i = 0; i < BUSY_LOOPS; i++)
		__asm__ __volatile__("" : : : "memory");
}

/* Read all counters into @vals, noting in @trapped which reads trapped. */
static void read_counters(unsigned long *vals, bool *trapped)
{
	unsigned int i;

	for (i = 0; i < NR_COUNTERS; i++) {
		insn_trapped = false;
		vals[i] = counters[i].read();
		trapped[i] = trapped[i] || insn_trapped;
	}
}

static bool check_counter(unsigned int i, unsigned long before, unsigned long after, bool trapped)
{
	const char *name = counters[i].name;

	printf("counters: %s %lu -> %lu\n", name, before, after);
	if (trapped) {
		printf("counters: %s FAIL (read trapped as illegal instruction)\n", name);
		return false;
	}
	if (after <= before) {
		printf("counters: %s FAIL (did not increase)\n", name);
		return false;
	}
	printf("counters: %s ok\n", name);
	return true;
}

int main(unsigned long hartid, void *dtb)
{
	unsigned long before[NR_COUNTERS], after[NR_COUNTERS];
	bool trapped[NR_COUNTERS] = {false};
	int failures = 0;
	unsigned int i;

	(void)hartid;
	(void)dtb;

	trap_init();
	trap_on_exception(EXC_ILLEGAL_INSN, illegal_insn);

	read_counters(before, trapped);
	busy_loop();
	read_counters(after, trapped);

	for (i = 0; i < NR_COUNTERS; i++) {
		if (!check_counter(i, before[i], after[i], trapped[i]))
			failures++;
	}
	if (failures) {
		printf("counters: %d checks FAILED\n", failures);
		return 1;
	}
	printf("counters: done\n");
	return 0;
}
