// SPDX-License-Identifier: MIT
/*
 * Test doubles for the cross-hart vCPU calls the SBI extensions make
 * (src/core/vcpu.c is not host-compiled). Weak, so a test may define its
 * own. Each records its last call in smp_calls for the tests to check.
 */
#include "stubs_smp.h"

struct smp_calls smp_calls;

__attribute__((weak)) void vcpu_request(struct vcpu *target, unsigned long req)
{
	smp_calls.requests[target->id] |= req;
}

__attribute__((weak)) void vcpu_remote_fence(struct vcpu *self, unsigned long targets,
					     unsigned long req)
{
	(void)self;
	smp_calls.fence_targets = targets;
	smp_calls.fence_req = req;
	smp_calls.fences++;
}

__attribute__((weak)) int vcpu_hsm_start(struct vcpu *target, unsigned long addr,
					 unsigned long opaque)
{
	if (target->state != VCPU_STOPPED)
		return HYP_EEXIST;
	target->state = VCPU_RUNNING;
	smp_calls.start_addr = addr;
	smp_calls.start_opaque = opaque;
	return HYP_OK;
}

__attribute__((weak)) void vcpu_hsm_stop(struct vcpu *v)
{
	v->state = VCPU_STOPPED;
	smp_calls.stops++;
}

__attribute__((weak)) void vcpu_clear_ipi(struct vcpu *v)
{
	(void)v;
	smp_calls.clear_ipis++;
}

__attribute__((weak)) int vcpu_read_guest_ulong(struct vcpu *v, unsigned long gva,
						unsigned long *val)
{
	(void)v;
	if (gva != smp_calls.guest_ulong_addr)
		return HYP_EFAULT;
	*val = smp_calls.guest_ulong;
	return HYP_OK;
}
