// SPDX-License-Identifier: MIT
#include "page_alloc.h"
#include "lib.h"

#define FRAME 4096UL

struct range {
	uint64_t base;
	uint64_t end;
};

static struct range free_ranges[PAGE_ALLOC_MAX_RANGES];
static unsigned nr_free;

void page_alloc_reset(void)
{
	nr_free = 0;
}

static void remove_at(unsigned i)
{
	memmove(&free_ranges[i], &free_ranges[i + 1], (nr_free - i - 1) * sizeof(free_ranges[0]));
	nr_free--;
}

static int insert_at(unsigned i, uint64_t base, uint64_t end)
{
	if (base >= end)
		return HYP_OK;
	if (nr_free == PAGE_ALLOC_MAX_RANGES)
		return HYP_ENOMEM;
	memmove(&free_ranges[i + 1], &free_ranges[i], (nr_free - i) * sizeof(free_ranges[0]));
	free_ranges[i] = (struct range){base, end};
	nr_free++;
	return HYP_OK;
}

int page_alloc_add(uint64_t base, uint64_t size)
{
	uint64_t b = ALIGN_UP(base, FRAME), e = ALIGN_DOWN(base + size, FRAME);
	unsigned i = 0;

	if (range_wraps(base, size))
		return HYP_ERANGE;
	if (b >= e)
		return HYP_OK;
	while (i < nr_free && free_ranges[i].base < b)
		i++;
	if ((i > 0 && free_ranges[i - 1].end > b) || (i < nr_free && free_ranges[i].base < e))
		return HYP_EEXIST;
	return insert_at(i, b, e);
}

/* Cutting [b, e) out of the ranges needs one more slot per range it splits. */
static bool reserve_fits(uint64_t b, uint64_t e)
{
	unsigned splits = 0;

	for (unsigned i = 0; i < nr_free; i++)
		splits += free_ranges[i].base < b && e < free_ranges[i].end;
	return nr_free + splits <= PAGE_ALLOC_MAX_RANGES;
}

int page_alloc_reserve(uint64_t base, uint64_t size)
{
	uint64_t b = ALIGN_DOWN(base, FRAME), e = ALIGN_UP(base + size, FRAME);

	if (!size)
		return HYP_OK;
	if (e < b)
		e = UINT64_MAX;
	if (!reserve_fits(b, e))
		return HYP_ENOMEM;
	for (unsigned i = 0; i < nr_free;) {
		struct range r = free_ranges[i];

		if (!ranges_overlap(r.base, r.end - r.base, b, e - b)) {
			i++;
			continue;
		}
		remove_at(i);
		if (r.base < b)
			insert_at(i++, r.base, b);
		if (e < r.end)
			insert_at(i++, e, r.end);
	}
	return HYP_OK;
}

int page_alloc_take(uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < nr_free; i++) {
		struct range r = free_ranges[i];

		if (base >= r.base && !range_wraps(base, size) && base + size <= r.end)
			return page_alloc_reserve(base, size);
	}
	return HYP_ENOMEM;
}

uint64_t page_alloc(uint64_t size, uint64_t align)
{
	if (!size || !align || (align & (align - 1)))
		return 0;
	size = ALIGN_UP(size, FRAME);
	for (unsigned i = 0; i < nr_free; i++) {
		uint64_t a = ALIGN_UP(free_ranges[i].base, align);

		if (a >= free_ranges[i].base && a + size > a && a + size <= free_ranges[i].end)
			return page_alloc_reserve(a, size) ? 0 : a;
	}
	return 0;
}

uint64_t page_alloc_top(uint64_t size, uint64_t align, uint64_t limit)
{
	if (!size || !align || (align & (align - 1)))
		return 0;
	size = ALIGN_UP(size, FRAME);
	for (unsigned i = nr_free; i-- > 0;) {
		uint64_t end = MIN(free_ranges[i].end, limit), a;

		if (end < size)
			continue;
		a = ALIGN_DOWN(end - size, align);
		if (a >= free_ranges[i].base)
			return page_alloc_reserve(a, size) ? 0 : a;
	}
	return 0;
}

uint64_t page_alloc_free_bytes(void)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < nr_free; i++)
		n += free_ranges[i].end - free_ranges[i].base;
	return n;
}

uint64_t page_alloc_largest_free(void)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < nr_free; i++)
		n = MAX(n, free_ranges[i].end - free_ranges[i].base);
	return n;
}
