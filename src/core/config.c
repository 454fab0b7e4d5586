// SPDX-License-Identifier: MIT
/* Parses the VM configuration blob (docs/config.md) with libfdt. */
#include "config.h"
#include "lib.h"
#include "stage2.h"
#include <libfdt.h>
#include "fdt_cells.h"

#define CONFIG_COMPATIBLE "hypocaust,config"

struct parse_ctx {
	const void *fdt;
	int node;
	struct vm_config *vm;
	char *err;
	size_t errlen;
};

/* Every property docs/config.md describes; anything else is a typo. */
static const char *const known_props[] = {
	"name", "cpus",	   "memory", "kernel",	"kernel-addr",	"initrd",   "bootargs",
	"fdt",	"console", "stats",  "devices", "identity-map", "on-crash", // clang-format: one
									    // line
};

int config_error(const struct vm_config *c, const char *prop, char *err, size_t errlen,
		 const char *fmt, ...)
{
	va_list ap;
	size_t n = (size_t)snprintf(err, errlen, "%s (\"%s\"): property '%s': ", c->node, c->name,
				    prop);

	if (n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - n, fmt, ap);
		va_end(ap);
	}
	return HYP_EINVAL;
}

#define prop_error(ctx, prop, ...)                                                                 \
	config_error((ctx)->vm, prop, (ctx)->err, (ctx)->errlen, __VA_ARGS__)

static bool is_string(const char *s, int len)
{
	return len > 0 && s[len - 1] == '\0' && strnlen(s, (size_t)len) == (size_t)len - 1;
}

static int parse_name(struct parse_ctx *c)
{
	int len;
	const char *s = fdt_getprop(c->fdt, c->node, "name", &len);

	if (!s) {
		/* The name defaults to the node's name. */
		snprintf(c->vm->name, VM_NAME_MAX, "%s", c->vm->node);
		return HYP_OK;
	}
	if (!is_string(s, len) || len == 1)
		return prop_error(c, "name", "must be a non-empty string");
	if (len > VM_NAME_MAX)
		return prop_error(c, "name", "longer than %d characters", VM_NAME_MAX - 1);
	memcpy(c->vm->name, s, (size_t)len);
	return HYP_OK;
}

static int hart_index(const struct host_harts *h, uint32_t id)
{
	for (unsigned i = 0; i < h->count; i++)
		if (h->id[i] == id)
			return (int)i;
	return -1;
}

static int parse_cpus(struct parse_ctx *c, const struct host_harts *harts)
{
	int len;
	const fdt32_t *p = fdt_getprop(c->fdt, c->node, "cpus", &len);

	if (!p)
		return prop_error(c, "cpus", "missing (the physical harts of the VM's vCPUs)");
	if (len == 0 || len % 4)
		return prop_error(c, "cpus", "must be a list of hart numbers, e.g. <1 2>");
	if (len / 4 > MAX_VCPUS)
		return prop_error(c, "cpus", "%d harts given, at most %d vCPUs", len / 4,
				  MAX_VCPUS);
	c->vm->ncpus = (unsigned)len / 4;
	for (unsigned i = 0; i < c->vm->ncpus; i++) {
		uint32_t id = fdt32_to_cpu(p[i]);

		if (hart_index(harts, id) < 0)
			return prop_error(c, "cpus", "hart %u does not exist on this machine", id);
		for (unsigned j = 0; j < i; j++)
			if (c->vm->cpus[j] == id)
				return prop_error(c, "cpus", "hart %u is given twice", id);
		c->vm->cpus[i] = id;
	}
	return HYP_OK;
}

static int parse_memory(struct parse_ctx *c)
{
	int len;
	const fdt32_t *p = fdt_getprop(c->fdt, c->node, "memory", &len);
	struct vm_config *vm = c->vm;

	if (!p)
		return prop_error(c, "memory", "missing (guest-physical base and size)");
	if (len == 0 || len % 16)
		return prop_error(
			c, "memory",
			"must be <base-hi base-lo size-hi size-lo> pairs of 64-bit cells");
	if (len / 16 > VM_MAX_MEM_REGIONS)
		return prop_error(c, "memory", "at most %d regions", VM_MAX_MEM_REGIONS);
	vm->nmem = (unsigned)len / 16;
	for (unsigned i = 0; i < vm->nmem; i++) {
		uint64_t base = read_cells(p + 4 * i, 2), size = read_cells(p + 4 * i + 2, 2);

		if (!size || !IS_ALIGNED(base | size, 4096))
			return prop_error(
				c, "memory",
				"region %u (0x%llx, 0x%llx) is empty or not 4 KiB aligned", i,
				(unsigned long long)base, (unsigned long long)size);
		if (range_wraps(base, size) || base + size > STAGE2_GPA_LIMIT)
			return prop_error(c, "memory",
					  "region %u ends above the %d-bit guest limit", i,
					  STAGE2_GPA_BITS);
		for (unsigned j = 0; j < i; j++)
			if (ranges_overlap(base, size, vm->mem[j].base, vm->mem[j].size))
				return prop_error(c, "memory", "regions %u and %u overlap", j, i);
		vm->mem[i].base = base;
		vm->mem[i].size = size;
	}
	return HYP_OK;
}

