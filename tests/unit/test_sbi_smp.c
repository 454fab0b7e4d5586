// SPDX-License-Identifier: MIT
/* SBI IPI, RFENCE, HSM and the legacy IPI/fence calls, through sbi_handle_ecall. */
#include "helpers.h"
#include "stubs.h"
#include "stubs_smp.h"

#include "lib.h"
#include "sbi.h"
#include "vm.h"

#define RAM_GPA 0x80000000UL
#define RAM_SIZE (64 * KiB)
#define SEPC0 0x80001000UL
#define NCPUS 4
#define ALL_CPUS ((1UL << NCPUS) - 1)

#define RFENCE_FENCE_I 0
#define RFENCE_SFENCE_VMA 1
#define RFENCE_SFENCE_VMA_ASID 2
#define RFENCE_HFENCE_GVMA 3

#define HSM_STARTED 0
#define HSM_STOPPED 1
#define HSM_START_PENDING 2

static struct vm_config cfg;
static struct vm vm;
static struct vcpu *v; /* the caller: vCPU 0 */

static int setup(void **state)
{
	(void)state;
	stub_reset();
	memset(&smp_calls, 0, sizeof(smp_calls));
	test_vm_init(&vm, &cfg, "smp", NCPUS, RAM_GPA, RAM_SIZE);
	v = &vm.vcpu[0];
	v->state = VCPU_RUNNING;
	v->guest.sepc = SEPC0;
	return 0;
}

static void ecall(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
		  unsigned long a2)
{
	v->guest.sepc = SEPC0;
	v->guest.x[REG_A7] = eid;
	v->guest.x[REG_A6] = fid;
	v->guest.x[REG_A0] = a0;
	v->guest.x[REG_A1] = a1;
	v->guest.x[REG_A0 + 2] = a2;
	sbi_handle_ecall(v);
}

static void assert_ret(long error, long value)
{
	assert_int_equal((long)v->guest.x[REG_A0], error);
	assert_int_equal((long)v->guest.x[REG_A1], value);
	assert_int_equal(v->guest.sepc, SEPC0 + 4);
}

/* Legacy: a0 only; a1 keeps the value the guest passed. */
static void assert_legacy_ret(long value, unsigned long a1_in)
{
	assert_int_equal((long)v->guest.x[REG_A0], value);
	assert_int_equal(v->guest.x[REG_A1], a1_in);
	assert_int_equal(v->guest.sepc, SEPC0 + 4);
}

/* The vCPUs that got a VSSIP request, as a bitmap. */
static unsigned long vssip_targets(void)
{
	unsigned long t = 0;

	for (unsigned i = 0; i < MAX_VCPUS; i++)
		if (smp_calls.requests[i] & VCPU_REQ_VSSIP)
			t |= 1UL << i;
	return t;
}

static long probe(unsigned long eid)
{
	ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, eid, 0, 0);
	assert_int_equal(v->guest.x[REG_A0], SBI_SUCCESS);
	return (long)v->guest.x[REG_A1];
}

static void test_probe_smp_extensions(void **state)
{
	(void)state;
	assert_int_equal(probe(SBI_EXT_IPI), 1);
	assert_int_equal(probe(SBI_EXT_RFENCE), 1);
	assert_int_equal(probe(SBI_EXT_HSM), 1);
	for (unsigned long eid = SBI_EXT_0_1_SET_TIMER; eid <= SBI_EXT_0_1_SHUTDOWN; eid++)
		assert_int_equal(probe(eid), 1);
}

/* ---- sbi_hart_mask ---- */

static void test_hart_mask_with_base(void **state)
{
	unsigned long t = 99;

	(void)state;
	assert_int_equal(sbi_hart_mask(4, 0x5, 0, &t), HYP_OK);
	assert_int_equal(t, 0x5);
	assert_int_equal(sbi_hart_mask(4, 0x3, 2, &t), HYP_OK);
	assert_int_equal(t, 0xc);
	assert_int_equal(sbi_hart_mask(4, 0, 0, &t), HYP_OK);
	assert_int_equal(t, 0);
}

static void test_hart_mask_base_minus_1_is_all(void **state)
{
	unsigned long t = 0;

	(void)state;
	assert_int_equal(sbi_hart_mask(4, 0, -1UL, &t), HYP_OK);
	assert_int_equal(t, 0xf);
	assert_int_equal(sbi_hart_mask(MAX_VCPUS, 0x1, -1UL, &t), HYP_OK);
	assert_int_equal(t, (1UL << MAX_VCPUS) - 1);
}

