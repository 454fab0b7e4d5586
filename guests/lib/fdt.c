// SPDX-License-Identifier: MIT
/*
 * Flattened device tree walker, see fdt.h.
 */
#include <stdbool.h>
#include <stdint.h>

#include "fdt.h"
#include "string.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_MIN_VERSION 17 /* size_dt_struct exists from v17 on */

/* Structure block tokens (DT spec 5.4.1). */
#define FDT_BEGIN_NODE 0x1
#define FDT_END_NODE 0x2
#define FDT_PROP 0x3
#define FDT_NOP 0x4
#define FDT_END 0x9

/* Header field indices, in 32-bit big-endian words (DT spec 5.2). */
enum {
	HDR_MAGIC,
	HDR_TOTALSIZE,
	HDR_OFF_DT_STRUCT,
	HDR_OFF_DT_STRINGS,
	HDR_OFF_MEM_RSVMAP,
	HDR_VERSION,
	HDR_LAST_COMP_VERSION,
	HDR_BOOT_CPUID_PHYS,
	HDR_SIZE_DT_STRINGS,
	HDR_SIZE_DT_STRUCT,
	HDR_WORDS,
};

struct fdt_walk {
	const uint8_t *strings;
	uint32_t strings_size;
	const uint8_t *pos;
	const uint8_t *end;
};

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static uint32_t fdt_header(const void *fdt, unsigned int field)
{
	return be32((const uint8_t *)fdt + field * 4);
}

static bool fdt_walk_init(struct fdt_walk *w, const void *fdt)
{
	const uint8_t *base = fdt;

	if (!fdt || fdt_header(fdt, HDR_MAGIC) != FDT_MAGIC ||
	    fdt_header(fdt, HDR_VERSION) < FDT_MIN_VERSION)
		return false;
	w->strings = base + fdt_header(fdt, HDR_OFF_DT_STRINGS);
	w->strings_size = fdt_header(fdt, HDR_SIZE_DT_STRINGS);
	w->pos = base + fdt_header(fdt, HDR_OFF_DT_STRUCT);
	w->end = w->pos + fdt_header(fdt, HDR_SIZE_DT_STRUCT);
	return true;
}

/* Tokens and their payloads are padded to 4 bytes (DT spec 5.4). */
static const uint8_t *align4(const uint8_t *p)
{
	return (const uint8_t *)(((uintptr_t)p + 3) & ~(uintptr_t)3);
}

static bool fdt_next_u32(struct fdt_walk *w, uint32_t *val)
{
	if (w->pos + 4 > w->end)
		return false;
	*val = be32(w->pos);
	w->pos += 4;
	return true;
}

/* Component @index of @path (components separated by '/'), or NULL. */
static const char *path_component(const char *path, unsigned int index, size_t *len)
{
	while (*path == '/')
		path++;
	while (index--) {
		while (*path && *path != '/')
			path++;
		while (*path == '/')
			path++;
	}
	if (!*path)
		return NULL;
	*len = 0;
	while (path[*len] && path[*len] != '/')
		(*len)++;
	return path;
}

static unsigned int path_depth(const char *path)
{
	unsigned int n = 0;
	size_t len;

	while (path_component(path, n, &len))
		n++;
	return n;
}

static bool has_unit_address(const char *comp, size_t len)
{
	while (len--) {
		if (comp[len] == '@')
			return true;
	}
	return false;
}

/* Component "cpu@0" matches node "cpu@0"; "cpu" matches "cpu" and "cpu@0". */
static bool node_name_matches(const char *name, const char *comp, size_t len)
{
	if (memcmp(name, comp, len) != 0)
		return false;
	return name[len] == '\0' || (name[len] == '@' && !has_unit_address(comp, len));
}

static const char *fdt_string(const struct fdt_walk *w, uint32_t offset)
{
	return offset < w->strings_size ? (const char *)w->strings + offset : "";
}

/* Consume a BEGIN_NODE payload; returns the node name. */
static const char *fdt_node_name(struct fdt_walk *w)
{
	const char *name = (const char *)w->pos;

	while (w->pos < w->end && *w->pos)
		w->pos++;
	w->pos = align4(w->pos + 1);
	return name;
}

static int prop_to_u64(const uint8_t *val, uint32_t len, unsigned long *out)
{
	if (len == 4) {
		*out = be32(val);
		return 0;
	}
	if (len == 8) {
		*out = ((unsigned long)be32(val) << 32) | be32(val + 4);
		return 0;
	}
	return -1;
}

/*
 * Walk the structure block keeping track of @matched, the depth of the
 * deepest node on the current branch that matches the path so far (the
 * root node has depth 1). The property is looked up only in the node at
 * depth path_depth + 1 when the whole path matched.
 */
int fdt_get_prop(const void *fdt, const char *path, const char *prop, const void **val,
		 unsigned int *lenp)
{
	unsigned int want = path_depth(path) + 1, depth = 0, matched = 0;
	struct fdt_walk w;
	uint32_t token, len, nameoff;
	const char *comp;
	size_t clen;

	if (!fdt_walk_init(&w, fdt))
		return -1;
	while (fdt_next_u32(&w, &token)) {
		switch (token) {
		case FDT_BEGIN_NODE: {
			const char *name = fdt_node_name(&w);

			depth++;
			if (depth == 1) {
				matched = 1;
				break;
			}
			comp = path_component(path, depth - 2, &clen);
			if (matched == depth - 1 && comp && node_name_matches(name, comp, clen))
				matched = depth;
			break;
		}
		case FDT_END_NODE:
			if (matched == depth)
				matched--;
			if (depth-- == 0)
				return -1;
			break;
		case FDT_PROP:
			if (!fdt_next_u32(&w, &len) || !fdt_next_u32(&w, &nameoff) ||
			    w.pos + len > w.end)
				return -1;
			if (depth == want && matched == want &&
			    strcmp(fdt_string(&w, nameoff), prop) == 0) {
				*val = w.pos;
				*lenp = len;
				return 0;
			}
			w.pos = align4(w.pos + len);
			break;
		case FDT_NOP:
			break;
		case FDT_END:
		default:
			return -1;
		}
	}
	return -1;
}

int fdt_read_u64(const void *fdt, const char *path, const char *prop, unsigned long *out)
{
	const void *val;
	unsigned int len;

	if (fdt_get_prop(fdt, path, prop, &val, &len))
		return -1;
	return prop_to_u64(val, len, out);
}

unsigned long fdt_cells(const void *val, unsigned int index, unsigned int n)
{
	const uint8_t *p = (const uint8_t *)val + 4 * index;
	unsigned long v = 0;

	while (n--) {
		v = (v << 32) | be32(p);
		p += 4;
	}
	return v;
}
