/* SPDX-License-Identifier: MIT */
#ifndef HYP_HOST_IRQ_H
#define HYP_HOST_IRQ_H

/* Routes the console UART's interrupt to the boot hart (host PLIC). */
void host_irq_init_boot_hart(unsigned long hartid);
/* Sets sie.SEIE on a hart that receives host device interrupts. */
void host_irq_enable_here(unsigned long hartid);
/* Completes host source src, claimed for a VM, once the guest completed it. */
void host_irq_complete(unsigned src);
/* Claims, handles and completes every pending host interrupt of this hart. */
void host_irq_handle(unsigned long hartid);

#endif
