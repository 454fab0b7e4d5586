// SPDX-License-Identifier: MIT
/* SBI dispatch and extensions, through sbi_handle_ecall as a guest ecall reaches it. */
#include "helpers.h"
#include "stubs.h"

#include "lib.h"
#include "platform.h"
#include "sbi.h"
#include "vm.h"

#define RAM_GPA 0x80000000UL
#define RAM_SIZE (64 * KiB)
#define SEPC0 0x80001000UL
/* Standard extensions (SBI 2.0) this hypervisor does not offer. */
#define EID_PMU 0x504d55UL
#define EID_SUSP 0x53555350UL
#define EID_CPPC 0x43505043UL

/* What the other registers hold: no call may change them. */
#define UNTOUCHED 0x5a5a5a5aUL

static struct vm_config cfg;
static struct vm vm;
static struct vcpu v;
static uint8_t *ram;
/* The registers as the guest set them for the last call. */
static struct {
	unsigned long eid, fid, a1, a2;
} in;

static int setup(void **state)
{
	(void)state;
	stub_reset();
	memset(&platform, 0, sizeof(platform));
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.node, "vm@0");
	strcpy(cfg.name, "sbi-test");
	memset(&vm, 0, sizeof(vm));
	vm.cfg = &cfg;
	ram = test_alloc(RAM_SIZE);
	vm.mem.region[0] = (struct mem_region){RAM_GPA, (uintptr_t)ram, RAM_SIZE, NULL};
	vm.mem.count = 1;
	memset(&v, 0, sizeof(v));
	v.vm = &vm;
	v.guest.sepc = SEPC0;
	for (unsigned i = 1; i < 32; i++)
		v.guest.x[i] = UNTOUCHED;
	return 0;
}

/* Issues one ecall: a7 = eid, a6 = fid, a0..a5 = args. */
static void ecall(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
		  unsigned long a2)
{
	v.guest.x[REG_A7] = eid;
	v.guest.x[REG_A6] = fid;
	v.guest.x[REG_A0] = a0;
	v.guest.x[REG_A1] = a1;
	v.guest.x[REG_A0 + 2] = a2;
	in.eid = eid;
	in.fid = fid;
	in.a1 = a1;
	in.a2 = a2;
	sbi_handle_ecall(&v);
}

static long a0(void)
{
	return (long)v.guest.x[REG_A0];
}

static long a1(void)
{
	return (long)v.guest.x[REG_A1];
}

/* Only a0 and a1 are results: every other register keeps what the guest had. */
static void assert_other_regs_untouched(void)
{
	for (unsigned i = 1; i < 32; i++) {
		unsigned long want = UNTOUCHED;

		if (i == REG_A0 || i == REG_A1)
			continue;
		if (i == REG_A0 + 2)
			want = in.a2;
		else if (i == REG_A6)
			want = in.fid;
		else if (i == REG_A7)
			want = in.eid;
		assert_int_equal(v.guest.x[i], want);
	}
}

/* An SBI v0.2+ return: a0 = error, a1 = value, past the ecall. */
static void assert_ret(long error, long value)
{
	assert_other_regs_untouched();
	assert_int_equal(a0(), error);
	assert_int_equal(a1(), value);
	assert_int_equal(v.guest.sepc, SEPC0 + 4);
}

static void assert_error_stepped(long error)
{
	assert_other_regs_untouched();
	assert_int_equal(a0(), error);
	assert_int_equal(v.guest.sepc, SEPC0 + 4);
}

/* A legacy return: a0 = value, a1 untouched, past the ecall. */
static void assert_legacy_ret(long value)
{
	assert_other_regs_untouched();
	assert_int_equal(a0(), value);
	assert_int_equal(v.guest.x[REG_A1], in.a1);
	assert_int_equal(v.guest.sepc, SEPC0 + 4);
}

/* SBI_NO_RETURN: registers and sepc untouched. */
static void assert_no_return(unsigned long a0_before)
{
	assert_int_equal(v.guest.x[REG_A0], a0_before);
	assert_int_equal(v.guest.x[REG_A1], in.a1);
	assert_int_equal(v.guest.sepc, SEPC0);
}

static void assert_console(const char *bytes, size_t n)
{
	assert_int_equal(stub.out_len, n);
	assert_memory_equal(stub.out, bytes, n);
	if (n)
		assert_ptr_equal(stub.out_vm, &vm);
}

