// SPDX-License-Identifier: MIT
/* Shared helpers for the host unit tests (see helpers.h). */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>

#include <libfdt.h>

#include "page_alloc.h"
#include "vm.h"

/* Unbuffered stdout keeps cmocka's stdout and stderr lines in order in a pipe. */
__attribute__((constructor)) static void unbuffer_stdout(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
}

bool str_contains_or_print(const char *s, const char *sub)
{
	if (s && sub && strstr(s, sub))
		return true;
	printf("expected \"%s\" in \"%s\"\n", sub ? sub : "(null)", s ? s : "(null)");
	return false;
}

/* ---- per-test allocations ---- */

struct alloc_node {
	struct alloc_node *next;
	void *p;
};

static struct alloc_node *allocs;

static void *track(void *p)
{
	struct alloc_node *n = malloc(sizeof(*n));

	if (!p || !n) {
		fprintf(stderr, "helpers: out of host memory\n");
		abort();
	}
	n->p = p;
	n->next = allocs;
	allocs = n;
	return p;
}

void *test_alloc(size_t size)
{
	return track(calloc(1, size ? size : 1));
}

void *test_alloc_aligned(size_t align, size_t size)
{
	void *p = aligned_alloc(align, (size + align - 1) / align * align);

	if (p)
		memset(p, 0, size);
	return track(p);
}

void test_free_all(void)
{
	while (allocs) {
		struct alloc_node *n = allocs;

		allocs = n->next;
		free(n->p);
		free(n);
	}
}

int teardown_free_all(void **state)
{
	(void)state;
	test_free_all();
	return 0;
}

/* ---- frame allocator ---- */

static void *test_ram;

uint64_t test_ram_reset(void)
{
	if (!test_ram)
		test_ram = aligned_alloc(2UL << 20, TEST_RAM_SIZE);
	assert_non_null(test_ram);
	page_alloc_reset();
	assert_int_equal(page_alloc_add((uintptr_t)test_ram, TEST_RAM_SIZE), 0);
	return (uintptr_t)test_ram;
}

void test_ram_release(void)
{
	page_alloc_reset();
	free(test_ram);
	test_ram = NULL;
}

/* ---- DT builder ---- */

static void fdt_ok(int r, const char *what)
{
	if (r < 0)
		fail_msg("%s: %s", what, fdt_strerror(r));
}

void fdtb_init(struct fdt_builder *b, size_t cap)
{
	b->buf = test_alloc_aligned(8, cap);
	b->cap = cap;
	fdt_ok(fdt_create(b->buf, (int)cap), "fdt_create");
	fdt_ok(fdt_finish_reservemap(b->buf), "fdt_finish_reservemap");
}

void fdtb_begin(struct fdt_builder *b, const char *name)
{
	fdt_ok(fdt_begin_node(b->buf, name), name);
}

void fdtb_end(struct fdt_builder *b)
{
	fdt_ok(fdt_end_node(b->buf), "fdt_end_node");
}

void fdtb_prop(struct fdt_builder *b, const char *name, const void *val, size_t len)
{
	fdt_ok(fdt_property(b->buf, name, val, (int)len), name);
}

void fdtb_str(struct fdt_builder *b, const char *name, const char *s)
{
	fdt_ok(fdt_property_string(b->buf, name, s), name);
}

void fdtb_u32(struct fdt_builder *b, const char *name, uint32_t v)
{
	fdt_ok(fdt_property_u32(b->buf, name, v), name);
}

