// SPDX-License-Identifier: MIT
/* Stage-2 (Sv39x4) tables and the frame allocator they come from. */
#include "helpers.h"

#include "encoding.h"
#include "lib.h"
#include "page_alloc.h"
#include "stage2.h"

#define GPA0 0x80000000UL
/* Mapping only writes tables, so the host addresses mapped need not exist. */
#define HPA_1G (3 * GiB)
#define HPA_2M (HPA_1G + 2 * MiB)
#define HPA_4K (HPA_1G + 2 * MiB + 4 * KiB)
#define TEST_VMID 5

static struct stage2 s2;
static uint64_t ram;

static int setup(void **state)
{
	(void)state;
	ram = test_ram_reset();
	assert_int_equal(stage2_init(&s2, TEST_VMID), HYP_OK);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	test_ram_release();
	return 0;
}

static uint64_t translate_ok(uint64_t gpa)
{
	uint64_t hpa = 0;

	assert_int_equal(stage2_translate(&s2, gpa, &hpa, NULL), HYP_OK);
	return hpa;
}

static void assert_unmapped(uint64_t gpa)
{
	uint64_t hpa = 0;

	assert_int_equal(stage2_translate(&s2, gpa, &hpa, NULL), HYP_EFAULT);
}

static void assert_leaves(unsigned long l4k, unsigned long l2m, unsigned long l1g)
{
	assert_int_equal(s2.leaves[0], l4k);
	assert_int_equal(s2.leaves[1], l2m);
	assert_int_equal(s2.leaves[2], l1g);
}

static uint64_t *pte_table(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)((pte >> PTE_PPN_SHIFT) << PAGE_SHIFT);
}

/* The PTE that maps gpa, walking from the root; NULL when a level is invalid. */
static uint64_t *walk(uint64_t gpa)
{
	uint64_t *pte = &s2.root[(gpa >> 30) & 2047];

	for (int shift = 21; shift >= 12; shift -= 9) {
		if (!(*pte & PTE_V))
			return NULL;
		if (*pte & (PTE_R | PTE_W | PTE_X))
			return pte;
		pte = &pte_table(*pte)[(gpa >> shift) & 511];
	}
	return (*pte & PTE_V) ? pte : NULL;
}

/* ---- stage2_init ---- */

static void test_init_allocates_aligned_zeroed_root(void **state)
{
	(void)state;
	assert_non_null(s2.root);
	assert_true(IS_ALIGNED((uintptr_t)s2.root, 16 * KiB));
	assert_true((uintptr_t)s2.root >= ram && (uintptr_t)s2.root < ram + TEST_RAM_SIZE);
	for (unsigned i = 0; i < 2048; i++)
		assert_int_equal(s2.root[i], 0);
	assert_int_equal(page_alloc_free_bytes(), TEST_RAM_SIZE - 16 * KiB);
	assert_int_equal(s2.vmid, TEST_VMID);
	assert_leaves(0, 0, 0);
}

static void test_init_without_frames_fails_enomem(void **state)
{
	struct stage2 t;

	(void)state;
	page_alloc_reset();
	assert_int_equal(stage2_init(&t, 1), HYP_ENOMEM);
	assert_null(t.root);
}

/* ---- page sizes chosen ---- */

static void test_map_1g_aligned_uses_one_1g_leaf(void **state)
{
	uint64_t before = page_alloc_free_bytes();

	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_1G, GiB, S2_RWX), HYP_OK);
	assert_leaves(0, 0, 1);
	/* A root-level leaf needs no table below the root. */
	assert_int_equal(page_alloc_free_bytes(), before);
	assert_int_equal(translate_ok(GPA0), HPA_1G);
	assert_int_equal(translate_ok(GPA0 + 0x12345678), HPA_1G + 0x12345678);
	assert_int_equal(translate_ok(GPA0 + GiB - 1), HPA_1G + GiB - 1);
	assert_unmapped(GPA0 - 1);
	assert_unmapped(GPA0 + GiB);
}

static void test_map_2m_aligned_uses_2m_leaves(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_2M, 8 * MiB, S2_RWX), HYP_OK);
	assert_leaves(0, 4, 0);
	assert_int_equal(translate_ok(GPA0 + 3 * MiB + 0x123), HPA_2M + 3 * MiB + 0x123);
	assert_int_equal(translate_ok(GPA0 + 8 * MiB - 1), HPA_2M + 8 * MiB - 1);
	assert_unmapped(GPA0 + 8 * MiB);
}

static void test_map_1g_gpa_with_2m_hpa_uses_2m_leaves(void **state)
{
	(void)state;
	/* The GPA allows a 1 GiB page but the HPA does not. */
	assert_int_equal(stage2_map(&s2, GPA0, HPA_2M, GiB, S2_RWX), HYP_OK);
	assert_leaves(0, 512, 0);
	assert_int_equal(translate_ok(GPA0 + GiB - 8), HPA_2M + GiB - 8);
}

