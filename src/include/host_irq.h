/* SPDX-License-Identifier: MIT */
#ifndef HYP_HOST_IRQ_H
#define HYP_HOST_IRQ_H

#include <stdbool.h>

/* Sets the host PLIC's priorities; the boot hart takes the console's interrupt. */
void host_irq_init_boot_hart(unsigned long hartid);
/* Enables, on this hart's own S context, the sources it takes; true if
 * any, and the caller then sets sie.SEIE. */
bool host_irq_enable_here(unsigned long hartid);
/* Completes host source src, claimed for a VM, once the guest completed it. */
void host_irq_complete(unsigned src);
/* Claims, handles and completes every pending host interrupt of this hart. */
void host_irq_handle(unsigned long hartid);

#endif
