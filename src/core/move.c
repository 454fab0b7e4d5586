// SPDX-License-Identifier: MIT
/*
 * The hypervisor moves itself (move.h). Its code is -mcmodel=medany,
 * PC-relative throughout, and runs at any address once copied; what must
 * be fixed are the absolute addresses the linker wrote into its data
 * (function-pointer tables, pointers to strings), listed by tools/relocs in
 * the .relocs table: a count, then offsets from __image_start.
 *
 * Nothing before the move writes .data (platform_parse and
 * platform_init_memory write .bss only), so the copy starts as the image
 * was loaded; the copy's entry zeroes its own .bss and boots from scratch.
 */
#include "move.h"
#include "lib.h"
#include "page_alloc.h"
#include "platform.h"

#define MOVE_ALIGN (2 * MiB)

extern char __image_start[], __bss_start[], __image_end[];
extern const uint32_t __relocs_start[], __relocs_end[];
extern void _start(void);

/* In .data: the copy's entry zeroes .bss, and this is set in the copy. */
unsigned long hyp_moved_from __attribute__((section(".data")));

/* Linker symbols are addresses, not objects: they are compared as numbers. */
static uintptr_t addr(const void *symbol)
{
	return (uintptr_t)symbol;
}

static void fix_addresses(uintptr_t copy, uint64_t delta)
{
	const uint32_t *t = __relocs_start;
	uint32_t n = MIN(t[0], (uint32_t)((addr(__relocs_end) - addr(__relocs_start)) / 4 - 1));

	for (uint32_t i = 1; i <= n; i++)
		*(uint64_t *)(copy + t[i]) += delta;
}

/* The copy's address of something in the running image. */
static uintptr_t in_copy(uintptr_t copy, const void *p)
{
	return copy + (addr(p) - addr(__image_start));
}

static void __attribute__((noreturn))
enter_copy(uintptr_t copy, unsigned long hartid, const void *dtb)
{
	void (*entry)(unsigned long, const void *);

	memcpy((void *)copy, __image_start, addr(__bss_start) - addr(__image_start));
	fix_addresses(copy, copy - addr(__image_start));
	*(unsigned long *)in_copy(copy, &hyp_moved_from) = addr(__image_start);
	/* The copy's instructions were written as data (Zifencei). */
	__asm__ volatile("fence.i" ::: "memory");
	entry = (void (*)(unsigned long, const void *))in_copy(copy, (const void *)_start);
	entry(hartid, dtb);
	__builtin_unreachable();
}

void hyp_move_high(unsigned long hartid, const void *dtb)
{
	uint64_t size = addr(__image_end) - addr(__image_start), dest;
	char err[8];

	if (platform_init_memory(addr(__image_start), addr(__image_end), err, sizeof(err)))
		return; /* reported once the boot goes on */
	dest = page_alloc_top(size, MOVE_ALIGN, addr(dtb));
	if (!dest)
		dest = page_alloc_top(size, MOVE_ALIGN, UINT64_MAX);
	if (dest > addr(__image_start))
		enter_copy((uintptr_t)dest, hartid, dtb);
}

void hyp_scrub_old_image(void)
{
	if (hyp_moved_from)
		memset((void *)hyp_moved_from, 0, addr(__image_end) - addr(__image_start));
}
