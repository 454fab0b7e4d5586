/* SPDX-License-Identifier: MIT */
/*
 * The attacker's building blocks: attempts that may trap (probe.S), the
 * trap handler that records them (probe.c) and the one line per attack
 * it prints:
 *
 *	attack NAME: fault scause=N     a trap was raised in the attacker
 *	attack NAME: sbi err=N          the SBI refused (N < 0)
 *	attack NAME: ignored            a write did not stick (read back 0)
 *	attack NAME: empty              an emulated empty device answered
 *	attack NAME: ok ...             it went through
 *
 * Only accesses to the attacker's own resources may say ok.
 */
#ifndef ATTACKER_ATTACK_H
#define ATTACKER_ATTACK_H

#include <stdbool.h>

/* a7 of the ecall that ends a VU-mode run (see insn.c). */
#define USER_EXIT_MAGIC 0x55534552UL /* "USER" */

/* What one attempt did. */
struct outcome {
	unsigned traps;	     /* traps taken during the attempt */
	unsigned long cause; /* scause of the first one */
	unsigned long value; /* what the attempt returned */
};

/* The attacker's own RAM (from its DT) and a scratch buffer inside it. */
struct layout {
	unsigned long ram_base, ram_end;
	unsigned long scratch; /* 4 KiB, 8-byte aligned */
};
extern struct layout layout;

/* Installs the recording trap handler (and the one for VU ecalls). */
void probe_init(void);
/* Runs fn(a0, a1) with traps recorded. */
struct outcome attempt(unsigned long (*fn)(unsigned long, unsigned long), unsigned long a0,
		       unsigned long a1);

/* "a-b" in buf (cut to n bytes): the name of a variant of an attack. */
const char *attack_name(char *buf, unsigned long n, const char *a, const char *b);
/* One report line each; all return true when the outcome was a refusal. */
bool report(const char *name, struct outcome o);
bool report_sbi(const char *name, long error, long value);
bool report_line(const char *name, bool refused, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void report_summary(void);

/* probe.S: a0 = address, a1 = value; return the value loaded. */
typedef unsigned long (*attempt_fn)(unsigned long, unsigned long);
unsigned long probe_lb(unsigned long addr, unsigned long val);
unsigned long probe_lw(unsigned long addr, unsigned long val);
unsigned long probe_ld(unsigned long addr, unsigned long val);
unsigned long probe_sb(unsigned long addr, unsigned long val);
unsigned long probe_sw(unsigned long addr, unsigned long val);
unsigned long probe_sd(unsigned long addr, unsigned long val);
unsigned long probe_lr_w(unsigned long addr, unsigned long val);
unsigned long probe_amoor_w(unsigned long addr, unsigned long val);
unsigned long probe_amoadd_d(unsigned long addr, unsigned long val);
unsigned long probe_flw(unsigned long addr, unsigned long val);
unsigned long probe_fetch(unsigned long addr, unsigned long val);
unsigned long try_hlv_w(unsigned long addr, unsigned long val);
unsigned long try_hlv_d(unsigned long addr, unsigned long val);
unsigned long try_hlvx_hu(unsigned long addr, unsigned long val);
unsigned long try_hsv_w(unsigned long addr, unsigned long val);
unsigned long try_hsv_d(unsigned long addr, unsigned long val);
unsigned long try_hfence_vvma(unsigned long addr, unsigned long val);
unsigned long try_hfence_gvma(unsigned long addr, unsigned long val);
unsigned long try_csrr_hstatus(unsigned long addr, unsigned long val);
unsigned long try_csrw_hstatus(unsigned long addr, unsigned long val);
unsigned long try_csrr_hgatp(unsigned long addr, unsigned long val);
unsigned long try_csrw_hgatp(unsigned long addr, unsigned long val);
unsigned long try_csrr_hvip(unsigned long addr, unsigned long val);
unsigned long try_csrr_vsatp(unsigned long addr, unsigned long val);
unsigned long try_csrr_mstatus(unsigned long addr, unsigned long val);
unsigned long try_csrr_mhartid(unsigned long addr, unsigned long val);
unsigned long try_csrr_hpmcounter3(unsigned long addr, unsigned long val);
unsigned long try_csrr_sstatus(unsigned long addr, unsigned long val);
unsigned long try_csrw_satp(unsigned long addr, unsigned long val);
unsigned long try_sret(unsigned long addr, unsigned long val);
unsigned long try_wfi(unsigned long addr, unsigned long val);
unsigned long try_ebreak(unsigned long addr, unsigned long val);
unsigned long try_ecall(unsigned long addr, unsigned long val);

/* The attacks, one file each. */
void attack_memory(void);
void attack_devices(void);
void attack_sbi(void);
void attack_insns(void);
void attack_sbi_fuzz(unsigned long seed, unsigned long calls);

#endif
