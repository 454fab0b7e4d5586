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
 * ra, sp, tp, t0-t6 and a0-a7. The guest's gp and s0-s11 stay in the
 * registers, preserved by the C calling convention, and are never read
 * by the SBI handlers. Every other exit saves and restores all registers,
 * since emulating a load may write any of them.
 */
#include "../../include/vcpu.h"

#define EXC_VS_ECALL 10
#define HSTATUS_SPV 0x80

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
	/* A trap taken in HS-mode itself while in the loop is a hypervisor bug. */
	csrr	t0, hstatus
	andi	t0, t0, HSTATUS_SPV
	beqz	t0, hyp_bug
	csrr	t0, scause
	sd	t0, VCPU_TRAP_SCAUSE(a0)
	sd	ra, VCPU_GUEST_X(1)(a0)
	sd	sp, VCPU_GUEST_X(2)(a0)
	sd	tp, VCPU_GUEST_X(4)(a0)
	sd	t1, VCPU_GUEST_X(6)(a0)
	sd	t2, VCPU_GUEST_X(7)(a0)
	sd	a1, VCPU_GUEST_X(11)(a0)
	sd	a2, VCPU_GUEST_X(12)(a0)
	sd	a3, VCPU_GUEST_X(13)(a0)
	sd	a4, VCPU_GUEST_X(14)(a0)
	sd	a5, VCPU_GUEST_X(15)(a0)
	sd	a6, VCPU_GUEST_X(16)(a0)
	sd	a7, VCPU_GUEST_X(17)(a0)
	sd	t3, VCPU_GUEST_X(28)(a0)
	sd	t4, VCPU_GUEST_X(29)(a0)
	sd	t5, VCPU_GUEST_X(30)(a0)
	sd	t6, VCPU_GUEST_X(31)(a0)
	csrrw	t1, sscratch, a0
	sd	t1, VCPU_GUEST_X(10)(a0)
	csrr	t1, sepc
	sd	t1, VCPU_GUEST_SEPC(a0)
	csrr	t1, sstatus
	sd	t1, VCPU_GUEST_SSTATUS(a0)
	csrr	t1, hstatus
	sd	t1, VCPU_GUEST_HSTATUS(a0)
	li	t1, EXC_VS_ECALL
	beq	t0, t1, 1f
	guest_callee_saved sd
	csrr	t1, stval
	sd	t1, VCPU_TRAP_STVAL(a0)
	csrr	t1, htval
	sd	t1, VCPU_TRAP_HTVAL(a0)
	csrr	t1, htinst
	sd	t1, VCPU_TRAP_HTINST(a0)
1:	ld	sp, VCPU_HOST_REG(1)(a0)
	ld	tp, VCPU_HOST_REG(3)(a0)
	addi	sp, sp, -16
	sd	a0, 0(sp)
	call	vcpu_handle_exit
	mv	t0, a0
	ld	a0, 0(sp)
	addi	sp, sp, 16
	/* 0: resume as saved; 1: resume restoring every register; 2: leave. */
	li	t1, 2
	beq	t0, t1, leave
	bnez	t0, enter_full
	ld	t0, VCPU_TRAP_SCAUSE(a0)
	li	t1, EXC_VS_ECALL
	beq	t0, t1, enter_fast

enter_full:
	guest_callee_saved ld
enter_fast:
	ld	t0, VCPU_GUEST_SEPC(a0)
	csrw	sepc, t0
	ld	t0, VCPU_GUEST_SSTATUS(a0)
	csrw	sstatus, t0
	ld	t0, VCPU_GUEST_HSTATUS(a0)
	csrw	hstatus, t0
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
