/* SPDX-License-Identifier: MIT */
/*
 * CSR numbers, CSR bits, trap causes and SBI identifiers: the one place
 * where architectural numbers are written down.
 */
#ifndef HYP_ENCODING_H
#define HYP_ENCODING_H

#define BIT(n) (1UL << (n))

/* Supervisor CSRs */
#define CSR_SSTATUS 0x100
#define CSR_SIE 0x104
#define CSR_STVEC 0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SSCRATCH 0x140
#define CSR_SEPC 0x141
#define CSR_SCAUSE 0x142
#define CSR_STVAL 0x143
#define CSR_SIP 0x144
#define CSR_STIMECMP 0x14d
#define CSR_SATP 0x180

/* Hypervisor and virtual-supervisor CSRs (privileged spec ch. 8) */
#define CSR_HSTATUS 0x600
#define CSR_HEDELEG 0x602
#define CSR_HIDELEG 0x603
#define CSR_HIE 0x604
#define CSR_HTIMEDELTA 0x605
#define CSR_HCOUNTEREN 0x606
#define CSR_HGEIE 0x607
#define CSR_HENVCFG 0x60a
#define CSR_HTVAL 0x643
#define CSR_HIP 0x644
#define CSR_HVIP 0x645
#define CSR_HTINST 0x64a
#define CSR_HGATP 0x680
#define CSR_VSSTATUS 0x200
#define CSR_VSIE 0x204
#define CSR_VSTVEC 0x205
#define CSR_VSSCRATCH 0x240
#define CSR_VSEPC 0x241
#define CSR_VSCAUSE 0x242
#define CSR_VSTVAL 0x243
#define CSR_VSIP 0x244
#define CSR_VSTIMECMP 0x24d
#define CSR_VSATP 0x280

#define CSR_CYCLE 0xc00
#define CSR_TIME 0xc01
#define CSR_INSTRET 0xc02

/* sstatus */
#define SSTATUS_SIE BIT(1)
#define SSTATUS_SPIE BIT(5)
#define SSTATUS_SPP BIT(8)
#define SSTATUS_FS (3UL << 13)
#define SSTATUS_FS_INITIAL (1UL << 13)
#define SSTATUS_SUM BIT(18)
#define SSTATUS_MXR BIT(19)

/* hstatus (privileged spec 8.2.1) */
#define HSTATUS_VSBE BIT(5)
#define HSTATUS_GVA BIT(6)
#define HSTATUS_SPV BIT(7)
#define HSTATUS_SPVP BIT(8)
#define HSTATUS_HU BIT(9)
#define HSTATUS_VTVM BIT(20)
#define HSTATUS_VTW BIT(21)
#define HSTATUS_VTSR BIT(22)

/* hgatp: Sv39x4 (privileged spec 8.2.10, 8.5.1) */
#define HGATP_MODE_SHIFT 60
#define HGATP_MODE_SV39X4 8UL
#define HGATP_VMID_SHIFT 44
#define HGATP_VMID_MASK 0x3fffUL
#define HGATP_PPN_MASK ((1UL << 44) - 1)

/* henvcfg */
#define HENVCFG_STCE BIT(63)

/* hcounteren */
#define HCOUNTEREN_CY BIT(0)
#define HCOUNTEREN_TM BIT(1)
#define HCOUNTEREN_IR BIT(2)

/* Interrupt numbers (privileged spec 3.1.9, 8.2.3) */
#define IRQ_S_SOFT 1
#define IRQ_VS_SOFT 2
#define IRQ_S_TIMER 5
#define IRQ_VS_TIMER 6
#define IRQ_S_EXT 9
#define IRQ_VS_EXT 10
#define IRQ_S_GEXT 12
#define MIP_SSIP BIT(IRQ_S_SOFT)
#define MIP_VSSIP BIT(IRQ_VS_SOFT)
#define MIP_STIP BIT(IRQ_S_TIMER)
#define MIP_VSTIP BIT(IRQ_VS_TIMER)
#define MIP_SEIP BIT(IRQ_S_EXT)
#define MIP_VSEIP BIT(IRQ_VS_EXT)

#define CAUSE_IRQ_FLAG (1UL << 63)

/* Exception causes (privileged spec 3.1.15, table 8.7) */
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INST 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_U_ECALL 8
#define EXC_HS_ECALL 9
#define EXC_VS_ECALL 10
#define EXC_M_ECALL 11
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15
#define EXC_INST_GUEST_PAGE_FAULT 20
#define EXC_LOAD_GUEST_PAGE_FAULT 21
#define EXC_VIRTUAL_INST 22
#define EXC_STORE_GUEST_PAGE_FAULT 23
#define EXC_COUNT 24

/* Stage-2 PTE bits (privileged spec 4.3.1, 8.5.1) */
#define PTE_V BIT(0)
#define PTE_R BIT(1)
#define PTE_W BIT(2)
#define PTE_X BIT(3)
#define PTE_U BIT(4)
#define PTE_G BIT(5)
#define PTE_A BIT(6)
#define PTE_D BIT(7)
#define PTE_PPN_SHIFT 10

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)

#endif
