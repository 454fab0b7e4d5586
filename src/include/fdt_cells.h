/* SPDX-License-Identifier: MIT */
#ifndef HYP_FDT_CELLS_H
#define HYP_FDT_CELLS_H

#include <libfdt.h>

/* A number stored big-endian in `cells` 32-bit DT cells (1 or 2). */
static inline uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

/*
 * Walks every tag of the structure block once: 0, or a negative libfdt
 * error. Linux 6.1's libfdt adds a property's length field to an int
 * offset, so a length over INT_MAX is a step backwards and would send
 * every later walk round in a loop: each tag must end after it starts.
 */
static inline int dt_check_tags(const void *fdt)
{
	int off = 0, next;

	for (;;) {
		uint32_t tag = fdt_next_tag(fdt, off, &next);

		if (tag == FDT_END)
			return next < 0 ? next : 0;
		if (next <= off)
			return -FDT_ERR_BADSTRUCTURE;
		off = next;
	}
}

#endif
