/* SPDX-License-Identifier: MIT */
/*
 * SBI for guests: a table of extensions, one file each under src/sbi/.
 * Only sbi_handle_ecall writes a0/a1 and steps sepc.
 */
#ifndef HYP_SBI_H
#define HYP_SBI_H

#include <stdbool.h>

#include "sbi_defs.h"
#include "vcpu.h"

struct sbi_result {
	long error;
	long value;
};

enum sbi_action {
	SBI_RETURN,	   /* a0 = error, a1 = value, step past the ecall */
	SBI_RETURN_LEGACY, /* v0.1 call: a0 = value only */
	SBI_NO_RETURN,	   /* the vCPU was stopped or reset: leave it alone */
};

struct sbi_ext {
	const char *name;
	unsigned long eid_min, eid_max;
	enum sbi_action (*handler)(struct vcpu *v, unsigned long eid, unsigned long fid,
				   const unsigned long *args, struct sbi_result *out);
	/* Optional: the value probe_extension returns (0 when unavailable). */
	long (*probe)(unsigned long eid);
};

extern const struct sbi_ext sbi_ext_base, sbi_ext_time, sbi_ext_ipi, sbi_ext_rfence, sbi_ext_hsm,
	sbi_ext_srst, sbi_ext_dbcn, sbi_ext_legacy;

const struct sbi_ext *sbi_find_ext(unsigned long eid);
long sbi_probe(unsigned long eid);
/* The name of stats slot i (vcpu_stats.sbi), NULL past the last one. */
const char *sbi_ext_name(unsigned slot);
/* Maps an internal HYP_E* code to an SBI error code: the only place that does. */
long sbi_error(int hyp_err);
/*
 * The vCPUs named by (hart_mask, hart_mask_base) as a bitmap; HYP_EINVAL
 * when one is not a vCPU of the VM (SBI 2.0: SBI_ERR_INVALID_PARAM).
 */
int sbi_hart_mask(unsigned ncpus, unsigned long mask, unsigned long base, unsigned long *targets);
/* Raises VSSIP on every vCPU in targets (bitmap of vCPU ids). */
void sbi_send_vssip(struct vcpu *v, unsigned long targets);
/* Exit handler for an ecall from VS-mode. */
void sbi_handle_ecall(struct vcpu *v);

#endif