/* ---- BASE ---- */

static void test_base_spec_version_is_2_0(void **state)
{
	(void)state;
	ecall(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0);
	assert_ret(SBI_SUCCESS, 0x02000000);
}

static void test_base_impl_id_and_version(void **state)
{
	(void)state;
	ecall(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0);
	assert_ret(SBI_SUCCESS, HYP_SBI_IMPL_ID);
	ecall(SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION, 0, 0, 0);
	assert_int_equal(a0(), SBI_SUCCESS);
	assert_int_not_equal(a1(), 0);
}

static void test_base_machine_ids_come_from_platform(void **state)
{
	(void)state;
	platform.mvendorid = 0x489;
	platform.marchid = 0x8000000000000007UL;
	platform.mimpid = 0x20181004;
	ecall(SBI_EXT_BASE, SBI_BASE_GET_MVENDORID, 0, 0, 0);
	assert_ret(SBI_SUCCESS, 0x489);
	v.guest.sepc = SEPC0;
	ecall(SBI_EXT_BASE, SBI_BASE_GET_MARCHID, 0, 0, 0);
	assert_ret(SBI_SUCCESS, (long)0x8000000000000007UL);
	v.guest.sepc = SEPC0;
	ecall(SBI_EXT_BASE, SBI_BASE_GET_MIMPID, 0, 0, 0);
	assert_ret(SBI_SUCCESS, 0x20181004);
}

static long probe(unsigned long eid)
{
	v.guest.sepc = SEPC0;
	ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, eid, 0, 0);
	assert_int_equal(a0(), SBI_SUCCESS);
	assert_int_equal(v.guest.sepc, SEPC0 + 4);
	return a1();
}

static void test_base_probe_offered_extensions(void **state)
{
	(void)state;
	assert_int_equal(probe(SBI_EXT_BASE), 1);
	assert_int_equal(probe(SBI_EXT_TIME), 1);
	assert_int_equal(probe(SBI_EXT_SRST), 1);
	assert_int_equal(probe(SBI_EXT_DBCN), 1);
}

static void test_base_probe_legacy_calls(void **state)
{
	(void)state;
	assert_int_equal(probe(SBI_EXT_0_1_SET_TIMER), 1);
	assert_int_equal(probe(SBI_EXT_0_1_CONSOLE_PUTCHAR), 1);
	assert_int_equal(probe(SBI_EXT_0_1_CONSOLE_GETCHAR), 1);
	assert_int_equal(probe(SBI_EXT_0_1_SHUTDOWN), 1);
	/* Just past the legacy range: nothing there. */
	assert_int_equal(probe(SBI_EXT_0_1_SHUTDOWN + 1), 0);
}

static void test_base_probe_unoffered_extensions(void **state)
{
	(void)state;
	assert_int_equal(probe(0x12345678), 0);
	assert_int_equal(probe(EID_PMU), 0);
	assert_int_equal(probe(EID_SUSP), 0);
	assert_int_equal(probe(EID_CPPC), 0);
	assert_int_equal(probe(SBI_EXT_BASE + 1), 0);
}

static void test_base_unknown_function_not_supported(void **state)
{
	(void)state;
	ecall(SBI_EXT_BASE, 7, 0, 0, 0);
	assert_error_stepped(SBI_ERR_NOT_SUPPORTED);
}

/* ---- dispatch ---- */

static void test_unknown_extension_not_supported_and_stepped(void **state)
{
	(void)state;
	ecall(0x12345678, 0, 0, 0, 0);
	assert_ret(SBI_ERR_NOT_SUPPORTED, 0);
	assert_int_equal(stub.set_timer_calls + stub.shutdown_calls + stub.reboot_calls, 0);
	assert_int_equal(stub.out_len, 0);
}

static void test_unoffered_extensions_not_supported(void **state)
{
	static const unsigned long eids[] = {EID_PMU, EID_SUSP, EID_CPPC, 0x9, SBI_EXT_BASE + 1};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(eids); i++) {
		v.guest.sepc = SEPC0;
		ecall(eids[i], 0, 0, 0, 0);
		assert_error_stepped(SBI_ERR_NOT_SUPPORTED);
	}
}