static void test_map_misaligned_hpa_uses_4k_leaves_only(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 2 * MiB, S2_RWX), HYP_OK);
	assert_leaves(512, 0, 0);
	assert_int_equal(translate_ok(GPA0), HPA_4K);
	assert_int_equal(translate_ok(GPA0 + 2 * MiB - 1), HPA_4K + 2 * MiB - 1);
}

static void test_map_2m_plus_4k_mixes_page_sizes(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_2M, 2 * MiB + 8 * KiB, S2_RWX), HYP_OK);
	assert_leaves(2, 1, 0);
	assert_int_equal(translate_ok(GPA0 + 0x1000), HPA_2M + 0x1000);
	assert_int_equal(translate_ok(GPA0 + 2 * MiB + 0x1abc), HPA_2M + 2 * MiB + 0x1abc);
	assert_unmapped(GPA0 + 2 * MiB + 8 * KiB);
}

static void test_map_1g_2m_4k_mix_translates_each(void **state)
{
	uint64_t size = GiB + 2 * MiB + 4 * KiB;

	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_1G, size, S2_RWX), HYP_OK);
	assert_leaves(1, 1, 1);
	assert_int_equal(translate_ok(GPA0 + 5), HPA_1G + 5);
	assert_int_equal(translate_ok(GPA0 + GiB + MiB), HPA_1G + GiB + MiB);
	assert_int_equal(translate_ok(GPA0 + GiB + 2 * MiB + 7), HPA_1G + GiB + 2 * MiB + 7);
	assert_unmapped(GPA0 + size);
}

static void test_map_high_gpa_uses_upper_root_entries(void **state)
{
	/* Sv39x4: root entries 512..2047 cover GPAs from 512 GiB to 2 TiB. */
	uint64_t gpa = STAGE2_GPA_LIMIT - GiB;

	(void)state;
	assert_int_equal(stage2_map(&s2, gpa, HPA_1G, GiB, S2_RWX), HYP_OK);
	assert_true(s2.root[2047] & PTE_V);
	assert_int_equal(translate_ok(gpa + 0x10), HPA_1G + 0x10);
	assert_unmapped(gpa - GiB);
}

/* ---- translate ---- */

static void test_translate_unmapped_and_out_of_range_fault(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 4 * KiB, S2_RWX), HYP_OK);
	assert_unmapped(0);
	assert_unmapped(GPA0 + 4 * KiB);
	assert_unmapped(GPA0 + 2 * MiB);
	assert_unmapped(STAGE2_GPA_LIMIT);
	assert_unmapped(STAGE2_GPA_LIMIT + GPA0);
	assert_unmapped(UINT64_MAX);
}

static void test_translate_reports_prot(void **state)
{
	unsigned long prot = 0;
	uint64_t hpa;

	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 4 * KiB, S2_READ | S2_EXEC), HYP_OK);
	assert_int_equal(stage2_map(&s2, GPA0 + 2 * MiB, HPA_2M, 2 * MiB, S2_READ), HYP_OK);
	assert_int_equal(stage2_translate(&s2, GPA0, &hpa, &prot), HYP_OK);
	assert_int_equal(prot, S2_READ | S2_EXEC);
	assert_int_equal(stage2_translate(&s2, GPA0 + 2 * MiB + 1, &hpa, &prot), HYP_OK);
	assert_int_equal(prot, S2_READ);
}

/* ---- leaf PTE contents ---- */

static void assert_leaf_pte(uint64_t gpa, uint64_t hpa_page, unsigned long prot)
{
	uint64_t *pte = walk(gpa);
	uint64_t need = PTE_V | PTE_U | PTE_A | PTE_D;

	assert_non_null(pte);
	assert_int_equal(*pte & need, need);
	assert_int_equal(*pte & (PTE_R | PTE_W | PTE_X), prot);
	assert_int_equal(*pte & PTE_G, 0);
	assert_int_equal((*pte >> PTE_PPN_SHIFT) << PAGE_SHIFT, hpa_page);
	/* Bits 63:54 (N, PBMT, reserved) stay clear. */
	assert_int_equal(*pte >> 54, 0);
}

static void test_leaves_have_u_a_d_v_and_ppn(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_1G, GiB + 2 * MiB + 4 * KiB, S2_RWX), HYP_OK);
	assert_leaf_pte(GPA0, HPA_1G, S2_RWX);
	assert_leaf_pte(GPA0 + GiB, HPA_1G + GiB, S2_RWX);
	assert_leaf_pte(GPA0 + GiB + 2 * MiB, HPA_1G + GiB + 2 * MiB, S2_RWX);
}