static void test_hart_mask_beyond_vcpus_is_einval(void **state)
{
	unsigned long t;

	(void)state;
	assert_int_equal(sbi_hart_mask(4, 0x10, 0, &t), HYP_EINVAL);
	assert_int_equal(sbi_hart_mask(4, 0x1, 4, &t), HYP_EINVAL);
	assert_int_equal(sbi_hart_mask(4, 0x3, 3, &t), HYP_EINVAL);
	assert_int_equal(sbi_hart_mask(4, 1UL << 63, 0, &t), HYP_EINVAL);
	assert_int_equal(sbi_hart_mask(4, 0x1, -2UL, &t), HYP_EINVAL);
}

/* ---- IPI ---- */

static void test_ipi_sends_vssip_to_mask(void **state)
{
	(void)state;
	ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 0x5, 0, 0);
	assert_ret(SBI_SUCCESS, 0);
	assert_int_equal(vssip_targets(), 0x5);
}

static void test_ipi_with_base_and_all(void **state)
{
	(void)state;
	ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 0x3, 2, 0);
	assert_ret(SBI_SUCCESS, 0);
	assert_int_equal(vssip_targets(), 0xc);
	memset(&smp_calls, 0, sizeof(smp_calls));
	ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 0, -1UL, 0);
	assert_ret(SBI_SUCCESS, 0);
	assert_int_equal(vssip_targets(), ALL_CPUS);
}

static void test_ipi_bad_mask_invalid_param_and_nothing_sent(void **state)
{
	(void)state;
	ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 0x11, 0, 0);
	assert_ret(SBI_ERR_INVALID_PARAM, 0);
	ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 0x1, NCPUS, 0);
	assert_ret(SBI_ERR_INVALID_PARAM, 0);
	assert_int_equal(vssip_targets(), 0);
}

static void test_ipi_unknown_function_not_supported(void **state)
{
	(void)state;
	ecall(SBI_EXT_IPI, 1, 0x1, 0, 0);
	assert_ret(SBI_ERR_NOT_SUPPORTED, 0);
	assert_int_equal(vssip_targets(), 0);
}

/* ---- RFENCE ---- */

static void assert_fence(unsigned long targets, unsigned long req)
{
	assert_int_equal(smp_calls.fences, 1);
	assert_int_equal(smp_calls.fence_targets, targets);
	assert_int_equal(smp_calls.fence_req, req);
}

static void test_rfence_fence_i(void **state)
{
	(void)state;
	ecall(SBI_EXT_RFENCE, RFENCE_FENCE_I, 0x6, 0, 0);
	assert_ret(SBI_SUCCESS, 0);
	assert_fence(0x6, VCPU_REQ_FENCE_I);
}

static void test_rfence_sfence_vma_flushes_vs_stage(void **state)
{
	(void)state;
	ecall(SBI_EXT_RFENCE, RFENCE_SFENCE_VMA, 0, -1UL, 0x80000000);
	assert_ret(SBI_SUCCESS, 0);
	assert_fence(ALL_CPUS, VCPU_REQ_VVMA);
}

static void test_rfence_sfence_vma_asid_flushes_vs_stage(void **state)
{
	(void)state;
	ecall(SBI_EXT_RFENCE, RFENCE_SFENCE_VMA_ASID, 0x1, 1, 0);
	assert_ret(SBI_SUCCESS, 0);
	assert_fence(0x2, VCPU_REQ_VVMA);
}

static void test_rfence_hfence_not_supported(void **state)
{
	(void)state;
	for (unsigned long fid = RFENCE_HFENCE_GVMA; fid <= 7; fid++) {
		ecall(SBI_EXT_RFENCE, fid, 0x1, 0, 0);
		assert_ret(SBI_ERR_NOT_SUPPORTED, 0);
	}
	assert_int_equal(smp_calls.fences, 0);
}

static void test_rfence_bad_mask_invalid_param(void **state)
{
	(void)state;
	ecall(SBI_EXT_RFENCE, RFENCE_FENCE_I, 0x100, 0, 0);
	assert_ret(SBI_ERR_INVALID_PARAM, 0);
	assert_int_equal(smp_calls.fences, 0);
}

/* ---- HSM ---- */

