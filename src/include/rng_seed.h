/* SPDX-License-Identifier: MIT */
/*
 * Each VM start gets its own /chosen/rng-seed, derived from the host's
 * (see rng_seed.c): what QEMU virt gives a kernel, under the hypervisor too.
 */
#ifndef HYP_RNG_SEED_H
#define HYP_RNG_SEED_H

#include <stdint.h>

#define RNG_SEED_MAX 64

/* Takes the host's seed (len bytes, len 0: none). The caller wipes its copy. */
void rng_seed_init(const void *seed, unsigned len);
/*
 * The seed for start number `start` of VM `vm` into out; returns its
 * length: the host seed's, at most RNG_SEED_MAX, 0 when the host had none.
 */
unsigned rng_seed_for_vm(unsigned vm, unsigned start, uint8_t out[RNG_SEED_MAX]);

#endif
