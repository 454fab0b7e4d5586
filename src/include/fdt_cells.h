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

#endif
