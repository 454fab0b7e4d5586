// SPDX-License-Identifier: MIT
/* System Reset extension (SBI spec ch. 10): resets the calling VM only. */
#include "sbi.h"
#include "vm.h"

static long check_reset_args(unsigned long type, unsigned long reason)
{
	if (type > SBI_SRST_TYPE_WARM_REBOOT)
		return type >= SBI_SRST_TYPE_VENDOR_START ? SBI_ERR_NOT_SUPPORTED
							  : SBI_ERR_INVALID_PARAM;
	/* Reasons 2..0xDFFFFFFF are reserved; the higher ranges are SBI- or vendor-specific. */
	if (reason > SBI_SRST_REASON_SYSFAIL && reason < SBI_SRST_REASON_SBI_START)
		return SBI_ERR_INVALID_PARAM;
	if (reason > 0xffffffffUL)
		return SBI_ERR_INVALID_PARAM;
	return SBI_SUCCESS;
}

static struct sbi_result srst_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				      const unsigned long *args)
{
	long err;

	(void)eid;
	if (fid != SBI_SRST_RESET)
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	err = check_reset_args(args[0], args[1]);
	if (err)
		return sbi_ret(err, 0);
	if (args[0] == SBI_SRST_TYPE_SHUTDOWN)
		vm_shutdown(v->vm, args[1] == SBI_SRST_REASON_SYSFAIL);
	else
		vm_reboot(v);
	return sbi_ret(SBI_NO_RETURN, 0);
}

const struct sbi_ext sbi_ext_srst = {
	.name = "srst",
	.eid_min = SBI_EXT_SRST,
	.eid_max = SBI_EXT_SRST,
	.handler = srst_handler,
};
