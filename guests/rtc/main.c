// SPDX-License-Identifier: MIT
/*
 * rtc: QEMU virt's Goldfish RTC at 0x101000 (interrupt 11 on the PLIC):
 * reads the wall-clock time, sets it, arms alarms and takes their
 * interrupt through the PLIC, and makes accesses the device refuses.
 * Natively QEMU's device answers; under the hypervisor each VM has its
 * own model. Lines starting "rtc: info" carry times and differ from run
 * to run; every other line must be the same both ways.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console.h"
#include "csr.h"
#include "trap.h"

#define RTC_BASE 0x101000UL
#define RTC_IRQ 11
#define TIME_LOW 0x00
#define TIME_HIGH 0x04
#define ALARM_LOW 0x08
#define ALARM_HIGH 0x0c
#define IRQ_ENABLED 0x10
#define CLEAR_ALARM 0x14
#define ALARM_STATUS 0x18
#define CLEAR_INTERRUPT 0x1c

#define PLIC_BASE 0x0c000000UL
#define PLIC_PRIORITY(src) (PLIC_BASE + 4 * (src))
#define PLIC_ENABLE(ctx) (PLIC_BASE + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) (PLIC_BASE + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_THRESHOLD(ctx) + 4)

#define TIMEBASE 10000000UL /* QEMU virt */
#define MS (1000000ULL)	    /* ns */
#define EPOCH_2023 1672531200ULL

static int failures;
static unsigned long context; /* this hart's S-mode PLIC context */
static volatile unsigned int rtc_irqs, other_irqs;
static volatile unsigned long faults;

static volatile uint32_t *reg(unsigned off)
{
	return (volatile uint32_t *)(RTC_BASE + off);
}

static uint64_t rtc_time(void)
{
	uint32_t lo = *reg(TIME_LOW);

	return (uint64_t)*reg(TIME_HIGH) << 32 | lo;
}

static void set_alarm(uint64_t ns)
{
	*reg(ALARM_HIGH) = (uint32_t)(ns >> 32);
	*reg(ALARM_LOW) = (uint32_t)ns;
}

static void check(const char *what, bool ok)
{
	printf("rtc: %s %s\n", what, ok ? "ok" : "FAIL");
	failures += !ok;
}

static void wait_ms(unsigned long ms)
{
	unsigned long end = read_time() + TIMEBASE / 1000 * ms;

	while (read_time() < end)
		;
}

static void on_external(struct trap_frame *f)
{
	volatile uint32_t *claim = (volatile uint32_t *)PLIC_CLAIM(context);
	uint32_t src;

	(void)f;
	while ((src = *claim) != 0) {
		if (src == RTC_IRQ) {
			rtc_irqs++;
			*reg(CLEAR_INTERRUPT) = 1;
		} else {
			other_irqs++;
		}
		*claim = src;
	}
}

static void on_access_fault(struct trap_frame *f)
{
	faults++;
	trap_skip_insn(f);
}

/*
 * Waits up to limit_ms for an RTC interrupt; returns the ms it took. It
 * spins: WFI with nothing else to wake it would sleep past the limit.
 */
static unsigned long wait_rtc_irq(unsigned int before, unsigned long limit_ms)
{
	unsigned long start = read_time(), end = start + TIMEBASE / 1000 * limit_ms;

	while (rtc_irqs == before && read_time() < end)
		;
	return (read_time() - start) / (TIMEBASE / 1000);
}

static void plic_setup(void)
{
	*(volatile uint32_t *)PLIC_PRIORITY(RTC_IRQ) = 1;
	*(volatile uint32_t *)PLIC_ENABLE(context) |= 1U << RTC_IRQ;
	*(volatile uint32_t *)PLIC_THRESHOLD(context) = 0;
	trap_on_interrupt(IRQ_S_EXT, on_external);
	csr_set(CSR_SIE, SIE_SEIE);
	local_irq_enable();
}

static void wall_clock(void)
{
	uint64_t t0 = rtc_time(), t1;

	printf("rtc: info: %lu s since 1970\n", (unsigned long)(t0 / 1000000000ULL));
	check("time is after 2023", t0 / 1000000000ULL > EPOCH_2023);
	wait_ms(100);
	t1 = rtc_time();
	printf("rtc: info: 100 ms of `time` took %lu ms of RTC time\n",
	       (unsigned long)((t1 - t0) / MS));
	check("time advances with the clock", t1 - t0 >= 50 * MS && t1 - t0 <= 1000 * MS);
}

static void set_time(void)
{
	uint64_t t;

	*reg(TIME_HIGH) = 1;
	*reg(TIME_LOW) = 0;
	t = rtc_time();
	check("set time reads back", t >= (1ULL << 32) && t < (1ULL << 32) + 1000 * MS);
}

static void alarm(void)
{
	unsigned int before = rtc_irqs;
	unsigned long took;

	*reg(IRQ_ENABLED) = 1;
	check("irq enabled reads back", *reg(IRQ_ENABLED) == 1);
	set_alarm(rtc_time() + 50 * MS);
	check("alarm armed", *reg(ALARM_STATUS) == 1);
	took = wait_rtc_irq(before, 2000);
	printf("rtc: info: alarm 50 ms ahead fired after %lu ms\n", took);
	check("alarm interrupt through the PLIC", rtc_irqs == before + 1 && took >= 45);
	check("fired alarm disarmed", *reg(ALARM_STATUS) == 0);

	before = rtc_irqs;
	set_alarm(rtc_time() - 1);
	took = wait_rtc_irq(before, 2000);
	check("alarm in the past fires at once", rtc_irqs == before + 1 && took < 1000);

	before = rtc_irqs;
	set_alarm(rtc_time() + 30 * MS);
	*reg(CLEAR_ALARM) = 1;
	check("cleared alarm disarmed", *reg(ALARM_STATUS) == 0);
	wait_rtc_irq(before, 200);
	check("cleared alarm never fires", rtc_irqs == before);
	check("no other interrupt", other_irqs == 0);
}

/*
 * QEMU 7.2 takes an aligned doubleword as its two words, low first; a
 * byte, or a word past the register block (0x24 bytes), is an access fault.
 */
static void odd_accesses(void)
{
	unsigned long before = faults;
	uint64_t t = rtc_time(), d = *(volatile uint64_t *)(RTC_BASE + TIME_LOW);

	trap_on_exception(EXC_LOAD_ACCESS, on_access_fault);
	check("doubleword load reads the time", d >= t && d - t < 1000 * MS);
	check("word at 0x20 reads 0", *(volatile uint32_t *)(RTC_BASE + 0x20) == 0);
	check("no fault so far", faults == before);
	(void)*(volatile uint8_t *)RTC_BASE;
	check("byte load faults", faults == before + 1);
	(void)*(volatile uint32_t *)(RTC_BASE + 0x100);
	check("load past the registers faults", faults == before + 2);
	trap_on_exception(EXC_LOAD_ACCESS, NULL);
}

int main(unsigned long hartid, void *dtb)
{
	(void)dtb;
	context = 2 * hartid + 1;
	plic_setup();
	wall_clock();
	set_time();
	alarm();
	odd_accesses();
	printf("rtc: done, %d failures\n", failures);
	return failures;
}
