/* SPDX-License-Identifier: MIT */
/* The host PLIC, owned by the hypervisor (SiFive PLIC register map). */
#ifndef HYP_PLIC_H
#define HYP_PLIC_H

#include <stdint.h>

void plic_init(uintptr_t base);
void plic_set_priority(unsigned src, uint32_t prio);
void plic_enable(unsigned ctx, unsigned src);
void plic_set_threshold(unsigned ctx, uint32_t threshold);
/* The highest-priority pending source for ctx (now in service), or 0. */
unsigned plic_claim(unsigned ctx);
void plic_complete(unsigned ctx, unsigned src);

#endif
