// SPDX-License-Identifier: MIT
/* The guest context of a vCPU and the run loop on its pinned hart. */
#include "vcpu.h"
#include "../arch/riscv/csr.h"
#include "../arch/riscv/sbi_ecall.h"
#include "../arch/riscv/tlb.h"
#include "exit.h"
#include "lib.h"
#include "platform.h"
#include "vm.h"

_Static_assert(__builtin_offsetof(struct vcpu, guest.sepc) == VCPU_GUEST_SEPC, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, guest.sstatus) == VCPU_GUEST_SSTATUS, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, guest.hstatus) == VCPU_GUEST_HSTATUS, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, host) == VCPU_HOST_BASE, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, host.sscratch) == VCPU_HOST_SSCRATCH, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, trap) == VCPU_TRAP_BASE, "switch.S");

void vcpu_reset(struct vcpu *v, unsigned long entry, unsigned long a1)
{
	memset(&v->guest, 0, sizeof(v->guest));
	memset(&v->trap, 0, sizeof(v->trap));
	/* SBI boot protocol: a0 = hart id, a1 = DT address. */
	v->guest.x[REG_A0] = v->id;
	v->guest.x[REG_A1] = a1;
	v->guest.sepc = entry;
	/*
	 * sret to VS-mode: SPP = S with hstatus.SPV = 1 (priv. spec 8.6.3).
	 * FS must not be Off in HS's own sstatus, or the guest traps on FP
	 * whatever its vsstatus.FS says (priv. spec 8.2.11).
	 */
	v->guest.sstatus = SSTATUS_SPP | SSTATUS_FS_INITIAL;
	v->guest.hstatus = HSTATUS_SPV | HSTATUS_SPVP;
	v->reset_pending = true;
}

/* VS-level CSRs live in the hart; they are reset where the vCPU runs. */
static void reset_vs_csrs(void)
{
	csr_write(CSR_VSSTATUS, 0);
	csr_write(CSR_VSIE, 0);
	csr_write(CSR_VSTVEC, 0);
	csr_write(CSR_VSSCRATCH, 0);
	csr_write(CSR_VSEPC, 0);
	csr_write(CSR_VSCAUSE, 0);
	csr_write(CSR_VSTVAL, 0);
	csr_write(CSR_VSATP, 0);
	csr_write(CSR_HVIP, 0);
	csr_write(CSR_HTIMEDELTA, 0);
	if (platform.has_sstc)
		csr_write(CSR_VSTIMECMP, -1UL);
	else
		sbi_set_timer(-1UL);
}

static void load_vcpu(struct vcpu *v)
{
	csr_write(CSR_HGATP, stage2_hgatp(&v->vm->s2));
	if (v->reset_pending) {
		reset_vs_csrs();
		v->reset_pending = false;
	}
	/* Memory was (re)loaded by another hart or before a reboot. */
	hfence_gvma_all();
	hfence_vvma_all();
	__asm__ volatile("fence.i" ::: "memory");
}

void vcpu_run(struct vcpu *v)
{
	__atomic_store_n(&v->in_run, true, __ATOMIC_RELEASE);
	load_vcpu(v);
	while (v->state == VCPU_RUNNING) {
		vcpu_switch_to_guest(v);
		exit_handle(v);
		if (v->reset_pending)
			load_vcpu(v);
	}
	__atomic_store_n(&v->in_run, false, __ATOMIC_RELEASE);
}

void vcpu_set_timer(struct vcpu *v, uint64_t when)
{
	(void)v;
	/* With Sstc the guest owns vstimecmp: VSTIP follows it with no exit. */
	if (platform.has_sstc) {
		csr_write(CSR_VSTIMECMP, when);
		return;
	}
	/* Without Sstc: the host timer, forwarded as VSTIP when it fires. */
	csr_clear(CSR_HVIP, MIP_VSTIP);
	sbi_set_timer(when);
	if (when == UINT64_MAX) {
		csr_clear(CSR_SIE, MIP_STIP);
		return;
	}
	csr_set(CSR_SIE, MIP_STIP);
	/* SBI 2.0 6.1: a deadline in the past is pending before set_timer returns. */
	if (csr_read(CSR_SIP) & MIP_STIP)
		vcpu_timer_fired();
}

void vcpu_timer_fired(void)
{
	csr_set(CSR_HVIP, MIP_VSTIP);
	csr_clear(CSR_SIE, MIP_STIP);
	sbi_set_timer(-1UL);
}

void vcpu_redirect_trap(struct vcpu *v, unsigned long cause, unsigned long tval)
{
	unsigned long vsstatus = csr_read(CSR_VSSTATUS);

	/* As a trap taken in VS-mode would (priv. spec 4.1.1): SPP, SPIE, SIE. */
	vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE);
	if (v->guest.sstatus & SSTATUS_SPP)
		vsstatus |= SSTATUS_SPP;
	if (vsstatus & SSTATUS_SIE)
		vsstatus |= SSTATUS_SPIE;
	vsstatus &= ~SSTATUS_SIE;
	csr_write(CSR_VSSTATUS, vsstatus);
	csr_write(CSR_VSCAUSE, cause);
	csr_write(CSR_VSTVAL, tval);
	csr_write(CSR_VSEPC, v->guest.sepc);
	/* Synchronous traps use the base address whatever the vstvec mode. */
	v->guest.sepc = csr_read(CSR_VSTVEC) & ~3UL;
	v->guest.sstatus |= SSTATUS_SPP;
}
