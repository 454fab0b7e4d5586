// SPDX-License-Identifier: MIT
/*
 * RFENCE extension (SBI spec ch. 8). Each target vCPU runs the fence on
 * its own hart before the call returns. Address ranges and ASIDs are
 * widened to a flush of the VM's whole VS-stage TLB (hfence.vvma on its
 * VMID): always correct, and cheap next to the exit it costs. The HFENCE
 * functions are for guests with the H extension, which guests do not get.
 */
#include "sbi.h"
#include "vm.h"

#define SBI_RFENCE_FENCE_I 0
#define SBI_RFENCE_SFENCE_VMA 1
#define SBI_RFENCE_SFENCE_VMA_ASID 2

static struct sbi_result rfence_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
					const unsigned long *args)
{
	unsigned long targets, req;
	long err;

	(void)eid;
	switch (fid) {
	case SBI_RFENCE_FENCE_I:
		req = VCPU_REQ_FENCE_I;
		break;
	case SBI_RFENCE_SFENCE_VMA:
	case SBI_RFENCE_SFENCE_VMA_ASID:
		req = VCPU_REQ_VVMA;
		break;
	default:
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	}
	err = sbi_error(sbi_hart_mask(v->vm->ncpus, args[0], args[1], &targets));
	if (!err)
		vcpu_remote_fence(v, targets, req);
	return sbi_ret(err, 0);
}

const struct sbi_ext sbi_ext_rfence = {
	.name = "rfence",
	.eid_min = SBI_EXT_RFENCE,
	.eid_max = SBI_EXT_RFENCE,
	.handler = rfence_handler,
};
