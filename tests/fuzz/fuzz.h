/* SPDX-License-Identifier: MIT */
/*
 * Shared pieces of the libFuzzer targets: a reader that takes typed values
 * off the input (zeros once it is used up, so every input is valid), and
 * FUZZ_CHECK, which turns a broken invariant into a crash libFuzzer keeps.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline bool fz_empty(const struct fuzz_in *in)
{
	return in->n == 0;
}

static inline uint8_t fz_u8(struct fuzz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

/* Little-endian, from however many bytes are left. */
static inline uint64_t fz_bits(struct fuzz_in *in, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes; i++)
		v |= (uint64_t)fz_u8(in) << (8 * i);
	return v;
}

static inline uint16_t fz_u16(struct fuzz_in *in)
{
	return (uint16_t)fz_bits(in, 2);
}

static inline uint32_t fz_u32(struct fuzz_in *in)
{
	return (uint32_t)fz_bits(in, 4);
}

static inline uint64_t fz_u64(struct fuzz_in *in)
{
	return fz_bits(in, 8);
}

/* Up to max bytes off the input; *len says how many there were. */
static inline const uint8_t *fz_take(struct fuzz_in *in, size_t max, size_t *len)
{
	const uint8_t *p = in->p;

	*len = max < in->n ? max : in->n;
	in->p += *len;
	in->n -= *len;
	return p;
}

/*
 * A NUL-terminated string of at most max - 1 bytes into out: the input up
 * to its next NUL (which is consumed) or to max - 1 bytes.
 */
static inline void fz_str(struct fuzz_in *in, char *out, size_t max)
{
	size_t o = 0;

	while (in->n && o + 1 < max) {
		uint8_t c = fz_u8(in);

		if (!c)
			break;
		out[o++] = (char)c;
	}
	out[o] = '\0';
}

/* A copy of the rest of the input in its own allocation, so that ASan
 * sees a read past its end. */
static inline uint8_t *fz_rest_copy(struct fuzz_in *in, size_t *len)
{
	uint8_t *p = malloc(in->n ? in->n : 1);

	if (!p)
		abort();
	memcpy(p, in->p, in->n);
	*len = in->n;
	in->p += in->n;
	in->n = 0;
	return p;
}

#endif
