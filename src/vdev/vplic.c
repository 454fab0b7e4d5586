// SPDX-License-Identifier: MIT
/* Virtual PLIC (see vplic.h for the model and its locking rules). */
#include "vplic.h"

#include "lib.h"
#include "vdev.h"

static bool src_valid(unsigned src)
{
	return src > 0 && src < VPLIC_NUM_SOURCES;
}

static bool test_src(const uint32_t *bits, unsigned src)
{
	return (bits[src >> 5] >> (src & 31)) & 1;
}

static void assign_src(uint32_t *bits, unsigned src, bool on)
{
	uint32_t m = 1U << (src & 31);

	if (on)
		bits[src >> 5] |= m;
	else
		bits[src >> 5] &= ~m;
}

/* Bits of enable/pending word w that name existing sources. */
static uint32_t word_mask(unsigned w)
{
	uint32_t m = 0xffffffffU;

	if (w == 0)
		m &= ~1U; /* source 0 does not exist */
	if (w == VPLIC_WORDS - 1 && (VPLIC_NUM_SOURCES & 31))
		m &= (1U << (VPLIC_NUM_SOURCES & 31)) - 1;
	return m;
}

static uint32_t pending_word(const struct vplic *p, unsigned w)
{
	return p->line[w] & ~p->claimed[w] & word_mask(w);
}

/*
 * The source a claim on ctx would return: the enabled pending source with
 * the highest priority above the threshold, the lowest id among equals.
 */
static unsigned best_source(const struct vplic *p, unsigned ctx)
{
	unsigned best = 0, max = p->threshold[ctx];

	for (unsigned w = 0; w < VPLIC_WORDS; w++) {
		uint32_t bits = pending_word(p, w) & p->enable[ctx][w];

		for (unsigned b = 0; bits; b++, bits >>= 1) {
			unsigned src = w * 32 + b;

			if ((bits & 1) && p->priority[src] > max) {
				max = p->priority[src];
				best = src;
			}
		}
	}
	return best;
}

/* A word of a read-only window: the guest may be reading it right now. */
static void win_store(uint32_t *page, unsigned word, uint32_t v)
{
	if (page)
		__atomic_store_n(&page[word], v, __ATOMIC_RELAXED);
}

/*
 * Opens or closes vCPU i's context window to match its output (lock held).
 * When it closes, notified[i] is forced low so that notify() reports the
 * output high again: the glue fences the target there, before it can act
 * on the interrupt through a stale read-only translation.
 */
static void sync_window(struct vplic *p, unsigned i)
{
	bool open = !p->out[i];

	if (!p->win.context[i] || open == p->win_open[i])
		return;
	p->win_open[i] = open;
	if (p->ops && p->ops->window)
		p->ops->window(p, i, open);
	if (!open)
		p->notified[i] = false;
}

/*
 * Recomputes the S-context outputs and the pending window (lock held).
 * Returns true when the caller has become the notifier and must run
 * notify() after unlocking.
 */
static bool refresh_locked(struct vplic *p)
{
	bool dirty = false;

	for (unsigned w = 0; w < VPLIC_WORDS; w++)
		win_store(p->win.pending, w, pending_word(p, w));
	for (unsigned i = 0; i < p->nr_vcpus; i++) {
		p->out[i] = best_source(p, VPLIC_CTX_S(i)) != 0;
		sync_window(p, i);
		if (p->out[i] != p->notified[i])
			dirty = true;
	}
	if (!dirty || p->notifying)
		return false;
	p->notifying = true;
	return true;
}

/*
 * Delivers ops->update calls until the last level reported for every vCPU
 * matches its output. Only one hart runs this at a time; changes made by
 * other harts meanwhile are picked up by the loop, so the glue always ends
 * with the current state and never sees two calls for a vCPU reordered.
 */
