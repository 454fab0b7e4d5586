/* SPDX-License-Identifier: MIT */
#ifndef HYP_VCPU_H
#define HYP_VCPU_H

/* Offsets used by switch.S; checked against the structs in vcpu.c. */
#define VCPU_GUEST_X(n) ((n)*8)
#define VCPU_GUEST_SEPC 256
#define VCPU_GUEST_SSTATUS 264
#define VCPU_GUEST_HSTATUS 272
#define VCPU_HOST_BASE 280
#define VCPU_HOST_REG(n) (VCPU_HOST_BASE + (n)*8) /* ra sp gp tp s0..s11 */
#define VCPU_HOST_STVEC VCPU_HOST_REG(16)
#define VCPU_TRAP_BASE VCPU_HOST_REG(17)
#define VCPU_TRAP_SCAUSE (VCPU_TRAP_BASE + 0)
#define VCPU_TRAP_STVAL (VCPU_TRAP_BASE + 8)
#define VCPU_TRAP_HTVAL (VCPU_TRAP_BASE + 16)
#define VCPU_TRAP_HTINST (VCPU_TRAP_BASE + 24)
#define VCPU_STATE (VCPU_TRAP_BASE + 56)
#define VCPU_REQUESTS (VCPU_STATE + 8)
#define VCPU_RESET_PENDING (VCPU_REQUESTS + 8)
#define VCPU_STATE_RUNNING 1

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "fault_watch.h"

struct vm;

/* Guest registers as the trap vector saves them: x0 is unused. */
struct guest_ctx {
	unsigned long x[32];
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long hstatus;
};

/* The hypervisor's side, saved once per vcpu_run_loop: ra sp gp tp s0-s11, stvec. */
struct host_ctx {
	unsigned long reg[16];
	unsigned long stvec;
};

struct trap_info {
	unsigned long scause, stval, htval, htinst;
};

/* SBI HSM states (SBI spec 9.1) that a vCPU goes through here. */
enum vcpu_state { VCPU_STOPPED, VCPU_RUNNING, VCPU_START_PENDING };

/* Work another vCPU asks of this one, done on its own hart before entry. */
#define VCPU_REQ_VSSIP (1UL << 0)   /* raise the guest's software interrupt */
#define VCPU_REQ_FENCE_I (1UL << 1) /* fence.i */
#define VCPU_REQ_VVMA (1UL << 2)    /* flush the guest's VS-stage TLB */
#define VCPU_REQ_EXT (1UL << 3)	    /* re-read the vPLIC: set or clear VSEIP */
#define VCPU_REQ_GFENCE (1UL << 4)  /* flush the VM's G-stage translations */
#define VCPU_REQ_TIMER (1UL << 5)   /* re-program the hart's timer (an RTC alarm) */

/* Why the vCPU left the guest: the figures behind every overhead. */
#define STATS_SBI_SLOTS 12 /* one per SBI extension in the table, + unknown */
#define STATS_IRQ_SLOTS 16
struct vcpu_stats {
	unsigned long exits;		    /* every trap but SBI calls, counted in sbi[] */
	unsigned long sync[24];		    /* by scause (exceptions), SBI calls not included */
	unsigned long irq[STATS_IRQ_SLOTS]; /* by interrupt number */
	unsigned long sbi[STATS_SBI_SLOTS]; /* by extension, see sbi_ext_name() */
	unsigned long ram_first_touch;	    /* guest-page faults that mapped RAM (in sync[] too) */
};

struct vcpu {
	struct guest_ctx guest;
	struct host_ctx host;
	struct trap_info trap;
	struct vm *vm;
	unsigned id;	    /* vCPU number inside its VM */
	unsigned long hart; /* physical hart it is pinned to */
	volatile enum vcpu_state state;
	volatile bool in_run;		 /* its hart is inside vcpu_run */
	volatile unsigned long requests; /* VCPU_REQ_* */
	bool reset_pending;		 /* VS CSRs to be reset on its hart before entry */
	uint64_t timer_deadline;	 /* without Sstc: the guest's, UINT64_MAX if none */
	struct fault_watch fault_watch;	 /* access faults injected in a row (mmio.c) */
	struct vcpu_stats stats;
};

enum { REG_RA = 1, REG_SP = 2, REG_A0 = 10, REG_A1 = 11, REG_A6 = 16, REG_A7 = 17 };

/*
 * switch.S: runs the guest, handling each exit with vcpu_handle_exit on
 * this stack; returns when the vCPU stops.
 */
void vcpu_run_loop(struct vcpu *v);

/* What vcpu_handle_exit tells switch.S to do next. */
enum { VCPU_EXIT_RESUME = 0, VCPU_EXIT_RESUME_FULL = 1, VCPU_EXIT_LEAVE = 2 };
int vcpu_handle_exit(struct vcpu *v);
/*
 * What every exit ends with: a stop, requests, a reset. switch.S calls it
 * after an SBI call (handled by sbi_handle_ecall, no exit table) only when
 * one of the three is there.
 */
int vcpu_after_exit(struct vcpu *v);

void vcpu_reset(struct vcpu *v, unsigned long entry, unsigned long a1);
/* Runs the vCPU on this hart until its VM stops or it is stopped. */
void vcpu_run(struct vcpu *v);
/* Sets the guest timer (SBI set_timer semantics). */
void vcpu_set_timer(struct vcpu *v, uint64_t when);
/*
 * The host timer fired on v's hart: polls the VM's RTC alarm; without Sstc
 * raises VSTIP when the guest's deadline has come, with Sstc re-arms the tick.
 */
void vcpu_timer_fired(struct vcpu *v);
/* Posts VCPU_REQ_* work to a vCPU of the same VM and kicks its hart. */
void vcpu_request(struct vcpu *target, unsigned long req);
/* Does the work posted to v; called on v's hart. */
void vcpu_do_requests(struct vcpu *v);
/* Runs fence.i / VS-stage flushes on every vCPU in targets (bitmap of vCPU
 * ids) and returns when all have done it. */
void vcpu_remote_fence(struct vcpu *self, unsigned long targets, unsigned long req);
/* SBI HSM: start a stopped vCPU of the same VM at addr with a1 = opaque. */
int vcpu_hsm_start(struct vcpu *target, unsigned long addr, unsigned long opaque);
/* SBI HSM: the calling vCPU stops; its hart waits to be started again. */
void vcpu_hsm_stop(struct vcpu *v);
/* Clears the guest's pending software interrupt (legacy clear_ipi). */
void vcpu_clear_ipi(struct vcpu *v);
/* Reads an unsigned long at a guest virtual address as the guest would;
 * HYP_EFAULT when that faults. */
int vcpu_read_guest_ulong(struct vcpu *v, unsigned long gva, unsigned long *val);
/* Enters the guest's trap handler as if the trap had happened there. */
void vcpu_redirect_trap(struct vcpu *v, unsigned long cause, unsigned long tval);

#endif
#endif
