/* SPDX-License-Identifier: MIT */
/*
 * Guest entry point. The SBI firmware (or the hypervisor) enters in S-mode
 * (VS-mode) with a0 = hart id and a1 = physical address of the DTB, paging
 * off and interrupts disabled (SBI spec, "Booting" / HSM hart_start).
 */
#include "csr.h"

#define STACK_SIZE (16 * 1024)

	.section .text.start, "ax", @progbits
	.globl _start
_start:
	csrw	sie, zero
	li	t0, SSTATUS_SIE
	csrc	sstatus, t0
	la	sp, __stack_top

	/* Clear .bss (8-byte aligned by guest.ld); a0/a1 are left alone. */
	la	t0, __bss_start
	la	t1, __bss_end
1:
	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	/* Report unexpected traps from the first instruction of main on. */
	mv	s0, a0
	mv	s1, a1
	call	trap_init
	mv	a0, s0
	mv	a1, s1
	call	main

	/* SRST shutdown, reason "system failure" unless main returned 0. */
	snez	a0, a0
	call	sbi_shutdown
3:
	wfi
	j	3b

	.section .bss.stack, "aw", @nobits
	.balign 16
__stack_bottom:
	.space	STACK_SIZE
	.globl __stack_top
__stack_top:
