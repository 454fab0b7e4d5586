// SPDX-License-Identifier: MIT
/*
 * bench: the benchmark guest. One binary that runs natively (S-mode on
 * OpenSBI) and as a VM (VS-mode on the hypervisor): it only uses the SBI,
 * its own CSRs and the PLIC's MMIO.
 *
 * Every metric runs a warm-up, then n timed iterations, each recording
 * the `instret` and `time` deltas, and prints the medians as one line:
 *
 *     bench: <metric> instret=<median> time=<median ticks> n=<n> [key=value...]
 *
 * or "bench: <metric> skipped (<why>)". The last line is "bench: done".
 * Under QEMU -icount shift=0, `instret` is QEMU's virtual clock in ns
 * (one instruction = 1 ns, all harts and privilege levels counted) and
 * `time` the same clock in 10 MHz ticks; see docs/benchmarks.md.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console.h"
#include "csr.h"
#include "fdt.h"
#include "sbi.h"
#include "trap.h"

#define MAX_ITERS 201
#define MAX_HARTS 8
#define DEFAULT_TIMEBASE 10000000UL /* QEMU virt */

/* Iterations (warm-up, timed) per metric. */
#define SBI_WARMUP 20
#define SBI_ITERS 201
#define TIMER_WARMUP 5
#define TIMER_ITERS 200 /* two sweeps of the NOP_SLED start phases */
#define TIMER_DELTA 50	/* ticks from "now" to the deadline */
#define NOP_SLED 100	/* as in entry.S */
#define MMIO_WARMUP 20
#define MMIO_ITERS 201
#define IPI_WARMUP 10
#define IPI_ITERS 101
#define HSM_WARMUP 3
#define HSM_ITERS 51
#define COMPUTE_WARMUP 1
#define COMPUTE_ITERS 5
#define TLB_WARMUP 1
#define TLB_ITERS 5

/* PLIC priority register of interrupt source 1 on QEMU virt. */
#define PLIC_PRIORITY1 0x0c000004UL

/* SBI HSM and IPI (SBI spec chapters 7 and 9). */
#define HSM_HART_START 0
#define HSM_HART_STOP 1
#define HSM_HART_GET_STATUS 2
#define HSM_STARTED 0
#define HSM_STOPPED 1
#define IPI_SEND_IPI 0

/* Bounds on the waits for the other hart, so a broken SBI cannot hang us. */
#define WAIT_SECONDS 2
#define STATUS_POLLS 10000000UL

/* What bench_secondary_main() does, passed as the HSM opaque argument. */
#define MODE_PINGPONG 1 /* answer every IPI with an IPI until told to stop */
#define MODE_HSM 2	/* tell the boot hart it is up, then stop at once */

/* compute: the workload's buffer and size. */
#define COMPUTE_BYTES (1UL << 20)
#define COMPUTE_WORDS (COMPUTE_BYTES / 8)
#define COMPUTE_ROUNDS 64
#define COMPUTE_DIVS 1500000

/* tlb: 64 MiB of 4 KiB pages after the image, walked at random. */
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define MEGA_SIZE (2UL << 20)
#define TLB_BYTES (64UL << 20)
#define TLB_PAGES (TLB_BYTES / PAGE_SIZE)
#define TLB_LEAF_TABLES (TLB_BYTES / MEGA_SIZE)
#define TLB_ACCESSES 200000
#define PTES 512

/* Sv39 PTE bits (priv. spec 4.4.1). */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define PTE_TABLE PTE_V

extern char bench_secondary_entry[];
extern char bench_timer_vector[];
extern char bench_nop_sled_end[];
extern char trap_vector[];
extern char __image_end[];
/* Written by bench_secondary_entry: time and instret at its first instructions. */
extern volatile unsigned long bench_entry_stamp[2];

/* Stamps written by bench_timer_vector (layout shared with entry.S). */
struct timer_stamp {
	unsigned long instret;
	unsigned long time;
	unsigned long fired;
};

static unsigned long timebase = DEFAULT_TIMEBASE;
static unsigned long boot_hart;
static int failures;

/* Samples of the metric being measured. */
static unsigned long s_instret[MAX_ITERS], s_time[MAX_ITERS], s_extra[MAX_ITERS];
static unsigned long s_call[MAX_ITERS];
static unsigned int s_count;
static unsigned long sort_buf[MAX_ITERS];

/* Shared with the second hart. */
static volatile unsigned long pingpong_stop;
static volatile unsigned long pingpong_answered;

