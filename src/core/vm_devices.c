// SPDX-License-Identifier: MIT
/*
 * Each VM gets the devices of QEMU virt that software built for it may
 * poke at fixed addresses: a PLIC, an ns16550a UART, the test finisher,
 * eight empty virtio-mmio slots and, when the host has one to take the
 * time from, a Goldfish RTC. This file wires the models to the vCPUs
 * (vPLIC output -> VSEIP) and to the console (UART bytes <-> the one UART).
 * A host device passed through at the address of the UART or of a virtio
 * slot (the real console UART, a virtio device) takes the model's place.
 */
#include "vm_devices.h"
#include "console.h"
#include "host_irq.h"
#include "lib.h"
#include "page_alloc.h"
#include "vdev_models.h"
#include "vm.h"
#include "wallclock.h"

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

static uint64_t page_pa(const void *page)
{
	return (uint64_t)(uintptr_t)page;
}

/*
 * Maps a read-only window (readable) or unmaps it. An unmapped window must
 * not be read through a stale translation once the guest can tell: every
 * vCPU of the VM fences on its next way into the guest (VCPU_REQ_GFENCE).
 * With kick, a vCPU on another hart is interrupted to do so now; without,
 * the caller knows that an interrupt announcing the change will kick the
 * only vCPU that reads the page.
 */
static void set_window(struct vm *vm, uint64_t gpa, const void *page, bool readable, bool kick)
{
	stage2_set_page(&vm->s2, gpa, page_pa(page), readable ? S2_READ : 0);
	if (readable)
		return;
	for (unsigned i = 0; i < vm->ncpus; i++)
		if (kick)
			vcpu_request(&vm->vcpu[i], VCPU_REQ_GFENCE);
		else
			__atomic_or_fetch(&vm->vcpu[i].requests, VCPU_REQ_GFENCE, __ATOMIC_SEQ_CST);
}

static uint64_t context_gpa(unsigned vcpu)
{
	return VPLIC_BASE + VPLIC_CONTEXT_BASE + VPLIC_CTX_S(vcpu) * VPLIC_CONTEXT_STRIDE;
}

/*
 * vCPU vcpu's claim page: mapped read-only while its claim reads 0, so the
 * claim that ends a guest's interrupt loop costs no exit. The target's own
 * hart is kicked by the update call the vPLIC makes after a close, before
 * VSEIP can tell it to claim; another vCPU reading a foreign claim
 * register may see 0 until its next exit, as if it had read a moment
 * earlier.
 */
static void plic_window(struct vplic *p, unsigned vcpu, bool readable)
{
	set_window(p->opaque, context_gpa(vcpu), p->win.context[vcpu], readable, false);
}

static const struct vplic_ops plic_ops = {
	.update = plic_update,
	.complete = plic_complete,
	.window = plic_window,
};

static void *window_page(void)
{
	return (void *)(uintptr_t)page_alloc(4096, 4096);
}

/*
 * The vPLIC's read-only windows (vplic.h): loads of priorities, pending
 * and enable bits, thresholds and a claim with nothing to claim read host
 * pages and cost no exit; every store still traps to the model. The three
 * register pages stay mapped; the claim pages come and go (plic_window).
 */
static int create_plic_windows(struct vm *vm, char *err, size_t errlen)
{
	struct vplic_windows *w = &vm->plic_windows;
	static const uint64_t offs[] = {VPLIC_PRIORITY_BASE, VPLIC_PENDING_BASE, VPLIC_ENABLE_BASE};
	uint32_t **pages[] = {&w->priority, &w->pending, &w->enable};
	int r = HYP_OK;

	for (unsigned i = 0; i < ARRAY_SIZE(pages) && !r; i++) {
		*pages[i] = window_page();
		r = *pages[i] ? stage2_set_page(&vm->s2, VPLIC_BASE + offs[i], page_pa(*pages[i]),
						S2_READ)
			      : HYP_ENOMEM;
	}
	/* Creates the tables now: plic_window then allocates nothing. */
	for (unsigned i = 0; i < vm->ncpus && !r; i++) {
		w->context[i] = window_page();
		r = w->context[i] ? stage2_set_page(&vm->s2, context_gpa(i), 0, 0) : HYP_ENOMEM;
	}
	if (r)
		return config_error(vm->cfg, "memory", err, errlen,
				    "no host RAM for the PLIC's read-only pages");
	vplic_set_windows(&vm->plic, w);
	return HYP_OK;
}

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

/*
 * The UART page, read-only, while its loads have no side effect: the LSR
 * polls of a guest writing its console cost no exit, only the THR writes.
 * A byte typed meanwhile closes it, and every vCPU on another hart is
 * kicked to fence: a guest polling LSR with the UART's interrupt off (or
 * routed to another vCPU) sees the byte at once, not at its next exit.
 */
static void uart_window(struct vuart *u, bool readable)
{
	set_window(u->opaque, VUART_BASE, u->win, readable, true);
}

