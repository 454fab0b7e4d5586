// SPDX-License-Identifier: MIT
/* The virtual PLIC: register map, claim/complete, and its output callbacks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "lib.h"
#include "vdev.h"
#include "vplic.h"

#define NR_VCPUS 3
#define LOG_MAX 64

struct update_rec {
	unsigned vcpu;
	bool level;
};

static struct vplic plic;
static struct update_rec updates[LOG_MAX];
static unsigned nr_updates;
static unsigned completes[LOG_MAX];
static unsigned nr_completes;
static unsigned update_depth, max_update_depth;

/* Optional extra behaviour inside the callbacks, per test. */
static void (*on_update)(struct vplic *p, unsigned vcpu, bool level);
static void (*on_complete)(struct vplic *p, unsigned src);

static void rec_update(struct vplic *p, unsigned vcpu, bool level)
{
	assert_ptr_equal(p, &plic);
	assert_true(nr_updates < LOG_MAX);
	updates[nr_updates++] = (struct update_rec){vcpu, level};
	update_depth++;
	if (update_depth > max_update_depth)
		max_update_depth = update_depth;
	if (on_update)
		on_update(p, vcpu, level);
	update_depth--;
}

static void rec_complete(struct vplic *p, unsigned src)
{
	assert_ptr_equal(p, &plic);
	assert_true(nr_completes < LOG_MAX);
	completes[nr_completes++] = src;
	if (on_complete)
		on_complete(p, src);
}

/* Window and update calls in the order they came: 'W'/'U', vCPU, level. */
struct event {
	char kind;
	unsigned vcpu;
	bool level;
};
static struct event events[LOG_MAX];
static unsigned nr_events;

static void log_event(char kind, unsigned vcpu, bool level)
{
	assert_true(nr_events < LOG_MAX);
	events[nr_events++] = (struct event){kind, vcpu, level};
}

static void rec_window(struct vplic *p, unsigned vcpu, bool readable)
{
	assert_ptr_equal(p, &plic);
	log_event('W', vcpu, readable);
}

static void rec_update_logged(struct vplic *p, unsigned vcpu, bool level)
{
	log_event('U', vcpu, level);
	rec_update(p, vcpu, level);
}

static const struct vplic_ops ops = {
	.update = rec_update_logged,
	.complete = rec_complete,
	.window = rec_window,
};

static int opaque_cookie;

static int setup(void **state)
{
	(void)state;
	nr_updates = nr_completes = nr_events = 0;
	update_depth = max_update_depth = 0;
	on_update = NULL;
	on_complete = NULL;
	vplic_init(&plic, NR_VCPUS, &ops, &opaque_cookie);
	return 0;
}

/* ---- register helpers ---- */

static uint32_t rd(uint64_t off)
{
	uint64_t v = 0xdeadbeefdeadbeefULL;

	assert_int_equal(vplic_read(&plic, off, 4, &v), HYP_OK);
	assert_true(v <= 0xffffffffULL);
	return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
	assert_int_equal(vplic_write(&plic, off, 4, v), HYP_OK);
}

static uint64_t prio_off(unsigned src)
{
	return VPLIC_PRIORITY_BASE + 4 * src;
}

static uint64_t enable_off(unsigned ctx, unsigned word)
{
	return VPLIC_ENABLE_BASE + VPLIC_ENABLE_STRIDE * ctx + 4 * word;
}

static uint64_t thresh_off(unsigned ctx)
{
	return VPLIC_CONTEXT_BASE + VPLIC_CONTEXT_STRIDE * ctx + VPLIC_THRESHOLD;
}

static uint64_t claim_off(unsigned ctx)
{
	return VPLIC_CONTEXT_BASE + VPLIC_CONTEXT_STRIDE * ctx + VPLIC_CLAIM;
}

static void set_prio(unsigned src, uint32_t prio)
{
	wr(prio_off(src), prio);
}

static void enable(unsigned ctx, unsigned src)
{
	uint64_t off = enable_off(ctx, src / 32);

	wr(off, rd(off) | (1U << (src % 32)));
}

static void disable(unsigned ctx, unsigned src)
{
	uint64_t off = enable_off(ctx, src / 32);

	wr(off, rd(off) & ~(1U << (src % 32)));
}

static void set_thresh(unsigned ctx, uint32_t t)
{
	wr(thresh_off(ctx), t);
}

static unsigned claim(unsigned ctx)
{
	return rd(claim_off(ctx));
}

static void complete(unsigned ctx, unsigned src)
{
	wr(claim_off(ctx), src);
}

static bool pending_bit(unsigned src)
{
	return (rd(VPLIC_PENDING_BASE + 4 * (src / 32)) >> (src % 32)) & 1;
}

