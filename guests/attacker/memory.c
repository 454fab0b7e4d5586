// SPDX-License-Identifier: MIT
/*
 * Memory the attacker does not own. Its RAM lies at 0x100000000 (see
 * configs/attack.dts), so every host-physical address it aims at below
 * is not its own guest-physical RAM: each load, store and fetch there must
 * fault. Under the hypervisor a guest address outside the VM's memory has
 * no stage-2 mapping and comes back as an access fault.
 */
#include <stdint.h>

#include "attack.h"
#include "console.h"
#include "csr.h"

#define FIRMWARE_BASE 0x80000000UL /* OpenSBI on QEMU virt */
/* Where OpenSBI enters the hypervisor, which moves to the top of RAM (swept). */
#define HYPERVISOR_BASE 0x80200000UL
#define SWEEP_BASE 0x80000000UL /* host RAM of QEMU virt, up to 1 GiB of it */
#define SWEEP_END 0xc0000000UL
#define SWEEP_STEP 0x100000UL
#define GPA_LIMIT (1UL << 41) /* Sv39x4: the largest guest-physical space */
#define POISON 0xa77ac4e5a77ac4e5UL

/* Load, store and fetch at one address, one report line each. */
static void load_store_fetch(const char *what, unsigned long addr)
{
	char name[64];

	report(attack_name(name, sizeof(name), what, "load"), attempt(probe_ld, addr, 0));
	report(attack_name(name, sizeof(name), what, "store"), attempt(probe_sd, addr, POISON));
	report(attack_name(name, sizeof(name), what, "fetch"), attempt(probe_fetch, addr, 0));
}

/* How many of the sweep's attempts with fn trapped with cause. */
static void sweep(const char *name, attempt_fn fn, unsigned long want)
{
	unsigned long n = 0, faulted = 0, first_ok = 0;

	for (unsigned long a = SWEEP_BASE; a < SWEEP_END; a += SWEEP_STEP, n++) {
		struct outcome o = attempt(fn, a, POISON);

		if (o.traps && o.cause == want)
			faulted++;
		else if (!first_ok)
			first_ok = a;
	}
	if (faulted == n)
		report_line(name, true, "fault scause=%lu at all %lu addresses 0x%lx-0x%lx", want,
			    n, SWEEP_BASE, SWEEP_END);
	else
		report_line(name, false, "ok at %lu of %lu addresses, first 0x%lx", n - faulted, n,
			    first_ok);
}

/*
 * A VS-stage page table whose walk leaves the guest's RAM: the root maps
 * the attacker's own gigapage 1:1 (so its code and trap handler keep
 * running) and points the next gigapage at a "table" in the hypervisor's
 * image. The walk's read there is a guest-page fault on an implicit
 * access, which the guest must see as an access fault of its own load or
 * fetch (priv. spec 8.5.1 and 4.3.2).
 */
#define PTE_V 0x1UL
#define PTE_RWX_AD (0xeUL | 0xc0UL)
#define GIGA_SHIFT 30

static uint64_t root_table[512] __attribute__((aligned(4096)));

static void page_table_walk(void)
{
	unsigned long own = layout.ram_base >> GIGA_SHIFT, bad_va = (own + 1) << GIGA_SHIFT;

	root_table[own & 511] = ((layout.ram_base >> 12) << 10) | PTE_RWX_AD | PTE_V;
	root_table[(own + 1) & 511] = ((HYPERVISOR_BASE >> 12) << 10) | PTE_V;
	csr_write(CSR_SATP, SATP_MODE_SV39 | ((unsigned long)root_table >> 12));
	sfence_vma_all();
	report("pt-walk-hypervisor-load", attempt(probe_ld, bad_va, 0));
	report("pt-walk-hypervisor-fetch", attempt(probe_fetch, bad_va, 0));
	csr_write(CSR_SATP, 0);
	sfence_vma_all();
}

void attack_memory(void)
{
	load_store_fetch("firmware", FIRMWARE_BASE);
	load_store_fetch("hypervisor-image", HYPERVISOR_BASE);
	load_store_fetch("beyond-ram", layout.ram_end);
	load_store_fetch("below-ram", layout.ram_base - 0x1000);
	load_store_fetch("null", 0);
	load_store_fetch("gpa-top", GPA_LIMIT - 8);
	load_store_fetch("gpa-beyond-sv39x4", GPA_LIMIT);
	load_store_fetch("address-all-ones", ~7UL);
	sweep("host-ram-sweep-load", probe_ld, 5);
	sweep("host-ram-sweep-store", probe_sd, 7);
	sweep("host-ram-sweep-fetch", probe_fetch, 1);
	page_table_walk();
}
