/* SPDX-License-Identifier: MIT */
/* Decoding the load or store that trapped on an emulated MMIO address. */
#ifndef HYP_INSN_H
#define HYP_INSN_H

#include <stdbool.h>
#include <stdint.h>

struct mmio_access {
	bool store;
	bool sign_extend; /* loads: LB, LH, LW and C.LW sign-extend */
	unsigned width;	  /* bytes: 1, 2, 4, 8 */
	unsigned reg;	  /* rd of a load, rs2 of a store */
	unsigned len;	  /* instruction length: 2 or 4 */
};

/* Decodes a 16- or 32-bit integer load/store; returns 0 or HYP_EINVAL. */
int insn_decode_mmio(uint32_t insn, struct mmio_access *out);
/*
 * Decodes htinst as the hardware transformed it (priv. spec 8.6.3): a
 * 32-bit form whose bit 1 is clear when the trapping instruction was
 * compressed. Returns HYP_EINVAL for 0 or pseudoinstructions.
 */
int insn_decode_htinst(uint32_t htinst, struct mmio_access *out);

#endif