/* Priority prio, enabled for S context of vCPU vcpu. */
static void route(unsigned src, uint32_t prio, unsigned vcpu)
{
	set_prio(src, prio);
	enable(VPLIC_CTX_S(vcpu), src);
}

static void assert_update(unsigned i, unsigned vcpu, bool level)
{
	assert_true(i < nr_updates);
	assert_int_equal(updates[i].vcpu, vcpu);
	assert_int_equal(updates[i].level, level);
}

/* ---- tests ---- */

static void test_init_state(void **state)
{
	(void)state;
	assert_int_equal(plic.nr_vcpus, NR_VCPUS);
	assert_int_equal(plic.nr_contexts, 2 * NR_VCPUS);
	assert_ptr_equal(plic.opaque, &opaque_cookie);
	for (unsigned i = 0; i < NR_VCPUS; i++)
		assert_false(vplic_pending_for(&plic, i));
	assert_false(vplic_pending_for(&plic, NR_VCPUS));
	assert_false(vplic_pending_for(&plic, 1000));
	assert_int_equal(claim(VPLIC_CTX_S(0)), 0);
	assert_int_equal(nr_updates, 0);

	struct vplic big;
	vplic_init(&big, 100, NULL, NULL);
	assert_int_equal(big.nr_vcpus, VPLIC_MAX_VCPUS);
}

static void test_claim_highest_priority_ties_lowest_id(void **state)
{
	(void)state;
	const unsigned ctx = VPLIC_CTX_S(0);

	route(3, 2, 0);
	route(5, 5, 0);
	route(7, 5, 0);
	route(9, 1, 0);
	route(70, 6, 0); /* a source in the last word */
	vplic_set_level(&plic, 9, true);
	vplic_set_level(&plic, 7, true);
	vplic_set_level(&plic, 5, true);
	vplic_set_level(&plic, 3, true);
	vplic_set_level(&plic, 70, true);

	assert_int_equal(claim(ctx), 70);
	assert_int_equal(claim(ctx), 5);
	assert_int_equal(claim(ctx), 7);
	assert_int_equal(claim(ctx), 3);
	assert_int_equal(claim(ctx), 9);
	assert_int_equal(claim(ctx), 0);
	assert_false(vplic_pending_for(&plic, 0));
}

static void test_claim_nothing_returns_zero(void **state)
{
	(void)state;
	assert_int_equal(claim(VPLIC_CTX_S(0)), 0);
	assert_int_equal(claim(VPLIC_CTX_M(0)), 0);

	/* Pending but not enabled anywhere. */
	set_prio(4, 3);
	vplic_set_level(&plic, 4, true);
	assert_true(pending_bit(4));
	assert_int_equal(claim(VPLIC_CTX_S(0)), 0);
	assert_true(pending_bit(4)); /* an empty claim changes nothing */

	/* Enabled but its line is low. */
	route(8, 3, 0);
	assert_int_equal(claim(VPLIC_CTX_S(0)), 0);
	assert_int_equal(nr_updates, 0);
}

static void test_claimed_source_not_pending_until_complete(void **state)
{
	(void)state;
	const unsigned ctx = VPLIC_CTX_S(0);

	route(4, 1, 0);
	vplic_set_level(&plic, 4, true);
	assert_true(pending_bit(4));
	assert_int_equal(claim(ctx), 4);
	assert_false(pending_bit(4));

	/* The line stays (or is re-driven) high: still in service. */
	vplic_set_level(&plic, 4, true);
	assert_false(pending_bit(4));
	assert_int_equal(claim(ctx), 0);
	assert_false(vplic_pending_for(&plic, 0));

	/* Complete with the line still high: pending again at once. */
	complete(ctx, 4);
	assert_true(pending_bit(4));
	assert_true(vplic_pending_for(&plic, 0));
	assert_int_equal(claim(ctx), 4);
}

static void test_complete_with_line_low_does_not_repend(void **state)
{
	(void)state;
	const unsigned ctx = VPLIC_CTX_S(1);

	route(12, 4, 1);
	vplic_set_level(&plic, 12, true);
	assert_int_equal(claim(ctx), 12);
	vplic_set_level(&plic, 12, false);
	complete(ctx, 12);
	assert_false(pending_bit(12));
	assert_false(vplic_pending_for(&plic, 1));
	assert_int_equal(claim(ctx), 0);

	/* A line dropped before the claim withdraws the request. */
	vplic_set_level(&plic, 12, true);
	assert_true(vplic_pending_for(&plic, 1));
	vplic_set_level(&plic, 12, false);
	assert_false(pending_bit(12));
	assert_false(vplic_pending_for(&plic, 1));
	assert_int_equal(claim(ctx), 0);
}