static void notify(struct vplic *p)
{
	for (;;) {
		unsigned i;
		bool level;

		spin_lock(&p->lock);
		for (i = 0; i < p->nr_vcpus; i++)
			if (p->out[i] != p->notified[i])
				break;
		if (i == p->nr_vcpus) {
			p->notifying = false;
			spin_unlock(&p->lock);
			return;
		}
		level = p->out[i];
		p->notified[i] = level;
		spin_unlock(&p->lock);

		if (p->ops && p->ops->update)
			p->ops->update(p, i, level);
	}
}

/* Unlocks, then makes the callbacks the operation collected. */
static void unlock_and_call(struct vplic *p, bool run_notify, unsigned completed)
{
	spin_unlock(&p->lock);
	if (completed && p->ops && p->ops->complete)
		p->ops->complete(p, completed);
	if (run_notify)
		notify(p);
}

void vplic_init(struct vplic *p, unsigned nr_vcpus, const struct vplic_ops *ops, void *opaque)
{
	memset(p, 0, sizeof(*p));
	p->nr_vcpus = MIN(nr_vcpus, (unsigned)VPLIC_MAX_VCPUS);
	p->nr_contexts = 2 * p->nr_vcpus;
	p->ops = ops;
	p->opaque = opaque;
}

/* The word of the enable window that holds word w of context ctx. */
static unsigned enable_word(unsigned ctx, unsigned w)
{
	return ctx * (VPLIC_ENABLE_STRIDE / 4) + w;
}

static void zero_page(uint32_t *page)
{
	if (page)
		memset(page, 0, 4096);
}

void vplic_set_windows(struct vplic *p, const struct vplic_windows *w)
{
	spin_lock(&p->lock);
	p->win = *w;
	zero_page(p->win.priority);
	zero_page(p->win.pending);
	zero_page(p->win.enable);
	for (unsigned src = 1; src < VPLIC_NUM_SOURCES; src++)
		win_store(p->win.priority, src, p->priority[src]);
	for (unsigned ctx = 0; ctx < p->nr_contexts; ctx++)
		for (unsigned k = 0; k < VPLIC_WORDS; k++)
			win_store(p->win.enable, enable_word(ctx, k), p->enable[ctx][k]);
	for (unsigned i = 0; i < VPLIC_MAX_VCPUS; i++) {
		if (i >= p->nr_vcpus)
			p->win.context[i] = NULL;
		zero_page(p->win.context[i]);
		win_store(p->win.context[i], VPLIC_THRESHOLD / 4, p->threshold[VPLIC_CTX_S(i)]);
		/* Reported afresh: the window starts out closed. */
		p->win_open[i] = false;
	}
	unlock_and_call(p, refresh_locked(p), 0);
}

static bool access_ok(uint64_t off, unsigned width)
{
	return width == 4 && IS_ALIGNED(off, 4) && off < VPLIC_SIZE;
}

int vplic_read(struct vplic *p, uint64_t off, unsigned width, uint64_t *val)
{
	uint32_t v = 0;
	bool run_notify = false;

	if (!access_ok(off, width))
		return HYP_EFAULT;

	spin_lock(&p->lock);
	if (off < VPLIC_PENDING_BASE) {
		unsigned src = (unsigned)(off / 4);

		if (src_valid(src))
			v = p->priority[src];
	} else if (off < VPLIC_ENABLE_BASE) {
		unsigned w = (unsigned)(off - VPLIC_PENDING_BASE) / 4;

		if (w < VPLIC_WORDS)
			v = pending_word(p, w);
	} else if (off < VPLIC_CONTEXT_BASE) {
		unsigned ctx = (unsigned)((off - VPLIC_ENABLE_BASE) / VPLIC_ENABLE_STRIDE);
		unsigned w = (unsigned)(off % VPLIC_ENABLE_STRIDE) / 4;

		if (ctx < p->nr_contexts && w < VPLIC_WORDS)
			v = p->enable[ctx][w];
	} else {
		unsigned ctx = (unsigned)((off - VPLIC_CONTEXT_BASE) / VPLIC_CONTEXT_STRIDE);
		unsigned reg = (unsigned)(off % VPLIC_CONTEXT_STRIDE);

		if (ctx < p->nr_contexts && reg == VPLIC_THRESHOLD) {
			v = p->threshold[ctx];
		} else if (ctx < p->nr_contexts && reg == VPLIC_CLAIM) {
			v = best_source(p, ctx);
			if (v) {
				assign_src(p->claimed, v, true);
				run_notify = refresh_locked(p);
			}
		}
	}
	unlock_and_call(p, run_notify, 0);

	*val = v;
	return HYP_OK;
}

