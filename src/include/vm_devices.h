/* SPDX-License-Identifier: MIT */
/* The emulated devices of a VM at QEMU virt's addresses, and their glue. */
#ifndef HYP_VM_DEVICES_H
#define HYP_VM_DEVICES_H

#include <stddef.h>
#include <stdint.h>

struct vm;

/* Registers the VM's devices; fails (naming 'memory') if RAM overlaps one. */
int vm_devices_create(struct vm *vm, char *err, size_t errlen);
/* Puts every device model back in its reset state (VM reboot). */
void vm_devices_reset(struct vm *vm);
/* A byte typed for the VM: to its UART once the guest uses it, else SBI. */
void vm_devices_input(struct vm *vm, uint8_t c);
/* Fires the VM's RTC alarm if its moment has come (the timer tick calls it). */
void vm_devices_poll(struct vm *vm);
/* The `time` CSR value at which the VM's RTC alarm fires, UINT64_MAX if none. */
uint64_t vm_devices_alarm_time(struct vm *vm);

#endif