static void test_non_leaf_entries_are_pointers_only(void **state)
{
	uint64_t root_pte;

	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 4 * KiB, S2_READ), HYP_OK);
	root_pte = s2.root[GPA0 >> 30];
	/* A pointer to the next level: V set, R/W/X/U/A/D clear (spec 4.3.1). */
	assert_int_equal(root_pte & 0x3ff, PTE_V);
	assert_leaf_pte(GPA0, HPA_4K, S2_READ);
}

/* ---- stage2_set_page: one 4 KiB leaf switched on and off ---- */

static void test_set_page_maps_toggles_and_remaps(void **state)
{
	uint64_t *pte;

	(void)state;
	assert_int_equal(stage2_set_page(&s2, GPA0, HPA_4K, S2_READ), HYP_OK);
	assert_leaf_pte(GPA0, HPA_4K, S2_READ);
	assert_unmapped(GPA0 + 4 * KiB);
	pte = walk(GPA0);
	/* Off: the leaf is invalid; the tables above stay. */
	assert_int_equal(stage2_set_page(&s2, GPA0, 0, 0), HYP_OK);
	assert_unmapped(GPA0);
	assert_int_equal(*pte, 0);
	/* On again, writable this time: the same entry, nothing allocated. */
	assert_int_equal(stage2_set_page(&s2, GPA0, HPA_2M, S2_READ | S2_WRITE), HYP_OK);
	assert_ptr_equal(walk(GPA0), pte);
	assert_leaf_pte(GPA0, HPA_2M, S2_READ | S2_WRITE);
	assert_int_equal(translate_ok(GPA0 + 8), HPA_2M + 8);
}

static void test_set_page_refuses_bad_input_and_superpages(void **state)
{
	(void)state;
	assert_int_equal(stage2_set_page(&s2, GPA0 + 1, HPA_4K, S2_READ), HYP_EINVAL);
	assert_int_equal(stage2_set_page(&s2, GPA0, HPA_4K + 8, S2_READ), HYP_EINVAL);
	assert_int_equal(stage2_set_page(&s2, GPA0, HPA_4K, S2_WRITE), HYP_EINVAL);
	assert_int_equal(stage2_set_page(&s2, GPA0, HPA_4K, 0x1), HYP_EINVAL);
	assert_int_equal(stage2_set_page(&s2, STAGE2_GPA_LIMIT, HPA_4K, S2_READ), HYP_EINVAL);
	assert_int_equal(stage2_map(&s2, GPA0, HPA_2M, 2 * MiB, S2_RWX), HYP_OK);
	assert_int_equal(stage2_set_page(&s2, GPA0 + 4 * KiB, HPA_4K, S2_READ), HYP_EEXIST);
	assert_int_equal(translate_ok(GPA0 + 4 * KiB), HPA_2M + 4 * KiB);
}

/* ---- stage2_set_block: one 2 MiB leaf switched on and off ---- */

static void test_set_block_maps_toggles_and_refuses_page_tables(void **state)
{
	uint64_t *pte;

	(void)state;
	assert_int_equal(stage2_set_block(&s2, GPA0, 0, 0), HYP_OK);
	assert_unmapped(GPA0);
	assert_int_equal(stage2_set_block(&s2, GPA0, HPA_2M, S2_RWX), HYP_OK);
	assert_int_equal(translate_ok(GPA0 + 2 * MiB - 8), HPA_2M + 2 * MiB - 8);
	assert_unmapped(GPA0 + 2 * MiB);
	pte = &s2.root[GPA0 >> 30];
	assert_true(*pte & PTE_V);
	/* Off again: invalid, translating nothing. */
	assert_int_equal(stage2_set_block(&s2, GPA0, 0, 0), HYP_OK);
	assert_unmapped(GPA0 + 4 * KiB);
	assert_int_equal(stage2_set_block(&s2, GPA0 + 4 * KiB, HPA_2M, S2_RWX), HYP_EINVAL);
	assert_int_equal(stage2_set_block(&s2, GPA0, HPA_4K, S2_RWX), HYP_EINVAL);
	/* A table of 4 KiB leaves there is not dropped. */
	assert_int_equal(stage2_set_page(&s2, GPA0 + 2 * MiB, HPA_4K, S2_READ), HYP_OK);
	assert_int_equal(stage2_set_block(&s2, GPA0 + 2 * MiB, HPA_2M, S2_RWX), HYP_EEXIST);
	assert_int_equal(translate_ok(GPA0 + 2 * MiB), HPA_4K);
}

/* ---- overlaps ---- */

static void test_map_same_range_twice_is_eexist(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_2M, 2 * MiB, S2_RWX), HYP_OK);
	assert_int_equal(stage2_map(&s2, GPA0, HPA_2M, 2 * MiB, S2_RWX), HYP_EEXIST);
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 4 * KiB, S2_RWX), HYP_EEXIST);
	assert_leaves(0, 1, 0);
}

