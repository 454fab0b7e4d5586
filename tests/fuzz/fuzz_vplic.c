// SPDX-License-Identifier: MIT
/*
 * The virtual PLIC (src/vdev/vplic.c) under random sequences of guest
 * reads and writes at any offset and width, device line changes and
 * output queries, checked against a plain reference model of what
 * vplic.h specifies: register values, claim/complete, which completions
 * call ops->complete, and the level ops->update last reported for each
 * vCPU. The callbacks call back into the model, as the glue may: update
 * asks vplic_pending_for (which must not deadlock: no lock is held), and
 * complete may drop the source's line, as a level-triggered device does.
 */
#include "fuzz.h"

#include "lib.h"
#include "vplic.h"

#define NSRC VPLIC_NUM_SOURCES
#define MAX_OPS 256

/* The reference: one flag per (context, source), no bit tricks. */
static struct {
	unsigned nv, nctx;
	uint8_t prio[NSRC];
	bool line[NSRC], claimed[NSRC];
	bool en[VPLIC_MAX_CONTEXTS][NSRC];
	uint8_t thr[VPLIC_MAX_CONTEXTS];
} ref;

static struct vplic plic;
static bool reported[VPLIC_MAX_VCPUS];
static unsigned completions, completed_src;
static bool drop_on_complete;

static void on_update(struct vplic *p, unsigned vcpu, bool level)
{
	FUZZ_CHECK(p == &plic && vcpu < ref.nv);
	reported[vcpu] = level;
	FUZZ_CHECK(vplic_pending_for(p, vcpu) == level);
}

static void on_complete(struct vplic *p, unsigned src)
{
	FUZZ_CHECK(p == &plic);
	completions++;
	completed_src = src;
	if (drop_on_complete) {
		ref.line[src] = false;
		vplic_set_level(p, src, false);
	}
}

/* Read-only windows (attached when the shape byte says so). */
static uint32_t win_pages[3 + VPLIC_MAX_VCPUS][1024];
static bool win_open[VPLIC_MAX_VCPUS];
static bool windows_on;

/* cppcheck-suppress constParameter ; the signature is struct vplic_ops.window's */
static void on_window(struct vplic *p, unsigned vcpu, bool readable)
{
	FUZZ_CHECK(p == &plic && vcpu < ref.nv && windows_on);
	win_open[vcpu] = readable;
}

static const struct vplic_ops ops = {
	.update = on_update, .complete = on_complete, .window = on_window};

static bool valid(unsigned src)
{
	return src > 0 && src < NSRC;
}

static unsigned ref_best(unsigned ctx)
{
	unsigned best = 0, max = ref.thr[ctx];

	for (unsigned s = 1; s < NSRC; s++)
		if (ref.line[s] && !ref.claimed[s] && ref.en[ctx][s] && ref.prio[s] > max) {
			max = ref.prio[s];
			best = s;
		}
	return best;
}

static uint32_t ref_word(const bool *bits, unsigned w, bool pending)
{
	uint32_t v = 0;

	for (unsigned b = 0; b < 32; b++) {
		unsigned s = 32 * w + b;

		if (valid(s) && bits[s] && (!pending || !ref.claimed[s]))
			v |= 1U << b;
	}
	return v;
}

static uint32_t ref_read(uint64_t off)
{
	unsigned ctx, reg, src;

	if (off < VPLIC_PENDING_BASE)
		return valid((unsigned)(off / 4)) ? ref.prio[off / 4] : 0;
	if (off < VPLIC_ENABLE_BASE)
		return off - VPLIC_PENDING_BASE < 4 * VPLIC_WORDS
			       ? ref_word(ref.line, (unsigned)(off - VPLIC_PENDING_BASE) / 4, true)
			       : 0;
	if (off < VPLIC_CONTEXT_BASE) {
		ctx = (unsigned)((off - VPLIC_ENABLE_BASE) / VPLIC_ENABLE_STRIDE);
		reg = (unsigned)((off - VPLIC_ENABLE_BASE) % VPLIC_ENABLE_STRIDE) / 4;
		return ctx < ref.nctx && reg < VPLIC_WORDS ? ref_word(ref.en[ctx], reg, false) : 0;
	}
	ctx = (unsigned)((off - VPLIC_CONTEXT_BASE) / VPLIC_CONTEXT_STRIDE);
	reg = (unsigned)((off - VPLIC_CONTEXT_BASE) % VPLIC_CONTEXT_STRIDE);
	if (ctx >= ref.nctx)
		return 0;
	if (reg == VPLIC_THRESHOLD)
		return ref.thr[ctx];
	if (reg != VPLIC_CLAIM)
		return 0;
	src = ref_best(ctx);
	if (src)
		ref.claimed[src] = true;
	return src;
}

/* Returns the source whose completion the write accepts, or 0. */
static unsigned ref_write(uint64_t off, uint32_t v)
{
	unsigned ctx, reg;

	if (off < VPLIC_PENDING_BASE) {
		if (valid((unsigned)(off / 4)))
			ref.prio[off / 4] = v & VPLIC_MAX_PRIORITY;
		return 0;
	}
	if (off < VPLIC_ENABLE_BASE)
		return 0;
	if (off < VPLIC_CONTEXT_BASE) {
		ctx = (unsigned)((off - VPLIC_ENABLE_BASE) / VPLIC_ENABLE_STRIDE);
		reg = (unsigned)((off - VPLIC_ENABLE_BASE) % VPLIC_ENABLE_STRIDE) / 4;
		if (ctx < ref.nctx && reg < VPLIC_WORDS)
			for (unsigned b = 0; b < 32; b++)
				if (valid(32 * reg + b))
					ref.en[ctx][32 * reg + b] = (v >> b) & 1;
		return 0;
	}
	ctx = (unsigned)((off - VPLIC_CONTEXT_BASE) / VPLIC_CONTEXT_STRIDE);
	reg = (unsigned)((off - VPLIC_CONTEXT_BASE) % VPLIC_CONTEXT_STRIDE);
	if (ctx >= ref.nctx)
		return 0;
	if (reg == VPLIC_THRESHOLD)
		ref.thr[ctx] = v & VPLIC_MAX_PRIORITY;
	if (reg != VPLIC_CLAIM || !valid(v) || !ref.en[ctx][v] || !ref.claimed[v])
		return 0;
	ref.claimed[v] = false;
	return v;
}

