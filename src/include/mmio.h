/* SPDX-License-Identifier: MIT */
#ifndef HYP_MMIO_H
#define HYP_MMIO_H

#include "vcpu.h"

/* Exit handler for guest page faults (causes 20, 21, 23). */
void mmio_handle_fault(struct vcpu *v);

#endif