static int parse_blob_prop(struct parse_ctx *c, const char *prop, struct blob *out, bool required)
{
	int len;
	const void *p = fdt_getprop(c->fdt, c->node, prop, &len);

	if (!p) {
		if (required)
			return prop_error(c, prop, "missing (the image, e.g. /incbin/(\"x.elf\"))");
		return HYP_OK;
	}
	if (len == 0)
		return prop_error(c, prop, "is empty");
	out->data = p;
	out->size = (uint32_t)len;
	return HYP_OK;
}

static int parse_kernel_addr(struct parse_ctx *c)
{
	int len;
	const fdt32_t *p = fdt_getprop(c->fdt, c->node, "kernel-addr", &len);

	if (!p)
		return HYP_OK;
	if (len != 4 && len != 8)
		return prop_error(c, "kernel-addr", "must be one address of 1 or 2 cells");
	c->vm->has_kernel_addr = true;
	c->vm->kernel_addr = read_cells(p, len / 4);
	if (!IS_ALIGNED(c->vm->kernel_addr, 4))
		return prop_error(c, "kernel-addr", "0x%llx is not 4-byte aligned",
				  (unsigned long long)c->vm->kernel_addr);
	return HYP_OK;
}

static int parse_strings(struct parse_ctx *c)
{
	int len;
	const char *s = fdt_getprop(c->fdt, c->node, "bootargs", &len);

	if (s && !is_string(s, len))
		return prop_error(c, "bootargs", "must be a string");
	c->vm->bootargs = s;
	return HYP_OK;
}

/*
 * A property that names one of two choices: *out = 0 for the first, 1 for
 * the second; absent means the first.
 */
static int parse_choice(struct parse_ctx *c, const char *prop, const char *first,
			const char *second, unsigned *out)
{
	int len;
	const char *s = fdt_getprop(c->fdt, c->node, prop, &len);

	*out = 0;
	if (!s || (is_string(s, len) && !strcmp(s, first)))
		return HYP_OK;
	if (is_string(s, len) && !strcmp(s, second)) {
		*out = 1;
		return HYP_OK;
	}
	return prop_error(c, prop, "must be \"%s\" or \"%s\"", first, second);
}

static int parse_choices(struct parse_ctx *c)
{
	unsigned console = 0, restart = 0;
	int err = parse_choice(c, "console", "uart", "sbi", &console);

	if (!err)
		err = parse_choice(c, "on-crash", "stop", "restart", &restart);
	c->vm->console = console ? VM_CONSOLE_SBI : VM_CONSOLE_UART;
	c->vm->restart_on_crash = restart;
	return err;
}

/* devices = "/soc/a", "/soc/b": a list of host DT paths, checked at VM creation. */
static int parse_devices(struct parse_ctx *c)
{
	int len, off = 0;
	const char *s = fdt_getprop(c->fdt, c->node, "devices", &len);

	if (!s)
		return HYP_OK;
	if (len == 0 || s[len - 1] != '\0')
		return prop_error(c, "devices", "must be a list of strings (host DT paths)");
	while (off < len) {
		const char *path = s + off;

		if (c->vm->ndevices == VM_MAX_DEVICES)
			return prop_error(c, "devices", "at most %d devices", VM_MAX_DEVICES);
		if (path[0] != '/')
			return prop_error(c, "devices", "\"%s\" is not an absolute DT path", path);
		c->vm->devices[c->vm->ndevices++] = path;
		off += (int)strlen(path) + 1;
	}
	return HYP_OK;
}

static int check_fdt_blob(struct parse_ctx *c)
{
	/* Property values are 4-byte aligned, libfdt wants 8: check a copy. */
	struct fdt_header h __attribute__((aligned(8)));

	if (!c->vm->fdt.data)
		return HYP_OK;
	if (c->vm->fdt.size < sizeof(h))
		return prop_error(c, "fdt", "is not a valid device tree blob");
	memcpy(&h, c->vm->fdt.data, sizeof(h));
	if (fdt_magic(&h) != FDT_MAGIC || fdt_totalsize(&h) > c->vm->fdt.size ||
	    fdt_totalsize(&h) < sizeof(h) || fdt_off_dt_struct(&h) >= fdt_totalsize(&h) ||
	    dt_check_alignment(&h))
		return prop_error(c, "fdt", "is not a valid device tree blob");
	return HYP_OK;
}

/*
 * Unknown names are typos. A length field over INT_MAX comes back from
 * Linux 6.1's libfdt as a negative length beside a valid pointer: refused
 * here for every property, so no parser below sees one.
 */