static void test_enables_are_per_context(void **state)
{
	(void)state;

	route(6, 2, 1); /* only vCPU 1's S context */
	vplic_set_level(&plic, 6, true);

	assert_int_equal(nr_updates, 1);
	assert_update(0, 1, true);
	assert_false(vplic_pending_for(&plic, 0));
	assert_true(vplic_pending_for(&plic, 1));
	assert_false(vplic_pending_for(&plic, 2));

	assert_int_equal(claim(VPLIC_CTX_S(0)), 0);
	assert_int_equal(claim(VPLIC_CTX_M(1)), 0);
	assert_int_equal(claim(VPLIC_CTX_S(2)), 0);
	assert_int_equal(claim(VPLIC_CTX_S(1)), 6);
	assert_int_equal(nr_updates, 2);
	assert_update(1, 1, false);

	/* Enabled in two contexts: both see it until one claims it. */
	route(20, 1, 0);
	route(20, 1, 2);
	vplic_set_level(&plic, 20, true);
	assert_true(vplic_pending_for(&plic, 0));
	assert_true(vplic_pending_for(&plic, 2));
	assert_int_equal(claim(VPLIC_CTX_S(2)), 20);
	assert_false(vplic_pending_for(&plic, 0));
	assert_false(vplic_pending_for(&plic, 2));
	assert_int_equal(claim(VPLIC_CTX_S(0)), 0);

	/* Disabling a pending source drops the output. */
	vplic_set_level(&plic, 6, false);
	complete(VPLIC_CTX_S(1), 6);
	route(30, 3, 0);
	vplic_set_level(&plic, 30, true);
	assert_true(vplic_pending_for(&plic, 0));
	disable(VPLIC_CTX_S(0), 30);
	assert_false(vplic_pending_for(&plic, 0));
	assert_true(pending_bit(30));
}

static void test_threshold_masks(void **state)
{
	(void)state;
	const unsigned ctx = VPLIC_CTX_S(0);

	set_thresh(ctx, 3);
	route(10, 3, 0);
	vplic_set_level(&plic, 10, true);
	assert_false(vplic_pending_for(&plic, 0));
	assert_int_equal(claim(ctx), 0);
	assert_int_equal(nr_updates, 0);

	set_thresh(ctx, 2);
	assert_true(vplic_pending_for(&plic, 0));
	assert_int_equal(nr_updates, 1);
	assert_update(0, 0, true);

	/* Raising the priority above a re-raised threshold delivers again. */
	set_thresh(ctx, 7);
	assert_false(vplic_pending_for(&plic, 0));
	assert_int_equal(claim(ctx), 0);
	set_thresh(ctx, 6);
	set_prio(10, 7);
	assert_true(vplic_pending_for(&plic, 0));
	assert_int_equal(claim(ctx), 10);

	/* Threshold of another context does not matter. */
	route(11, 1, 1);
	set_thresh(ctx, 7);
	vplic_set_level(&plic, 11, true);
	assert_true(vplic_pending_for(&plic, 1));
}

static void test_priority_zero_never_delivers(void **state)
{
	(void)state;
	const unsigned ctx = VPLIC_CTX_S(0);

	route(15, 0, 0);
	set_thresh(ctx, 0);
	vplic_set_level(&plic, 15, true);
	assert_true(pending_bit(15));
	assert_false(vplic_pending_for(&plic, 0));
	assert_int_equal(claim(ctx), 0);
	assert_int_equal(nr_updates, 0);

	/* Giving it a priority delivers; taking it away withdraws. */
	set_prio(15, 1);
	assert_true(vplic_pending_for(&plic, 0));
	set_prio(15, 0);
	assert_false(vplic_pending_for(&plic, 0));
	assert_int_equal(nr_updates, 2);
	/* Writing 8 keeps bits 2:0, i.e. 0. */
	set_prio(15, 8);
	assert_int_equal(rd(prio_off(15)), 0);
	assert_false(vplic_pending_for(&plic, 0));
}

