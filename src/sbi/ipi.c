// SPDX-License-Identifier: MIT
/* IPI extension (SBI spec ch. 7): a supervisor software interrupt (VSSIP). */
#include "sbi.h"
#include "vm.h"

void sbi_send_vssip(struct vcpu *v, unsigned long targets)
{
	for (unsigned i = 0; i < v->vm->ncpus; i++)
		if (targets & (1UL << i))
			vcpu_request(&v->vm->vcpu[i], VCPU_REQ_VSSIP);
}

static struct sbi_result ipi_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				     const unsigned long *args)
{
	unsigned long targets;
	long err;

	(void)eid;
	if (fid != SBI_IPI_SEND_IPI)
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	err = sbi_error(sbi_hart_mask(v->vm->ncpus, args[0], args[1], &targets));
	if (!err)
		sbi_send_vssip(v, targets);
	return sbi_ret(err, 0);
}

const struct sbi_ext sbi_ext_ipi = {
	.name = "ipi",
	.eid_min = SBI_EXT_IPI,
	.eid_max = SBI_EXT_IPI,
	.handler = ipi_handler,
};