static uint64_t compute_buf[COMPUTE_WORDS];

/* ---- samples and medians ---- */

static void samples_reset(void)
{
	s_count = 0;
}

static void sample(unsigned long instret, unsigned long time, unsigned long extra)
{
	if (s_count < MAX_ITERS) {
		s_instret[s_count] = instret;
		s_time[s_count] = time;
		s_extra[s_count] = extra;
		s_count++;
	}
}

/* Median of n values (the upper one of the middle two for even n). */
static unsigned long median(const unsigned long *v, unsigned int n)
{
	if (!n)
		return 0;
	for (unsigned int i = 0; i < n; i++) {
		unsigned long x = v[i];
		unsigned int j = i;

		while (j && sort_buf[j - 1] > x) {
			sort_buf[j] = sort_buf[j - 1];
			j--;
		}
		sort_buf[j] = x;
	}
	return sort_buf[n / 2];
}

static unsigned long minimum(const unsigned long *v, unsigned int n)
{
	unsigned long m = n ? v[0] : 0;

	for (unsigned int i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

static unsigned long ticks_to_ns(unsigned long ticks)
{
	return ticks * (1000000000UL / timebase);
}

/* Prints "bench: NAME instret=M time=M n=N" without the line end. */
static void report_start(const char *name)
{
	printf("bench: %s instret=%lu time=%lu n=%u", name, median(s_instret, s_count),
	       median(s_time, s_count), s_count);
}

static void report(const char *name)
{
	report_start(name);
	printf("\n");
}

static void fail(const char *what, long got)
{
	printf("bench: error: %s (%ld)\n", what, got);
	failures++;
}

/* ---- SBI helpers ---- */

static long hsm_status(unsigned long hart)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, HSM_HART_GET_STATUS, hart, 0, 0, 0, 0, 0);

	return r.error ? r.error : r.value;
}

static long hsm_start(unsigned long hart, unsigned long mode)
{
	return sbi_call(SBI_EXT_HSM, HSM_HART_START, hart, (unsigned long)bench_secondary_entry,
			mode, 0, 0, 0)
		.error;
}

static long send_ipi(unsigned long hart)
{
	return sbi_call(SBI_EXT_IPI, IPI_SEND_IPI, 1, hart, 0, 0, 0, 0).error;
}

static bool has_ext(long ext)
{
	struct sbiret r = sbi_probe_extension(ext);

	return r.error == SBI_SUCCESS && r.value != 0;
}

static void wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* ---- sbi_null, sbi_probe ---- */

/* One BASE call between two reads of each counter. */
static void timed_base_call(unsigned long fid, unsigned long arg)
{
	register unsigned long a0 __asm__("a0") = arg;
	register unsigned long a1 __asm__("a1") = 0;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = SBI_EXT_BASE;
	unsigned long t0, t1, i0, i1;

	__asm__ volatile("rdtime %0\n\t"
			 "rdinstret %2\n\t"
			 "ecall\n\t"
			 "rdinstret %3\n\t"
			 "rdtime %1"
			 : "=&r"(t0), "=&r"(t1), "=&r"(i0), "=&r"(i1), "+r"(a0), "+r"(a1)
			 : "r"(a6), "r"(a7)
			 : "memory");
	sample(i1 - i0, t1 - t0, a0);
}

static void bench_base_call(const char *name, unsigned long fid, unsigned long arg, long want_error,
			    long want_value)
{
	samples_reset();
	for (int i = 0; i < SBI_WARMUP; i++)
		sbi_call(SBI_EXT_BASE, fid, arg, 0, 0, 0, 0, 0);
	for (int i = 0; i < SBI_ITERS; i++)
		timed_base_call(fid, arg);
	report(name);
	/* The call must still work: check one result outside the timing. */
	struct sbiret r = sbi_call(SBI_EXT_BASE, fid, arg, 0, 0, 0, 0, 0);

	if (r.error != want_error || (want_value >= 0 && r.value != want_value))
		fail(name, r.error ? r.error : r.value);
}

/* ---- timer_irq_sbi, timer_irq_sstc ---- */

static volatile bool insn_trapped;

static void illegal_insn(struct trap_frame *f)
{
	insn_trapped = true;
	trap_skip_insn(f);
}

