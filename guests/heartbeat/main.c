// SPDX-License-Identifier: MIT
/*
 * heartbeat: a victim that watches its own memory.
 *
 * It fills a region of its RAM with a pattern drawn from a seeded PRNG and
 * checksums it, then forever: sleeps `period` ms of guest time (SBI
 * set_timer and WFI), checksums the region again and prints
 *
 *	heartbeat N sum=0x...
 *
 * and, if the sum moved, "heartbeat: MEMORY CHANGED ...". Typing `q` on
 * its console, or reaching `count` beats, stops it with a last line and
 * an SBI shutdown (failure if the memory ever changed).
 *
 * bootargs, all optional: "period=MS count=N seed=N" (decimal or 0x hex).
 */
#include <stdint.h>

#include "console.h"
#include "csr.h"
#include "fdt.h"
#include "sbi.h"
#include "string.h"

#define REGION_SIZE (8UL << 20)
#define DEFAULT_PERIOD_MS 200
#define DEFAULT_SEED 0x6865617274UL /* "heart" */
#define DEFAULT_TIMEBASE 10000000UL /* QEMU virt */

struct params {
	unsigned long period_ms, count, seed;
};

static uint64_t region[REGION_SIZE / sizeof(uint64_t)] __attribute__((aligned(4096)));
static unsigned long timebase = DEFAULT_TIMEBASE;

/* xorshift64 (Marsaglia): any non-zero seed gives a full-period stream. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void fill_region(unsigned long seed)
{
	uint64_t s = seed ? seed : DEFAULT_SEED;

	for (unsigned long i = 0; i < REGION_SIZE / sizeof(uint64_t); i++)
		region[i] = next_random(&s);
}

/* FNV-1a over 64-bit words: every bit of every word moves the sum. */
static uint64_t region_sum(void)
{
	const volatile uint64_t *p = region;
	uint64_t h = 0xcbf29ce484222325UL;

	for (unsigned long i = 0; i < REGION_SIZE / sizeof(uint64_t); i++)
		h = (h ^ p[i]) * 0x100000001b3UL;
	return h;
}

static unsigned long parse_number(const char *s)
{
	unsigned long v = 0, base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return v;
		v = v * base + d;
	}
}

/* Looks for "key=" at the start of a word of args; sets *out from what follows. */
static void bootarg(const char *args, unsigned len, const char *key, unsigned long *out)
{
	size_t klen = strlen(key);

	for (unsigned i = 0; i + klen < len; i++)
		if ((i == 0 || args[i - 1] == ' ') && !memcmp(args + i, key, klen) &&
		    args[i + klen] == '=')
			*out = parse_number(args + i + klen + 1);
}

static void read_params(const void *dtb, struct params *p)
{
	const void *val;
	unsigned int len;

	*p = (struct params){DEFAULT_PERIOD_MS, 0, DEFAULT_SEED};
	if (fdt_read_u64(dtb, "/cpus", "timebase-frequency", &timebase) || !timebase)
		timebase = DEFAULT_TIMEBASE;
	if (fdt_get_prop(dtb, "/chosen", "bootargs", &val, &len))
		return;
	bootarg(val, len, "period", &p->period_ms);
	bootarg(val, len, "count", &p->count);
	bootarg(val, len, "seed", &p->seed);
	if (!p->period_ms)
		p->period_ms = DEFAULT_PERIOD_MS;
}

/*
 * WFI wakes on a pending interrupt enabled in sie even with sstatus.SIE
 * clear (priv. spec 4.1.3, 3.3.3), so no handler is needed: the timer is
 * re-armed for each beat and cancelled after it.
 */
static void sleep_until(unsigned long deadline)
{
	csr_set(CSR_SIE, SIE_STIE);
	sbi_set_timer(deadline);
	while (read_time() < deadline)
		__asm__ volatile("wfi");
	sbi_set_timer(~0UL);
	csr_clear(CSR_SIE, SIE_STIE);
}

int main(unsigned long hartid, void *dtb)
{
	struct params p;
	uint64_t expect, sum;
	unsigned long beats = 0, changed = 0;

	(void)hartid;
	read_params(dtb, &p);
	fill_region(p.seed);
	expect = region_sum();
	printf("heartbeat: watching %lu KiB at %p, seed 0x%lx, period %lu ms, sum=0x%016lx\n",
	       REGION_SIZE >> 10, (void *)region, p.seed, p.period_ms, (unsigned long)expect);
	while (!p.count || beats < p.count) {
		sleep_until(read_time() + timebase / 1000 * p.period_ms);
		sum = region_sum();
		printf("heartbeat %lu sum=0x%016lx\n", ++beats, (unsigned long)sum);
		if (sum != expect) {
			printf("heartbeat: MEMORY CHANGED at beat %lu: sum 0x%016lx, expected "
			       "0x%016lx\n",
			       beats, (unsigned long)sum, (unsigned long)expect);
			changed++;
		}
		if (sbi_legacy_getchar() == 'q')
			break;
	}
	printf("heartbeat: stopping after %lu beats, memory %s\n", beats,
	       changed ? "CHANGED" : "unchanged");
	return changed != 0;
}
