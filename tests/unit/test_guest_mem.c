// SPDX-License-Identifier: MIT
/*
 * A VM's RAM: zeroing a whole region writes only what is not zero; a lazy
 * region's 2 MiB chunks are zeroed and mapped when first touched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sys/mman.h>

#include "guest_mem.h"
#include "helpers.h"
#include "lib.h"
#include "page_alloc.h"
#include "stage2.h"

#define PAGE 4096UL

static uint8_t *map_pages(unsigned n)
{
	void *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(p != MAP_FAILED);
	return p;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void test_every_byte_zero_after(void **state)
{
	uint8_t *p = map_pages(9);
	/* Two regions; the second ends 100 bytes into a page. */
	struct guest_mem gm = {
		.count = 2,
		.region = {{0x80000000, (uintptr_t)p, 4 * PAGE, NULL},
			   {0x90000000, (uintptr_t)(p + 4 * PAGE), 4 * PAGE + 100, NULL}}};

	(void)state;
	for (size_t i = 0; i < 9 * PAGE; i++)
		p[i] = (uint8_t)(i * 7 + 1);
	guest_mem_reset(&gm);
	assert_true(all_zero(p, 8 * PAGE + 100));
	/* Past the region: untouched. */
	assert_int_equal(p[8 * PAGE + 100], (uint8_t)((8 * PAGE + 100) * 7 + 1));
	munmap(p, 9 * PAGE);
}

/*
 * Pages already zero are only read: they are made read-only here, so a
 * write to them would kill the test. A page with one byte set at its very
 * end must still be found and cleared.
 */
static void test_zero_pages_are_not_written(void **state)
{
	uint8_t *p = map_pages(4);
	struct guest_mem gm = {.count = 1, .region = {{0x80000000, (uintptr_t)p, 4 * PAGE, NULL}}};

	(void)state;
	p[PAGE + 17] = 0xaa;
	p[4 * PAGE - 1] = 0x55;
	assert_int_equal(mprotect(p, PAGE, PROT_READ), 0);
	assert_int_equal(mprotect(p + 2 * PAGE, PAGE, PROT_READ), 0);
	guest_mem_reset(&gm);
	assert_true(all_zero(p, 4 * PAGE));
	munmap(p, 4 * PAGE);
}

#define CHUNK GUEST_MEM_CHUNK
#define LAZY_GPA 0x80000000UL
#define LAZY_CHUNKS 4

static struct stage2 s2;
static struct guest_mem lazy_gm;

/* Four chunks of garbage, as RAM may hold after a reset. */
static int lazy_setup(void **state)
{
	uint64_t hpa;

	(void)state;
	test_ram_reset();
	assert_int_equal(stage2_init(&s2, 1), HYP_OK);
	hpa = page_alloc(LAZY_CHUNKS * CHUNK, CHUNK);
	assert_true(hpa != 0);
	memset((void *)(uintptr_t)hpa, 0xab, LAZY_CHUNKS * CHUNK);
	memset(&lazy_gm, 0, sizeof(lazy_gm));
	lazy_gm.s2 = &s2;
	lazy_gm.count = 1;
	lazy_gm.region[0] = (struct mem_region){LAZY_GPA, hpa, LAZY_CHUNKS * CHUNK, NULL};
	assert_int_equal(guest_mem_set_lazy(&lazy_gm, 0, (void *)(uintptr_t)page_alloc(4096, 4096)),
			 HYP_OK);
	return 0;
}

static int lazy_teardown(void **state)
{
	(void)state;
	test_ram_release();
	return 0;
}

static uint8_t *chunk_host(unsigned i)
{
	return (uint8_t *)(uintptr_t)(lazy_gm.region[0].hpa + i * CHUNK);
}

/* Mapped read-write-execute to its own host chunk, or not mapped at all. */
static bool chunk_mapped(unsigned i)
{
	uint64_t hpa;
	unsigned long prot;

	if (stage2_translate(&s2, LAZY_GPA + i * CHUNK + 100, &hpa, &prot))
		return false;
	assert_int_equal(hpa, (uintptr_t)chunk_host(i) + 100);
	assert_int_equal(prot & S2_RWX, S2_RWX);
	return true;
}

