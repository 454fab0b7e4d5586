/* SPDX-License-Identifier: MIT */
/* The ChaCha20 block function (RFC 8439, section 2.3). */
#ifndef HYP_CHACHA20_H
#define HYP_CHACHA20_H

#include <stdint.h>

#define CHACHA20_KEY_SIZE 32
#define CHACHA20_NONCE_SIZE 12
#define CHACHA20_BLOCK_SIZE 64

/* The 64-byte keystream block for key, block counter and nonce. */
void chacha20_block(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
		    const uint8_t nonce[CHACHA20_NONCE_SIZE], uint8_t out[CHACHA20_BLOCK_SIZE]);

#endif
