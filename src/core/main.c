// SPDX-License-Identifier: MIT
/* Boot (DESIGN §2): checks, host DT, memory, config, VMs, other harts. */
#include "../arch/riscv/csr.h"
#include "../arch/riscv/sbi_ecall.h"
#include "config.h"
#include "console.h"
#include "hart.h"
#include "host_irq.h"
#include "lib.h"
#include "move.h"
#include "page_alloc.h"
#include "platform.h"
#include "rng_seed.h"
#include "vm.h"
#include "wallclock.h"

#define HYP_VERSION "0.1"

extern char __image_start[], __image_end[];
extern void _secondary_start(void);
extern void hyp_trap_vector(void);
unsigned long probe_hgatp_read(void);
unsigned long probe_stimecmp_read(void);

static struct vm_config configs[MAX_VMS];
static char err[256];

static void early_puts(const char *s)
{
	while (*s)
		sbi_legacy_putchar(*s++);
}

static void __attribute__((noreturn)) boot_fail(const char *what)
{
	hyp_printf("hypocaust: error: %s\n", what);
	hyp_printf("hypocaust: nothing was started; powering off\n");
	machine_poweroff(true);
}

void __attribute__((noreturn)) hyp_fatal_trap(void)
{
	hyp_printf("hypocaust: BUG: trap in the hypervisor on hart %lu: scause=0x%lx sepc=0x%lx "
		   "stval=0x%lx\n",
		   this_hart(), csr_read(CSR_SCAUSE), csr_read(CSR_SEPC), csr_read(CSR_STVAL));
	hyp_poweroff(true);
}

/* Implemented VMID bits: write all ones with MODE = Bare and read back (priv. spec 8.2.10). */
static unsigned probe_vmid_bits(void)
{
	unsigned long v;
	unsigned bits = 0;

	csr_write(CSR_HGATP, HGATP_VMID_MASK << HGATP_VMID_SHIFT);
	v = (csr_read(CSR_HGATP) >> HGATP_VMID_SHIFT) & HGATP_VMID_MASK;
	csr_write(CSR_HGATP, 0);
	while (v & (1UL << bits))
		bits++;
	return bits;
}

static void probe_cpu(void)
{
	/* hgatp exists only with the H extension; reading it traps otherwise. */
	if (probe_hgatp_read()) {
		early_puts("hypocaust: error: this CPU has no hypervisor (H) extension; "
			   "guests cannot run (QEMU: use a CPU with h=true)\n");
		machine_poweroff(true);
	}
	/* Sstc counts only if the firmware lets S-mode use stimecmp. */
	platform.has_sstc = platform.has_sstc && !probe_stimecmp_read();
	platform.vmid_bits = probe_vmid_bits();
	platform.mvendorid = (unsigned long)sbi_base_value(SBI_BASE_GET_MVENDORID);
	platform.marchid = (unsigned long)sbi_base_value(SBI_BASE_GET_MARCHID);
	platform.mimpid = (unsigned long)sbi_base_value(SBI_BASE_GET_MIMPID);
}

static void print_banner(unsigned long boot_hart)
{
	long spec = sbi_base_value(SBI_BASE_GET_SPEC_VERSION);

	hyp_printf("hypocaust: Hypocaust-2 %s, HS-mode on SBI %ld.%ld\n", HYP_VERSION,
		   (spec >> 24) & 0x7f, spec & 0xffffff);
	hyp_printf("hypocaust: %u harts (boot hart %lu), isa %s, Sstc %s, VMID bits %u\n",
		   platform.harts.count, boot_hart, platform.isa, platform.has_sstc ? "yes" : "no",
		   platform.vmid_bits);
	if (platform.rng_seed_len)
		hyp_printf("hypocaust: rng-seed of %u bytes in the host DT: each VM start gets "
			   "its own\n",
			   platform.rng_seed_len);
	else
		hyp_printf("hypocaust: no rng-seed in the host DT: VMs get none\n");
	if (wallclock_available())
		hyp_printf("hypocaust: RTC at 0x%llx: %llu s since 1970; VMs get their own\n",
			   (unsigned long long)platform.rtc_base,
			   (unsigned long long)(wallclock_ns() / 1000000000ULL));
	hyp_printf("hypocaust: running at 0x%lx-0x%lx", (unsigned long)__image_start,
		   (unsigned long)__image_end);
	if (hyp_moved_from)
		hyp_printf(", moved from 0x%lx (gdb: symbol-file -o 0x%lx)", hyp_moved_from,
			   (unsigned long)__image_start - hyp_moved_from);
	hyp_printf("\n");
	for (unsigned i = 0; i < platform.nmem; i++)
		hyp_printf("hypocaust: RAM 0x%llx-0x%llx\n",
			   (unsigned long long)platform.mem_base[i],
			   (unsigned long long)(platform.mem_base[i] + platform.mem_size[i]));
}

