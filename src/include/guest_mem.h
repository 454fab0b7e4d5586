/* SPDX-License-Identifier: MIT */
/*
 * A VM's RAM: a few contiguous guest-physical regions, each backed by a
 * contiguous host block. The hypervisor runs with satp = Bare, so a host
 * physical address is directly a pointer.
 *
 * A region may be zeroed on demand (guest_mem_set_lazy): its 2 MiB chunks
 * stay unmapped in stage 2 until the guest or the hypervisor first touches
 * them, and are zeroed then. The hypervisor's own accesses go through
 * guest_mem_ptr, which does that for the chunks they cover; the guest's
 * raise guest-page faults, which call guest_mem_populate.
 */
#ifndef HYP_GUEST_MEM_H
#define HYP_GUEST_MEM_H

#include <stdbool.h>
#include <stdint.h>

#include "spinlock.h"

#define VM_MAX_MEM_REGIONS 4
#define GUEST_MEM_CHUNK (2UL << 20)

struct stage2;

/* One host page: the lock and a bit per chunk, set once it is zeroed and mapped. */
struct mem_lazy {
	spinlock_t lock;
	uint64_t populated[4096 / 8 - 1];
};

#define GUEST_MEM_LAZY_CHUNKS (64 * (4096 / 8 - 1))

struct mem_region {
	uint64_t gpa;
	uint64_t hpa;
	uint64_t size;
	struct mem_lazy *lazy; /* NULL: mapped and zeroed as a whole */
};

struct guest_mem {
	struct mem_region region[VM_MAX_MEM_REGIONS];
	unsigned count;
	struct stage2 *s2; /* where lazy regions' chunks are mapped */
};

/*
 * The host pointer for [gpa, gpa+len) when it lies in one region, else
 * NULL. Chunks of a lazy region it covers are zeroed and mapped first.
 */
void *guest_mem_ptr(const struct guest_mem *gm, uint64_t gpa, uint64_t len);
/* True when [gpa, gpa+len) lies in one region; touches nothing. */
bool guest_mem_covers(const struct guest_mem *gm, uint64_t gpa, uint64_t len);
const struct mem_region *guest_mem_region(const struct guest_mem *gm, uint64_t gpa);
int guest_mem_write(const struct guest_mem *gm, uint64_t gpa, const void *src, uint64_t len);
/* True when region r can be lazy: gpa, hpa and size GUEST_MEM_CHUNK aligned. */
bool guest_mem_can_be_lazy(const struct mem_region *r);
/*
 * Makes region i lazy, with the host page lazy for its bookkeeping: its
 * chunks' stage-2 entries are created, invalid. It must be able to
 * (guest_mem_can_be_lazy) and be unmapped (HYP_EINVAL if not).
 */
int guest_mem_set_lazy(struct guest_mem *gm, unsigned i, struct mem_lazy *lazy);
/*
 * For a guest-page fault at gpa: true when gpa is in a lazy region, whose
 * chunk is then zeroed and mapped (or already was); the caller fences its
 * G-stage TLB and lets the guest retry. False for anything else.
 */
bool guest_mem_populate(const struct guest_mem *gm, uint64_t gpa);
/*
 * Before a (re)load, with no vCPU of the VM running: whole regions are
 * zeroed (only the pages that are not zero already are written); lazy
 * regions drop their chunks, to be zeroed again when touched. The vCPUs
 * must fence their G-stage TLB before they run again.
 */
void guest_mem_reset(const struct guest_mem *gm);

#endif
