// SPDX-License-Identifier: MIT
/*
 * paging: Sv39 translation, U-mode execution and page faults.
 *
 * RAM_BASE..RAM_BASE+RAM_SIZE is identity mapped for S-mode with 2 MiB
 * megapages, except the megapage holding this image, which is split into
 * 4 KiB pages so that the .user.text pages and the user stack can carry the
 * U bit. Then U-mode code:
 *   1. does an ecall, seen by S-mode as scause 8;
 *   2. loads from DEMAND_VA, which is not mapped: S-mode maps it on the
 *      load page fault and the load is restarted;
 *   3. loads from an S-only page: S-mode skips the faulting load;
 *   4. does an "exit" ecall, which returns from user_run().
 */
#include <stdbool.h>

#include "console.h"
#include "csr.h"
#include "trap.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define MEGAPAGE_SIZE (1UL << 21)
#define PTES_PER_TABLE 512

#define RAM_BASE 0x80000000UL
#define RAM_SIZE (8UL << 20)

/* An address in a gigapage nothing else maps (Sv39 VPN[2] = 1). */
#define DEMAND_VA 0x40000000UL
#define DEMAND_MAGIC 0x5ca1ab1e600dcafeUL
#define SECRET_MAGIC 0xdeadbeefbaadf00dUL

/* Sv39 PTE fields (priv. spec 4.3.1 and 4.4.1). */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_PPN_SHIFT 10

/* "System calls" of the U-mode program: a7 = number, a0 = argument. */
enum {
	SYS_HELLO = 1,
	SYS_DEMAND_VALUE = 2,
	SYS_EXIT = 3,
};

typedef unsigned long pte_t;

struct page_table {
	pte_t pte[PTES_PER_TABLE];
} __attribute__((aligned(PAGE_SIZE)));

static struct page_table root_table;
static struct page_table ram_l1, image_l0;
static struct page_table demand_l1, demand_l0;
static unsigned char demand_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned char user_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Lives on an S-only page: U-mode must not be able to read it. */
static volatile unsigned long secret = SECRET_MAGIC;

extern char _start[], __image_end[];
extern char __user_text_start[], __user_text_end[];

static int failures;
static unsigned int demand_faults;

/* ------------------------------------------------------------------ */
/* U-mode program: only code in .user.text is mapped for U-mode.     */

#define USER_CODE __attribute__((section(".user.text"), noinline))

static inline __attribute__((always_inline)) long user_ecall(long nr, long arg)
{
	register long a0 __asm__("a0") = arg;
	register long a7 __asm__("a7") = nr;

	__asm__ __volatile__("ecall" : "+r"(a0) : "r"(a7) : "memory");
	return a0;
}

static USER_CODE void user_main(unsigned long secret_addr)
{
	user_ecall(SYS_HELLO, 0);
	user_ecall(SYS_DEMAND_VALUE, (long)*(volatile unsigned long *)DEMAND_VA);
	(void)*(volatile unsigned long *)secret_addr;
	user_ecall(SYS_EXIT, 0);
	for (;;)
		;
}

/* ------------------------------------------------------------------ */
/* Page tables. Physical and virtual addresses of the image coincide. */

static unsigned long vpn(unsigned long va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & (PTES_PER_TABLE - 1);
}

