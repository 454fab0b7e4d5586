// SPDX-License-Identifier: MIT
/*
 * Instructions a guest may not execute, from VS-mode and from VU-mode:
 * the hypervisor's own loads/stores (HLV/HSV), fences and CSRs, M-mode
 * CSRs, and in VU-mode also the supervisor ones. Each must raise an
 * illegal-instruction exception in the guest (the hardware raises a
 * virtual-instruction trap that the hypervisor reflects, priv. spec
 * 8.6.1). Misaligned accesses to the attacker's own RAM are fine either
 * way (emulated, or a misaligned fault); across its end they must fault.
 */
#include "attack.h"
#include "console.h"
#include "trap.h"

#define HYPERVISOR_BASE 0x80200000UL
#define FIRMWARE_BASE 0x80000000UL
#define MAX_USER_ATTEMPTS 32

struct insn_attempt {
	const char *name;
	attempt_fn fn;
	unsigned long a0, a1;
};

static const struct insn_attempt privileged[] = {
	{"hlv-w", try_hlv_w, 0, 0},
	{"hlv-d", try_hlv_d, 0, 0},
	{"hlvx-hu", try_hlvx_hu, 0, 0},
	{"hsv-w", try_hsv_w, 0, 0},
	{"hsv-d", try_hsv_d, 0, 0},
	{"hfence-vvma", try_hfence_vvma, 0, 0},
	{"hfence-gvma", try_hfence_gvma, 0, 0},
	{"csrr-hstatus", try_csrr_hstatus, 0, 0},
	{"csrw-hstatus", try_csrw_hstatus, 0, 0},
	{"csrr-hgatp", try_csrr_hgatp, 0, 0},
	{"csrw-hgatp", try_csrw_hgatp, 0, 0},
	{"csrr-hvip", try_csrr_hvip, 0, 0},
	{"csrr-vsatp", try_csrr_vsatp, 0, 0},
	{"csrr-mstatus", try_csrr_mstatus, 0, 0},
	{"csrr-mhartid", try_csrr_mhartid, 0, 0},
	{"csrr-hpmcounter3", try_csrr_hpmcounter3, 0, 0},
	{"ebreak", try_ebreak, 0, 0},
};

/* Only meaningful in VU-mode: in VS-mode these are the guest's own right. */
static const struct insn_attempt user_only[] = {
	{"csrr-sstatus", try_csrr_sstatus, 0, 0},
	{"csrw-satp", try_csrw_satp, 0, 0},
	{"sret", try_sret, 0, 0},
	{"wfi", try_wfi, 0, 0},
	{"ecall", try_ecall, 0, 0},
	{"load-hypervisor", probe_ld, HYPERVISOR_BASE, 0},
	{"store-firmware", probe_sd, FIRMWARE_BASE, 0},
	{"fetch-hypervisor", probe_fetch, HYPERVISOR_BASE, 0},
	{"load-victim-rtc", probe_lw, 0x101000UL, 0},
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Misaligned accesses: a0 is filled in at run time from the layout. */
static struct insn_attempt misaligned[] = {
	{"misaligned-load-own-ram", probe_ld, 1, 0},
	{"misaligned-store-own-ram", probe_sd, 3, 0},
	{"misaligned-amo-own-ram", probe_amoadd_d, 4, 1},
	{"load-across-ram-end", probe_ld, 0, 0},
};

static void set_misaligned_addresses(void)
{
	misaligned[0].a0 = layout.scratch + 1;
	misaligned[1].a0 = layout.scratch + 3;
	misaligned[2].a0 = layout.scratch + 4;
	misaligned[3].a0 = layout.ram_end - 4;
}

static void run_in_vs(const struct insn_attempt *list, unsigned n)
{
	char name[64];

	for (unsigned i = 0; i < n; i++)
		report(attack_name(name, sizeof(name), "vs", list[i].name),
		       attempt(list[i].fn, list[i].a0, list[i].a1));
}

/* VU-mode cannot print (its ecall is the guest's own): results wait here. */
static struct {
	const struct insn_attempt *list[MAX_USER_ATTEMPTS];
	struct outcome out[MAX_USER_ATTEMPTS];
	unsigned n;
} user;
static unsigned char user_stack[8192] __attribute__((aligned(16)));

static void queue_for_vu(const struct insn_attempt *list, unsigned n)
{
	for (unsigned i = 0; i < n && user.n < MAX_USER_ATTEMPTS; i++)
		user.list[user.n++] = &list[i];
}

static void __attribute__((noreturn)) user_exit_ecall(void)
{
	register unsigned long a7 __asm__("a7") = USER_EXIT_MAGIC;

	__asm__ volatile("ecall" : : "r"(a7) : "memory");
	for (;;)
		;
}

static void user_main(unsigned long arg)
{
	(void)arg;
	for (unsigned i = 0; i < user.n; i++)
		user.out[i] = attempt(user.list[i]->fn, user.list[i]->a0, user.list[i]->a1);
	user_exit_ecall();
}

static void run_in_vu(void)
{
	char name[64];

	user_run(user_main, 0, user_stack + sizeof(user_stack));
	for (unsigned i = 0; i < user.n; i++)
		report(attack_name(name, sizeof(name), "vu", user.list[i]->name), user.out[i]);
}

void attack_insns(void)
{
	set_misaligned_addresses();
	run_in_vs(privileged, ARRAY_LEN(privileged));
	run_in_vs(misaligned, ARRAY_LEN(misaligned));
	queue_for_vu(privileged, ARRAY_LEN(privileged));
	queue_for_vu(user_only, ARRAY_LEN(user_only));
	queue_for_vu(misaligned, ARRAY_LEN(misaligned));
	run_in_vu();
}
