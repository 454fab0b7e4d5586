/* SPDX-License-Identifier: MIT */
/*
 * World switch. vcpu_run_loop saves the hypervisor's callee-saved state
 * once, points stvec at guest_exit and sscratch at the vCPU, and sret's
 * into the guest (hstatus.SPV = 1). Every trap from the guest lands in
 * guest_exit, which saves the guest registers straight into the vCPU,
 * calls vcpu_handle_exit on this hart's stack and goes back into the
 * guest, until the handler says the vCPU stops; then vcpu_run_loop
 * returns as from a normal call.
 *
 * An SBI call (ecall from VS) saves only what the C code may clobber:
 * ra, sp, tp, t0-t6 and a0-a7, and goes straight to sbi_handle_ecall.
 * The guest's gp and s0-s11 stay in the registers, preserved by the C
 * calling convention, and are never read by the SBI handlers. Every other
 * exit saves and restores all registers, since emulating a load may write
 * any of them.
 */
#include "../../include/vcpu.h"

#define EXC_VS_ECALL 10
#define HSTATUS_SPV 0x80

/*
 * Saves what C code may clobber, a0 = vCPU, the guest's a0 in sscratch
 * (swapped back, so that sscratch holds the vCPU again), t0 saved already:
 * ra, sp, tp, t1-t6, a0-a7, and sepc, sstatus, hstatus.
 */
.macro save_caller_saved
	sd	ra, VCPU_GUEST_X(1)(a0)
	sd	sp, VCPU_GUEST_X(2)(a0)
	sd	tp, VCPU_GUEST_X(4)(a0)
	sd	t1, VCPU_GUEST_X(6)(a0)
	sd	t2, VCPU_GUEST_X(7)(a0)
	.irp n, 1, 2, 3, 4, 5, 6, 7
	sd	a\n, VCPU_GUEST_X(10 + \n)(a0)
	.endr
	.irp n, 3, 4, 5, 6
	sd	t\n, VCPU_GUEST_X(25 + \n)(a0)
	.endr
	csrrw	t1, sscratch, a0
	sd	t1, VCPU_GUEST_X(10)(a0)
	csrr	t1, sepc
	sd	t1, VCPU_GUEST_SEPC(a0)
	csrr	t1, sstatus
	sd	t1, VCPU_GUEST_SSTATUS(a0)
	csrr	t1, hstatus
	sd	t1, VCPU_GUEST_HSTATUS(a0)
.endm

/* Stores (op = sd) or loads (op = ld) the guest's gp and s0-s11, a0 = vCPU. */
.macro guest_callee_saved op
	\op	gp, VCPU_GUEST_X(3)(a0)
	\op	s0, VCPU_GUEST_X(8)(a0)
	\op	s1, VCPU_GUEST_X(9)(a0)
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	\op	s\n, VCPU_GUEST_X(16 + \n)(a0)
	.endr
.endm

	.section .text
	.align 2
	.global vcpu_run_loop
vcpu_run_loop:
	sd	ra, VCPU_HOST_REG(0)(a0)
	sd	sp, VCPU_HOST_REG(1)(a0)
	sd	gp, VCPU_HOST_REG(2)(a0)
	sd	tp, VCPU_HOST_REG(3)(a0)
	sd	s0, VCPU_HOST_REG(4)(a0)
	sd	s1, VCPU_HOST_REG(5)(a0)
	sd	s2, VCPU_HOST_REG(6)(a0)
	sd	s3, VCPU_HOST_REG(7)(a0)
	sd	s4, VCPU_HOST_REG(8)(a0)
	sd	s5, VCPU_HOST_REG(9)(a0)
	sd	s6, VCPU_HOST_REG(10)(a0)
	sd	s7, VCPU_HOST_REG(11)(a0)
	sd	s8, VCPU_HOST_REG(12)(a0)
	sd	s9, VCPU_HOST_REG(13)(a0)
	sd	s10, VCPU_HOST_REG(14)(a0)
	sd	s11, VCPU_HOST_REG(15)(a0)
	la	t0, guest_exit
	csrrw	t0, stvec, t0
	sd	t0, VCPU_HOST_STVEC(a0)
	csrw	sscratch, a0
	j	enter_full

	/* stvec must be 4-byte aligned with MODE = Direct (priv. spec 4.1.2). */
	.align 2
guest_exit:
	csrrw	a0, sscratch, a0
	sd	t0, VCPU_GUEST_X(5)(a0)
	csrr	t0, scause
	sd	t0, VCPU_TRAP_SCAUSE(a0)
	/*
	 * An SBI call is the most frequent exit: it takes the short path.
	 * scause 10 can only come from VS-mode (priv. spec 8.6.4), so the
	 * check for a trap from HS-mode itself is left to the other path.
	 */
	addi	t0, t0, -EXC_VS_ECALL
	bnez	t0, exit_other
	save_caller_saved
	ld	sp, VCPU_HOST_REG(1)(a0)
	ld	tp, VCPU_HOST_REG(3)(a0)
	call	sbi_handle_ecall
	/* sscratch still holds the vCPU: the C code never changes it. */
	csrr	a0, sscratch
	/* Straight back unless the vCPU stops, has requests or resets. */
	lw	t0, VCPU_STATE(a0)
	addi	t0, t0, -VCPU_STATE_RUNNING
	ld	t1, VCPU_REQUESTS(a0)
	or	t0, t0, t1
	lbu	t1, VCPU_RESET_PENDING(a0)
	or	t0, t0, t1
	beqz	t0, enter_ecall
	call	vcpu_after_exit
	/* 0: resume (gp, s0-s11 are still the guest's), 1: resume FULL, 2: leave. */
	mv	t0, a0
	csrr	a0, sscratch
	beqz	t0, enter_fast
	j	full_or_leave

