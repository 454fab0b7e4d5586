// SPDX-License-Identifier: MIT
/*
 * Sv39x4: the root table is widened by two bits to 2048 entries (16 KiB,
 * 16 KiB aligned) so guest-physical addresses reach 41 bits; the lower
 * levels are ordinary Sv39 tables (privileged spec 8.5.1). Every leaf has
 * U set, because G-stage accesses are checked as U-mode accesses.
 */
#include "stage2.h"
#include "../arch/riscv/encoding.h"
#include "lib.h"
#include "page_alloc.h"

#define LEVELS 3
#define ROOT_ENTRIES 2048
#define ROOT_SIZE (ROOT_ENTRIES * 8)
#define PTE_ENTRIES 512

static inline uint64_t *pa_to_ptr(uint64_t pa)
{
	return (uint64_t *)(uintptr_t)pa;
}

static inline uint64_t level_size(int level)
{
	return 1UL << (PAGE_SHIFT + 9 * level);
}

static inline unsigned level_index(uint64_t gpa, int level)
{
	uint64_t mask = level == LEVELS - 1 ? ROOT_ENTRIES - 1 : PTE_ENTRIES - 1;

	return (gpa >> (PAGE_SHIFT + 9 * level)) & mask;
}

static inline bool pte_is_leaf(uint64_t pte)
{
	return pte & (PTE_R | PTE_W | PTE_X);
}