static void test_find_ext_by_eid(void **state)
{
	(void)state;
	assert_ptr_equal(sbi_find_ext(SBI_EXT_BASE), &sbi_ext_base);
	assert_ptr_equal(sbi_find_ext(SBI_EXT_TIME), &sbi_ext_time);
	assert_ptr_equal(sbi_find_ext(SBI_EXT_IPI), &sbi_ext_ipi);
	assert_ptr_equal(sbi_find_ext(SBI_EXT_RFENCE), &sbi_ext_rfence);
	assert_ptr_equal(sbi_find_ext(SBI_EXT_HSM), &sbi_ext_hsm);
	assert_ptr_equal(sbi_find_ext(SBI_EXT_SRST), &sbi_ext_srst);
	assert_ptr_equal(sbi_find_ext(SBI_EXT_DBCN), &sbi_ext_dbcn);
	assert_ptr_equal(sbi_find_ext(SBI_EXT_0_1_SHUTDOWN), &sbi_ext_legacy);
	assert_null(sbi_find_ext(0x12345678));
}

/*
 * Each call counts once, in the stats slot named after its extension: the
 * ids found without the table walk (BASE, TIME, IPI, RFENCE) as the others.
 */
static void test_calls_counted_by_extension(void **state)
{
	static const struct {
		unsigned long eid, fid;
		const char *name;
	} calls[] = {
		{SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, "base"},
		{SBI_EXT_TIME, 99, "time"},
		{SBI_EXT_IPI, 99, "ipi"},
		{SBI_EXT_RFENCE, 99, "rfence"},
		{SBI_EXT_HSM, 99, "hsm"},
		{SBI_EXT_SRST, 99, "srst"},
		{SBI_EXT_DBCN, 99, "dbcn"},
		{SBI_EXT_0_1_CONSOLE_GETCHAR, 0, "legacy"},
		{EID_PMU, 0, "unknown"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(calls); i++) {
		unsigned long before[STATS_SBI_SLOTS];
		const char *name;

		memcpy(before, v.stats.sbi, sizeof(before));
		ecall(calls[i].eid, calls[i].fid, 0, 0, 0);
		for (unsigned slot = 0; (name = sbi_ext_name(slot)) != NULL; slot++)
			assert_int_equal(v.stats.sbi[slot],
					 before[slot] + !strcmp(name, calls[i].name));
	}
}

/* ---- TIME ---- */

static void test_time_set_timer_reaches_vcpu(void **state)
{
	(void)state;
	ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, 0x123456789abcUL, 0, 0);
	assert_ret(SBI_SUCCESS, 0);
	assert_int_equal(stub.set_timer_calls, 1);
	assert_ptr_equal(stub.timer_vcpu, &v);
	assert_int_equal(stub.timer_value, 0x123456789abcUL);
}

static void test_time_set_timer_max_value_passes_through(void **state)
{
	(void)state;
	/* UINT64_MAX is how a guest cancels its timer. */
	ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, UINT64_MAX, 0, 0);
	assert_ret(SBI_SUCCESS, 0);
	assert_int_equal(stub.timer_value, UINT64_MAX);
}

