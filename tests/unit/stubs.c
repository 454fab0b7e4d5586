// SPDX-License-Identifier: MIT
/* Host stand-ins for hypervisor functions outside the host build (stubs.h). */
#include "stubs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "hart.h"
#include "platform.h"
#include "vcpu.h"
#include "vm.h"
#include "wallclock.h"

struct stub_log stub;
struct platform platform;
/* vm.c is not in the host build: the VM table passthrough.c walks. */
struct vm vms[MAX_VMS];
unsigned nr_vms;
/* hart.c is not in the host build: which vCPU each hart runs. */
struct hart harts[MAX_HARTS];

void stub_reset(void)
{
	memset(&stub, 0, sizeof(stub));
}

void stub_queue_input(const char *bytes, size_t n)
{
	if (stub.in_len + n > STUB_IN_MAX) {
		fprintf(stderr, "stubs: input queue full\n");
		abort();
	}
	memcpy(stub.in + stub.in_len, bytes, n);
	stub.in_len += n;
}

void vcpu_set_timer(struct vcpu *v, uint64_t when)
{
	stub.set_timer_calls++;
	stub.timer_vcpu = v;
	stub.timer_value = when;
}

void console_vm_write(struct vm *vm, const char *buf, size_t n)
{
	if (stub.out_len + n > STUB_OUT_MAX) {
		fprintf(stderr, "stubs: console capture full\n");
		abort();
	}
	stub.out_vm = vm;
	memcpy(stub.out + stub.out_len, buf, n);
	stub.out_len += n;
}

int console_vm_getc(struct vm *vm)
{
	(void)vm;
	if (stub.in_pos == stub.in_len)
		return -1;
	return (unsigned char)stub.in[stub.in_pos++];
}

void vm_shutdown(struct vm *vm, bool failed)
{
	stub.shutdown_calls++;
	stub.shutdown_vm = vm;
	stub.shutdown_failed = failed;
}

void vm_reboot(struct vcpu *v)
{
	stub.reboot_calls++;
	stub.reboot_vcpu = v;
}

/* vm_devices.c and finisher.c, in the host build, call these. */
const char *vm_name(const struct vm *vm)
{
	return vm->cfg->name;
}

void hyp_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(stub.hyp_msg, sizeof(stub.hyp_msg), fmt, ap);
	va_end(ap);
}

void console_sbi_input(struct vm *vm, uint8_t c)
{
	(void)vm;
	(void)c;
}

void console_rx_interrupt(void)
{
	stub.console_rx_interrupts++;
}

void console_enable_rx_interrupt(void)
{
	stub.console_rx_enabled = true;
}

/* wallclock.c reads CSRs: the host build has a wall clock the test sets. */
bool wallclock_available(void)
{
	return stub.wallclock;
}

uint64_t wallclock_ns(void)
{
	return stub.wall_ns;
}

uint64_t wallclock_to_time(uint64_t ns)
{
	return ns / 100;
}
