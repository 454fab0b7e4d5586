/* SPDX-License-Identifier: MIT */
/*
 * Entry from OpenSBI in HS-mode: a0 = hart id, a1 = host DTB (boot hart)
 * or the opaque word (harts started later through SBI HSM).
 */
#define STACK_SHIFT 14 /* 16 KiB per hart */
#define MAX_HARTS 16

/*
 * stvec = hyp_probe_trap (the old one in t0), t6 = 0: what follows may
 * trap. sstatus is kept in a3: a trap there and its sret change SPP (to
 * U), SPIE and SIE, and the SBI return path (switch.S) enters the guest
 * with sstatus as it finds it, so a faulting probe would otherwise drop a
 * VS-mode caller into VU-mode.
 */
.macro probe_begin
	csrr	a3, sstatus
	csrr	t0, stvec
	la	t1, hyp_probe_trap
	csrw	stvec, t1
	li	t6, 0
.endm

/* Back to the old stvec and sstatus; a0 = 0, or the scause of the trap taken. */
.macro probe_end
	csrw	stvec, t0
	csrw	sstatus, a3
	mv	a0, t6
.endm

	.section .text.entry
	.global _start
_start:
	/* Only the boot hart comes here; park anything that does not fit. */
	li	t0, MAX_HARTS
	bgeu	a0, t0, park
	csrw	sie, zero
	csrw	stvec, zero
	mv	s0, a0
	mv	s1, a1
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, (t0)
	addi	t0, t0, 8
	j	1b
2:	mv	a0, s0
	mv	a1, s1
	call	set_stack
	call	boot_main
	j	park

	.global _secondary_start
_secondary_start:
	li	t0, MAX_HARTS
	bgeu	a0, t0, park
	csrw	sie, zero
	call	set_stack
	call	secondary_main
	j	park

/* sp = top of this hart's stack; keeps a0/a1. */
set_stack:
	la	sp, hart_stacks
	addi	t0, a0, 1
	slli	t0, t0, STACK_SHIFT
	add	sp, sp, t0
	mv	tp, a0
	ret

park:
	wfi
	j	park

	/*
	 * Used as stvec while probing something that may trap in HS-mode
	 * (an absent CSR, HLVX of a guest address): the caller sets t6 = 0
	 * and the 4-byte instruction that traps is skipped with t6 = scause.
	 */
	.align 2
	.global hyp_probe_trap
hyp_probe_trap:
	csrr	t6, sepc
	addi	t6, t6, 4
	csrw	sepc, t6
	csrr	t6, scause
	sret

	/* unsigned long probe_hgatp_read(void): 0 when hgatp exists (H present). */
	.global probe_hgatp_read
probe_hgatp_read:
	probe_begin
	csrr	t2, hgatp
	probe_end
	ret

	/* unsigned long probe_stimecmp_read(void): 0 when Sstc's stimecmp exists. */
	.global probe_stimecmp_read
probe_stimecmp_read:
	probe_begin
	csrr	t2, stimecmp
	probe_end
	ret

	.section .bss
	.align 12
	.global hart_stacks
hart_stacks:
	.space MAX_HARTS << STACK_SHIFT

	.section .text
	/* Any trap taken in HS-mode outside a probe is a hypervisor bug. */
	.align 2
	.global hyp_trap_vector
hyp_trap_vector:
	call	hyp_fatal_trap
	j	park

	/*
	 * unsigned long hyp_hlvx_insn(unsigned long gva, unsigned long hstatus,
	 *                             uint32_t *insn)
	 * Reads the guest instruction at gva as the guest sees it (HLVX:
	 * execute permission, VS-stage and G-stage, privilege hstatus.SPVP).
	 * Returns 0, or the scause of the fault it took: the read can fault
	 * when another vCPU changed the page tables meanwhile.
	 */
	.global hyp_hlvx_insn
hyp_hlvx_insn:
	probe_begin
	csrrw	t3, hstatus, a1
	li	t2, 0
	li	t4, 0
	.option push
	.option arch, +h
	hlvx.hu	t2, (a0)
	.option pop
	bnez	t6, 1f
	andi	t5, t2, 3
	li	t1, 3
	bne	t5, t1, 1f
	addi	t5, a0, 2
	.option push
	.option arch, +h
	hlvx.hu	t4, (t5)
	.option pop
1:	csrw	hstatus, t3
	slli	t4, t4, 16
	or	t2, t2, t4
	sw	t2, 0(a2)
	probe_end
	ret

	/*
	 * unsigned long hyp_hlv_d(unsigned long gva, unsigned long hstatus,
	 *                         unsigned long *val)
	 * Loads a doubleword from guest virtual memory as the guest would
	 * (HLV.D at privilege hstatus.SPVP). Returns 0 or the fault's scause.
	 */
	.global hyp_hlv_d
hyp_hlv_d:
	probe_begin
	csrrw	t3, hstatus, a1
	li	t2, 0
	.option push
	.option arch, +h
	hlv.d	t2, (a0)
	.option pop
	csrw	hstatus, t3
	sd	t2, 0(a2)
	probe_end
	ret
