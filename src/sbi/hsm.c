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

static void hsm_start(struct vcpu *v, const unsigned long *args, struct sbi_result *out)
{
	struct vm *vm = v->vm;

	if (args[0] >= vm->ncpus) {
		out->error = SBI_ERR_INVALID_PARAM;
		return;
	}
	/* The start address must be guest RAM the vCPU can fetch from. */
	if (!guest_mem_ptr(&vm->mem, args[1], 4)) {
		out->error = SBI_ERR_INVALID_ADDRESS;
		return;
	}
	if (vcpu_hsm_start(&vm->vcpu[args[0]], args[1], args[2]))
		out->error = SBI_ERR_ALREADY_AVAILABLE;
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

static enum sbi_action hsm_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				   const unsigned long *args, struct sbi_result *out)
{
	(void)eid;
	out->error = SBI_SUCCESS;
	switch (fid) {
	case SBI_HSM_HART_START:
		hsm_start(v, args, out);
		break;
	case SBI_HSM_HART_STOP:
		vcpu_hsm_stop(v);
		return SBI_NO_RETURN;
	case SBI_HSM_HART_GET_STATUS:
		if (args[0] >= v->vm->ncpus)
			out->error = SBI_ERR_INVALID_PARAM;
		else
			out->value = hsm_status(&v->vm->vcpu[args[0]]);
		break;
	case SBI_HSM_HART_SUSPEND:
		out->error = hsm_suspend(args[0]);
		break;
	default:
		out->error = SBI_ERR_NOT_SUPPORTED;
	}
	return SBI_RETURN;
}

const struct sbi_ext sbi_ext_hsm = {
	.name = "hsm",
	.eid_min = SBI_EXT_HSM,
	.eid_max = SBI_EXT_HSM,
	.handler = hsm_handler,
};
