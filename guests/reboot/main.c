// SPDX-License-Identifier: MIT
/*
 * reboot: SBI SRST cold reboot of the VM. RAM does not survive a reboot
 * (it is zeroed and the images reloaded), so the guest tells its boots
 * apart by the `time` CSR, which runs on: the first boot waits until
 * FIRST_BOOT_END and reboots; a boot after that checks that it got a
 * pristine image (.data as linked, .bss zero) and powers off.
 */
#include <stdint.h>

#include "console.h"
#include "csr.h"
#include "sbi.h"

#define TIMEBASE 10000000UL /* QEMU virt */
#define FIRST_BOOT_END (2 * TIMEBASE)
#define DATA_MAGIC 0x1234abcdUL

static volatile unsigned long data_word = DATA_MAGIC;
static volatile unsigned long bss_word;

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
	if (read_time() >= FIRST_BOOT_END)
		return second_boot(dtb);
	printf("reboot: first boot\n");
	data_word = 0xdeadUL;
	bss_word = 0xbeefUL;
	while (read_time() < FIRST_BOOT_END)
		;
	r = sbi_system_reset(1 /* cold reboot */, 0);
	printf("reboot: FAIL (system_reset returned %ld)\n", r.error);
	return 1;
}