static void test_time_unknown_function_not_supported(void **state)
{
	(void)state;
	ecall(SBI_EXT_TIME, 1, 42, 0, 0);
	assert_error_stepped(SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(stub.set_timer_calls, 0);
}

/* ---- legacy ---- */

/* Legacy calls get a1 = UNTOUCHED so that a write to it shows. */
static void legacy(unsigned long eid, unsigned long arg)
{
	ecall(eid, 0, arg, UNTOUCHED, 0);
}

static void test_legacy_set_timer(void **state)
{
	(void)state;
	legacy(SBI_EXT_0_1_SET_TIMER, 0xfeedface1234UL);
	assert_legacy_ret(0);
	assert_int_equal(stub.set_timer_calls, 1);
	assert_int_equal(stub.timer_value, 0xfeedface1234UL);
}

static void test_legacy_putchar(void **state)
{
	(void)state;
	legacy(SBI_EXT_0_1_CONSOLE_PUTCHAR, 'Q');
	assert_legacy_ret(0);
	assert_console("Q", 1);
}

static void test_legacy_getchar_returns_queued_byte(void **state)
{
	(void)state;
	stub_queue_input("\xe9z", 2);
	legacy(SBI_EXT_0_1_CONSOLE_GETCHAR, 0);
	assert_legacy_ret(0xe9);
	v.guest.sepc = SEPC0;
	legacy(SBI_EXT_0_1_CONSOLE_GETCHAR, 0);
	assert_legacy_ret('z');
}

static void test_legacy_getchar_without_input_is_minus_1(void **state)
{
	(void)state;
	legacy(SBI_EXT_0_1_CONSOLE_GETCHAR, 0);
	assert_legacy_ret(-1);
}

static void test_legacy_shutdown_stops_vm_without_step(void **state)
{
	(void)state;
	legacy(SBI_EXT_0_1_SHUTDOWN, 0);
	assert_int_equal(stub.shutdown_calls, 1);
	assert_ptr_equal(stub.shutdown_vm, &vm);
	assert_false(stub.shutdown_failed);
	assert_no_return(0);
}

/* ---- SRST ---- */

static void srst(unsigned long type, unsigned long reason)
{
	ecall(SBI_EXT_SRST, SBI_SRST_RESET, type, reason, 0);
}

static void test_srst_shutdown_reason_none(void **state)
{
	(void)state;
	srst(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE);
	assert_int_equal(stub.shutdown_calls, 1);
	assert_ptr_equal(stub.shutdown_vm, &vm);
	assert_false(stub.shutdown_failed);
	assert_int_equal(stub.reboot_calls, 0);
	assert_no_return(SBI_SRST_TYPE_SHUTDOWN);
}

static void test_srst_shutdown_reason_sysfail(void **state)
{
	(void)state;
	srst(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYSFAIL);
	assert_int_equal(stub.shutdown_calls, 1);
	assert_true(stub.shutdown_failed);
	assert_no_return(SBI_SRST_TYPE_SHUTDOWN);
}

static void test_srst_cold_reboot(void **state)
{
	(void)state;
	srst(SBI_SRST_TYPE_COLD_REBOOT, SBI_SRST_REASON_NONE);
	assert_int_equal(stub.reboot_calls, 1);
	assert_ptr_equal(stub.reboot_vcpu, &v);
	assert_int_equal(stub.shutdown_calls, 0);
	assert_no_return(SBI_SRST_TYPE_COLD_REBOOT);
}

static void test_srst_warm_reboot(void **state)
{
	(void)state;
	srst(SBI_SRST_TYPE_WARM_REBOOT, SBI_SRST_REASON_SYSFAIL);
	assert_int_equal(stub.reboot_calls, 1);
	assert_int_equal(stub.shutdown_calls, 0);
	assert_no_return(SBI_SRST_TYPE_WARM_REBOOT);
}

static void test_srst_reserved_type_invalid_param(void **state)
{
	(void)state;
	srst(3, SBI_SRST_REASON_NONE);
	assert_error_stepped(SBI_ERR_INVALID_PARAM);
	v.guest.sepc = SEPC0;
	srst(0xefffffffUL, SBI_SRST_REASON_NONE);
	assert_error_stepped(SBI_ERR_INVALID_PARAM);
	assert_int_equal(stub.shutdown_calls + stub.reboot_calls, 0);
}

static void test_srst_vendor_type_not_supported(void **state)
{
	(void)state;
	srst(SBI_SRST_TYPE_VENDOR_START, SBI_SRST_REASON_NONE);
	assert_error_stepped(SBI_ERR_NOT_SUPPORTED);
	v.guest.sepc = SEPC0;
	srst(0xffffffffUL, SBI_SRST_REASON_NONE);
	assert_error_stepped(SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(stub.shutdown_calls + stub.reboot_calls, 0);
}

static void test_srst_reserved_reason_invalid_param(void **state)
{
	(void)state;
	srst(SBI_SRST_TYPE_SHUTDOWN, 2);
	assert_error_stepped(SBI_ERR_INVALID_PARAM);
	v.guest.sepc = SEPC0;
	srst(SBI_SRST_TYPE_COLD_REBOOT, SBI_SRST_REASON_SBI_START - 1);
	assert_error_stepped(SBI_ERR_INVALID_PARAM);
	assert_int_equal(stub.shutdown_calls + stub.reboot_calls, 0);
}

static void test_srst_sbi_and_vendor_reasons_accepted(void **state)
{
	(void)state;
	srst(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SBI_START);
	assert_int_equal(stub.shutdown_calls, 1);
	assert_false(stub.shutdown_failed);
	assert_no_return(SBI_SRST_TYPE_SHUTDOWN);
	srst(SBI_SRST_TYPE_COLD_REBOOT, 0xffffffffUL);
	assert_int_equal(stub.reboot_calls, 1);
}

static void test_srst_unknown_function_not_supported(void **state)
{
	(void)state;
	ecall(SBI_EXT_SRST, 1, SBI_SRST_TYPE_SHUTDOWN, 0, 0);
	assert_error_stepped(SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(stub.shutdown_calls + stub.reboot_calls, 0);
}

/* ---- DBCN ---- */

static void test_dbcn_write_sends_guest_bytes(void **state)
{
	(void)state;
	memcpy(ram + 0x100, "hello, dbcn\n", 12);
	ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 12, RAM_GPA + 0x100, 0);
	assert_ret(SBI_SUCCESS, 12);
	assert_console("hello, dbcn\n", 12);
}

static void test_dbcn_write_up_to_last_byte_of_ram(void **state)
{
	(void)state;
	memcpy(ram + RAM_SIZE - 3, "xyz", 3);
	ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 3, RAM_GPA + RAM_SIZE - 3, 0);
	assert_ret(SBI_SUCCESS, 3);
	assert_console("xyz", 3);
}

static void test_dbcn_write_long_buffer_is_partial(void **state)
{
	(void)state;
	memset(ram, 'a', RAM_SIZE);
	ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, RAM_SIZE, RAM_GPA, 0);
	assert_int_equal(a0(), SBI_SUCCESS);
	/* The spec allows writing fewer bytes; a1 says how many. */
	assert_true(a1() > 0 && a1() <= (long)RAM_SIZE);
	assert_int_equal(stub.out_len, (size_t)a1());
	assert_int_equal(stub.out[0], 'a');
}

