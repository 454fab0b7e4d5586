/* SPDX-License-Identifier: MIT */
/*
 * The host's wall-clock time, for the VMs' RTCs: read from the host's RTC
 * once at boot (before any VM could own it), carried on by the `time` CSR.
 */
#ifndef HYP_WALLCLOCK_H
#define HYP_WALLCLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Reads the host RTC (platform.rtc_base); without one there is no wall clock. */
void wallclock_init(void);
bool wallclock_available(void);
/* Nanoseconds since 1970. */
uint64_t wallclock_ns(void);
/* The `time` CSR value at which the wall clock reads ns. */
uint64_t wallclock_to_time(uint64_t ns);

#endif
