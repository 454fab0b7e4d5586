// SPDX-License-Identifier: MIT
/*
 * fault: load from a physical address outside the guest's RAM.
 *
 * Under the hypervisor the access has no mapping in the G-stage page table
 * (guest load page fault, priv. spec 8.5.1); the hypervisor is expected to
 * stop the VM and report it, so this guest should never print anything
 * after the "touching" line. If the load returns, the guest fails.
 *
 * Natively on QEMU virt with -m 256M, RAM ends at 0x90000000 and nothing
 * is mapped there, so the load raises a load access fault, which is
 * reported as well.
 */
#include "console.h"
#include "csr.h"
#include "sbi.h"
#include "trap.h"

#ifndef FAULT_ADDR
#define FAULT_ADDR 0x90000000UL
#endif

static void load_access_fault(struct trap_frame *f)
{
	printf("fault: load access fault at 0x%lx (sepc 0x%lx)\n", f->stval, f->sepc);
	sbi_shutdown(1);
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
	printf("fault: survived (read 0x%lx)\n", val);
	return 1;
}
