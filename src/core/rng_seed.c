// SPDX-License-Identifier: MIT
/*
 * Per-VM rng-seed. QEMU virt puts random bytes in /chosen/rng-seed and
 * Linux credits them to its CRNG at boot (drivers/of/fdt.c). Without
 * one, a guest's CRNG starts unseeded: getrandom() blocks and the boot
 * takes slower paths than on bare QEMU.
 *
 * The host's seed (which firmware passes on in the host DT) becomes a
 * ChaCha20 key; the seed of a VM's n-th start is the keystream block for
 * the nonce (VM, n). A VM thus never sees the host's seed or another
 * VM's, a reboot brings a new seed, and a VM's seed is no longer than the
 * host's: it claims no more entropy than the host had.
 */
#include "rng_seed.h"
#include "chacha20.h"
#include "lib.h"

/* Nonce word 2: keeps these blocks apart from any other use of the key. */
#define NONCE_DOMAIN 0x64656573 /* "seed" */

static uint8_t key[CHACHA20_KEY_SIZE];
static unsigned seed_len;

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void rng_seed_init(const void *seed, unsigned len)
{
	const uint8_t *s = seed;

	memzero_explicit(key, sizeof(key));
	/* A seed longer than the key is folded into it, none of it dropped. */
	for (unsigned i = 0; i < len; i++)
		key[i % sizeof(key)] ^= s[i];
	seed_len = MIN(len, RNG_SEED_MAX);
}

unsigned rng_seed_for_vm(unsigned vm, unsigned start, uint8_t out[RNG_SEED_MAX])
{
	uint8_t nonce[CHACHA20_NONCE_SIZE], block[CHACHA20_BLOCK_SIZE];

	if (!seed_len)
		return 0;
	put_le32(nonce, vm);
	put_le32(nonce + 4, start);
	put_le32(nonce + 8, NONCE_DOMAIN);
	chacha20_block(key, 0, nonce, block);
	memcpy(out, block, seed_len);
	memzero_explicit(block, sizeof(block));
	return seed_len;
}