static void test_update_fires_exactly_on_level_changes(void **state)
{
	(void)state;
	const unsigned ctx = VPLIC_CTX_S(2);

	route(1, 1, 2);
	route(2, 2, 2);

	vplic_set_level(&plic, 1, true);
	assert_int_equal(nr_updates, 1);
	assert_update(0, 2, true);

	/* Already high: more sources, repeated levels, register writes. */
	vplic_set_level(&plic, 2, true);
	vplic_set_level(&plic, 1, true);
	set_prio(1, 3);
	set_thresh(ctx, 0);
	assert_int_equal(nr_updates, 1);

	/* Claiming one leaves the other deliverable. */
	assert_int_equal(claim(ctx), 1);
	assert_int_equal(nr_updates, 1);
	assert_int_equal(claim(ctx), 2);
	assert_int_equal(nr_updates, 2);
	assert_update(1, 2, false);

	/* Completing with both lines low changes nothing. */
	vplic_set_level(&plic, 1, false);
	vplic_set_level(&plic, 2, false);
	complete(ctx, 1);
	complete(ctx, 2);
	assert_int_equal(nr_updates, 2);

	/* An empty claim does not report anything. */
	assert_int_equal(claim(ctx), 0);
	assert_int_equal(nr_updates, 2);

	/* Every transition is reported, in order. */
	vplic_set_level(&plic, 2, true);
	vplic_set_level(&plic, 2, false);
	vplic_set_level(&plic, 2, true);
	assert_int_equal(nr_updates, 5);
	assert_update(2, 2, true);
	assert_update(3, 2, false);
	assert_update(4, 2, true);
	assert_int_equal(max_update_depth, 1);
}

static void test_complete_callback(void **state)
{
	(void)state;
	const unsigned ctx = VPLIC_CTX_S(0);

	route(33, 1, 0);
	vplic_set_level(&plic, 33, true);
	assert_int_equal(claim(ctx), 33);
	vplic_set_level(&plic, 33, false);
	complete(ctx, 33);
	assert_int_equal(nr_completes, 1);
	assert_int_equal(completes[0], 33);

	/* Not in service any more: a second completion is ignored. */
	complete(ctx, 33);
	assert_int_equal(nr_completes, 1);

	/* Never claimed. */
	vplic_set_level(&plic, 33, true);
	complete(ctx, 33);
	assert_int_equal(nr_completes, 1);
	assert_true(pending_bit(33));

	/* Out of range ids, including 0. */
	complete(ctx, 0);
	complete(ctx, VPLIC_NUM_SOURCES);
	complete(ctx, 0xffffffff);
	assert_int_equal(nr_completes, 1);
}

static void test_complete_of_source_not_enabled_is_ignored(void **state)
{
	(void)state;

	route(40, 2, 0);
	vplic_set_level(&plic, 40, true);
	assert_int_equal(claim(VPLIC_CTX_S(0)), 40);

	/* vCPU 1's context does not enable 40: its completion is ignored. */
	complete(VPLIC_CTX_S(1), 40);
	assert_int_equal(nr_completes, 0);
	assert_false(pending_bit(40)); /* still in service */
	assert_int_equal(claim(VPLIC_CTX_S(0)), 0);

	/* Disabled after the claim: completing is ignored until re-enabled. */
	disable(VPLIC_CTX_S(0), 40);
	complete(VPLIC_CTX_S(0), 40);
	assert_int_equal(nr_completes, 0);
	enable(VPLIC_CTX_S(0), 40);
	assert_int_equal(claim(VPLIC_CTX_S(0)), 0);
	complete(VPLIC_CTX_S(0), 40);
	assert_int_equal(nr_completes, 1);
	assert_int_equal(completes[0], 40);
	assert_int_equal(claim(VPLIC_CTX_S(0)), 40);
}

static void test_m_contexts_never_signal(void **state)
{
	(void)state;

	set_prio(50, 5);
	enable(VPLIC_CTX_M(0), 50);
	enable(VPLIC_CTX_M(2), 50);
	vplic_set_level(&plic, 50, true);
	assert_int_equal(nr_updates, 0);
	for (unsigned i = 0; i < NR_VCPUS; i++)
		assert_false(vplic_pending_for(&plic, i));

	/* The registers still work like a PLIC's. */
	assert_int_equal(rd(enable_off(VPLIC_CTX_M(0), 1)), 1U << (50 - 32));
	set_thresh(VPLIC_CTX_M(0), 4);
	assert_int_equal(rd(thresh_off(VPLIC_CTX_M(0))), 4);
	assert_int_equal(claim(VPLIC_CTX_M(0)), 50);
	complete(VPLIC_CTX_M(0), 50);
	assert_int_equal(nr_completes, 1);
	assert_int_equal(nr_updates, 0);
}

