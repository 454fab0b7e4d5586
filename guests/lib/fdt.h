/* SPDX-License-Identifier: MIT */
/*
 * Just enough of a flattened device tree reader (Devicetree Specification
 * v0.4, chapter 5) to fetch a property by absolute node path.
 */
#ifndef GUEST_FDT_H
#define GUEST_FDT_H

/*
 * Read property @prop of node @path (e.g. "/cpus"; a path component without
 * a unit address matches "name@unit" too) as one 32-bit or 64-bit cell.
 * Returns 0 on success, -1 if the blob is invalid or the property is
 * missing or has another size.
 */
int fdt_read_u64(const void *fdt, const char *path, const char *prop, unsigned long *out);

/*
 * Find property @prop of node @path as above: *val points at its value
 * (big-endian, as stored), *len is its size in bytes. Returns 0 or -1.
 */
int fdt_get_prop(const void *fdt, const char *path, const char *prop, const void **val,
		 unsigned int *len);

/* The number made of @n big-endian 32-bit cells from cell @index of @val. */
unsigned long fdt_cells(const void *val, unsigned int index, unsigned int n);

#endif /* GUEST_FDT_H */