exit_other:
	/* A trap taken in HS-mode itself while in the loop is a hypervisor bug. */
	csrr	t0, hstatus
	andi	t0, t0, HSTATUS_SPV
	beqz	t0, hyp_bug
	save_caller_saved
	guest_callee_saved sd
	csrr	t1, stval
	sd	t1, VCPU_TRAP_STVAL(a0)
	csrr	t1, htval
	sd	t1, VCPU_TRAP_HTVAL(a0)
	csrr	t1, htinst
	sd	t1, VCPU_TRAP_HTINST(a0)
	ld	sp, VCPU_HOST_REG(1)(a0)
	ld	tp, VCPU_HOST_REG(3)(a0)
	call	vcpu_handle_exit
	/*
	 * 0 and 1: resume restoring every register (emulating a load may
	 * have written any), 2: the vCPU leaves the loop.
	 */
	mv	t0, a0
	csrr	a0, sscratch
full_or_leave:
	li	t1, 2 /* VCPU_EXIT_LEAVE */
	beq	t0, t1, leave

enter_full:
	guest_callee_saved ld
enter_fast:
	ld	t0, VCPU_GUEST_SSTATUS(a0)
	csrw	sstatus, t0
	ld	t0, VCPU_GUEST_HSTATUS(a0)
	csrw	hstatus, t0
	/*
	 * After an SBI call that needs nothing else, sstatus and hstatus are
	 * as the trap left them: no SBI handler writes either CSR or their
	 * saved copies (a handler that did would have to resume FULL).
	 */
enter_ecall:
	ld	t0, VCPU_GUEST_SEPC(a0)
	csrw	sepc, t0
	ld	ra, VCPU_GUEST_X(1)(a0)
	ld	sp, VCPU_GUEST_X(2)(a0)
	ld	tp, VCPU_GUEST_X(4)(a0)
	ld	t0, VCPU_GUEST_X(5)(a0)
	ld	t1, VCPU_GUEST_X(6)(a0)
	ld	t2, VCPU_GUEST_X(7)(a0)
	ld	a1, VCPU_GUEST_X(11)(a0)
	ld	a2, VCPU_GUEST_X(12)(a0)
	ld	a3, VCPU_GUEST_X(13)(a0)
	ld	a4, VCPU_GUEST_X(14)(a0)
	ld	a5, VCPU_GUEST_X(15)(a0)
	ld	a6, VCPU_GUEST_X(16)(a0)
	ld	a7, VCPU_GUEST_X(17)(a0)
	ld	t3, VCPU_GUEST_X(28)(a0)
	ld	t4, VCPU_GUEST_X(29)(a0)
	ld	t5, VCPU_GUEST_X(30)(a0)
	ld	t6, VCPU_GUEST_X(31)(a0)
	ld	a0, VCPU_GUEST_X(10)(a0)
	sret

	/*
	 * The vCPU stops. Its gp and s-registers are still the guest's (the C
	 * code preserved them): keep them in the vCPU, then return to the
	 * caller of vcpu_run_loop with the hypervisor's state.
	 */
leave:
	guest_callee_saved sd
	ld	t0, VCPU_HOST_STVEC(a0)
	csrw	stvec, t0
	csrw	sscratch, zero
	ld	ra, VCPU_HOST_REG(0)(a0)
	ld	sp, VCPU_HOST_REG(1)(a0)
	ld	gp, VCPU_HOST_REG(2)(a0)
	ld	tp, VCPU_HOST_REG(3)(a0)
	ld	s0, VCPU_HOST_REG(4)(a0)
	ld	s1, VCPU_HOST_REG(5)(a0)
	ld	s2, VCPU_HOST_REG(6)(a0)
	ld	s3, VCPU_HOST_REG(7)(a0)
	ld	s4, VCPU_HOST_REG(8)(a0)
	ld	s5, VCPU_HOST_REG(9)(a0)
	ld	s6, VCPU_HOST_REG(10)(a0)
	ld	s7, VCPU_HOST_REG(11)(a0)
	ld	s8, VCPU_HOST_REG(12)(a0)
	ld	s9, VCPU_HOST_REG(13)(a0)
	ld	s10, VCPU_HOST_REG(14)(a0)
	ld	s11, VCPU_HOST_REG(15)(a0)
	ret

	/* sp is still the hypervisor's own stack: report and power off. */
hyp_bug:
	call	hyp_fatal_trap
