// SPDX-License-Identifier: MIT
/* Per physical hart: CSR set-up, the wait loop, power-off. */
#include "hart.h"
#include "../arch/riscv/csr.h"
#include "../arch/riscv/sbi_ecall.h"
#include "config.h"
#include "console.h"
#include "host_irq.h"
#include "platform.h"
#include "vm.h"

struct hart harts[MAX_HARTS];

/* Exceptions the guest handles itself (priv. spec 8.4.1); the rest exit to us. */
#define HEDELEG_GUEST                                                                              \
	(BIT(EXC_INST_MISALIGNED) | BIT(EXC_INST_ACCESS) | BIT(EXC_ILLEGAL_INST) |                 \
	 BIT(EXC_BREAKPOINT) | BIT(EXC_LOAD_MISALIGNED) | BIT(EXC_LOAD_ACCESS) |                   \
	 BIT(EXC_STORE_MISALIGNED) | BIT(EXC_STORE_ACCESS) | BIT(EXC_U_ECALL) |                    \
	 BIT(EXC_INST_PAGE_FAULT) | BIT(EXC_LOAD_PAGE_FAULT) | BIT(EXC_STORE_PAGE_FAULT))
#define HIDELEG_GUEST (MIP_VSSIP | MIP_VSTIP | MIP_VSEIP)

void hart_init_csrs(void)
{
	csr_write(CSR_HEDELEG, HEDELEG_GUEST);
	csr_write(CSR_HIDELEG, HIDELEG_GUEST);
	/* Guests read time, cycle and instret without an exit. */
	csr_write(CSR_HCOUNTEREN, HCOUNTEREN_CY | HCOUNTEREN_TM | HCOUNTEREN_IR);
	csr_write(CSR_HENVCFG, platform.has_sstc ? HENVCFG_STCE : 0);
	csr_write(CSR_HVIP, 0);
	csr_write(CSR_HIE, 0);
	csr_write(CSR_SSCRATCH, 0);
	/* Host IPIs kick a hart out of its guest or its wait. */
	csr_write(CSR_SIE, MIP_SSIP);
}

void hart_kick(unsigned long hartid)
{
	sbi_send_ipi_hart(hartid);
}

static bool vcpu_runnable(const struct vcpu *v)
{
	return v && v->state == VCPU_RUNNING && v->vm->state == VM_RUNNING;
}

void hart_main(unsigned long hartid)
{
	struct hart *h = &harts[hartid];

	hart_init_csrs();
	if (host_irq_enable_here(hartid))
		csr_set(CSR_SIE, MIP_SEIP);
	for (;;) {
		/* Clear a pending kick before looking, so none is lost. */
		csr_clear(CSR_SIP, MIP_SSIP);
		if (csr_read(CSR_SIP) & MIP_SEIP)
			host_irq_handle(hartid);
		if (vcpu_runnable(h->vcpu)) {
			vcpu_run(h->vcpu);
			continue;
		}
		wfi();
	}
}

/* QEMU's test finisher: (code << 16) | 0x3333 makes QEMU exit with code. */
#define FINISHER_FAIL(code) (((code) << 16) | 0x3333)

void machine_poweroff(bool failed)
{
	/*
	 * OpenSBI 1.1 drops the SRST reason on QEMU virt, so a failure would
	 * still exit 0: tell QEMU directly where its finisher exists.
	 */
	if (failed && platform.finisher_base)
		*(volatile uint32_t *)(uintptr_t)platform.finisher_base = FINISHER_FAIL(1);
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
			 failed ? SBI_SRST_REASON_SYSFAIL : SBI_SRST_REASON_NONE);
}

void hyp_poweroff(bool failed)
{
	hyp_printf("hypocaust: all VMs have stopped%s; powering off\n",
		   failed ? " (at least one failed)" : "");
	machine_poweroff(failed);
}
