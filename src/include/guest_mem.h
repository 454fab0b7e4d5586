/* SPDX-License-Identifier: MIT */
/*
 * A VM's RAM: a few contiguous guest-physical regions, each backed by a
 * contiguous host block. The hypervisor runs with satp = Bare, so a host
 * physical address is directly a pointer.
 */
#ifndef HYP_GUEST_MEM_H
#define HYP_GUEST_MEM_H

#include <stdbool.h>
#include <stdint.h>

#define VM_MAX_MEM_REGIONS 4

struct mem_region {
	uint64_t gpa;
	uint64_t hpa;
	uint64_t size;
};

struct guest_mem {
	struct mem_region region[VM_MAX_MEM_REGIONS];
	unsigned count;
};

/* The host pointer for [gpa, gpa+len) when it lies in one region, else NULL. */
void *guest_mem_ptr(const struct guest_mem *gm, uint64_t gpa, uint64_t len);
const struct mem_region *guest_mem_region(const struct guest_mem *gm, uint64_t gpa);
int guest_mem_write(const struct guest_mem *gm, uint64_t gpa, const void *src, uint64_t len);
void guest_mem_zero_all(const struct guest_mem *gm);

#endif
