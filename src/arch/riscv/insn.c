// SPDX-License-Identifier: MIT
/*
 * Integer loads and stores, full and compressed (unprivileged spec ch. 2
 * and 16). Floating-point and atomic accesses to MMIO are not emulated.
 */
#include "insn.h"
#include "lib.h"

#define OPCODE_LOAD 0x03
#define OPCODE_STORE 0x23

static unsigned bits(uint32_t x, unsigned hi, unsigned lo)
{
	return (x >> lo) & ((1U << (hi - lo + 1)) - 1);
}

static int decode_32(uint32_t insn, struct mmio_access *a)
{
	unsigned funct3 = bits(insn, 14, 12);

	a->len = 4;
	switch (bits(insn, 6, 0)) {
	case OPCODE_LOAD:
		/* LB LH LW LD LBU LHU LWU: funct3[1:0] is log2(width), [2] unsigned. */
		if (funct3 == 7)
			return HYP_EINVAL;
		a->store = false;
		a->width = 1U << (funct3 & 3);
		a->sign_extend = !(funct3 & 4) && a->width < 8;
		a->reg = bits(insn, 11, 7);
		return HYP_OK;
	case OPCODE_STORE:
		if (funct3 > 3)
			return HYP_EINVAL;
		a->store = true;
		a->width = 1U << funct3;
		a->sign_extend = false;
		a->reg = bits(insn, 24, 20);
		return HYP_OK;
	default:
		return HYP_EINVAL;
	}
}

/* C.LW/C.LD/C.SW/C.SD (quadrant 0) and their sp-relative forms (quadrant 2). */
static int decode_16(uint16_t insn, struct mmio_access *a)
{
	unsigned funct3 = bits(insn, 15, 13), quadrant = bits(insn, 1, 0);

	a->len = 2;
	a->sign_extend = false;
	if (quadrant != 0 && quadrant != 2)
		return HYP_EINVAL;
	switch (funct3) {
	case 2: /* C.LW, C.LWSP */
	case 3: /* C.LD, C.LDSP (RV64) */
		a->store = false;
		a->width = funct3 == 2 ? 4 : 8;
		a->sign_extend = funct3 == 2;
		a->reg = quadrant == 0 ? 8 + bits(insn, 4, 2) : bits(insn, 11, 7);
		return quadrant == 2 && a->reg == 0 ? HYP_EINVAL : HYP_OK;
	case 6: /* C.SW, C.SWSP */
	case 7: /* C.SD, C.SDSP */
		a->store = true;
		a->width = funct3 == 6 ? 4 : 8;
		a->reg = quadrant == 0 ? 8 + bits(insn, 4, 2) : bits(insn, 6, 2);
		return HYP_OK;
	default:
		return HYP_EINVAL;
	}
}

int insn_decode_mmio(uint32_t insn, struct mmio_access *out)
{
	if ((insn & 3) == 3)
		return decode_32(insn, out);
	return decode_16((uint16_t)insn, out);
}

int insn_decode_htinst(uint32_t htinst, struct mmio_access *out)
{
	bool compressed = !(htinst & 2);
	int r;

	/* Bit 0 set marks a real (transformed) instruction; 0 and pseudoinstructions do not. */
	if (!(htinst & 1))
		return HYP_EINVAL;
	r = decode_32(htinst | 3, out);
	if (!r && compressed)
		out->len = 2;
	return r;
}
