// SPDX-License-Identifier: MIT
/* VM lifecycle: create, start, shut down, reboot, fail with a report. */
#include "vm.h"
#include "console.h"
#include "guest_fdt.h"
#include "hart.h"
#include "lib.h"
#include "page_alloc.h"
#include "platform.h"
#include "rng_seed.h"
#include "stats.h"
#include "vm_devices.h"

struct vm vms[MAX_VMS];
unsigned nr_vms;
static int running_vms;
static bool any_failed;

const char *vm_name(const struct vm *vm)
{
	return vm->cfg->name;
}

/* The largest page size both the guest address and the size allow: superpages in stage-2. */
static uint64_t backing_alignment(uint64_t gpa, uint64_t size)
{
	if (IS_ALIGNED(gpa, GiB) && size >= GiB)
		return GiB;
	if (IS_ALIGNED(gpa, 2 * MiB) && size >= 2 * MiB)
		return 2 * MiB;
	return 4096;
}

/* identity-map: the region must be free host RAM at the very same address. */
static uint64_t take_identity(const struct vm_config *c, unsigned i, char *err, size_t errlen)
{
	uint64_t gpa = c->mem[i].base, size = c->mem[i].size;

	if (!page_alloc_take(gpa, size))
		return gpa;
	config_error(c, "memory", err, errlen,
		     "identity-map: host RAM 0x%llx-0x%llx is not free (firmware, the hypervisor, "
		     "its config blob or another VM is there, or it is not RAM)",
		     (unsigned long long)gpa, (unsigned long long)(gpa + size));
	return 0;
}

/* Host RAM for region i of the VM, or 0 with err set. Zeroed later, at load. */
static uint64_t alloc_backing(const struct vm_config *c, unsigned i, char *err, size_t errlen)
{
	uint64_t gpa = c->mem[i].base, size = c->mem[i].size, hpa;

	if (c->identity_map)
		return take_identity(c, i, err, errlen);
	hpa = page_alloc(size, backing_alignment(gpa, size));
	if (!hpa)
		hpa = page_alloc(size, 4096);
	if (!hpa)
		config_error(c, "memory", err, errlen,
			     "%llu MiB do not fit in one piece of the host's free RAM "
			     "(%llu MiB left, the largest piece %llu MiB)",
			     (unsigned long long)(size / MiB),
			     (unsigned long long)(page_alloc_free_bytes() / MiB),
			     (unsigned long long)(page_alloc_largest_free() / MiB));
	return hpa;
}

/*
 * Region i zeroed on demand (guest_mem.h) when it can be: a VM's boot then
 * touches only the RAM its guest uses, as on a machine of its own, where
 * zeroing all of it first made QEMU's host fault in every page (up to
 * 0.3 s for 128 MiB). Not for identity-mapped VMs: their devices' DMA
 * would write chunks the hypervisor zeroes later, when the CPU first
 * touches them.
 */
static bool make_lazy(struct vm *vm, unsigned i)
{
	void *page;

	/* Checked first: a page allocated for nothing could not be given back. */
	if (vm->cfg->identity_map || !guest_mem_can_be_lazy(&vm->mem.region[i]))
		return false;
	page = (void *)(uintptr_t)page_alloc(4096, 4096);
	return page && !guest_mem_set_lazy(&vm->mem, i, page);
}

static int create_memory(struct vm *vm, char *err, size_t errlen)
{
	const struct vm_config *c = vm->cfg;

	vm->mem.s2 = &vm->s2;
	for (unsigned i = 0; i < c->nmem; i++) {
		uint64_t gpa = c->mem[i].base, size = c->mem[i].size;
		uint64_t hpa = alloc_backing(c, i, err, errlen);

		if (!hpa)
			return HYP_EINVAL;
		vm->mem.region[vm->mem.count++] = (struct mem_region){gpa, hpa, size, NULL};
		if (make_lazy(vm, i))
			continue;
		if (stage2_map(&vm->s2, gpa, hpa, size, S2_RWX))
			return config_error(c, "memory", err, errlen,
					    "stage-2 mapping of region %u failed", i);
	}
	return HYP_OK;
}

/*
 * Zeroes the VM's RAM (or lets it be zeroed on demand, guest_mem_reset)
 * and loads its images and DT: at creation and at reboot.
 */
static int load_images(struct vm *vm, char *err, size_t errlen)
{
	int nodes[VM_MAX_DEVICES];
	const struct pt_device *uart = passthrough_device_at(vm, VUART_BASE, VUART_SIZE);
	struct guest_fdt_host h = {
		.isa = platform.isa,
		.mmu_type = platform.mmu_type,
		.timebase = platform.timebase,
		.dtb = platform.dtb,
		.device_nodes = nodes,
		.ndevices = vm->npt,
		/* The host's UART passed through stands in for the virtual one. */
		.uart_name = uart ? passthrough_node_name(uart) : NULL,
		.rtc = vm->has_rtc,
	};
	uint8_t seed[RNG_SEED_MAX];
	void *fdt;
	int r;

	for (unsigned i = 0; i < vm->npt; i++)
		/* cppcheck-suppress unreadVariable ; read through h.device_nodes */
		nodes[i] = vm->pt[i].node;
	guest_mem_reset(&vm->mem);
	r = loader_load(vm->cfg, &vm->mem, &vm->boot, err, errlen);
	if (r)
		return r;
	fdt = guest_mem_ptr(&vm->mem, vm->boot.fdt_addr, GUEST_FDT_MAX);
	h.rng_seed = seed;
	h.rng_seed_len = rng_seed_for_vm(vm->id, vm->restarts, seed);
	r = guest_fdt_build(vm->cfg, &vm->boot, &h, fdt, GUEST_FDT_MAX);
	memzero_explicit(seed, sizeof(seed));
	if (r < 0)
		return config_error(vm->cfg, vm->cfg->fdt.data ? "fdt" : "memory", err, errlen,
				    "cannot build the guest DT (libfdt error %d)", r);
	return HYP_OK;
}

