// SPDX-License-Identifier: MIT
/* SBI dispatch for guests (SBI spec ch. 3: a7 = EID, a6 = FID, a0-a5 args). */
#include "sbi.h"
#include "lib.h"

/* Table index = stats slot; the first four are the calls a running guest makes most. */
enum { SLOT_BASE, SLOT_TIME, SLOT_IPI, SLOT_RFENCE, SLOT_HSM, SLOT_SRST, SLOT_DBCN, SLOT_LEGACY };

static const struct sbi_ext *const sbi_exts[] = {
	[SLOT_BASE] = &sbi_ext_base, [SLOT_TIME] = &sbi_ext_time,
	[SLOT_IPI] = &sbi_ext_ipi,   [SLOT_RFENCE] = &sbi_ext_rfence,
	[SLOT_HSM] = &sbi_ext_hsm,   [SLOT_SRST] = &sbi_ext_srst,
	[SLOT_DBCN] = &sbi_ext_dbcn, [SLOT_LEGACY] = &sbi_ext_legacy,
};

_Static_assert(ARRAY_SIZE(sbi_exts) < STATS_SBI_SLOTS, "one stats slot per extension");

/*
 * The table index of eid, ARRAY_SIZE(sbi_exts) when none has it. The
 * frequent extensions are found by their id alone, without the walk.
 */
static inline unsigned find_index(unsigned long eid)
{
	unsigned i;

	switch (eid) {
	case SBI_EXT_BASE:
		return SLOT_BASE;
	case SBI_EXT_TIME:
		return SLOT_TIME;
	case SBI_EXT_IPI:
		return SLOT_IPI;
	case SBI_EXT_RFENCE:
		return SLOT_RFENCE;
	default:
		break;
	}
	for (i = 0; i < ARRAY_SIZE(sbi_exts); i++)
		if (eid >= sbi_exts[i]->eid_min && eid <= sbi_exts[i]->eid_max)
			break;
	return i;
}

const struct sbi_ext *sbi_find_ext(unsigned long eid)
{
	unsigned i = find_index(eid);

	return i < ARRAY_SIZE(sbi_exts) ? sbi_exts[i] : NULL;
}

const char *sbi_ext_name(unsigned slot)
{
	if (slot < ARRAY_SIZE(sbi_exts))
		return sbi_exts[slot]->name;
	return slot == ARRAY_SIZE(sbi_exts) ? "unknown" : NULL;
}

long sbi_probe(unsigned long eid)
{
	unsigned i = find_index(eid);

	if (i >= ARRAY_SIZE(sbi_exts))
		return 0;
	return sbi_exts[i]->probe ? sbi_exts[i]->probe(eid) : 1;
}

long sbi_error(int hyp_err)
{
	switch (hyp_err) {
	case HYP_OK:
		return SBI_SUCCESS;
	case HYP_EINVAL:
	case HYP_ERANGE:
		return SBI_ERR_INVALID_PARAM;
	case HYP_EFAULT:
		return SBI_ERR_INVALID_ADDRESS;
	case HYP_ENOTSUP:
		return SBI_ERR_NOT_SUPPORTED;
	case HYP_EEXIST:
		return SBI_ERR_ALREADY_AVAILABLE;
	case HYP_EBUSY:
		return SBI_ERR_DENIED;
	default:
		return SBI_ERR_FAILED;
	}
}

int sbi_hart_mask(unsigned ncpus, unsigned long mask, unsigned long base, unsigned long *targets)
{
	*targets = 0;
	/* hart_mask_base = -1: every hart, hart_mask ignored (SBI spec 3.1). */
	if (base == -1UL) {
		*targets = (1UL << ncpus) - 1;
		return HYP_OK;
	}
	for (unsigned bit = 0; mask; bit++, mask >>= 1) {
		if (!(mask & 1))
			continue;
		if (base >= ncpus || bit >= ncpus - base)
			return HYP_EINVAL;
		*targets |= 1UL << (base + bit);
	}
	return HYP_OK;
}

void sbi_handle_ecall(struct vcpu *v)
{
	unsigned long *x = v->guest.x;
	unsigned long eid = x[REG_A7];
	unsigned i = find_index(eid);
	struct sbi_result r = {SBI_ERR_NOT_SUPPORTED, 0};

	/* The one count of an SBI exit: stats.c adds them to the exits. */
	v->stats.sbi[i]++;
	if (i < ARRAY_SIZE(sbi_exts))
		r = sbi_exts[i]->handler(v, eid, x[REG_A6], &x[REG_A0]);
	if (r.error == SBI_NO_RETURN)
		return;
	x[REG_A0] = (unsigned long)r.error;
	x[REG_A1] = (unsigned long)r.value;
	/* ecall is always 4 bytes: there is no compressed form. */
	v->guest.sepc += 4;
}