static void test_map_4k_inside_2m_superpage_is_eexist(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_2M, 2 * MiB, S2_RWX), HYP_OK);
	assert_int_equal(stage2_map(&s2, GPA0 + 64 * KiB, HPA_4K, 4 * KiB, S2_RWX), HYP_EEXIST);
	/* The superpage is untouched. */
	assert_int_equal(translate_ok(GPA0 + 64 * KiB), HPA_2M + 64 * KiB);
}

static void test_map_4k_inside_1g_superpage_is_eexist(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_1G, GiB, S2_RWX), HYP_OK);
	assert_int_equal(stage2_map(&s2, GPA0 + 6 * MiB, HPA_4K, 4 * KiB, S2_RWX), HYP_EEXIST);
	assert_int_equal(stage2_map(&s2, GPA0 + 6 * MiB, HPA_2M, 2 * MiB, S2_RWX), HYP_EEXIST);
}

static void test_map_2m_over_existing_4k_pages_is_eexist(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0 + 8 * KiB, HPA_4K, 4 * KiB, S2_RWX), HYP_OK);
	assert_int_equal(stage2_map(&s2, GPA0, HPA_2M, 2 * MiB, S2_RWX), HYP_EEXIST);
	assert_int_equal(translate_ok(GPA0 + 8 * KiB), HPA_4K);
	assert_unmapped(GPA0);
}

static void test_map_1g_over_existing_2m_page_is_eexist(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0 + 4 * MiB, HPA_2M, 2 * MiB, S2_RWX), HYP_OK);
	assert_int_equal(stage2_map(&s2, GPA0, HPA_1G, GiB, S2_RWX), HYP_EEXIST);
	assert_int_equal(s2.leaves[2], 0);
}

static void test_map_adjacent_ranges_succeeds(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_2M, 2 * MiB, S2_RWX), HYP_OK);
	assert_int_equal(stage2_map(&s2, GPA0 + 2 * MiB, HPA_4K, 4 * KiB, S2_RWX), HYP_OK);
	assert_int_equal(stage2_map(&s2, GPA0 - 4 * KiB, HPA_4K, 4 * KiB, S2_RWX), HYP_OK);
	assert_leaves(2, 1, 0);
}

/* ---- argument checks ---- */

static void test_map_beyond_41_bits_is_erange(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, STAGE2_GPA_LIMIT - 4 * KiB, HPA_4K, 8 * KiB, S2_RWX),
			 HYP_ERANGE);
	assert_int_equal(stage2_map(&s2, STAGE2_GPA_LIMIT, HPA_4K, 4 * KiB, S2_RWX), HYP_ERANGE);
	assert_int_equal(stage2_map(&s2, -4096UL, HPA_4K, 8 * KiB, S2_RWX), HYP_ERANGE);
	assert_leaves(0, 0, 0);
	/* The last page below the limit is fine. */
	assert_int_equal(stage2_map(&s2, STAGE2_GPA_LIMIT - 4 * KiB, HPA_4K, 4 * KiB, S2_RWX),
			 HYP_OK);
}

static void test_map_unaligned_is_einval(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0 + 1, HPA_4K, 4 * KiB, S2_RWX), HYP_EINVAL);
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K + 0x800, 4 * KiB, S2_RWX), HYP_EINVAL);
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 4 * KiB + 1, S2_RWX), HYP_EINVAL);
	assert_leaves(0, 0, 0);
}

static void test_map_zero_size_is_einval(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 0, S2_RWX), HYP_EINVAL);
}

static void test_map_bad_prot_is_einval(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 4 * KiB, 0), HYP_EINVAL);
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 4 * KiB, PTE_V | S2_READ), HYP_EINVAL);
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 4 * KiB, PTE_U | S2_READ), HYP_EINVAL);
	assert_leaves(0, 0, 0);
}

/*
 * R=0 W=1 is a reserved PTE encoding (privileged spec 4.3.1): any access
 * through it raises a guest-page fault. stage2_map once accepted it.
 */
static void test_map_write_without_read_is_einval(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 4 * KiB, S2_WRITE), HYP_EINVAL);
	assert_int_equal(stage2_map(&s2, GPA0, HPA_4K, 4 * KiB, S2_WRITE | S2_EXEC), HYP_EINVAL);
	assert_leaves(0, 0, 0);
}

/* ---- hgatp ---- */

static void test_hgatp_fields(void **state)
{
	uint64_t h = stage2_hgatp(&s2);

	(void)state;
	assert_int_equal(h >> 60, 8);
	assert_int_equal((h >> 58) & 3, 0);
	assert_int_equal((h >> 44) & 0x3fff, TEST_VMID);
	assert_int_equal(h & ((1UL << 44) - 1), (uintptr_t)s2.root >> 12);
}

static void test_hgatp_vmid_cannot_spill_into_mode(void **state)
{
	uint64_t h;

	(void)state;
	s2.vmid = 0xffff;
	h = stage2_hgatp(&s2);
	assert_int_equal(h >> 60, 8);
	assert_int_equal((h >> 44) & 0x3fff, 0x3fff);
}

