// SPDX-License-Identifier: MIT
/* loader_detect / loader_load: ELF, Linux Image and raw kernels, initrd and DT placement. */
#include "helpers.h"

#include "lib.h"
#include "loader.h"

#define RAM_GPA 0x80000000UL
#define RAM_SIZE (16 * MiB)
#define RAM_END (RAM_GPA + RAM_SIZE)
#define KBASE (RAM_GPA + 2 * MiB)

static struct vm_config cfg;
static struct guest_mem gm;
static struct boot_info bi;
static uint8_t *ram;
static char err[256];

static void add_region(uint64_t gpa, uint8_t *host, uint64_t size)
{
	gm.region[gm.count++] = (struct mem_region){gpa, (uintptr_t)host, size, NULL};
}

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.node, "vm@2");
	strcpy(cfg.name, "loadme");
	memset(&gm, 0, sizeof(gm));
	ram = test_alloc(RAM_SIZE);
	add_region(RAM_GPA, ram, RAM_SIZE);
	memset(&bi, 0xa5, sizeof(bi));
	memset(err, 0, sizeof(err));
	return 0;
}

static uint8_t *at(uint64_t gpa)
{
	assert_true(gpa >= RAM_GPA && gpa < RAM_END);
	return ram + (gpa - RAM_GPA);
}

