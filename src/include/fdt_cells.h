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
 * libfdt loads structure tokens as aligned words and reserve-map entries as
 * aligned doublewords (DT spec 5.3, 5.4: 4 and 8 bytes) and does not check
 * that the header's offsets keep them so: 0, or -FDT_ERR_ALIGNMENT.
 */
static inline int dt_check_alignment(const void *fdt)
{
	if ((fdt_off_dt_struct(fdt) & (FDT_TAGSIZE - 1)) || (fdt_off_mem_rsvmap(fdt) & 7))
		return -FDT_ERR_ALIGNMENT;
	return 0;
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
