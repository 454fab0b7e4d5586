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

static enum sbi_action ipi_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				   const unsigned long *args, struct sbi_result *out)
{
	unsigned long targets;

	(void)eid;
	if (fid != SBI_IPI_SEND_IPI) {
		out->error = SBI_ERR_NOT_SUPPORTED;
		return SBI_RETURN;
	}
	out->error = sbi_error(sbi_hart_mask(v->vm->ncpus, args[0], args[1], &targets));
	if (!out->error)
		sbi_send_vssip(v, targets);
	return SBI_RETURN;
}

const struct sbi_ext sbi_ext_ipi = {
	.name = "ipi",
	.eid_min = SBI_EXT_IPI,
	.eid_max = SBI_EXT_IPI,
	.handler = ipi_handler,
};