static bool all_zero(uint64_t gpa, uint64_t len)
{
	const uint8_t *p = at(gpa);

	for (uint64_t i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

static void set_kernel(const void *img, size_t size)
{
	cfg.kernel = (struct blob){img, (uint32_t)size};
}

static int load(void)
{
	return loader_load(&cfg, &gm, &bi, err, sizeof(err));
}

static void assert_load_ok(void)
{
	int r = load();

	if (r)
		fail_msg("loader_load: %d: %s", r, err);
}

/* The load fails and err names the VM and the property. */
static void assert_load_fails(const char *prop)
{
	char quoted[40];

	assert_int_not_equal(load(), 0);
	assert_contains(err, "vm@2");
	assert_contains(err, "\"loadme\"");
	snprintf(quoted, sizeof(quoted), "'%s'", prop);
	assert_contains(err, quoted);
}

/* The DT slot is in the kernel's region, above the kernel, and fits. */
static void assert_fdt_placement_sane(uint64_t region_end)
{
	assert_true(bi.fdt_addr >= bi.kernel_end);
	assert_true(bi.fdt_addr + GUEST_FDT_MAX <= region_end);
	assert_true(IS_ALIGNED(bi.fdt_addr, 4096));
}

static const uint8_t text[16] = {0x97, 0x02, 0, 0, 0x93, 0x82, 0x02, 0, 't', 'e', 'x', 't'};
static const uint8_t data[8] = {'d', 'a', 't', 'a', 1, 2, 3, 4};

/* An ELF with text at KBASE and data + 4 KiB of .bss 64 KiB above. */
static uint8_t *two_segment_elf(size_t *size)
{
	struct elf_seg segs[] = {
		{1, KBASE, KBASE, text, sizeof(text), sizeof(text)},
		{1, KBASE + 64 * KiB, KBASE + 64 * KiB, data, sizeof(data), 4 * KiB},
	};

	return elf_build(KBASE, segs, 2, size);
}

/* A PT_LOAD of the text bytes at paddr == vaddr. */
static struct elf_seg text_seg(uint64_t paddr)
{
	return (struct elf_seg){.type = 1,
				.vaddr = paddr,
				.paddr = paddr,
				.data = text,
				.filesz = sizeof(text),
				.memsz = sizeof(text)};
}

static uint8_t *one_segment_elf(uint64_t entry, uint64_t paddr, size_t *size)
{
	struct elf_seg seg = text_seg(paddr);

	return elf_build(entry, &seg, 1, size);
}

static void set_elf(uint64_t entry, const struct elf_seg *segs, unsigned n)
{
	size_t size;
	uint8_t *img = elf_build(entry, segs, n, &size);

	set_kernel(img, size);
}

static void set_linux(uint64_t text_offset, uint64_t image_size, const char *payload)
{
	size_t size;
	uint8_t *img = linux_image_build(text_offset, image_size, payload, strlen(payload), &size);

	set_kernel(img, size);
}

static void set_two_segment_elf(void)
{
	size_t size;
	uint8_t *img = two_segment_elf(&size);

	set_kernel(img, size);
}

static void set_one_segment_elf(uint64_t entry, uint64_t paddr)
{
	size_t size;
	uint8_t *img = one_segment_elf(entry, paddr, &size);

	set_kernel(img, size);
}

/* ---- loader_detect ---- */

static enum image_kind detect(const void *p, size_t n)
{
	struct blob b = {p, (uint32_t)n};

	return loader_detect(&b);
}

static void test_detect_elf(void **state)
{
	size_t size;
	uint8_t *elf = two_segment_elf(&size);

	(void)state;
	assert_int_equal(detect(elf, size), IMAGE_ELF);
	/* The magic alone decides, even for a truncated file. */
	assert_int_equal(detect("\177ELF", 4), IMAGE_ELF);
	assert_int_equal(detect("\177EL", 3), IMAGE_RAW);
}

static void test_detect_linux_image(void **state)
{
	size_t size;
	uint8_t *img = linux_image_build(2 * MiB, 0, "payload", 7, &size);

	(void)state;
	assert_int_equal(detect(img, size), IMAGE_LINUX);
	/* The header must be whole. */
	assert_int_equal(detect(img, LINUX_HDR_SIZE - 1), IMAGE_RAW);
	/* Without magic2, a Linux-looking header is just bytes. */
	img[56] ^= 0xff;
	assert_int_equal(detect(img, size), IMAGE_RAW);
}

static void test_detect_raw(void **state)
{
	static const uint8_t raw[128] = {0x13, 0, 0, 0};

	(void)state;
	assert_int_equal(detect(raw, sizeof(raw)), IMAGE_RAW);
	assert_int_equal(detect(raw, 1), IMAGE_RAW);
}

/* ---- ELF ---- */

static void test_elf_copies_segments_to_paddr(void **state)
{
	(void)state;
	set_two_segment_elf();
	assert_load_ok();
	assert_int_equal(bi.kind, IMAGE_ELF);
	assert_int_equal(bi.entry, KBASE);
	assert_int_equal(bi.kernel_start, KBASE);
	assert_int_equal(bi.kernel_end, KBASE + 64 * KiB + 4 * KiB);
	assert_memory_equal(at(KBASE), text, sizeof(text));
	assert_memory_equal(at(KBASE + 64 * KiB), data, sizeof(data));
	/* Nothing else was written: before, between and after the segments. */
	assert_true(all_zero(RAM_GPA, KBASE - RAM_GPA));
	assert_true(all_zero(KBASE + sizeof(text), 64 * KiB - sizeof(text)));
}

static void test_elf_bss_stays_zero(void **state)
{
	(void)state;
	set_two_segment_elf();
	assert_load_ok();
	/* memsz > filesz: the rest of the segment is .bss, left zero. */
	assert_true(all_zero(KBASE + 64 * KiB + sizeof(data), 4 * KiB - sizeof(data)));
	assert_true(bi.kernel_end >= KBASE + 64 * KiB + 4 * KiB);
}

static void test_elf_virtual_entry_becomes_physical(void **state)
{
	uint64_t va = 0xffffffff80000000UL;
	struct elf_seg seg = {1, va, KBASE, text, sizeof(text), sizeof(text)};

	(void)state;
	set_elf(va + 8, &seg, 1);
	assert_load_ok();
	assert_int_equal(bi.entry, KBASE + 8);
	assert_int_equal(bi.kernel_start, KBASE);
	assert_memory_equal(at(KBASE), text, sizeof(text));
}

static void test_elf_ignores_non_load_and_empty_segments(void **state)
{
	struct elf_seg segs[] = {
		{4, 0x1000, 0x1000, data, sizeof(data), sizeof(data)}, /* PT_NOTE outside RAM */
		{1, KBASE, KBASE, text, sizeof(text), sizeof(text)},
		{1, 0x2000, 0x2000, NULL, 0, 0}, /* empty PT_LOAD outside RAM */
	};

	(void)state;
	set_elf(KBASE, segs, 3);
	assert_load_ok();
	assert_int_equal(bi.kernel_start, KBASE);
	assert_int_equal(bi.kernel_end, KBASE + sizeof(text));
}

static void test_elf_loads_into_second_region(void **state)
{
	uint8_t *hi = test_alloc(8 * MiB);

	(void)state;
	add_region(0x100000000UL, hi, 8 * MiB);
	set_one_segment_elf(0x100000000UL, 0x100000000UL);
	assert_load_ok();
	assert_memory_equal(hi, text, sizeof(text));
	/* The DT goes in the kernel's region. */
	assert_true(bi.fdt_addr >= 0x100000000UL);
	assert_fdt_placement_sane(0x100000000UL + 8 * MiB);
}

static void test_elf_truncated_header_fails(void **state)
{
	size_t size;
	uint8_t *elf = two_segment_elf(&size);

	(void)state;
	set_kernel(elf, ELF_EHDR_SIZE - 1);
	assert_load_fails("kernel");
	set_kernel(elf, 4);
	assert_load_fails("kernel");
}

static void test_elf_wrong_machine_fails(void **state)
{
	size_t size;
	uint8_t *elf = two_segment_elf(&size);

	(void)state;
	put_le16(elf + ELF_OFF_MACHINE, 62); /* EM_X86_64 */
	set_kernel(elf, size);
	assert_load_fails("kernel");
	assert_contains(err, "RISC-V");
}

static void test_elf_32bit_class_fails(void **state)
{
	size_t size;
	uint8_t *elf = two_segment_elf(&size);

	(void)state;
	elf[ELF_OFF_CLASS] = 1; /* ELFCLASS32 */
	set_kernel(elf, size);
	assert_load_fails("kernel");
}

static void test_elf_big_endian_fails(void **state)
{
	size_t size;
	uint8_t *elf = two_segment_elf(&size);

	(void)state;
	elf[5] = 2; /* ELFDATA2MSB */
	set_kernel(elf, size);
	assert_load_fails("kernel");
}

static void test_elf_phdrs_beyond_file_fail(void **state)
{
	size_t size;
	uint8_t *elf = two_segment_elf(&size);

	(void)state;
	set_kernel(elf, size);
	put_le64(elf + ELF_OFF_PHOFF, size - ELF_PHDR_SIZE / 2);
	assert_load_fails("kernel");
	put_le64(elf + ELF_OFF_PHOFF, UINT64_MAX - 8);
	assert_load_fails("kernel");
	put_le64(elf + ELF_OFF_PHOFF, ELF_EHDR_SIZE);
	put_le16(elf + ELF_OFF_PHNUM, 0xffff);
	assert_load_fails("kernel");
	/* Only the program headers, cut short. */
	put_le16(elf + ELF_OFF_PHNUM, 2);
	set_kernel(elf, ELF_EHDR_SIZE + ELF_PHDR_SIZE + 8);
	assert_load_fails("kernel");
}

static void test_elf_bad_phentsize_or_no_phdrs_fails(void **state)
{
	size_t size;
	uint8_t *elf = two_segment_elf(&size);

	(void)state;
	set_kernel(elf, size);
	put_le16(elf + 54, 32); /* e_phentsize of ELF32 */
	assert_load_fails("kernel");
	put_le16(elf + 54, ELF_PHDR_SIZE);
	put_le16(elf + ELF_OFF_PHNUM, 0);
	assert_load_fails("kernel");
}

static void test_elf_too_many_phdrs_fails(void **state)
{
	struct elf_seg segs[17];

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(segs); i++)
		segs[i] = text_seg(KBASE + i * 4 * KiB);
	set_elf(KBASE, segs, 17);
	assert_load_fails("kernel");
	/* 16 are fine. */
	set_elf(KBASE, segs, 16);
	assert_load_ok();
	assert_int_equal(bi.kernel_end, KBASE + 15 * 4 * KiB + sizeof(text));
}

static void test_elf_segment_beyond_file_fails(void **state)
{
	size_t size;
	uint8_t *elf = two_segment_elf(&size);
	uint8_t *ph1 = elf + ELF_EHDR_SIZE + ELF_PHDR_SIZE;

	(void)state;
	set_kernel(elf, size);
	/* The last segment's bytes run past the end of the file. */
	put_le64(ph1 + ELF_PHDR_OFF_FILESZ, sizeof(data) + 1);
	assert_load_fails("kernel");
	put_le64(ph1 + ELF_PHDR_OFF_FILESZ, sizeof(data));
	put_le64(ph1 + ELF_PHDR_OFF_OFFSET, size + 4096);
	assert_load_fails("kernel");
	/* offset + filesz wrapping around 2^64 */
	put_le64(ph1 + ELF_PHDR_OFF_OFFSET, UINT64_MAX - 3);
	assert_load_fails("kernel");
}

static void test_elf_segment_outside_ram_fails(void **state)
{
	(void)state;
	set_one_segment_elf(0x1000, 0x1000);
	assert_load_fails("kernel");
	assert_true(all_zero(RAM_GPA, RAM_SIZE));
}

static void test_elf_segment_straddling_ram_end_fails(void **state)
{
	struct elf_seg seg = {1, RAM_END - 8, RAM_END - 8, text, 8, 16};

	(void)state;
	set_elf(RAM_END - 8, &seg, 1);
	assert_load_fails("kernel");
}

static void test_elf_filesz_above_memsz_fails(void **state)
{
	struct elf_seg seg = {1, KBASE, KBASE, text, sizeof(text), 8};

	(void)state;
	set_elf(KBASE, &seg, 1);
	assert_load_fails("kernel");
}

static void test_elf_without_pt_load_fails(void **state)
{
	struct elf_seg seg = {4, KBASE, KBASE, text, sizeof(text), sizeof(text)};

	(void)state;
	set_elf(KBASE, &seg, 1);
	assert_load_fails("kernel");
	assert_contains(err, "loadable");
}

static void test_elf_entry_outside_ram_fails(void **state)
{
	(void)state;
	set_one_segment_elf(0x1000, KBASE);
	assert_load_fails("kernel");
	assert_contains(err, "entry");
	/* The last 3 bytes of RAM cannot hold an instruction. */
	set_one_segment_elf(RAM_END - 2, KBASE);
	assert_load_fails("kernel");
}

/* ---- Linux Image ---- */

static void test_linux_image_at_ram_plus_text_offset(void **state)
{
	size_t size;
	uint8_t *img = linux_image_build(2 * MiB, 1 * MiB, "linux!", 6, &size);

	(void)state;
	set_kernel(img, size);
	assert_load_ok();
	assert_int_equal(bi.kind, IMAGE_LINUX);
	assert_int_equal(bi.kernel_start, RAM_GPA + 2 * MiB);
	assert_int_equal(bi.entry, RAM_GPA + 2 * MiB);
	/* image_size covers the whole footprint, .bss included. */
	assert_int_equal(bi.kernel_end, RAM_GPA + 3 * MiB);
	/* The image is copied whole, header included. */
	assert_memory_equal(at(RAM_GPA + 2 * MiB), img, size);
	assert_fdt_placement_sane(RAM_END);
}

static void test_linux_image_size_smaller_than_file(void **state)
{
	size_t size;
	uint8_t *img = linux_image_build(2 * MiB, 0, "abc", 3, &size);

	(void)state;
	set_kernel(img, size);
	assert_load_ok();
	assert_int_equal(bi.kernel_end, bi.kernel_start + size);
}

static void test_linux_image_uses_lowest_region(void **state)
{
	uint8_t *low = test_alloc(8 * MiB);

	(void)state;
	add_region(0x40000000, low, 8 * MiB);
	set_linux(2 * MiB, 0, "low");
	assert_load_ok();
	assert_int_equal(bi.kernel_start, 0x40000000 + 2 * MiB);
	assert_memory_equal(low + 2 * MiB + LINUX_HDR_SIZE, "low", 3);
	assert_fdt_placement_sane(0x40000000 + 8 * MiB);
}

static void test_linux_image_honours_kernel_addr(void **state)
{
	(void)state;
	set_linux(2 * MiB, 0, "x");
	cfg.has_kernel_addr = true;
	cfg.kernel_addr = RAM_GPA + 4 * MiB;
	assert_load_ok();
	assert_int_equal(bi.entry, RAM_GPA + 4 * MiB);
	assert_int_equal(at(RAM_GPA + 4 * MiB + LINUX_HDR_SIZE)[0], 'x');
}

static void test_linux_image_size_too_big_fails(void **state)
{
	(void)state;
	set_linux(2 * MiB, RAM_SIZE, "x");
	assert_load_fails("kernel");
	set_linux(2 * MiB, UINT64_MAX - 4095, "x");
	assert_load_fails("kernel");
}

static void test_linux_image_text_offset_outside_ram_fails(void **state)
{
	(void)state;
	set_linux(RAM_SIZE, 0, "x");
	assert_load_fails("kernel");
}

/* ---- raw ---- */

static void test_raw_loads_at_kernel_addr(void **state)
{
	static const uint8_t raw[100] = {0x13, 0, 0, 0, 0x6f};

	(void)state;
	set_kernel(raw, sizeof(raw));
	cfg.has_kernel_addr = true;
	cfg.kernel_addr = RAM_GPA + 0x10000;
	assert_load_ok();
	assert_int_equal(bi.kind, IMAGE_RAW);
	assert_int_equal(bi.entry, RAM_GPA + 0x10000);
	assert_int_equal(bi.kernel_start, RAM_GPA + 0x10000);
	assert_int_equal(bi.kernel_end, RAM_GPA + 0x10000 + sizeof(raw));
	assert_memory_equal(at(RAM_GPA + 0x10000), raw, sizeof(raw));
	assert_true(all_zero(RAM_GPA, 0x10000));
}

static void test_raw_without_kernel_addr_fails(void **state)
{
	static const uint8_t raw[100] = {0x13};

	(void)state;
	set_kernel(raw, sizeof(raw));
	assert_load_fails("kernel-addr");
}

static void test_raw_too_large_for_ram_fails(void **state)
{
	static const uint8_t raw[100] = {0x13};

	(void)state;
	set_kernel(raw, sizeof(raw));
	cfg.has_kernel_addr = true;
	cfg.kernel_addr = RAM_END - 64;
	assert_load_fails("kernel");
	cfg.kernel_addr = RAM_END;
	assert_load_fails("kernel");
}

/* ---- DT and initrd placement ---- */

static void test_fdt_at_last_2m_boundary(void **state)
{
	(void)state;
	set_two_segment_elf();
	assert_load_ok();
	assert_int_equal(bi.fdt_addr, RAM_END - 2 * MiB);
	assert_true(IS_ALIGNED(bi.fdt_addr, 2 * MiB));
	assert_fdt_placement_sane(RAM_END);
}

static void test_fdt_falls_back_to_4k_above_big_kernel(void **state)
{
	struct elf_seg seg = {1, KBASE, KBASE, text, sizeof(text), RAM_END - MiB - KBASE};

	(void)state;
	/* The kernel ends above the last 2 MiB boundary. */
	set_elf(KBASE, &seg, 1);
	assert_load_ok();
	assert_int_equal(bi.fdt_addr, RAM_END - GUEST_FDT_MAX);
	assert_fdt_placement_sane(RAM_END);
}

static void test_fdt_no_room_above_kernel_fails(void **state)
{
	struct elf_seg seg = {1, KBASE, KBASE, text, sizeof(text), RAM_END - KBASE - 4 * KiB};

	(void)state;
	set_elf(KBASE, &seg, 1);
	assert_load_fails("memory");
}

static void test_no_initrd_gives_empty_range(void **state)
{
	(void)state;
	set_two_segment_elf();
	assert_load_ok();
	assert_int_equal(bi.initrd_start, bi.initrd_end);
}

static uint8_t *make_initrd(size_t n)
{
	uint8_t *p = test_alloc(n);

	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + 1);
	cfg.initrd = (struct blob){p, (uint32_t)n};
	return p;
}

