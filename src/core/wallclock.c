// SPDX-License-Identifier: MIT
/* The host's wall clock (wallclock.h). */
#include "wallclock.h"
#include "../arch/riscv/csr.h"
#include "lib.h"
#include "platform.h"
#include "vrtc.h"

#define NS_PER_SEC 1000000000ULL

static uint64_t ns_at_boot, time_at_boot;
static bool available;

/* t * num / den without overflow for t up to 2^64 / num * den, den < 2^32. */
static uint64_t scale(uint64_t t, uint64_t num, uint64_t den)
{
	return t / den * num + t % den * num / den;
}

/*
 * A Goldfish RTC read (the layout vrtc.h describes): TIME_LOW first, which
 * latches the TIME_HIGH it returns next.
 */
void wallclock_init(void)
{
	const volatile uint32_t *rtc = (const volatile uint32_t *)(uintptr_t)platform.rtc_base;
	uint32_t lo, hi;

	if (!platform.rtc_base || !platform.timebase)
		return;
	lo = rtc[VRTC_TIME_LOW / 4];
	hi = rtc[VRTC_TIME_HIGH / 4];
	time_at_boot = csr_read(CSR_TIME);
	ns_at_boot = (uint64_t)hi << 32 | lo;
	available = true;
}

bool wallclock_available(void)
{
	return available;
}

uint64_t wallclock_ns(void)
{
	return ns_at_boot + scale(csr_read(CSR_TIME) - time_at_boot, NS_PER_SEC, platform.timebase);
}

/* Rounded up: at that `time` the wall clock has reached ns, not just before. */
uint64_t wallclock_to_time(uint64_t ns)
{
	uint64_t d, t;

	if (ns <= ns_at_boot)
		return time_at_boot;
	d = ns - ns_at_boot;
	t = scale(d, platform.timebase, NS_PER_SEC);
	if (scale(t, NS_PER_SEC, platform.timebase) < d)
		t++;
	return time_at_boot + t;
}
