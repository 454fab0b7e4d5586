// SPDX-License-Identifier: MIT
/*
 * loader_load (src/core/loader.c): ELF, Linux Image and raw kernels and
 * an initrd into a VM's memory. The input is:
 *   control bytes: regions (1 or 2, 80 KiB to 4 MiB each, anywhere below
 *                  the 41-bit guest limit), kernel-addr, initrd length;
 *   the kernel image: the rest (an ELF, an Image header or raw bytes).
 * Each region ends where its host allocation ends and the bytes before it
 * are poisoned, so ASan sees any access outside the VM's memory. The two
 * arenas are allocated once and not zeroed between runs (no check needs
 * it): a fresh 4 MiB per run made the target a hundred times slower. A
 * load that succeeds must leave the kernel, initrd and DT slot inside RAM,
 * in that order and apart, with the bytes in place.
 */
#include "fuzz.h"

#include <sanitizer/asan_interface.h>

#include "loader.h"
#include "lib.h"
#include "stage2.h"

#define INITRD_MAX 4096
#define ARENA_SIZE (64 * KiB + (256UL << 14))

static struct vm_config cfg;
static struct guest_mem gm;
static uint8_t initrd[INITRD_MAX];
static uint8_t *arena[2];

/* The host bytes for [gpa, gpa + len), which must be in guest memory. */
static const uint8_t *at(uint64_t gpa, uint64_t len)
{
	const uint8_t *p = guest_mem_ptr(&gm, gpa, len);

	FUZZ_CHECK(p != NULL);
	return p;
}

static void read_layout(struct fuzz_in *in)
{
	memset(&gm, 0, sizeof(gm));
	gm.count = 1 + (fz_u8(in) & 1);
	for (unsigned i = 0; i < gm.count; i++) {
		/* Region i in its own 1 TiB slot (41 bits: two of them). */
		uint64_t base = ((uint64_t)i << 40) + ((uint64_t)fz_u32(in) << 12) % (1UL << 39);
		uint64_t size = 64 * KiB + (((uint64_t)fz_u8(in) + 1) << 14);
		uint8_t *host;

		if (!arena[i] && !(arena[i] = malloc(ARENA_SIZE)))
			abort();
		host = arena[i] + ARENA_SIZE - size;
		ASAN_UNPOISON_MEMORY_REGION(arena[i], ARENA_SIZE);
		ASAN_POISON_MEMORY_REGION(arena[i], ARENA_SIZE - size);
		gm.region[i] = (struct mem_region){base, (uintptr_t)host, size, NULL};
	}
}

/* kernel-addr: none, an offset into region 0, or any 4-byte aligned value. */
static void read_kernel_addr(struct fuzz_in *in)
{
	uint8_t mode = fz_u8(in) % 3;
	uint64_t v = fz_u64(in);

	cfg.has_kernel_addr = mode != 0;
	if (mode == 1)
		cfg.kernel_addr = gm.region[0].gpa + (v % gm.region[0].size & ~3UL);
	else
		cfg.kernel_addr = v & ~3UL;
}

static void check_loaded(const struct boot_info *bi)
{
	const struct mem_region *r = guest_mem_region(&gm, bi->kernel_start);
	uint64_t isz = cfg.initrd.size;

	FUZZ_CHECK(r != NULL);
	at(bi->entry, 4);
	FUZZ_CHECK(bi->kernel_end > bi->kernel_start);
	/* The DT slot: in the kernel's region, above the kernel. */
	FUZZ_CHECK(bi->fdt_addr >= bi->kernel_end && IS_ALIGNED(bi->fdt_addr, 4096));
	FUZZ_CHECK(guest_mem_region(&gm, bi->fdt_addr) == r);
	at(bi->fdt_addr, GUEST_FDT_MAX);
	if (bi->kind == IMAGE_RAW)
		FUZZ_CHECK(bi->entry == cfg.kernel_addr && bi->kernel_start == cfg.kernel_addr);
	/* A raw binary or an Image is copied whole, where the kernel starts. */
	if (bi->kind != IMAGE_ELF)
		FUZZ_CHECK(bi->entry == bi->kernel_start &&
			   !memcmp(at(bi->kernel_start, cfg.kernel.size), cfg.kernel.data,
				   cfg.kernel.size));
	if (!isz) {
		FUZZ_CHECK(bi->initrd_start == bi->initrd_end);
		return;
	}
	FUZZ_CHECK(bi->initrd_end - bi->initrd_start == isz);
	FUZZ_CHECK(bi->initrd_start >= bi->kernel_end && bi->initrd_end <= bi->fdt_addr);
	FUZZ_CHECK(!memcmp(at(bi->initrd_start, isz), initrd, isz));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	struct boot_info bi;
	char err[256];
	size_t len;
	uint8_t *kernel;

	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.node, "vm@0");
	strcpy(cfg.name, "fuzz");
	read_layout(&in);
	read_kernel_addr(&in);
	cfg.initrd.size = fz_u16(&in) % (INITRD_MAX + 1);
	cfg.initrd.data = cfg.initrd.size ? initrd : NULL;
	for (size_t i = 0; i < INITRD_MAX; i++)
		initrd[i] = (uint8_t)(i * 7 + 1);
	kernel = fz_rest_copy(&in, &len);
	cfg.kernel = (struct blob){kernel, (uint32_t)len};

	memset(err, 0, sizeof(err));
	if (len) {
		if (loader_load(&cfg, &gm, &bi, err, sizeof(err)) == 0)
			check_loaded(&bi);
		else
			FUZZ_CHECK(strstr(err, "vm@0 (\"fuzz\"): property '"));
	}
	free(kernel);
	return 0;
}
