/* SPDX-License-Identifier: MIT */
/* Entry of the harts the smp guest starts with SBI HSM: a0 = hart id, a1 = opaque. */
#define STACK_SHIFT 12
#define MAX_HARTS 8

	.section .text
	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	li	t0, MAX_HARTS
	bgeu	a0, t0, 2f
	la	sp, secondary_stacks
	addi	t0, a0, 1
	slli	t0, t0, STACK_SHIFT
	add	sp, sp, t0
	mv	tp, a0
	call	secondary_main
2:	wfi
	j	2b

	.section .bss
	.balign 16
secondary_stacks:
	.space	MAX_HARTS << STACK_SHIFT
