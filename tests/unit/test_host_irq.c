// SPDX-License-Identifier: MIT
/*
 * Host interrupts over a fake host PLIC: which hart enables which source on
 * its own context, and when a claimed source is completed on the host.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plic.h"
#include "hart.h"
#include "host_irq.h"
#include "platform.h"
#include "stubs.h"
#include "vm.h"

#define UART_IRQ 10
#define DISK_IRQ 8
#define NET_IRQ 7
/* QEMU virt: hart h has M context 2h and S context 2h + 1. */
#define S_CTX(h) (2 * (h) + 1)

/* VM 0 ("linux") runs vCPU 0 on hart 0 and vCPU 1 on hart 1; the boot hart is 1. */
static int setup(void **state)
{
	struct vm *vm = &vms[0];

	(void)state;
	stub_reset();
	fake_plic_reset();
	memset(&platform, 0, sizeof(platform));
	memset(vms, 0, sizeof(vms));
	memset(harts, 0, MAX_HARTS * sizeof(harts[0]));
	platform.plic_base = 0xc000000;
	platform.uart_irq = UART_IRQ;
	for (unsigned h = 0; h < MAX_HARTS; h++)
		platform.plic_s_context[h] = h < 3 ? (int)S_CTX(h) : -1;
	nr_vms = 1;
	vm->ncpus = 2;
	vm->npt = 2;
	vm->pt[0] = (struct pt_device){.nirqs = 1, .irq = {DISK_IRQ}};
	vm->pt[1] = (struct pt_device){.nirqs = 1, .irq = {NET_IRQ}};
	vplic_init(&vm->plic, 2, NULL, vm);
	for (unsigned i = 0; i < 2; i++) {
		vm->vcpu[i].id = i;
		vm->vcpu[i].vm = vm;
		vm->vcpu[i].hart = i;
		harts[i].vcpu = &vm->vcpu[i];
	}
	return 0;
}

/* The boot hart's set-up, then the other harts' warm start, then each hart on itself. */
static void boot(unsigned boot_hart)
{
	host_irq_init_boot_hart(boot_hart);
	for (unsigned h = 0; h < 3; h++)
		if (h != boot_hart) {
			fake_plic_firmware_resets_context(2 * h);
			fake_plic_firmware_resets_context(S_CTX(h));
		}
}

/*
 * The regression this pins: with the boot hart not vCPU 0's, routing done
 * by the boot hart was undone by the firmware starting hart 0, and Linux
 * on 2 vCPUs waited for its first disk interrupt for ever.
 */
static void test_passthrough_sources_enabled_by_vcpu0_hart_after_its_start(void **state)
{
	(void)state;
	boot(1);
	assert_true(host_irq_enable_here(0));
	assert_true(fake_plic.enabled[S_CTX(0)][DISK_IRQ]);
	assert_true(fake_plic.enabled[S_CTX(0)][NET_IRQ]);
	assert_false(fake_plic.enabled[S_CTX(0)][UART_IRQ]);
	assert_int_equal(fake_plic.threshold[S_CTX(0)], 0);
	assert_int_equal(fake_plic.priority[DISK_IRQ], 1);
	assert_int_equal(fake_plic.priority[NET_IRQ], 1);
	fake_plic.pending[DISK_IRQ] = true;
	assert_true(fake_plic_delivers(S_CTX(0), DISK_IRQ));
}

static void test_console_interrupt_on_boot_hart_only(void **state)
{
	(void)state;
	boot(1);
	assert_true(stub.console_rx_enabled);
	assert_true(host_irq_enable_here(1));
	assert_true(fake_plic.enabled[S_CTX(1)][UART_IRQ]);
	assert_false(fake_plic.enabled[S_CTX(1)][DISK_IRQ]);
	assert_int_equal(fake_plic.priority[UART_IRQ], 1);
	fake_plic.pending[UART_IRQ] = true;
	host_irq_handle(1);
	assert_int_equal(stub.console_rx_interrupts, 1);
	assert_int_equal(fake_plic.completes, 1);
	assert_false(fake_plic.in_service[UART_IRQ]);
}

static void test_hart_without_host_sources_takes_no_external_interrupt(void **state)
{
	(void)state;
	boot(0);
	/* vCPU 1's hart: not vCPU 0's, not the boot hart. */
	assert_false(host_irq_enable_here(1));
	/* A hart with no S context on the PLIC. */
	platform.plic_s_context[2] = -1;
	assert_false(host_irq_enable_here(2));
	for (unsigned src = 0; src < FAKE_PLIC_SOURCES; src++)
		assert_false(fake_plic.enabled[S_CTX(1)][src]);
}

static void test_no_plic_no_routing(void **state)
{
	(void)state;
	platform.plic_base = 0;
	boot(1);
	assert_int_equal(fake_plic.base, 0);
	assert_false(host_irq_enable_here(0));
	assert_false(host_irq_enable_here(1));
	assert_false(stub.console_rx_enabled);
}

/* The owner of the console UART takes its interrupt; the hypervisor does not. */
static void test_passed_through_uart_is_not_the_hypervisor_s(void **state)
{
	(void)state;
	vms[0].pt[1] = (struct pt_device){.nirqs = 1, .irq = {UART_IRQ}};
	boot(1);
	assert_false(stub.console_rx_enabled);
	assert_false(host_irq_enable_here(1));
	assert_true(host_irq_enable_here(0));
	assert_true(fake_plic.enabled[S_CTX(0)][UART_IRQ]);
}

/*
 * A passed-through source stays in service at the host until the guest
 * completes it at its vPLIC, possibly on another hart; the host completion
 * goes to the context that claimed it, once.
 */
static void test_passthrough_source_completed_when_guest_completes(void **state)
{
	(void)state;
	boot(1);
	host_irq_enable_here(0);
	fake_plic.pending[DISK_IRQ] = true;
	host_irq_handle(0);
	assert_true(fake_plic.in_service[DISK_IRQ]);
	assert_int_equal(fake_plic.completes, 0);
	assert_true(vms[0].plic.line[0] & (1U << DISK_IRQ));
	host_irq_complete(DISK_IRQ);
	assert_int_equal(fake_plic.completes, 1);
	assert_int_equal(fake_plic.last_complete_ctx, S_CTX(0));
	host_irq_complete(DISK_IRQ);
	assert_int_equal(fake_plic.completes, 1);
}

/* A completion for a source the host never claimed for a VM changes nothing. */
static void test_completion_without_claim_is_ignored(void **state)
{
	(void)state;
	boot(1);
	host_irq_complete(NET_IRQ);
	host_irq_complete(5000);
	assert_int_equal(fake_plic.completes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
			test_passthrough_sources_enabled_by_vcpu0_hart_after_its_start, setup),
		cmocka_unit_test_setup(test_console_interrupt_on_boot_hart_only, setup),
		cmocka_unit_test_setup(test_hart_without_host_sources_takes_no_external_interrupt,
				       setup),
		cmocka_unit_test_setup(test_no_plic_no_routing, setup),
		cmocka_unit_test_setup(test_passed_through_uart_is_not_the_hypervisor_s, setup),
		cmocka_unit_test_setup(test_passthrough_source_completed_when_guest_completes,
				       setup),
		cmocka_unit_test_setup(test_completion_without_claim_is_ignored, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
