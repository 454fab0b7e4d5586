// SPDX-License-Identifier: MIT
/* Guest exits: scause indexes a table of handlers. */
#include "exit.h"
#include "../arch/riscv/csr.h"
#include "host_irq.h"
#include "lib.h"
#include "mmio.h"
#include "sbi.h"
#include "vm.h"

typedef void (*exit_handler_t)(struct vcpu *v);

/*
 * A virtual-instruction trap (priv. spec 8.6.1) is an instruction VS/VU
 * may not execute here, e.g. a hypervisor CSR: to the guest it is illegal.
 */
static void exit_virtual_inst(struct vcpu *v)
{
	vcpu_redirect_trap(v, EXC_ILLEGAL_INST, v->trap.stval);
}

static void exit_host_ipi(struct vcpu *v)
{
	(void)v;
	/* A kick: the run loop re-reads the vCPU state. */
	csr_clear(CSR_SIP, MIP_SSIP);
}

static void exit_host_timer(struct vcpu *v)
{
	vcpu_timer_fired(v);
}

static void exit_host_external(struct vcpu *v)
{
	host_irq_handle(v->hart);
}

/* An ecall from VS-mode never comes here: switch.S calls sbi_handle_ecall. */
static const exit_handler_t sync_exits[EXC_COUNT] = {
	[EXC_INST_GUEST_PAGE_FAULT] = mmio_handle_fault,
	[EXC_LOAD_GUEST_PAGE_FAULT] = mmio_handle_fault,
	[EXC_STORE_GUEST_PAGE_FAULT] = mmio_handle_fault,
	[EXC_VIRTUAL_INST] = exit_virtual_inst,
};

static const exit_handler_t irq_exits[] = {
	[IRQ_S_SOFT] = exit_host_ipi,
	[IRQ_S_TIMER] = exit_host_timer,
	[IRQ_S_EXT] = exit_host_external,
};

void exit_handle(struct vcpu *v)
{
	unsigned long cause = v->trap.scause;
	exit_handler_t h = NULL;

	v->stats.exits++;
	if (cause & CAUSE_IRQ_FLAG) {
		cause &= ~CAUSE_IRQ_FLAG;
		if (cause < STATS_IRQ_SLOTS)
			v->stats.irq[cause]++;
		if (cause < ARRAY_SIZE(irq_exits))
			h = irq_exits[cause];
	} else if (cause < EXC_COUNT) {
		v->stats.sync[cause]++;
		h = sync_exits[cause];
	}
	if (h)
		h(v);
	else
		vm_fail(v, "trap the hypervisor does not handle");
}