/* VMs' seeds derive from the host's (rng_seed.c); the host DT keeps none. */
static void take_host_rng_seed(void)
{
	rng_seed_init(platform.rng_seed, platform.rng_seed_len);
	if (platform.rng_seed)
		memzero_explicit((void *)(uintptr_t)platform.rng_seed, platform.rng_seed_len);
	platform.rng_seed = NULL;
}

static void print_vm(const struct vm *vm)
{
	static const char *const kinds[] = {"ELF", "Linux Image", "raw"};
	const struct vm_config *c = vm->cfg;
	char cpus[64];
	size_t n = 0;

	cpus[0] = '\0';
	for (unsigned i = 0; i < c->ncpus && n < sizeof(cpus); i++)
		n += (size_t)snprintf(cpus + n, sizeof(cpus) - n, "%s%u", i ? "," : "", c->cpus[i]);
	hyp_printf("hypocaust: VM %u \"%s\": harts %s, RAM", vm->id, c->name, cpus);
	for (unsigned i = 0; i < vm->mem.count; i++)
		hyp_printf(" 0x%llx+%lluM (host 0x%llx)", (unsigned long long)vm->mem.region[i].gpa,
			   (unsigned long long)(vm->mem.region[i].size / MiB),
			   (unsigned long long)vm->mem.region[i].hpa);
	hyp_printf(
		"\nhypocaust:   kernel %s %u bytes, entry 0x%llx, initrd %u bytes, DT at 0x%llx\n",
		kinds[vm->boot.kind], c->kernel.size, (unsigned long long)vm->boot.entry,
		c->initrd.size, (unsigned long long)vm->boot.fdt_addr);
}

static void create_vms(void)
{
	const void *blob = (const void *)(uintptr_t)platform.initrd_start;
	size_t size = platform.initrd_end - platform.initrd_start;

	if (platform.initrd_end <= platform.initrd_start)
		blob = NULL;
	if (config_parse(blob, size, &platform.harts, configs, &nr_vms, err, sizeof(err)))
		boot_fail(err);
	for (unsigned i = 0; i < nr_vms; i++) {
		if (vm_create(&vms[i], i, &configs[i], err, sizeof(err)))
			boot_fail(err);
		print_vm(&vms[i]);
	}
	hyp_printf("hypocaust: %llu MiB of RAM left unused\n",
		   (unsigned long long)(page_alloc_free_bytes() / MiB));
}

/* A VM given the host's console UART (`devices`) owns it from here on. */
static void hand_over_console(void)
{
	struct vm *owner = platform.uart_base ? passthrough_mmio_owner(platform.uart_base) : NULL;

	if (owner)
		console_give_uart(owner);
}

static void start_harts(unsigned long boot_hart)
{
	for (unsigned i = 0; i < platform.harts.count; i++) {
		unsigned long id = platform.harts.id[i];
		long r;

		if (id == boot_hart)
			continue;
		r = sbi_hart_start(id, (unsigned long)_secondary_start, 0);
		if (r && harts[id].vcpu) {
			snprintf(err, sizeof(err), "hart %lu did not start (SBI error %ld)", id, r);
			boot_fail(err);
		}
	}
}

void boot_main(unsigned long hartid, const void *dtb)
{
	csr_write(CSR_STVEC, (unsigned long)hyp_trap_vector);
	if (platform_parse(dtb, err, sizeof(err))) {
		early_puts("hypocaust: error: ");
		early_puts(err);
		early_puts("\n");
		machine_poweroff(true);
	}
	if (!hyp_moved_from)
		hyp_move_high(hartid, dtb);
	hyp_scrub_old_image();
	platform_read_virtio_version();
	wallclock_init();
	take_host_rng_seed();
	if (platform.uart_base)
		console_init_uart(platform.uart_base, platform.uart_shift);
	probe_cpu();
	print_banner(hartid);
	if (platform_init_memory((uintptr_t)__image_start, (uintptr_t)__image_end, err,
				 sizeof(err)))
		boot_fail(err);
	create_vms();
	console_set_prefixing(nr_vms > 1);
	hand_over_console();
	host_irq_init_boot_hart(hartid);
	start_harts(hartid);
	for (unsigned i = 0; i < nr_vms; i++)
		vm_start(&vms[i]);
	hart_main(hartid);
}

void secondary_main(unsigned long hartid)
{
	csr_write(CSR_STVEC, (unsigned long)hyp_trap_vector);
	hart_main(hartid);
}