/* ---- running out of frames ---- */

static void test_map_out_of_frames_is_enomem(void **state)
{
	struct stage2 t;

	(void)state;
	/* Room for the root and exactly one more table. */
	page_alloc_reset();
	assert_int_equal(page_alloc_add(ram, 16 * KiB + 4 * KiB), HYP_OK);
	assert_int_equal(stage2_init(&t, 1), HYP_OK);
	/* A 4 KiB leaf needs two tables below the root. */
	assert_int_equal(stage2_map(&t, GPA0, HPA_4K, 4 * KiB, S2_RWX), HYP_ENOMEM);
	assert_int_equal(page_alloc_free_bytes(), 0);
	assert_int_equal(stage2_translate(&t, GPA0, &(uint64_t){0}, NULL), HYP_EFAULT);
	assert_int_equal(stage2_map(&t, GPA0 + GiB, HPA_2M, 2 * MiB, S2_RWX), HYP_ENOMEM);
	/* With frames again, the same mapping completes. */
	assert_int_equal(page_alloc_add(ram + 2 * MiB, 2 * MiB), HYP_OK);
	assert_int_equal(stage2_map(&t, GPA0, HPA_4K, 4 * KiB, S2_RWX), HYP_OK);
	assert_int_equal(t.leaves[0], 1);
}

/* ---- page_alloc ---- */

#define PA_BASE 0x80000000UL

static void pa_reset_one(uint64_t base, uint64_t size)
{
	page_alloc_reset();
	assert_int_equal(page_alloc_add(base, size), HYP_OK);
}

static void test_page_alloc_honours_alignment(void **state)
{
	uint64_t a;

	(void)state;
	pa_reset_one(PA_BASE + 4 * KiB, 8 * MiB);
	a = page_alloc(4 * KiB, 2 * MiB);
	assert_int_equal(a, PA_BASE + 2 * MiB);
	a = page_alloc(16 * KiB, 16 * KiB);
	assert_int_equal(a, PA_BASE + 16 * KiB);
	/* The lowest fit: the frame below the 16 KiB block is still free. */
	assert_int_equal(page_alloc(4 * KiB, 4 * KiB), PA_BASE + 4 * KiB);
	assert_int_equal(page_alloc_free_bytes(), 8 * MiB - 24 * KiB);
}

static void test_page_alloc_rounds_size_to_frames(void **state)
{
	(void)state;
	pa_reset_one(PA_BASE, 1 * MiB);
	assert_int_equal(page_alloc(1, 4 * KiB), PA_BASE);
	assert_int_equal(page_alloc(4 * KiB + 1, 4 * KiB), PA_BASE + 4 * KiB);
	assert_int_equal(page_alloc_free_bytes(), 1 * MiB - 12 * KiB);
}

static void test_page_alloc_rejects_bad_requests(void **state)
{
	(void)state;
	pa_reset_one(PA_BASE, 1 * MiB);
	assert_int_equal(page_alloc(0, 4 * KiB), 0);
	assert_int_equal(page_alloc(4 * KiB, 0), 0);
	assert_int_equal(page_alloc(4 * KiB, 3 * KiB), 0);
	assert_int_equal(page_alloc(2 * MiB, 4 * KiB), 0);
	assert_int_equal(page_alloc(UINT64_MAX - 8191, 4 * KiB), 0);
	assert_int_equal(page_alloc_free_bytes(), 1 * MiB);
}

static void test_page_alloc_no_aligned_block_returns_0(void **state)
{
	(void)state;
	/* 4 MiB free but not containing a 2 MiB-aligned 4 MiB block. */
	pa_reset_one(PA_BASE + 4 * KiB, 4 * MiB);
	assert_int_equal(page_alloc(4 * MiB, 2 * MiB), 0);
	assert_int_equal(page_alloc(2 * MiB, 2 * MiB), PA_BASE + 2 * MiB);
}

static void test_page_alloc_prefers_lowest_range(void **state)
{
	(void)state;
	page_alloc_reset();
	assert_int_equal(page_alloc_add(PA_BASE + 64 * MiB, 1 * MiB), HYP_OK);
	assert_int_equal(page_alloc_add(PA_BASE, 1 * MiB), HYP_OK);
	assert_int_equal(page_alloc(8 * KiB, 4 * KiB), PA_BASE);
	/* Too big for the low range: comes from the high one. */
	assert_int_equal(page_alloc(1 * MiB, 4 * KiB), PA_BASE + 64 * MiB);
}