static void test_register_readback(void **state)
{
	(void)state;

	/* Priorities keep bits 2:0. */
	set_prio(1, 0xffffffff);
	assert_int_equal(rd(prio_off(1)), 7);
	set_prio(2, 0x0a);
	assert_int_equal(rd(prio_off(2)), 2);
	set_prio(VPLIC_NUM_SOURCES - 1, 5);
	assert_int_equal(rd(prio_off(VPLIC_NUM_SOURCES - 1)), 5);
	/* Beyond the last source: nothing there. */
	set_prio(VPLIC_NUM_SOURCES, 5);
	assert_int_equal(rd(prio_off(VPLIC_NUM_SOURCES)), 0);
	assert_int_equal(rd(prio_off(1023)), 0);

	/* Enable words: all sources 1..95 exist, source 0 does not. */
	for (unsigned ctx = 0; ctx < 2 * NR_VCPUS; ctx++) {
		wr(enable_off(ctx, 0), 0xffffffff);
		wr(enable_off(ctx, 1), 0x12345678 + ctx);
		wr(enable_off(ctx, 2), 0xffffffff);
		wr(enable_off(ctx, 3), 0xffffffff);
	}
	for (unsigned ctx = 0; ctx < 2 * NR_VCPUS; ctx++) {
		assert_int_equal(rd(enable_off(ctx, 0)), 0xfffffffe);
		assert_int_equal(rd(enable_off(ctx, 1)), 0x12345678 + ctx);
		assert_int_equal(rd(enable_off(ctx, 2)), 0xffffffff);
		assert_int_equal(rd(enable_off(ctx, 3)), 0);
		assert_int_equal(rd(enable_off(ctx, 31)), 0);
	}
	/* Contexts past the last vCPU do not exist. */
	wr(enable_off(2 * NR_VCPUS, 0), 0xffffffff);
	assert_int_equal(rd(enable_off(2 * NR_VCPUS, 0)), 0);

	/* Thresholds keep bits 2:0, per context. */
	set_thresh(VPLIC_CTX_S(0), 0xffffffff);
	set_thresh(VPLIC_CTX_S(1), 3);
	set_thresh(VPLIC_CTX_M(1), 0x1c);
	assert_int_equal(rd(thresh_off(VPLIC_CTX_S(0))), 7);
	assert_int_equal(rd(thresh_off(VPLIC_CTX_S(1))), 3);
	assert_int_equal(rd(thresh_off(VPLIC_CTX_M(1))), 4);
	assert_int_equal(rd(thresh_off(VPLIC_CTX_M(0))), 0);
	set_thresh(2 * NR_VCPUS, 5);
	assert_int_equal(rd(thresh_off(2 * NR_VCPUS)), 0);

	/* Pending words reflect the lines and ignore writes. */
	vplic_set_level(&plic, 1, true);
	vplic_set_level(&plic, 31, true);
	vplic_set_level(&plic, 32, true);
	vplic_set_level(&plic, 95, true);
	assert_int_equal(rd(VPLIC_PENDING_BASE + 0), 0x80000002);
	assert_int_equal(rd(VPLIC_PENDING_BASE + 4), 0x00000001);
	assert_int_equal(rd(VPLIC_PENDING_BASE + 8), 0x80000000);
	assert_int_equal(rd(VPLIC_PENDING_BASE + 12), 0);
	wr(VPLIC_PENDING_BASE, 0);
	wr(VPLIC_PENDING_BASE + 4, 0xffffffff);
	assert_int_equal(rd(VPLIC_PENDING_BASE + 0), 0x80000002);
	assert_int_equal(rd(VPLIC_PENDING_BASE + 4), 0x00000001);
}

static void test_source_zero(void **state)
{
	(void)state;

	set_prio(0, 7);
	assert_int_equal(rd(prio_off(0)), 0);
	wr(enable_off(VPLIC_CTX_S(0), 0), 1);
	assert_int_equal(rd(enable_off(VPLIC_CTX_S(0), 0)), 0);
	vplic_set_level(&plic, 0, true);
	vplic_set_level(&plic, VPLIC_NUM_SOURCES, true);
	vplic_set_level(&plic, 0xffffffffU, true);
	assert_int_equal(rd(VPLIC_PENDING_BASE), 0);
	assert_int_equal(rd(VPLIC_PENDING_BASE + 4 * (VPLIC_WORDS - 1)), 0);
	assert_int_equal(claim(VPLIC_CTX_S(0)), 0);
	complete(VPLIC_CTX_S(0), 0);
	assert_int_equal(nr_completes, 0);
	assert_int_equal(nr_updates, 0);
}

