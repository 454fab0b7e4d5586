/* SPDX-License-Identifier: MIT */
/*
 * Virtual PLIC: the SiFive PLIC register map of QEMU's virt machine, with
 * two contexts per vCPU (2i = M-mode of vCPU i, 2i+1 = S-mode of vCPU i).
 * Only the S contexts drive an output (the glue turns it into VSEIP); the
 * M contexts are plain registers.
 *
 * Sources are level-triggered: vplic_set_level() reports a device line. A
 * source is pending while its line is high and it is not in service;
 * claiming puts it in service, completing takes it out again (and it is
 * pending again at once if the line is still high).
 *
 * Pure C: no CSRs, no hypervisor globals. The model reaches the rest of
 * the hypervisor only through struct vplic_ops.
 *
 * Locking and callbacks: every entry point takes p->lock and may be called
 * concurrently from any hart. Callbacks are never made with the lock held:
 *   - ops->complete(p, src) runs on the hart whose guest write completed a
 *     source, after the completion took effect and before the output
 *     changes it caused are reported;
 *   - ops->update(p, vcpu, level) is called each time the deliverable
 *     state of vCPU vcpu's S context changes. Update calls are serialized
 *     (one hart at a time, possibly not the one that made the change), and
 *     the last call for a vCPU always carries its current state, so the
 *     glue may simply set or clear VSEIP to `level`.
 * Callbacks may call back into the vplic (e.g. vplic_set_level() from
 * ops->complete). No entry point may be called from an interrupt handler
 * that can interrupt code holding p->lock on the same hart.
 */
#ifndef HYP_VPLIC_H
#define HYP_VPLIC_H

#include <stdbool.h>
#include <stdint.h>

#include "spinlock.h"

struct vdev_ops;

#define VPLIC_BASE 0x0c000000UL
#define VPLIC_SIZE 0x600000UL

/* Source ids 1..VPLIC_NUM_SOURCES-1; 0 means "no interrupt". */
#define VPLIC_NUM_SOURCES 96
/* Priorities and thresholds are 0..7; written values keep bits 2:0. */
#define VPLIC_MAX_PRIORITY 7
#define VPLIC_MAX_VCPUS 8
#define VPLIC_MAX_CONTEXTS (2 * VPLIC_MAX_VCPUS)
#define VPLIC_WORDS ((VPLIC_NUM_SOURCES + 31) / 32)

/* Register map (offsets from VPLIC_BASE). */
#define VPLIC_PRIORITY_BASE 0x000000UL /* + 4 * src */
#define VPLIC_PENDING_BASE 0x001000UL  /* + 4 * word, read-only */
#define VPLIC_ENABLE_BASE 0x002000UL   /* + 0x80 * ctx + 4 * word */
#define VPLIC_ENABLE_STRIDE 0x80UL
#define VPLIC_CONTEXT_BASE 0x200000UL /* + 0x1000 * ctx */
#define VPLIC_CONTEXT_STRIDE 0x1000UL
#define VPLIC_THRESHOLD 0x0 /* within a context's page */
#define VPLIC_CLAIM 0x4

/* Context numbers of vCPU i. */
#define VPLIC_CTX_M(i) (2 * (i))
#define VPLIC_CTX_S(i) (2 * (i) + 1)

struct vplic;

/*
 * Read-only windows (optional, see vplic_set_windows): host pages that the
 * glue maps read-only into the guest over the register pages whose loads
 * have no side effect, so that such loads cost no exit. Stores to them
 * still trap and come through vplic_write(). The model keeps every word
 * equal to what vplic_read() returns for it:
 *   priority    the page at VPLIC_BASE: source priorities
 *   pending     VPLIC_BASE + 0x1000: pending bits
 *   enable      VPLIC_BASE + 0x2000: enable bits of contexts 0..31
 *   context[i]  the S context page of vCPU i: its threshold, and a claim
 *               register that reads 0
 * A claim that returns a source has a side effect, so context[i] may be
 * mapped only while vCPU i's output is low; the model reports each change
 * through ops->window (see there).
 */
struct vplic_windows {
	uint32_t *priority, *pending, *enable;
	uint32_t *context[VPLIC_MAX_VCPUS];
};

struct vplic_ops {
	/* The S context of vCPU `vcpu` now has (level) or no longer has
	 * (!level) an enabled pending source above its threshold. */
	void (*update)(struct vplic *p, unsigned vcpu, bool level);
	/* The guest completed source `src`, which was in service. Called
	 * once per accepted completion; ignored completions (source not
	 * enabled for the context, or not in service) do not call it. */
	void (*complete)(struct vplic *p, unsigned src);
	/*
	 * The window over vCPU vcpu's S context page may be mapped
	 * (readable: its claim reads 0) or must not be (a claim would
	 * return a source). Called with p->lock held, so it must not call
	 * into the vplic: it only switches the mapping. A window closing
	 * is always followed by an ops->update(p, vcpu, true) call, so the
	 * glue can fence the target's stale translations there.
	 */
	void (*window)(struct vplic *p, unsigned vcpu, bool readable);
};

struct vplic {
	spinlock_t lock;
	unsigned nr_vcpus, nr_contexts;
	const struct vplic_ops *ops; /* either callback may be NULL */
	void *opaque;		     /* for the glue; the model never touches it */

	uint8_t priority[VPLIC_NUM_SOURCES];
	uint32_t line[VPLIC_WORDS];    /* device line levels */
	uint32_t claimed[VPLIC_WORDS]; /* in service */
	uint32_t enable[VPLIC_MAX_CONTEXTS][VPLIC_WORDS];
	uint8_t threshold[VPLIC_MAX_CONTEXTS];

	bool out[VPLIC_MAX_VCPUS];	/* S-context output, as computed */
	bool notified[VPLIC_MAX_VCPUS]; /* last level handed to ops->update */
	bool notifying;			/* a hart is delivering update calls */

	struct vplic_windows win;	/* all NULL: no windows */
	bool win_open[VPLIC_MAX_VCPUS]; /* last state handed to ops->window */
};

/* Resets p with every register 0 and every output low. nr_vcpus is
 * clamped to VPLIC_MAX_VCPUS. Makes no callback. */
void vplic_init(struct vplic *p, unsigned nr_vcpus, const struct vplic_ops *ops, void *opaque);

/*
 * Guest accesses; off is from VPLIC_BASE. Only aligned 4-byte accesses
 * below VPLIC_SIZE are accepted; anything else returns HYP_EFAULT.
 * Unimplemented registers read 0 and ignore writes. Reading a claim
 * register claims.
 */
int vplic_read(struct vplic *p, uint64_t off, unsigned width, uint64_t *val);
int vplic_write(struct vplic *p, uint64_t off, unsigned width, uint64_t val);

/*
 * Gives p its read-only windows (pages of 4 KiB; a NULL page is not kept
 * up to date). Zeroes them, writes the current register values and calls
 * ops->window for each vCPU with a context window. vplic_init() forgets
 * them: call this again after it.
 */
void vplic_set_windows(struct vplic *p, const struct vplic_windows *w);

/* Drives the line of source src (1..VPLIC_NUM_SOURCES-1; others ignored). */
void vplic_set_level(struct vplic *p, unsigned src, bool level);

/* Whether vCPU vcpu's S context has a deliverable interrupt right now. */
bool vplic_pending_for(struct vplic *p, unsigned vcpu);

/* MMIO adapter: d->priv is the struct vplic *. */
extern const struct vdev_ops vplic_vdev_ops;

#endif