static const struct vuart_ops uart_ops = {
	.tx = uart_tx,
	.irq = uart_irq,
	.window = uart_window,
};

/*
 * The UART's first trapped access marks it in use, so typed input goes
 * there, and only then gets it its window: until the guest uses its UART,
 * every access must trap to notice that.
 */
static void uart_touch(struct vm *vm)
{
	if (vm->uart_in_use)
		return;
	vm->uart_in_use = true;
	vuart_set_window(&vm->uart, vm->uart_page);
}

static int uart_read(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width, uint64_t *val)
{
	uart_touch(v->vm);
	return vuart_read(d->priv, off, width, val);
}

static int uart_write(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width, uint64_t val)
{
	uart_touch(v->vm);
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

static uint64_t rtc_now(struct vrtc *r)
{
	(void)r;
	return wallclock_ns();
}

static void rtc_irq(struct vrtc *r, bool level)
{
	struct vm *vm = r->opaque;

	vplic_set_level(&vm->plic, VRTC_IRQ, level);
}

static const struct vrtc_ops rtc_ops = {
	.now = rtc_now,
	.irq = rtc_irq,
};

static int rtc_read(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width, uint64_t *val)
{
	(void)v;
	return vrtc_read(d->priv, off, width, val);
}

static int rtc_write(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width, uint64_t val)
{
	int r = vrtc_write(d->priv, off, width, val);

	/* An alarm armed: vCPU 0's hart times it (vcpu.c). */
	if (!r && off == VRTC_ALARM_LOW)
		vcpu_request(&v->vm->vcpu[0], VCPU_REQ_TIMER);
	return r;
}

static const struct vdev_ops rtc_vdev_ops = {
	.read = rtc_read,
	.write = rtc_write,
};

/*
 * The RTC model, unless the host has no RTC to take the time from or the
 * VM owns the host's (passed through).
 */
static int create_rtc(struct vm *vm, char *err, size_t errlen)
{
	if (!wallclock_available() || passthrough_covers(vm, VRTC_BASE, VRTC_SIZE))
		return HYP_OK;
	vrtc_init(&vm->rtc, &rtc_ops, vm);
	vm->has_rtc = true;
	return add(vm, &vm->rtc_dev, "RTC", VRTC_BASE, VRTC_SIZE, &rtc_vdev_ops, &vm->rtc, err,
		   errlen);
}

void vm_devices_poll(struct vm *vm)
{
	if (vm->has_rtc)
		vrtc_poll(&vm->rtc);
}

uint64_t vm_devices_alarm_time(struct vm *vm)
{
	uint64_t at = vm->has_rtc ? vrtc_alarm_at(&vm->rtc) : UINT64_MAX;

	return at == UINT64_MAX ? at : wallclock_to_time(at);
}

/* Its page and tables; mapped once the guest uses the UART (uart_touch). */
static int create_uart_window(struct vm *vm, char *err, size_t errlen)
{
	vm->uart_page = window_page();
	if (!vm->uart_page || stage2_set_page(&vm->s2, VUART_BASE, 0, 0))
		return config_error(vm->cfg, "memory", err, errlen,
				    "no host RAM for the UART's read-only page");
	return HYP_OK;
}

int vm_devices_create(struct vm *vm, char *err, size_t errlen)
{
	int r;

	vm_devices_reset(vm);
	r = add(vm, &vm->plic_dev, "PLIC", VPLIC_BASE, VPLIC_SIZE, &vplic_vdev_ops, &vm->plic, err,
		errlen);
	if (!r)
		r = create_plic_windows(vm, err, errlen);
	/* A VM that owns the console UART (passed through) gets no model. */
	if (!r && !passthrough_covers(vm, VUART_BASE, VUART_SIZE)) {
		r = add(vm, &vm->uart_dev, "UART", VUART_BASE, VUART_SIZE, &uart_vdev_ops,
			&vm->uart, err, errlen);
		if (!r)
			r = create_uart_window(vm, err, errlen);
	}
	if (!r)
		r = add(vm, &vm->finisher, "test finisher", FINISHER_BASE, FINISHER_SIZE,
			&finisher_ops, vm, err, errlen);
	if (!r)
		r = create_rtc(vm, err, errlen);
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
	if (vm->plic_windows.priority)
		vplic_set_windows(&vm->plic, &vm->plic_windows);
	vuart_init(&vm->uart, &uart_ops, vm);
	vm->uart_in_use = false;
	if (vm->has_rtc)
		vrtc_reset(&vm->rtc);
	/* Unused again: the window closes (the vCPUs fence as they restart). */
	if (vm->uart_page)
		stage2_set_page(&vm->s2, VUART_BASE, 0, 0);
}

void vm_devices_input(struct vm *vm, uint8_t c)
{
	if (vm->uart_in_use)
		vuart_push_rx(&vm->uart, c);
	else
		console_sbi_input(vm, c);
}
