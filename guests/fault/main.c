// SPDX-License-Identifier: MIT
/*
 * fault: loads from a physical address outside the guest's RAM.
 *
 * 1. With its trap handler in place: there is nothing at FAULT_ADDR, so the
 *    guest takes a load access fault, reports it and steps over the load.
 *    Natively QEMU raises the fault (with -m 256M RAM ends at 0x90000000);
 *    under the hypervisor the load has no stage-2 mapping (guest-page fault,
 *    priv. spec 8.5.1) and the hypervisor injects the same access fault.
 * 2. Under the hypervisor only: with the trap vector moved to FAULT_ADDR the
 *    guest can take no trap at all, so the same load leaves the hypervisor
 *    nothing to deliver: it stops the VM with a report. Nothing after the
 *    "no trap vector" line may print. (Natively the hart would spin on
 *    faults, so the guest stops after step 1 there.)
 */
#include "console.h"
#include "csr.h"
#include "sbi.h"
#include "trap.h"

#ifndef FAULT_ADDR
#define FAULT_ADDR 0x90000000UL
#endif
#define HYPOCAUST_IMPL_ID 0x484332L /* SBI implementation ID "HC2" */

static void load_access_fault(struct trap_frame *f)
{
	printf("fault: load access fault at 0x%lx (sepc 0x%lx)\n", f->stval, f->sepc);
	trap_skip_insn(f);
}

int main(unsigned long hartid, void *dtb)
{
	volatile unsigned long *p = (volatile unsigned long *)FAULT_ADDR;
	unsigned long val;

	(void)hartid;
	(void)dtb;

	trap_init();
	trap_on_exception(EXC_LOAD_ACCESS, load_access_fault);

	printf("fault: touching 0x%lx\n", FAULT_ADDR);
	val = *p;
	if (sbi_get_impl_id().value != HYPOCAUST_IMPL_ID)
		return 1;
	printf("fault: no trap vector now, touching 0x%lx again\n", FAULT_ADDR);
	csr_write(CSR_STVEC, FAULT_ADDR);
	val = *p;
	trap_init();
	printf("fault: survived (read 0x%lx)\n", val);
	return 1;
}
