/* SPDX-License-Identifier: MIT */
/* riscv,isa strings: "rv64imafdch_zicsr_..._sstc". */
#ifndef HYP_ISA_H
#define HYP_ISA_H

#include <stdbool.h>
#include <stddef.h>

/* True when the multi-letter extension ext (e.g. "sstc") is listed. */
bool isa_has_ext(const char *isa, const char *ext);
/* The host ISA as a guest sees it: without 'h' (nested virtualization is not offered). */
void isa_for_guest(const char *host, char *out, size_t outlen);

#endif
