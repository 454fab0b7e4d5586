/* SPDX-License-Identifier: MIT */
/* Freestanding stand-in: libfdt includes <stdlib.h> but needs nothing from it. */
#ifndef HYP_LIBC_STDLIB_H
#define HYP_LIBC_STDLIB_H
#include <stddef.h>
#endif
