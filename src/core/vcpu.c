// SPDX-License-Identifier: MIT
/* The guest context of a vCPU and the run loop on its pinned hart. */
#include "vcpu.h"
#include "../arch/riscv/csr.h"
#include "../arch/riscv/sbi_ecall.h"
#include "../arch/riscv/tlb.h"
#include "exit.h"
#include "hart.h"
#include "lib.h"
#include "platform.h"
#include "sbi.h"
#include "vm.h"
#include "vm_devices.h"

_Static_assert(__builtin_offsetof(struct vcpu, guest.sepc) == VCPU_GUEST_SEPC, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, guest.sstatus) == VCPU_GUEST_SSTATUS, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, guest.hstatus) == VCPU_GUEST_HSTATUS, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, host) == VCPU_HOST_BASE, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, host.stvec) == VCPU_HOST_STVEC, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, trap) == VCPU_TRAP_BASE, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, state) == VCPU_STATE, "switch.S");
_Static_assert(sizeof(((struct vcpu *)0)->state) == 4, "switch.S loads it with lw");
_Static_assert(__builtin_offsetof(struct vcpu, requests) == VCPU_REQUESTS, "switch.S");
_Static_assert(__builtin_offsetof(struct vcpu, reset_pending) == VCPU_RESET_PENDING, "switch.S");
_Static_assert(VCPU_RUNNING == VCPU_STATE_RUNNING, "switch.S");

void vcpu_reset(struct vcpu *v, unsigned long entry, unsigned long a1)
{
	memset(&v->guest, 0, sizeof(v->guest));
	memset(&v->trap, 0, sizeof(v->trap));
	memset(&v->fault_watch, 0, sizeof(v->fault_watch));
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
	v->timer_deadline = UINT64_MAX;
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

void vcpu_request(struct vcpu *target, unsigned long req)
{
	__atomic_or_fetch(&target->requests, req, __ATOMIC_SEQ_CST);
	if (target->hart != this_hart())
		hart_kick(target->hart);
}

static void host_timer_program(struct vcpu *v);

void vcpu_do_requests(struct vcpu *v)
{
	unsigned long req = __atomic_exchange_n(&v->requests, 0, __ATOMIC_ACQ_REL);

	/* First: a stage-2 page was unmapped before what VSEIP announces. */
	if (req & VCPU_REQ_GFENCE)
		hfence_gvma_all();
	if (req & VCPU_REQ_VSSIP)
		csr_set(CSR_HVIP, MIP_VSSIP);
	if (req & VCPU_REQ_EXT) {
		if (vplic_pending_for(&v->vm->plic, v->id))
			csr_set(CSR_HVIP, MIP_VSEIP);
		else
			csr_clear(CSR_HVIP, MIP_VSEIP);
	}
	if (req & VCPU_REQ_FENCE_I)
		__asm__ volatile("fence.i" ::: "memory");
	/* hfence.vvma acts on the VMID in hgatp: this VM's entries only. */
	if (req & VCPU_REQ_VVMA)
		hfence_vvma_all();
	if (req & VCPU_REQ_TIMER)
		host_timer_program(v);
}

void vcpu_remote_fence(struct vcpu *self, unsigned long targets, unsigned long req)
{
	struct vm *vm = self->vm;

	for (unsigned i = 0; i < vm->ncpus; i++)
		if ((targets & (1UL << i)) && vm->vcpu[i].state == VCPU_RUNNING)
			vcpu_request(&vm->vcpu[i], req);
	/* Wait for each target; serve our own requests meanwhile so two vCPUs
	 * fencing each other cannot wait on one another forever. */
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct vcpu *t = &vm->vcpu[i];

		if (!(targets & (1UL << i)))
			continue;
		while ((t->requests & req) && t->state == VCPU_RUNNING && t != self)
			vcpu_do_requests(self);
	}
	vcpu_do_requests(self);
}