static void assert_dbcn_write_rejected(unsigned long len, unsigned long lo, unsigned long hi)
{
	v.guest.sepc = SEPC0;
	ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, len, lo, hi);
	assert_error_stepped(SBI_ERR_INVALID_PARAM);
	assert_int_equal(stub.out_len, 0);
}

static void test_dbcn_write_outside_ram_invalid_param(void **state)
{
	(void)state;
	assert_dbcn_write_rejected(4, RAM_GPA - 0x1000, 0);
	assert_dbcn_write_rejected(4, RAM_GPA + RAM_SIZE, 0);
	assert_dbcn_write_rejected(4, 0, 0);
}

static void test_dbcn_write_base_hi_invalid_param(void **state)
{
	(void)state;
	assert_dbcn_write_rejected(4, RAM_GPA, 1);
}

static void test_dbcn_write_running_off_ram_invalid_param(void **state)
{
	(void)state;
	assert_dbcn_write_rejected(16, RAM_GPA + RAM_SIZE - 8, 0);
	assert_dbcn_write_rejected(2, RAM_GPA + RAM_SIZE - 1, 0);
	assert_dbcn_write_rejected(16, UINT64_MAX - 7, 0);
}

static void test_dbcn_write_byte(void **state)
{
	(void)state;
	ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, 0x100 | '!', 0, 0);
	assert_ret(SBI_SUCCESS, 0);
	/* Only the low 8 bits of a0 are the byte. */
	assert_console("!", 1);
}

static void test_dbcn_read_fills_guest_memory(void **state)
{
	(void)state;
	memset(ram + 0x200, '#', 16);
	stub_queue_input("abc", 3);
	ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, 16, RAM_GPA + 0x200, 0);
	assert_ret(SBI_SUCCESS, 3);
	assert_memory_equal(ram + 0x200, "abc#", 4);
}

static void test_dbcn_read_stops_at_buffer_size(void **state)
{
	(void)state;
	stub_queue_input("0123456789", 10);
	ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, 4, RAM_GPA, 0);
	assert_ret(SBI_SUCCESS, 4);
	assert_memory_equal(ram, "0123", 4);
	assert_int_equal(ram[4], 0);
	assert_int_equal(stub.in_pos, 4);
}

static void test_dbcn_read_without_input_returns_0(void **state)
{
	(void)state;
	ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, 8, RAM_GPA, 0);
	assert_ret(SBI_SUCCESS, 0);
}

static void test_dbcn_read_outside_ram_invalid_param(void **state)
{
	(void)state;
	stub_queue_input("abc", 3);
	ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, 8, RAM_GPA + RAM_SIZE - 4, 0);
	assert_error_stepped(SBI_ERR_INVALID_PARAM);
	v.guest.sepc = SEPC0;
	ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, 8, RAM_GPA, 1);
	assert_error_stepped(SBI_ERR_INVALID_PARAM);
	/* Nothing was consumed from the console. */
	assert_int_equal(stub.in_pos, 0);
}