static int check_props(struct parse_ctx *c)
{
	int off, len;

	fdt_for_each_property_offset (off, c->fdt, c->node) {
		const char *name;
		bool known = false;

		if (!fdt_getprop_by_offset(c->fdt, off, &name, &len))
			continue;
		if (len < 0)
			return prop_error(c, name, "length 0x%x is past the blob", (unsigned)len);
		for (size_t i = 0; i < ARRAY_SIZE(known_props); i++)
			known |= !strcmp(name, known_props[i]);
		if (!known)
			return prop_error(c, name, "unknown property (see docs/config.md)");
	}
	return HYP_OK;
}

static int parse_vm(struct parse_ctx *c, const struct host_harts *harts)
{
	int err;

	memset(c->vm, 0, sizeof(*c->vm));
	snprintf(c->vm->node, VM_NAME_MAX, "%s", fdt_get_name(c->fdt, c->node, NULL));
	err = parse_name(c);
	if (!err)
		err = check_props(c);
	if (!err)
		err = parse_cpus(c, harts);
	if (!err)
		err = parse_memory(c);
	if (!err)
		err = parse_blob_prop(c, "kernel", &c->vm->kernel, true);
	if (!err)
		err = parse_blob_prop(c, "initrd", &c->vm->initrd, false);
	if (!err)
		err = parse_blob_prop(c, "fdt", &c->vm->fdt, false);
	if (!err)
		err = check_fdt_blob(c);
	if (!err)
		err = parse_kernel_addr(c);
	if (!err)
		err = parse_strings(c);
	if (!err)
		err = parse_choices(c);
	if (!err)
		err = parse_devices(c);
	/* Flags: present (empty) or absent. */
	c->vm->stats = fdt_getprop(c->fdt, c->node, "stats", NULL) != NULL;
	c->vm->identity_map = fdt_getprop(c->fdt, c->node, "identity-map", NULL) != NULL;
	return err;
}

/* Checks between VMs: unique names, each hart in one VM only. */
static int check_across_vms(struct parse_ctx *c, const struct vm_config *vms, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const struct vm_config *o = &vms[i];

		if (!strcmp(o->name, c->vm->name))
			return prop_error(c, "name", "\"%s\" is also the name of %s", o->name,
					  o->node);
		for (unsigned a = 0; a < c->vm->ncpus; a++)
			for (unsigned b = 0; b < o->ncpus; b++)
				if (c->vm->cpus[a] == o->cpus[b])
					return prop_error(c, "cpus",
							  "hart %u is already given to %s (\"%s\")",
							  o->cpus[b], o->node, o->name);
	}
	return HYP_OK;
}

static int check_header(const void *blob, size_t size, char *err, size_t errlen)
{
	int r;
	const char *compat;

	if (!blob || size < sizeof(struct fdt_header)) {
		snprintf(err, errlen, "config: no configuration blob (pass it as QEMU's -initrd)");
		return HYP_EINVAL;
	}
	r = fdt_check_header(blob);
	if (!r && fdt_totalsize(blob) > size)
		r = -FDT_ERR_TRUNCATED;
	if (!r)
		r = dt_check_alignment(blob);
	if (!r)
		r = dt_check_tags(blob);
	if (r) {
		snprintf(err, errlen, "config: malformed blob: %s", fdt_strerror(r));
		return HYP_EINVAL;
	}
	compat = fdt_getprop(blob, 0, "compatible", &r);
	if (!compat || !is_string(compat, r) || strcmp(compat, CONFIG_COMPATIBLE)) {
		snprintf(err, errlen, "config: root 'compatible' must be \"%s\"",
			 CONFIG_COMPATIBLE);
		return HYP_EINVAL;
	}
	return HYP_OK;
}

int config_parse(const void *blob, size_t blob_size, const struct host_harts *harts,
		 struct vm_config *vms, unsigned *nvms, char *err, size_t errlen)
{
	struct parse_ctx c = {.fdt = blob, .err = err, .errlen = errlen};
	int node, r;

	*nvms = 0;
	r = check_header(blob, blob_size, err, errlen);
	if (r)
		return r;
	fdt_for_each_subnode (node, blob, 0) {
		if (strncmp(fdt_get_name(blob, node, NULL), "vm@", 3))
			continue;
		if (*nvms == MAX_VMS) {
			snprintf(err, errlen, "config: more than %d VMs", MAX_VMS);
			return HYP_EINVAL;
		}
		c.node = node;
		c.vm = &vms[*nvms];
		r = parse_vm(&c, harts);
		if (!r)
			r = check_across_vms(&c, vms, *nvms);
		if (r)
			return r;
		(*nvms)++;
	}
	if (*nvms == 0) {
		snprintf(err, errlen, "config: no vm@N node: nothing to run");
		return HYP_EINVAL;
	}
	return HYP_OK;
}
