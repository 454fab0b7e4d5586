// SPDX-License-Identifier: MIT
/*
 * Each VM gets the devices of QEMU virt that software built for it may
 * poke at fixed addresses: a PLIC, an ns16550a UART, the test finisher and
 * eight empty virtio-mmio slots. This file wires the models to the vCPUs
 * (vPLIC output -> VSEIP) and to the console (UART bytes <-> the one UART).
 * A host device passed through at the address of the UART or of a virtio
 * slot (the real console UART, a virtio device) takes the model's place.
 */
#include "vm_devices.h"
#include "console.h"
#include "host_irq.h"
#include "lib.h"
#include "vdev_models.h"
#include "vm.h"

static void plic_update(struct vplic *p, unsigned vcpu, bool level)
{
	struct vm *vm = p->opaque;

	(void)level;
	/* The target re-reads the vPLIC on its own hart and sets hvip.VSEIP. */
	vcpu_request(&vm->vcpu[vcpu], VCPU_REQ_EXT);
}

/* The guest completed a source: a passed-through one is completed on the host. */
static void plic_complete(struct vplic *p, unsigned src)
{
	if (passthrough_irq_owner(src) == p->opaque) {
		vplic_set_level(p, src, false);
		host_irq_complete(src);
	}
}

static const struct vplic_ops plic_ops = {
	.update = plic_update,
	.complete = plic_complete,
};

static void uart_tx(struct vuart *u, uint8_t c)
{
	char ch = (char)c;

	console_vm_write(u->opaque, &ch, 1);
}

static void uart_irq(struct vuart *u, bool level)
{
	struct vm *vm = u->opaque;

	vplic_set_level(&vm->plic, VUART_IRQ, level);
}

static const struct vuart_ops uart_ops = {
	.tx = uart_tx,
	.irq = uart_irq,
};

/* The UART's MMIO, marking the UART in use so typed input goes there. */
static int uart_read(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width, uint64_t *val)
{
	v->vm->uart_in_use = true;
	return vuart_read(d->priv, off, width, val);
}

static int uart_write(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width, uint64_t val)
{
	v->vm->uart_in_use = true;
	return vuart_write(d->priv, off, width, val);
}

static const struct vdev_ops uart_vdev_ops = {
	.read = uart_read,
	.write = uart_write,
};

static int add(struct vm *vm, struct vdev *d, const char *name, uint64_t base, uint64_t size,
	       const struct vdev_ops *ops, void *priv, char *err, size_t errlen)
{
	*d = (struct vdev){name, base, size, ops, priv, 0};
	for (unsigned i = 0; i < vm->mem.count; i++)
		if (ranges_overlap(base, size, vm->mem.region[i].gpa, vm->mem.region[i].size))
			goto overlap;
	if (!vdev_register(&vm->vdevs, d))
		return HYP_OK;
overlap:
	return config_error(vm->cfg, "memory", err, errlen,
			    "overlaps the emulated %s at 0x%llx-0x%llx", name,
			    (unsigned long long)base, (unsigned long long)(base + size));
}

int vm_devices_create(struct vm *vm, char *err, size_t errlen)
{
	int r;

	vm_devices_reset(vm);
	r = add(vm, &vm->plic_dev, "PLIC", VPLIC_BASE, VPLIC_SIZE, &vplic_vdev_ops, &vm->plic, err,
		errlen);
	if (!r && !passthrough_covers(vm, VUART_BASE, VUART_SIZE))
		r = add(vm, &vm->uart_dev, "UART", VUART_BASE, VUART_SIZE, &uart_vdev_ops,
			&vm->uart, err, errlen);
	if (!r)
		r = add(vm, &vm->finisher, "test finisher", FINISHER_BASE, FINISHER_SIZE,
			&finisher_ops, vm, err, errlen);
	for (unsigned i = 0; i < VIRTIO_SLOTS && !r; i++) {
		uint64_t base = VIRTIO_BASE + i * VIRTIO_SLOT_SIZE;

		if (!passthrough_covers(vm, base, VIRTIO_SLOT_SIZE))
			r = add(vm, &vm->virtio_slot[i], "virtio-mmio", base, VIRTIO_SLOT_SIZE,
				&virtio_empty_ops, vm, err, errlen);
	}
	return r;
}

void vm_devices_reset(struct vm *vm)
{
	vplic_init(&vm->plic, vm->ncpus, &plic_ops, vm);
	vuart_init(&vm->uart, &uart_ops, vm);
	vm->uart_in_use = false;
}

void vm_devices_input(struct vm *vm, uint8_t c)
{
	if (vm->uart_in_use)
		vuart_push_rx(&vm->uart, c);
	else
		console_sbi_input(vm, c);
}
