// SPDX-License-Identifier: MIT
/*
 * Guest page faults: a load or store to an emulated device is decoded,
 * handed to the device model and the guest stepped past it. Anything else
 * is an access fault injected into the guest (see inject_access_fault).
 */
#include "mmio.h"
#include "../arch/riscv/csr.h"
#include "../arch/riscv/tlb.h"
#include "fault_watch.h"
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

static void describe(char *buf, size_t n, uint64_t gpa, const struct vdev *d)
{
	if (d)
		snprintf(buf, n, "guest-physical 0x%llx (emulated %s)", (unsigned long long)gpa,
			 d->name);
	else
		snprintf(buf, n, "guest-physical 0x%llx, outside its memory",
			 (unsigned long long)gpa);
}

static unsigned long access_fault_cause(unsigned long cause)
{
	if (cause == EXC_INST_GUEST_PAGE_FAULT)
		return EXC_INST_ACCESS;
	return cause == EXC_LOAD_GUEST_PAGE_FAULT ? EXC_LOAD_ACCESS : EXC_STORE_ACCESS;
}

/*
 * Nothing of the VM's answers this access: no RAM, no device, or a device
 * that cannot take it (misaligned, an AMO, a fetch). A machine raises an
 * access fault for that (priv. spec 3.6, PMAs), so the guest gets one and
 * handles it as it would natively: VS-mode takes it at vstvec, with
 * vstval = the faulting guest virtual address. A guest that cannot take
 * it (its trap vector is the fetch that faulted) or that retries the same
 * access without end would only come back here: that VM is stopped.
 */
/*
 * The guest-page fault's access type. QEMU 7.2 reports a G-stage fault in
 * the VS-stage page walk of an instruction fetch as a load guest-page
 * fault, where priv. spec 8.5.1 wants the original access type: when the
 * instruction at sepc cannot be fetched, the fetch is what faulted.
 */
static unsigned long fault_cause(struct vcpu *v)
{
	uint32_t insn;

	if (v->trap.scause == EXC_LOAD_GUEST_PAGE_FAULT &&
	    hyp_hlvx_insn(v->guest.sepc, v->guest.hstatus, &insn))
		return EXC_INST_GUEST_PAGE_FAULT;
	return v->trap.scause;
}

static void inject_access_fault(struct vcpu *v, uint64_t gpa, const struct vdev *d)
{
	unsigned long cause = fault_cause(v), vector = csr_read(CSR_VSTVEC) & ~3UL;
	char where[64];

	switch (fault_watch_check(&v->fault_watch, cause == EXC_INST_GUEST_PAGE_FAULT,
				  v->guest.sepc, gpa, vector)) {
	case FAULT_INJECT:
		vcpu_redirect_trap(v, access_fault_cause(cause), v->trap.stval);
		return;
	case FAULT_VECTOR_FAULT:
		describe(where, sizeof(where), gpa, d);
		vm_fail(v,
			"%s at %s: that is its trap vector (the trap before: vscause=0x%lx "
			"vstval=0x%lx vsepc=0x%lx)",
			fault_kind(cause), where, csr_read(CSR_VSCAUSE), csr_read(CSR_VSTVAL),
			csr_read(CSR_VSEPC));
		return;
	case FAULT_REPEATED:
		describe(where, sizeof(where), gpa, d);
		vm_fail(v, "%s at %s: the same access fault %u times in a row", fault_kind(cause),
			where, FAULT_REPEAT_LIMIT);
		return;
	}
}

void mmio_handle_fault(struct vcpu *v)
{
	unsigned long cause = v->trap.scause;
	uint64_t gpa = (v->trap.htval << 2) | (v->trap.stval & 3);
	struct vdev *d = vdev_find(&v->vm->vdevs, gpa);
	struct mmio_access a;
	unsigned long sepc = v->guest.sepc;

	/* RAM not touched yet (guest_mem.h): zeroed and mapped now; the guest retries. */
	if (guest_mem_populate(&v->vm->mem, gpa)) {
		v->stats.ram_first_touch++;
		hfence_gvma_all();
		return;
	}

	/* Devices answer loads and stores of their own width only (no AMO, no fetch). */
	if (!d || cause == EXC_INST_GUEST_PAGE_FAULT || decode_access(v, &a) ||
	    a.store != (cause == EXC_STORE_GUEST_PAGE_FAULT) || (gpa & (a.width - 1))) {
		inject_access_fault(v, gpa, d);
		return;
	}
	/* Step first: the device may reset the vCPU (reboot) and set its own pc. */
	v->guest.sepc += a.len;
	if (emulate(v, d, gpa, &a)) {
		/* The device refused the access: an access fault, as hardware would raise. */
		v->guest.sepc = sepc;
		inject_access_fault(v, gpa, d);
	}
}
