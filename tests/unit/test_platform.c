// SPDX-License-Identifier: MIT
/*
 * The host DT parser (src/core/platform.c): what it takes from a DT shaped
 * like QEMU virt's, and what it does with properties too short for what it
 * reads, cell counts it cannot use and a structure block libfdt would read
 * misaligned. Compiled in under another name: the stubs define `platform`
 * for the other hypervisor sources.
 */
#include "helpers.h"

#define platform host_platform_under_test
#include "../../src/core/platform.c" // NOLINT(bugprone-suspicious-include)
#undef platform

#define P host_platform_under_test

/* What each test changes in the QEMU-like host DT. */
struct variant {
	unsigned cpu0_reg_len; /* bytes of cpu@0's reg */
	bool no_timebase;
	uint32_t timebase;
	unsigned uart_reg_cells; /* of <0 0x10000000 0 0x100> */
	bool has_shift;
	uint32_t reg_shift;
	uint32_t rsv_address_cells; /* of /reserved-memory */
	unsigned initrd_cells;	    /* of linux,initrd-start and -end */
	int rng_seed_len;	    /* bytes of /chosen/rng-seed, -1: none */
};

static const uint8_t host_seed[32] = "QEMU virt gives 32 random bytes";

static const struct variant qemu = {
	.cpu0_reg_len = 4,
	.timebase = 10000000,
	.uart_reg_cells = 4,
	.rsv_address_cells = 2,
	.initrd_cells = 2,
	.rng_seed_len = 32,
};

static void cpu(struct fdt_builder *b, const char *name, const void *reg, unsigned reg_len,
		uint32_t intc_phandle)
{
	fdtb_begin(b, name);
	fdtb_str(b, "device_type", "cpu");
	fdtb_prop(b, "reg", reg, reg_len);
	fdtb_str(b, "riscv,isa", "rv64imafdch_sstc");
	fdtb_str(b, "mmu-type", "riscv,sv48");
	fdtb_begin(b, "interrupt-controller");
	fdtb_u32(b, "phandle", intc_phandle);
	fdtb_end(b);
	fdtb_end(b);
}

static void soc(struct fdt_builder *b, const struct variant *v)
{
	const fdt32_t uart_reg[4] = {0, cpu_to_fdt32(0x10000000), 0, cpu_to_fdt32(0x100)};

	fdtb_begin(b, "soc");
	fdtb_u32(b, "#address-cells", 2);
	fdtb_u32(b, "#size-cells", 2);
	fdtb_begin(b, "serial@10000000");
	fdtb_str(b, "compatible", "ns16550a");
	fdtb_prop(b, "reg", uart_reg, v->uart_reg_cells * 4);
	fdtb_u32(b, "interrupts", 10);
	if (v->has_shift)
		fdtb_u32(b, "reg-shift", v->reg_shift);
	fdtb_end(b);
	fdtb_begin(b, "plic@c000000");
	fdtb_str(b, "compatible", "riscv,plic0");
	fdtb_cells(b, "reg", 4, 0, 0xc000000, 0, 0x600000);
	/* M then S context of hart 0, then of hart 1: S contexts 1 and 3. */
	fdtb_cells(b, "interrupts-extended", 8, 1, 11, 1, 9, 2, 11, 2, 9);
	fdtb_end(b);
	fdtb_begin(b, "virtio_mmio@10008000");
	fdtb_str(b, "compatible", "virtio,mmio");
	fdtb_cells(b, "reg", 4, 0, 0x10008000, 0, 0x1000);
	fdtb_end(b);
	fdtb_begin(b, "rtc@101000");
	fdtb_str(b, "compatible", "google,goldfish-rtc");
	fdtb_cells(b, "reg", 4, 0, 0x101000, 0, 0x1000);
	fdtb_end(b);
	fdtb_end(b);
}

