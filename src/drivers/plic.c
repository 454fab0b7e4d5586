// SPDX-License-Identifier: MIT
#include "plic.h"

#define PRIORITY(src) (4 * (src))
#define ENABLE(ctx, src) (0x2000 + 0x80 * (ctx) + 4 * ((src) / 32))
#define THRESHOLD(ctx) (0x200000 + 0x1000 * (ctx))
#define CLAIM(ctx) (0x200004 + 0x1000 * (ctx))

static volatile uint8_t *plic;

static inline volatile uint32_t *reg(uintptr_t off)
{
	return (volatile uint32_t *)(plic + off);
}

void plic_init(uintptr_t base)
{
	plic = (volatile uint8_t *)base;
}

void plic_set_priority(unsigned src, uint32_t prio)
{
	*reg(PRIORITY(src)) = prio;
}

void plic_enable(unsigned ctx, unsigned src)
{
	*reg(ENABLE(ctx, src)) |= 1U << (src % 32);
}

void plic_set_threshold(unsigned ctx, uint32_t threshold)
{
	*reg(THRESHOLD(ctx)) = threshold;
}

unsigned plic_claim(unsigned ctx)
{
	return *reg(CLAIM(ctx));
}

void plic_complete(unsigned ctx, unsigned src)
{
	*reg(CLAIM(ctx)) = src;
}