/* Sstc is usable if stimecmp reads without an illegal-instruction trap. */
static bool sstc_usable(void)
{
	insn_trapped = false;
	trap_on_exception(EXC_ILLEGAL_INSN, illegal_insn);
	(void)csr_read(CSR_STIMECMP);
	trap_on_exception(EXC_ILLEGAL_INSN, NULL);
	return !insn_trapped;
}

/* Spin to the start of a new tick, so each sample starts at the same phase. */
static unsigned long next_tick(void)
{
	unsigned long t = read_time(), now;

	while ((now = read_time()) == t)
		;
	return now;
}

/*
 * Waits with SIE off in WFI and takes the interrupt by opening SIE for
 * one instruction; bench_timer_vector (stvec) stamps it into *s.
 */
static void timer_wait(struct timer_stamp *s)
{
	register struct timer_stamp *p __asm__("t1") = s;

	__asm__ volatile("1:\n\t"
			 "wfi\n\t"
			 "csrsi sstatus, 2\n\t" /* SSTATUS_SIE: the trap is taken here */
			 "csrci sstatus, 2\n\t"
			 "ld t3, 16(t1)\n\t"
			 "beqz t3, 1b"
			 :
			 : "r"(p)
			 : "t3", "t4", "t5", "t6", "memory");
}

static void timer_arm(bool sstc, unsigned long deadline)
{
	if (sstc)
		csr_write(CSR_STIMECMP, deadline);
	else
		sbi_set_timer(deadline);
}

/* Runs exactly n (< NOP_SLED) nops. */
static void nops(unsigned int n)
{
	void (*fn)(void) = (void (*)(void))(bench_nop_sled_end - 4 * n);

	fn();
}

/*
 * QEMU turns a timer deadline into a virtual-clock alarm at
 * write_ns + (deadline - now_ticks) * 100 ns: the interrupt comes
 * (write_ns mod 100) ns after the tick the deadline names. Sample i starts
 * i mod 100 ns after a tick edge, so the samples sweep every phase; the
 * smallest deadline-to-handler delay (lat_ns) is the one with no such
 * rounding, the median (lat_med_ns) about 50 ns more.
 */
static void bench_timer(const char *name, bool sstc)
{
	struct timer_stamp stamp;

	samples_reset();
	local_irq_disable();
	csr_write(CSR_SIE, 0);
	csr_write(CSR_STVEC, (unsigned long)bench_timer_vector);
	for (int i = 0; i < TIMER_WARMUP + TIMER_ITERS; i++) {
		unsigned long t0, i0, i1, deadline;

		stamp.fired = 0;
		csr_set(CSR_SIE, SIE_STIE);
		t0 = next_tick();
		nops((unsigned int)i % NOP_SLED);
		i0 = read_instret();
		deadline = t0 + TIMER_DELTA;
		timer_arm(sstc, deadline);
		i1 = read_instret();
		timer_wait(&stamp);
		if (i >= TIMER_WARMUP)
			s_call[s_count] = i1 - i0;
		/* Stop the timer (the vector masked sie.STIE meanwhile). */
		timer_arm(sstc, -1UL);
		if (i >= TIMER_WARMUP)
			sample(stamp.instret - i0, stamp.time - deadline,
			       stamp.instret - deadline * (1000000000UL / timebase));
	}
	csr_write(CSR_SIE, 0);
	trap_init();
	report_start(name);
	printf(" lat_ns=%lu lat_med_ns=%lu call_instret=%lu\n", minimum(s_extra, s_count),
	       median(s_extra, s_count), median(s_call, s_count));
}

/* ---- mmio_plic ---- */

static void bench_mmio_plic(void)
{
	volatile uint32_t *reg = (volatile uint32_t *)PLIC_PRIORITY1;
	unsigned long value = 0;

	samples_reset();
	for (int i = 0; i < MMIO_WARMUP; i++)
		(void)*reg;
	for (int i = 0; i < MMIO_ITERS; i++) {
		unsigned long t0, t1, i0, i1;
		uint32_t v;

		__asm__ volatile("rdtime %0\n\t"
				 "rdinstret %2\n\t"
				 "lw %4, 0(%5)\n\t"
				 "rdinstret %3\n\t"
				 "rdtime %1"
				 : "=&r"(t0), "=&r"(t1), "=&r"(i0), "=&r"(i1), "=&r"(v)
				 : "r"(reg)
				 : "memory");
		sample(i1 - i0, t1 - t0, v);
		value = v;
	}
	report_start("mmio_plic");
	printf(" value=%lu\n", value);
}

