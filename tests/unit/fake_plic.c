// SPDX-License-Identifier: MIT
/* The host PLIC driver's functions over struct fake_plic (fake_plic.h). */
#include "fake_plic.h"

#include <string.h>

#include "../../src/drivers/plic.h"

struct fake_plic fake_plic;

void fake_plic_reset(void)
{
	memset(&fake_plic, 0, sizeof(fake_plic));
}

void fake_plic_firmware_resets_context(unsigned ctx)
{
	memset(fake_plic.enabled[ctx], 0, sizeof(fake_plic.enabled[ctx]));
	fake_plic.threshold[ctx] = 7;
}

bool fake_plic_delivers(unsigned ctx, unsigned src)
{
	return ctx < FAKE_PLIC_CONTEXTS && src && src < FAKE_PLIC_SOURCES &&
	       fake_plic.pending[src] && !fake_plic.in_service[src] &&
	       fake_plic.enabled[ctx][src] && fake_plic.priority[src] > fake_plic.threshold[ctx];
}

void plic_init(uintptr_t base)
{
	fake_plic.base = base;
}

void plic_set_priority(unsigned src, uint32_t prio)
{
	if (src < FAKE_PLIC_SOURCES)
		fake_plic.priority[src] = prio;
}

void plic_enable(unsigned ctx, unsigned src)
{
	if (ctx < FAKE_PLIC_CONTEXTS && src < FAKE_PLIC_SOURCES)
		fake_plic.enabled[ctx][src] = true;
}

void plic_set_threshold(unsigned ctx, uint32_t threshold)
{
	if (ctx < FAKE_PLIC_CONTEXTS)
		fake_plic.threshold[ctx] = threshold;
}

unsigned plic_claim(unsigned ctx)
{
	unsigned best = 0;

	for (unsigned src = 1; src < FAKE_PLIC_SOURCES; src++)
		if (fake_plic_delivers(ctx, src) &&
		    (!best || fake_plic.priority[src] > fake_plic.priority[best]))
			best = src;
	if (best) {
		fake_plic.pending[best] = false;
		fake_plic.in_service[best] = true;
	}
	return best;
}

void plic_complete(unsigned ctx, unsigned src)
{
	if (src >= FAKE_PLIC_SOURCES || !fake_plic.in_service[src])
		return;
	fake_plic.in_service[src] = false;
	fake_plic.completes++;
	fake_plic.last_complete_ctx = ctx;
}
