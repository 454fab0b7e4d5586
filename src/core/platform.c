// SPDX-License-Identifier: MIT
/*
 * Reads the host DT: harts, memory, console UART, initrd (the config blob),
 * rng-seed, the devices VMs' models stand in for.
 */
#include "platform.h"
#include "../arch/riscv/encoding.h"
#include "isa.h"
#include "lib.h"
#include "page_alloc.h"
#include "vdev_models.h"
#include <libfdt.h>
#include "fdt_cells.h"

struct platform platform;

static bool node_is_okay(const void *fdt, int node)
{
	const char *s = fdt_getprop(fdt, node, "status", NULL);

	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}

/*
 * The first cell of a property, or false if it has none. The firmware's DT
 * is trusted to be the machine's, not to be well formed: a property too
 * short for what is read from it is taken as absent.
 */
static bool prop_u32(const void *fdt, int node, const char *name, uint32_t *v)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len < 4)
		return false;
	*v = fdt32_to_cpu(*p);
	return true;
}

/* #address-cells and #size-cells the parser can read: 1 or 2 (64 bits at most). */
/* The first address of node's reg, in its parent's #address-cells. */
static bool reg_base(const void *fdt, int node, uint64_t *base)
{
	int len, ac = fdt_address_cells(fdt, fdt_parent_offset(fdt, node));
	const fdt32_t *p = fdt_getprop(fdt, node, "reg", &len);

	if (!p || !cells_usable(ac) || len < 4 * ac)
		return false;
	*base = read_cells(p, ac);
	return true;
}

static void parse_cpu(const void *fdt, int node)
{
	const char *s;
	uint32_t id;

	if (!prop_u32(fdt, node, "reg", &id) || !node_is_okay(fdt, node) ||
	    platform.harts.count == MAX_HARTS || id >= MAX_HARTS)
		return;
	platform.harts.id[platform.harts.count++] = id;
	s = fdt_getprop(fdt, node, "riscv,isa", NULL);
	if (s && !platform.isa[0])
		snprintf(platform.isa, sizeof(platform.isa), "%s", s);
	s = fdt_getprop(fdt, node, "mmu-type", NULL);
	if (s && !platform.mmu_type[0])
		snprintf(platform.mmu_type, sizeof(platform.mmu_type), "%s", s);
}

static int parse_cpus(const void *fdt, char *err, size_t errlen)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;

	if (cpus < 0) {
		snprintf(err, errlen, "host DT has no /cpus node");
		return HYP_EINVAL;
	}
	if (!prop_u32(fdt, cpus, "timebase-frequency", &platform.timebase) || !platform.timebase)
		platform.timebase = 10000000;
	fdt_for_each_subnode (node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (type && !strcmp(type, "cpu"))
			parse_cpu(fdt, node);
	}
	if (!platform.harts.count) {
		snprintf(err, errlen, "host DT lists no usable hart (ids below %d)", MAX_HARTS);
		return HYP_EINVAL;
	}
	return HYP_OK;
}

static void parse_memory(const void *fdt)
{
	int node, len, ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);

	if (!cells_usable(ac) || !cells_usable(sc))
		return;
	fdt_for_each_subnode (node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (!type || strcmp(type, "memory") || !reg)
			continue;
		for (int i = 0; i + ac + sc <= len / 4 && platform.nmem < PLATFORM_MAX_MEM;
		     i += ac + sc) {
			platform.mem_base[platform.nmem] = read_cells(reg + i, ac);
			platform.mem_size[platform.nmem++] = read_cells(reg + i + ac, sc);
		}
	}
}

static void parse_uart(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "ns16550a");
	uint32_t v;

	if (node < 0 || !reg_base(fdt, node, &platform.uart_base))
		return;
	/* An 8250's registers are at most 4 bytes apart (reg-shift 2). */
	platform.uart_shift = prop_u32(fdt, node, "reg-shift", &v) && v <= 2 ? v : 0;
	platform.uart_irq = prop_u32(fdt, node, "interrupts", &v) ? v : 0;
}

/* The hart whose cpu node holds the interrupt controller with this phandle. */
static int hart_of_intc(const void *fdt, uint32_t phandle)
{
	int intc = fdt_node_offset_by_phandle(fdt, phandle);
	uint32_t hart;

	if (intc < 0 || !prop_u32(fdt, fdt_parent_offset(fdt, intc), "reg", &hart) ||
	    hart >= MAX_HARTS)
		return -1;
	return (int)hart;
}

/*
 * interrupts-extended lists (cpu-intc, cause) pairs, one per PLIC context:
 * the context whose cause is 9 (supervisor external) is the hart's S one.
 */
