// SPDX-License-Identifier: MIT
/* config_parse: the VM configuration blob, built here with libfdt. */
#include "helpers.h"

#include <libfdt.h>

#include "config.h"
#include "lib.h"

#define PROP_MAX 1024
#define VM_PROPS_MAX 16

/* One property of a vm@N node, as raw bytes. */
struct prop {
	const char *name;
	size_t len;
	uint8_t val[PROP_MAX];
};

struct vm_desc {
	const char *node;
	unsigned n;
	struct prop props[VM_PROPS_MAX];
};

static const uint8_t kernel_bytes[16] = {0x13, 0, 0, 0, 0x6f, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
static const struct host_harts host4 = {4, {0, 1, 2, 5}};

static struct vm_config vms[MAX_VMS + 1];
static unsigned nvms;
static char err[256];

static int setup(void **state)
{
	(void)state;
	memset(vms, 0, sizeof(vms));
	nvms = 0;
	memset(err, 0, sizeof(err));
	return 0;
}

/* ---- building configs ---- */

static struct prop *find_prop(struct vm_desc *d, const char *name)
{
	for (unsigned i = 0; i < d->n; i++)
		if (!strcmp(d->props[i].name, name))
			return &d->props[i];
	return NULL;
}

/* Sets (or adds, at the end) a property. */
static void vm_set(struct vm_desc *d, const char *name, const void *val, size_t len)
{
	struct prop *p = find_prop(d, name);

	assert_true(len <= PROP_MAX);
	if (!p) {
		assert_true(d->n < VM_PROPS_MAX);
		p = &d->props[d->n++];
		p->name = name;
	}
	p->len = len;
	if (len)
		memcpy(p->val, val, len);
}

static void vm_set_str(struct vm_desc *d, const char *name, const char *s)
{
	vm_set(d, name, s, strlen(s) + 1);
}

static void vm_set_cells(struct vm_desc *d, const char *name, unsigned n, ...)
{
	fdt32_t cells[16];
	va_list ap;

	assert_true(n <= 16);
	va_start(ap, n);
	for (unsigned i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
	va_end(ap);
	vm_set(d, name, cells, n * sizeof(cells[0]));
}

/* One <base-hi base-lo size-hi size-lo> region. */
static void vm_set_mem(struct vm_desc *d, uint64_t base, uint64_t size)
{
	vm_set_cells(d, "memory", 4, (uint32_t)(base >> 32), (uint32_t)base, (uint32_t)(size >> 32),
		     (uint32_t)size);
}

static void vm_del(struct vm_desc *d, const char *name)
{
	struct prop *p = find_prop(d, name);

	assert_non_null(p);
	memmove(p, p + 1, (size_t)(&d->props[d->n] - (p + 1)) * sizeof(*p));
	d->n--;
}

/* A valid VM: one vCPU on hart, 16 MiB at mem_base, a 16-byte kernel. */
static void vm_default(struct vm_desc *d, const char *node, const char *name, uint32_t hart,
		       uint64_t mem_base)
{
	memset(d, 0, sizeof(*d));
	d->node = node;
	if (name)
		vm_set_str(d, "name", name);
	vm_set_cells(d, "cpus", 1, hart);
	vm_set_mem(d, mem_base, 16 * MiB);
	vm_set(d, "kernel", kernel_bytes, sizeof(kernel_bytes));
}

static struct vm_desc *new_vms(unsigned n)
{
	return test_alloc(n * sizeof(struct vm_desc));
}

/* Two valid VMs, vm@0 on hart 0 and vm@1 on hart 1: tests break vm@1. */
static struct vm_desc *two_vms(void)
{
	struct vm_desc *d = new_vms(2);

	vm_default(&d[0], "vm@0", "first", 0, 0x80000000);
	vm_default(&d[1], "vm@1", "second", 1, 0x80000000);
	return d;
}

static void *build(const char *compat, const struct vm_desc *d, unsigned n, size_t *size)
{
	struct fdt_builder b;

	fdtb_init(&b, 64 * KiB);
	fdtb_begin(&b, "");
	if (compat)
		fdtb_str(&b, "compatible", compat);
	for (unsigned i = 0; i < n; i++) {
		fdtb_begin(&b, d[i].node);
		for (unsigned j = 0; j < d[i].n; j++)
			fdtb_prop(&b, d[i].props[j].name, d[i].props[j].val, d[i].props[j].len);
		fdtb_end(&b);
	}
	fdtb_end(&b);
	return fdtb_finish(&b, size);
}

static int parse_with(const struct vm_desc *d, unsigned n, const struct host_harts *h)
{
	size_t size;
	void *blob = build("hypocaust,config", d, n, &size);

	return config_parse(blob, size, h, vms, &nvms, err, sizeof(err));
}

static int parse(const struct vm_desc *d, unsigned n)
{
	return parse_with(d, n, &host4);
}

/* The parse fails and err names every one of the given strings. */
static void assert_rejected(const struct vm_desc *d, unsigned n, const char *s1, const char *s2)
{
	assert_int_not_equal(parse(d, n), 0);
	assert_contains(err, s1);
	if (s2)
		assert_contains(err, s2);
}

/* vm@1 of two_vms() is broken: the error must name vm@1 and the property. */
static void assert_vm1_rejected(const struct vm_desc *d, const char *prop)
{
	assert_rejected(d, 2, "vm@1", prop);
	assert_null(strstr(err, "vm@0"));
}

/* A small valid DTB, for the `fdt` property. */
static const void *small_dtb(size_t *size)
{
	struct fdt_builder b;

	fdtb_init(&b, 4 * KiB);
	fdtb_begin(&b, "");
	fdtb_u32(&b, "#address-cells", 2);
	fdtb_begin(&b, "chosen");
	fdtb_str(&b, "bootargs", "from-the-vm-dt");
	fdtb_end(&b);
	fdtb_end(&b);
	return fdtb_finish(&b, size);
}

static bool in_blob(const void *p, const void *blob, size_t size)
{
	return (const uint8_t *)p >= (const uint8_t *)blob &&
	       (const uint8_t *)p < (const uint8_t *)blob + size;
}

/* ---- valid configs ---- */

static void fill_full_vm(struct vm_desc *d)
{
	static const char initrd[] = "initrd-bytes";

	vm_default(d, "vm@0", "linux", 1, 0x80000000);
	vm_set_cells(d, "cpus", 2, 2, 5);
	vm_set_cells(d, "memory", 8, 0, 0x80000000, 0, 0x4000000, 0x1, 0x0, 0, 0x200000);
	vm_set_cells(d, "kernel-addr", 2, 0x0, 0x80200000);
	vm_set(d, "initrd", initrd, sizeof(initrd));
	vm_set_str(d, "bootargs", "console=hvc0 earlycon=sbi");
	vm_set_str(d, "console", "uart");
}

static void test_parse_full_vm_fills_every_field(void **state)
{
	struct vm_desc *d = new_vms(1);
	const struct vm_config *c = &vms[0];
	size_t size;
	void *blob;

	(void)state;
	fill_full_vm(d);
	blob = build("hypocaust,config", d, 1, &size);
	assert_int_equal(config_parse(blob, size, &host4, vms, &nvms, err, sizeof(err)), 0);
	assert_int_equal(nvms, 1);
	assert_string_equal(c->node, "vm@0");
	assert_string_equal(c->name, "linux");
	assert_int_equal(c->ncpus, 2);
	assert_int_equal(c->cpus[0], 2);
	assert_int_equal(c->cpus[1], 5);
	assert_int_equal(c->nmem, 2);
	assert_int_equal(c->mem[0].base, 0x80000000);
	assert_int_equal(c->mem[0].size, 0x4000000);
	assert_int_equal(c->mem[1].base, 0x100000000);
	assert_int_equal(c->mem[1].size, 0x200000);
	assert_int_equal(c->kernel.size, sizeof(kernel_bytes));
	assert_memory_equal(c->kernel.data, kernel_bytes, sizeof(kernel_bytes));
	assert_true(in_blob(c->kernel.data, blob, size));
	assert_true(c->has_kernel_addr);
	assert_int_equal(c->kernel_addr, 0x80200000);
	assert_int_equal(c->initrd.size, sizeof("initrd-bytes"));
	assert_memory_equal(c->initrd.data, "initrd-bytes", c->initrd.size);
	assert_true(in_blob(c->initrd.data, blob, size));
	assert_null(c->fdt.data);
	assert_string_equal(c->bootargs, "console=hvc0 earlycon=sbi");
	assert_int_equal(c->console, VM_CONSOLE_UART);
}

static void test_parse_minimal_vm_defaults(void **state)
{
	struct vm_desc *d = new_vms(1);

	(void)state;
	vm_default(d, "vm@0", "hello", 0, 0x80000000);
	assert_int_equal(parse(d, 1), 0);
	assert_int_equal(nvms, 1);
	assert_int_equal(vms[0].ncpus, 1);
	assert_int_equal(vms[0].cpus[0], 0);
	assert_int_equal(vms[0].nmem, 1);
	assert_int_equal(vms[0].mem[0].size, 16 * MiB);
	assert_false(vms[0].has_kernel_addr);
	assert_null(vms[0].initrd.data);
	assert_int_equal(vms[0].initrd.size, 0);
	assert_null(vms[0].fdt.data);
	assert_null(vms[0].bootargs);
}

/* docs/config.md: `console` is "uart" (default) or "sbi". */
static void test_parse_console_default_is_uart(void **state)
{
	struct vm_desc *d = new_vms(1);

	(void)state;
	vm_default(d, "vm@0", "a", 0, 0x80000000);
	assert_int_equal(parse(d, 1), 0);
	assert_int_equal(vms[0].console, VM_CONSOLE_UART);
}

static void test_parse_kernel_addr_one_cell(void **state)
{
	struct vm_desc *d = new_vms(1);

	(void)state;
	vm_default(d, "vm@0", "a", 0, 0x80000000);
	vm_set_cells(d, "kernel-addr", 1, 0x80400000);
	assert_int_equal(parse(d, 1), 0);
	assert_true(vms[0].has_kernel_addr);
	assert_int_equal(vms[0].kernel_addr, 0x80400000);
}

static void test_parse_kernel_addr_two_cells_above_4g(void **state)
{
	struct vm_desc *d = new_vms(1);

	(void)state;
	vm_default(d, "vm@0", "a", 0, 0x80000000);
	vm_set_cells(d, "kernel-addr", 2, 0x1, 0x00200000);
	assert_int_equal(parse(d, 1), 0);
	assert_int_equal(vms[0].kernel_addr, 0x100200000);
}

/* An explicit console = "sbi" is kept (it once came out as UART). */
static void test_parse_console_sbi_explicit(void **state)
{
	struct vm_desc *d = new_vms(1);

	(void)state;
	vm_default(d, "vm@0", "a", 0, 0x80000000);
	vm_set_str(d, "console", "sbi");
	assert_int_equal(parse(d, 1), 0);
	assert_int_equal(vms[0].console, VM_CONSOLE_SBI);
}

/* docs/config.md: `on-crash` is "stop" (default) or "restart". */
static void test_parse_on_crash(void **state)
{
	struct vm_desc *d = new_vms(1);

	(void)state;
	vm_default(d, "vm@0", "a", 0, 0x80000000);
	assert_int_equal(parse(d, 1), 0);
	assert_false(vms[0].restart_on_crash);
	vm_set_str(d, "on-crash", "stop");
	assert_int_equal(parse(d, 1), 0);
	assert_false(vms[0].restart_on_crash);
	vm_set_str(d, "on-crash", "restart");
	assert_int_equal(parse(d, 1), 0);
	assert_true(vms[0].restart_on_crash);
}

static void test_parse_two_vms(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_mem(&d[1], 0x90000000, 32 * MiB);
	assert_int_equal(parse(d, 2), 0);
	assert_int_equal(nvms, 2);
	assert_string_equal(vms[0].node, "vm@0");
	assert_string_equal(vms[0].name, "first");
	assert_int_equal(vms[0].cpus[0], 0);
	assert_string_equal(vms[1].node, "vm@1");
	assert_string_equal(vms[1].name, "second");
	assert_int_equal(vms[1].cpus[0], 1);
	assert_int_equal(vms[1].mem[0].base, 0x90000000);
	assert_int_equal(vms[1].mem[0].size, 32 * MiB);
}

static void test_parse_name_defaults_to_node_name(void **state)
{
	struct vm_desc *d = new_vms(1);

	(void)state;
	vm_default(d, "vm@3", NULL, 0, 0x80000000);
	assert_int_equal(parse(d, 1), 0);
	assert_string_equal(vms[0].node, "vm@3");
	assert_string_equal(vms[0].name, "vm@3");
}

static void test_parse_name_of_31_chars_fits(void **state)
{
	static const char name31[] = "abcdefghijklmnopqrstuvwxyz01234";
	struct vm_desc *d = new_vms(1);

	(void)state;
	vm_default(d, "vm@0", name31, 0, 0x80000000);
	assert_int_equal(parse(d, 1), 0);
	assert_string_equal(vms[0].name, name31);
}

static void test_parse_ignores_other_nodes(void **state)
{
	struct vm_desc *d = new_vms(2);

	(void)state;
	memset(&d[0], 0, sizeof(d[0]));
	d[0].node = "notes";
	vm_set_str(&d[0], "text", "not a VM");
	vm_default(&d[1], "vm@0", "only", 0, 0x80000000);
	assert_int_equal(parse(d, 2), 0);
	assert_int_equal(nvms, 1);
	assert_string_equal(vms[0].name, "only");
}

static void test_parse_memory_up_to_41_bit_limit(void **state)
{
	struct vm_desc *d = new_vms(1);

	(void)state;
	vm_default(d, "vm@0", "a", 0, 0x80000000);
	vm_set_mem(d, (1UL << 41) - 16 * MiB, 16 * MiB);
	assert_int_equal(parse(d, 1), 0);
	assert_int_equal(vms[0].mem[0].base, (1UL << 41) - 16 * MiB);
}

/*
 * Builds a one-VM config with a valid `fdt` property whose value sits at
 * an address with (addr & 7) == misalign. DT property values are only
 * 4-byte aligned, so /incbin/ gives either, depending on what precedes.
 */
static void *build_with_fdt(struct vm_desc *d, unsigned misalign, size_t *size)
{
	static const char pads[][9] = {"a", "abcde"};
	size_t dtb_size;
	const void *dtb = small_dtb(&dtb_size);

	for (unsigned i = 0; i < ARRAY_SIZE(pads); i++) {
		void *blob;
		const void *p;

		vm_default(d, "vm@0", "a", 0, 0x80000000);
		vm_set_str(d, "bootargs", pads[i]);
		vm_set(d, "fdt", dtb, dtb_size);
		blob = build("hypocaust,config", d, 1, size);
		p = fdt_getprop(blob, fdt_path_offset(blob, "/vm@0"), "fdt", NULL);
		assert_non_null(p);
		if (((uintptr_t)p & 7) == misalign)
			return blob;
	}
	fail_msg("could not place the fdt property at an address %% 8 == %u", misalign);
	return NULL;
}

static void test_parse_fdt_property_kept(void **state)
{
	struct vm_desc *d = new_vms(1);
	size_t size, dtb_size;
	void *blob = build_with_fdt(d, 0, &size);
	const void *dtb = small_dtb(&dtb_size);

	(void)state;
	assert_int_equal(config_parse(blob, size, &host4, vms, &nvms, err, sizeof(err)), 0);
	assert_true(in_blob(vms[0].fdt.data, blob, size));
	assert_int_equal(vms[0].fdt.size, dtb_size);
	assert_memory_equal(vms[0].fdt.data, dtb, dtb_size);
}

/*
 * BUG: config.c check_fdt_blob() calls fdt_check_header() directly on the
 * `fdt` property value, and libfdt refuses a blob that is not 8-byte
 * aligned (FDT_ERR_ALIGNMENT). Property values are only 4-byte aligned,
 * so a valid embedded DT is rejected depending on where it lands.
 */
static void test_parse_fdt_property_at_4_byte_alignment(void **state)
{
	struct vm_desc *d = new_vms(1);
	size_t size;
	void *blob = build_with_fdt(d, 4, &size);

	(void)state;
	assert_int_equal(config_parse(blob, size, &host4, vms, &nvms, err, sizeof(err)), 0);
	assert_non_null(vms[0].fdt.data);
}

/*
 * A copy of dtb with n bytes inserted at offset at, the header's offsets
 * and size updated to match: well formed but for the alignment of the
 * blocks after the gap (found by tests/fuzz/fuzz_config and fuzz_guest_fdt).
 */
static void *insert_gap(const void *dtb, uint32_t at, uint32_t n, size_t *size)
{
	uint32_t total = fdt_totalsize(dtb);
	uint8_t *out = test_alloc_aligned(8, total + n);

	memcpy(out, dtb, at);
	memcpy(out + at + n, (const uint8_t *)dtb + at, total - at);
	if (fdt_off_mem_rsvmap(dtb) >= at)
		fdt_set_off_mem_rsvmap(out, fdt_off_mem_rsvmap(dtb) + n);
	if (fdt_off_dt_struct(dtb) >= at)
		fdt_set_off_dt_struct(out, fdt_off_dt_struct(dtb) + n);
	if (fdt_off_dt_strings(dtb) >= at)
		fdt_set_off_dt_strings(out, fdt_off_dt_strings(dtb) + n);
	fdt_set_totalsize(out, total + n);
	*size = total + n;
	return out;
}

/* The structure block one byte off its 4-byte alignment. */
static void *misalign_struct_block(const void *dtb, size_t *size)
{
	return insert_gap(dtb, fdt_off_dt_struct(dtb), 1, size);
}

/* ---- errors in the blob as a whole ---- */

static void test_reject_garbage_bytes(void **state)
{
	static _Alignas(8) const uint8_t junk[128] = "this is not a device tree blob at all";

	(void)state;
	assert_int_not_equal(config_parse(junk, sizeof(junk), &host4, vms, &nvms, err, sizeof(err)),
			     0);
	assert_contains(err, "config");
	assert_contains(err, "malformed");
	assert_int_equal(nvms, 0);
}

static void test_reject_truncated_blob(void **state)
{
	struct vm_desc *d = new_vms(1);
	size_t size;
	void *blob;

	(void)state;
	vm_default(d, "vm@0", "a", 0, 0x80000000);
	blob = build("hypocaust,config", d, 1, &size);
	assert_int_not_equal(config_parse(blob, size - 1, &host4, vms, &nvms, err, sizeof(err)), 0);
	assert_contains(err, "config");
	assert_contains(err, "TRUNCATED");
	/* Smaller than the header itself. */
	assert_int_not_equal(config_parse(blob, 16, &host4, vms, &nvms, err, sizeof(err)), 0);
	assert_contains(err, "config");
}

/* libfdt reads structure tokens as aligned words: such a blob made it load misaligned. */
static void test_reject_misaligned_struct_block(void **state)
{
	struct vm_desc *d = new_vms(1);
	size_t size;
	void *blob;

	(void)state;
	vm_default(d, "vm@0", "a", 0, 0x80000000);
	blob = misalign_struct_block(build("hypocaust,config", d, 1, &size), &size);
	assert_int_not_equal(config_parse(blob, size, &host4, vms, &nvms, err, sizeof(err)), 0);
	assert_contains(err, "config: malformed blob");
	assert_int_equal(nvms, 0);
}

static void test_reject_null_blob(void **state)
{
	(void)state;
	assert_int_not_equal(config_parse(NULL, 4096, &host4, vms, &nvms, err, sizeof(err)), 0);
	assert_contains(err, "no configuration blob");
	assert_int_equal(nvms, 0);
}

static void assert_compat_rejected(const char *compat)
{
	struct vm_desc *d = new_vms(1);
	size_t size;
	void *blob;

	vm_default(d, "vm@0", "a", 0, 0x80000000);
	blob = build(compat, d, 1, &size);
	assert_int_not_equal(config_parse(blob, size, &host4, vms, &nvms, err, sizeof(err)), 0);
	assert_contains(err, "'compatible'");
	assert_contains(err, "hypocaust,config");
}

static void test_reject_wrong_root_compatible(void **state)
{
	(void)state;
	assert_compat_rejected("riscv-virtio");
	assert_compat_rejected("hypocaust,config-v2");
	assert_compat_rejected("hypocaust");
}

static void test_reject_missing_root_compatible(void **state)
{
	(void)state;
	assert_compat_rejected(NULL);
}

static void test_reject_no_vm_node(void **state)
{
	struct vm_desc *d = new_vms(1);

	(void)state;
	vm_default(d, "vmx", "a", 0, 0x80000000);
	assert_rejected(d, 1, "no vm@", NULL);
	assert_rejected(d, 0, "no vm@", NULL);
}

static void test_reject_more_than_max_vms(void **state)
{
	static const char *const nodes[] = {"vm@0", "vm@1", "vm@2", "vm@3", "vm@4",
					    "vm@5", "vm@6", "vm@7", "vm@8"};
	struct host_harts many = {MAX_VMS + 1, {0}};
	struct vm_desc *d = new_vms(MAX_VMS + 1);
	char name[8];

	(void)state;
	for (unsigned i = 0; i <= MAX_VMS; i++) {
		many.id[i] = i;
		snprintf(name, sizeof(name), "g%u", i);
		vm_default(&d[i], nodes[i], name, i, 0x80000000);
	}
	/* Exactly MAX_VMS is fine. */
	assert_int_equal(parse_with(d, MAX_VMS, &many), 0);
	assert_int_equal(nvms, MAX_VMS);
	assert_int_not_equal(parse_with(d, MAX_VMS + 1, &many), 0);
	assert_contains(err, "more than 8 VMs");
}

/* ---- errors in one VM: name ---- */

static void test_reject_empty_name(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_str(&d[1], "name", "");
	assert_vm1_rejected(d, "'name'");
}

static void test_reject_name_too_long(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_str(&d[1], "name", "abcdefghijklmnopqrstuvwxyz012345");
	assert_vm1_rejected(d, "'name'");
}

static void test_reject_name_not_a_string(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_cells(&d[1], "name", 1, 0x41424344);
	assert_vm1_rejected(d, "'name'");
}

static void test_reject_duplicate_names(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_str(&d[1], "name", "first");
	assert_rejected(d, 2, "vm@1", "'name'");
	assert_contains(err, "vm@0");
	assert_contains(err, "\"first\"");
}

static void test_reject_default_name_clashing_with_explicit(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	/* vm@1 has no name, so it is "vm@1", which vm@0 already took. */
	vm_set_str(&d[0], "name", "vm@1");
	vm_del(&d[1], "name");
	assert_rejected(d, 2, "'name'", "vm@0");
}

/* ---- cpus ---- */

static void test_reject_missing_cpus(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_del(&d[1], "cpus");
	assert_vm1_rejected(d, "'cpus'");
	assert_contains(err, "missing");
}

static void test_reject_empty_cpus(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set(&d[1], "cpus", NULL, 0);
	assert_vm1_rejected(d, "'cpus'");
}

static void test_reject_cpus_not_whole_cells(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set(&d[1], "cpus", "\0\0\1", 3);
	assert_vm1_rejected(d, "'cpus'");
}

static void test_reject_more_cpus_than_max_vcpus(void **state)
{
	struct host_harts h = {MAX_HARTS, {0}};
	struct vm_desc *d = two_vms();

	(void)state;
	for (unsigned i = 0; i < MAX_HARTS; i++)
		h.id[i] = i;
	vm_set_cells(&d[1], "cpus", 9, 1, 2, 3, 4, 5, 6, 7, 8, 9);
	assert_int_not_equal(parse_with(d, 2, &h), 0);
	assert_contains(err, "vm@1");
	assert_contains(err, "'cpus'");
	/* MAX_VCPUS harts are fine. */
	vm_set_cells(&d[1], "cpus", 8, 1, 2, 3, 4, 5, 6, 7, 8);
	assert_int_equal(parse_with(d, 2, &h), 0);
	assert_int_equal(vms[1].ncpus, 8);
}

static void test_reject_hart_not_on_host(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_cells(&d[1], "cpus", 2, 1, 3);
	assert_vm1_rejected(d, "'cpus'");
	assert_contains(err, "hart 3");
}

static void test_reject_hart_twice_in_one_vm(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_cells(&d[1], "cpus", 3, 1, 2, 1);
	assert_vm1_rejected(d, "'cpus'");
	assert_contains(err, "hart 1");
}

static void test_reject_same_hart_in_two_vms(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_cells(&d[1], "cpus", 2, 2, 0);
	assert_rejected(d, 2, "vm@1", "'cpus'");
	assert_contains(err, "vm@0");
	assert_contains(err, "hart 0");
}

/* ---- memory ---- */

static void test_reject_missing_memory(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_del(&d[1], "memory");
	assert_vm1_rejected(d, "'memory'");
}

static void test_reject_memory_not_4k_aligned(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_mem(&d[1], 0x80000800, 16 * MiB);
	assert_vm1_rejected(d, "'memory'");
	vm_set_mem(&d[1], 0x80000000, 16 * MiB + 1);
	assert_vm1_rejected(d, "'memory'");
}

static void test_reject_memory_zero_size(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_mem(&d[1], 0x80000000, 0);
	assert_vm1_rejected(d, "'memory'");
}

static void test_reject_memory_regions_overlapping(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_cells(&d[1], "memory", 8, 0, 0x80000000, 0, 0x1000000, 0, 0x80fff000, 0, 0x1000);
	assert_vm1_rejected(d, "'memory'");
	assert_contains(err, "overlap");
}

static void test_accept_memory_regions_touching(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_cells(&d[1], "memory", 8, 0, 0x81000000, 0, 0x1000, 0, 0x80000000, 0, 0x1000000);
	assert_int_equal(parse(d, 2), 0);
	assert_int_equal(vms[1].nmem, 2);
}

static void test_reject_memory_above_41_bits(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_mem(&d[1], (1UL << 41) - 4 * KiB, 8 * KiB);
	assert_vm1_rejected(d, "'memory'");
	vm_set_mem(&d[1], 1UL << 41, 4 * KiB);
	assert_vm1_rejected(d, "'memory'");
	/* base + size wraps around 2^64 */
	vm_set_mem(&d[1], 0xfffffffffffff000UL, 0x2000);
	assert_vm1_rejected(d, "'memory'");
}

static void test_reject_memory_wrong_cell_count(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_cells(&d[1], "memory", 2, 0x80000000, 0x1000000);
	assert_vm1_rejected(d, "'memory'");
	vm_set_cells(&d[1], "memory", 6, 0, 0x80000000, 0, 0x1000000, 0, 0);
	assert_vm1_rejected(d, "'memory'");
}

static void test_reject_too_many_memory_regions(void **state)
{
	struct vm_desc *d = two_vms();
	fdt32_t cells[4 * (VM_MAX_MEM_REGIONS + 1)];

	(void)state;
	for (unsigned i = 0; i <= VM_MAX_MEM_REGIONS; i++) {
		cells[4 * i] = 0;
		cells[4 * i + 1] = cpu_to_fdt32(0x80000000 + i * 0x100000);
		cells[4 * i + 2] = 0;
		cells[4 * i + 3] = cpu_to_fdt32(0x100000);
	}
	vm_set(&d[1], "memory", cells, sizeof(cells));
	assert_vm1_rejected(d, "'memory'");
	vm_set(&d[1], "memory", cells, sizeof(cells) - 16);
	assert_int_equal(parse(d, 2), 0);
	assert_int_equal(vms[1].nmem, VM_MAX_MEM_REGIONS);
}

/* ---- kernel, initrd, fdt ---- */

static void test_reject_missing_kernel(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_del(&d[1], "kernel");
	assert_vm1_rejected(d, "'kernel'");
}

static void test_reject_empty_kernel(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set(&d[1], "kernel", NULL, 0);
	assert_vm1_rejected(d, "'kernel'");
}

static void test_reject_empty_initrd(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set(&d[1], "initrd", NULL, 0);
	assert_vm1_rejected(d, "'initrd'");
}

static void test_reject_kernel_addr_bad_length(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_cells(&d[1], "kernel-addr", 3, 0, 0x80000000, 0);
	assert_vm1_rejected(d, "'kernel-addr'");
	vm_set(&d[1], "kernel-addr", NULL, 0);
	assert_vm1_rejected(d, "'kernel-addr'");
}

static void test_reject_kernel_addr_unaligned(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_cells(&d[1], "kernel-addr", 1, 0x80000002);
	assert_vm1_rejected(d, "'kernel-addr'");
}

static void test_reject_fdt_not_a_dtb(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set(&d[1], "fdt", "not a device tree, just some bytes in a property", 48);
	assert_vm1_rejected(d, "'fdt'");
	vm_set(&d[1], "fdt", "\xd0\x0d\xfe\xed", 4);
	assert_vm1_rejected(d, "'fdt'");
}

static void test_reject_fdt_truncated(void **state)
{
	struct vm_desc *d = two_vms();
	size_t dtb_size;
	const void *dtb = small_dtb(&dtb_size);

	(void)state;
	vm_set(&d[1], "fdt", dtb, dtb_size - 8);
	assert_vm1_rejected(d, "'fdt'");
}

/* guest_fdt.c's fdt_open_into would walk it with misaligned loads. */
static void test_reject_fdt_misaligned_struct_block(void **state)
{
	struct vm_desc *d = two_vms();
	size_t dtb_size;
	const void *dtb = misalign_struct_block(small_dtb(&dtb_size), &dtb_size);

	(void)state;
	vm_set(&d[1], "fdt", dtb, dtb_size);
	assert_vm1_rejected(d, "'fdt'");
}

/*
 * A length field over INT_MAX: libfdt (Linux 6.1) hands it back as a
 * negative length beside a valid pointer, which made a 4 GiB kernel out of
 * a few bytes (found by tests/fuzz/fuzz_config). The blob's tag walk now
 * refuses it first; check_props() would otherwise.
 */
static void test_reject_property_length_past_int_max(void **state)
{
	struct vm_desc *d = two_vms();
	size_t size;
	void *blob = build("hypocaust,config", d, 2, &size);
	struct fdt_property *p =
		fdt_get_property_w(blob, fdt_path_offset(blob, "/vm@1"), "kernel", NULL);

	(void)state;
	assert_non_null(p);
	p->len = cpu_to_fdt32(0xfffffffb);
	assert_int_not_equal(config_parse(blob, size, &host4, vms, &nvms, err, sizeof(err)), 0);
	assert_contains(err, "config: malformed blob");
}

/*
 * A length just under INT_MAX that carries libfdt's next-tag offset past
 * INT_MAX: its bounds check then overflowed (UB) unless libfdt is built
 * with -fwrapv, as it is now (found by tests/fuzz/fuzz_config).
 */
static void test_reject_property_length_wrapping_offset(void **state)
{
	struct vm_desc *d = two_vms();
	size_t size;
	uint8_t *blob = build("hypocaust,config", d, 2, &size);
	struct fdt_property *p =
		fdt_get_property_w(blob, fdt_path_offset(blob, "/vm@1"), "kernel", NULL);
	uint32_t start = (uint32_t)((uint8_t *)p - blob) - fdt_off_dt_struct(blob);

	(void)state;
	/* The next tag would be at start + 12 + len: INT_MIN as an int. */
	p->len = cpu_to_fdt32(0x80000000U - 12 - start);
	assert_int_not_equal(config_parse(blob, size, &host4, vms, &nvms, err, sizeof(err)), 0);
	assert_contains(err, "config: malformed blob");
}

/* libfdt reads reservation entries as 8-byte aligned structs (DT spec 5.3). */
static void test_reject_fdt_misaligned_reservation_block(void **state)
{
	struct vm_desc *d = two_vms();
	size_t dtb_size;
	const void *dtb = small_dtb(&dtb_size);

	(void)state;
	dtb = insert_gap(dtb, fdt_off_mem_rsvmap(dtb), 4, &dtb_size);
	vm_set(&d[1], "fdt", dtb, dtb_size);
	assert_vm1_rejected(d, "'fdt'");
}

/*
 * A length field of -12 makes libfdt's next tag the property itself: every
 * walk past it went round forever (found by tests/fuzz/fuzz_config).
 */
static void test_reject_property_looping_the_walk(void **state)
{
	struct vm_desc *d = two_vms();
	size_t size;
	void *blob;
	struct fdt_property *p;

	(void)state;
	d[0].node = "not-a-vm"; /* skipped, so only the walk past it meets the loop */
	blob = build("hypocaust,config", d, 2, &size);
	p = fdt_get_property_w(blob, fdt_path_offset(blob, "/not-a-vm"), "kernel", NULL);
	assert_non_null(p);
	p->len = cpu_to_fdt32((uint32_t)-12);
	assert_int_not_equal(config_parse(blob, size, &host4, vms, &nvms, err, sizeof(err)), 0);
	assert_contains(err, "config: malformed blob");
}

/* ---- strings ---- */

static void test_reject_console_bogus(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_str(&d[1], "console", "bogus");
	assert_vm1_rejected(d, "'console'");
	vm_set(&d[1], "console", "uart", 4); /* no terminating NUL */
	assert_vm1_rejected(d, "'console'");
	vm_set(&d[1], "console", "sbi\0uart", 9); /* a string list */
	assert_vm1_rejected(d, "'console'");
}

static void test_reject_on_crash_bogus(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_str(&d[1], "on-crash", "reboot");
	assert_vm1_rejected(d, "'on-crash'");
	assert_contains(err, "must be \"stop\" or \"restart\"");
	vm_set_cells(&d[1], "on-crash", 1, 1);
	assert_vm1_rejected(d, "'on-crash'");
}

static void test_reject_bootargs_not_a_string(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_cells(&d[1], "bootargs", 1, 0x1);
	assert_vm1_rejected(d, "'bootargs'");
	vm_set(&d[1], "bootargs", "a\0b", 4);
	assert_vm1_rejected(d, "'bootargs'");
	vm_set(&d[1], "bootargs", NULL, 0);
	assert_vm1_rejected(d, "'bootargs'");
}

static void test_reject_unknown_property(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set(&d[1], "kernal", kernel_bytes, sizeof(kernel_bytes));
	assert_vm1_rejected(d, "'kernal'");
	assert_contains(err, "unknown");
}

/* ---- the error message itself ---- */

static void test_error_message_names_vm_name_too(void **state)
{
	struct vm_desc *d = two_vms();

	(void)state;
	vm_set_str(&d[1], "console", "bogus");
	assert_vm1_rejected(d, "'console'");
	assert_contains(err, "\"second\"");
}

static void test_error_message_truncated_to_errlen(void **state)
{
	struct vm_desc *d = two_vms();
	size_t size;
	void *blob;
	/* Exactly 12 bytes so that ASan catches a write past the end. */
	char *small = test_alloc(12);

	(void)state;
	vm_set_str(&d[1], "console", "bogus");
	blob = build("hypocaust,config", d, 2, &size);
	assert_int_not_equal(config_parse(blob, size, &host4, vms, &nvms, small, 12), 0);
	assert_int_equal(strlen(small), 11);
	assert_memory_equal(small, "vm@1 (\"seco", 11);
}

#define CFG_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown_free_all)

int main(void)
{
	const struct CMUnitTest tests[] = {
		CFG_TEST(test_parse_full_vm_fills_every_field),
		CFG_TEST(test_parse_minimal_vm_defaults),
		CFG_TEST(test_parse_console_default_is_uart),
		CFG_TEST(test_parse_kernel_addr_one_cell),
		CFG_TEST(test_parse_kernel_addr_two_cells_above_4g),
		CFG_TEST(test_parse_console_sbi_explicit),
		CFG_TEST(test_parse_on_crash),
		CFG_TEST(test_parse_two_vms),
		CFG_TEST(test_parse_name_defaults_to_node_name),
		CFG_TEST(test_parse_name_of_31_chars_fits),
		CFG_TEST(test_parse_ignores_other_nodes),
		CFG_TEST(test_parse_memory_up_to_41_bit_limit),
		CFG_TEST(test_parse_fdt_property_kept),
		CFG_TEST(test_parse_fdt_property_at_4_byte_alignment),
		CFG_TEST(test_reject_garbage_bytes),
		CFG_TEST(test_reject_truncated_blob),
		CFG_TEST(test_reject_misaligned_struct_block),
		CFG_TEST(test_reject_null_blob),
		CFG_TEST(test_reject_wrong_root_compatible),
		CFG_TEST(test_reject_missing_root_compatible),
		CFG_TEST(test_reject_no_vm_node),
		CFG_TEST(test_reject_more_than_max_vms),
		CFG_TEST(test_reject_empty_name),
		CFG_TEST(test_reject_name_too_long),
		CFG_TEST(test_reject_name_not_a_string),
		CFG_TEST(test_reject_duplicate_names),
		CFG_TEST(test_reject_default_name_clashing_with_explicit),
		CFG_TEST(test_reject_missing_cpus),
		CFG_TEST(test_reject_empty_cpus),
		CFG_TEST(test_reject_cpus_not_whole_cells),
		CFG_TEST(test_reject_more_cpus_than_max_vcpus),
		CFG_TEST(test_reject_hart_not_on_host),
		CFG_TEST(test_reject_hart_twice_in_one_vm),
		CFG_TEST(test_reject_same_hart_in_two_vms),
		CFG_TEST(test_reject_missing_memory),
		CFG_TEST(test_reject_memory_not_4k_aligned),
		CFG_TEST(test_reject_memory_zero_size),
		CFG_TEST(test_reject_memory_regions_overlapping),
		CFG_TEST(test_accept_memory_regions_touching),
		CFG_TEST(test_reject_memory_above_41_bits),
		CFG_TEST(test_reject_memory_wrong_cell_count),
		CFG_TEST(test_reject_too_many_memory_regions),
		CFG_TEST(test_reject_missing_kernel),
		CFG_TEST(test_reject_empty_kernel),
		CFG_TEST(test_reject_empty_initrd),
		CFG_TEST(test_reject_kernel_addr_bad_length),
		CFG_TEST(test_reject_kernel_addr_unaligned),
		CFG_TEST(test_reject_fdt_not_a_dtb),
		CFG_TEST(test_reject_fdt_truncated),
		CFG_TEST(test_reject_fdt_misaligned_struct_block),
		CFG_TEST(test_reject_property_length_past_int_max),
		CFG_TEST(test_reject_property_length_wrapping_offset),
		CFG_TEST(test_reject_fdt_misaligned_reservation_block),
		CFG_TEST(test_reject_property_looping_the_walk),
		CFG_TEST(test_reject_console_bogus),
		CFG_TEST(test_reject_on_crash_bogus),
		CFG_TEST(test_reject_bootargs_not_a_string),
		CFG_TEST(test_reject_unknown_property),
		CFG_TEST(test_error_message_names_vm_name_too),
		CFG_TEST(test_error_message_truncated_to_errlen),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
