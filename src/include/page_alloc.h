/* SPDX-License-Identifier: MIT */
/*
 * Physical frame allocator: a sorted list of free ranges. Static
 * partitioning allocates once at boot, so there is no free().
 */
#ifndef HYP_PAGE_ALLOC_H
#define HYP_PAGE_ALLOC_H

#include <stdint.h>

#define PAGE_ALLOC_MAX_RANGES 32

void page_alloc_reset(void);
/* Adds [base, base+size) as free RAM (page-aligned inward). */
int page_alloc_add(uint64_t base, uint64_t size);
/* Removes [base, base+size) from the free ranges, wherever it lies;
 * HYP_ENOMEM (nothing changed) when the range table cannot hold the split. */
int page_alloc_reserve(uint64_t base, uint64_t size);
/* Takes exactly [base, base+size): fails unless all of it is free. */
int page_alloc_take(uint64_t base, uint64_t size);
/* Returns the lowest free block of size bytes aligned to align, or 0. */
uint64_t page_alloc(uint64_t size, uint64_t align);
/* Returns the highest free block of size bytes aligned to align that ends at
 * or below limit, or 0. */
uint64_t page_alloc_top(uint64_t size, uint64_t align, uint64_t limit);
uint64_t page_alloc_free_bytes(void);
/* The largest run of free RAM: what one VM memory region can get at most. */
uint64_t page_alloc_largest_free(void);

#endif
