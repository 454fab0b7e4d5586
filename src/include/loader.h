/* SPDX-License-Identifier: MIT */
/* Guest image loading: ELF, Linux Image and raw binaries, initrd, DTB placement. */
#ifndef HYP_LOADER_H
#define HYP_LOADER_H

#include "config.h"
#include "guest_mem.h"

enum image_kind { IMAGE_ELF, IMAGE_LINUX, IMAGE_RAW };

struct boot_info {
	enum image_kind kind;
	uint64_t entry;
	uint64_t kernel_start, kernel_end;
	uint64_t initrd_start, initrd_end; /* equal when there is no initrd */
	uint64_t fdt_addr;
};

/* The guest DT is given this much room at most. */
#define GUEST_FDT_MAX (64 * 1024)

enum image_kind loader_detect(const struct blob *img);
/*
 * Copies kernel and initrd into guest memory and chooses where the DTB
 * goes. Guest memory must be zeroed beforehand. Errors name the VM and
 * the property.
 */
int loader_load(const struct vm_config *c, const struct guest_mem *gm, struct boot_info *bi,
		char *err, size_t errlen);

#endif
