/* SPDX-License-Identifier: MIT */
/*
 * Host stand-ins for the hypervisor functions that the host-compiled
 * sources call but that live in files not built for the host. Each one
 * records its calls in `stub` for the tests to check.
 */
#ifndef UNIT_STUBS_H
#define UNIT_STUBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vm;
struct vcpu;

#define STUB_OUT_MAX 8192
#define STUB_IN_MAX 256

struct stub_log {
	unsigned set_timer_calls;
	struct vcpu *timer_vcpu;
	uint64_t timer_value;

	struct vm *out_vm;
	size_t out_len;
	char out[STUB_OUT_MAX];

	char in[STUB_IN_MAX];
	size_t in_len, in_pos;

	unsigned shutdown_calls;
	struct vm *shutdown_vm;
	bool shutdown_failed;

	unsigned reboot_calls;
	struct vcpu *reboot_vcpu;

	char hyp_msg[256]; /* the last hyp_printf */
	unsigned console_rx_interrupts;
	bool console_rx_enabled;

	bool wallclock; /* the host has an RTC: VMs get theirs */
	uint64_t wall_ns;
};

extern struct stub_log stub;

void stub_reset(void);
/* Bytes console_vm_getc returns, in order, before it returns -1. */
void stub_queue_input(const char *bytes, size_t n);

#endif
