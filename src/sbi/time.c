// SPDX-License-Identifier: MIT
/* TIME extension (SBI spec ch. 6). */
#include "sbi.h"

static enum sbi_action time_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				    const unsigned long *args, struct sbi_result *out)
{
	(void)eid;
	if (fid != SBI_TIME_SET_TIMER) {
		out->error = SBI_ERR_NOT_SUPPORTED;
		return SBI_RETURN;
	}
	vcpu_set_timer(v, args[0]);
	out->error = SBI_SUCCESS;
	return SBI_RETURN;
}

const struct sbi_ext sbi_ext_time = {
	.name = "time",
	.eid_min = SBI_EXT_TIME,
	.eid_max = SBI_EXT_TIME,
	.handler = time_handler,
};
