// SPDX-License-Identifier: MIT
/*
 * platform_parse and platform_init_memory (src/core/platform.c) on arbitrary
 * host DTs: the input is the DT the firmware hands over, whole in memory (its
 * totalsize within the input). Whatever it says, parsing ends, reads
 * nothing outside it, and gives harts, contexts and cells within their
 * documented bounds; a refusal is one line naming the host DT.
 */
#include "fuzz.h"

/*
 * Compiled in under another name: the unit tests' stubs define the
 * `platform` the other hypervisor sources use.
 */
#define platform host_platform_under_test
#include "../../src/core/platform.c" // NOLINT(bugprone-suspicious-include)
#undef platform

#define P host_platform_under_test

static bool nul_within(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

static void check_parsed(const void *dt)
{
	const char *start = dt, *seed = P.rng_seed;

	/* The seed is a pointer into the DT: all of it inside. */
	FUZZ_CHECK(!seed == !P.rng_seed_len);
	FUZZ_CHECK(!seed || (seed > start && seed + P.rng_seed_len <= start + fdt_totalsize(dt)));
	FUZZ_CHECK(P.harts.count >= 1 && P.harts.count <= MAX_HARTS);
	for (unsigned i = 0; i < P.harts.count; i++)
		FUZZ_CHECK(P.harts.id[i] < MAX_HARTS);
	for (unsigned i = 0; i < MAX_HARTS; i++)
		FUZZ_CHECK(P.plic_s_context[i] >= -1);
	FUZZ_CHECK(nul_within(P.isa, sizeof(P.isa)));
	FUZZ_CHECK(nul_within(P.mmu_type, sizeof(P.mmu_type)));
	FUZZ_CHECK(P.timebase != 0);
	FUZZ_CHECK(P.uart_shift <= 2);
	FUZZ_CHECK(P.nmem <= PLATFORM_MAX_MEM);
}

static void check_refusal(const char *err)
{
	FUZZ_CHECK(nul_within(err, 160));
	FUZZ_CHECK(!strncmp(err, "host DT ", 8) ||
		   !strncmp(err, "cannot set aside the host DT", 28));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt_header h;
	char err[160];
	void *dt;

	if (size < sizeof(h))
		return 0;
	memcpy(&h, data, sizeof(h));
	/* The firmware's DT lies whole in memory: totalsize is the caller's promise. */
	if (fdt_totalsize(&h) < sizeof(h) || fdt_totalsize(&h) > size)
		return 0;
	/* Exactly totalsize bytes (malloc aligns to 16): ASan sees any read past them. */
	dt = malloc(fdt_totalsize(&h));
	memcpy(dt, data, fdt_totalsize(&h));
	memset(&P, 0, sizeof(P));
	memset(err, 0, sizeof(err));
	if (platform_parse(dt, err, sizeof(err))) {
		check_refusal(err);
	} else {
		check_parsed(dt);
		/* The hypervisor's image and nothing else at the start of RAM. */
		if (platform_init_memory(0x80200000, 0x80300000, err, sizeof(err)))
			check_refusal(err);
	}
	free(dt);
	return 0;
}
