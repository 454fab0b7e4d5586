/* SPDX-License-Identifier: MIT */
#ifndef HYP_FDT_CELLS_H
#define HYP_FDT_CELLS_H

#include <libfdt.h>
#include <stdbool.h>

/* A number stored big-endian in `cells` 32-bit DT cells (1 or 2). */
static inline uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

/* Cell counts read_cells() takes: 1 or 2 (a 32- or 64-bit number). */
static inline bool cells_usable(int cells)
{
	return cells == 1 || cells == 2;
}

/*
 * The length in cells of one `interrupt-map` entry of node whose parents
 * are the host PLIC: the child's unit address (#address-cells, 0 to 3) and
 * interrupt (#interrupt-cells, 1 to 3), the parent's phandle, the PLIC's
 * one interrupt cell (no unit address). A negative libfdt error for cell
 * counts outside those bounds.
 */
static inline int interrupt_map_stride(const void *fdt, int node)
{
	int ilen, cac = fdt_address_cells(fdt, node);
	const fdt32_t *ic = fdt_getprop(fdt, node, "#interrupt-cells", &ilen);

	if (cac < 0 || cac > 3 || !ic || ilen != 4 || fdt32_to_cpu(*ic) < 1 ||
	    fdt32_to_cpu(*ic) > 3)
		return -FDT_ERR_BADNCELLS;
	return cac + (int)fdt32_to_cpu(*ic) + 2;
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
