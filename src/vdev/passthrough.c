// SPDX-License-Identifier: MIT
#include "passthrough.h"
#include "config.h"
#include "lib.h"
#include "platform.h"
#include "vm.h"
#include <libfdt.h>
#include "fdt_cells.h"

/*
 * The VM that owns host interrupt src. Derived from the VMs' device lists
 * (at most MAX_VMS * VM_MAX_DEVICES * PT_MAX_IRQS entries), so a device
 * refused at creation never holds a line.
 */
struct vm *passthrough_irq_owner(unsigned src)
{
	for (unsigned i = 0; i < nr_vms; i++)
		for (unsigned d = 0; d < vms[i].npt; d++)
			for (unsigned k = 0; k < vms[i].pt[d].nirqs; k++)
				if (src && vms[i].pt[d].irq[k] == src)
					return &vms[i];
	return NULL;
}

/* The VM, vm itself included, that already has the device at host DT node. */
static const struct vm *owner_of(const struct vm *vm, int node)
{
	for (unsigned i = 0; i < nr_vms; i++) {
		unsigned n = &vms[i] == vm ? vm->npt : vms[i].npt;

		for (unsigned d = 0; d < n; d++)
			if (vms[i].pt[d].node == node)
				return &vms[i];
		if (&vms[i] == vm)
			break;
	}
	return NULL;
}

static bool add_window(struct pt_device *d, uint64_t base, uint64_t size)
{
	size = ALIGN_UP(size, 4096);
	if (d->nwin == PT_MAX_WINDOWS || !size || !IS_ALIGNED(base, 4096) ||
	    range_wraps(base, size))
		return false;
	d->win[d->nwin++] = (struct pt_window){base, size};
	return true;
}

/* Every `reg` entry, in the cells of the parent bus. */
static bool read_reg(const void *fdt, struct pt_device *d, int ac, int sc)
{
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, d->node, "reg", &len);

	if (!reg || !cells_usable(ac) || !cells_usable(sc) || len < 4 * (ac + sc))
		return false;
	for (int i = 0; i + ac + sc <= len / 4; i += ac + sc)
		if (!add_window(d, read_cells(reg + i, ac), read_cells(reg + i + ac, sc)))
			return false;
	return true;
}

/*
 * A PCIe host bridge's `ranges` (PCI bus binding): a 3-cell PCI address,
 * the CPU address in the parent's cells, a size. Each is a window where
 * the bridge answers for its devices' BARs.
 */
static bool read_pci_ranges(const void *fdt, struct pt_device *d, int pac)
{
	int cac = fdt_address_cells(fdt, d->node), csc = fdt_size_cells(fdt, d->node), len;
	const fdt32_t *r = fdt_getprop(fdt, d->node, "ranges", &len);
	int stride = cac + pac + csc;

	if (!r || cac != 3 || !cells_usable(pac) || !cells_usable(csc))
		return false;
	for (int i = 0; i + stride <= len / 4; i += stride)
		if (!add_window(d, read_cells(r + i + cac, pac),
				read_cells(r + i + cac + pac, csc)))
			return false;
	return true;
}

static bool add_irq(struct pt_device *d, uint32_t irq)
{
	for (unsigned i = 0; i < d->nirqs; i++)
		if (d->irq[i] == irq)
			return true;
	if (d->nirqs == PT_MAX_IRQS)
		return false;
	d->irq[d->nirqs++] = irq;
	return true;
}

/*
 * The host PLIC, as an interrupt-map parent: one interrupt cell and no
 * unit address (#address-cells 0 or absent, as Linux reads it).
 */
static bool is_host_plic(const void *fdt, int node)
{
	int len, alen;
	const fdt32_t *cells = fdt_getprop(fdt, node, "#interrupt-cells", &len);
	const fdt32_t *addr = fdt_getprop(fdt, node, "#address-cells", &alen);

	return node >= 0 && cells && len == 4 && fdt32_to_cpu(*cells) == 1 &&
	       (!addr || (alen == 4 && !fdt32_to_cpu(*addr))) &&
	       (!fdt_node_check_compatible(fdt, node, "riscv,plic0") ||
		!fdt_node_check_compatible(fdt, node, "sifive,plic-1.0.0"));
}

/*
 * `interrupt-map`: a child unit address and interrupt, the parent's
 * phandle, the parent's interrupt. Every parent must be the host PLIC,
 * whose lines go to the VM under the same numbers.
 */
