// SPDX-License-Identifier: MIT
/* BASE extension (SBI spec ch. 4). */
#include "platform.h"
#include "sbi.h"

#define HYP_IMPL_VERSION 0x000100 /* 0.1.0 */

static struct sbi_result base_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				      const unsigned long *args)
{
	(void)v;
	(void)eid;
	/* What guests ask most, ahead of the jump table the switch compiles to. */
	if (fid == SBI_BASE_PROBE_EXT)
		return sbi_ret(SBI_SUCCESS, sbi_probe(args[0]));
	if (fid == SBI_BASE_GET_SPEC_VERSION)
		return sbi_ret(SBI_SUCCESS, SBI_SPEC_VERSION);
	switch (fid) {
	case SBI_BASE_GET_IMPL_ID:
		return sbi_ret(SBI_SUCCESS, HYP_SBI_IMPL_ID);
	case SBI_BASE_GET_IMPL_VERSION:
		return sbi_ret(SBI_SUCCESS, HYP_IMPL_VERSION);
	case SBI_BASE_GET_MVENDORID:
		return sbi_ret(SBI_SUCCESS, (long)platform.mvendorid);
	case SBI_BASE_GET_MARCHID:
		return sbi_ret(SBI_SUCCESS, (long)platform.marchid);
	case SBI_BASE_GET_MIMPID:
		return sbi_ret(SBI_SUCCESS, (long)platform.mimpid);
	default:
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	}
}

const struct sbi_ext sbi_ext_base = {
	.name = "base",
	.eid_min = SBI_EXT_BASE,
	.eid_max = SBI_EXT_BASE,
	.handler = base_handler,
};
