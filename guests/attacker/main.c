// SPDX-License-Identifier: MIT
/*
 * attacker: a hostile guest. It tries, one by one, to reach what is not
 * its own (memory, devices, harts, the hypervisor's instructions) and
 * prints one line per attempt with its outcome (see attack.h), then an
 * SBI fuzz run and a summary. It waits for a key first, so that a test
 * (or a person) can watch the victim beside it before and after.
 *
 * bootargs, optional: "seed=N calls=N nowait".
 */
#include "attack.h"
#include "console.h"
#include "csr.h"
#include "fdt.h"
#include "sbi.h"
#include "string.h"
#include "trap.h"

#define DEFAULT_SEED 0x5eed0fa77ac4UL
#define DEFAULT_CALLS 100000UL
#define POLL_TICKS 100000UL /* 10 ms at QEMU virt's 10 MHz timebase */

extern char _start[];
static unsigned char scratch[4096] __attribute__((aligned(4096)));

struct params {
	unsigned long seed, calls;
	bool nowait;
};

/* "key=number" or a bare "key" among the words of the bootargs. */
static const char *find_word(const char *args, unsigned len, const char *key)
{
	size_t k = strlen(key);

	for (unsigned i = 0; i + k <= len; i++)
		if ((i == 0 || args[i - 1] == ' ') && !memcmp(args + i, key, k) &&
		    (i + k == len || args[i + k] == '=' || args[i + k] == ' ' || !args[i + k]))
			return args + i + k;
	return NULL;
}

static unsigned long number(const char *s, unsigned long dflt)
{
	unsigned long v = 0, base = 10;

	if (!s || *s++ != '=')
		return dflt;
	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	for (;; s++) {
		if (*s >= '0' && *s <= '9')
			v = v * base + (unsigned long)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			v = v * base + (unsigned long)(*s - 'a' + 10);
		else
			return v;
	}
}

static void read_dt(const void *dtb, struct params *p)
{
	const void *val;
	unsigned int len;

	*p = (struct params){DEFAULT_SEED, DEFAULT_CALLS, false};
	layout.ram_base = (unsigned long)_start & ~0xfffffUL;
	layout.ram_end = layout.ram_base + (16UL << 20);
	if (!fdt_get_prop(dtb, "/memory", "reg", &val, &len) && len >= 16) {
		layout.ram_base = fdt_cells(val, 0, 2);
		layout.ram_end = layout.ram_base + fdt_cells(val, 2, 2);
	}
	layout.scratch = (unsigned long)scratch;
	if (fdt_get_prop(dtb, "/chosen", "bootargs", &val, &len))
		return;
	p->seed = number(find_word(val, len, "seed"), p->seed);
	p->calls = number(find_word(val, len, "calls"), p->calls);
	p->nowait = find_word(val, len, "nowait") != NULL;
}

/* Polls the SBI console every 10 ms, sleeping in WFI in between. */
static void wait_for_key(void)
{
	csr_set(CSR_SIE, SIE_STIE);
	while (sbi_legacy_getchar() < 0) {
		unsigned long until = read_time() + POLL_TICKS;

		sbi_set_timer(until);
		while (read_time() < until)
			__asm__ volatile("wfi");
	}
	sbi_set_timer(~0UL);
	csr_clear(CSR_SIE, SIE_STIE);
}

int main(unsigned long hartid, void *dtb)
{
	struct params p;

	(void)hartid;
	read_dt(dtb, &p);
	probe_init();
	console_set_line_mode(1);
	printf("attacker: RAM 0x%lx-0x%lx, seed 0x%lx, %lu fuzz calls\n", layout.ram_base,
	       layout.ram_end, p.seed, p.calls);
	if (!p.nowait) {
		printf("attacker: press a key to start\n");
		wait_for_key();
	}
	printf("attacker: start\n");
	attack_memory();
	attack_devices();
	attack_sbi();
	attack_insns();
	attack_sbi_fuzz(p.seed, p.calls);
	report_summary();
	printf("attacker: done\n");
	return 0;
}
