/* SPDX-License-Identifier: MIT */
/*
 * Supervisor trap entry and exit, see trap.h for the frame layout and the
 * sscratch convention.
 */
#include "csr.h"
#include "trap.h"

/* Every register but x0 (always zero) and x2 (sp, saved separately). */
#define SAVED_REGS 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, \
		   17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31

/* Callee-saved state kept by __user_enter: ra, s0..s11, padding. */
#define USER_CTX_SIZE (14 * 8)

	.section .text
	.balign 4	/* stvec.BASE must be 4-byte aligned (4.1.2) */
	.globl trap_vector
trap_vector:
	/*
	 * From U-mode sscratch holds the kernel stack; from S-mode it is 0 and
	 * we stay on the interrupted stack. Either way sscratch ends up holding
	 * the interrupted sp.
	 */
	csrrw	sp, sscratch, sp
	bnez	sp, 1f
	csrr	sp, sscratch
1:
	addi	sp, sp, -TF_SIZE
	.irp	n, SAVED_REGS
	sd	x\n, TF_REG(\n)(sp)
	.endr
	csrrw	t0, sscratch, zero	/* back in S-mode: sscratch = 0 */
	sd	t0, TF_REG(2)(sp)
	csrr	t0, sepc
	sd	t0, TF_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)

	mv	a0, sp
	call	trap_handler

	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	/* Returning to U-mode: the next trap must land on this kernel stack. */
	andi	t0, t0, SSTATUS_SPP
	bnez	t0, 2f
	addi	t0, sp, TF_SIZE
	csrw	sscratch, t0
2:
	.irp	n, SAVED_REGS
	ld	x\n, TF_REG(\n)(sp)
	.endr
	ld	sp, TF_REG(2)(sp)
	sret

/*
 * long __user_enter(void (*entry)(unsigned long) a0, unsigned long arg a1,
 *		     void *user_sp a2, unsigned long *kernel_sp a3)
 *
 * Saves the callee-saved registers, records the kernel stack in *kernel_sp
 * and in sscratch, and srets to entry(arg) in U-mode. user_exit() makes a
 * later trap sret to __user_return on that kernel stack with the exit code
 * in a0, which then returns from __user_enter.
 */
	.globl __user_enter
__user_enter:
	addi	sp, sp, -USER_CTX_SIZE
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	sd	s2, 24(sp)
	sd	s3, 32(sp)
	sd	s4, 40(sp)
	sd	s5, 48(sp)
	sd	s6, 56(sp)
	sd	s7, 64(sp)
	sd	s8, 72(sp)
	sd	s9, 80(sp)
	sd	s10, 88(sp)
	sd	s11, 96(sp)
	sd	sp, 0(a3)
	csrw	sscratch, sp

	csrw	sepc, a0
	li	t0, SSTATUS_SPP | SSTATUS_SPIE
	csrc	sstatus, t0		/* sret to U-mode, SIE = 0 there */
	mv	a0, a1
	mv	sp, a2
	sret

	.globl __user_return
__user_return:
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	ld	s2, 24(sp)
	ld	s3, 32(sp)
	ld	s4, 40(sp)
	ld	s5, 48(sp)
	ld	s6, 56(sp)
	ld	s7, 64(sp)
	ld	s8, 72(sp)
	ld	s9, 80(sp)
	ld	s10, 88(sp)
	ld	s11, 96(sp)
	addi	sp, sp, USER_CTX_SIZE
	ret
