// SPDX-License-Identifier: MIT
/*
 * The hypervisor's own memcpy, memmove and memset (src/lib/string.c),
 * compiled here under other names next to the host's C library and
 * checked against it byte by byte, at every alignment of both ends.
 */
#include "helpers.h"

#include <string.h>

#define memcpy hyp_memcpy
#define memmove hyp_memmove
#define memset hyp_memset
#define memcmp hyp_memcmp
#define memchr hyp_memchr
#define strlen hyp_strlen
#define strnlen hyp_strnlen
#define strcmp hyp_strcmp
#define strncmp hyp_strncmp
#define strchr hyp_strchr
#define strrchr hyp_strrchr
/* Compiled in, renamed: the host C library keeps its own names. */
#include "../../src/lib/string.c" // NOLINT(bugprone-suspicious-include)
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr

#define AREA 256

static unsigned char src[AREA] __attribute__((aligned(8)));
static unsigned char got[AREA] __attribute__((aligned(8)));
static unsigned char want[AREA] __attribute__((aligned(8)));

static void fill(void)
{
	for (unsigned i = 0; i < AREA; i++)
		src[i] = (unsigned char)(i * 37 + 11);
	memset(got, 0xee, AREA);
	memset(want, 0xee, AREA);
}

static void test_memcpy_every_alignment_and_length(void **state)
{
	(void)state;
	/* Up to 3 turns of the 8-word and 4-word loops, and every remainder. */
	for (unsigned so = 0; so < 16; so++)
		for (unsigned d_o = 0; d_o < 16; d_o++)
			for (unsigned n = 0; n < 216; n++) {
				fill();
				assert_ptr_equal(hyp_memcpy(got + d_o, src + so, n), got + d_o);
				memcpy(want + d_o, src + so, n);
				/* Nothing outside [d_o, d_o + n) was written. */
				assert_memory_equal(got, want, AREA);
			}
}

static void test_memmove_overlapping_both_ways(void **state)
{
	(void)state;
	for (int shift = -20; shift <= 20; shift++)
		for (unsigned n = 0; n < 80; n++) {
			unsigned from = 64, to = (unsigned)(64 + shift);

			fill();
			memcpy(got, src, AREA);
			memcpy(want, src, AREA);
			hyp_memmove(got + to, got + from, n);
			memmove(want + to, want + from, n);
			assert_memory_equal(got, want, AREA);
		}
}

static void test_memset_every_alignment_and_length(void **state)
{
	(void)state;
	for (unsigned d_o = 0; d_o < 16; d_o++)
		for (unsigned n = 0; n < 150; n++)
			for (int c = 0; c < 2; c++) {
				fill();
				assert_ptr_equal(hyp_memset(got + d_o, c ? 0x5a : 0, n), got + d_o);
				memset(want + d_o, c ? 0x5a : 0, n);
				assert_memory_equal(got, want, AREA);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_every_alignment_and_length),
		cmocka_unit_test(test_memmove_overlapping_both_ways),
		cmocka_unit_test(test_memset_every_alignment_and_length),
	};

	return cmocka_run_group_tests_name("string", tests, NULL, NULL);
}
