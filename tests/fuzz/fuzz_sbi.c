// SPDX-License-Identifier: MIT
/*
 * The SBI dispatcher and every extension (src/sbi/) through
 * sbi_handle_ecall, as a guest ecall reaches it, against the VM model the
 * unit tests use (tests/unit/test_sbi_smp.c): 1-8 vCPUs in random HSM
 * states, 64 KiB of guest RAM, and the unit-test doubles (stubs.c,
 * stubs_smp.c) for everything outside src/sbi. The input is a VM shape
 * followed by ecalls: extension (a known one or any value), function,
 * six arguments (small, in guest RAM, at its edge, -1 or any value), the
 * calling vCPU and console input. After each call only a0/a1 and sepc may
 * have changed, and only as the SBI spec allows.
 */
#include "fuzz.h"
#include "stubs.h"
#include "stubs_smp.h"

#include "lib.h"
#include "platform.h"
#include "sbi.h"
#include "vm.h"

#define RAM_GPA 0x80000000UL
#define RAM_SIZE (64 * KiB)
#define SEPC0 0x80001000UL
#define MAX_CALLS 64
#define SBI_ERR_LAST SBI_ERR_ALREADY_STOPPED

static const unsigned long eids[] = {
	SBI_EXT_BASE,
	SBI_EXT_TIME,
	SBI_EXT_IPI,
	SBI_EXT_RFENCE,
	SBI_EXT_HSM,
	SBI_EXT_SRST,
	SBI_EXT_DBCN,
	SBI_EXT_0_1_SET_TIMER,
	SBI_EXT_0_1_CONSOLE_PUTCHAR,
	SBI_EXT_0_1_CONSOLE_GETCHAR,
	SBI_EXT_0_1_CLEAR_IPI,
	SBI_EXT_0_1_SEND_IPI,
	SBI_EXT_0_1_REMOTE_FENCE_I,
	SBI_EXT_0_1_REMOTE_SFENCE_VMA,
	SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID,
	SBI_EXT_0_1_SHUTDOWN,
	0x504d55UL, /* PMU: not offered */
};

static struct vm_config cfg;
static struct vm vm;
static uint8_t ram[RAM_SIZE];

static void vm_model(struct fuzz_in *in)
{
	uint16_t states = fz_u16(in);

	stub_reset();
	memset(&smp_calls, 0, sizeof(smp_calls));
	memset(&platform, 0, sizeof(platform));
	platform.mvendorid = fz_u64(in);
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.node, "vm@0");
	strcpy(cfg.name, "fuzz");
	memset(&vm, 0, sizeof(vm));
	vm.cfg = &cfg;
	vm.ncpus = 1 + fz_u8(in) % MAX_VCPUS;
	vm.mem.region[0] = (struct mem_region){RAM_GPA, (uintptr_t)ram, RAM_SIZE, NULL};
	vm.mem.count = 1;
	for (unsigned i = 0; i < MAX_VCPUS; i++) {
		vm.vcpu[i].vm = &vm;
		vm.vcpu[i].id = i;
		vm.vcpu[i].state = (enum vcpu_state)(((states >> (2 * i)) & 3) % 3);
	}
	/* What the legacy calls find at a guest virtual address. */
	smp_calls.guest_ulong_addr = RAM_GPA + fz_u16(in);
	smp_calls.guest_ulong = fz_u64(in);
}

static unsigned long arg(struct fuzz_in *in)
{
	switch (fz_u8(in) % 5) {
	case 0:
		return fz_u8(in);
	case 1:
		return RAM_GPA + fz_u16(in);
	case 2:
		return RAM_GPA + RAM_SIZE - fz_u8(in);
	case 3:
		return -1UL;
	default:
		return fz_u64(in);
	}
}

static unsigned long sbi_total(const struct vcpu *v)
{
	unsigned long n = 0;

	for (unsigned i = 0; i < STATS_SBI_SLOTS; i++)
		n += v->stats.sbi[i];
	return n;
}

/* Cross-vCPU effects stay inside the VM's vCPUs. */
static void check_vm(void)
{
	unsigned long all = (1UL << vm.ncpus) - 1;

	for (unsigned i = 0; i < MAX_VCPUS; i++) {
		FUZZ_CHECK(vm.vcpu[i].state <= VCPU_START_PENDING);
		if (i >= vm.ncpus)
			FUZZ_CHECK(!smp_calls.requests[i]);
	}
	FUZZ_CHECK(!(smp_calls.fence_targets & ~all));
	FUZZ_CHECK(stub.out_len <= 4096);
}

static void check_return(const struct vcpu *v, const struct guest_ctx *before)
{
	unsigned long eid = before->x[REG_A7];
	long err = (long)v->guest.x[REG_A0];

	FUZZ_CHECK(v->guest.sepc == SEPC0 + 4);
	if (eid <= SBI_EXT_0_1_SHUTDOWN) {
		/* Legacy: a0 only. */
		FUZZ_CHECK(v->guest.x[REG_A1] == before->x[REG_A1]);
		return;
	}
	FUZZ_CHECK(err <= SBI_SUCCESS && err >= SBI_ERR_LAST);
	if (eid == SBI_EXT_BASE && before->x[REG_A6] == SBI_BASE_PROBE_EXT)
		FUZZ_CHECK(v->guest.x[REG_A1] <= 1);
}

static void ecall(struct fuzz_in *in)
{
	uint8_t sel = fz_u8(in), fsel = fz_u8(in), nin = fz_u8(in) % 8;
	struct vcpu *v = &vm.vcpu[fz_u8(in) % vm.ncpus];
	struct guest_ctx before;
	unsigned long calls = sbi_total(v), ends;
	char typed[8];

	v->state = VCPU_RUNNING; /* it is making the call */
	memset(&v->guest, 0x5a, sizeof(v->guest));
	v->guest.sepc = SEPC0;
	v->guest.x[REG_A7] = sel < ARRAY_SIZE(eids) * 8 ? eids[sel % ARRAY_SIZE(eids)] : fz_u64(in);
	v->guest.x[REG_A6] = fsel < 0xf0 ? fsel % 8 : fz_u64(in);
	for (unsigned i = 0; i < 6; i++)
		v->guest.x[REG_A0 + i] = arg(in);
	for (unsigned i = 0; i < nin; i++)
		typed[i] = (char)fz_u8(in);
	stub_reset();
	stub_queue_input(typed, nin);
	before = v->guest;
	ends = smp_calls.stops;

	sbi_handle_ecall(v);

	FUZZ_CHECK(sbi_total(v) == calls + 1);
	for (unsigned i = 0; i < 32; i++)
		if (i != REG_A0 && i != REG_A1)
			FUZZ_CHECK(v->guest.x[i] == before.x[i]);
	if (v->guest.sepc == SEPC0) {
		/* No return: the vCPU stopped or its VM shut down or rebooted. */
		FUZZ_CHECK(v->guest.x[REG_A0] == before.x[REG_A0]);
		FUZZ_CHECK(v->guest.x[REG_A1] == before.x[REG_A1]);
		FUZZ_CHECK(stub.shutdown_calls + stub.reboot_calls + smp_calls.stops - ends == 1);
	} else {
		check_return(v, &before);
	}
	check_vm();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};

	vm_model(&in);
	for (unsigned n = 0; n < MAX_CALLS && !fz_empty(&in); n++)
		ecall(&in);
	return 0;
}