/* Where the hypervisor moves itself: the top of RAM, below a limit. */
static void test_page_alloc_top_takes_the_highest_fit_below_the_limit(void **state)
{
	(void)state;
	page_alloc_reset();
	assert_int_equal(page_alloc_add(PA_BASE, 16 * MiB), HYP_OK);
	assert_int_equal(page_alloc_add(PA_BASE + 64 * MiB + 4 * KiB, 3 * MiB - 4 * KiB), HYP_OK);
	/* The high range's top, aligned down. */
	assert_int_equal(page_alloc_top(512 * KiB, 2 * MiB, UINT64_MAX), PA_BASE + 66 * MiB);
	/* What is left of it has no aligned 2 MiB block: the low range's top. */
	assert_int_equal(page_alloc_top(2 * MiB, 2 * MiB, UINT64_MAX), PA_BASE + 14 * MiB);
	/* A limit inside a range: the block ends at or below it. */
	assert_int_equal(page_alloc_top(1 * MiB, 2 * MiB, PA_BASE + 13 * MiB), PA_BASE + 12 * MiB);
	assert_int_equal(page_alloc_top(4 * KiB, 4 * KiB, PA_BASE + 4 * KiB), PA_BASE);
	/* Nothing fits below the limit, or at all; bad requests. */
	assert_int_equal(page_alloc_top(8 * KiB, 4 * KiB, PA_BASE + 4 * KiB), 0);
	assert_int_equal(page_alloc_top(4 * KiB, 4 * KiB, 4 * KiB), 0);
	assert_int_equal(page_alloc_top(64 * MiB, 2 * MiB, UINT64_MAX), 0);
	assert_int_equal(page_alloc_top(0, 4 * KiB, UINT64_MAX), 0);
	assert_int_equal(page_alloc_top(4 * KiB, 3 * KiB, UINT64_MAX), 0);
	assert_int_equal(page_alloc_free_bytes(),
			 19 * MiB - 4 * KiB - 512 * KiB - 2 * MiB - 1 * MiB - 4 * KiB);
}

static void test_page_alloc_reserve_splits_range(void **state)
{
	(void)state;
	pa_reset_one(PA_BASE, 1 * MiB);
	page_alloc_reserve(PA_BASE + 256 * KiB, 4 * KiB);
	assert_int_equal(page_alloc_free_bytes(), 1 * MiB - 4 * KiB);
	assert_int_equal(page_alloc_take(PA_BASE + 256 * KiB, 4 * KiB), HYP_ENOMEM);
	/* Both halves survive and are separately usable. */
	assert_int_equal(page_alloc_take(PA_BASE, 256 * KiB), HYP_OK);
	assert_int_equal(page_alloc_take(PA_BASE + 260 * KiB, 1 * MiB - 260 * KiB), HYP_OK);
	assert_int_equal(page_alloc_free_bytes(), 0);
}

static void test_page_alloc_reserve_rounds_outward(void **state)
{
	(void)state;
	pa_reset_one(PA_BASE, 1 * MiB);
	/* Two bytes straddling a frame boundary take both frames. */
	page_alloc_reserve(PA_BASE + 8 * KiB - 1, 2);
	assert_int_equal(page_alloc_free_bytes(), 1 * MiB - 8 * KiB);
	assert_int_equal(page_alloc_take(PA_BASE + 4 * KiB, 4 * KiB), HYP_ENOMEM);
	assert_int_equal(page_alloc_take(PA_BASE + 8 * KiB, 4 * KiB), HYP_ENOMEM);
	assert_int_equal(page_alloc_take(PA_BASE, 4 * KiB), HYP_OK);
}

static void test_page_alloc_reserve_across_ranges_and_edges(void **state)
{
	(void)state;
	page_alloc_reset();
	assert_int_equal(page_alloc_add(PA_BASE, 1 * MiB), HYP_OK);
	assert_int_equal(page_alloc_add(PA_BASE + 2 * MiB, 1 * MiB), HYP_OK);
	/* Covers the top of the first range, the gap and the bottom of the second. */
	page_alloc_reserve(PA_BASE + 1 * MiB - 4 * KiB, 1 * MiB + 8 * KiB);
	assert_int_equal(page_alloc_free_bytes(), 2 * MiB - 8 * KiB);
	/* Reserving what is not free, or nothing, changes nothing. */
	page_alloc_reserve(PA_BASE + 1 * MiB, 4 * KiB);
	page_alloc_reserve(PA_BASE, 0);
	assert_int_equal(page_alloc_free_bytes(), 2 * MiB - 8 * KiB);
	/* A reserve up to the very top of the address space clears everything above base. */
	page_alloc_reserve(PA_BASE + 2 * MiB + 8 * KiB, 0 - (PA_BASE + 2 * MiB + 8 * KiB));
	assert_int_equal(page_alloc_free_bytes(), 1 * MiB - 4 * KiB + 4 * KiB);
}