static void parse_plic(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "riscv,plic0"), len;
	const fdt32_t *p;

	for (unsigned i = 0; i < MAX_HARTS; i++)
		platform.plic_s_context[i] = -1;
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "sifive,plic-1.0.0");
	if (node < 0 || !reg_base(fdt, node, &platform.plic_base))
		return;
	p = fdt_getprop(fdt, node, "interrupts-extended", &len);
	for (int ctx = 0; p && ctx < len / 8; ctx++) {
		int hart = hart_of_intc(fdt, fdt32_to_cpu(p[2 * ctx]));

		if (fdt32_to_cpu(p[2 * ctx + 1]) == IRQ_S_EXT && hart >= 0 && hart < MAX_HARTS)
			platform.plic_s_context[hart] = ctx;
	}
}

static void parse_finisher(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "sifive,test0");

	if (node >= 0)
		reg_base(fdt, node, &platform.finisher_base);
}

/* The host's Goldfish RTC (QEMU virt), the VMs' source of the wall-clock time. */
static void parse_rtc(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "google,goldfish-rtc");

	if (node >= 0)
		reg_base(fdt, node, &platform.rtc_base);
}

static void parse_virtio(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio");

	if (node >= 0)
		reg_base(fdt, node, &platform.virtio_base);
}

/* Empty virtio-mmio slots of VMs report the version the host's transport has. */
void platform_read_virtio_version(void)
{
	if (platform.virtio_base)
		virtio_empty_version = *(volatile uint32_t *)(uintptr_t)(platform.virtio_base + 4);
}

static void parse_chosen(const void *fdt)
{
	int node = fdt_path_offset(fdt, "/chosen"), len;
	const fdt32_t *p;

	if (node < 0)
		return;
	/* One or two cells, whatever #address-cells says (as Linux reads them). */
	p = fdt_getprop(fdt, node, "linux,initrd-start", &len);
	if (p && (len == 4 || len == 8))
		platform.initrd_start = read_cells(p, len / 4);
	p = fdt_getprop(fdt, node, "linux,initrd-end", &len);
	if (p && (len == 4 || len == 8))
		platform.initrd_end = read_cells(p, len / 4);
	p = fdt_getprop(fdt, node, "rng-seed", &len);
	if (p && len > 0) {
		platform.rng_seed = p;
		platform.rng_seed_len = (unsigned)len;
	}
}

int platform_parse(const void *dtb, char *err, size_t errlen)
{
	int r = fdt_check_header(dtb);

	if (!r)
		r = dt_check_alignment(dtb);
	if (!r)
		r = dt_check_tags(dtb);
	if (r) {
		snprintf(err, errlen, "host DT is invalid: %s", fdt_strerror(r));
		return HYP_EINVAL;
	}
	platform.dtb = dtb;
	parse_uart(dtb);
	parse_plic(dtb);
	parse_memory(dtb);
	parse_chosen(dtb);
	parse_finisher(dtb);
	parse_rtc(dtb);
	parse_virtio(dtb);
	r = parse_cpus(dtb, err, errlen);
	platform.has_sstc = isa_has_ext(platform.isa, "sstc");
	return r;
}

/* /reserved-memory children and /memreserve/ entries are not for guests. */
static int reserve_firmware_regions(const void *fdt)
{
	int rm = fdt_path_offset(fdt, "/reserved-memory"), node, len, r = 0;
	uint64_t addr, size;

	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++)
		if (!fdt_get_mem_rsv(fdt, i, &addr, &size))
			r |= page_alloc_reserve(addr, size);
	if (rm < 0)
		return r;
	fdt_for_each_subnode (node, fdt, rm) {
		int ac = fdt_address_cells(fdt, rm), sc = fdt_size_cells(fdt, rm);
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		/* Not understood is not free: the whole DT is refused. */
		if (!cells_usable(ac) || !cells_usable(sc))
			return HYP_EINVAL;
		for (int i = 0; reg && i + ac + sc <= len / 4; i += ac + sc)
			r |= page_alloc_reserve(read_cells(reg + i, ac),
						read_cells(reg + i + ac, sc));
	}
	return r;
}

int platform_init_memory(uint64_t image_start, uint64_t image_end, char *err, size_t errlen)
{
	int r;

	page_alloc_reset();
	for (unsigned i = 0; i < platform.nmem; i++)
		page_alloc_add(platform.mem_base[i], platform.mem_size[i]);
	if (!platform.nmem) {
		snprintf(err, errlen, "host DT has no memory node");
		return HYP_EINVAL;
	}
	r = page_alloc_reserve(image_start, image_end - image_start);
	r |= page_alloc_reserve((uintptr_t)platform.dtb, fdt_totalsize(platform.dtb));
	if (platform.initrd_end > platform.initrd_start)
		r |= page_alloc_reserve(platform.initrd_start,
					platform.initrd_end - platform.initrd_start);
	r |= reserve_firmware_regions(platform.dtb);
	if (r) {
		/* Handing out memory that should be reserved is not an option. */
		snprintf(err, errlen,
			 "cannot set aside the host DT's reserved memory (too many "
			 "regions, or #address-cells/#size-cells not 1 or 2)");
		return HYP_ENOMEM;
	}
	return HYP_OK;
}
