// SPDX-License-Identifier: MIT
/* ChaCha20's block function against RFC 8439, and the VMs' rng-seeds. */
#include "helpers.h"

#include "chacha20.h"
#include "rng_seed.h"

/* RFC 8439 section 2.3.2: key 00..1f, counter 1, this nonce. */
static const uint8_t rfc_2_3_2_nonce[12] = {0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0};
static const uint8_t rfc_2_3_2_block[64] = {
	0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3,
	0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22,
	0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e, 0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa,
	0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2, 0xb5, 0x12, 0x9c, 0xd1,
	0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e};
/* RFC 8439 appendix A.1, test vector #1: zero key, counter and nonce. */
static const uint8_t rfc_a1_block[64] = {
	0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90, 0x40, 0x5d, 0x6a, 0xe5, 0x53,
	0x86, 0xbd, 0x28, 0xbd, 0xd2, 0x19, 0xb8, 0xa0, 0x8d, 0xed, 0x1a, 0xa8, 0x36,
	0xef, 0xcc, 0x8b, 0x77, 0x0d, 0xc7, 0xda, 0x41, 0x59, 0x7c, 0x51, 0x57, 0x48,
	0x8d, 0x77, 0x24, 0xe0, 0x3f, 0xb8, 0xd8, 0x4a, 0x37, 0x6a, 0x43, 0xb8, 0xf4,
	0x15, 0x18, 0xa1, 0x1c, 0xc3, 0x87, 0xb6, 0x69, 0xb2, 0xee, 0x65, 0x86};

static void test_chacha20_rfc8439_section_2_3_2(void **state)
{
	uint8_t key[32], out[64];

	(void)state;
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	chacha20_block(key, 1, rfc_2_3_2_nonce, out);
	assert_memory_equal(out, rfc_2_3_2_block, 64);
}

static void test_chacha20_rfc8439_appendix_a1(void **state)
{
	static const uint8_t zero[32];
	uint8_t out[64];

	(void)state;
	chacha20_block(zero, 0, zero, out);
	assert_memory_equal(out, rfc_a1_block, 64);
}

/* A host seed of n bytes: 0x40, 0x41, ... */
static void init_host_seed(unsigned n)
{
	uint8_t s[200];

	for (unsigned i = 0; i < n; i++)
		s[i] = (uint8_t)(0x40 + i);
	rng_seed_init(s, n);
}

static void test_no_host_seed_no_vm_seed(void **state)
{
	uint8_t out[RNG_SEED_MAX];

	(void)state;
	rng_seed_init(NULL, 0);
	assert_int_equal(rng_seed_for_vm(0, 0, out), 0);
}

static void test_vm_seed_as_long_as_the_hosts_at_most_64(void **state)
{
	uint8_t out[RNG_SEED_MAX];

	(void)state;
	init_host_seed(32); /* QEMU virt's */
	assert_int_equal(rng_seed_for_vm(0, 0, out), 32);
	init_host_seed(8);
	assert_int_equal(rng_seed_for_vm(0, 0, out), 8);
	init_host_seed(200);
	assert_int_equal(rng_seed_for_vm(0, 0, out), RNG_SEED_MAX);
}

/* Four VMs, three starts each: twelve seeds, no two alike, none the host's. */
static void test_seeds_differ_by_vm_and_start(void **state)
{
	uint8_t seeds[12][RNG_SEED_MAX], host[32];

	(void)state;
	for (unsigned i = 0; i < 32; i++)
		host[i] = (uint8_t)(0x40 + i);
	init_host_seed(32);
	for (unsigned vm = 0; vm < 4; vm++)
		for (unsigned start = 0; start < 3; start++)
			assert_int_equal(rng_seed_for_vm(vm, start, seeds[vm * 3 + start]), 32);
	for (unsigned i = 0; i < 12; i++) {
		assert_memory_not_equal(seeds[i], host, 32);
		for (unsigned j = i + 1; j < 12; j++)
			assert_memory_not_equal(seeds[i], seeds[j], 32);
	}
}

static void test_same_host_seed_same_vm_seed(void **state)
{
	uint8_t a[RNG_SEED_MAX], b[RNG_SEED_MAX];

	(void)state;
	init_host_seed(32);
	rng_seed_for_vm(2, 5, a);
	init_host_seed(32);
	rng_seed_for_vm(2, 5, b);
	assert_memory_equal(a, b, 32);
}

/* Bytes past the key's 32 are folded in, not dropped. */
static void test_every_host_byte_counts(void **state)
{
	uint8_t s[48], base[RNG_SEED_MAX], out[RNG_SEED_MAX];

	(void)state;
	for (unsigned i = 0; i < sizeof(s); i++)
		s[i] = (uint8_t)i;
	rng_seed_init(s, sizeof(s));
	rng_seed_for_vm(0, 0, base);
	for (unsigned i = 0; i < sizeof(s); i += 47) {
		s[i] ^= 0x80;
		rng_seed_init(s, sizeof(s));
		rng_seed_for_vm(0, 0, out);
		assert_memory_not_equal(out, base, sizeof(s));
		s[i] ^= 0x80;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chacha20_rfc8439_section_2_3_2),
		cmocka_unit_test(test_chacha20_rfc8439_appendix_a1),
		cmocka_unit_test(test_no_host_seed_no_vm_seed),
		cmocka_unit_test(test_vm_seed_as_long_as_the_hosts_at_most_64),
		cmocka_unit_test(test_seeds_differ_by_vm_and_start),
		cmocka_unit_test(test_same_host_seed_same_vm_seed),
		cmocka_unit_test(test_every_host_byte_counts),
	};

	return cmocka_run_group_tests_name("rng_seed", tests, NULL, NULL);
}
