// SPDX-License-Identifier: MIT
/* Hart State Management (SBI spec ch. 9) over the VM's own vCPU numbers. */
#include "guest_mem.h"
#include "sbi.h"
#include "vm.h"

#define HSM_STATUS_STARTED 0
#define HSM_STATUS_STOPPED 1
#define HSM_STATUS_START_PENDING 2
#define HSM_SUSPEND_RETENTIVE 0x00000000UL
#define HSM_SUSPEND_RETENTIVE_PLAT 0x10000000UL
#define HSM_SUSPEND_NON_RETENTIVE 0x80000000UL
#define HSM_SUSPEND_NON_RETENTIVE_PLAT 0x90000000UL

static long hsm_start(struct vcpu *v, const unsigned long *args)
{
	struct vm *vm = v->vm;

	if (args[0] >= vm->ncpus)
		return SBI_ERR_INVALID_PARAM;
	/* The start address must be guest RAM the vCPU can fetch from. */
	if (!guest_mem_covers(&vm->mem, args[1], 4))
		return SBI_ERR_INVALID_ADDRESS;
	if (vcpu_hsm_start(&vm->vcpu[args[0]], args[1], args[2]))
		return SBI_ERR_ALREADY_AVAILABLE;
	return SBI_SUCCESS;
}

static long hsm_status(const struct vcpu *t)
{
	switch (t->state) {
	case VCPU_RUNNING:
		return HSM_STATUS_STARTED;
	case VCPU_START_PENDING:
		return HSM_STATUS_START_PENDING;
	default:
		return HSM_STATUS_STOPPED;
	}
}

/*
 * Retentive suspend resumes on any interrupt; returning at once is the
 * same as a wake-up right away, which the spec allows for WFI-like
 * states. Non-retentive suspend is valid but not offered.
 */
static long hsm_suspend(unsigned long type)
{
	if (type > 0xffffffffUL)
		return SBI_ERR_INVALID_PARAM;
	if (type == HSM_SUSPEND_RETENTIVE)
		return SBI_SUCCESS;
	if ((type > HSM_SUSPEND_RETENTIVE && type < HSM_SUSPEND_RETENTIVE_PLAT) ||
	    (type > HSM_SUSPEND_NON_RETENTIVE && type < HSM_SUSPEND_NON_RETENTIVE_PLAT))
		return SBI_ERR_INVALID_PARAM;
	return SBI_ERR_NOT_SUPPORTED;
}

static struct sbi_result hsm_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				     const unsigned long *args)
{
	(void)eid;
	switch (fid) {
	case SBI_HSM_HART_START:
		return sbi_ret(hsm_start(v, args), 0);
	case SBI_HSM_HART_STOP:
		vcpu_hsm_stop(v);
		return sbi_ret(SBI_NO_RETURN, 0);
	case SBI_HSM_HART_GET_STATUS:
		if (args[0] >= v->vm->ncpus)
			return sbi_ret(SBI_ERR_INVALID_PARAM, 0);
		return sbi_ret(SBI_SUCCESS, hsm_status(&v->vm->vcpu[args[0]]));
	case SBI_HSM_HART_SUSPEND:
		return sbi_ret(hsm_suspend(args[0]), 0);
	default:
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	}
}

const struct sbi_ext sbi_ext_hsm = {
	.name = "hsm",
	.eid_min = SBI_EXT_HSM,
	.eid_max = SBI_EXT_HSM,
	.handler = hsm_handler,
};