/* Inside RAM, after the kernel, before the DT, and holding the bytes. */
static void assert_initrd_placed(const uint8_t *initrd, size_t n)
{
	assert_int_equal(bi.initrd_end - bi.initrd_start, n);
	assert_true(IS_ALIGNED(bi.initrd_start, 4096));
	assert_true(bi.initrd_start >= RAM_GPA && bi.initrd_end <= RAM_END);
	assert_true(bi.initrd_start >= bi.kernel_end);
	assert_true(bi.initrd_end <= bi.fdt_addr);
	assert_memory_equal(at(bi.initrd_start), initrd, n);
}

static void test_initrd_placed_like_qemu(void **state)
{
	uint8_t *initrd = make_initrd(12345);

	(void)state;
	set_two_segment_elf();
	assert_load_ok();
	assert_initrd_placed(initrd, 12345);
	/* QEMU virt: kernel + min(RAM / 2, 128 MiB). */
	assert_int_equal(bi.initrd_start, KBASE + RAM_SIZE / 2);
}

static void test_initrd_moved_below_dt_when_tight(void **state)
{
	struct elf_seg seg = {1, KBASE, KBASE, text, sizeof(text), 6 * MiB};
	uint8_t *initrd = make_initrd(5 * MiB);

	(void)state;
	/* kernel + RAM/2 + 5 MiB would run into the DT. */
	set_elf(KBASE, &seg, 1);
	assert_load_ok();
	assert_initrd_placed(initrd, 5 * MiB);
	assert_true(all_zero(bi.initrd_end, bi.fdt_addr - bi.initrd_end));
}

