// SPDX-License-Identifier: MIT
/* The MMIO load/store decoder (src/arch/riscv/insn.c) and the device registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "insn.h"
#include "lib.h"
#include "vdev.h"

/* I-type load: imm rs1 funct3 rd opcode. */
static uint32_t load(unsigned funct3, unsigned rd, unsigned rs1, int imm)
{
	return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x03;
}

/* S-type store: imm[11:5] rs2 rs1 funct3 imm[4:0] opcode. */
static uint32_t store(unsigned funct3, unsigned rs2, unsigned rs1, int imm)
{
	uint32_t i = (uint32_t)imm & 0xfff;

	return (i >> 5) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (i & 0x1f) << 7 | 0x23;
}

static void expect(uint32_t insn, bool st, unsigned width, bool sext, unsigned reg, unsigned len)
{
	struct mmio_access a;

	assert_int_equal(insn_decode_mmio(insn, &a), HYP_OK);
	assert_int_equal(a.store, st);
	assert_int_equal(a.width, width);
	assert_int_equal(a.sign_extend, sext);
	assert_int_equal(a.reg, reg);
	assert_int_equal(a.len, len);
}

static void test_every_load_width_and_sign(void **state)
{
	(void)state;
	expect(load(0, 5, 10, 0), false, 1, true, 5, 4);    /* lb */
	expect(load(1, 6, 10, 4), false, 2, true, 6, 4);    /* lh */
	expect(load(2, 7, 10, -4), false, 4, true, 7, 4);   /* lw */
	expect(load(3, 31, 10, 8), false, 8, false, 31, 4); /* ld */
	expect(load(4, 1, 2, 0), false, 1, false, 1, 4);    /* lbu */
	expect(load(5, 2, 3, 0), false, 2, false, 2, 4);    /* lhu */
	expect(load(6, 3, 4, 0), false, 4, false, 3, 4);    /* lwu */
}

static void test_every_store_width(void **state)
{
	(void)state;
	expect(store(0, 5, 10, 0), true, 1, false, 5, 4);      /* sb */
	expect(store(1, 6, 10, -2), true, 2, false, 6, 4);     /* sh */
	expect(store(2, 7, 10, 12), true, 4, false, 7, 4);     /* sw */
	expect(store(3, 31, 10, 2047), true, 8, false, 31, 4); /* sd */
}

static void test_compressed_forms(void **state)
{
	(void)state;
	/* c.lw a1, 0(a0): funct3 010, rs1' = a0 (2), rd' = a1 (3), quadrant 0. */
	expect(0x4104 | (3 << 2), false, 4, true, 11, 2);
	/* c.ld a1, 0(a0) */
	expect(0x6104 | (3 << 2), false, 8, false, 11, 2);
	/* c.sw a1, 0(a0): funct3 110, rs2' = a1 */
	expect(0xc10c, true, 4, false, 11, 2);
	/* c.sd s0, 8(a5): funct3 111, rs1' = a5 (7), rs2' = s0 (0) */
	expect(0xe780, true, 8, false, 8, 2);
	/* c.lwsp t0, 0(sp): quadrant 2, funct3 010, rd = 5 */
	expect(0x4282, false, 4, true, 5, 2);
	/* c.ldsp ra, 8(sp) */
	expect(0x60a2, false, 8, false, 1, 2);
	/* c.swsp a0, 4(sp): funct3 110, rs2 = 10 */
	expect(0xc22a, true, 4, false, 10, 2);
	/* c.sdsp a5, 0(sp) */
	expect(0xe03e, true, 8, false, 15, 2);
}

static void test_not_loads_or_stores_are_refused(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(insn_decode_mmio(0x00000013, &a), HYP_EINVAL);	      /* addi (nop) */
	assert_int_equal(insn_decode_mmio(load(7, 1, 2, 0), &a), HYP_EINVAL); /* funct3 7 */
	assert_int_equal(insn_decode_mmio(store(4, 1, 2, 0), &a), HYP_EINVAL);
	assert_int_equal(insn_decode_mmio(0x0000a007, &a), HYP_EINVAL); /* flw: not integer */
	assert_int_equal(insn_decode_mmio(0x0000, &a), HYP_EINVAL);	/* illegal c.addi4spn 0 */
	assert_int_equal(insn_decode_mmio(0x4001, &a), HYP_EINVAL);	/* quadrant 1: c.li */
	assert_int_equal(insn_decode_mmio(0x4002, &a), HYP_EINVAL);	/* c.lwsp x0: reserved */
	assert_int_equal(insn_decode_mmio(0x100f, &a), HYP_EINVAL);	/* fence.i */
}

static void test_htinst_transformed_forms(void **state)
{
	struct mmio_access a;

	(void)state;
	/* A 32-bit load: htinst is the instruction with the offset zeroed. */
	assert_int_equal(insn_decode_htinst(load(2, 9, 0, 0), &a), HYP_OK);
	assert_false(a.store);
	assert_int_equal(a.width, 4);
	assert_int_equal(a.reg, 9);
	assert_int_equal(a.len, 4);
	/* A compressed store: bit 1 clear marks the 16-bit original (priv. 8.6.3). */
	assert_int_equal(insn_decode_htinst(store(3, 12, 0, 0) & ~2U, &a), HYP_OK);
	assert_true(a.store);
	assert_int_equal(a.width, 8);
	assert_int_equal(a.reg, 12);
	assert_int_equal(a.len, 2);
	/* 0 (not provided) and the implicit-access pseudoinstructions. */
	assert_int_equal(insn_decode_htinst(0, &a), HYP_EINVAL);
	assert_int_equal(insn_decode_htinst(0x00002000, &a), HYP_EINVAL);
	assert_int_equal(insn_decode_htinst(0x00003000, &a), HYP_EINVAL);
}

static const struct vdev_ops no_ops;

static void test_registry_finds_and_refuses_overlaps(void **state)
{
	struct vdev_registry r = {0};
	struct vdev a = {"a", 0x1000, 0x1000, &no_ops, NULL, 0};
	struct vdev b = {"b", 0x3000, 0x100, &no_ops, NULL, 0};
	struct vdev clash = {"clash", 0x1fff, 2, &no_ops, NULL, 0};
	struct vdev empty = {"empty", 0x9000, 0, &no_ops, NULL, 0};

	(void)state;
	assert_int_equal(vdev_register(&r, &a), HYP_OK);
	assert_int_equal(vdev_register(&r, &b), HYP_OK);
	assert_int_equal(vdev_register(&r, &clash), HYP_EEXIST);
	assert_int_equal(vdev_register(&r, &empty), HYP_EINVAL);
	assert_ptr_equal(vdev_find(&r, 0x1000), &a);
	assert_ptr_equal(vdev_find(&r, 0x1fff), &a);
	assert_null(vdev_find(&r, 0x2000));
	assert_ptr_equal(vdev_find(&r, 0x30ff), &b);
	assert_null(vdev_find(&r, 0x3100));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_load_width_and_sign),
		cmocka_unit_test(test_every_store_width),
		cmocka_unit_test(test_compressed_forms),
		cmocka_unit_test(test_not_loads_or_stores_are_refused),
		cmocka_unit_test(test_htinst_transformed_forms),
		cmocka_unit_test(test_registry_finds_and_refuses_overlaps),
	};

	return cmocka_run_group_tests_name("insn", tests, NULL, NULL);
}