static void test_hsm_start_stopped_vcpu(void **state)
{
	(void)state;
	ecall(SBI_EXT_HSM, SBI_HSM_HART_START, 2, RAM_GPA + 0x2000, 0xabcd);
	assert_ret(SBI_SUCCESS, 0);
	assert_int_equal(vm.vcpu[2].state, VCPU_RUNNING);
	assert_int_equal(smp_calls.start_addr, RAM_GPA + 0x2000);
	assert_int_equal(smp_calls.start_opaque, 0xabcd);
}

static void test_hsm_start_running_vcpu_already_available(void **state)
{
	(void)state;
	ecall(SBI_EXT_HSM, SBI_HSM_HART_START, 0, RAM_GPA, 0);
	assert_ret(SBI_ERR_ALREADY_AVAILABLE, 0);
}

static void test_hsm_start_bad_hart_invalid_param(void **state)
{
	(void)state;
	ecall(SBI_EXT_HSM, SBI_HSM_HART_START, NCPUS, RAM_GPA, 0);
	assert_ret(SBI_ERR_INVALID_PARAM, 0);
	ecall(SBI_EXT_HSM, SBI_HSM_HART_START, -1UL, RAM_GPA, 0);
	assert_ret(SBI_ERR_INVALID_PARAM, 0);
}

static void test_hsm_start_outside_ram_invalid_address(void **state)
{
	(void)state;
	ecall(SBI_EXT_HSM, SBI_HSM_HART_START, 1, RAM_GPA + RAM_SIZE, 0);
	assert_ret(SBI_ERR_INVALID_ADDRESS, 0);
	ecall(SBI_EXT_HSM, SBI_HSM_HART_START, 1, RAM_GPA + RAM_SIZE - 2, 0);
	assert_ret(SBI_ERR_INVALID_ADDRESS, 0);
	assert_int_equal(vm.vcpu[1].state, VCPU_STOPPED);
}

static long hart_status(unsigned long hart)
{
	ecall(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hart, 0, 0);
	assert_int_equal(v->guest.sepc, SEPC0 + 4);
	if (v->guest.x[REG_A0])
		return (long)v->guest.x[REG_A0];
	return (long)v->guest.x[REG_A1];
}

static void test_hsm_get_status(void **state)
{
	(void)state;
	vm.vcpu[3].state = VCPU_START_PENDING;
	assert_int_equal(hart_status(0), HSM_STARTED);
	assert_int_equal(hart_status(1), HSM_STOPPED);
	assert_int_equal(hart_status(3), HSM_START_PENDING);
	assert_int_equal(hart_status(NCPUS), SBI_ERR_INVALID_PARAM);
}

