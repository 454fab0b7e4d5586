// SPDX-License-Identifier: MIT
/*
 * Legacy v0.1 calls (SBI spec ch. 5): the result is in a0 only. The IPI
 * and fence calls take the hart mask by reference: a guest virtual
 * address of an unsigned long (0 meaning every hart).
 */
#include "console.h"
#include "sbi.h"
#include "vm.h"

static long legacy_probe(unsigned long eid)
{
	return eid <= SBI_EXT_0_1_SHUTDOWN;
}

/* The vCPUs named by the mask at guest virtual address gva. */
static long legacy_targets(struct vcpu *v, unsigned long gva, unsigned long *targets)
{
	unsigned long mask;

	if (!gva) {
		*targets = (1UL << v->vm->ncpus) - 1;
		return SBI_SUCCESS;
	}
	if (vcpu_read_guest_ulong(v, gva, &mask))
		return SBI_ERR_INVALID_ADDRESS;
	return sbi_error(sbi_hart_mask(v->vm->ncpus, mask, 0, targets));
}

static long legacy_ipi_or_fence(struct vcpu *v, unsigned long eid, unsigned long gva)
{
	unsigned long targets;
	long err = legacy_targets(v, gva, &targets);

	if (err)
		return err;
	if (eid == SBI_EXT_0_1_SEND_IPI)
		sbi_send_vssip(v, targets);
	else
		vcpu_remote_fence(v, targets,
				  eid == SBI_EXT_0_1_REMOTE_FENCE_I ? VCPU_REQ_FENCE_I
								    : VCPU_REQ_VVMA);
	return SBI_SUCCESS;
}

static long legacy_call(struct vcpu *v, unsigned long eid, const unsigned long *args)
{
	char c;

	switch (eid) {
	case SBI_EXT_0_1_SET_TIMER:
		vcpu_set_timer(v, args[0]);
		return 0;
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		c = (char)args[0];
		console_vm_write(v->vm, &c, 1);
		return 0;
	case SBI_EXT_0_1_CONSOLE_GETCHAR:
		return console_vm_getc(v->vm);
	case SBI_EXT_0_1_CLEAR_IPI:
		vcpu_clear_ipi(v);
		return 0;
	case SBI_EXT_0_1_SEND_IPI:
	case SBI_EXT_0_1_REMOTE_FENCE_I:
	case SBI_EXT_0_1_REMOTE_SFENCE_VMA:
	case SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID:
		return legacy_ipi_or_fence(v, eid, args[0]);
	case SBI_EXT_0_1_SHUTDOWN:
		vm_shutdown(v->vm, false);
		return SBI_NO_RETURN;
	default:
		return SBI_ERR_NOT_SUPPORTED;
	}
}

/* A v0.1 call returns in a0 only (SBI spec 5): a1 goes back as the guest had it. */
static struct sbi_result legacy_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
					const unsigned long *args)
{
	(void)fid;
	return sbi_ret(legacy_call(v, eid, args), (long)args[1]);
}

const struct sbi_ext sbi_ext_legacy = {
	.name = "legacy",
	.eid_min = SBI_EXT_0_1_SET_TIMER,
	.eid_max = SBI_EXT_0_1_SHUTDOWN,
	.handler = legacy_handler,
	.probe = legacy_probe,
};