static void test_initrd_too_large_fails(void **state)
{
	(void)state;
	make_initrd(RAM_SIZE - 2 * MiB);
	set_two_segment_elf();
	assert_load_fails("initrd");
	make_initrd(RAM_SIZE + 4 * KiB);
	assert_load_fails("initrd");
}

static void test_initrd_and_kernel_do_not_overlap_with_linux(void **state)
{
	uint8_t *initrd = make_initrd(300000);

	(void)state;
	set_linux(2 * MiB, 9 * MiB, "k");
	assert_load_ok();
	assert_initrd_placed(initrd, 300000);
}

#define LOAD_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown_free_all)

int main(void)
{
	const struct CMUnitTest tests[] = {
		LOAD_TEST(test_detect_elf),
		LOAD_TEST(test_detect_linux_image),
		LOAD_TEST(test_detect_raw),
		LOAD_TEST(test_elf_copies_segments_to_paddr),
		LOAD_TEST(test_elf_bss_stays_zero),
		LOAD_TEST(test_elf_virtual_entry_becomes_physical),
		LOAD_TEST(test_elf_ignores_non_load_and_empty_segments),
		LOAD_TEST(test_elf_loads_into_second_region),
		LOAD_TEST(test_elf_truncated_header_fails),
		LOAD_TEST(test_elf_wrong_machine_fails),
		LOAD_TEST(test_elf_32bit_class_fails),
		LOAD_TEST(test_elf_big_endian_fails),
		LOAD_TEST(test_elf_phdrs_beyond_file_fail),
		LOAD_TEST(test_elf_bad_phentsize_or_no_phdrs_fails),
		LOAD_TEST(test_elf_too_many_phdrs_fails),
		LOAD_TEST(test_elf_segment_beyond_file_fails),
		LOAD_TEST(test_elf_segment_outside_ram_fails),
		LOAD_TEST(test_elf_segment_straddling_ram_end_fails),
		LOAD_TEST(test_elf_filesz_above_memsz_fails),
		LOAD_TEST(test_elf_without_pt_load_fails),
		LOAD_TEST(test_elf_entry_outside_ram_fails),
		LOAD_TEST(test_linux_image_at_ram_plus_text_offset),
		LOAD_TEST(test_linux_image_size_smaller_than_file),
		LOAD_TEST(test_linux_image_uses_lowest_region),
		LOAD_TEST(test_linux_image_honours_kernel_addr),
		LOAD_TEST(test_linux_image_size_too_big_fails),
		LOAD_TEST(test_linux_image_text_offset_outside_ram_fails),
		LOAD_TEST(test_raw_loads_at_kernel_addr),
		LOAD_TEST(test_raw_without_kernel_addr_fails),
		LOAD_TEST(test_raw_too_large_for_ram_fails),
		LOAD_TEST(test_fdt_at_last_2m_boundary),
		LOAD_TEST(test_fdt_falls_back_to_4k_above_big_kernel),
		LOAD_TEST(test_fdt_no_room_above_kernel_fails),
		LOAD_TEST(test_no_initrd_gives_empty_range),
		LOAD_TEST(test_initrd_placed_like_qemu),
		LOAD_TEST(test_initrd_moved_below_dt_when_tight),
		LOAD_TEST(test_initrd_too_large_fails),
		LOAD_TEST(test_initrd_and_kernel_do_not_overlap_with_linux),
	};

	return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