static void test_bad_accesses_fault(void **state)
{
	(void)state;
	uint64_t v = 0x1234;
	static const unsigned widths[] = {0, 1, 2, 3, 8};

	for (unsigned i = 0; i < ARRAY_SIZE(widths); i++) {
		assert_int_equal(vplic_read(&plic, prio_off(1), widths[i], &v), HYP_EFAULT);
		assert_int_equal(vplic_write(&plic, prio_off(1), widths[i], 7), HYP_EFAULT);
	}
	for (unsigned off = 1; off < 4; off++) {
		assert_int_equal(vplic_read(&plic, prio_off(1) + off, 4, &v), HYP_EFAULT);
		assert_int_equal(vplic_write(&plic, claim_off(0) + off, 4, 1), HYP_EFAULT);
	}
	assert_int_equal(vplic_read(&plic, VPLIC_SIZE, 4, &v), HYP_EFAULT);
	assert_int_equal(vplic_write(&plic, VPLIC_SIZE, 4, 0), HYP_EFAULT);
	assert_int_equal(vplic_read(&plic, ~0ULL - 3, 4, &v), HYP_EFAULT);
	assert_int_equal(v, 0x1234); /* untouched on failure */
	assert_int_equal(rd(prio_off(1)), 0);

	/* Unimplemented but inside the region: 0, writes ignored. */
	assert_int_equal(rd(VPLIC_SIZE - 4), 0);
	wr(VPLIC_SIZE - 4, 0xffffffff);
	assert_int_equal(rd(VPLIC_CONTEXT_BASE + 8), 0);
	wr(VPLIC_CONTEXT_BASE + 8, 0xffffffff);
	assert_int_equal(rd(VPLIC_CONTEXT_BASE + 8), 0);
	assert_int_equal(rd(claim_off(2 * NR_VCPUS)), 0);
	wr(claim_off(2 * NR_VCPUS), 1);
	assert_int_equal(rd(0x1ffc), 0);
	assert_int_equal(nr_updates + nr_completes, 0);
}

static void test_vdev_adapter(void **state)
{
	(void)state;
	struct vdev d = {
		.name = "plic",
		.base = VPLIC_BASE,
		.size = VPLIC_SIZE,
		.ops = &vplic_vdev_ops,
		.priv = &plic,
	};
	uint64_t v = 0;

	assert_int_equal(d.ops->write(&d, NULL, prio_off(9), 4, 0xff), HYP_OK);
	assert_int_equal(d.ops->read(&d, NULL, prio_off(9), 4, &v), HYP_OK);
	assert_int_equal(v, 7);
	assert_int_equal(d.ops->write(&d, NULL, enable_off(VPLIC_CTX_S(0), 0), 4, 1U << 9), HYP_OK);
	vplic_set_level(&plic, 9, true);
	assert_int_equal(d.ops->read(&d, NULL, claim_off(VPLIC_CTX_S(0)), 4, &v), HYP_OK);
	assert_int_equal(v, 9);
	assert_int_equal(d.ops->write(&d, NULL, claim_off(VPLIC_CTX_S(0)), 4, 9), HYP_OK);
	assert_int_equal(nr_completes, 1);
	assert_int_equal(d.ops->read(&d, NULL, prio_off(9), 2, &v), HYP_EFAULT);
	assert_int_equal(d.ops->write(&d, NULL, prio_off(9), 8, 0), HYP_EFAULT);
}

/* The passthrough recipe: the glue lowers the line from ops->complete. */
static void lower_on_complete(struct vplic *p, unsigned src)
{
	vplic_set_level(p, src, false);
}

static void test_callbacks_may_reenter(void **state)
{
	(void)state;
	const unsigned ctx = VPLIC_CTX_S(0);

	on_complete = lower_on_complete;
	route(60, 1, 0);
	vplic_set_level(&plic, 60, true);
	assert_int_equal(nr_updates, 1);
	assert_int_equal(claim(ctx), 60);
	assert_int_equal(nr_updates, 2);
	complete(ctx, 60);
	assert_int_equal(nr_completes, 1);
	/* The line was lowered before the re-pend was reported: no flicker. */
	assert_int_equal(nr_updates, 2);
	assert_false(pending_bit(60));
	assert_false(vplic_pending_for(&plic, 0));
}

/* An update callback that changes the state again, then queries it. */
static void lower_on_raise(struct vplic *p, unsigned vcpu, bool level)
{
	if (vcpu == 0 && level) {
		vplic_set_level(p, 61, false);
		assert_false(vplic_pending_for(p, 0));
	}
}

static void test_update_from_update_is_not_recursive(void **state)
{
	(void)state;

	on_update = lower_on_raise;
	route(61, 1, 0);
	vplic_set_level(&plic, 61, true);
	assert_int_equal(nr_updates, 2);
	assert_update(0, 0, true);
	assert_update(1, 0, false);
	assert_int_equal(max_update_depth, 1);
}

/* ---- concurrency: callbacks serialized, final level always reported ---- */

