// SPDX-License-Identifier: MIT
#include "guest_mem.h"
#include "lib.h"

const struct mem_region *guest_mem_region(const struct guest_mem *gm, uint64_t gpa)
{
	for (unsigned i = 0; i < gm->count; i++) {
		const struct mem_region *r = &gm->region[i];

		if (gpa >= r->gpa && gpa - r->gpa < r->size)
			return r;
	}
	return NULL;
}

void *guest_mem_ptr(const struct guest_mem *gm, uint64_t gpa, uint64_t len)
{
	const struct mem_region *r = guest_mem_region(gm, gpa);

	if (!r || range_wraps(gpa, len) || len > r->size - (gpa - r->gpa))
		return NULL;
	return (void *)(uintptr_t)(r->hpa + (gpa - r->gpa));
}

int guest_mem_write(const struct guest_mem *gm, uint64_t gpa, const void *src, uint64_t len)
{
	void *dst = guest_mem_ptr(gm, gpa, len);

	if (!dst)
		return HYP_ERANGE;
	memcpy(dst, src, len);
	return HYP_OK;
}

void guest_mem_zero_all(const struct guest_mem *gm)
{
	for (unsigned i = 0; i < gm->count; i++)
		memset((void *)(uintptr_t)gm->region[i].hpa, 0, gm->region[i].size);
}
