// SPDX-License-Identifier: MIT
/* Debug Console extension (SBI spec ch. 12). Addresses are guest-physical. */
#include "console.h"
#include "lib.h"
#include "sbi.h"
#include "vm.h"

/* The spec allows partial writes: a bound keeps one call from holding the console. */
#define DBCN_MAX_CHUNK 4096

/* The guest buffer for (len, lo, hi), or NULL when it is not all in guest RAM. */
static void *dbcn_buffer(struct vcpu *v, unsigned long len, unsigned long lo, unsigned long hi)
{
	/* On RV64 the upper XLEN bits of the address must be zero. */
	if (hi)
		return NULL;
	return guest_mem_ptr(&v->vm->mem, lo, len ? len : 1);
}

static struct sbi_result dbcn_write(struct vcpu *v, const unsigned long *args)
{
	unsigned long n = MIN(args[0], (unsigned long)DBCN_MAX_CHUNK);
	const char *buf = dbcn_buffer(v, n, args[1], args[2]);

	if (!buf)
		return sbi_ret(SBI_ERR_INVALID_PARAM, 0);
	console_vm_write(v->vm, buf, n);
	return sbi_ret(SBI_SUCCESS, (long)n);
}

static struct sbi_result dbcn_read(struct vcpu *v, const unsigned long *args)
{
	unsigned long n = MIN(args[0], (unsigned long)DBCN_MAX_CHUNK), got = 0;
	char *buf = dbcn_buffer(v, n, args[1], args[2]);
	int c;

	if (!buf)
		return sbi_ret(SBI_ERR_INVALID_PARAM, 0);
	/* cppcheck-suppress knownConditionTrueFalse ; 2.10 misreads MIN() of an unknown */
	while (got < n && (c = console_vm_getc(v->vm)) >= 0)
		buf[got++] = (char)c;
	return sbi_ret(SBI_SUCCESS, (long)got);
}

static struct sbi_result dbcn_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				      const unsigned long *args)
{
	char c;

	(void)eid;
	switch (fid) {
	case SBI_DBCN_CONSOLE_WRITE:
		return dbcn_write(v, args);
	case SBI_DBCN_CONSOLE_READ:
		return dbcn_read(v, args);
	case SBI_DBCN_CONSOLE_WRITE_BYTE:
		c = (char)(args[0] & 0xff);
		console_vm_write(v->vm, &c, 1);
		return sbi_ret(SBI_SUCCESS, 0);
	default:
		return sbi_ret(SBI_ERR_NOT_SUPPORTED, 0);
	}
}

const struct sbi_ext sbi_ext_dbcn = {
	.name = "dbcn",
	.eid_min = SBI_EXT_DBCN,
	.eid_max = SBI_EXT_DBCN,
	.handler = dbcn_handler,
};