#define THREADS 4
#define ROUNDS 20000

static struct vplic cplic;
static int cb_active;  /* atomic: callbacks running now */
static int cb_overlap; /* atomic: times two ran at once */
static int last_level[THREADS];

static void conc_update(struct vplic *p, unsigned vcpu, bool level)
{
	(void)p;
	if (__atomic_fetch_add(&cb_active, 1, __ATOMIC_SEQ_CST) != 0)
		__atomic_fetch_add(&cb_overlap, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&last_level[vcpu], level, __ATOMIC_SEQ_CST);
	__atomic_fetch_sub(&cb_active, 1, __ATOMIC_SEQ_CST);
}

static const struct vplic_ops conc_ops = {.update = conc_update};

static void *hammer(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg;
	unsigned src = 1 + id;
	uint64_t v;

	for (unsigned i = 0; i < ROUNDS; i++) {
		vplic_set_level(&cplic, src, (i & 1) == 0);
		/* Some claims and completions from another vCPU's context. */
		if (i % 7 == 0) {
			vplic_read(&cplic, claim_off(VPLIC_CTX_S((id + 1) % THREADS)), 4, &v);
			if (v)
				vplic_write(&cplic, claim_off(VPLIC_CTX_S((id + 1) % THREADS)), 4,
					    v);
		}
	}
	/* Leave lines of odd threads high. */
	vplic_set_level(&cplic, src, id & 1);
	return NULL;
}

static void test_concurrent_updates_converge(void **state)
{
	(void)state;
	pthread_t t[THREADS];
	uint64_t v;

	vplic_init(&cplic, THREADS, &conc_ops, NULL);
	for (unsigned i = 0; i < THREADS; i++) {
		unsigned src = 1 + i;

		assert_int_equal(vplic_write(&cplic, prio_off(src), 4, 1), HYP_OK);
		/* Source of thread i goes to vCPU i and vCPU i+1. */
		for (unsigned c = i; c <= i + 1; c++) {
			uint64_t off = enable_off(VPLIC_CTX_S(c % THREADS), 0);

			assert_int_equal(vplic_read(&cplic, off, 4, &v), HYP_OK);
			assert_int_equal(vplic_write(&cplic, off, 4, v | (1U << src)), HYP_OK);
		}
	}
	for (unsigned i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hammer, (void *)(uintptr_t)i), 0);
	for (unsigned i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);

	assert_int_equal(cb_overlap, 0);
	assert_false(cplic.notifying);
	for (unsigned i = 0; i < THREADS; i++)
		assert_int_equal(last_level[i], vplic_pending_for(&cplic, i));
}

/* ---- read-only windows ---- */

static uint32_t win_pages[3 + NR_VCPUS][1024];

static void attach_windows(void)
{
	struct vplic_windows w = {win_pages[0], win_pages[1], win_pages[2], {NULL}};

	memset(win_pages, 0xa5, sizeof(win_pages));
	for (unsigned i = 0; i < NR_VCPUS; i++)
		w.context[i] = win_pages[3 + i];
	vplic_set_windows(&plic, &w);
}

/* Every window word equals what a trapped load would return (claims aside). */
static void assert_windows_match(void)
{
	for (unsigned w = 0; w < 1024; w++) {
		assert_int_equal(win_pages[0][w], rd(VPLIC_PRIORITY_BASE + 4 * w));
		assert_int_equal(win_pages[1][w], rd(VPLIC_PENDING_BASE + 4 * w));
		assert_int_equal(win_pages[2][w], rd(VPLIC_ENABLE_BASE + 4 * w));
	}
	for (unsigned i = 0; i < NR_VCPUS; i++) {
		assert_int_equal(win_pages[3 + i][0], rd(thresh_off(VPLIC_CTX_S(i))));
		/* The claim word reads 0; the rest of the page too. */
		for (unsigned w = 1; w < 1024; w++)
			assert_int_equal(win_pages[3 + i][w], 0);
	}
}

static void assert_event(unsigned i, char kind, unsigned vcpu, bool level)
{
	assert_true(i < nr_events);
	assert_int_equal(events[i].kind, kind);
	assert_int_equal(events[i].vcpu, vcpu);
	assert_int_equal(events[i].level, level);
}

