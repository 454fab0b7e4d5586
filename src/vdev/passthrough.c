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

static int read_node(const void *fdt, struct pt_device *d)
{
	int parent = fdt_parent_offset(fdt, d->node), len;
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	const fdt32_t *reg = fdt_getprop(fdt, d->node, "reg", &len);
	const fdt32_t *irq;

	if (!reg || len < 4 * (ac + sc))
		return HYP_EINVAL;
	d->base = read_cells(reg, ac);
	d->size = ALIGN_UP(read_cells(reg + ac, sc), 4096);
	irq = fdt_getprop(fdt, d->node, "interrupts", &len);
	d->nirqs = irq ? MIN((unsigned)len / 4, (unsigned)PT_MAX_IRQS) : 0;
	for (unsigned i = 0; i < d->nirqs; i++)
		d->irq[i] = fdt32_to_cpu(irq[i]);
	/* virtio devices read and write guest memory themselves. */
	d->dma = !fdt_node_check_compatible(fdt, d->node, "virtio,mmio");
	return HYP_OK;
}

static int add_device(struct vm *vm, const char *path, char *err, size_t errlen)
{
	const struct vm_config *c = vm->cfg;
	struct pt_device *d = &vm->pt[vm->npt];
	const struct vm *other;

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
	if (read_node(platform.dtb, d) || !IS_ALIGNED(d->base, 4096))
		return config_error(c, "devices", err, errlen,
				    "%s has no page-aligned 'reg' to map", path);
	if (d->dma && !c->identity_map)
		return config_error(c, "devices", err, errlen,
				    "%s does DMA and there is no IOMMU: the VM needs identity-map "
				    "(see docs/config.md)",
				    path);
	if (stage2_map(&vm->s2, d->base, d->base, d->size, S2_READ | S2_WRITE))
		return config_error(c, "devices", err, errlen,
				    "%s at 0x%llx overlaps the VM's memory", path,
				    (unsigned long long)d->base);
	vm->npt++;
	return HYP_OK;
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
		if (ranges_overlap(base, size, vm->pt[i].base, vm->pt[i].size))
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
