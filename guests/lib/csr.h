/* SPDX-License-Identifier: MIT */
/*
 * Supervisor CSR access for the test guests.
 *
 * CSR numbers and bit positions follow the RISC-V Privileged Architecture,
 * chapter 4 ("Supervisor-Level ISA") and chapter 2 (CSR listing).
 * The macros take either a CSR name known to the assembler (sstatus) or one
 * of the CSR_* numbers below (CSR_STIMECMP), which also works for CSRs an
 * older assembler does not know by name.
 */
#ifndef GUEST_CSR_H
#define GUEST_CSR_H

/* Unsigned long constants usable from both C and assembly. */
#ifdef __ASSEMBLER__
#define _UL(x) x
#else
#define _UL(x) x##UL
#endif

/* Supervisor trap setup and handling (priv. spec 4.1). */
#define CSR_SSTATUS 0x100
#define CSR_SIE 0x104
#define CSR_STVEC 0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SENVCFG 0x10a
#define CSR_SSCRATCH 0x140
#define CSR_SEPC 0x141
#define CSR_SCAUSE 0x142
#define CSR_STVAL 0x143
#define CSR_SIP 0x144
#define CSR_STIMECMP 0x14d /* Sstc extension */
#define CSR_SATP 0x180

/* Unprivileged counters (Zicntr). */
#define CSR_CYCLE 0xc00
#define CSR_TIME 0xc01
#define CSR_INSTRET 0xc02

/* sstatus fields (priv. spec 4.1.1). */
#define SSTATUS_SIE (_UL(1) << 1)
#define SSTATUS_SPIE (_UL(1) << 5)
#define SSTATUS_SPP (_UL(1) << 8)
#define SSTATUS_SUM (_UL(1) << 18)
#define SSTATUS_MXR (_UL(1) << 19)

/* Supervisor interrupt numbers, also bit positions in sie/sip (4.1.3). */
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9

#define SIE_SSIE (_UL(1) << IRQ_S_SOFT)
#define SIE_STIE (_UL(1) << IRQ_S_TIMER)
#define SIE_SEIE (_UL(1) << IRQ_S_EXT)
#define SIP_SSIP SIE_SSIE
#define SIP_STIP SIE_STIE
#define SIP_SEIP SIE_SEIE

/* scause (4.1.8): the top bit distinguishes interrupts from exceptions. */
#define SCAUSE_INTERRUPT (_UL(1) << 63)
#define SCAUSE_CODE(c) ((c) & ~SCAUSE_INTERRUPT)

/* Exception codes (table 4.2). */
#define EXC_INSN_MISALIGNED 0
#define EXC_INSN_ACCESS 1
#define EXC_ILLEGAL_INSN 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_S 9
#define EXC_INSN_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

/* stvec (4.1.2): the low two bits select the mode. */
#define STVEC_MODE_DIRECT _UL(0)

/* satp (4.1.11). */
#define SATP_MODE_SHIFT 60
#define SATP_MODE_BARE _UL(0)
#define SATP_MODE_SV39 (_UL(8) << SATP_MODE_SHIFT)
#define SATP_PPN_MASK ((_UL(1) << 44) - 1)

#ifndef __ASSEMBLER__

#define __csr_str(x) #x
#define csr_str(x) __csr_str(x)

#define csr_read(csr)                                                                              \
	({                                                                                         \
		unsigned long __v;                                                                 \
		__asm__ __volatile__("csrr %0, " csr_str(csr) : "=r"(__v) : : "memory");           \
		__v;                                                                               \
	})

#define csr_write(csr, val)                                                                        \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ __volatile__("csrw " csr_str(csr) ", %0" : : "rK"(__v) : "memory");        \
	})

#define csr_swap(csr, val)                                                                         \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ __volatile__("csrrw %0, " csr_str(csr) ", %1"                              \
				     : "=r"(__v)                                                   \
				     : "rK"(__v)                                                   \
				     : "memory");                                                  \
		__v;                                                                               \
	})

#define csr_set(csr, val)                                                                          \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ __volatile__("csrs " csr_str(csr) ", %0" : : "rK"(__v) : "memory");        \
	})

#define csr_clear(csr, val)                                                                        \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ __volatile__("csrc " csr_str(csr) ", %0" : : "rK"(__v) : "memory");        \
	})

static inline unsigned long read_time(void)
{
	return csr_read(CSR_TIME);
}

static inline unsigned long read_cycle(void)
{
	return csr_read(CSR_CYCLE);
}

static inline unsigned long read_instret(void)
{
	return csr_read(CSR_INSTRET);
}

static inline void local_irq_enable(void)
{
	csr_set(CSR_SSTATUS, SSTATUS_SIE);
}

static inline void local_irq_disable(void)
{
	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
}

/* Flush the whole local TLB (priv. spec 4.2.1). */
static inline void sfence_vma_all(void)
{
	__asm__ __volatile__("sfence.vma zero, zero" : : : "memory");
}

static inline void sfence_vma_addr(unsigned long va)
{
	__asm__ __volatile__("sfence.vma %0, zero" : : "r"(va) : "memory");
}

#endif /* !__ASSEMBLER__ */
#endif /* GUEST_CSR_H */
