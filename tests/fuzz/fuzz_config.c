// SPDX-License-Identifier: MIT
/*
 * config_parse (src/core/config.c) on arbitrary blobs: the input is the
 * configuration blob itself, as QEMU would hand it over with -initrd. An
 * accepted blob must give VMs that keep every promise config.h and
 * docs/config.md make; a refused one an error of the one documented shape.
 */
#include "fuzz.h"

#include "config.h"
#include "lib.h"
#include "stage2.h"

/* QEMU virt with -smp 8: harts 0-7. */
static const struct host_harts harts = {8, {0, 1, 2, 3, 4, 5, 6, 7}};

static bool inside(const void *p, size_t len, const uint8_t *blob, size_t size)
{
	const uint8_t *b = p;

	return b >= blob && len <= size && (size_t)(b - blob) <= size - len;
}

static bool c_string_inside(const char *s, const uint8_t *blob, size_t size)
{
	if (!inside(s, 1, blob, size))
		return false;
	return memchr(s, '\0', size - (size_t)((const uint8_t *)s - blob)) != NULL;
}

static void check_blob(const struct blob *b, bool required, const uint8_t *blob, size_t size)
{
	if (!b->data) {
		FUZZ_CHECK(!required && b->size == 0);
		return;
	}
	FUZZ_CHECK(b->size > 0 && inside(b->data, b->size, blob, size));
}

static void check_cpus(const struct vm_config *c)
{
	FUZZ_CHECK(c->ncpus >= 1 && c->ncpus <= MAX_VCPUS);
	for (unsigned i = 0; i < c->ncpus; i++) {
		FUZZ_CHECK(c->cpus[i] < 8);
		for (unsigned j = 0; j < i; j++)
			FUZZ_CHECK(c->cpus[i] != c->cpus[j]);
	}
}

static void check_memory(const struct vm_config *c)
{
	FUZZ_CHECK(c->nmem >= 1 && c->nmem <= VM_MAX_MEM_REGIONS);
	for (unsigned i = 0; i < c->nmem; i++) {
		uint64_t base = c->mem[i].base, size = c->mem[i].size;

		FUZZ_CHECK(size && IS_ALIGNED(base | size, 4096));
		FUZZ_CHECK(base < STAGE2_GPA_LIMIT && size <= STAGE2_GPA_LIMIT - base);
		for (unsigned j = 0; j < i; j++)
			FUZZ_CHECK(!ranges_overlap(base, size, c->mem[j].base, c->mem[j].size));
	}
}

static void check_vm(const struct vm_config *c, const uint8_t *blob, size_t size)
{
	FUZZ_CHECK(memchr(c->node, '\0', VM_NAME_MAX) && !strncmp(c->node, "vm@", 3));
	FUZZ_CHECK(memchr(c->name, '\0', VM_NAME_MAX) && c->name[0]);
	check_cpus(c);
	check_memory(c);
	check_blob(&c->kernel, true, blob, size);
	check_blob(&c->initrd, false, blob, size);
	check_blob(&c->fdt, false, blob, size);
	FUZZ_CHECK(!c->has_kernel_addr || IS_ALIGNED(c->kernel_addr, 4));
	FUZZ_CHECK(!c->bootargs || c_string_inside(c->bootargs, blob, size));
	FUZZ_CHECK(c->console == VM_CONSOLE_SBI || c->console == VM_CONSOLE_UART);
	FUZZ_CHECK(c->ndevices <= VM_MAX_DEVICES);
	for (unsigned i = 0; i < c->ndevices; i++)
		FUZZ_CHECK(c_string_inside(c->devices[i], blob, size) && c->devices[i][0] == '/');
}

/* VMs share no name and no hart. */
static void check_across(const struct vm_config *vms, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < i; j++) {
			FUZZ_CHECK(strcmp(vms[i].name, vms[j].name));
			for (unsigned a = 0; a < vms[i].ncpus; a++)
				for (unsigned b = 0; b < vms[j].ncpus; b++)
					FUZZ_CHECK(vms[i].cpus[a] != vms[j].cpus[b]);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vm_config vms[MAX_VMS];
	struct fuzz_in in = {data, size};
	char err[256];
	unsigned nvms = 0;
	size_t len;
	uint8_t *blob = fz_rest_copy(&in, &len);
	int r;

	memset(err, 0, sizeof(err));
	r = config_parse(blob, len, &harts, vms, &nvms, err, sizeof(err));
	if (r) {
		/* "config: ..." or "vm@N ("name"): property 'p': ...": never empty. */
		FUZZ_CHECK(r == HYP_EINVAL && memchr(err, '\0', sizeof(err)));
		FUZZ_CHECK(!strncmp(err, "config: ", 8) || strstr(err, "): property '"));
	} else {
		FUZZ_CHECK(nvms >= 1 && nvms <= MAX_VMS);
		for (unsigned i = 0; i < nvms; i++)
			check_vm(&vms[i], blob, len);
		check_across(vms, nvms);
	}
	free(blob);
	return 0;
}
