// SPDX-License-Identifier: MIT
/* The few C library string functions the hypervisor and libfdt use. */
#include <stdint.h>
#include <string.h>

typedef uint64_t __attribute__((may_alias)) word_t;

/*
 * n / 8 words from an 8-aligned src to an 8-aligned dst. Guest images are
 * megabytes and every instruction is emulated under QEMU: eight words a
 * turn take about half the instructions of one.
 */
static void copy_words(word_t *dw, const word_t *sw, size_t words)
{
	for (; words >= 8; words -= 8, dw += 8, sw += 8) {
		word_t a = sw[0], b = sw[1], c = sw[2], d = sw[3];
		word_t e = sw[4], f = sw[5], g = sw[6], h = sw[7];

		dw[0] = a;
		dw[1] = b;
		dw[2] = c;
		dw[3] = d;
		dw[4] = e;
		dw[5] = f;
		dw[6] = g;
		dw[7] = h;
	}
	while (words--)
		*dw++ = *sw++;
}

/* The word made of the last (8 - shift / 8) bytes of lo and the first of hi. */
static inline uint64_t join(uint64_t lo, uint64_t hi, unsigned shift)
{
	return lo >> shift | hi << (64 - shift);
}

/*
 * n / 8 words to an 8-aligned dst from a src that is not aligned: each
 * word is put together from the two aligned words it straddles, so no
 * load is misaligned (QEMU would trap each one to M-mode). Aligned words
 * never cross a page, so nothing beyond the last one needed is read.
 * Four words a turn, as in copy_words.
 */
static void copy_words_shifted(word_t *dw, const unsigned char *s, size_t words)
{
	unsigned shift = ((uintptr_t)s & 7) * 8;
	const word_t *sw = (const word_t *)((uintptr_t)s & ~7UL);
	uint64_t lo = *sw++;

	for (; words >= 4; words -= 4, dw += 4, sw += 4) {
		uint64_t a = sw[0], b = sw[1], c = sw[2], d = sw[3];

		dw[0] = join(lo, a, shift);
		dw[1] = join(a, b, shift);
		dw[2] = join(b, c, shift);
		dw[3] = join(c, d, shift);
		lo = d;
	}
	for (; words; words--) {
		uint64_t hi = *sw++;

		*dw++ = join(lo, hi, shift);
		lo = hi;
	}
}

/* Guest images sit in the config blob at any alignment: 8 bytes a turn anyway. */
void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t words;

	for (; n && ((uintptr_t)d & 7); n--)
		*d++ = *s++;
	words = n / 8;
	if ((uintptr_t)s & 7)
		copy_words_shifted((word_t *)d, s, words);
	else
		copy_words((word_t *)d, (const word_t *)s, words);
	d += 8 * words;
	s += 8 * words;
	for (n &= 7; n; n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (c == 0 && (((uintptr_t)d | n) & 7) == 0) {
		uint64_t *dw = dst, *end = dw + n / 8;

		/* A VM's RAM is zeroed 2 MiB at a time (guest_mem.c): 64 bytes a turn. */
		for (; end - dw >= 8; dw += 8) {
			dw[0] = 0;
			dw[1] = 0;
			dw[2] = 0;
			dw[3] = 0;
			dw[4] = 0;
			dw[5] = 0;
			dw[6] = 0;
			dw[7] = 0;
		}
		while (dw < end)
			*dw++ = 0;
		return dst;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++)
		if (p[i] == (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}
