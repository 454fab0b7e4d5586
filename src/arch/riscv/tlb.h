/* SPDX-License-Identifier: MIT */
#ifndef HYP_TLB_H
#define HYP_TLB_H

/* Flushes all guest-stage translations on this hart (privileged spec 8.3.2). */
static inline void hfence_gvma_all(void)
{
	__asm__ volatile(".option push\n.option arch, +h\nhfence.gvma zero, zero\n.option pop" ::
				 : "memory");
}

/* Flushes all VS-stage translations of the current VMID on this hart. */
static inline void hfence_vvma_all(void)
{
	__asm__ volatile(".option push\n.option arch, +h\nhfence.vvma zero, zero\n.option pop" ::
				 : "memory");
}

#endif
