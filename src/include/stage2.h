/* SPDX-License-Identifier: MIT */
/* Stage-2 (G-stage) translation: Sv39x4 tables (privileged spec 8.5). */
#ifndef HYP_STAGE2_H
#define HYP_STAGE2_H

#include <stdint.h>

#define STAGE2_GPA_BITS 41
#define STAGE2_GPA_LIMIT (1UL << STAGE2_GPA_BITS)

#define S2_READ 0x2UL
#define S2_WRITE 0x4UL
#define S2_EXEC 0x8UL
#define S2_RWX (S2_READ | S2_WRITE | S2_EXEC)

struct stage2 {
	uint64_t *root; /* 16 KiB, 16 KiB aligned: 2048 entries */
	unsigned vmid;
	/* Leaves written, by size: [0] 4 KiB, [1] 2 MiB, [2] 1 GiB. */
	unsigned long leaves[3];
};

int stage2_init(struct stage2 *s2, unsigned vmid);
/* Maps [gpa, gpa+size) to [hpa, ...), largest pages first; refuses overlaps. */
int stage2_map(struct stage2 *s2, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned long prot);
/*
 * Sets the 4 KiB leaf for gpa: mapped to hpa with prot, or invalid when
 * prot is 0. Creates the tables above it on first use (so later calls on
 * the same page allocate nothing) and overwrites what the leaf held; a
 * superpage over gpa is refused (HYP_EEXIST). The caller fences.
 */
int stage2_set_page(struct stage2 *s2, uint64_t gpa, uint64_t hpa, unsigned long prot);
/* The same for the 2 MiB leaf at gpa (2 MiB aligned, as hpa is); a table
 * of 4 KiB leaves there is refused (HYP_EEXIST). */
int stage2_set_block(struct stage2 *s2, uint64_t gpa, uint64_t hpa, unsigned long prot);
/* Walks the tables: returns 0 and the host address, or HYP_EFAULT. */
int stage2_translate(const struct stage2 *s2, uint64_t gpa, uint64_t *hpa, unsigned long *prot);
uint64_t stage2_hgatp(const struct stage2 *s2);

#endif
