// SPDX-License-Identifier: MIT
/*
 * mmio: loads and stores of every width, full and compressed, to QEMU
 * virt's virtio-mmio slots (empty transports: magic "virt", device ID 0),
 * then powers off through the test finisher at 0x100000, as teaching
 * kernels do. Natively QEMU answers; under the hypervisor each access is
 * a trapped, decoded and emulated MMIO access.
 */
#include <stdint.h>

#include "console.h"

#define VIRTIO0 0x10001000UL
#define VIRTIO7 0x10008000UL
#define FINISHER 0x100000UL
#define MAGIC 0x74726976U /* "virt" */

static int failures;

static void check(const char *what, uint64_t got, uint64_t want)
{
	if (got == want) {
		printf("mmio: %s ok\n", what);
		return;
	}
	printf("mmio: %s FAIL (0x%lx, expected 0x%lx)\n", what, (unsigned long)got,
	       (unsigned long)want);
	failures++;
}

static uint32_t c_lw(uintptr_t addr)
{
	register uintptr_t a __asm__("a0") = addr;
	register uint32_t v __asm__("a1");

	/* Explicitly compressed: a0/a1 are among the x8-x15 registers C.LW takes. */
	__asm__ volatile(".option push\n.option rvc\nc.lw a1, 0(a0)\n.option pop"
			 : "=r"(v)
			 : "r"(a)
			 : "memory");
	return v;
}

static uint64_t c_ld(uintptr_t addr)
{
	register uintptr_t a __asm__("a0") = addr;
	register uint64_t v __asm__("a1");

	__asm__ volatile(".option push\n.option rvc\nc.ld a1, 0(a0)\n.option pop"
			 : "=r"(v)
			 : "r"(a)
			 : "memory");
	return v;
}

int main(unsigned long hartid, void *dtb)
{
	volatile uint32_t *v0 = (volatile uint32_t *)VIRTIO0;
	uint32_t version;

	(void)hartid;
	(void)dtb;
	check("lw magic", v0[0], MAGIC);
	check("lbu magic byte 0", *(volatile uint8_t *)VIRTIO0, 0x76);
	/* QEMU answers by register offset: inside a register there is nothing. */
	check("lhu inside magic", *(volatile uint16_t *)(VIRTIO0 + 2), 0);
	check("lb inside magic", (uint64_t)(int64_t) * (volatile int8_t *)(VIRTIO0 + 3), 0);
	check("c.lw magic", c_lw(VIRTIO0), MAGIC);
	version = v0[1];
	printf("mmio: virtio-mmio version %u\n", version);
	check("ld magic+version", *(volatile uint64_t *)VIRTIO0, (uint64_t)version << 32 | MAGIC);
	check("c.ld magic+version", c_ld(VIRTIO0), (uint64_t)version << 32 | MAGIC);
	check("last slot device id", ((volatile uint32_t *)VIRTIO7)[2], 0);
	v0[0x70 / 4] = 1; /* Status: writes to an empty slot are ignored */
	check("store ignored", v0[2], 0);
	if (failures) {
		printf("mmio: %d checks FAILED\n", failures);
		return 1;
	}
	printf("mmio: powering off through the test finisher\n");
	*(volatile uint32_t *)FINISHER = 0x5555;
	printf("mmio: FAIL (still running after the finisher write)\n");
	return 1;
}
