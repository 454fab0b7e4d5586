/* SPDX-License-Identifier: MIT */
/*
 * A host PLIC for unit tests, standing in for src/drivers/plic.c: the
 * registers host_irq.c writes, and level sources a test raises. Claims
 * follow the SiFive PLIC: the highest priority, then the lowest id, of the
 * pending sources enabled on the context above its threshold.
 */
#ifndef FAKE_PLIC_H
#define FAKE_PLIC_H

#include <stdbool.h>
#include <stdint.h>

#define FAKE_PLIC_SOURCES 64
#define FAKE_PLIC_CONTEXTS 8

struct fake_plic {
	uintptr_t base; /* as given to plic_init, 0 before */
	uint32_t priority[FAKE_PLIC_SOURCES];
	bool enabled[FAKE_PLIC_CONTEXTS][FAKE_PLIC_SOURCES];
	uint32_t threshold[FAKE_PLIC_CONTEXTS];
	bool pending[FAKE_PLIC_SOURCES];
	bool in_service[FAKE_PLIC_SOURCES];
	unsigned completes; /* completions that ended a claim */
	unsigned last_complete_ctx;
};

extern struct fake_plic fake_plic;

/* Every register 0, nothing pending, every threshold 0. */
void fake_plic_reset(void);
/* What OpenSBI's warm start of a hart does to one of its contexts. */
void fake_plic_firmware_resets_context(unsigned ctx);
/* True when ctx would be interrupted by src now. */
bool fake_plic_delivers(unsigned ctx, unsigned src);

#endif
