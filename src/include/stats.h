/* SPDX-License-Identifier: MIT */
#ifndef HYP_STATS_H
#define HYP_STATS_H

struct vm;

/* Prints why the VM's vCPUs exited: SBI by extension, MMIO by device, the rest. */
void stats_print(const struct vm *vm);
void stats_print_all(void);

#endif
