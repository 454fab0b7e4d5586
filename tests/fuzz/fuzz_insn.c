// SPDX-License-Identifier: MIT
/*
 * The MMIO load/store decoder (src/arch/riscv/insn.c). The input is a
 * sequence of little-endian 32-bit words, each decoded as a trapping
 * instruction (insn_decode_mmio) and as htinst (insn_decode_htinst).
 * Whatever the word, a decoded access must be one the emulation can carry
 * out: a width of 1, 2, 4 or 8 bytes, a register number below 32, the
 * right instruction length, sign extension only on a narrower load.
 */
#include "fuzz.h"

#include "insn.h"
#include "lib.h"

static void check_access(const struct mmio_access *a)
{
	FUZZ_CHECK(a->width == 1 || a->width == 2 || a->width == 4 || a->width == 8);
	FUZZ_CHECK(a->reg < 32);
	FUZZ_CHECK(a->len == 2 || a->len == 4);
	FUZZ_CHECK(!a->sign_extend || (!a->store && a->width < 8));
}

static void check_mmio(uint32_t w)
{
	struct mmio_access a;
	int r = insn_decode_mmio(w, &a);

	FUZZ_CHECK(r == HYP_OK || r == HYP_EINVAL);
	if (r)
		return;
	check_access(&a);
	/* Bits 1:0 = 11 is a 32-bit instruction; anything else is compressed. */
	FUZZ_CHECK(a.len == ((w & 3) == 3 ? 4 : 2));
	if (a.len == 4)
		FUZZ_CHECK((w & 0x7f) == (a.store ? 0x23 : 0x03));
	else if ((w & 3) == 0) /* quadrant 0: rd'/rs2' are x8-x15 */
		FUZZ_CHECK(a.reg >= 8 && a.reg < 16);
}

static void check_htinst(uint32_t w)
{
	struct mmio_access a, full;
	int r = insn_decode_htinst(w, &a);

	FUZZ_CHECK(r == HYP_OK || r == HYP_EINVAL);
	if (r)
		return;
	check_access(&a);
	FUZZ_CHECK(w & 1);
	FUZZ_CHECK(a.len == ((w & 2) ? 4 : 2));
	/* The transformed form decodes as the 32-bit instruction it stands for. */
	FUZZ_CHECK(insn_decode_mmio(w | 3, &full) == HYP_OK);
	FUZZ_CHECK(full.store == a.store && full.width == a.width && full.reg == a.reg &&
		   full.sign_extend == a.sign_extend);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};

	do {
		uint32_t w = fz_u32(&in);

		check_mmio(w);
		check_htinst(w);
	} while (!fz_empty(&in));
	return 0;
}