static pte_t pte_table(const struct page_table *next)
{
	return (((unsigned long)next >> PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V;
}

/*
 * Leaves get A (and D if writable) preset so that no implementation needs
 * to update them in hardware or fault to have them set (4.3.1).
 */
static pte_t pte_leaf(unsigned long pa, unsigned long perm)
{
	pte_t pte = ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | perm | PTE_V | PTE_A;

	if (perm & PTE_W)
		pte |= PTE_D;
	return pte;
}

static bool in_range(unsigned long addr, const void *start, const void *end)
{
	return addr >= (unsigned long)start && addr < (unsigned long)end;
}

static unsigned long image_page_perm(unsigned long va)
{
	if (in_range(va, __user_text_start, __user_text_end))
		return PTE_R | PTE_X | PTE_U;
	if (in_range(va, user_stack, user_stack + PAGE_SIZE))
		return PTE_R | PTE_W | PTE_U;
	return PTE_R | PTE_W | PTE_X;
}

static void map_image_megapage(unsigned long base)
{
	unsigned int i;

	for (i = 0; i < PTES_PER_TABLE; i++) {
		unsigned long va = base + i * PAGE_SIZE;

		image_l0.pte[i] = pte_leaf(va, image_page_perm(va));
	}
	ram_l1.pte[vpn(base, 1)] = pte_table(&image_l0);
}

static void build_page_tables(void)
{
	unsigned long image_mega = (unsigned long)_start & ~(MEGAPAGE_SIZE - 1);
	unsigned long va;

	root_table.pte[vpn(RAM_BASE, 2)] = pte_table(&ram_l1);
	for (va = RAM_BASE; va < RAM_BASE + RAM_SIZE; va += MEGAPAGE_SIZE) {
		if (va == image_mega)
			map_image_megapage(va);
		else
			ram_l1.pte[vpn(va, 1)] = pte_leaf(va, PTE_R | PTE_W | PTE_X);
	}

	/* Intermediate tables for DEMAND_VA; the leaf comes on demand. */
	root_table.pte[vpn(DEMAND_VA, 2)] = pte_table(&demand_l1);
	demand_l1.pte[vpn(DEMAND_VA, 1)] = pte_table(&demand_l0);
}

static bool image_fits(void)
{
	unsigned long image_mega = (unsigned long)_start & ~(MEGAPAGE_SIZE - 1);

	return (unsigned long)__image_end <= image_mega + MEGAPAGE_SIZE && image_mega >= RAM_BASE &&
	       image_mega + MEGAPAGE_SIZE <= RAM_BASE + RAM_SIZE;
}

/*
 * A satp write with an unsupported MODE has no effect (4.1.11), so read it
 * back. The fences order the page table stores before the first walk and
 * drop stale translations (4.2.1).
 */
static bool paging_enable(void)
{
	unsigned long satp = SATP_MODE_SV39 | (((unsigned long)&root_table >> PAGE_SHIFT));

	sfence_vma_all();
	csr_write(CSR_SATP, satp);
	sfence_vma_all();
	return csr_read(CSR_SATP) == satp;
}

static void paging_disable(void)
{
	csr_write(CSR_SATP, SATP_MODE_BARE);
	sfence_vma_all();
}

/* ------------------------------------------------------------------ */
/* Trap callbacks.                                                    */

static void fail(const char *what)
{
	printf("paging: %s FAIL\n", what);
	failures++;
}

static void sys_demand_value(unsigned long val)
{
	if (demand_faults == 1 && val == DEMAND_MAGIC) {
		printf("paging: demand fault ok\n");
		return;
	}
	printf("paging: demand fault FAIL (%u faults, read 0x%lx)\n", demand_faults, val);
	failures++;
}

static void user_ecall_trap(struct trap_frame *f)
{
	switch (f->regs[REG_A7]) {
	case SYS_HELLO:
		printf("paging: user ecall ok\n");
		break;
	case SYS_DEMAND_VALUE:
		sys_demand_value(f->regs[REG_A0]);
		break;
	case SYS_EXIT:
		user_exit(f, (long)f->regs[REG_A0]);
		return;
	default:
		fail("unknown user ecall");
		user_exit(f, -1);
		return;
	}
	/* ecall has no compressed form: always 4 bytes. */
	f->sepc += 4;
}

static void map_demand_page(void)
{
	*(volatile unsigned long *)demand_page = DEMAND_MAGIC;
	demand_l0.pte[vpn(DEMAND_VA, 0)] =
		pte_leaf((unsigned long)demand_page, PTE_R | PTE_W | PTE_U);
	sfence_vma_addr(DEMAND_VA);
}

static void load_page_fault(struct trap_frame *f)
{
	if (!trap_from_user(f))
		trap_unexpected(f);

	if (f->stval == DEMAND_VA && demand_faults == 0) {
		demand_faults++;
		map_demand_page();
		return; /* restart the load */
	}
	if (f->stval == (unsigned long)&secret) {
		printf("paging: protection fault ok\n");
		trap_skip_insn(f);
		return;
	}
	trap_unexpected(f);
}

int main(unsigned long hartid, void *dtb)
{
	long code;

	(void)hartid;
	(void)dtb;

	if (!image_fits()) {
		printf("paging: image 0x%lx..0x%lx does not fit one megapage FAIL\n",
		       (unsigned long)_start, (unsigned long)__image_end);
		return 1;
	}
	trap_init();
	trap_on_exception(EXC_ECALL_U, user_ecall_trap);
	trap_on_exception(EXC_LOAD_PAGE_FAULT, load_page_fault);

	build_page_tables();
	if (!paging_enable()) {
		printf("paging: sv39 not accepted by satp FAIL\n");
		return 1;
	}
	code = user_run(user_main, (unsigned long)&secret, user_stack + PAGE_SIZE);
	if (code != 0)
		fail("user exit code");
	if (secret != SECRET_MAGIC)
		fail("secret changed");

	paging_disable();
	if (failures) {
		printf("paging: %d checks FAILED\n", failures);
		return 1;
	}
	printf("paging: done\n");
	return 0;
}