static void test_hsm_stop_does_not_return(void **state)
{
	(void)state;
	ecall(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
	assert_int_equal(smp_calls.stops, 1);
	assert_int_equal(v->state, VCPU_STOPPED);
	assert_int_equal(v->guest.sepc, SEPC0);
}

static long suspend(unsigned long type)
{
	ecall(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, type, RAM_GPA, 0);
	assert_int_equal(v->guest.sepc, SEPC0 + 4);
	return (long)v->guest.x[REG_A0];
}

static void test_hsm_suspend_types(void **state)
{
	(void)state;
	assert_int_equal(suspend(0x0), SBI_SUCCESS);
	assert_int_equal(suspend(0x1), SBI_ERR_INVALID_PARAM);
	assert_int_equal(suspend(0x0fffffff), SBI_ERR_INVALID_PARAM);
	assert_int_equal(suspend(0x10000000), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(suspend(0x80000000), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(suspend(0x80000001), SBI_ERR_INVALID_PARAM);
	assert_int_equal(suspend(0x90000000), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(suspend(0x100000000), SBI_ERR_INVALID_PARAM);
}

static void test_hsm_unknown_function_not_supported(void **state)
{
	(void)state;
	ecall(SBI_EXT_HSM, 4, 0, 0, 0);
	assert_ret(SBI_ERR_NOT_SUPPORTED, 0);
}

/* ---- legacy IPI and fences ---- */

#define MASK_GVA 0xffffffc000001000UL

static void legacy(unsigned long eid, unsigned long a0)
{
	ecall(eid, 0, a0, 0x5a5a, 0);
}

static void test_legacy_send_ipi_null_mask_is_all(void **state)
{
	(void)state;
	legacy(SBI_EXT_0_1_SEND_IPI, 0);
	assert_legacy_ret(SBI_SUCCESS, 0x5a5a);
	assert_int_equal(vssip_targets(), ALL_CPUS);
}

static void test_legacy_send_ipi_reads_mask_from_guest(void **state)
{
	(void)state;
	smp_calls.guest_ulong_addr = MASK_GVA;
	smp_calls.guest_ulong = 0xa;
	legacy(SBI_EXT_0_1_SEND_IPI, MASK_GVA);
	assert_legacy_ret(SBI_SUCCESS, 0x5a5a);
	assert_int_equal(vssip_targets(), 0xa);
}

static void test_legacy_send_ipi_unreadable_mask(void **state)
{
	(void)state;
	smp_calls.guest_ulong_addr = MASK_GVA;
	legacy(SBI_EXT_0_1_SEND_IPI, MASK_GVA + 8);
	assert_legacy_ret(SBI_ERR_INVALID_ADDRESS, 0x5a5a);
	assert_int_equal(vssip_targets(), 0);
}

static void test_legacy_send_ipi_mask_beyond_vcpus(void **state)
{
	(void)state;
	smp_calls.guest_ulong_addr = MASK_GVA;
	smp_calls.guest_ulong = 0x10;
	legacy(SBI_EXT_0_1_SEND_IPI, MASK_GVA);
	assert_legacy_ret(SBI_ERR_INVALID_PARAM, 0x5a5a);
	assert_int_equal(vssip_targets(), 0);
}

static void test_legacy_clear_ipi(void **state)
{
	(void)state;
	legacy(SBI_EXT_0_1_CLEAR_IPI, 0);
	assert_legacy_ret(SBI_SUCCESS, 0x5a5a);
	assert_int_equal(smp_calls.clear_ipis, 1);
}

static void test_legacy_remote_fences(void **state)
{
	(void)state;
	legacy(SBI_EXT_0_1_REMOTE_FENCE_I, 0);
	assert_legacy_ret(SBI_SUCCESS, 0x5a5a);
	assert_fence(ALL_CPUS, VCPU_REQ_FENCE_I);
	smp_calls.fences = 0;
	smp_calls.guest_ulong_addr = MASK_GVA;
	smp_calls.guest_ulong = 0x4;
	legacy(SBI_EXT_0_1_REMOTE_SFENCE_VMA, MASK_GVA);
	assert_legacy_ret(SBI_SUCCESS, 0x5a5a);
	assert_fence(0x4, VCPU_REQ_VVMA);
	smp_calls.fences = 0;
	legacy(SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID, 0);
	assert_legacy_ret(SBI_SUCCESS, 0x5a5a);
	assert_fence(ALL_CPUS, VCPU_REQ_VVMA);
}

#define SMP_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown_free_all)

int main(void)
{
	const struct CMUnitTest tests[] = {
		SMP_TEST(test_probe_smp_extensions),
		SMP_TEST(test_hart_mask_with_base),
		SMP_TEST(test_hart_mask_base_minus_1_is_all),
		SMP_TEST(test_hart_mask_beyond_vcpus_is_einval),
		SMP_TEST(test_ipi_sends_vssip_to_mask),
		SMP_TEST(test_ipi_with_base_and_all),
		SMP_TEST(test_ipi_bad_mask_invalid_param_and_nothing_sent),
		SMP_TEST(test_ipi_unknown_function_not_supported),
		SMP_TEST(test_rfence_fence_i),
		SMP_TEST(test_rfence_sfence_vma_flushes_vs_stage),
		SMP_TEST(test_rfence_sfence_vma_asid_flushes_vs_stage),
		SMP_TEST(test_rfence_hfence_not_supported),
		SMP_TEST(test_rfence_bad_mask_invalid_param),
		SMP_TEST(test_hsm_start_stopped_vcpu),
		SMP_TEST(test_hsm_start_running_vcpu_already_available),
		SMP_TEST(test_hsm_start_bad_hart_invalid_param),
		SMP_TEST(test_hsm_start_outside_ram_invalid_address),
		SMP_TEST(test_hsm_get_status),
		SMP_TEST(test_hsm_stop_does_not_return),
		SMP_TEST(test_hsm_suspend_types),
		SMP_TEST(test_hsm_unknown_function_not_supported),
		SMP_TEST(test_legacy_send_ipi_null_mask_is_all),
		SMP_TEST(test_legacy_send_ipi_reads_mask_from_guest),
		SMP_TEST(test_legacy_send_ipi_unreadable_mask),
		SMP_TEST(test_legacy_send_ipi_mask_beyond_vcpus),
		SMP_TEST(test_legacy_clear_ipi),
		SMP_TEST(test_legacy_remote_fences),
	};

	return cmocka_run_group_tests_name("sbi_smp", tests, NULL, NULL);
}
