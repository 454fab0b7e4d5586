/* SPDX-License-Identifier: MIT */
/* Small helpers shared by every module: formatting, alignment, errors. */
#ifndef HYP_LIB_H
#define HYP_LIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + (a)-1) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define KiB (1UL << 10)
#define MiB (1UL << 20)
#define GiB (1UL << 30)

/* Internal error codes; sbi/sbi.c maps them to SBI error codes. */
enum {
	HYP_OK = 0,
	HYP_EINVAL = -1,
	HYP_ENOMEM = -2,
	HYP_ERANGE = -3,
	HYP_EEXIST = -4,
	HYP_ENOTSUP = -5,
	HYP_EFAULT = -6,
	HYP_EBUSY = -7,
};

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* True when [a, a+alen) and [b, b+blen) share a byte; lengths > 0. */
static inline bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* True when a + len wraps around the 64-bit address space. */
static inline bool range_wraps(uint64_t a, uint64_t len)
{
	return len && a + len - 1 < a;
}

/* memset to zero that the compiler may not drop as a dead store (secrets). */
static inline void memzero_explicit(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

#endif
