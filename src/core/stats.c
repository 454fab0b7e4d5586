// SPDX-License-Identifier: MIT
/*
 * Exit statistics per VM: the vCPUs' counters summed, printed on Ctrl-A s
 * and, for VMs with `stats` in their config, when the VM stops.
 */
#include "stats.h"
#include "../arch/riscv/encoding.h"
#include "console.h"
#include "lib.h"
#include "sbi.h"
#include "vm.h"

static void sum_vcpus(const struct vm *vm, struct vcpu_stats *t)
{
	memset(t, 0, sizeof(*t));
	for (unsigned i = 0; i < vm->ncpus; i++) {
		const struct vcpu_stats *s = &vm->vcpu[i].stats;

		t->exits += s->exits;
		t->ram_first_touch += s->ram_first_touch;
		for (unsigned j = 0; j < ARRAY_SIZE(t->sync); j++)
			t->sync[j] += s->sync[j];
		for (unsigned j = 0; j < STATS_IRQ_SLOTS; j++)
			t->irq[j] += s->irq[j];
		/* SBI exits are counted once, by extension (sbi.c). */
		for (unsigned j = 0; j < STATS_SBI_SLOTS; j++) {
			t->sbi[j] += s->sbi[j];
			t->sync[EXC_VS_ECALL] += s->sbi[j];
			t->exits += s->sbi[j];
		}
	}
}

/* Appends " name count" to a line when count is not zero. */
static size_t item(char *buf, size_t n, size_t len, const char *name, unsigned long count)
{
	if (!count || len >= n)
		return len;
	return len + (size_t)snprintf(buf + len, n - len, " %s %lu", name, count);
}

static void print_sbi(const struct vcpu_stats *t)
{
	char line[200];
	size_t len = 0;
	const char *name;

	for (unsigned i = 0; (name = sbi_ext_name(i)) != NULL; i++)
		len = item(line, sizeof(line), len, name, t->sbi[i]);
	hyp_printf("hypocaust:   sbi calls:%s\n", len ? line : " none");
}

static void print_mmio(const struct vm *vm)
{
	char line[200];
	size_t len = 0;

	for (unsigned i = 0; i < vm->vdevs.count; i++)
		len = item(line, sizeof(line), len, vm->vdevs.dev[i]->name,
			   vm->vdevs.dev[i]->exits);
	hyp_printf("hypocaust:   mmio:%s\n", len ? line : " none");
}

static void print_other(const struct vcpu_stats *t)
{
	char line[200];
	size_t len = 0;

	len = item(line, sizeof(line), len, "host-ipi", t->irq[IRQ_S_SOFT]);
	len = item(line, sizeof(line), len, "host-timer", t->irq[IRQ_S_TIMER]);
	len = item(line, sizeof(line), len, "host-external", t->irq[IRQ_S_EXT]);
	len = item(line, sizeof(line), len, "virtual-instruction", t->sync[EXC_VIRTUAL_INST]);
	len = item(line, sizeof(line), len, "guest-page-fault",
		   t->sync[EXC_INST_GUEST_PAGE_FAULT] + t->sync[EXC_LOAD_GUEST_PAGE_FAULT] +
			   t->sync[EXC_STORE_GUEST_PAGE_FAULT]);
	/* Of those, the first touches of RAM zeroed on demand (guest_mem.h). */
	len = item(line, sizeof(line), len, "ram-first-touch", t->ram_first_touch);
	hyp_printf("hypocaust:   interrupts and faults:%s\n", len ? line : " none");
}

void stats_print(const struct vm *vm)
{
	struct vcpu_stats t;

	sum_vcpus(vm, &t);
	hyp_printf("hypocaust: exits of VM \"%s\": %lu (sbi %lu)\n", vm_name(vm), t.exits,
		   t.sync[EXC_VS_ECALL]);
	print_sbi(&t);
	print_mmio(vm);
	print_other(&t);
}

void stats_print_all(void)
{
	for (unsigned i = 0; i < nr_vms; i++)
		stats_print(&vms[i]);
}
