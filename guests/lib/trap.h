/* SPDX-License-Identifier: MIT */
/*
 * Supervisor trap handling for the test guests.
 *
 * trap_vector (trap.S) saves every general purpose register plus sepc,
 * sstatus, scause and stval into a struct trap_frame on the stack and calls
 * trap_handler(), which dispatches to callbacks registered by the guest.
 * Whatever the callback leaves in the frame (registers, sepc, sstatus) is
 * restored by the sret path.
 *
 * sscratch convention: 0 while the hart runs in S-mode, the kernel stack
 * pointer while it runs in U-mode (see user_run()).
 */
#ifndef GUEST_TRAP_H
#define GUEST_TRAP_H

/* Frame layout, shared with trap.S. */
#define TF_REG(n) ((n)*8)
#define TF_SEPC (32 * 8)
#define TF_SSTATUS (33 * 8)
#define TF_SCAUSE (34 * 8)
#define TF_STVAL (35 * 8)
#define TF_SIZE (36 * 8) /* keeps sp 16-byte aligned */

#ifndef __ASSEMBLER__

/* Register numbers as in the ABI names (x1 = ra, x2 = sp, ...). */
enum {
	REG_RA = 1,
	REG_SP = 2,
	REG_GP = 3,
	REG_TP = 4,
	REG_A0 = 10,
	REG_A1 = 11,
	REG_A2 = 12,
	REG_A7 = 17,
};

struct trap_frame {
	unsigned long regs[32]; /* regs[0] is unused (x0) */
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long scause;
	unsigned long stval;
};

typedef void (*trap_fn)(struct trap_frame *f);

/* Number of exception and interrupt causes that can have a callback. */
#define TRAP_NR_EXCEPTIONS 24
#define TRAP_NR_INTERRUPTS 16

/* Point stvec at trap_vector (direct mode) and reset sscratch. */
void trap_init(void);

/* Register (or with NULL, remove) the callback for a cause code. */
void trap_on_exception(unsigned int code, trap_fn fn);
void trap_on_interrupt(unsigned int code, trap_fn fn);

/* Called from trap_vector. */
void trap_handler(struct trap_frame *f);

/* Report a trap nobody handled and shut down with a failure reason. */
void trap_unexpected(struct trap_frame *f) __attribute__((noreturn));

/* Length in bytes (2 or 4) of the instruction at the trapping sepc. */
unsigned long trap_insn_len(const struct trap_frame *f);

/* Advance sepc past the trapping instruction. */
void trap_skip_insn(struct trap_frame *f);

/* Whether the trap was taken from U-mode (sstatus.SPP clear, 4.1.1). */
int trap_from_user(const struct trap_frame *f);

/*
 * Run entry(arg) in U-mode on the given user stack (the caller must have
 * mapped both for U-mode access when paging is on). Returns the code that
 * a trap callback passed to user_exit().
 */
long user_run(void (*entry)(unsigned long), unsigned long arg, void *user_stack_top);

/* From a callback for a U-mode trap: make user_run() return @code. */
void user_exit(struct trap_frame *f, long code);

#endif /* !__ASSEMBLER__ */
#endif /* GUEST_TRAP_H */
