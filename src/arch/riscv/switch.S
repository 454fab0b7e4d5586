/* SPDX-License-Identifier: MIT */
/*
 * World switch. vcpu_switch_to_guest saves the hypervisor's callee-saved
 * state in the vCPU, points stvec at guest_exit and sret's into the guest
 * (hstatus.SPV = 1). Any trap from the guest lands in guest_exit, which
 * saves the guest registers straight into the vCPU found in sscratch and
 * returns from vcpu_switch_to_guest as from a normal call.
 */
#include "../../include/vcpu.h"

	.section .text
	.align 2
	.global vcpu_switch_to_guest
vcpu_switch_to_guest:
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

	ld	t0, VCPU_GUEST_SSTATUS(a0)
	ld	t1, VCPU_GUEST_HSTATUS(a0)
	ld	t2, VCPU_GUEST_SEPC(a0)
	la	t3, guest_exit
	csrrw	t0, sstatus, t0
	sd	t0, VCPU_HOST_SSTATUS(a0)
	csrrw	t1, hstatus, t1
	sd	t1, VCPU_HOST_HSTATUS(a0)
	csrrw	t3, stvec, t3
	sd	t3, VCPU_HOST_STVEC(a0)
	csrrw	t0, sscratch, a0
	sd	t0, VCPU_HOST_SSCRATCH(a0)
	csrw	sepc, t2

	ld	ra, VCPU_GUEST_X(1)(a0)
	ld	sp, VCPU_GUEST_X(2)(a0)
	ld	gp, VCPU_GUEST_X(3)(a0)
	ld	tp, VCPU_GUEST_X(4)(a0)
	ld	t0, VCPU_GUEST_X(5)(a0)
	ld	t1, VCPU_GUEST_X(6)(a0)
	ld	t2, VCPU_GUEST_X(7)(a0)
	ld	s0, VCPU_GUEST_X(8)(a0)
	ld	s1, VCPU_GUEST_X(9)(a0)
	ld	a1, VCPU_GUEST_X(11)(a0)
	ld	a2, VCPU_GUEST_X(12)(a0)
	ld	a3, VCPU_GUEST_X(13)(a0)
	ld	a4, VCPU_GUEST_X(14)(a0)
	ld	a5, VCPU_GUEST_X(15)(a0)
	ld	a6, VCPU_GUEST_X(16)(a0)
	ld	a7, VCPU_GUEST_X(17)(a0)
	ld	s2, VCPU_GUEST_X(18)(a0)
	ld	s3, VCPU_GUEST_X(19)(a0)
	ld	s4, VCPU_GUEST_X(20)(a0)
	ld	s5, VCPU_GUEST_X(21)(a0)
	ld	s6, VCPU_GUEST_X(22)(a0)
	ld	s7, VCPU_GUEST_X(23)(a0)
	ld	s8, VCPU_GUEST_X(24)(a0)
	ld	s9, VCPU_GUEST_X(25)(a0)
	ld	s10, VCPU_GUEST_X(26)(a0)
	ld	s11, VCPU_GUEST_X(27)(a0)
	ld	t3, VCPU_GUEST_X(28)(a0)
	ld	t4, VCPU_GUEST_X(29)(a0)
	ld	t5, VCPU_GUEST_X(30)(a0)
	ld	t6, VCPU_GUEST_X(31)(a0)
	ld	a0, VCPU_GUEST_X(10)(a0)
	sret

	/* stvec must be 4-byte aligned with MODE = Direct (priv. spec 4.1.2). */
	.align 2
guest_exit:
	csrrw	a0, sscratch, a0
	sd	ra, VCPU_GUEST_X(1)(a0)
	sd	sp, VCPU_GUEST_X(2)(a0)
	sd	gp, VCPU_GUEST_X(3)(a0)
	sd	tp, VCPU_GUEST_X(4)(a0)
	sd	t0, VCPU_GUEST_X(5)(a0)
	sd	t1, VCPU_GUEST_X(6)(a0)
	sd	t2, VCPU_GUEST_X(7)(a0)
	sd	s0, VCPU_GUEST_X(8)(a0)
	sd	s1, VCPU_GUEST_X(9)(a0)
	sd	a1, VCPU_GUEST_X(11)(a0)
	sd	a2, VCPU_GUEST_X(12)(a0)
	sd	a3, VCPU_GUEST_X(13)(a0)
	sd	a4, VCPU_GUEST_X(14)(a0)
	sd	a5, VCPU_GUEST_X(15)(a0)
	sd	a6, VCPU_GUEST_X(16)(a0)
	sd	a7, VCPU_GUEST_X(17)(a0)
	sd	s2, VCPU_GUEST_X(18)(a0)
	sd	s3, VCPU_GUEST_X(19)(a0)
	sd	s4, VCPU_GUEST_X(20)(a0)
	sd	s5, VCPU_GUEST_X(21)(a0)
	sd	s6, VCPU_GUEST_X(22)(a0)
	sd	s7, VCPU_GUEST_X(23)(a0)
	sd	s8, VCPU_GUEST_X(24)(a0)
	sd	s9, VCPU_GUEST_X(25)(a0)
	sd	s10, VCPU_GUEST_X(26)(a0)
	sd	s11, VCPU_GUEST_X(27)(a0)
	sd	t3, VCPU_GUEST_X(28)(a0)
	sd	t4, VCPU_GUEST_X(29)(a0)
	sd	t5, VCPU_GUEST_X(30)(a0)
	sd	t6, VCPU_GUEST_X(31)(a0)

	ld	t1, VCPU_HOST_SSCRATCH(a0)
	csrrw	t0, sscratch, t1
	sd	t0, VCPU_GUEST_X(10)(a0)
	csrr	t0, sepc
	sd	t0, VCPU_GUEST_SEPC(a0)
	ld	t1, VCPU_HOST_SSTATUS(a0)
	csrrw	t0, sstatus, t1
	sd	t0, VCPU_GUEST_SSTATUS(a0)
	ld	t1, VCPU_HOST_HSTATUS(a0)
	csrrw	t0, hstatus, t1
	sd	t0, VCPU_GUEST_HSTATUS(a0)
	ld	t1, VCPU_HOST_STVEC(a0)
	csrw	stvec, t1
	csrr	t0, scause
	sd	t0, VCPU_TRAP_SCAUSE(a0)
	csrr	t0, stval
	sd	t0, VCPU_TRAP_STVAL(a0)
	csrr	t0, htval
	sd	t0, VCPU_TRAP_HTVAL(a0)
	csrr	t0, htinst
	sd	t0, VCPU_TRAP_HTINST(a0)

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
