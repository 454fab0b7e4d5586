/* SPDX-License-Identifier: MIT */
/*
 * Just enough of a flattened device tree reader (Devicetree Specification
 * v0.4, chapter 5) to fetch a numeric property by absolute node path.
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

#endif /* GUEST_FDT_H */
