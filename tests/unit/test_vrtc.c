// SPDX-License-Identifier: MIT
/* The virtual Goldfish RTC (src/vdev/vrtc.c) against a clock the test sets. */
#include "helpers.h"

#include "lib.h"
#include "vrtc.h"

#define SEC 1000000000ULL
/* 2026-11-25 00:00:00 UTC: high half 0x18b, low half not zero. */
#define HOST_NOW (1795564800ULL * SEC)

static struct vrtc rtc;
static uint64_t host_now;
static int irq_calls;
static bool irq_level;

static uint64_t fake_now(struct vrtc *r)
{
	(void)r;
	return host_now;
}

static void fake_irq(struct vrtc *r, bool level)
{
	(void)r;
	irq_calls++;
	irq_level = level;
}

static const struct vrtc_ops ops = {.now = fake_now, .irq = fake_irq};

static int setup(void **state)
{
	(void)state;
	host_now = HOST_NOW;
	irq_calls = 0;
	irq_level = false;
	vrtc_init(&rtc, &ops, NULL);
	return 0;
}

static uint32_t rd(uint64_t off)
{
	uint64_t v = ~0ULL;

	assert_int_equal(vrtc_read(&rtc, off, 4, &v), HYP_OK);
	assert_true(v <= 0xffffffffULL);
	return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
	assert_int_equal(vrtc_write(&rtc, off, 4, v), HYP_OK);
}

static uint64_t read_time(void)
{
	uint64_t lo = rd(VRTC_TIME_LOW);

	return (uint64_t)rd(VRTC_TIME_HIGH) << 32 | lo;
}

static void set_time(uint64_t t)
{
	wr(VRTC_TIME_HIGH, (uint32_t)(t >> 32));
	wr(VRTC_TIME_LOW, (uint32_t)t);
}

static void arm_alarm(uint64_t t)
{
	wr(VRTC_ALARM_HIGH, (uint32_t)(t >> 32));
	wr(VRTC_ALARM_LOW, (uint32_t)t);
}

static void test_starts_at_the_host_time_and_follows_it(void **state)
{
	(void)state;
	assert_int_equal(read_time(), HOST_NOW);
	host_now += 3 * SEC + 7;
	assert_int_equal(read_time(), HOST_NOW + 3 * SEC + 7);
}

/* TIME_HIGH is the half latched by the last TIME_LOW read, not a new one. */
static void test_time_high_is_latched_by_time_low(void **state)
{
	uint32_t lo, hi;

	(void)state;
	host_now = 0x00000005fffffff0ULL;
	lo = rd(VRTC_TIME_LOW);
	host_now += 0x20; /* the high half moves on to 6 */
	hi = rd(VRTC_TIME_HIGH);
	assert_int_equal(lo, 0xfffffff0);
	assert_int_equal(hi, 5);
}

static void test_setting_the_time_moves_the_count_only(void **state)
{
	(void)state;
	set_time(1000 * SEC);
	assert_int_equal(read_time(), 1000 * SEC);
	host_now += SEC;
	assert_int_equal(read_time(), 1001 * SEC);
	/* A new VM (vrtc_init) starts at the host's time again; a reset keeps it. */
	vrtc_reset(&rtc);
	assert_int_equal(read_time(), 1001 * SEC);
}

static void test_alarm_fires_when_its_time_comes(void **state)
{
	(void)state;
	wr(VRTC_IRQ_ENABLED, 1);
	arm_alarm(HOST_NOW + 2 * SEC);
	assert_int_equal(rd(VRTC_ALARM_STATUS), 1);
	assert_int_equal(vrtc_alarm_at(&rtc), HOST_NOW + 2 * SEC);
	host_now += 2 * SEC - 1;
	vrtc_poll(&rtc);
	assert_false(irq_level);
	host_now += 1;
	vrtc_poll(&rtc);
	assert_true(irq_level);
	assert_int_equal(rd(VRTC_ALARM_STATUS), 0);
	assert_int_equal(vrtc_alarm_at(&rtc), UINT64_MAX);
	/* Pending until cleared. */
	wr(VRTC_CLEAR_INTERRUPT, 1);
	assert_false(irq_level);
}

static void test_alarm_in_the_past_fires_at_once(void **state)
{
	(void)state;
	wr(VRTC_IRQ_ENABLED, 1);
	arm_alarm(HOST_NOW);
	assert_true(irq_level);
	assert_int_equal(rd(VRTC_ALARM_STATUS), 0);
}

/* The output is pending AND enabled: enabling later raises it then. */
static void test_interrupt_needs_enable(void **state)
{
	(void)state;
	arm_alarm(HOST_NOW - SEC);
	assert_false(irq_level);
	wr(VRTC_IRQ_ENABLED, 1);
	assert_true(irq_level);
	assert_int_equal(rd(VRTC_IRQ_ENABLED), 1);
	wr(VRTC_IRQ_ENABLED, 0);
	assert_false(irq_level);
}