int vplic_write(struct vplic *p, uint64_t off, unsigned width, uint64_t val)
{
	uint32_t v = (uint32_t)val;
	unsigned completed = 0;

	if (!access_ok(off, width))
		return HYP_EFAULT;

	spin_lock(&p->lock);
	if (off < VPLIC_PENDING_BASE) {
		unsigned src = (unsigned)(off / 4);

		if (src_valid(src)) {
			p->priority[src] = v & VPLIC_MAX_PRIORITY;
			win_store(p->win.priority, src, p->priority[src]);
		}
	} else if (off < VPLIC_ENABLE_BASE) {
		/* pending bits are read-only */
	} else if (off < VPLIC_CONTEXT_BASE) {
		unsigned ctx = (unsigned)((off - VPLIC_ENABLE_BASE) / VPLIC_ENABLE_STRIDE);
		unsigned w = (unsigned)(off % VPLIC_ENABLE_STRIDE) / 4;

		if (ctx < p->nr_contexts && w < VPLIC_WORDS) {
			p->enable[ctx][w] = v & word_mask(w);
			win_store(p->win.enable, enable_word(ctx, w), p->enable[ctx][w]);
		}
	} else {
		unsigned ctx = (unsigned)((off - VPLIC_CONTEXT_BASE) / VPLIC_CONTEXT_STRIDE);
		unsigned reg = (unsigned)(off % VPLIC_CONTEXT_STRIDE);

		if (ctx < p->nr_contexts && reg == VPLIC_THRESHOLD) {
			p->threshold[ctx] = v & VPLIC_MAX_PRIORITY;
			if (ctx & 1)
				win_store(p->win.context[ctx / 2], VPLIC_THRESHOLD / 4,
					  p->threshold[ctx]);
		} else if (ctx < p->nr_contexts && reg == VPLIC_CLAIM) {
			/* Completion: only for a source enabled for this
			 * context and in service; otherwise ignored. */
			if (src_valid(v) && test_src(p->enable[ctx], v) &&
			    test_src(p->claimed, v)) {
				assign_src(p->claimed, v, false);
				completed = v;
			}
		}
	}
	unlock_and_call(p, refresh_locked(p), completed);
	return HYP_OK;
}

void vplic_set_level(struct vplic *p, unsigned src, bool level)
{
	if (!src_valid(src))
		return;
	spin_lock(&p->lock);
	assign_src(p->line, src, level);
	unlock_and_call(p, refresh_locked(p), 0);
}

bool vplic_pending_for(struct vplic *p, unsigned vcpu)
{
	bool r = false;

	spin_lock(&p->lock);
	if (vcpu < p->nr_vcpus)
		r = p->out[vcpu];
	spin_unlock(&p->lock);
	return r;
}

static int vplic_vdev_read(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width,
			   uint64_t *val)
{
	(void)v;
	return vplic_read(d->priv, off, width, val);
}

static int vplic_vdev_write(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width,
			    uint64_t val)
{
	(void)v;
	return vplic_write(d->priv, off, width, val);
}

const struct vdev_ops vplic_vdev_ops = {
	.read = vplic_vdev_read,
	.write = vplic_vdev_write,
};