static bool read_interrupt_map(const void *fdt, struct pt_device *d)
{
	int len, stride = interrupt_map_stride(fdt, d->node);
	const fdt32_t *map = fdt_getprop(fdt, d->node, "interrupt-map", &len);

	if (!map || stride < 0)
		return false;
	for (int i = 0; i + stride <= len / 4; i += stride)
		if (!is_host_plic(fdt, fdt_node_offset_by_phandle(
					       fdt, fdt32_to_cpu(map[i + stride - 2]))) ||
		    !add_irq(d, fdt32_to_cpu(map[i + stride - 1])))
			return false;
	return true;
}

static bool read_interrupts(const void *fdt, struct pt_device *d)
{
	int len;
	const fdt32_t *irq = fdt_getprop(fdt, d->node, "interrupts", &len);

	for (int i = 0; irq && i < len / 4; i++)
		if (!add_irq(d, fdt32_to_cpu(irq[i])))
			return false;
	return true;
}

/* Its windows and interrupts from the host DT: NULL, or what is wrong. */
static const char *read_node(const void *fdt, struct pt_device *d)
{
	int parent = fdt_parent_offset(fdt, d->node);
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	bool pci = !fdt_node_check_compatible(fdt, d->node, "pci-host-ecam-generic");

	if (!read_reg(fdt, d, ac, sc))
		return "has no page-aligned 'reg' to map";
	if (pci && !read_pci_ranges(fdt, d, ac))
		return "is a PCIe host bridge whose 'ranges' are not page-aligned windows (at most "
		       "3)";
	if (pci && !read_interrupt_map(fdt, d))
		return "is a PCIe host bridge whose 'interrupt-map' does not name at most 4 lines "
		       "of the host PLIC";
	if (!pci && !read_interrupts(fdt, d))
		return "has more than 4 interrupts";
	/* virtio devices and whatever sits behind a PCIe bridge read and write memory. */
	d->dma = pci || !fdt_node_check_compatible(fdt, d->node, "virtio,mmio");
	return NULL;
}

static int map_windows(struct vm *vm, const struct pt_device *d, char *err, size_t errlen)
{
	for (unsigned i = 0; i < d->nwin; i++)
		if (stage2_map(&vm->s2, d->win[i].base, d->win[i].base, d->win[i].size,
			       S2_READ | S2_WRITE))
			return config_error(vm->cfg, "devices", err, errlen,
					    "%s at 0x%llx-0x%llx overlaps the VM's memory", d->path,
					    (unsigned long long)d->win[i].base,
					    (unsigned long long)(d->win[i].base + d->win[i].size));
	return HYP_OK;
}

static int add_device(struct vm *vm, const char *path, char *err, size_t errlen)
{
	const struct vm_config *c = vm->cfg;
	struct pt_device *d = &vm->pt[vm->npt];
	const struct vm *other;
	const char *bad;
	int r;

	memset(d, 0, sizeof(*d));
	d->path = path;
	d->node = fdt_path_offset(platform.dtb, path);
	if (d->node < 0)
		return config_error(c, "devices", err, errlen, "no node %s in the host DT", path);
	other = owner_of(vm, d->node);
	if (other == vm)
		return config_error(c, "devices", err, errlen, "%s is listed twice", path);
	if (other)
		return config_error(c, "devices", err, errlen, "%s is already given to %s (\"%s\")",
				    path, other->cfg->node, other->cfg->name);
	bad = read_node(platform.dtb, d);
	if (bad)
		return config_error(c, "devices", err, errlen, "%s %s", path, bad);
	if (d->dma && !c->identity_map)
		return config_error(c, "devices", err, errlen,
				    "%s does DMA and there is no IOMMU: the VM needs identity-map "
				    "(see docs/config.md)",
				    path);
	r = map_windows(vm, d, err, errlen);
	if (!r)
		vm->npt++;
	return r;
}

int passthrough_create(struct vm *vm, char *err, size_t errlen)
{
	for (unsigned i = 0; i < vm->cfg->ndevices; i++) {
		int r = add_device(vm, vm->cfg->devices[i], err, errlen);

		if (r)
			return r;
	}
	return HYP_OK;
}

const struct pt_device *passthrough_device_at(const struct vm *vm, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < vm->npt; i++)
		for (unsigned w = 0; w < vm->pt[i].nwin; w++)
			if (ranges_overlap(base, size, vm->pt[i].win[w].base,
					   vm->pt[i].win[w].size))
				return &vm->pt[i];
	return NULL;
}

const char *passthrough_node_name(const struct pt_device *d)
{
	return fdt_get_name(platform.dtb, d->node, NULL);
}

bool passthrough_covers(const struct vm *vm, uint64_t base, uint64_t size)
{
	return passthrough_device_at(vm, base, size) != NULL;
}

struct vm *passthrough_mmio_owner(uint64_t addr)
{
	for (unsigned i = 0; i < nr_vms; i++)
		if (passthrough_covers(&vms[i], addr, 1))
			return &vms[i];
	return NULL;
}
