// SPDX-License-Identifier: MIT
/*
 * The SBI dispatcher under random calls, as guests/attacker makes them in
 * QEMU, here with AddressSanitizer and UBSan watching every handler. Per
 * call: only a0/a1 change, sepc steps past the ecall unless the call
 * stopped or reset the caller, SBI v0.2+ errors are the spec's, and
 * nothing reaches a vCPU the VM does not have or memory outside its RAM.
 */
#include "helpers.h"
#include "stubs.h"
#include "stubs_smp.h"

#include "lib.h"
#include "sbi.h"
#include "vm.h"

#define RAM_GPA 0x80000000UL
#define RAM_SIZE (64 * KiB)
#define SEPC0 0x80001000UL
#define NCPUS 2
#define CALLS 300000
#define MASK_ADDR (RAM_GPA + 0x100) /* where the legacy calls find a hart mask */
#define UNTOUCHED 0xa5a5a5a5a5a5a5a5UL

static struct vm_config cfg;
static struct vm vm;
static uint64_t rng = 0x5eed0fa77ac4UL;
/* How far the calls got: each kind must show up, or the fuzz tests nothing. */
static struct {
	unsigned long successes, stops, starts, ipis, fences, console_bytes;
} seen;

static const unsigned long eids[] = {
	0x00,	    0x01,	0x02,	  0x03,	      0x04,	  0x05,	      0x06,	  0x07,
	0x08,	    0x09,	0x0f,	  0x10,	      0x54494d45, 0x735049,   0x52464e43, 0x48534d,
	0x53525354, 0x4442434e, 0x504d55, 0x53555350, 0x43505043, 0x09000000,
};

static unsigned long rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dUL;
}

static unsigned long pick_arg(void)
{
	switch (rnd() % 10) {
	case 0:
		return 0;
	case 1:
		return rnd() % 16;
	case 2:
		return ~0UL - rnd() % 4;
	case 3:
		return 1UL << (rnd() % 64);
	case 4:
		return RAM_GPA + rnd() % (RAM_SIZE + 64);
	case 5:
		return MASK_ADDR;
	case 6:
		return rnd() & 0xffffffffUL;
	default:
		return rnd();
	}
}

static int setup(void **state)
{
	(void)state;
	test_vm_init(&vm, &cfg, "fuzz", NCPUS, RAM_GPA, RAM_SIZE);
	return 0;
}

/* Fresh state for one call: vCPU 0 running, vCPU 1 stopped, empty logs. */
static struct vcpu *prepare(void)
{
	struct vcpu *v = &vm.vcpu[0];

	stub_reset();
	memset(&smp_calls, 0, sizeof(smp_calls));
	smp_calls.guest_ulong_addr = MASK_ADDR;
	smp_calls.guest_ulong = rnd() % 4 ? rnd() % 8 : rnd();
	v->state = VCPU_RUNNING;
	vm.vcpu[1].state = VCPU_STOPPED;
	for (unsigned i = 1; i < 32; i++)
		v->guest.x[i] = UNTOUCHED;
	v->guest.sepc = SEPC0;
	return v;
}

/* The call stopped or reset its caller: then it does not return. */
static bool caller_stopped(const struct vcpu *v)
{
	return stub.shutdown_calls || stub.reboot_calls || v->state != VCPU_RUNNING;
}

static void check_call(const struct vcpu *v, const unsigned long *in)
{
	for (unsigned i = 1; i < 32; i++) {
		if (i == REG_A0 || i == REG_A1)
			continue;
		assert_int_equal(v->guest.x[i], in[i]);
	}
	if (caller_stopped(v)) {
		assert_int_equal(v->guest.sepc, SEPC0);
		seen.stops++;
		return;
	}
	assert_int_equal(v->guest.sepc, SEPC0 + 4);
	if (in[REG_A7] > SBI_EXT_0_1_SHUTDOWN) {
		long err = (long)v->guest.x[REG_A0];

		assert_true(err <= 0 && err >= SBI_ERR_ALREADY_STOPPED);
		seen.successes += err == SBI_SUCCESS;
	}
	seen.starts += smp_calls.start_addr != 0;
	seen.ipis += (smp_calls.requests[0] | smp_calls.requests[1]) != 0;
	seen.fences += smp_calls.fences;
	seen.console_bytes += stub.out_len;
	/* Nothing posted to, fenced on or started for a vCPU the VM lacks. */
	for (unsigned i = NCPUS; i < MAX_VCPUS; i++)
		assert_int_equal(smp_calls.requests[i], 0);
	assert_int_equal(smp_calls.fence_targets & ~((1UL << NCPUS) - 1), 0);
	if (smp_calls.start_addr)
		assert_true(smp_calls.start_addr >= RAM_GPA &&
			    smp_calls.start_addr < RAM_GPA + RAM_SIZE);
}

static void test_random_calls_keep_every_rule(void **state)
{
	unsigned long in[32];

	(void)state;
	for (unsigned n = 0; n < CALLS; n++) {
		struct vcpu *v = prepare();

		v->guest.x[REG_A7] = rnd() % 4 ? eids[rnd() % ARRAY_SIZE(eids)] : rnd();
		v->guest.x[REG_A6] = rnd() % 4 ? rnd() % 10 : rnd();
		for (unsigned i = 0; i < 6; i++)
			v->guest.x[REG_A0 + i] = pick_arg();
		memcpy(in, v->guest.x, sizeof(in));
		sbi_handle_ecall(v);
		check_call(v, in);
	}
	assert_true(seen.successes > CALLS / 100);
	assert_true(seen.stops && seen.starts && seen.ipis && seen.fences && seen.console_bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_random_calls_keep_every_rule, setup,
						teardown_free_all),
	};

	return cmocka_run_group_tests_name("sbi_fuzz", tests, NULL, NULL);
}
