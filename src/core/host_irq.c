// SPDX-License-Identifier: MIT
/*
 * Host interrupts: the hypervisor owns the host PLIC. The console UART's
 * interrupt goes to the boot hart's S context; each one is claimed,
 * handled and completed here. A UART passed through to a VM is that VM's
 * device like any other: the hypervisor then takes no interrupt of its own.
 */
#include "host_irq.h"
#include "../arch/riscv/csr.h"
#include "../drivers/plic.h"
#include "console.h"
#include "hart.h"
#include "lib.h"
#include "platform.h"
#include "vm.h"

static int console_ctx = -1;
/* Per host source: the context it was claimed on, until the guest completes it. */
static int claimed_ctx[1024];

/*
 * A passed-through device interrupts the hart of its VM's vCPU 0, so the
 * exit it costs lands in the VM that owns it.
 */
static void route_passthrough(void)
{
	for (unsigned v = 0; v < nr_vms; v++) {
		int ctx = platform.plic_s_context[vms[v].vcpu[0].hart];

		for (unsigned d = 0; d < vms[v].npt && ctx >= 0; d++)
			for (unsigned i = 0; i < vms[v].pt[d].nirqs; i++) {
				plic_set_priority(vms[v].pt[d].irq[i], 1);
				plic_set_threshold((unsigned)ctx, 0);
				plic_enable((unsigned)ctx, vms[v].pt[d].irq[i]);
			}
	}
}

void host_irq_init_boot_hart(unsigned long hartid)
{
	for (unsigned i = 0; i < ARRAY_SIZE(claimed_ctx); i++)
		claimed_ctx[i] = -1;
	if (!platform.plic_base)
		return;
	plic_init(platform.plic_base);
	route_passthrough();
	if (!platform.uart_irq || passthrough_irq_owner(platform.uart_irq))
		return;
	console_ctx = platform.plic_s_context[hartid];
	if (console_ctx < 0)
		return;
	plic_set_priority(platform.uart_irq, 1);
	plic_set_threshold(console_ctx, 0);
	plic_enable(console_ctx, platform.uart_irq);
	console_enable_rx_interrupt();
}

void host_irq_enable_here(unsigned long hartid)
{
	bool wanted = console_ctx >= 0 && platform.plic_s_context[hartid] == console_ctx;

	if (harts[hartid].vcpu && harts[hartid].vcpu->id == 0 && harts[hartid].vcpu->vm->npt)
		wanted = true;
	if (wanted)
		csr_set(CSR_SIE, MIP_SEIP);
}

/*
 * Called on the hart of the vCPU that completed src, often not the hart
 * that claimed it. The slot is emptied before the host completion: that
 * completion can re-raise src at once (a level still high), and the
 * claiming hart then fills the slot again, which must not be undone here.
 */
void host_irq_complete(unsigned src)
{
	int ctx;

	if (src >= ARRAY_SIZE(claimed_ctx))
		return;
	ctx = __atomic_exchange_n(&claimed_ctx[src], -1, __ATOMIC_ACQ_REL);
	if (ctx >= 0)
		plic_complete((unsigned)ctx, src);
}

void host_irq_handle(unsigned long hartid)
{
	unsigned ctx = (unsigned)platform.plic_s_context[hartid], src;

	while ((src = plic_claim(ctx)) != 0) {
		struct vm *owner = passthrough_irq_owner(src);

		if (owner && src < ARRAY_SIZE(claimed_ctx)) {
			/* Completed on the host when the guest completes it at its vPLIC:
			 * until then the (level) source stays masked by being in service. */
			__atomic_store_n(&claimed_ctx[src], (int)ctx, __ATOMIC_RELEASE);
			vplic_set_level(&owner->plic, src, true);
			continue;
		}
		if (src == platform.uart_irq)
			console_rx_interrupt();
		plic_complete(ctx, src);
	}
}