static void *host_dt(const struct variant *v)
{
	const fdt32_t reg0[2] = {0, 0}, reg1 = cpu_to_fdt32(1);
	struct fdt_builder b;

	fdtb_init(&b, 8192);
	fdtb_begin(&b, "");
	fdtb_u32(&b, "#address-cells", 2);
	fdtb_u32(&b, "#size-cells", 2);
	fdtb_begin(&b, "cpus");
	fdtb_u32(&b, "#address-cells", 1);
	fdtb_u32(&b, "#size-cells", 0);
	if (!v->no_timebase)
		fdtb_u32(&b, "timebase-frequency", v->timebase);
	cpu(&b, "cpu@0", reg0, v->cpu0_reg_len, 1);
	cpu(&b, "cpu@1", &reg1, 4, 2);
	fdtb_end(&b);
	fdtb_begin(&b, "memory@80000000");
	fdtb_str(&b, "device_type", "memory");
	fdtb_cells(&b, "reg", 4, 0, 0x80000000, 0, 0x10000000);
	fdtb_end(&b);
	fdtb_begin(&b, "reserved-memory");
	fdtb_u32(&b, "#address-cells", v->rsv_address_cells);
	fdtb_u32(&b, "#size-cells", 2);
	fdtb_begin(&b, "mmode_resv0@80000000");
	fdtb_cells(&b, "reg", 4, 0, 0x80000000, 0, 0x80000);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_begin(&b, "chosen");
	if (v->initrd_cells == 3) {
		fdtb_cells(&b, "linux,initrd-start", 3, 0, 0, 0x88200000);
		fdtb_cells(&b, "linux,initrd-end", 3, 0, 0, 0x88300000);
	} else {
		fdtb_cells(&b, "linux,initrd-start", 2, 0, 0x88200000);
		fdtb_cells(&b, "linux,initrd-end", 2, 0, 0x88300000);
	}
	if (v->rng_seed_len >= 0)
		fdtb_prop(&b, "rng-seed", host_seed, (size_t)v->rng_seed_len);
	fdtb_end(&b);
	soc(&b, v);
	fdtb_end(&b);
	return fdtb_finish(&b, NULL);
}

static int parse(const struct variant *v, char *err, size_t errlen)
{
	memset(&P, 0, sizeof(P));
	err[0] = '\0';
	return platform_parse(host_dt(v), err, errlen);
}

static void test_qemu_like_dt(void **state)
{
	char err[160];

	(void)state;
	assert_int_equal(parse(&qemu, err, sizeof(err)), HYP_OK);
	assert_int_equal(P.harts.count, 2);
	assert_int_equal(P.harts.id[0], 0);
	assert_int_equal(P.harts.id[1], 1);
	assert_int_equal(P.timebase, 10000000);
	assert_string_equal(P.isa, "rv64imafdch_sstc");
	assert_true(P.has_sstc);
	assert_int_equal(P.uart_base, 0x10000000);
	assert_int_equal(P.uart_shift, 0);
	assert_int_equal(P.uart_irq, 10);
	assert_int_equal(P.plic_base, 0xc000000);
	assert_int_equal(P.plic_s_context[0], 1);
	assert_int_equal(P.plic_s_context[1], 3);
	assert_int_equal(P.plic_s_context[2], -1);
	assert_int_equal(P.virtio_base, 0x10008000);
	assert_int_equal(P.rtc_base, 0x101000);
	assert_int_equal(P.initrd_start, 0x88200000);
	assert_int_equal(P.initrd_end, 0x88300000);
	assert_int_equal(P.rng_seed_len, 32);
	assert_memory_equal(P.rng_seed, host_seed, 32);
	assert_int_equal(P.nmem, 1);
	assert_int_equal(P.mem_size[0], 0x10000000);
	/* The firmware's 512 KiB and the hypervisor's image are not handed out. */
	assert_int_equal(platform_init_memory(0x80200000, 0x80300000, err, sizeof(err)), HYP_OK);
	assert_int_equal(page_alloc_free_bytes(), 0x10000000 - 0x80000 - 0x100000 - 0x100000);
}

static void test_cpu_with_a_short_reg_is_no_hart(void **state)
{
	struct variant v = qemu;
	char err[160];

	(void)state;
	v.cpu0_reg_len = 2;
	assert_int_equal(parse(&v, err, sizeof(err)), HYP_OK);
	assert_int_equal(P.harts.count, 1);
	assert_int_equal(P.harts.id[0], 1);
}

static void test_missing_or_zero_timebase_is_qemu_s(void **state)
{
	struct variant v = qemu;
	char err[160];

	(void)state;
	v.timebase = 0;
	assert_int_equal(parse(&v, err, sizeof(err)), HYP_OK);
	assert_int_equal(P.timebase, 10000000);
	v.no_timebase = true;
	assert_int_equal(parse(&v, err, sizeof(err)), HYP_OK);
	assert_int_equal(P.timebase, 10000000);
}

