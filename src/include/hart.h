/* SPDX-License-Identifier: MIT */
#ifndef HYP_HART_H
#define HYP_HART_H

#include "vcpu.h"

struct hart {
	struct vcpu *vcpu; /* the vCPU pinned here, if any */
};

extern struct hart harts[];

static inline unsigned long this_hart(void)
{
	unsigned long tp;

	__asm__("mv %0, tp" : "=r"(tp));
	return tp;
}

/* Sets the hypervisor's CSRs on this hart (delegation, counters, Sstc). */
void hart_init_csrs(void);
/* Wakes a hart so it re-reads its vCPU's state (host IPI). */
void hart_kick(unsigned long hartid);
/* Never returns: runs the pinned vCPU whenever it is runnable, else waits. */
void hart_main(unsigned long hartid) __attribute__((noreturn));
/* Powers the machine off; on QEMU a failure makes QEMU exit with status 1. */
void machine_poweroff(bool failed) __attribute__((noreturn));
/* The last VM stopped: says so and powers off. */
void hyp_poweroff(bool failed) __attribute__((noreturn));

#endif
