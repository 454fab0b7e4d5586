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

static void dbcn_write(struct vcpu *v, const unsigned long *args, struct sbi_result *out)
{
	unsigned long n = MIN(args[0], (unsigned long)DBCN_MAX_CHUNK);
	const char *buf = dbcn_buffer(v, n, args[1], args[2]);

	if (!buf) {
		out->error = SBI_ERR_INVALID_PARAM;
		return;
	}
	console_vm_write(v->vm, buf, n);
	out->value = (long)n;
}

static void dbcn_read(struct vcpu *v, const unsigned long *args, struct sbi_result *out)
{
	unsigned long n = MIN(args[0], (unsigned long)DBCN_MAX_CHUNK), got = 0;
	char *buf = dbcn_buffer(v, n, args[1], args[2]);
	int c;

	if (!buf) {
		out->error = SBI_ERR_INVALID_PARAM;
		return;
	}
	/* cppcheck-suppress knownConditionTrueFalse ; 2.10 misreads MIN() of an unknown */
	while (got < n && (c = console_vm_getc(v->vm)) >= 0)
		buf[got++] = (char)c;
	out->value = (long)got;
}

static enum sbi_action dbcn_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				    const unsigned long *args, struct sbi_result *out)
{
	char c;

	(void)eid;
	out->error = SBI_SUCCESS;
	switch (fid) {
	case SBI_DBCN_CONSOLE_WRITE:
		dbcn_write(v, args, out);
		break;
	case SBI_DBCN_CONSOLE_READ:
		dbcn_read(v, args, out);
		break;
	case SBI_DBCN_CONSOLE_WRITE_BYTE:
		c = (char)(args[0] & 0xff);
		console_vm_write(v->vm, &c, 1);
		break;
	default:
		out->error = SBI_ERR_NOT_SUPPORTED;
	}
	return SBI_RETURN;
}

const struct sbi_ext sbi_ext_dbcn = {
	.name = "dbcn",
	.eid_min = SBI_EXT_DBCN,
	.eid_max = SBI_EXT_DBCN,
	.handler = dbcn_handler,
};