/* The same register written (with the value it holds): a store the hypervisor emulates. */
static void bench_mmio_plic_write(void)
{
	volatile uint32_t *reg = (volatile uint32_t *)PLIC_PRIORITY1;
	uint32_t v = *reg;

	samples_reset();
	for (int i = 0; i < MMIO_WARMUP; i++)
		*reg = v;
	for (int i = 0; i < MMIO_ITERS; i++) {
		unsigned long t0, t1, i0, i1;

		__asm__ volatile("rdtime %0\n\t"
				 "rdinstret %2\n\t"
				 "sw %4, 0(%5)\n\t"
				 "rdinstret %3\n\t"
				 "rdtime %1"
				 : "=&r"(t0), "=&r"(t1), "=&r"(i0), "=&r"(i1)
				 : "r"(v), "r"(reg)
				 : "memory");
		sample(i1 - i0, t1 - t0, 0);
	}
	report_start("mmio_plic_write");
	printf(" value=%u readback=%u\n", v, *reg);
}

/* ---- the second hart: ipi_rtt, hsm_start ---- */

static unsigned long this_hart(void)
{
	unsigned long tp;

	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return tp;
}

/* IPIs on the second hart: answer the boot hart unless told to stop. */
static void secondary_ipi(struct trap_frame *f)
{
	(void)f;
	csr_clear(CSR_SIP, SIP_SSIP);
	if (this_hart() == boot_hart)
		return;
	if (!pingpong_stop) {
		pingpong_answered++;
		send_ipi(boot_hart);
	}
}

void bench_secondary_main(unsigned long hartid, unsigned long mode)
{
	(void)hartid;
	if (mode == MODE_PINGPONG) {
		trap_init();
		csr_write(CSR_SIE, SIE_SSIE);
		send_ipi(boot_hart); /* "ready" */
		while (!pingpong_stop) {
			wfi();
			local_irq_enable();
			local_irq_disable();
		}
		csr_write(CSR_SIE, 0);
	}
	/* MODE_HSM, or done: tell the boot hart, then stop. */
	send_ipi(boot_hart);
	sbi_call(SBI_EXT_HSM, HSM_HART_STOP, 0, 0, 0, 0, 0, 0);
	fail("hart_stop returned", 0);
}

/*
 * Waits in WFI (SIE off) until a supervisor software interrupt is
 * pending, and clears it. A timer armed WAIT_SECONDS ahead by the caller
 * (wait_guard_on) bounds the wait. Returns false on timeout.
 */
static unsigned long wait_deadline;

static void wait_guard_on(void)
{
	wait_deadline = read_time() + WAIT_SECONDS * timebase;
	sbi_set_timer(wait_deadline);
	csr_write(CSR_SIE, SIE_SSIE | SIE_STIE);
}

static void wait_guard_off(void)
{
	sbi_set_timer(-1UL);
	csr_write(CSR_SIE, 0);
}

static bool wait_ssip(void)
{
	while (!(csr_read(CSR_SIP) & SIP_SSIP)) {
		if (read_time() >= wait_deadline)
			return false;
		wfi();
	}
	csr_clear(CSR_SIP, SIP_SSIP);
	return true;
}

static bool wait_stopped(unsigned long hart)
{
	for (unsigned long i = 0; i < STATUS_POLLS; i++)
		if (hsm_status(hart) == HSM_STOPPED)
			return true;
	return false;
}

static void bench_ipi_rtt(unsigned long other)
{
	long r;

	samples_reset();
	pingpong_stop = 0;
	local_irq_disable();
	wait_guard_on();
	r = hsm_start(other, MODE_PINGPONG);
	if (r || !wait_ssip()) {
		fail("ipi_rtt: second hart did not start", r);
		wait_guard_off();
		return;
	}
	for (int i = 0; i < IPI_WARMUP + IPI_ITERS; i++) {
		unsigned long t0, t1, i0, i1;

		t0 = read_time();
		i0 = read_instret();
		r = send_ipi(other);
		if (r || !wait_ssip()) {
			fail("ipi_rtt: no answer", r);
			break;
		}
		i1 = read_instret();
		t1 = read_time();
		if (i >= IPI_WARMUP)
			sample(i1 - i0, t1 - t0, 0);
	}
	pingpong_stop = 1;
	send_ipi(other);
	if (!wait_ssip() || !wait_stopped(other))
		fail("ipi_rtt: second hart did not stop", hsm_status(other));
	wait_guard_off();
	if (s_count != IPI_ITERS)
		return;
	report_start("ipi_rtt");
	printf(" ns=%lu\n", ticks_to_ns(median(s_time, s_count)));
}

