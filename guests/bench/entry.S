/* SPDX-License-Identifier: MIT */
/*
 * Assembly parts of the benchmark guest (see main.c):
 *
 * bench_secondary_entry: where SBI HSM hart_start sends the second hart
 *   (a0 = hart id, a1 = opaque). Its very first instructions read `time`
 *   and `instret` into bench_entry_stamp, which is what hsm_start
 *   measures; then it takes the one secondary stack and calls
 *   bench_secondary_main(hartid, opaque).
 *
 * bench_timer_vector: a minimal stvec for the timer metrics. The waiting
 *   code (timer_wait() in main.c) keeps the address of a struct
 *   timer_stamp in t1 and lets the vector clobber t4-t6, so the vector
 *   saves nothing: it stamps `instret` and `time` at its first
 *   instructions, marks the interrupt taken, masks sie.STIE so it cannot
 *   be re-entered before the timer is re-armed, and returns.
 *
 * bench_nop_sled_end - 4 * n: a function that runs exactly n nops (n up to
 *   NOP_SLED) and returns; the timer metrics use it to start each sample
 *   at another sub-tick phase.
 */
#define SECONDARY_STACK_SIZE (16 * 1024)
#define SIE_STIE 0x20
#define NOP_SLED 100

	.section .text
	.globl bench_secondary_entry
bench_secondary_entry:
	csrr	t0, time
	csrr	t1, instret
	la	t2, bench_entry_stamp
	sd	t0, 0(t2)
	sd	t1, 8(t2)
	fence	rw, rw
	csrw	sie, zero
	la	sp, secondary_stack_top
	mv	tp, a0
	call	bench_secondary_main
1:	wfi
	j	1b

	.balign	4	/* stvec.BASE is 4-byte aligned */
	.globl bench_timer_vector
bench_timer_vector:
	csrr	t4, instret
	csrr	t5, time
	sd	t4, 0(t1)
	sd	t5, 8(t1)
	li	t6, 1
	sd	t6, 16(t1)
	li	t6, SIE_STIE
	csrc	sie, t6
	sret

	.balign	4
	.globl bench_nop_sled_end
bench_nop_sled:
	.option	push
	.option	norvc
	.rept	NOP_SLED
	nop
	.endr
	.option	pop
bench_nop_sled_end:
	ret

	.section .bss
	.balign	16
	.globl bench_entry_stamp
bench_entry_stamp:
	.space	16
	.balign	16
secondary_stack:
	.space	SECONDARY_STACK_SIZE
secondary_stack_top:
