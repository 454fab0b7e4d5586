// SPDX-License-Identifier: MIT
#include "loader.h"
#include "lib.h"

/* ELF64 (System V ABI, RISC-V psABI): only what loading needs. */
#define EI_NIDENT 16
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EM_RISCV 243
#define PT_LOAD 1

struct elf64_ehdr {
	uint8_t ident[EI_NIDENT];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* Linux RISC-V boot image header (Documentation/riscv/boot-image-header.rst). */
struct linux_image_hdr {
	uint32_t code0, code1;
	uint64_t text_offset;
	uint64_t image_size;
	uint64_t flags;
	uint32_t version, res1;
	uint64_t res2;
	uint64_t magic;
	uint32_t magic2;
	uint32_t res3;
};

#define LINUX_MAGIC2 0x05435352 /* "RSC\x05" */

struct load_ctx {
	const struct vm_config *c;
	const struct guest_mem *gm;
	char *err;
	size_t errlen;
};

#define load_error(l, prop, ...) config_error((l)->c, prop, (l)->err, (l)->errlen, __VA_ARGS__)

static bool is_elf(const struct blob *img)
{
	return img->size >= 4 && !memcmp(img->data, "\177ELF", 4);
}

static bool is_linux_image(const struct blob *img)
{
	struct linux_image_hdr h;

	if (img->size < sizeof(h))
		return false;
	memcpy(&h, img->data, sizeof(h));
	return h.magic2 == LINUX_MAGIC2;
}

enum image_kind loader_detect(const struct blob *img)
{
	if (is_elf(img))
		return IMAGE_ELF;
	if (is_linux_image(img))
		return IMAGE_LINUX;
	return IMAGE_RAW;
}

static int copy_in(struct load_ctx *l, const char *prop, uint64_t gpa, const void *src,
		   uint64_t len, uint64_t memsz)
{
	uint8_t *dst = guest_mem_ptr(l->gm, gpa, memsz);

	if (!dst)
		return load_error(l, prop, "[0x%llx, 0x%llx) does not fit in the VM's memory",
				  (unsigned long long)gpa, (unsigned long long)(gpa + memsz));
	memcpy(dst, src, len);
	return HYP_OK;
}

static int elf_check_header(struct load_ctx *l, const struct elf64_ehdr *eh, uint32_t size)
{
	if (eh->ident[4] != ELFCLASS64 || eh->ident[5] != ELFDATA2LSB || eh->machine != EM_RISCV)
		return load_error(l, "kernel", "ELF is not 64-bit little-endian RISC-V");
	if (eh->phentsize != sizeof(struct elf64_phdr) || eh->phnum == 0 || eh->phoff > size ||
	    (uint64_t)eh->phnum * sizeof(struct elf64_phdr) > size - eh->phoff)
		return load_error(l, "kernel", "ELF program headers are truncated or malformed");
	return HYP_OK;
}

static int elf_load_segment(struct load_ctx *l, const struct elf64_phdr *ph, struct boot_info *bi)
{
	const struct blob *img = &l->c->kernel;
	int err;

	if (ph->filesz > ph->memsz || ph->offset > img->size || ph->filesz > img->size - ph->offset)
		return load_error(l, "kernel", "ELF segment at offset 0x%llx is truncated",
				  (unsigned long long)ph->offset);
	err = copy_in(l, "kernel", ph->paddr, img->data + ph->offset, ph->filesz, ph->memsz);
	if (err)
		return err;
	/* Memory is zeroed before loading, so .bss needs nothing more. */
	bi->kernel_start = MIN(bi->kernel_start, ph->paddr);
	bi->kernel_end = MAX(bi->kernel_end, ph->paddr + ph->memsz);
	return HYP_OK;
}

/* The entry as a physical address: e_entry may be virtual in a linked kernel. */
static uint64_t elf_entry_paddr(const struct elf64_ehdr *eh, const struct elf64_phdr *ph,
				unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (ph[i].type == PT_LOAD && eh->entry >= ph[i].vaddr &&
		    eh->entry - ph[i].vaddr < ph[i].memsz)
			return eh->entry - ph[i].vaddr + ph[i].paddr;
	return eh->entry;
}

static int load_elf(struct load_ctx *l, struct boot_info *bi)
{
	const struct blob *img = &l->c->kernel;
	struct elf64_ehdr eh;
	struct elf64_phdr ph[16];
	unsigned loaded = 0;
	int err;

	if (img->size < sizeof(eh))
		return load_error(l, "kernel", "ELF header is truncated");
	memcpy(&eh, img->data, sizeof(eh));
	err = elf_check_header(l, &eh, img->size);
	if (err)
		return err;
	if (eh.phnum > ARRAY_SIZE(ph))
		return load_error(l, "kernel", "ELF has %u program headers, at most %zu", eh.phnum,
				  ARRAY_SIZE(ph));
	memcpy(ph, img->data + eh.phoff, eh.phnum * sizeof(ph[0]));
	bi->kernel_start = UINT64_MAX;
	for (unsigned i = 0; i < eh.phnum; i++) {
		if (ph[i].type != PT_LOAD || ph[i].memsz == 0)
			continue;
		err = elf_load_segment(l, &ph[i], bi);
		if (err)
			return err;
		loaded++;
	}
	if (!loaded)
		return load_error(l, "kernel", "ELF has no loadable segment");
	bi->entry = elf_entry_paddr(&eh, ph, eh.phnum);
	if (!guest_mem_covers(l->gm, bi->entry, 4))
		return load_error(l, "kernel", "ELF entry 0x%llx is outside the VM's memory",
				  (unsigned long long)bi->entry);
	return HYP_OK;
}

static uint64_t lowest_ram(const struct guest_mem *gm)
{
	uint64_t base = UINT64_MAX;

	for (unsigned i = 0; i < gm->count; i++)
		base = MIN(base, gm->region[i].gpa);
	return base;
}

static int load_linux(struct load_ctx *l, struct boot_info *bi)
{
	const struct blob *img = &l->c->kernel;
	struct linux_image_hdr h;
	uint64_t base, memsz;

	memcpy(&h, img->data, sizeof(h));
	base = l->c->has_kernel_addr ? l->c->kernel_addr : lowest_ram(l->gm) + h.text_offset;
	/* image_size is the kernel's whole footprint, .bss included. */
	memsz = MAX((uint64_t)img->size, h.image_size);
	bi->kernel_start = base;
	bi->kernel_end = base + memsz;
	bi->entry = base;
	return copy_in(l, "kernel", base, img->data, img->size, memsz);
}

static int load_raw(struct load_ctx *l, struct boot_info *bi)
{
	const struct blob *img = &l->c->kernel;

	if (!l->c->has_kernel_addr)
		return load_error(l, "kernel-addr",
				  "missing: the kernel is neither ELF nor a Linux Image, so it "
				  "is a raw binary and needs a load address");
	bi->kernel_start = l->c->kernel_addr;
	bi->kernel_end = l->c->kernel_addr + img->size;
	bi->entry = l->c->kernel_addr;
	return copy_in(l, "kernel", l->c->kernel_addr, img->data, img->size, img->size);
}

/*
 * Mirrors QEMU virt (hw/riscv/boot.c): the DTB at the last 2 MiB boundary
 * that leaves it room before the end of the kernel's RAM region, the
 * initrd at kernel + min(RAM / 2, 128 MiB), so software that expects
 * QEMU's layout finds the same one.
 */
static int place_fdt_initrd(struct load_ctx *l, struct boot_info *bi)
{
	const struct mem_region *r = guest_mem_region(l->gm, bi->kernel_start);
	uint64_t end = r->gpa + r->size, isz = l->c->initrd.size;

	if (r->size < GUEST_FDT_MAX)
		return load_error(l, "memory", "no room for the guest DT above the kernel");
	bi->fdt_addr = ALIGN_DOWN(end - GUEST_FDT_MAX, 2 * MiB);
	if (bi->fdt_addr < bi->kernel_end)
		bi->fdt_addr = ALIGN_DOWN(end - GUEST_FDT_MAX, 4096);
	if (bi->fdt_addr < bi->kernel_end)
		return load_error(l, "memory", "no room for the guest DT above the kernel");
	bi->initrd_start = bi->initrd_end = 0;
	if (!isz)
		return HYP_OK;
	bi->initrd_start = ALIGN_UP(bi->entry + MIN(r->size / 2, 128 * MiB), 4096);
	if (bi->initrd_start < bi->kernel_end)
		bi->initrd_start = ALIGN_UP(bi->kernel_end, 4096);
	if (bi->initrd_start + isz > bi->fdt_addr)
		bi->initrd_start = ALIGN_DOWN(bi->fdt_addr - isz, 4096);
	if (bi->initrd_start < bi->kernel_end || isz > bi->fdt_addr)
		return load_error(l, "initrd",
				  "%u bytes do not fit between the kernel and the guest DT",
				  l->c->initrd.size);
	bi->initrd_end = bi->initrd_start + isz;
	return copy_in(l, "initrd", bi->initrd_start, l->c->initrd.data, isz, isz);
}

int loader_load(const struct vm_config *c, const struct guest_mem *gm, struct boot_info *bi,
		char *err, size_t errlen)
{
	struct load_ctx l = {c, gm, err, errlen};
	int r;

	memset(bi, 0, sizeof(*bi));
	bi->kind = loader_detect(&c->kernel);
	if (bi->kind == IMAGE_ELF)
		r = load_elf(&l, bi);
	else if (bi->kind == IMAGE_LINUX)
		r = load_linux(&l, bi);
	else
		r = load_raw(&l, bi);
	return r ? r : place_fdt_initrd(&l, bi);
}
