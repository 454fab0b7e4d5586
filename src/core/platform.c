// SPDX-License-Identifier: MIT
/* Reads the host DT: harts, memory, console UART, initrd (the config blob). */
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

static void parse_cpu(const void *fdt, int node)
{
	const char *s;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", NULL);

	if (!reg || !node_is_okay(fdt, node) || platform.harts.count == MAX_HARTS)
		return;
	if (fdt32_to_cpu(*reg) >= MAX_HARTS)
		return;
	platform.harts.id[platform.harts.count++] = fdt32_to_cpu(*reg);
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
	const fdt32_t *tb;

	if (cpus < 0) {
		snprintf(err, errlen, "host DT has no /cpus node");
		return HYP_EINVAL;
	}
	tb = fdt_getprop(fdt, cpus, "timebase-frequency", NULL);
	platform.timebase = tb ? fdt32_to_cpu(*tb) : 10000000;
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
	const fdt32_t *p;
	int parent;

	if (node < 0)
		return;
	parent = fdt_parent_offset(fdt, node);
	p = fdt_getprop(fdt, node, "reg", NULL);
	if (!p)
		return;
	platform.uart_base = read_cells(p, fdt_address_cells(fdt, parent));
	p = fdt_getprop(fdt, node, "reg-shift", NULL);
	platform.uart_shift = p ? fdt32_to_cpu(*p) : 0;
	p = fdt_getprop(fdt, node, "interrupts", NULL);
	platform.uart_irq = p ? fdt32_to_cpu(*p) : 0;
}

/* The hart whose cpu node holds the interrupt controller with this phandle. */
static int hart_of_intc(const void *fdt, uint32_t phandle)
{
	int intc = fdt_node_offset_by_phandle(fdt, phandle);
	const fdt32_t *reg =
		intc < 0 ? NULL : fdt_getprop(fdt, fdt_parent_offset(fdt, intc), "reg", NULL);

	return reg ? (int)fdt32_to_cpu(*reg) : -1;
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
	p = node < 0 ? NULL : fdt_getprop(fdt, node, "reg", NULL);
	if (!p)
		return;
	platform.plic_base = read_cells(p, fdt_address_cells(fdt, fdt_parent_offset(fdt, node)));
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
	const fdt32_t *p = node < 0 ? NULL : fdt_getprop(fdt, node, "reg", NULL);

	if (p)
		platform.finisher_base =
			read_cells(p, fdt_address_cells(fdt, fdt_parent_offset(fdt, node)));
}

/* Empty virtio-mmio slots of VMs report the version the host's transport has. */
static void read_virtio_version(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio");
	const fdt32_t *p = node < 0 ? NULL : fdt_getprop(fdt, node, "reg", NULL);
	uint64_t base;

	if (!p)
		return;
	base = read_cells(p, fdt_address_cells(fdt, fdt_parent_offset(fdt, node)));
	virtio_empty_version = *(volatile uint32_t *)(uintptr_t)(base + 4);
}

static void parse_chosen(const void *fdt)
{
	int node = fdt_path_offset(fdt, "/chosen"), len;
	const fdt32_t *p;

	if (node < 0)
		return;
	p = fdt_getprop(fdt, node, "linux,initrd-start", &len);
	if (p)
		platform.initrd_start = read_cells(p, len / 4);
	p = fdt_getprop(fdt, node, "linux,initrd-end", &len);
	if (p)
		platform.initrd_end = read_cells(p, len / 4);
}

int platform_parse(const void *dtb, char *err, size_t errlen)
{
	int r = fdt_check_header(dtb);

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
	read_virtio_version(dtb);
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
		snprintf(err, errlen, "too many reserved memory regions in the host DT");
		return HYP_ENOMEM;
	}
	return HYP_OK;
}
