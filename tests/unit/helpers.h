/* SPDX-License-Identifier: MIT */
/* Shared helpers for the host unit tests: allocation, DT and image builders. */
#ifndef UNIT_HELPERS_H
#define UNIT_HELPERS_H

/* cmocka needs these before its own header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* Asserts that the string s contains sub, printing both when it does not. */
#define assert_contains(s, sub) assert_true(str_contains_or_print((s), (sub)))
bool str_contains_or_print(const char *s, const char *sub);

/*
 * Per-test allocations, all released by test_free_all() (call it from each
 * test's teardown, which cmocka runs even after a failed assertion).
 */
void *test_alloc(size_t size);
void *test_alloc_aligned(size_t align, size_t size);
void test_free_all(void);
/* A cmocka teardown that only calls test_free_all(). */
int teardown_free_all(void **state);

/* ---- a VM model for the SBI tests ---- */
struct vm;
struct vm_config;
/*
 * Zeroes vm and cfg, names the VM "vm@0" (name), gives it ncpus vCPUs
 * (stopped) and one RAM region of ram_size bytes at gpa, from test_alloc().
 */
void test_vm_init(struct vm *vm, struct vm_config *cfg, const char *name, unsigned ncpus,
		  uint64_t gpa, size_t ram_size);

/* ---- frame allocator backed by a host buffer ---- */
#define TEST_RAM_SIZE (64UL << 20)
/* Resets page_alloc to exactly one 2 MiB-aligned TEST_RAM_SIZE buffer; returns its base. */
uint64_t test_ram_reset(void);
void test_ram_release(void);

/* ---- flattened DT builder (libfdt sequential-write API) ---- */
struct fdt_builder {
	void *buf;
	size_t cap;
};

void fdtb_init(struct fdt_builder *b, size_t cap);
void fdtb_begin(struct fdt_builder *b, const char *name);
void fdtb_end(struct fdt_builder *b);
void fdtb_prop(struct fdt_builder *b, const char *name, const void *val, size_t len);
void fdtb_str(struct fdt_builder *b, const char *name, const char *s);
void fdtb_u32(struct fdt_builder *b, const char *name, uint32_t v);
/* A property of n big-endian 32-bit cells. */
void fdtb_cells(struct fdt_builder *b, const char *name, unsigned n, ...);
/* Finishes the tree; returns the blob and its total size. */
void *fdtb_finish(struct fdt_builder *b, size_t *size);

/* ---- ELF64 RISC-V image builder ---- */
struct elf_seg {
	uint32_t type; /* 1 = PT_LOAD */
	uint64_t vaddr, paddr;
	const void *data;
	uint64_t filesz, memsz;
};

/* The layout the builder produces: ehdr at 0, phdrs at 64, payloads after. */
#define ELF_EHDR_SIZE 64
#define ELF_PHDR_SIZE 56
#define ELF_OFF_CLASS 4
#define ELF_OFF_MACHINE 18
#define ELF_OFF_ENTRY 24
#define ELF_OFF_PHOFF 32
#define ELF_OFF_PHNUM 56
#define ELF_PHDR_OFF_OFFSET 8
#define ELF_PHDR_OFF_FILESZ 32
#define ELF_PHDR_OFF_MEMSZ 40

/* Builds an ELF64 LE RISC-V executable; returns it (test_alloc'd) and its size. */
uint8_t *elf_build(uint64_t entry, const struct elf_seg *segs, unsigned n, size_t *size);
void put_le16(uint8_t *p, uint16_t v);
void put_le32(uint8_t *p, uint32_t v);
void put_le64(uint8_t *p, uint64_t v);
uint64_t get_le64(const uint8_t *p);

/* ---- Linux RISC-V boot Image ---- */
#define LINUX_HDR_SIZE 64
/* A header with text_offset and image_size followed by payload (test_alloc'd). */
uint8_t *linux_image_build(uint64_t text_offset, uint64_t image_size, const void *payload,
			   size_t payload_len, size_t *size);

#endif