static void test_page_alloc_take_free_vs_partly_reserved(void **state)
{
	(void)state;
	pa_reset_one(PA_BASE, 1 * MiB);
	page_alloc_reserve(PA_BASE + 8 * KiB, 4 * KiB);
	assert_int_equal(page_alloc_take(PA_BASE, 16 * KiB), HYP_ENOMEM);
	assert_int_equal(page_alloc_free_bytes(), 1 * MiB - 4 * KiB);
	assert_int_equal(page_alloc_take(PA_BASE + 12 * KiB, 16 * KiB), HYP_OK);
	assert_int_equal(page_alloc_free_bytes(), 1 * MiB - 20 * KiB);
	/* Taken once, it is gone. */
	assert_int_equal(page_alloc_take(PA_BASE + 12 * KiB, 4 * KiB), HYP_ENOMEM);
	/* Outside every range, or straddling the end. */
	assert_int_equal(page_alloc_take(PA_BASE - 4 * KiB, 8 * KiB), HYP_ENOMEM);
	assert_int_equal(page_alloc_take(PA_BASE + 1 * MiB - 4 * KiB, 8 * KiB), HYP_ENOMEM);
}

static void test_page_alloc_free_bytes_accounting(void **state)
{
	(void)state;
	page_alloc_reset();
	assert_int_equal(page_alloc_free_bytes(), 0);
	assert_int_equal(page_alloc_add(PA_BASE, 1 * MiB), HYP_OK);
	assert_int_equal(page_alloc_add(PA_BASE + 4 * MiB, 3 * MiB), HYP_OK);
	assert_int_equal(page_alloc_free_bytes(), 4 * MiB);
	assert_int_not_equal(page_alloc(2 * MiB, 2 * MiB), 0);
	assert_int_equal(page_alloc_free_bytes(), 2 * MiB);
	page_alloc_reset();
	assert_int_equal(page_alloc_free_bytes(), 0);
	assert_int_equal(page_alloc(4 * KiB, 4 * KiB), 0);
}

static void test_page_alloc_add_aligns_inward(void **state)
{
	(void)state;
	page_alloc_reset();
	assert_int_equal(page_alloc_add(PA_BASE + 1, 12 * KiB), HYP_OK);
	/* [base+4K, base+12K): the partial frames at both ends are dropped. */
	assert_int_equal(page_alloc_free_bytes(), 8 * KiB);
	assert_int_equal(page_alloc(4 * KiB, 4 * KiB), PA_BASE + 4 * KiB);
	/* Less than a frame adds nothing but is not an error. */
	assert_int_equal(page_alloc_add(PA_BASE + 64 * KiB + 1, 4 * KiB), HYP_OK);
	assert_int_equal(page_alloc_free_bytes(), 4 * KiB);
}

static void test_page_alloc_add_overlap_is_eexist(void **state)
{
	(void)state;
	pa_reset_one(PA_BASE + 1 * MiB, 1 * MiB);
	assert_int_equal(page_alloc_add(PA_BASE + 1 * MiB, 1 * MiB), HYP_EEXIST);
	assert_int_equal(page_alloc_add(PA_BASE + 1 * MiB + 4 * KiB, 4 * KiB), HYP_EEXIST);
	assert_int_equal(page_alloc_add(PA_BASE, 1 * MiB + 4 * KiB), HYP_EEXIST);
	assert_int_equal(page_alloc_add(PA_BASE + 2 * MiB - 4 * KiB, 1 * MiB), HYP_EEXIST);
	assert_int_equal(page_alloc_add(PA_BASE, 4 * MiB), HYP_EEXIST);
	assert_int_equal(page_alloc_free_bytes(), 1 * MiB);
	/* Touching but not overlapping, on either side, is fine. */
	assert_int_equal(page_alloc_add(PA_BASE, 1 * MiB), HYP_OK);
	assert_int_equal(page_alloc_add(PA_BASE + 2 * MiB, 1 * MiB), HYP_OK);
	assert_int_equal(page_alloc_free_bytes(), 3 * MiB);
}

static void test_page_alloc_add_wrapping_is_erange(void **state)
{
	(void)state;
	page_alloc_reset();
	assert_int_equal(page_alloc_add(UINT64_MAX - 4095, 8 * KiB), HYP_ERANGE);
	assert_int_equal(page_alloc_free_bytes(), 0);
}

static void test_page_alloc_range_table_full_is_enomem(void **state)
{
	(void)state;
	page_alloc_reset();
	for (unsigned i = 0; i < PAGE_ALLOC_MAX_RANGES; i++)
		assert_int_equal(page_alloc_add(PA_BASE + i * 2 * MiB, 1 * MiB), HYP_OK);
	assert_int_equal(page_alloc_add(PA_BASE + 1 * GiB, 1 * MiB), HYP_ENOMEM);
	assert_int_equal(page_alloc_free_bytes(), PAGE_ALLOC_MAX_RANGES * MiB);
}

