// SPDX-License-Identifier: MIT
/* TIME extension (SBI spec ch. 6). */
#include "sbi.h"

static struct sbi_result time_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				      const unsigned long *args)
{
	(void)eid;
	if (fid != SBI_TIME_SET_TIMER)
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	vcpu_set_timer(v, args[0]);
	return sbi_ret(SBI_SUCCESS, 0);
}

const struct sbi_ext sbi_ext_time = {
	.name = "time",
	.eid_min = SBI_EXT_TIME,
	.eid_max = SBI_EXT_TIME,
	.handler = time_handler,
};
