/* SPDX-License-Identifier: MIT */
/*
 * One instruction per function, each one an attempt that may trap. The
 * attacker's trap handler (probe.c) records the trap and steps over the
 * instruction, so every function returns whatever happened: a0 holds the
 * loaded value, or is unchanged when the instruction trapped. A fetch
 * that faults lands on the return address instead (see probe_fetch).
 */

.macro attempt name, insn:vararg
	.globl \name
	.balign 4
\name:
	\insn
	ret
.endm

	.section .text

/* Loads and stores: a0 = address, a1 = value to store. */
attempt probe_lb, lb a0, 0(a0)
attempt probe_lw, lw a0, 0(a0)
attempt probe_ld, ld a0, 0(a0)
attempt probe_sb, sb a1, 0(a0)
attempt probe_sw, sw a1, 0(a0)
attempt probe_sd, sd a1, 0(a0)
attempt probe_lr_w, lr.w a0, (a0)
attempt probe_amoor_w, amoor.w a0, a1, (a0)
attempt probe_amoadd_d, amoadd.d a0, a1, (a0)
/* flw f0, 0(a0), as a word: the guests build without F (needs sstatus.FS on). */
attempt probe_flw, .word 0x00052007

/*
 * probe_fetch(a0 = address): jumps there. A fetch fault there comes back
 * with sepc = the address, and the handler resumes at ra: here.
 */
	.globl probe_fetch
	.balign 4
probe_fetch:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	jalr	ra, 0(a0)
	ld	ra, 8(sp)
	addi	sp, sp, 16
	ret

/* Hypervisor instructions and CSRs: illegal below HS-mode (priv. spec 8.2, 8.3). */
	.option push
	.option arch, +h
attempt try_hlv_w, hlv.w a0, (a0)
attempt try_hlv_d, hlv.d a0, (a0)
attempt try_hlvx_hu, hlvx.hu a0, (a0)
attempt try_hsv_w, hsv.w a1, (a0)
attempt try_hsv_d, hsv.d a1, (a0)
attempt try_hfence_vvma, hfence.vvma zero, zero
attempt try_hfence_gvma, hfence.gvma zero, zero
	.option pop
attempt try_csrr_hstatus, csrr a0, 0x600
attempt try_csrw_hstatus, csrw 0x600, a1
attempt try_csrr_hgatp, csrr a0, 0x680
attempt try_csrw_hgatp, csrw 0x680, a1
attempt try_csrr_hvip, csrr a0, 0x645
attempt try_csrr_vsatp, csrr a0, 0x280
attempt try_csrr_mstatus, csrr a0, 0x300
attempt try_csrr_mhartid, csrr a0, 0xf14
attempt try_csrr_hpmcounter3, csrr a0, 0xc03
attempt try_csrr_sstatus, csrr a0, sstatus
attempt try_csrw_satp, csrw satp, a1
attempt try_sret, sret
attempt try_wfi, wfi
attempt try_ebreak, ebreak

/* An SBI call (BASE get_spec_version): from VU-mode it is the guest's own ecall. */
	.globl try_ecall
	.balign 4
try_ecall:
	li	a7, 0x10
	li	a6, 0
	ecall
	ret
