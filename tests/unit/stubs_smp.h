/* SPDX-License-Identifier: MIT */
#ifndef TEST_STUBS_SMP_H
#define TEST_STUBS_SMP_H

#include "config.h"
#include "lib.h"
#include "vcpu.h"

struct smp_calls {
	unsigned long requests[MAX_VCPUS]; /* VCPU_REQ_* posted per vCPU id */
	unsigned long fence_targets, fence_req;
	unsigned fences, stops, clear_ipis;
	unsigned long start_addr, start_opaque;
	unsigned long guest_ulong_addr, guest_ulong; /* what vcpu_read_guest_ulong finds */
};

extern struct smp_calls smp_calls;

#endif
