// SPDX-License-Identifier: MIT
/*
 * Host interrupts: the hypervisor owns the host PLIC. The console UART's
 * interrupt goes to the boot hart's S context; each one is claimed,
 * handled and completed here.
 */
#include "host_irq.h"
#include "../arch/riscv/csr.h"
#include "../drivers/plic.h"
#include "console.h"
#include "platform.h"

static int console_ctx = -1;

void host_irq_init_boot_hart(unsigned long hartid)
{
	console_ctx = platform.plic_s_context[hartid];
	if (!platform.plic_base || console_ctx < 0 || !platform.uart_irq)
		return;
	plic_init(platform.plic_base);
	plic_set_priority(platform.uart_irq, 1);
	plic_set_threshold(console_ctx, 0);
	plic_enable(console_ctx, platform.uart_irq);
	console_enable_rx_interrupt();
}

void host_irq_enable_here(unsigned long hartid)
{
	if (console_ctx >= 0 && platform.plic_s_context[hartid] == console_ctx)
		csr_set(CSR_SIE, MIP_SEIP);
}

void host_irq_handle(unsigned long hartid)
{
	unsigned ctx = (unsigned)platform.plic_s_context[hartid], src;

	while ((src = plic_claim(ctx)) != 0) {
		if (src == platform.uart_irq)
			console_rx_interrupt();
		plic_complete(ctx, src);
	}
}