static void bench_hsm_start(unsigned long other)
{
	samples_reset();
	local_irq_disable();
	wait_guard_on();
	for (int i = 0; i < HSM_WARMUP + HSM_ITERS; i++) {
		unsigned long t0, i0;
		long r;

		if (!wait_stopped(other)) {
			fail("hsm_start: second hart not stopped", hsm_status(other));
			break;
		}
		bench_entry_stamp[0] = bench_entry_stamp[1] = 0;
		t0 = read_time();
		i0 = read_instret();
		r = hsm_start(other, MODE_HSM);
		if (r || !wait_ssip()) {
			fail("hsm_start: second hart did not start", r);
			break;
		}
		__asm__ volatile("fence rw, rw" ::: "memory");
		if (i >= HSM_WARMUP)
			sample(bench_entry_stamp[1] - i0, bench_entry_stamp[0] - t0, 0);
	}
	if (!wait_stopped(other))
		fail("hsm_start: second hart did not stop", hsm_status(other));
	wait_guard_off();
	if (s_count != HSM_ITERS)
		return;
	report_start("hsm_start");
	printf(" ns=%lu\n", ticks_to_ns(median(s_time, s_count)));
}

/* The other hart HSM knows about, or -1 if there is none. */
static long find_other_hart(void)
{
	if (!has_ext(SBI_EXT_HSM) || !has_ext(SBI_EXT_IPI))
		return -1;
	for (unsigned long h = 0; h < MAX_HARTS; h++) {
		long s;

		if (h == boot_hart)
			continue;
		s = hsm_status(h);
		if (s == HSM_STOPPED)
			return (long)h;
		if (s < 0 && h > boot_hart)
			break;
	}
	return -1;
}

/* ---- compute ---- */

static uint64_t compute_pass(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL, h = 0xcbf29ce484222325ULL;

	for (unsigned long i = 0; i < COMPUTE_WORDS; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		compute_buf[i] = x;
	}
	for (int round = 0; round < COMPUTE_ROUNDS; round++) {
		/* Sequential, then a stride that touches a new line every step. */
		unsigned long stride = round & 1 ? 4099 : 1, j = 0;

		for (unsigned long i = 0; i < COMPUTE_WORDS; i++) {
			uint64_t w = compute_buf[j] ^ h;

			h = (h ^ w) * 0x100000001b3ULL;
			h ^= h >> 29;
			compute_buf[j] = w + ((h << 7) | (h >> 57));
			j = (j + stride) & (COMPUTE_WORDS - 1);
		}
	}
	for (uint64_t i = 1; i <= COMPUTE_DIVS; i++)
		h += (h / i) ^ (h % (i * 2 + 1)) ^ (i * i);
	return h;
}

static void bench_compute(void)
{
	uint64_t sum = 0;

	samples_reset();
	for (int i = 0; i < COMPUTE_WARMUP + COMPUTE_ITERS; i++) {
		unsigned long t0, i0;

		t0 = read_time();
		i0 = read_instret();
		sum = compute_pass();
		if (i >= COMPUTE_WARMUP)
			sample(read_instret() - i0, read_time() - t0, 0);
	}
	report_start("compute");
	printf(" wall_ns=%lu sum=%lx\n", ticks_to_ns(median(s_time, s_count)), (unsigned long)sum);
}

/* ---- tlb ---- */

static uint64_t *alloc_table(unsigned long *next)
{
	uint64_t *t = (uint64_t *)*next;

	*next += PAGE_SIZE;
	for (int i = 0; i < PTES; i++)
		t[i] = 0;
	return t;
}

static uint64_t pte(unsigned long pa, unsigned long flags)
{
	return ((pa >> PAGE_SHIFT) << 10) | flags;
}

/*
 * Identity Sv39 map: the 1 GiB at 0 (devices) as one gigapage, the 1 GiB
 * of RAM at 0x80000000 in 2 MiB megapages, except [base, base + 64 MiB)
 * which gets 4 KiB pages. Tables go after that area. Returns the root.
 */