static void test_windows_mirror_registers(void **state)
{
	(void)state;
	route(5, 3, 0);
	set_prio(40, 7);
	enable(VPLIC_CTX_M(2), 40);
	attach_windows();
	assert_windows_match();
	set_thresh(VPLIC_CTX_S(1), 2);
	set_thresh(VPLIC_CTX_M(1), 6);
	route(33, 1, 1);
	set_prio(95, 4);
	assert_windows_match();
	vplic_set_level(&plic, 5, true);
	vplic_set_level(&plic, 33, true);
	vplic_set_level(&plic, 40, true);
	assert_windows_match();
	assert_int_equal(win_pages[1][0], 1U << 5);
	assert_int_equal(claim(VPLIC_CTX_S(0)), 5);
	assert_windows_match();
	complete(VPLIC_CTX_S(0), 5);
	vplic_set_level(&plic, 5, false);
	disable(VPLIC_CTX_S(1), 33);
	assert_windows_match();
}

static void test_window_open_exactly_while_claim_reads_zero(void **state)
{
	(void)state;
	route(5, 3, 0);
	attach_windows();
	/* Nothing pending: every vCPU's window opens. */
	assert_int_equal(nr_events, NR_VCPUS);
	for (unsigned i = 0; i < NR_VCPUS; i++)
		assert_event(i, 'W', i, true);
	nr_events = 0;
	vplic_set_level(&plic, 5, true);
	assert_event(0, 'W', 0, false);
	assert_event(1, 'U', 0, true);
	assert_int_equal(nr_events, 2);
	assert_int_equal(claim(VPLIC_CTX_S(0)), 5);
	assert_event(2, 'W', 0, true);
	assert_event(3, 'U', 0, false);
	/* Completed with the line still high: pending again, closed again. */
	complete(VPLIC_CTX_S(0), 5);
	assert_event(4, 'W', 0, false);
	assert_event(5, 'U', 0, true);
	assert_int_equal(nr_events, 6);
	/* Below the threshold nothing can be claimed: open. */
	set_thresh(VPLIC_CTX_S(0), 3);
	assert_event(6, 'W', 0, true);
	assert_int_equal(nr_events, 8);
}

/*
 * A window that closes while the last update the glue saw for that vCPU
 * was already "high" still gets an update(high) after it: the glue fences
 * the target there.
 */
static void reclaim_from_update(struct vplic *p, unsigned vcpu, bool level)
{
	uint64_t v;

	(void)vcpu;
	/* Between the claim's unlock and this update: the source goes back
	 * to pending (out 1 -> 0 -> 1 before the first call is made). */
	on_update = NULL;
	if (!level)
		return;
	assert_int_equal(vplic_read(p, claim_off(VPLIC_CTX_S(0)), 4, &v), HYP_OK);
	assert_int_equal(v, 5);
	assert_int_equal(vplic_write(p, claim_off(VPLIC_CTX_S(0)), 4, 5), HYP_OK);
}

static void test_window_close_always_followed_by_update(void **state)
{
	unsigned last_w = 0, last_u = 0;

	(void)state;
	route(5, 3, 0);
	attach_windows();
	on_update = reclaim_from_update;
	vplic_set_level(&plic, 5, true);
	for (unsigned i = 0; i < nr_events; i++) {
		if (events[i].kind == 'W' && !events[i].level)
			last_w = i + 1;
		if (events[i].kind == 'U' && events[i].level)
			last_u = i + 1;
	}
	assert_true(last_w > 0);
	assert_true(last_u > last_w);
	assert_true(vplic_pending_for(&plic, 0));
}

static void test_no_windows_no_window_calls(void **state)
{
	(void)state;
	route(5, 3, 0);
	vplic_set_level(&plic, 5, true);
	assert_int_equal(claim(VPLIC_CTX_S(0)), 5);
	for (unsigned i = 0; i < nr_events; i++)
		assert_int_equal(events[i].kind, 'U');
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_state),
		T(test_claim_highest_priority_ties_lowest_id),
		T(test_claim_nothing_returns_zero),
		T(test_claimed_source_not_pending_until_complete),
		T(test_complete_with_line_low_does_not_repend),
		T(test_enables_are_per_context),
		T(test_threshold_masks),
		T(test_priority_zero_never_delivers),
		T(test_update_fires_exactly_on_level_changes),
		T(test_complete_callback),
		T(test_complete_of_source_not_enabled_is_ignored),
		T(test_m_contexts_never_signal),
		T(test_register_readback),
		T(test_source_zero),
		T(test_bad_accesses_fault),
		T(test_vdev_adapter),
		T(test_callbacks_may_reenter),
		T(test_update_from_update_is_not_recursive),
		T(test_concurrent_updates_converge),
		T(test_windows_mirror_registers),
		T(test_window_open_exactly_while_claim_reads_zero),
		T(test_window_close_always_followed_by_update),
		T(test_no_windows_no_window_calls),
	};

	return cmocka_run_group_tests_name("vplic", tests, NULL, NULL);
}