int vm_create(struct vm *vm, unsigned id, const struct vm_config *c, char *err, size_t errlen)
{
	unsigned vmid = platform.vmid_bits ? id + 1 : 0;
	int r;

	memset(vm, 0, sizeof(*vm));
	vm->id = id;
	vm->cfg = c;
	vm->ncpus = c->ncpus;
	if (stage2_init(&vm->s2, vmid))
		return config_error(c, "memory", err, errlen, "no host RAM for stage-2 tables");
	r = create_memory(vm, err, errlen);
	if (!r)
		r = passthrough_create(vm, err, errlen);
	if (!r)
		r = vm_devices_create(vm, err, errlen);
	if (!r)
		r = load_images(vm, err, errlen);
	if (r)
		return r;
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct vcpu *v = &vm->vcpu[i];

		v->vm = vm;
		v->id = i;
		v->hart = c->cpus[i];
		v->state = VCPU_STOPPED;
		harts[v->hart].vcpu = v;
	}
	vm->state = VM_CREATED;
	return HYP_OK;
}

static void start_vcpu0(struct vm *vm)
{
	struct vcpu *v = &vm->vcpu[0];

	vcpu_reset(v, vm->boot.entry, vm->boot.fdt_addr);
	v->state = VCPU_RUNNING;
	if (v->hart != this_hart())
		hart_kick(v->hart);
}

void vm_start(struct vm *vm)
{
	vm->state = VM_RUNNING;
	__atomic_add_fetch(&running_vms, 1, __ATOMIC_SEQ_CST);
	start_vcpu0(vm);
}

/* Stops every vCPU of vm; returns false when the VM was not running. */
static bool stop_vcpus(struct vm *vm, enum vm_state new_state)
{
	bool was_running;

	spin_lock(&vm->lock);
	was_running = vm->state == VM_RUNNING;
	if (was_running) {
		vm->state = new_state;
		for (unsigned i = 0; i < vm->ncpus; i++)
			vm->vcpu[i].state = VCPU_STOPPED;
	}
	spin_unlock(&vm->lock);
	if (was_running)
		for (unsigned i = 0; i < vm->ncpus; i++)
			if (vm->vcpu[i].hart != this_hart())
				hart_kick(vm->vcpu[i].hart);
	return was_running;
}

static void vm_stop(struct vm *vm, bool failed)
{
	if (!stop_vcpus(vm, failed ? VM_FAILED : VM_STOPPED))
		return;
	if (failed)
		any_failed = true;
	console_vm_flush(vm);
	if (vm->cfg->stats)
		stats_print(vm);
	hyp_printf("hypocaust: VM \"%s\" %s\n", vm_name(vm),
		   failed ? "stopped after a failure" : "powered off");
	if (__atomic_sub_fetch(&running_vms, 1, __ATOMIC_SEQ_CST) == 0)
		hyp_poweroff(any_failed);
}

static void vm_restart(struct vm *vm, const char *why);

void vm_shutdown(struct vm *vm, bool failed)
{
	/* on-crash = "restart": a failure (reported already) starts the VM afresh. */
	if (failed && vm->cfg->restart_on_crash)
		vm_restart(vm, "restarting after a failure (on-crash = \"restart\")");
	else
		vm_stop(vm, failed);
}

static void wait_others_parked(struct vm *vm)
{
	for (unsigned i = 0; i < vm->ncpus; i++)
		if (vm->vcpu[i].hart != this_hart())
			while (__atomic_load_n(&vm->vcpu[i].in_run, __ATOMIC_ACQUIRE))
				;
}

/*
 * Stops the VM, reloads its images from the pristine copies into zeroed
 * memory, resets its devices and starts vCPU 0 again. Called on one of the
 * VM's own harts (an exit handler), which therefore is not in the guest.
 */
static void vm_restart(struct vm *vm, const char *why)
{
	char err[160];

	if (!stop_vcpus(vm, VM_CREATED))
		return;
	wait_others_parked(vm);
	console_vm_flush(vm);
	vm->restarts++;
	hyp_printf("hypocaust: VM \"%s\" %s (start %u)\n", vm_name(vm), why, vm->restarts + 1);
	vm_devices_reset(vm);
	/* The images were loaded once already: reloading them cannot fail. */
	if (load_images(vm, err, sizeof(err))) {
		hyp_printf("hypocaust: VM \"%s\": reload failed: %s\n", vm_name(vm), err);
		vm->state = VM_RUNNING;
		vm_stop(vm, true);
		return;
	}
	vm->state = VM_RUNNING;
	start_vcpu0(vm);
}

void vm_reboot(struct vcpu *v)
{
	vm_restart(v->vm, "rebooting");
}

void vm_fail(struct vcpu *v, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	hyp_printf("hypocaust: VM \"%s\" vCPU %u (hart %lu): %s\n", vm_name(v->vm), v->id, v->hart,
		   why);
	hyp_printf("hypocaust:   scause=0x%lx stval=0x%lx htval=0x%lx htinst=0x%lx\n",
		   v->trap.scause, v->trap.stval, v->trap.htval, v->trap.htinst);
	hyp_printf("hypocaust:   sepc=0x%lx sstatus=0x%lx hstatus=0x%lx ra=0x%lx sp=0x%lx\n",
		   v->guest.sepc, v->guest.sstatus, v->guest.hstatus, v->guest.x[REG_RA],
		   v->guest.x[REG_SP]);
	vm_shutdown(v->vm, true);
}
