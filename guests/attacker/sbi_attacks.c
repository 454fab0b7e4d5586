// SPDX-License-Identifier: MIT
/*
 * SBI calls aimed outside the attacker's VM: harts it does not have (the
 * host's hart 1 is the victim's), hart masks with huge bases, buffers in
 * memory that is not its own. Each must come back with an SBI error; none
 * may reach another VM or the hypervisor's memory.
 */
#include "attack.h"
#include "console.h"
#include "sbi.h"
#include "string.h"

#define HSM_START 0
#define HSM_STATUS 2
#define HSM_SUSPEND 3
#define RFENCE_FENCE_I 0
#define RFENCE_SFENCE_VMA 1
#define RFENCE_SFENCE_VMA_ASID 2
#define RFENCE_HFENCE_GVMA_VMID 3
#define RFENCE_HFENCE_VVMA 6
#define LEGACY_SEND_IPI 0x04
#define LEGACY_REMOTE_FENCE_I 0x05
#define LEGACY_REMOTE_SFENCE_VMA 0x06
#define EXT_PMU 0x504d55UL
#define EXT_SUSP 0x53555350UL
#define HYPERVISOR_BASE 0x80200000UL
#define FIRMWARE_BASE 0x80000000UL
#define TOP_BIT (1UL << 63)

extern char _start[];

static void call(const char *name, unsigned long eid, unsigned long fid, unsigned long a0,
		 unsigned long a1, unsigned long a2)
{
	struct sbiret r = sbi_call(eid, fid, a0, a1, a2, 0, 0, 0);

	report_sbi(name, r.error, r.value);
}

/* Legacy calls return in a0 only; the hart mask is passed by address. */
static void legacy(const char *name, unsigned long eid, unsigned long mask_addr)
{
	report_sbi(name, sbi_call(eid, 0, mask_addr, 0, 0, 0, 0, 0).error, 0);
}

static void hsm(void)
{
	unsigned long entry = (unsigned long)_start;

	call("hsm-start-hart1", SBI_EXT_HSM, HSM_START, 1, entry, 0);
	call("hsm-start-hart-all-ones", SBI_EXT_HSM, HSM_START, ~0UL, entry, 0);
	call("hsm-start-hart-top-bit", SBI_EXT_HSM, HSM_START, TOP_BIT, entry, 0);
	call("hsm-start-at-hypervisor", SBI_EXT_HSM, HSM_START, 0, HYPERVISOR_BASE, 0);
	call("hsm-status-hart1", SBI_EXT_HSM, HSM_STATUS, 1, 0, 0);
	call("hsm-status-hart-all-ones", SBI_EXT_HSM, HSM_STATUS, ~0UL, 0, 0);
	call("hsm-suspend-reserved-type", SBI_EXT_HSM, HSM_SUSPEND, 0x12345, entry, 0);
}

/* The same bad masks for IPI and each RFENCE function. */
static void masks(const char *what, unsigned long eid, unsigned long fid)
{
	static const struct {
		const char *name;
		unsigned long mask, base;
	} bad[] = {
		{"hart1", 0x2, 0},
		{"base1", 0x1, 1},
		{"base-top-bit", 0x1, TOP_BIT},
		{"base-minus-2", 0x1, -2UL},
		{"mask-all-ones", ~0UL, 0},
		{"base-63", 0x1, 63},
	};
	char name[64];

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		call(attack_name(name, sizeof(name), what, bad[i].name), eid, fid, bad[i].mask,
		     bad[i].base, 0);
}

static void ipi_rfence(void)
{
	static unsigned long foreign_mask = 0x2;

	masks("ipi", SBI_EXT_IPI, 0);
	masks("rfence-fence-i", SBI_EXT_RFENCE, RFENCE_FENCE_I);
	masks("rfence-sfence-vma", SBI_EXT_RFENCE, RFENCE_SFENCE_VMA);
	masks("rfence-sfence-vma-asid", SBI_EXT_RFENCE, RFENCE_SFENCE_VMA_ASID);
	call("rfence-hfence-gvma-vmid", SBI_EXT_RFENCE, RFENCE_HFENCE_GVMA_VMID, 1, 0, 0);
	call("rfence-hfence-vvma", SBI_EXT_RFENCE, RFENCE_HFENCE_VVMA, 1, 0, 0);
	legacy("legacy-ipi-hart1", LEGACY_SEND_IPI, (unsigned long)&foreign_mask);
	legacy("legacy-ipi-mask-at-hypervisor", LEGACY_SEND_IPI, HYPERVISOR_BASE);
	legacy("legacy-fence-i-mask-beyond-ram", LEGACY_REMOTE_FENCE_I, layout.ram_end);
	legacy("legacy-sfence-vma-mask-all-ones", LEGACY_REMOTE_SFENCE_VMA, ~7UL);
}

/* DBCN buffers that are not all the attacker's RAM. */
static void console_buffers(void)
{
	call("dbcn-write-hypervisor", SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 64, HYPERVISOR_BASE, 0);
	call("dbcn-write-firmware", SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 64, FIRMWARE_BASE, 0);
	call("dbcn-write-high-half", SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 64, layout.ram_base, 1);
	call("dbcn-write-across-ram-end", SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 64,
	     layout.ram_end - 16, 0);
	call("dbcn-write-huge-length", SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, ~0UL,
	     layout.ram_end - 4095, 0);
	call("dbcn-write-wrapping", SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 64, ~15UL, 0);
	call("dbcn-read-into-hypervisor", SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, 16, HYPERVISOR_BASE,
	     0);
	call("dbcn-read-into-firmware", SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, 16, FIRMWARE_BASE, 0);
}

static void others(void)
{
	call("srst-reserved-type", SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, 3, 0, 0);
	call("srst-reserved-reason", SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, 0, 2, 0);
	call("srst-type-above-32-bits", SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, 1UL << 32, 0, 0);
	call("unknown-extension", 0x12345678UL, 0, 0, 0, 0);
	call("pmu-counter-start", EXT_PMU, 3, 0, ~0UL, 0);
	call("susp-reserved-type", EXT_SUSP, 0, 0xdead, 0, 0);
	call("base-unknown-function", SBI_EXT_BASE, 0x7fffffffUL, 0, 0, 0);
}

/*
 * Lines that look like the victim's: the console must keep them under
 * the attacker's own prefix (tests/system/test_isolation.py checks).
 */
static void console_forgery(void)
{
	static const char forged[] = "\n[heartbeat] heartbeat 999999 sum=0x0000000000000000\n";
	static const char uart_forged[] = "\r[heartbeat] heartbeat 999998 sum=0x0\n";
	volatile unsigned char *thr = (volatile unsigned char *)0x10000000UL;
	struct sbiret r;

	r = sbi_dbcn_write(sizeof(forged) - 1, (unsigned long)forged, 0);
	report_line("console-forge-dbcn", false, "written %ld bytes", r.value);
	for (unsigned i = 0; uart_forged[i]; i++)
		*thr = (unsigned char)uart_forged[i];
	report_line("console-forge-uart", false, "written %lu bytes",
		    (unsigned long)strlen(uart_forged));
}

void attack_sbi(void)
{
	hsm();
	ipi_rfence();
	console_buffers();
	others();
	console_forgery();
}