/* An offset: mostly inside one of the register blocks, sometimes anything. */
static uint64_t offset(struct fuzz_in *in)
{
	switch (fz_u8(in) % 6) {
	case 0:
		return 4UL * (fz_u8(in) % (NSRC + 4));
	case 1:
		return VPLIC_PENDING_BASE + 4UL * (fz_u8(in) % 8);
	case 2:
		return VPLIC_ENABLE_BASE + VPLIC_ENABLE_STRIDE * (fz_u8(in) % 18) +
		       4UL * (fz_u8(in) % 32);
	case 3:
		return VPLIC_CONTEXT_BASE + VPLIC_CONTEXT_STRIDE * (fz_u8(in) % 18) +
		       4UL * (fz_u8(in) % 3);
	case 4:
		return fz_u32(in);
	default:
		return fz_u64(in);
	}
}

static unsigned width(struct fuzz_in *in)
{
	static const unsigned w[] = {4, 4, 4, 4, 1, 2, 8, 0, 3};

	return w[fz_u8(in) % ARRAY_SIZE(w)];
}

static bool access_ok(uint64_t off, unsigned w)
{
	return w == 4 && off % 4 == 0 && off < VPLIC_SIZE;
}

static void op_access(struct fuzz_in *in, bool write)
{
	uint64_t off = offset(in), val = 0xdeadbeef;
	unsigned w = width(in), want_src = 0;
	uint32_t v = fz_u32(in), want = 0;
	int r;

	completions = 0;
	if (access_ok(off, w)) {
		if (write)
			want_src = ref_write(off, v);
		else
			want = ref_read(off);
	}
	r = write ? vplic_write(&plic, off, w, v) : vplic_read(&plic, off, w, &val);
	FUZZ_CHECK(r == (access_ok(off, w) ? HYP_OK : HYP_EFAULT));
	if (!r && !write)
		FUZZ_CHECK(val == want);
	FUZZ_CHECK(completions == (want_src != 0));
	FUZZ_CHECK(!want_src || completed_src == want_src);
}

/* After every operation the last level reported is each vCPU's output. */
static void check_outputs(void)
{
	for (unsigned i = 0; i < VPLIC_MAX_VCPUS; i++) {
		bool want = i < ref.nv && ref_best(VPLIC_CTX_S(i)) != 0;

		FUZZ_CHECK(reported[i] == want);
		FUZZ_CHECK(vplic_pending_for(&plic, i) == want);
	}
}

static void attach_windows(void)
{
	struct vplic_windows w = {win_pages[0], win_pages[1], win_pages[2], {NULL}};

	for (unsigned i = 0; i < VPLIC_MAX_VCPUS; i++)
		w.context[i] = win_pages[3 + i];
	vplic_set_windows(&plic, &w);
}

/* A mapped window reads like the registers; a claim page only while it reads 0. */
static void check_windows(void)
{
	if (!windows_on)
		return;
	for (unsigned w = 0; w < 1024; w++) {
		FUZZ_CHECK(win_pages[0][w] == ref_read(VPLIC_PRIORITY_BASE + 4 * w));
		FUZZ_CHECK(win_pages[1][w] == ref_read(VPLIC_PENDING_BASE + 4 * w));
		FUZZ_CHECK(win_pages[2][w] == ref_read(VPLIC_ENABLE_BASE + 4 * w));
	}
	for (unsigned i = 0; i < ref.nv; i++) {
		FUZZ_CHECK(win_open[i] == (ref_best(VPLIC_CTX_S(i)) == 0));
		FUZZ_CHECK(win_pages[3 + i][0] == ref.thr[VPLIC_CTX_S(i)]);
		FUZZ_CHECK(win_pages[3 + i][VPLIC_CLAIM / 4] == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	uint8_t shape = fz_u8(&in);
	unsigned src;
	bool level;

	memset(&ref, 0, sizeof(ref));
	memset(reported, 0, sizeof(reported));
	ref.nv = MIN(shape % 10U, (unsigned)VPLIC_MAX_VCPUS);
	ref.nctx = 2 * ref.nv;
	drop_on_complete = shape & 0x80;
	vplic_init(&plic, shape % 10U, &ops, NULL);
	memset(win_open, 0, sizeof(win_open));
	windows_on = shape & 0x40;
	if (windows_on)
		attach_windows();

	for (unsigned n = 0; n < MAX_OPS && !fz_empty(&in); n++) {
		switch (fz_u8(&in) % 4) {
		case 0:
			op_access(&in, false);
			break;
		case 1:
			op_access(&in, true);
			break;
		case 2:
			src = fz_u8(&in) % (NSRC + 4);
			level = fz_u8(&in) & 1;
			if (valid(src))
				ref.line[src] = level;
			vplic_set_level(&plic, src, level);
			break;
		default:
			FUZZ_CHECK(plic.nr_vcpus == ref.nv);
			break;
		}
		check_outputs();
		check_windows();
	}
	return 0;
}