static inline uint64_t pte_addr(uint64_t pte)
{
	return (pte >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

static uint64_t *alloc_table(uint64_t size)
{
	uint64_t pa = page_alloc(size, size);

	if (!pa)
		return NULL;
	memset(pa_to_ptr(pa), 0, size);
	return pa_to_ptr(pa);
}

int stage2_init(struct stage2 *s2, unsigned vmid)
{
	memset(s2, 0, sizeof(*s2));
	s2->root = alloc_table(ROOT_SIZE);
	s2->vmid = vmid;
	return s2->root ? HYP_OK : HYP_ENOMEM;
}

/* Returns the table one level below entry *pte, creating it if absent. */
static uint64_t *next_table(uint64_t *pte)
{
	uint64_t *t;

	if (*pte & PTE_V)
		return pte_is_leaf(*pte) ? NULL : pa_to_ptr(pte_addr(*pte));
	t = alloc_table(PAGE_SIZE);
	if (t)
		*pte = ((uint64_t)(uintptr_t)t >> PAGE_SHIFT) << PTE_PPN_SHIFT | PTE_V;
	return t;
}

static bool table_is_empty(const uint64_t *pte)
{
	const uint64_t *t;

	if (!(*pte & PTE_V))
		return true;
	if (pte_is_leaf(*pte))
		return false;
	t = pa_to_ptr(pte_addr(*pte));
	for (unsigned i = 0; i < PTE_ENTRIES; i++)
		if (t[i] & PTE_V)
			return false;
	return true;
}

static int map_one(struct stage2 *s2, uint64_t gpa, uint64_t hpa, int leaf_level,
		   unsigned long prot)
{
	uint64_t *table = s2->root;
	uint64_t *pte;

	for (int level = LEVELS - 1; level > leaf_level; level--) {
		pte = &table[level_index(gpa, level)];
		/* A superpage already covers this address. */
		if ((*pte & PTE_V) && pte_is_leaf(*pte))
			return HYP_EEXIST;
		table = next_table(pte);
		if (!table)
			return HYP_ENOMEM;
	}
	pte = &table[level_index(gpa, leaf_level)];
	/* A superpage may only replace a table that maps nothing yet. */
	if (!table_is_empty(pte))
		return HYP_EEXIST;
	*pte = (hpa >> PAGE_SHIFT) << PTE_PPN_SHIFT | prot | PTE_U | PTE_A | PTE_D | PTE_V;
	s2->leaves[leaf_level]++;
	return HYP_OK;
}

/* The largest page that both addresses are aligned to and that fits. */
static int pick_level(uint64_t gpa, uint64_t hpa, uint64_t left)
{
	for (int level = LEVELS - 1; level > 0; level--) {
		uint64_t sz = level_size(level);

		if (IS_ALIGNED(gpa, sz) && IS_ALIGNED(hpa, sz) && left >= sz)
			return level;
	}
	return 0;
}

int stage2_map(struct stage2 *s2, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned long prot)
{
	if (!size || !IS_ALIGNED(gpa | hpa | size, PAGE_SIZE) || (prot & ~S2_RWX) || !prot)
		return HYP_EINVAL;
	/* W without R is a reserved PTE encoding (priv. spec 4.3.1). */
	if ((prot & S2_WRITE) && !(prot & S2_READ))
		return HYP_EINVAL;
	if (range_wraps(gpa, size) || gpa + size > STAGE2_GPA_LIMIT)
		return HYP_ERANGE;
	while (size) {
		int level = pick_level(gpa, hpa, size);
		int err = map_one(s2, gpa, hpa, level, prot);

		if (err)
			return err;
		gpa += level_size(level);
		hpa += level_size(level);
		size -= level_size(level);
	}
	return HYP_OK;
}

/*
 * The leaf entry for gpa at leaf_level (0: 4 KiB, 1: 2 MiB), creating the
 * tables above it. NULL when a larger superpage covers gpa or a table
 * cannot be allocated.
 */
static uint64_t *leaf_pte(struct stage2 *s2, uint64_t gpa, int leaf_level)
{
	uint64_t *table = s2->root;

	for (int level = LEVELS - 1; level > leaf_level; level--) {
		uint64_t *pte = &table[level_index(gpa, level)];

		if ((*pte & PTE_V) && pte_is_leaf(*pte))
			return NULL;
		table = next_table(pte);
		if (!table)
			return NULL;
	}
	return &table[level_index(gpa, leaf_level)];
}

static int set_leaf(struct stage2 *s2, uint64_t gpa, uint64_t hpa, unsigned long prot, int level)
{
	uint64_t *pte;

	if (!IS_ALIGNED(gpa | hpa, level_size(level)) || (prot & ~S2_RWX) ||
	    gpa >= STAGE2_GPA_LIMIT)
		return HYP_EINVAL;
	if ((prot & S2_WRITE) && !(prot & S2_READ))
		return HYP_EINVAL;
	pte = leaf_pte(s2, gpa, level);
	/* A 2 MiB leaf must not drop a table of 4 KiB leaves (it would leak). */
	if (!pte || (level && (*pte & PTE_V) && !pte_is_leaf(*pte)))
		return HYP_EEXIST;
	/* One aligned store: a hart walking the table sees the old or the new entry. */
	if (!prot)
		__atomic_store_n(pte, 0, __ATOMIC_RELEASE);
	else
		__atomic_store_n(pte,
				 (hpa >> PAGE_SHIFT) << PTE_PPN_SHIFT | prot | PTE_U | PTE_A |
					 PTE_D | PTE_V,
				 __ATOMIC_RELEASE);
	return HYP_OK;
}

int stage2_set_page(struct stage2 *s2, uint64_t gpa, uint64_t hpa, unsigned long prot)
{
	return set_leaf(s2, gpa, hpa, prot, 0);
}

int stage2_set_block(struct stage2 *s2, uint64_t gpa, uint64_t hpa, unsigned long prot)
{
	return set_leaf(s2, gpa, hpa, prot, 1);
}

int stage2_translate(const struct stage2 *s2, uint64_t gpa, uint64_t *hpa, unsigned long *prot)
{
	const uint64_t *table = s2->root;

	if (gpa >= STAGE2_GPA_LIMIT)
		return HYP_EFAULT;
	for (int level = LEVELS - 1; level >= 0; level--) {
		uint64_t pte = table[level_index(gpa, level)];

		if (!(pte & PTE_V))
			return HYP_EFAULT;
		if (pte_is_leaf(pte)) {
			*hpa = pte_addr(pte) + (gpa & (level_size(level) - 1));
			if (prot)
				*prot = pte & S2_RWX;
			return HYP_OK;
		}
		table = pa_to_ptr(pte_addr(pte));
	}
	return HYP_EFAULT;
}

uint64_t stage2_hgatp(const struct stage2 *s2)
{
	return HGATP_MODE_SV39X4 << HGATP_MODE_SHIFT |
	       ((uint64_t)s2->vmid & HGATP_VMID_MASK) << HGATP_VMID_SHIFT |
	       ((uint64_t)(uintptr_t)s2->root >> PAGE_SHIFT);
}
