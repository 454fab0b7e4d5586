/* SPDX-License-Identifier: MIT */
/* Hypocaust-2 Linux guest: what init.c and io.c share. */
#ifndef HYP_INIT_H
#define HYP_INIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int64_t now_ns(void);
bool cmdline_value(const char *prefix, char *value, size_t size);

int run_disk_test(void);
int run_disk_bench(void);
int run_net_test(void);

#endif
