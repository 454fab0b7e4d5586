// SPDX-License-Identifier: MIT
/*
 * Legacy v0.1 calls (SBI spec ch. 5): the result is in a0 only. The IPI
 * and fence calls are not offered; probing them returns 0.
 */
#include "console.h"
#include "sbi.h"
#include "vm.h"

static long legacy_probe(unsigned long eid)
{
	switch (eid) {
	case SBI_EXT_0_1_SET_TIMER:
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
	case SBI_EXT_0_1_CONSOLE_GETCHAR:
	case SBI_EXT_0_1_SHUTDOWN:
		return 1;
	default:
		return 0;
	}
}

static enum sbi_action legacy_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				      const unsigned long *args, struct sbi_result *out)
{
	char c;

	(void)fid;
	out->value = 0;
	switch (eid) {
	case SBI_EXT_0_1_SET_TIMER:
		vcpu_set_timer(v, args[0]);
		break;
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		c = (char)args[0];
		console_vm_write(v->vm, &c, 1);
		break;
	case SBI_EXT_0_1_CONSOLE_GETCHAR:
		out->value = console_vm_getc(v->vm);
		break;
	case SBI_EXT_0_1_SHUTDOWN:
		vm_shutdown(v->vm, false);
		return SBI_NO_RETURN;
	default:
		out->value = SBI_ERR_NOT_SUPPORTED;
	}
	return SBI_RETURN_LEGACY;
}

const struct sbi_ext sbi_ext_legacy = {
	.name = "legacy",
	.eid_min = SBI_EXT_0_1_SET_TIMER,
	.eid_max = SBI_EXT_0_1_SHUTDOWN,
	.handler = legacy_handler,
	.probe = legacy_probe,
};