static void test_dbcn_unknown_function_not_supported(void **state)
{
	(void)state;
	ecall(SBI_EXT_DBCN, 3, 'x', 0, 0);
	assert_error_stepped(SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(stub.out_len, 0);
}

/* ---- sbi_error ---- */

static void test_sbi_error_maps_each_hyp_code(void **state)
{
	(void)state;
	assert_int_equal(sbi_error(HYP_OK), SBI_SUCCESS);
	assert_int_equal(sbi_error(HYP_EINVAL), SBI_ERR_INVALID_PARAM);
	assert_int_equal(sbi_error(HYP_ERANGE), SBI_ERR_INVALID_PARAM);
	assert_int_equal(sbi_error(HYP_EFAULT), SBI_ERR_INVALID_ADDRESS);
	assert_int_equal(sbi_error(HYP_ENOTSUP), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(sbi_error(HYP_EEXIST), SBI_ERR_ALREADY_AVAILABLE);
	assert_int_equal(sbi_error(HYP_EBUSY), SBI_ERR_DENIED);
	assert_int_equal(sbi_error(HYP_ENOMEM), SBI_ERR_FAILED);
	assert_int_equal(sbi_error(-1000), SBI_ERR_FAILED);
}

#define SBI_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown_free_all)

int main(void)
{
	const struct CMUnitTest tests[] = {
		SBI_TEST(test_base_spec_version_is_2_0),
		SBI_TEST(test_base_impl_id_and_version),
		SBI_TEST(test_base_machine_ids_come_from_platform),
		SBI_TEST(test_base_probe_offered_extensions),
		SBI_TEST(test_base_probe_legacy_calls),
		SBI_TEST(test_base_probe_unoffered_extensions),
		SBI_TEST(test_base_unknown_function_not_supported),
		SBI_TEST(test_unknown_extension_not_supported_and_stepped),
		SBI_TEST(test_unoffered_extensions_not_supported),
		SBI_TEST(test_find_ext_by_eid),
		SBI_TEST(test_calls_counted_by_extension),
		SBI_TEST(test_time_set_timer_reaches_vcpu),
		SBI_TEST(test_time_set_timer_max_value_passes_through),
		SBI_TEST(test_time_unknown_function_not_supported),
		SBI_TEST(test_legacy_set_timer),
		SBI_TEST(test_legacy_putchar),
		SBI_TEST(test_legacy_getchar_returns_queued_byte),
		SBI_TEST(test_legacy_getchar_without_input_is_minus_1),
		SBI_TEST(test_legacy_shutdown_stops_vm_without_step),
		SBI_TEST(test_srst_shutdown_reason_none),
		SBI_TEST(test_srst_shutdown_reason_sysfail),
		SBI_TEST(test_srst_cold_reboot),
		SBI_TEST(test_srst_warm_reboot),
		SBI_TEST(test_srst_reserved_type_invalid_param),
		SBI_TEST(test_srst_vendor_type_not_supported),
		SBI_TEST(test_srst_reserved_reason_invalid_param),
		SBI_TEST(test_srst_sbi_and_vendor_reasons_accepted),
		SBI_TEST(test_srst_unknown_function_not_supported),
		SBI_TEST(test_dbcn_write_sends_guest_bytes),
		SBI_TEST(test_dbcn_write_up_to_last_byte_of_ram),
		SBI_TEST(test_dbcn_write_long_buffer_is_partial),
		SBI_TEST(test_dbcn_write_outside_ram_invalid_param),
		SBI_TEST(test_dbcn_write_base_hi_invalid_param),
		SBI_TEST(test_dbcn_write_running_off_ram_invalid_param),
		SBI_TEST(test_dbcn_write_byte),
		SBI_TEST(test_dbcn_read_fills_guest_memory),
		SBI_TEST(test_dbcn_read_stops_at_buffer_size),
		SBI_TEST(test_dbcn_read_without_input_returns_0),
		SBI_TEST(test_dbcn_read_outside_ram_invalid_param),
		SBI_TEST(test_dbcn_unknown_function_not_supported),
		SBI_TEST(test_sbi_error_maps_each_hyp_code),
	};

	return cmocka_run_group_tests_name("sbi", tests, NULL, NULL);
}