static void test_lazy_chunks_wait_for_first_touch(void **state)
{
	uint8_t *p;

	(void)state;
	for (unsigned i = 0; i < LAZY_CHUNKS; i++)
		assert_false(chunk_mapped(i));
	assert_true(guest_mem_covers(&lazy_gm, LAZY_GPA + CHUNK, 16));
	assert_false(chunk_mapped(1));
	/* The hypervisor's access: chunk 1 only, zeroed and mapped. */
	p = guest_mem_ptr(&lazy_gm, LAZY_GPA + CHUNK + 5, 10);
	assert_ptr_equal(p, chunk_host(1) + 5);
	assert_true(chunk_mapped(1));
	assert_true(all_zero(chunk_host(1), CHUNK));
	assert_false(chunk_mapped(0));
	assert_false(chunk_mapped(2));
	assert_false(chunk_mapped(3));
	assert_int_equal(chunk_host(0)[0], 0xab);
	assert_int_equal(chunk_host(2)[CHUNK - 1], 0xab);
	/* An access across a boundary takes both chunks. */
	assert_non_null(guest_mem_ptr(&lazy_gm, LAZY_GPA + 3 * CHUNK - 4, 8));
	assert_true(chunk_mapped(2) && chunk_mapped(3));
	assert_false(chunk_mapped(0));
}

static void test_guest_fault_populates_its_chunk(void **state)
{
	(void)state;
	assert_true(guest_mem_populate(&lazy_gm, LAZY_GPA + 3 * CHUNK + 8));
	assert_true(chunk_mapped(3));
	assert_true(all_zero(chunk_host(3), CHUNK));
	/* Again (another vCPU's stale fault): nothing is zeroed twice. */
	chunk_host(3)[7] = 42;
	assert_true(guest_mem_populate(&lazy_gm, LAZY_GPA + 3 * CHUNK));
	assert_int_equal(chunk_host(3)[7], 42);
	/* Not RAM: the fault is someone else's. */
	assert_false(guest_mem_populate(&lazy_gm, LAZY_GPA - 4));
	assert_false(guest_mem_populate(&lazy_gm, LAZY_GPA + LAZY_CHUNKS * CHUNK));
	assert_false(chunk_mapped(0));
}

/* A reboot: what the guest wrote is gone, chunk by chunk, when touched again. */
static void test_reset_drops_every_chunk(void **state)
{
	uint8_t *p;

	(void)state;
	p = guest_mem_ptr(&lazy_gm, LAZY_GPA, 8);
	memcpy(p, "old data", 8);
	assert_true(guest_mem_populate(&lazy_gm, LAZY_GPA + 2 * CHUNK));
	guest_mem_reset(&lazy_gm);
	for (unsigned i = 0; i < LAZY_CHUNKS; i++)
		assert_false(chunk_mapped(i));
	p = guest_mem_ptr(&lazy_gm, LAZY_GPA, 8);
	assert_true(all_zero(p, 8));
}

static void test_lazy_needs_aligned_region(void **state)
{
	struct guest_mem gm = lazy_gm;
	struct mem_lazy *page = (void *)(uintptr_t)page_alloc(4096, 4096);

	(void)state;
	gm.region[0].lazy = NULL;
	gm.region[0].gpa = LAZY_GPA + 4096;
	assert_int_equal(guest_mem_set_lazy(&gm, 0, page), HYP_EINVAL);
	gm.region[0].gpa = LAZY_GPA;
	gm.region[0].size = CHUNK + 4096;
	assert_int_equal(guest_mem_set_lazy(&gm, 0, page), HYP_EINVAL);
	gm.region[0].size = CHUNK;
	gm.s2 = NULL;
	assert_int_equal(guest_mem_set_lazy(&gm, 0, page), HYP_EINVAL);
	assert_int_equal(guest_mem_set_lazy(&lazy_gm, 1, page), HYP_EINVAL);
}

/* A whole region is never lazy: no populate, no stage-2 change. */
static void test_whole_region_is_not_populated(void **state)
{
	uint8_t *p = map_pages(2);
	struct guest_mem gm = {.count = 1, .region = {{0x90000000, (uintptr_t)p, 2 * PAGE, NULL}}};

	(void)state;
	assert_false(guest_mem_populate(&gm, 0x90000000));
	assert_ptr_equal(guest_mem_ptr(&gm, 0x90000000 + PAGE, 4), p + PAGE);
	munmap(p, 2 * PAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte_zero_after),
		cmocka_unit_test(test_zero_pages_are_not_written),
		cmocka_unit_test_setup_teardown(test_lazy_chunks_wait_for_first_touch, lazy_setup,
						lazy_teardown),
		cmocka_unit_test_setup_teardown(test_guest_fault_populates_its_chunk, lazy_setup,
						lazy_teardown),
		cmocka_unit_test_setup_teardown(test_reset_drops_every_chunk, lazy_setup,
						lazy_teardown),
		cmocka_unit_test_setup_teardown(test_lazy_needs_aligned_region, lazy_setup,
						lazy_teardown),
		cmocka_unit_test(test_whole_region_is_not_populated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
