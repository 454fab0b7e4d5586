// SPDX-License-Identifier: MIT
/* BASE extension (SBI spec ch. 4). */
#include "platform.h"
#include "sbi.h"

#define HYP_IMPL_VERSION 0x000100 /* 0.1.0 */

static enum sbi_action base_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				    const unsigned long *args, struct sbi_result *out)
{
	(void)v;
	(void)eid;
	out->error = SBI_SUCCESS;
	switch (fid) {
	case SBI_BASE_GET_SPEC_VERSION:
		out->value = SBI_SPEC_VERSION;
		break;
	case SBI_BASE_GET_IMPL_ID:
		out->value = HYP_SBI_IMPL_ID;
		break;
	case SBI_BASE_GET_IMPL_VERSION:
		out->value = HYP_IMPL_VERSION;
		break;
	case SBI_BASE_PROBE_EXT:
		out->value = sbi_probe(args[0]);
		break;
	case SBI_BASE_GET_MVENDORID:
		out->value = (long)platform.mvendorid;
		break;
	case SBI_BASE_GET_MARCHID:
		out->value = (long)platform.marchid;
		break;
	case SBI_BASE_GET_MIMPID:
		out->value = (long)platform.mimpid;
		break;
	default:
		out->error = SBI_ERR_NOT_SUPPORTED;
	}
	return SBI_RETURN;
}

const struct sbi_ext sbi_ext_base = {
	.name = "base",
	.eid_min = SBI_EXT_BASE,
	.eid_max = SBI_EXT_BASE,
	.handler = base_handler,
};
