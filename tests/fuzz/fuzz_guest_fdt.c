// SPDX-License-Identifier: MIT
/*
 * guest_fdt_build (src/core/guest_fdt.c) as vm.c calls it, on a VM that
 * config_parse accepted. The input is:
 *   control bytes: vCPUs, memory, console, initrd, timebase, MMU type,
 *                  which host nodes are passed through, which path;
 *   the host ISA string and the bootargs, each up to a NUL;
 *   a DT blob: in "adopt" mode the VM's own `fdt` property (wrapped in a
 *   config blob and put through config_parse first, as at boot), in
 *   "generate" mode the host DT whose nodes are passed through.
 * The DT built must be a well-formed blob within GUEST_FDT_MAX that says
 * what the VM's configuration says.
 */
#include "fuzz.h"

#include <libfdt.h>

#include "guest_fdt.h"
#include "lib.h"
#include "platform.h"

#define CONFIG_MAX (GUEST_FDT_MAX + 4096)

static const struct host_harts harts = {8, {0, 1, 2, 3, 4, 5, 6, 7}};
static const char *const mmu_types[] = {NULL, "", "riscv,sv39", "riscv,sv48", "riscv,sv57"};

struct fuzz_vm {
	bool adopt;
	unsigned ncpus, nmem;
	uint32_t mem[4 * VM_MAX_MEM_REGIONS]; /* memory = <...>, big-endian */
	bool sbi_console, has_bootargs;
	char bootargs[256];
	const uint8_t *dtb;
	size_t dtb_len;
};

/* A config blob holding one VM, built the way dtc would lay it out. */
static int build_config(const struct fuzz_vm *f, void *buf)
{
	fdt32_t cpus[MAX_VCPUS];
	static const uint8_t kernel[4] = {0x6f}; /* j . */
	int r = fdt_create(buf, CONFIG_MAX);

	for (unsigned i = 0; i < f->ncpus; i++)
		cpus[i] = cpu_to_fdt32(i);
	r = r ?: fdt_finish_reservemap(buf);
	r = r ?: fdt_begin_node(buf, "");
	r = r ?: fdt_property_string(buf, "compatible", "hypocaust,config");
	r = r ?: fdt_begin_node(buf, "vm@0");
	r = r ?: fdt_property(buf, "cpus", cpus, (int)(4 * f->ncpus));
	r = r ?: fdt_property(buf, "memory", f->mem, (int)(16 * f->nmem));
	r = r ?: fdt_property(buf, "kernel", kernel, sizeof(kernel));
	if (f->has_bootargs)
		r = r ?: fdt_property_string(buf, "bootargs", f->bootargs);
	r = r ?: fdt_property_string(buf, "console", f->sbi_console ? "sbi" : "uart");
	if (f->adopt)
		r = r ?: fdt_property(buf, "fdt", f->dtb, (int)f->dtb_len);
	r = r ?: fdt_end_node(buf);
	r = r ?: fdt_end_node(buf);
	return r ?: fdt_finish(buf);
}

static void read_vm(struct fuzz_in *in, struct fuzz_vm *f)
{
	uint8_t flags = fz_u8(in);

	f->adopt = flags & 1;
	f->sbi_console = flags & 2;
	f->has_bootargs = flags & 4;
	f->ncpus = 1 + fz_u8(in) % MAX_VCPUS;
	f->nmem = 1 + fz_u8(in) % VM_MAX_MEM_REGIONS;
	/* Region i lies in its own 16 GiB slot, so they never overlap. */
	for (unsigned i = 0; i < f->nmem; i++) {
		uint64_t base = ((uint64_t)i << 34) + ((uint64_t)fz_u8(in) << 24);
		uint64_t size = ((uint64_t)fz_u8(in) + 1) << 20;

		f->mem[4 * i] = cpu_to_fdt32((uint32_t)(base >> 32));
		f->mem[4 * i + 1] = cpu_to_fdt32((uint32_t)base);
		f->mem[4 * i + 2] = cpu_to_fdt32((uint32_t)(size >> 32));
		f->mem[4 * i + 3] = cpu_to_fdt32((uint32_t)size);
	}
}

/* Offsets of the host nodes picked by mask: nodes below the root, in order. */
static unsigned pick_devices(const void *dtb, uint32_t mask, int *nodes)
{
	unsigned n = 0, k = 0;
	int depth = 0, off = 0;

	while (n < VM_MAX_DEVICES && k < 32) {
		off = fdt_next_node(dtb, off, &depth);
		if (off < 0 || depth < 1)
			break;
		if (mask & (1U << k++))
			nodes[n++] = off;
	}
	return n;
}

/* A property's name lies in the string table its header sizes. */
static bool name_in_table(const void *dt, int prop)
{
	const struct fdt_property *p = fdt_get_property_by_offset(dt, prop, NULL);

	return p && fdt32_to_cpu(p->nameoff) < fdt_size_dt_strings(dt);
}

/*
 * Every node and property of the blob can be reached and read, and every
 * name is in the string table: libfdt reads a version 16 DT's names up to
 * its end, but fdt_open_into makes it version 17, where only the table
 * counts (a VM DT found by the fuzzer that broke that way was malformed).
 */
static bool well_formed(const void *dt)
{
	int depth = 0, off = 0, prop, len;
	const char *name;

	/* fdt_next_node leaves depth < 0 after the root's end. */
	while (off >= 0 && depth >= 0) {
		if (!fdt_get_name(dt, off, NULL))
			return false;
		fdt_for_each_property_offset (prop, dt, off)
			if (!fdt_getprop_by_offset(dt, prop, &name, &len) || len < 0 ||
			    !name_in_table(dt, prop))
				return false;
		if (prop != -FDT_ERR_NOTFOUND)
			return false;
		off = fdt_next_node(dt, off, &depth);
	}
	return depth < 0 || off == -FDT_ERR_NOTFOUND;
}

