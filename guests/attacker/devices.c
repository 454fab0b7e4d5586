// SPDX-License-Identifier: MIT
/*
 * Devices the attacker does not own. At QEMU virt's addresses it sees its
 * own virtual PLIC (contexts 0 and 1 only: it has one vCPU), its own UART
 * and empty virtio-mmio slots; everything else on the host bus, including
 * the device passed through to the victim, must fault.
 */
#include "attack.h"
#include "console.h"
#include "csr.h"

#define PLIC_BASE 0x0c000000UL
#define PLIC_ENABLE(ctx) (PLIC_BASE + 0x2000UL + 0x80UL * (ctx))
#define PLIC_THRESHOLD(ctx) (PLIC_BASE + 0x200000UL + 0x1000UL * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_THRESHOLD(ctx) + 4)
#define PLIC_LAST_CONTEXT 1023 /* QEMU virt's PLIC window holds 1024 contexts */
#define UART_BASE 0x10000000UL
#define VIRTIO_BASE 0x10001000UL
#define VIRTIO_SLOTS 8
#define VIRTIO_MAGIC 0x74726976UL /* "virt" */
#define POISON 0xa77ac4e5UL

/* Write, then read back: a context the VM does not have keeps nothing. */
static void write_read_back(const char *name, unsigned long addr, unsigned long val)
{
	struct outcome o = attempt(probe_sw, addr, val);

	if (!o.traps)
		o = attempt(probe_lw, addr, 0);
	if (o.traps)
		report(name, o);
	else if (o.value & 0xffffffffUL)
		report_line(name, false, "ok value=0x%lx", o.value);
	else
		report_line(name, true, "ignored");
}

static void read_zero(const char *name, unsigned long addr)
{
	struct outcome o = attempt(probe_lw, addr, 0);

	if (o.traps || (o.value & 0xffffffffUL))
		report(name, o);
	else
		report_line(name, true, "ignored");
}

/* Contexts 2 and 3 are hart 1's on the host: the victim's hart. */
static void plic_contexts(void)
{
	write_read_back("plic-foreign-m-enable", PLIC_ENABLE(2), ~1UL);
	write_read_back("plic-foreign-s-enable", PLIC_ENABLE(3), ~1UL);
	write_read_back("plic-foreign-threshold", PLIC_THRESHOLD(3), 7);
	read_zero("plic-foreign-claim", PLIC_CLAIM(3));
	write_read_back("plic-foreign-complete", PLIC_CLAIM(3), 10);
	write_read_back("plic-last-context-enable", PLIC_ENABLE(PLIC_LAST_CONTEXT), ~1UL);
	write_read_back("plic-last-context-threshold", PLIC_THRESHOLD(PLIC_LAST_CONTEXT), 7);
}

/*
 * Accesses a device model cannot take: they must fault, not stop the VM.
 * The PLIC ones use hart 0's M context page, which always traps to the
 * model; the pages the hypervisor maps read-only (priorities, pending,
 * enables, S context while its claim reads 0) answer any load as memory
 * and fault on any store (the plic-window attacks).
 */
static void plic_odd_accesses(void)
{
	unsigned long dev = PLIC_THRESHOLD(0);

	csr_set(CSR_SSTATUS, 1UL << 13); /* FS = Initial: flw may execute */
	report("plic-byte-load", attempt(probe_lb, dev + 4, 0));
	report("plic-misaligned-load", attempt(probe_lw, dev + 2, 0));
	report("plic-misaligned-store", attempt(probe_sw, dev + 6, POISON));
	report("plic-doubleword-load", attempt(probe_ld, dev, 0));
	report("plic-amo", attempt(probe_amoor_w, dev + 4, 1));
	report("plic-lr", attempt(probe_lr_w, dev + 4, 0));
	report("plic-fp-load", attempt(probe_flw, dev + 4, 0));
	report("plic-fetch", attempt(probe_fetch, PLIC_BASE, 0));
	report("plic-window-byte-load", attempt(probe_lb, PLIC_BASE + 4, 0));
	report("plic-window-doubleword-load", attempt(probe_ld, PLIC_BASE, 0));
	report("plic-window-byte-store", attempt(probe_sb, PLIC_BASE + 4, 1));
	report("plic-window-amo", attempt(probe_amoor_w, PLIC_BASE + 4, 1));
	report("uart-fetch", attempt(probe_fetch, UART_BASE, 0));
	report("uart-amo", attempt(probe_amoadd_d, UART_BASE, 1));
}

/*
 * Host devices that are not the attacker's: each access must fault. The
 * victim's RTC is the exception: at its address the attacker has an RTC
 * model of its own, which takes the load and the store.
 */
static void foreign_devices(void)
{
	report("victim-rtc-load", attempt(probe_lw, 0x101000UL, 0));
	report("victim-rtc-store", attempt(probe_sw, 0x101008UL, POISON));
	report("victim-rtc-fetch", attempt(probe_fetch, 0x101000UL, 0));
	report("clint-msip-hart1-store", attempt(probe_sw, 0x2000004UL, 1));
	report("clint-mtime-load", attempt(probe_ld, 0x200bff8UL, 0));
	report("clint-mtimecmp-store", attempt(probe_sd, 0x2004008UL, 0));
	report("fw-cfg-load", attempt(probe_ld, 0x10100000UL, 0));
	report("flash-load", attempt(probe_ld, 0x20000000UL, 0));
	report("flash-fetch", attempt(probe_fetch, 0x20000000UL, 0));
	report("pcie-ecam-load", attempt(probe_lw, 0x30000000UL, 0));
	report("pcie-mmio-store", attempt(probe_sw, 0x40000000UL, POISON));
}

/* A virtio device on the host (not given to the attacker) must not show. */
static void virtio_slots(void)
{
	for (unsigned i = 0; i < VIRTIO_SLOTS; i++) {
		unsigned long base = VIRTIO_BASE + 0x1000UL * i;
		struct outcome magic = attempt(probe_lw, base, 0);
		struct outcome id = attempt(probe_lw, base + 8, 0);

		if (magic.traps || id.traps) {
			report("virtio-host-devices", magic.traps ? magic : id);
			return;
		}
		if ((magic.value & 0xffffffffUL) != VIRTIO_MAGIC || (id.value & 0xffffffffUL)) {
			report_line("virtio-host-devices", false, "ok slot %u device-id 0x%lx", i,
				    id.value & 0xffffffffUL);
			return;
		}
	}
	report_line("virtio-host-devices", true, "empty (all %u slots device-id 0)", VIRTIO_SLOTS);
}

void attack_devices(void)
{
	plic_contexts();
	plic_odd_accesses();
	foreign_devices();
	virtio_slots();
}
