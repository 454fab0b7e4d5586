/* SPDX-License-Identifier: MIT */
/*
 * The relocation table the hypervisor walks when it moves itself
 * (src/core/move.c): a count, then the offsets from __image_start of the
 * doublewords that hold absolute addresses of the image. Linked as zeros;
 * tools/relocs fills it in the linked ELF.
 */
#define RELOC_CAPACITY 255

	.section .hyp_relocs, "a"
	.balign 4
	.space (RELOC_CAPACITY + 1) * 4
