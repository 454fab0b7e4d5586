/* SPDX-License-Identifier: MIT */
#ifndef HYP_CSR_H
#define HYP_CSR_H

#include "encoding.h"

#define csr_str_(x) #x
#define csr_str(x) csr_str_(x)

#define csr_read(csr)                                                                              \
	({                                                                                         \
		unsigned long __v;                                                                 \
		__asm__ volatile("csrr %0, " csr_str(csr) : "=r"(__v)::"memory");                  \
		__v;                                                                               \
	})

#define csr_write(csr, val)                                                                        \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrw " csr_str(csr) ", %0" ::"rK"(__v) : "memory");              \
	})

#define csr_swap(csr, val)                                                                         \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrrw %0, " csr_str(csr) ", %1"                                  \
				 : "=r"(__v)                                                       \
				 : "rK"(__v)                                                       \
				 : "memory");                                                      \
		__v;                                                                               \
	})

#define csr_set(csr, val)                                                                          \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrs " csr_str(csr) ", %0" ::"rK"(__v) : "memory");              \
	})

#define csr_clear(csr, val)                                                                        \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrc " csr_str(csr) ", %0" ::"rK"(__v) : "memory");              \
	})

static inline void wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

#endif