static void test_uart_reg_shorter_than_its_address_is_no_uart(void **state)
{
	struct variant v = qemu;
	char err[160];

	(void)state;
	v.uart_reg_cells = 1; /* the parent's #address-cells is 2 */
	assert_int_equal(parse(&v, err, sizeof(err)), HYP_OK);
	assert_int_equal(P.uart_base, 0);
	v.uart_reg_cells = 2;
	assert_int_equal(parse(&v, err, sizeof(err)), HYP_OK);
	assert_int_equal(P.uart_base, 0x10000000);
}

static void test_uart_reg_shift_beyond_4_byte_registers_is_ignored(void **state)
{
	struct variant v = qemu;
	char err[160];

	(void)state;
	v.has_shift = true;
	v.reg_shift = 2;
	assert_int_equal(parse(&v, err, sizeof(err)), HYP_OK);
	assert_int_equal(P.uart_shift, 2);
	v.reg_shift = 7;
	assert_int_equal(parse(&v, err, sizeof(err)), HYP_OK);
	assert_int_equal(P.uart_shift, 0);
}

static void test_initrd_of_three_cells_is_ignored(void **state)
{
	struct variant v = qemu;
	char err[160];

	(void)state;
	v.initrd_cells = 3;
	assert_int_equal(parse(&v, err, sizeof(err)), HYP_OK);
	assert_int_equal(P.initrd_start, 0);
	assert_int_equal(P.initrd_end, 0);
}

static void test_empty_or_missing_rng_seed_is_none(void **state)
{
	struct variant v = qemu;
	char err[160];

	(void)state;
	for (v.rng_seed_len = -1; v.rng_seed_len <= 0; v.rng_seed_len++) {
		assert_int_equal(parse(&v, err, sizeof(err)), HYP_OK);
		assert_null(P.rng_seed);
		assert_int_equal(P.rng_seed_len, 0);
	}
}

static void test_reserved_memory_cells_not_understood_refuse_the_dt(void **state)
{
	struct variant v = qemu;
	char err[160];

	(void)state;
	v.rsv_address_cells = 0; /* would make its reg walk step by 2, then by 0 with 0 */
	assert_int_equal(parse(&v, err, sizeof(err)), HYP_OK);
	assert_int_not_equal(platform_init_memory(0x80200000, 0x80300000, err, sizeof(err)),
			     HYP_OK);
	assert_contains(err, "cannot set aside the host DT's reserved memory");
}

static void test_misaligned_structure_block_is_refused(void **state)
{
	char err[160];
	uint8_t *dt = host_dt(&qemu), *moved;
	uint32_t total = fdt_totalsize(dt), off = fdt_off_dt_struct(dt);

	(void)state;
	/* The same DT with its structure block 2 bytes further on. */
	moved = test_alloc_aligned(8, total + 8);
	memset(moved, 0, total + 8);
	memcpy(moved, dt, off);
	memcpy(moved + off + 2, dt + off, total - off);
	fdt_set_off_dt_struct(moved, off + 2);
	fdt_set_off_dt_strings(moved, fdt_off_dt_strings(dt) + 2);
	fdt_set_totalsize(moved, total + 2);
	memset(&P, 0, sizeof(P));
	assert_int_equal(platform_parse(moved, err, sizeof(err)), HYP_EINVAL);
	assert_contains(err, "host DT is invalid");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_qemu_like_dt, teardown_free_all),
		cmocka_unit_test_teardown(test_cpu_with_a_short_reg_is_no_hart, teardown_free_all),
		cmocka_unit_test_teardown(test_missing_or_zero_timebase_is_qemu_s,
					  teardown_free_all),
		cmocka_unit_test_teardown(test_uart_reg_shorter_than_its_address_is_no_uart,
					  teardown_free_all),
		cmocka_unit_test_teardown(test_uart_reg_shift_beyond_4_byte_registers_is_ignored,
					  teardown_free_all),
		cmocka_unit_test_teardown(test_initrd_of_three_cells_is_ignored, teardown_free_all),
		cmocka_unit_test_teardown(test_empty_or_missing_rng_seed_is_none,
					  teardown_free_all),
		cmocka_unit_test_teardown(test_reserved_memory_cells_not_understood_refuse_the_dt,
					  teardown_free_all),
		cmocka_unit_test_teardown(test_misaligned_structure_block_is_refused,
					  teardown_free_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