/* Adds 1 MiB ranges 2 MiB apart until the range table is full; returns how many. */
static unsigned fill_range_table(void)
{
	unsigned n = 0;

	page_alloc_reset();
	while (page_alloc_add(PA_BASE + n * 2 * MiB, 1 * MiB) == HYP_OK)
		n++;
	return n;
}

/*
 * Splitting a range in two needs a free slot in the range table. With the
 * table full, a reserve that would split is refused whole (HYP_ENOMEM)
 * and nothing is lost: the range stays free and usable in one piece.
 * (It used to drop the upper half silently.)
 */
static void test_page_alloc_split_with_full_table_is_refused_whole(void **state)
{
	unsigned n;
	uint64_t before;

	(void)state;
	n = fill_range_table();
	assert_true(n >= 2);
	before = page_alloc_free_bytes();
	assert_int_equal(page_alloc_reserve(PA_BASE + 4 * KiB, 4 * KiB), HYP_ENOMEM);
	assert_int_equal(page_alloc_free_bytes(), before);
	/* Reserving a range's head or tail needs no new slot and still works. */
	assert_int_equal(page_alloc_reserve(PA_BASE, 4 * KiB), HYP_OK);
	assert_int_equal(page_alloc_free_bytes(), before - 4 * KiB);
	assert_int_equal(page_alloc_take(PA_BASE + 4 * KiB, 1 * MiB - 4 * KiB), HYP_OK);
}

#define S2_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown_free_all)

int main(void)
{
	const struct CMUnitTest tests[] = {
		S2_TEST(test_init_allocates_aligned_zeroed_root),
		S2_TEST(test_init_without_frames_fails_enomem),
		S2_TEST(test_map_1g_aligned_uses_one_1g_leaf),
		S2_TEST(test_map_2m_aligned_uses_2m_leaves),
		S2_TEST(test_map_1g_gpa_with_2m_hpa_uses_2m_leaves),
		S2_TEST(test_map_misaligned_hpa_uses_4k_leaves_only),
		S2_TEST(test_map_2m_plus_4k_mixes_page_sizes),
		S2_TEST(test_map_1g_2m_4k_mix_translates_each),
		S2_TEST(test_map_high_gpa_uses_upper_root_entries),
		S2_TEST(test_translate_unmapped_and_out_of_range_fault),
		S2_TEST(test_translate_reports_prot),
		S2_TEST(test_leaves_have_u_a_d_v_and_ppn),
		S2_TEST(test_non_leaf_entries_are_pointers_only),
		S2_TEST(test_set_page_maps_toggles_and_remaps),
		S2_TEST(test_set_page_refuses_bad_input_and_superpages),
		S2_TEST(test_set_block_maps_toggles_and_refuses_page_tables),
		S2_TEST(test_map_same_range_twice_is_eexist),
		S2_TEST(test_map_4k_inside_2m_superpage_is_eexist),
		S2_TEST(test_map_4k_inside_1g_superpage_is_eexist),
		S2_TEST(test_map_2m_over_existing_4k_pages_is_eexist),
		S2_TEST(test_map_1g_over_existing_2m_page_is_eexist),
		S2_TEST(test_map_adjacent_ranges_succeeds),
		S2_TEST(test_map_beyond_41_bits_is_erange),
		S2_TEST(test_map_unaligned_is_einval),
		S2_TEST(test_map_zero_size_is_einval),
		S2_TEST(test_map_bad_prot_is_einval),
		S2_TEST(test_map_write_without_read_is_einval),
		S2_TEST(test_hgatp_fields),
		S2_TEST(test_hgatp_vmid_cannot_spill_into_mode),
		S2_TEST(test_map_out_of_frames_is_enomem),
		S2_TEST(test_page_alloc_honours_alignment),
		S2_TEST(test_page_alloc_rounds_size_to_frames),
		S2_TEST(test_page_alloc_rejects_bad_requests),
		S2_TEST(test_page_alloc_no_aligned_block_returns_0),
		S2_TEST(test_page_alloc_prefers_lowest_range),
		S2_TEST(test_page_alloc_top_takes_the_highest_fit_below_the_limit),
		S2_TEST(test_page_alloc_reserve_splits_range),
		S2_TEST(test_page_alloc_reserve_rounds_outward),
		S2_TEST(test_page_alloc_reserve_across_ranges_and_edges),
		S2_TEST(test_page_alloc_take_free_vs_partly_reserved),
		S2_TEST(test_page_alloc_free_bytes_accounting),
		S2_TEST(test_page_alloc_add_aligns_inward),
		S2_TEST(test_page_alloc_add_overlap_is_eexist),
		S2_TEST(test_page_alloc_add_wrapping_is_erange),
		S2_TEST(test_page_alloc_range_table_full_is_enomem),
		S2_TEST(test_page_alloc_split_with_full_table_is_refused_whole),
	};

	return cmocka_run_group_tests_name("stage2", tests, NULL, group_teardown);
}
