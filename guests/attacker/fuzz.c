// SPDX-License-Identifier: MIT
/*
 * SBI fuzzing: `calls` ecalls with extension, function and arguments drawn
 * from a seeded PRNG, biased towards what the hypervisor implements and
 * towards boundary values. Calls that would legitimately stop, reset or
 * suspend the attacker itself (SRST, legacy shutdown, HSM stop and
 * suspend with a valid type) are drawn but not made, and counted. The SBI
 * spec (ch. 3) lets a call change a0 and a1 only: every other argument
 * register is checked after each call, and every v0.2+ error code must be
 * one the spec defines.
 */
#include <stdint.h>

#include "attack.h"
#include "console.h"
#include "sbi.h"

#define EXT_SUSP 0x53555350UL
#define LEGACY_LAST 0x0fUL /* v0.1 EIDs are 0x00-0x0F */
#define LEGACY_SHUTDOWN 0x08UL
#define HSM_STOP 1
#define HSM_SUSPEND 3
#define ERR_MIN -9 /* SBI_ERR_NO_SHMEM, the lowest in SBI 2.0 */

/* What the hypervisor implements (legacy 0x00-0x08 and the v0.2+ ones)... */
static const unsigned long offered_eids[] = {
	0x00, 0x01, 0x02,	0x03,	  0x04,	      0x05,	0x06,	    0x07,
	0x08, 0x10, 0x54494d45, 0x735049, 0x52464e43, 0x48534d, 0x53525354, 0x4442434e,
};

/* ... and what it does not: reserved legacy ids, other standard, vendor, firmware. */
static const unsigned long other_eids[] = {
	0x09,	  0x0f,	      0x504d55,	  EXT_SUSP,   0x43505043, 0x4e41434c,
	0x535441, 0x46574654, 0x09000000, 0x0a000000, 0x0affffff, 0x08000000,
};

#define PICK(a) ((a)[rnd() % (sizeof(a) / sizeof((a)[0]))])

static struct {
	unsigned long calls, skipped, clobbered, bad_codes, legacy;
	unsigned long errors[-ERR_MIN + 1]; /* errors[i]: error code -i */
} stats;

static uint64_t state;

/* xorshift64* (Vigna): a seeded, reproducible stream. */
static unsigned long rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dUL;
}

static unsigned long pick_eid(void)
{
	switch (rnd() % 8) {
	case 0:
		return rnd();
	case 1:
		return rnd() & 0xffffffffUL;
	case 2:
		return PICK(other_eids);
	default:
		return PICK(offered_eids);
	}
}

/* Mostly the functions that exist (ids 0-6 in every extension here). */
static unsigned long pick_fid(void)
{
	return rnd() % 8 ? rnd() % 8 : rnd();
}

/* Small numbers, boundaries, addresses inside and outside its RAM, noise. */
static unsigned long pick_arg(void)
{
	switch (rnd() % 12) {
	case 0:
		return 0;
	case 1:
		return rnd() % 16;
	case 2:
		return ~0UL - rnd() % 4;
	case 3:
		return 1UL << (rnd() % 64);
	case 4:
		return layout.scratch + rnd() % 64;
	case 5:
		return layout.ram_end - rnd() % 64;
	case 6:
		return 0x80000000UL + (rnd() % 0x40000000UL);
	case 7:
		return rnd() & 0xffffffffUL;
	default:
		return rnd();
	}
}

/* SRST calls a conforming SBI would carry out: shutdown or reboot, valid reason. */
static bool srst_would_reset(unsigned long fid, unsigned long type, unsigned long reason)
{
	if (fid != SBI_SRST_SYSTEM_RESET)
		return false;
	if (type >= 0xf0000000UL && type <= 0xffffffffUL)
		return true; /* vendor-specific: may reset */
	return type <= SBI_SRST_TYPE_WARM_REBOOT &&
	       (reason <= 1 || (reason >= 0xe0000000UL && reason <= 0xffffffffUL));
}

/* HSM suspend types (SBI 2.0 table 9.2) that would suspend the caller. */
static bool valid_suspend_type(unsigned long type)
{
	return type == 0 || type == 0x80000000UL ||
	       (type >= 0x10000000UL && type <= 0x7fffffffUL) ||
	       (type >= 0x90000000UL && type <= 0xffffffffUL);
}

static bool stops_itself(unsigned long eid, unsigned long fid, const unsigned long *a)
{
	if (eid == LEGACY_SHUTDOWN)
		return true;
	if (eid == SBI_EXT_SRST)
		return srst_would_reset(fid, a[0], a[1]);
	if (eid == SBI_EXT_HSM)
		return fid == HSM_STOP || (fid == HSM_SUSPEND && valid_suspend_type(a[0]));
	if (eid == EXT_SUSP)
		return fid == 0; /* system suspend, any sleep type the platform may take */
	return false;
}

/* The ecall itself: a0/a1 are results, a2..a7 must come back unchanged. */
static bool fuzz_ecall(unsigned long eid, unsigned long fid, const unsigned long *a, long *err)
{
	register unsigned long r0 __asm__("a0") = a[0];
	register unsigned long r1 __asm__("a1") = a[1];
	register unsigned long r2 __asm__("a2") = a[2];
	register unsigned long r3 __asm__("a3") = a[3];
	register unsigned long r4 __asm__("a4") = a[4];
	register unsigned long r5 __asm__("a5") = a[5];
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = eid;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6),
			   "+r"(r7)
			 :
			 : "memory");
	*err = (long)r0;
	return r2 == a[2] && r3 == a[3] && r4 == a[4] && r5 == a[5] && r6 == fid && r7 == eid;
}

static void one_call(void)
{
	unsigned long eid = pick_eid(), fid = pick_fid(), a[6];
	long err;

	for (unsigned i = 0; i < 6; i++)
		a[i] = pick_arg();
	if (stops_itself(eid, fid, a)) {
		stats.skipped++;
		return;
	}
	stats.calls++;
	if (!fuzz_ecall(eid, fid, a, &err))
		stats.clobbered++;
	if (eid <= LEGACY_LAST)
		stats.legacy++;
	else if (err > 0 || err < ERR_MIN)
		stats.bad_codes++;
	else
		stats.errors[-err]++;
}

void attack_sbi_fuzz(unsigned long seed, unsigned long calls)
{
	state = seed ? seed : 1;
	while (stats.calls < calls)
		one_call();
	/* Ends the line the fuzzed console calls may have left open. */
	printf("\n");
	printf("fuzz: seed 0x%lx, error codes:", seed);
	for (int i = 0; i <= -ERR_MIN; i++)
		printf(" %d:%lu", -i, stats.errors[i]);
	printf(" legacy:%lu\n", stats.legacy);
	report_line("sbi-fuzz", !stats.clobbered && !stats.bad_codes,
		    "done calls=%lu skipped=%lu clobbered=%lu bad-codes=%lu", stats.calls,
		    stats.skipped, stats.clobbered, stats.bad_codes);
}
