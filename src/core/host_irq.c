// SPDX-License-Identifier: MIT
/*
 * Host interrupts: the hypervisor owns the host PLIC. The console UART's
 * interrupt goes to the boot hart's S context, a passed-through device's
 * to the hart of its VM's vCPU 0; each one is claimed here. A UART passed
 * through to a VM is that VM's device like any other: the hypervisor then
 * takes no interrupt of its own.
 */
#include "host_irq.h"
#include "../drivers/plic.h"
#include "console.h"
#include "hart.h"
#include "lib.h"
#include "platform.h"
#include "vm.h"

static int console_ctx = -1;
/* Per host source: the context it was claimed on, until the guest completes it. */
static int claimed_ctx[1024];

static void set_passthrough_priorities(void)
{
	for (unsigned v = 0; v < nr_vms; v++)
		for (unsigned d = 0; d < vms[v].npt; d++)
			for (unsigned i = 0; i < vms[v].pt[d].nirqs; i++)
				plic_set_priority(vms[v].pt[d].irq[i], 1);
}

/*
 * Priorities are global and set once; a context's enables and threshold
 * are set later by its own hart (host_irq_enable_here).
 */
void host_irq_init_boot_hart(unsigned long hartid)
{
	for (unsigned i = 0; i < ARRAY_SIZE(claimed_ctx); i++)
		claimed_ctx[i] = -1;
	console_ctx = -1;
	if (!platform.plic_base)
		return;
	plic_init(platform.plic_base);
	set_passthrough_priorities();
	if (!platform.uart_irq || passthrough_irq_owner(platform.uart_irq))
		return;
	console_ctx = platform.plic_s_context[hartid];
	if (console_ctx < 0)
		return;
	plic_set_priority(platform.uart_irq, 1);
	console_enable_rx_interrupt();
}

/*
 * A passed-through device interrupts the hart of its VM's vCPU 0, so the
 * exit it costs lands in the VM that owns it. Returns how many sources
 * were enabled.
 */
static unsigned enable_passthrough(const struct vcpu *v, unsigned ctx)
{
	unsigned n = 0;

	if (!v || v->id != 0)
		return 0;
	for (unsigned d = 0; d < v->vm->npt; d++)
		for (unsigned i = 0; i < v->vm->pt[d].nirqs; i++, n++)
			plic_enable(ctx, v->vm->pt[d].irq[i]);
	return n;
}

/*
 * Run by each hart on itself, after its firmware brought it up: OpenSBI's
 * warm start of a hart (HSM hart_start) disables every source of that
 * hart's PLIC contexts and raises their thresholds, so settings the boot
 * hart made for it before would be lost.
 */
bool host_irq_enable_here(unsigned long hartid)
{
	int ctx = platform.plic_s_context[hartid];
	unsigned n;

	if (!platform.plic_base || ctx < 0)
		return false;
	n = enable_passthrough(harts[hartid].vcpu, (unsigned)ctx);
	if (ctx == console_ctx) {
		plic_enable((unsigned)ctx, platform.uart_irq);
		n++;
	}
	if (n)
		plic_set_threshold((unsigned)ctx, 0);
	return n != 0;
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