static void test_clear_alarm_disarms(void **state)
{
	(void)state;
	wr(VRTC_IRQ_ENABLED, 1);
	arm_alarm(HOST_NOW + SEC);
	wr(VRTC_CLEAR_ALARM, 1);
	assert_int_equal(rd(VRTC_ALARM_STATUS), 0);
	host_now += 2 * SEC;
	vrtc_poll(&rtc);
	assert_false(irq_level);
	assert_int_equal(irq_calls, 1); /* the IRQ_ENABLED write only */
}

/* An armed alarm keeps its host moment when the guest sets the time. */
static void test_setting_the_time_keeps_an_armed_alarms_moment(void **state)
{
	(void)state;
	wr(VRTC_IRQ_ENABLED, 1);
	arm_alarm(HOST_NOW + 10 * SEC);
	set_time(HOST_NOW + 100 * SEC);
	vrtc_poll(&rtc);
	assert_false(irq_level);
	host_now += 10 * SEC;
	vrtc_poll(&rtc);
	assert_true(irq_level);
}

static void test_alarm_registers_read_back(void **state)
{
	(void)state;
	arm_alarm(HOST_NOW + 0x123456789ULL);
	assert_int_equal(rd(VRTC_ALARM_LOW), (uint32_t)(HOST_NOW + 0x123456789ULL));
	assert_int_equal(rd(VRTC_ALARM_HIGH), (uint32_t)((HOST_NOW + 0x123456789ULL) >> 32));
	/* Write-only and unassigned registers read 0. */
	assert_int_equal(rd(VRTC_CLEAR_ALARM), 0);
	assert_int_equal(rd(VRTC_CLEAR_INTERRUPT), 0);
	assert_int_equal(rd(0x20), 0);
}

static void test_reset_disarms_and_lowers(void **state)
{
	(void)state;
	wr(VRTC_IRQ_ENABLED, 1);
	arm_alarm(HOST_NOW);
	assert_true(irq_level);
	vrtc_reset(&rtc);
	assert_false(irq_level);
	assert_int_equal(rd(VRTC_IRQ_ENABLED), 0);
	assert_int_equal(vrtc_alarm_at(&rtc), UINT64_MAX);
}

/* As QEMU 7.2: an aligned doubleword is the two words, the low one first. */
static void test_doubleword_is_two_words(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(vrtc_read(&rtc, VRTC_TIME_LOW, 8, &v), HYP_OK);
	assert_int_equal(v, HOST_NOW);
	assert_int_equal(vrtc_write(&rtc, VRTC_TIME_LOW, 8, 5 * SEC), HYP_OK);
	assert_int_equal(read_time(), 5 * SEC);
	/*
	 * ALARM_LOW arms with the ALARM_HIGH already there (0), then HIGH is
	 * set: 6 s is 0x1_65a0bc00, so the alarm armed for 0x65a0bc00 ns,
	 * before the count (5 s), and fired at once, as on QEMU.
	 */
	wr(VRTC_IRQ_ENABLED, 1);
	assert_int_equal(vrtc_write(&rtc, VRTC_ALARM_LOW, 8, 6 * SEC), HYP_OK);
	assert_int_equal(rd(VRTC_ALARM_STATUS), 0);
	assert_true(irq_level);
	assert_int_equal(vrtc_read(&rtc, VRTC_ALARM_LOW, 8, &v), HYP_OK);
	assert_int_equal(v, 6 * SEC);
	assert_int_equal(vrtc_read(&rtc, VRTC_IRQ_ENABLED, 8, &v), HYP_OK);
	assert_int_equal(v, 1);
}

/* Inside the register block, 4-byte or aligned 8-byte: nothing else. */
static void test_other_accesses_fault(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(vrtc_read(&rtc, 4, 8, &v), HYP_EFAULT);
	assert_int_equal(vrtc_read(&rtc, 0x20, 8, &v), HYP_EFAULT);
	assert_int_equal(vrtc_read(&rtc, 0, 1, &v), HYP_EFAULT);
	assert_int_equal(vrtc_read(&rtc, 2, 4, &v), HYP_EFAULT);
	assert_int_equal(vrtc_read(&rtc, 0x24, 4, &v), HYP_EFAULT);
	assert_int_equal(vrtc_write(&rtc, 0xffc, 4, 0), HYP_EFAULT);
	assert_int_equal(vrtc_write(&rtc, 0, 2, 0), HYP_EFAULT);
	assert_int_equal(read_time(), HOST_NOW);
}

#define VRTC_TEST(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		VRTC_TEST(test_starts_at_the_host_time_and_follows_it),
		VRTC_TEST(test_time_high_is_latched_by_time_low),
		VRTC_TEST(test_setting_the_time_moves_the_count_only),
		VRTC_TEST(test_alarm_fires_when_its_time_comes),
		VRTC_TEST(test_alarm_in_the_past_fires_at_once),
		VRTC_TEST(test_interrupt_needs_enable),
		VRTC_TEST(test_clear_alarm_disarms),
		VRTC_TEST(test_setting_the_time_keeps_an_armed_alarms_moment),
		VRTC_TEST(test_alarm_registers_read_back),
		VRTC_TEST(test_reset_disarms_and_lowers),
		VRTC_TEST(test_doubleword_is_two_words),
		VRTC_TEST(test_other_accesses_fault),
	};

	return cmocka_run_group_tests_name("vrtc", tests, NULL, NULL);
}
