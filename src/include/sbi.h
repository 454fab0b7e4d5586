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

/*
 * What a handler returns for the guest's a0 and a1 (SBI spec 3: a0 = error,
 * a1 = value). Two longs come back in a0/a1 under the RISC-V calling
 * convention, so no handler writes its result through memory.
 */
struct sbi_result {
	long error;
	long value;
};

/*
 * Internal, never seen by a guest: the vCPU was stopped or reset, or its VM
 * shut down; the dispatcher leaves its registers and sepc alone.
 */
#define SBI_NO_RETURN (-0x7ff)

static inline struct sbi_result sbi_ret(long error, long value)
{
	return (struct sbi_result){error, value};
}

struct sbi_ext {
	const char *name;
	unsigned long eid_min, eid_max;
	struct sbi_result (*handler)(struct vcpu *v, unsigned long eid, unsigned long fid,
				     const unsigned long *args);
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