static uint64_t *tlb_build_tables(unsigned long base)
{
	unsigned long next = base + TLB_BYTES;
	uint64_t *root = alloc_table(&next), *l1 = alloc_table(&next);

	root[0] = pte(0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
	root[2] = pte((unsigned long)l1, PTE_TABLE);
	for (unsigned long i = 0; i < PTES; i++) {
		unsigned long pa = 0x80000000UL + i * MEGA_SIZE;

		if (pa >= base && pa < base + TLB_BYTES) {
			uint64_t *l0 = alloc_table(&next);

			for (unsigned long j = 0; j < PTES; j++)
				l0[j] = pte(pa + j * PAGE_SIZE, PTE_LEAF);
			l1[i] = pte((unsigned long)l0, PTE_TABLE);
		} else {
			l1[i] = pte(pa, PTE_LEAF);
		}
	}
	return root;
}

/* The word of each page the walk touches. */
static unsigned long tlb_word(unsigned long base, unsigned long page)
{
	return base + (page << PAGE_SHIFT) + ((page * 72) & (PAGE_SIZE - 8));
}

static uint64_t tlb_walk(unsigned long base, uint64_t *seed)
{
	uint64_t x = *seed, sum = 0;

	for (unsigned long n = 0; n < TLB_ACCESSES; n++) {
		unsigned long page;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		page = (x >> 40) & (TLB_PAGES - 1);
		sum += *(volatile uint64_t *)tlb_word(base, page);
	}
	*seed = x;
	return sum;
}

static void bench_tlb(void)
{
	unsigned long base = ((unsigned long)__image_end + MEGA_SIZE - 1) & ~(MEGA_SIZE - 1);
	uint64_t *root, seed = 12345, sum = 0;

	for (unsigned long p = 0; p < TLB_PAGES; p++)
		*(volatile uint64_t *)tlb_word(base, p) = p * 0x9e3779b97f4a7c15ULL;
	root = tlb_build_tables(base);
	sfence_vma_all();
	csr_write(CSR_SATP, SATP_MODE_SV39 | ((unsigned long)root >> PAGE_SHIFT));
	sfence_vma_all();
	samples_reset();
	for (int i = 0; i < TLB_WARMUP + TLB_ITERS; i++) {
		unsigned long t0, i0;
		uint64_t s;

		t0 = read_time();
		i0 = read_instret();
		s = tlb_walk(base, &seed);
		if (i >= TLB_WARMUP) {
			sample(read_instret() - i0, read_time() - t0, 0);
			sum += s;
		}
	}
	csr_write(CSR_SATP, 0);
	sfence_vma_all();
	report_start("tlb");
	printf(" wall_ns=%lu pages=%lu accesses=%u base=0x%lx sum=%lx\n",
	       ticks_to_ns(median(s_time, s_count)), TLB_PAGES, TLB_ACCESSES, base,
	       (unsigned long)sum);
}

/* ---- main ---- */

int main(unsigned long hartid, void *dtb)
{
	unsigned long freq;
	bool sstc;
	long other;

	boot_hart = hartid;
	__asm__ volatile("mv tp, %0" ::"r"(hartid));
	if (fdt_read_u64(dtb, "/cpus", "timebase-frequency", &freq) == 0 && freq >= 1000 &&
	    freq <= 1000000000UL)
		timebase = freq;
	trap_on_interrupt(IRQ_S_SOFT, secondary_ipi);
	sstc = sstc_usable();
	other = find_other_hart();
	printf("bench: info hart=%lu other=%ld sstc=%d timebase=%lu image_end=0x%lx\n", hartid,
	       other, sstc, timebase, (unsigned long)__image_end);

	bench_base_call("sbi_null", SBI_BASE_GET_SPEC_VERSION, 0, SBI_SUCCESS, -1);
	bench_base_call("sbi_probe", SBI_BASE_PROBE_EXT, SBI_EXT_TIME, SBI_SUCCESS, 1);
	bench_timer("timer_irq_sbi", false);
	if (sstc)
		bench_timer("timer_irq_sstc", true);
	else
		printf("bench: timer_irq_sstc skipped (no Sstc)\n");
	bench_mmio_plic();
	bench_mmio_plic_write();
	if (other >= 0) {
		bench_ipi_rtt((unsigned long)other);
		bench_hsm_start((unsigned long)other);
	} else {
		printf("bench: ipi_rtt skipped (one hart)\n");
		printf("bench: hsm_start skipped (one hart)\n");
	}
	bench_compute();
	bench_tlb();

	if (failures) {
		printf("bench: %d errors\n", failures);
		return 1;
	}
	printf("bench: done\n");
	return 0;
}
