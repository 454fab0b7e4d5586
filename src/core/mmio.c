// SPDX-License-Identifier: MIT
/*
 * Guest page faults: a load or store to an emulated device is decoded,
 * handed to the device model and the guest stepped past it. Anything else
 * stops the VM with a report.
 */
#include "mmio.h"
#include "../arch/riscv/encoding.h"
#include "insn.h"
#include "lib.h"
#include "vdev.h"
#include "vm.h"

unsigned long hyp_hlvx_insn(unsigned long gva, unsigned long hstatus, uint32_t *insn);

static const char *fault_kind(unsigned long cause)
{
	if (cause == EXC_INST_GUEST_PAGE_FAULT)
		return "fetch";
	return cause == EXC_LOAD_GUEST_PAGE_FAULT ? "load" : "store";
}

/* htinst when the hardware filled it in, else the instruction itself (HLVX). */
static int decode_access(struct vcpu *v, struct mmio_access *a)
{
	uint32_t insn = 0;

	if (!insn_decode_htinst((uint32_t)v->trap.htinst, a))
		return HYP_OK;
	if (hyp_hlvx_insn(v->guest.sepc, v->guest.hstatus, &insn))
		return HYP_EFAULT;
	return insn_decode_mmio(insn, a);
}

static uint64_t extend(uint64_t val, const struct mmio_access *a)
{
	unsigned shift = 64 - 8 * a->width;

	if (a->width == 8)
		return val;
	if (a->sign_extend)
		return (uint64_t)((int64_t)(val << shift) >> shift);
	return val & ((1ULL << (8 * a->width)) - 1);
}

static int emulate(struct vcpu *v, struct vdev *d, uint64_t gpa, const struct mmio_access *a)
{
	uint64_t off = gpa - d->base, val = 0;
	int r;

	d->exits++;
	if (a->store)
		return d->ops->write(d, v, off, a->width, extend(v->guest.x[a->reg], a));
	r = d->ops->read(d, v, off, a->width, &val);
	if (!r && a->reg)
		v->guest.x[a->reg] = extend(val, a);
	return r;
}

void mmio_handle_fault(struct vcpu *v)
{
	unsigned long cause = v->trap.scause;
	uint64_t gpa = (v->trap.htval << 2) | (v->trap.stval & 3);
	struct vdev *d = vdev_find(&v->vm->vdevs, gpa);
	struct mmio_access a;
	unsigned long sepc = v->guest.sepc;

	if (!d || cause == EXC_INST_GUEST_PAGE_FAULT) {
		vm_fail(v, "%s at guest-physical 0x%llx, outside its memory", fault_kind(cause),
			(unsigned long long)gpa);
		return;
	}
	if (decode_access(v, &a) || a.store != (cause == EXC_STORE_GUEST_PAGE_FAULT) ||
	    (gpa & (a.width - 1))) {
		vm_fail(v, "%s of %s at 0x%llx by an instruction that cannot be emulated",
			fault_kind(cause), d->name, (unsigned long long)gpa);
		return;
	}
	/* Step first: the device may reset the vCPU (reboot) and set its own pc. */
	v->guest.sepc += a.len;
	if (emulate(v, d, gpa, &a)) {
		/* The device refused the access: an access fault, as hardware would raise. */
		v->guest.sepc = sepc;
		vcpu_redirect_trap(v, a.store ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS, v->trap.stval);
	}
}
