/* SPDX-License-Identifier: MIT */
/*
 * Access faults the hypervisor injects into a guest (see mmio.c) and the
 * two cases where injecting is pointless because the guest would only come
 * straight back: its trap vector itself cannot be fetched, or it re-runs
 * the same faulting access over and over. Pure logic, host-tested.
 */
#ifndef HYP_FAULT_WATCH_H
#define HYP_FAULT_WATCH_H

#include <stdbool.h>
#include <stdint.h>

/* The same access fault this many times in a row: the guest is not handling it. */
#define FAULT_REPEAT_LIMIT 256

/* The last access fault injected into a vCPU and how often in a row. */
struct fault_watch {
	unsigned long pc;
	uint64_t gpa;
	unsigned repeats;
};

enum fault_verdict {
	FAULT_INJECT,	    /* give the guest its access fault */
	FAULT_VECTOR_FAULT, /* the fetch that faulted is the guest's trap vector */
	FAULT_REPEATED,	    /* the same access at the same pc, FAULT_REPEAT_LIMIT times */
};

/*
 * Records a fault at pc on guest-physical gpa and says what to do with it.
 * vector is the base of the guest's trap vector (vstvec & ~3).
 */
static inline enum fault_verdict fault_watch_check(struct fault_watch *w, bool fetch,
						   unsigned long pc, uint64_t gpa,
						   unsigned long vector)
{
	if (fetch && pc == vector)
		return FAULT_VECTOR_FAULT;
	if (w->repeats && w->pc == pc && w->gpa == gpa) {
		if (++w->repeats >= FAULT_REPEAT_LIMIT)
			return FAULT_REPEATED;
		return FAULT_INJECT;
	}
	*w = (struct fault_watch){pc, gpa, 1};
	return FAULT_INJECT;
}

#endif
