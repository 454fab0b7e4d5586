/* SPDX-License-Identifier: MIT */
#ifndef HYP_EXIT_H
#define HYP_EXIT_H

#include "vcpu.h"

/* Handles the trap recorded in v->trap: scause → handler table. */
void exit_handle(struct vcpu *v);

#endif
