/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor moves itself out of low RAM at boot: OpenSBI enters it at
 * 0x80200000, where software built for QEMU virt puts itself too, and an
 * identity-mapped VM needs its RAM at the very addresses its guest uses.
 */
#ifndef HYP_MOVE_H
#define HYP_MOVE_H

/* The address the image ran at before it moved, 0 if it has not moved. */
extern unsigned long hyp_moved_from;

/*
 * Copies the image to the highest free 2 MiB-aligned place below the host
 * DT (platform_parse has run), fixes its absolute addresses and enters the
 * copy at _start with the same hartid and dtb. Returns only when there is
 * no such place above the image.
 */
void hyp_move_high(unsigned long hartid, const void *dtb);
/* After the move: the old image's memory is zeroed (a stale pointer into it faults). */
void hyp_scrub_old_image(void);

#endif
