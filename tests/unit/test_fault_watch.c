// SPDX-License-Identifier: MIT
/* When an access fault is injected into the guest and when the VM is stopped instead. */
#include "helpers.h"

#include "fault_watch.h"

#define PC 0x80200010UL
#define GPA 0x90000000UL
#define VECTOR 0x80200100UL

static struct fault_watch w;

static int setup(void **state)
{
	(void)state;
	memset(&w, 0, sizeof(w));
	return 0;
}

static void test_first_fault_is_injected(void **state)
{
	(void)state;
	assert_int_equal(fault_watch_check(&w, false, PC, GPA, VECTOR), FAULT_INJECT);
	assert_int_equal(fault_watch_check(&w, true, PC, GPA, VECTOR), FAULT_INJECT);
}

static void test_fetch_of_the_trap_vector_stops(void **state)
{
	(void)state;
	assert_int_equal(fault_watch_check(&w, true, VECTOR, VECTOR, VECTOR), FAULT_VECTOR_FAULT);
	/* A load by the handler's first instruction is not the vector's fetch. */
	assert_int_equal(fault_watch_check(&w, false, VECTOR, GPA, VECTOR), FAULT_INJECT);
	/* vstvec = 0 (never set) and a fetch at 0: the same. */
	memset(&w, 0, sizeof(w));
	assert_int_equal(fault_watch_check(&w, true, 0, 0, 0), FAULT_VECTOR_FAULT);
}

static void test_same_fault_repeated_stops_at_the_limit(void **state)
{
	(void)state;
	for (unsigned i = 1; i < FAULT_REPEAT_LIMIT; i++)
		assert_int_equal(fault_watch_check(&w, false, PC, GPA, VECTOR), FAULT_INJECT);
	assert_int_equal(fault_watch_check(&w, false, PC, GPA, VECTOR), FAULT_REPEATED);
}

static void test_a_different_fault_starts_the_count_again(void **state)
{
	(void)state;
	for (unsigned i = 1; i < FAULT_REPEAT_LIMIT; i++)
		assert_int_equal(fault_watch_check(&w, false, PC, GPA, VECTOR), FAULT_INJECT);
	/* Another address at the same pc (a sweep), then another pc. */
	assert_int_equal(fault_watch_check(&w, false, PC, GPA + 8, VECTOR), FAULT_INJECT);
	assert_int_equal(w.repeats, 1);
	for (unsigned i = 1; i < FAULT_REPEAT_LIMIT; i++)
		assert_int_equal(fault_watch_check(&w, false, PC + 4, GPA + 8, VECTOR),
				 FAULT_INJECT);
	assert_int_equal(fault_watch_check(&w, false, PC, GPA + 8, VECTOR), FAULT_INJECT);
}

static void test_a_sweep_never_stops(void **state)
{
	(void)state;
	for (unsigned long a = 0; a < 4 * FAULT_REPEAT_LIMIT; a++)
		assert_int_equal(fault_watch_check(&w, false, PC, GPA + a * 4096, VECTOR),
				 FAULT_INJECT);
}

#define WATCH_TEST(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		WATCH_TEST(test_first_fault_is_injected),
		WATCH_TEST(test_fetch_of_the_trap_vector_stops),
		WATCH_TEST(test_same_fault_repeated_stops_at_the_limit),
		WATCH_TEST(test_a_different_fault_starts_the_count_again),
		WATCH_TEST(test_a_sweep_never_stops),
	};

	return cmocka_run_group_tests_name("fault_watch", tests, NULL, NULL);
}
