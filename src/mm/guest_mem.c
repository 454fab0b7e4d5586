// SPDX-License-Identifier: MIT
#include "guest_mem.h"
#include "lib.h"
#include "stage2.h"

const struct mem_region *guest_mem_region(const struct guest_mem *gm, uint64_t gpa)
{
	for (unsigned i = 0; i < gm->count; i++) {
		const struct mem_region *r = &gm->region[i];

		if (gpa >= r->gpa && gpa - r->gpa < r->size)
			return r;
	}
	return NULL;
}

static bool chunk_populated(const struct mem_lazy *l, uint64_t idx)
{
	return __atomic_load_n(&l->populated[idx / 64], __ATOMIC_ACQUIRE) & (1UL << (idx % 64));
}

/* Zeroes and maps chunk idx of lazy region r once; any hart may race here. */
static void populate_chunk(const struct guest_mem *gm, const struct mem_region *r, uint64_t idx)
{
	uint64_t off = idx * GUEST_MEM_CHUNK;
	struct mem_lazy *l = r->lazy;

	if (chunk_populated(l, idx))
		return;
	spin_lock(&l->lock);
	if (!chunk_populated(l, idx)) {
		memset((void *)(uintptr_t)(r->hpa + off), 0, GUEST_MEM_CHUNK);
		stage2_set_block(gm->s2, r->gpa + off, r->hpa + off, S2_RWX);
		__atomic_or_fetch(&l->populated[idx / 64], 1UL << (idx % 64), __ATOMIC_RELEASE);
	}
	spin_unlock(&l->lock);
}

static void populate_range(const struct guest_mem *gm, const struct mem_region *r, uint64_t gpa,
			   uint64_t len)
{
	uint64_t first = (gpa - r->gpa) / GUEST_MEM_CHUNK;
	uint64_t last = (gpa - r->gpa + (len ? len - 1 : 0)) / GUEST_MEM_CHUNK;

	for (uint64_t idx = first; idx <= last; idx++)
		populate_chunk(gm, r, idx);
}

bool guest_mem_covers(const struct guest_mem *gm, uint64_t gpa, uint64_t len)
{
	const struct mem_region *r = guest_mem_region(gm, gpa);

	return r && !range_wraps(gpa, len) && len <= r->size - (gpa - r->gpa);
}

void *guest_mem_ptr(const struct guest_mem *gm, uint64_t gpa, uint64_t len)
{
	const struct mem_region *r = guest_mem_region(gm, gpa);

	if (!guest_mem_covers(gm, gpa, len))
		return NULL;
	if (r->lazy)
		populate_range(gm, r, gpa, len);
	return (void *)(uintptr_t)(r->hpa + (gpa - r->gpa));
}

bool guest_mem_populate(const struct guest_mem *gm, uint64_t gpa)
{
	const struct mem_region *r = guest_mem_region(gm, gpa);

	if (!r || !r->lazy)
		return false;
	populate_chunk(gm, r, (gpa - r->gpa) / GUEST_MEM_CHUNK);
	return true;
}

bool guest_mem_can_be_lazy(const struct mem_region *r)
{
	return IS_ALIGNED(r->gpa | r->hpa | r->size, GUEST_MEM_CHUNK) &&
	       r->size / GUEST_MEM_CHUNK <= GUEST_MEM_LAZY_CHUNKS;
}

int guest_mem_set_lazy(struct guest_mem *gm, unsigned i, struct mem_lazy *lazy)
{
	struct mem_region *r = &gm->region[i];

	if (i >= gm->count || !gm->s2 || !guest_mem_can_be_lazy(r))
		return HYP_EINVAL;
	memset(lazy, 0, sizeof(*lazy));
	for (uint64_t off = 0; off < r->size; off += GUEST_MEM_CHUNK)
		if (stage2_set_block(gm->s2, r->gpa + off, r->hpa + off, 0))
			return HYP_EINVAL;
	r->lazy = lazy;
	return HYP_OK;
}

int guest_mem_write(const struct guest_mem *gm, uint64_t gpa, const void *src, uint64_t len)
{
	void *dst = guest_mem_ptr(gm, gpa, len);

	if (!dst)
		return HYP_ERANGE;
	memcpy(dst, src, len);
	return HYP_OK;
}

#define ZERO_PAGE_WORDS (4096 / sizeof(uint64_t))

static bool page_is_zero(const uint64_t *p)
{
	for (unsigned i = 0; i < ZERO_PAGE_WORDS; i += 8)
		if (p[i] | p[i + 1] | p[i + 2] | p[i + 3] | p[i + 4] | p[i + 5] | p[i + 6] |
		    p[i + 7])
			return false;
	return true;
}

/*
 * Only the pages that are not zero already are written, so that the host
 * need not allocate memory for pages the guest may never use (under QEMU
 * reading them can still cost host page faults: lazy regions avoid even
 * that).
 */
static void zero_region(const struct mem_region *r)
{
	uint8_t *p = (uint8_t *)(uintptr_t)r->hpa;
	uint64_t off = 0;

	if (IS_ALIGNED((uintptr_t)p, 8))
		for (; off + 4096 <= r->size; off += 4096)
			if (!page_is_zero((const uint64_t *)(p + off)))
				memset(p + off, 0, 4096);
	memset(p + off, 0, r->size - off);
}

/* Drops every chunk: unmapped now, zeroed when next touched. */
static void drop_chunks(const struct guest_mem *gm, const struct mem_region *r)
{
	for (uint64_t idx = 0; idx < r->size / GUEST_MEM_CHUNK; idx++)
		if (chunk_populated(r->lazy, idx)) {
			stage2_set_block(gm->s2, r->gpa + idx * GUEST_MEM_CHUNK, 0, 0);
			r->lazy->populated[idx / 64] &= ~(1UL << (idx % 64));
		}
}

void guest_mem_reset(const struct guest_mem *gm)
{
	for (unsigned i = 0; i < gm->count; i++)
		if (gm->region[i].lazy)
			drop_chunks(gm, &gm->region[i]);
		else
			zero_region(&gm->region[i]);
}