void fdtb_cells(struct fdt_builder *b, const char *name, unsigned n, ...)
{
	fdt32_t cells[32];
	va_list ap;

	assert_true(n <= 32);
	va_start(ap, n);
	for (unsigned i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
	va_end(ap);
	fdtb_prop(b, name, cells, n * sizeof(cells[0]));
}

void *fdtb_finish(struct fdt_builder *b, size_t *size)
{
	fdt_ok(fdt_finish(b->buf), "fdt_finish");
	if (size)
		*size = fdt_totalsize(b->buf);
	return b->buf;
}

/* ---- ELF builder ---- */

void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void elf_put_ehdr(uint8_t *e, uint64_t entry, unsigned phnum)
{
	memcpy(e, "\177ELF", 4);
	e[ELF_OFF_CLASS] = 2; /* ELFCLASS64 */
	e[5] = 1;	      /* ELFDATA2LSB */
	e[6] = 1;	      /* EV_CURRENT */
	put_le16(e + 16, 2);  /* ET_EXEC */
	put_le16(e + ELF_OFF_MACHINE, 243);
	put_le32(e + 20, 1);
	put_le64(e + ELF_OFF_ENTRY, entry);
	put_le64(e + ELF_OFF_PHOFF, ELF_EHDR_SIZE);
	put_le16(e + 52, ELF_EHDR_SIZE);
	put_le16(e + 54, ELF_PHDR_SIZE);
	put_le16(e + ELF_OFF_PHNUM, (uint16_t)phnum);
}

static void elf_put_phdr(uint8_t *p, const struct elf_seg *s, uint64_t offset)
{
	put_le32(p, s->type);
	put_le32(p + 4, 7); /* RWX */
	put_le64(p + ELF_PHDR_OFF_OFFSET, offset);
	put_le64(p + 16, s->vaddr);
	put_le64(p + 24, s->paddr);
	put_le64(p + ELF_PHDR_OFF_FILESZ, s->filesz);
	put_le64(p + ELF_PHDR_OFF_MEMSZ, s->memsz);
	put_le64(p + 48, 0x1000);
}

uint8_t *elf_build(uint64_t entry, const struct elf_seg *segs, unsigned n, size_t *size)
{
	size_t total = ELF_EHDR_SIZE + (size_t)n * ELF_PHDR_SIZE, off;
	uint8_t *img;

	for (unsigned i = 0; i < n; i++)
		total += segs[i].filesz;
	img = test_alloc_aligned(8, total);
	elf_put_ehdr(img, entry, n);
	off = ELF_EHDR_SIZE + (size_t)n * ELF_PHDR_SIZE;
	for (unsigned i = 0; i < n; i++) {
		elf_put_phdr(img + ELF_EHDR_SIZE + i * ELF_PHDR_SIZE, &segs[i], off);
		if (segs[i].filesz)
			memcpy(img + off, segs[i].data, segs[i].filesz);
		off += segs[i].filesz;
	}
	*size = total;
	return img;
}

/* ---- Linux Image ---- */

uint8_t *linux_image_build(uint64_t text_offset, uint64_t image_size, const void *payload,
			   size_t payload_len, size_t *size)
{
	uint8_t *img = test_alloc_aligned(8, LINUX_HDR_SIZE + payload_len);

	put_le32(img, 0x0000006f); /* code0: j . (any instruction will do) */
	put_le64(img + 8, text_offset);
	put_le64(img + 16, image_size);
	put_le32(img + 32, 2); /* header version 0.2 */
	memcpy(img + 48, "RISCV\0\0\0", 8);
	put_le32(img + 56, 0x05435352); /* magic2 "RSC\x05" */
	if (payload_len)
		memcpy(img + LINUX_HDR_SIZE, payload, payload_len);
	*size = LINUX_HDR_SIZE + payload_len;
	return img;
}

void test_vm_init(struct vm *vm, struct vm_config *cfg, const char *name, unsigned ncpus,
		  uint64_t gpa, size_t ram_size)
{
	memset(cfg, 0, sizeof(*cfg));
	strcpy(cfg->node, "vm@0");
	snprintf(cfg->name, sizeof(cfg->name), "%s", name);
	memset(vm, 0, sizeof(*vm));
	vm->cfg = cfg;
	vm->ncpus = ncpus;
	vm->mem.region[0] =
		(struct mem_region){gpa, (uintptr_t)test_alloc(ram_size), ram_size, NULL};
	vm->mem.count = 1;
	for (unsigned i = 0; i < ncpus; i++) {
		vm->vcpu[i].vm = vm;
		vm->vcpu[i].id = i;
		vm->vcpu[i].state = VCPU_STOPPED;
	}
}