/* The VM's own DT, as guest_fdt.c finds it: copied to an aligned buffer. */
static bool vm_dt_well_formed(const struct blob *b)
{
	void *copy = aligned_alloc(8, ALIGN_UP(b->size, 8));
	bool ok;

	if (!copy)
		abort();
	memcpy(copy, b->data, b->size);
	ok = !fdt_check_header(copy) && well_formed(copy);
	free(copy);
	return ok;
}

static uint64_t u64_prop(const void *dt, int node, const char *name)
{
	int len;
	const void *p = fdt_getprop(dt, node, name, &len);
	fdt64_t v;

	FUZZ_CHECK(p && len == 8);
	memcpy(&v, p, sizeof(v));
	return fdt64_to_cpu(v);
}

static void check_generated(const void *dt, const struct vm_config *c)
{
	char path[32];
	const char *s;

	snprintf(path, sizeof(path), "/cpus/cpu@%u", c->ncpus - 1);
	FUZZ_CHECK(fdt_path_offset(dt, path) >= 0);
	snprintf(path, sizeof(path), "/cpus/cpu@%u", c->ncpus);
	FUZZ_CHECK(fdt_path_offset(dt, path) == -FDT_ERR_NOTFOUND);
	s = fdt_getprop(dt, fdt_path_offset(dt, "/chosen"), "bootargs", NULL);
	FUZZ_CHECK(!c->bootargs == !s);
	FUZZ_CHECK(!s || !strcmp(s, c->bootargs));
}

static void check_dt(const void *dt, int r, const struct vm_config *c, const struct boot_info *bi)
{
	int chosen;
	bool ok;

	FUZZ_CHECK(r > 0 && r <= GUEST_FDT_MAX);
	FUZZ_CHECK(fdt_check_header(dt) == 0 && (int)fdt_totalsize(dt) == r);
	/* A malformed DT of the VM's own is passed on as it is, not mended. */
	ok = well_formed(dt);
	FUZZ_CHECK(ok || (c->fdt.data && !vm_dt_well_formed(&c->fdt)));
	if (!ok)
		return;
	if (!c->fdt.data)
		check_generated(dt, c);
	if (bi->initrd_end > bi->initrd_start) {
		chosen = fdt_path_offset(dt, "/chosen");
		FUZZ_CHECK(chosen >= 0);
		FUZZ_CHECK(u64_prop(dt, chosen, "linux,initrd-start") == bi->initrd_start);
		FUZZ_CHECK(u64_prop(dt, chosen, "linux,initrd-end") == bi->initrd_end);
	}
}

static void run(struct fuzz_in *in, void *config, void *out)
{
	static struct vm_config vms[MAX_VMS];
	struct fuzz_vm f;
	struct boot_info bi = {0};
	struct guest_fdt_host h = {0};
	char isa[ISA_MAX], err[256];
	int nodes[VM_MAX_DEVICES], r;
	uint32_t devmask;
	unsigned nvms;
	void *host_dtb = NULL;

	read_vm(in, &f);
	if (fz_u8(in) & 1) {
		bi.initrd_start = (uint64_t)fz_u32(in) << 12;
		bi.initrd_end = bi.initrd_start + fz_u16(in) + 1;
	}
	h.timebase = fz_u32(in);
	h.mmu_type = mmu_types[fz_u8(in) % ARRAY_SIZE(mmu_types)];
	devmask = fz_u32(in);
	fz_str(in, isa, sizeof(isa));
	h.isa = isa;
	fz_str(in, f.bootargs, sizeof(f.bootargs));
	f.dtb = in->p;
	f.dtb_len = MIN(in->n, (size_t)GUEST_FDT_MAX);

	if (build_config(&f, config))
		return;
	if (config_parse(config, fdt_totalsize(config), &harts, vms, &nvms, err, sizeof(err)))
		return; /* the hypervisor would not boot with it */
	FUZZ_CHECK(nvms == 1);
	/*
	 * The host DT is the firmware's, 8-byte aligned and well formed:
	 * what platform_parse would not take is not a host DT.
	 */
	if (!f.adopt && f.dtb_len >= sizeof(struct fdt_header)) {
		host_dtb = aligned_alloc(8, ALIGN_UP(f.dtb_len, 8));
		if (!host_dtb)
			abort();
		memcpy(host_dtb, f.dtb, f.dtb_len);
		if (!fdt_check_header(host_dtb) && fdt_totalsize(host_dtb) <= f.dtb_len &&
		    IS_ALIGNED(fdt_off_dt_struct(host_dtb), FDT_TAGSIZE) && well_formed(host_dtb)) {
			h.dtb = host_dtb;
			h.device_nodes = nodes;
			h.ndevices = pick_devices(host_dtb, devmask, nodes);
		}
	}
	r = guest_fdt_build(&vms[0], &bi, &h, out, GUEST_FDT_MAX);
	if (r >= 0)
		check_dt(out, r, &vms[0], &bi);
	free(host_dtb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in;
	size_t len;
	uint8_t *copy;
	void *config = aligned_alloc(8, CONFIG_MAX), *out = aligned_alloc(8, GUEST_FDT_MAX);

	if (!config || !out)
		abort();
	/* A copy of the input of its own size, so ASan sees reads past it. */
	in = (struct fuzz_in){data, size};
	copy = fz_rest_copy(&in, &len);
	in = (struct fuzz_in){copy, len};
	run(&in, config, out);
	free(copy);
	free(config);
	free(out);
	return 0;
}
