// SPDX-License-Identifier: MIT
/*
 * reboot: SBI SRST cold reboot of the VM. RAM does not survive a reboot
 * (it is zeroed and the images reloaded), so the guest tells its boots
 * apart by the `time` CSR, which runs on: the first boot waits until
 * FIRST_BOOT_END and reboots; a boot after that checks that it got a
 * pristine image (.data as linked, .bss zero, RAM it wrote far from the
 * image zero again) and powers off. Each boot prints the start of its
 * /chosen/rng-seed: every start of a VM must get a seed of its own.
 */
#include <stdint.h>

#include "console.h"
#include "csr.h"
#include "fdt.h"
#include "sbi.h"

#define TIMEBASE 10000000UL /* QEMU virt */
#define FIRST_BOOT_END (2 * TIMEBASE)
#define DATA_MAGIC 0x1234abcdUL
/* RAM far from the image and the DT (configs/reboot.dts: 8 MiB at
 * 0x80000000, image at +2 MiB, DT at +6 MiB), in a
 * 2 MiB chunk the hypervisor zeroes only when it is first touched. */
#define FAR_WORD ((volatile unsigned long *)(0x80000000UL + (5UL << 20) + 8))

static volatile unsigned long data_word = DATA_MAGIC;
static volatile unsigned long bss_word;

/* The seed's length and first 8 bytes, hex: enough to tell seeds apart. */
static void print_rng_seed(const void *dtb)
{
	const unsigned char *seed;
	const void *val;
	unsigned int len;

	if (fdt_get_prop(dtb, "/chosen", "rng-seed", &val, &len) || !len) {
		printf("reboot: no rng-seed\n");
		return;
	}
	seed = val;
	printf("reboot: rng-seed of %u bytes: ", len);
	for (unsigned int i = 0; i < len && i < 8; i++)
		printf("%02x", seed[i]);
	printf("\n");
}

static int second_boot(void *dtb)
{
	int bad = 0;

	if (data_word != DATA_MAGIC) {
		printf("reboot: .data FAIL (0x%lx, not reloaded)\n", data_word);
		bad++;
	}
	if (bss_word) {
		printf("reboot: .bss FAIL (0x%lx, not zeroed)\n", bss_word);
		bad++;
	}
	if (*FAR_WORD) {
		printf("reboot: RAM FAIL (0x%lx at %p survived the reboot)\n", *FAR_WORD,
		       (void *)FAR_WORD);
		bad++;
	}
	if (*(volatile uint32_t *)dtb != 0xedfe0dd0) {
		printf("reboot: dtb FAIL (no DT at %p)\n", dtb);
		bad++;
	}
	if (!bad)
		printf("reboot: rebooted with a pristine image ok\n");
	return bad;
}

int main(unsigned long hartid, void *dtb)
{
	struct sbiret r;

	(void)hartid;
	print_rng_seed(dtb);
	if (read_time() >= FIRST_BOOT_END)
		return second_boot(dtb);
	printf("reboot: first boot\n");
	if (*FAR_WORD) {
		printf("reboot: RAM FAIL (0x%lx at %p before any write)\n", *FAR_WORD,
		       (void *)FAR_WORD);
		return 1;
	}
	*FAR_WORD = 0xfeedUL;
	data_word = 0xdeadUL;
	bss_word = 0xbeefUL;
	while (read_time() < FIRST_BOOT_END)
		;
	r = sbi_system_reset(1 /* cold reboot */, 0);
	printf("reboot: FAIL (system_reset returned %ld)\n", r.error);
	return 1;
}