int vcpu_hsm_start(struct vcpu *target, unsigned long addr, unsigned long opaque)
{
	enum vcpu_state expect = VCPU_STOPPED;

	/* The stopped vCPU's hart is parked and no longer touches it. */
	if (!__atomic_compare_exchange_n(&target->state, &expect, VCPU_START_PENDING, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return HYP_EEXIST;
	while (__atomic_load_n(&target->in_run, __ATOMIC_ACQUIRE))
		;
	vcpu_reset(target, addr, opaque);
	target->requests = 0;
	__atomic_store_n(&target->state, VCPU_RUNNING, __ATOMIC_RELEASE);
	hart_kick(target->hart);
	return HYP_OK;
}

void vcpu_hsm_stop(struct vcpu *v)
{
	__atomic_store_n(&v->state, VCPU_STOPPED, __ATOMIC_RELEASE);
}

void vcpu_clear_ipi(struct vcpu *v)
{
	(void)v;
	csr_clear(CSR_HVIP, MIP_VSSIP);
}

unsigned long hyp_hlv_d(unsigned long gva, unsigned long hstatus, unsigned long *val);

/*
 * The load, and each level of the guest's page walk before it, may land
 * in RAM the guest has not touched yet: that chunk is zeroed and mapped
 * (guest_mem.h) and the load tried again; htval holds the guest-physical
 * address of the fault (priv. spec 8.6.3).
 */
int vcpu_read_guest_ulong(struct vcpu *v, unsigned long gva, unsigned long *val)
{
	for (unsigned tries = 0; tries < 8; tries++) {
		unsigned long cause = hyp_hlv_d(gva, v->guest.hstatus, val);

		if (!cause)
			return HYP_OK;
		if (cause != EXC_LOAD_GUEST_PAGE_FAULT ||
		    !guest_mem_populate(&v->vm->mem, csr_read(CSR_HTVAL) << 2))
			break;
		hfence_gvma_all();
	}
	return HYP_EFAULT;
}

int vcpu_after_exit(struct vcpu *v)
{
	if (v->state != VCPU_RUNNING)
		return VCPU_EXIT_LEAVE;
	if (v->requests)
		vcpu_do_requests(v);
	if (v->reset_pending) {
		load_vcpu(v);
		return VCPU_EXIT_RESUME_FULL;
	}
	return VCPU_EXIT_RESUME;
}

/* Called by switch.S for each exit but SBI calls: what to do next. */
int vcpu_handle_exit(struct vcpu *v)
{
	exit_handle(v);
	return vcpu_after_exit(v);
}

/*
 * With Sstc a guest programs its timer by writing stimecmp (vstimecmp), with
 * no exit. QEMU 7.2 leaves a deadline already due at the moment of such a
 * write out of what WFI waits for, so a vCPU that then idles in WFI sleeps
 * until some other interrupt comes (a 10-minute soak of 4-vCPU Linux hung
 * so; without Sstc it did not). The hart's own timer (stimecmp, unused with
 * Sstc) therefore ticks every SSTC_TICK_HZ-th of a second while the vCPU
 * runs: the tick wakes WFI into HS-mode, and back in the guest the pending
 * VSTIP is taken. A due timer is late by one tick at most.
 */
#define SSTC_TICK_HZ 100

static void sstc_tick_arm(void)
{
	csr_write(CSR_STIMECMP, csr_read(CSR_TIME) + platform.timebase / SSTC_TICK_HZ);
}

static void sstc_tick(bool on)
{
	if (!platform.has_sstc)
		return;
	if (on) {
		sstc_tick_arm();
		csr_set(CSR_SIE, MIP_STIP);
	} else {
		csr_clear(CSR_SIE, MIP_STIP);
		csr_write(CSR_STIMECMP, -1UL);
	}
}

void vcpu_run(struct vcpu *v)
{
	__atomic_store_n(&v->in_run, true, __ATOMIC_RELEASE);
	load_vcpu(v);
	if (v->requests)
		vcpu_do_requests(v);
	if (v->state == VCPU_RUNNING) {
		sstc_tick(true);
		vcpu_run_loop(v);
		sstc_tick(false);
	}
	__atomic_store_n(&v->in_run, false, __ATOMIC_RELEASE);
}

/*
 * SBI 6.1: a deadline already due is pending before set_timer returns,
 * and stays pending until the next set_timer. vstimecmp alone is not
 * enough on QEMU 7.2: a timer due at the moment of the write is left out
 * of what WFI waits for, and a guest that then sleeps in WFI never wakes.
 * hvip.VSTIP makes it pending for certain; the next SBI set_timer clears
 * it. (A guest writing stimecmp itself never comes through here.)
 */
static void sstc_due_now(uint64_t when)
{
	if (when <= csr_read(CSR_TIME) + csr_read(CSR_HTIMEDELTA))
		csr_set(CSR_HVIP, MIP_VSTIP);
	else
		csr_clear(CSR_HVIP, MIP_VSTIP);
}

/*
 * What the hart's timer serves when it fires: the VM's RTC alarm and,
 * without Sstc, the guest's deadline, raised as VSTIP. VSTIP stays until
 * the guest's next set_timer (SBI 2.0 6.1).
 */
static void timer_due_work(struct vcpu *v)
{
	vm_devices_poll(v->vm);
	if (!platform.has_sstc && csr_read(CSR_TIME) >= v->timer_deadline) {
		csr_set(CSR_HVIP, MIP_VSTIP);
		v->timer_deadline = UINT64_MAX;
	}
}

/*
 * Without Sstc the hart's timer serves the guest's deadline and, on vCPU
 * 0, its VM's RTC alarm: whichever comes first. With Sstc the guest's
 * deadline is its own vstimecmp and the tick polls the alarm.
 */
static void host_timer_program(struct vcpu *v)
{
	uint64_t when;

	if (platform.has_sstc)
		return;
	for (;;) {
		when = v->timer_deadline;
		if (v->id == 0)
			when = MIN(when, vm_devices_alarm_time(v->vm));
		if (when == UINT64_MAX) {
			csr_clear(CSR_SIE, MIP_STIP);
			sbi_set_timer(UINT64_MAX);
			return;
		}
		sbi_set_timer(when);
		csr_set(CSR_SIE, MIP_STIP);
		/* SBI 2.0 6.1: a deadline in the past is pending before set_timer returns. */
		if (!(csr_read(CSR_SIP) & MIP_STIP))
			return;
		timer_due_work(v);
	}
}

void vcpu_set_timer(struct vcpu *v, uint64_t when)
{
	/* With Sstc the guest owns vstimecmp: VSTIP follows it with no exit. */
	if (platform.has_sstc) {
		csr_write(CSR_VSTIMECMP, when);
		sstc_due_now(when);
		return;
	}
	/* Without Sstc: the host timer, forwarded as VSTIP when it fires. */
	csr_clear(CSR_HVIP, MIP_VSTIP);
	v->timer_deadline = when;
	host_timer_program(v);
}

void vcpu_timer_fired(struct vcpu *v)
{
	timer_due_work(v);
	if (platform.has_sstc)
		sstc_tick_arm();
	else
		host_timer_program(v);
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
