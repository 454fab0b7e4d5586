// SPDX-License-Identifier: MIT
/*
 * Trap dispatch for the test guests, see trap.h.
 */
#include <stddef.h>

#include "console.h"
#include "csr.h"
#include "sbi.h"
#include "trap.h"

extern char trap_vector[];
extern long __user_enter(void (*entry)(unsigned long), unsigned long arg, void *user_sp,
			 unsigned long *kernel_sp);
extern char __user_return[];

static trap_fn exception_fns[TRAP_NR_EXCEPTIONS];
static trap_fn interrupt_fns[TRAP_NR_INTERRUPTS];

/* Kernel stack and interrupt state saved by user_run(). */
static unsigned long user_kernel_sp;
static unsigned long user_saved_sie;

void trap_init(void)
{
	csr_write(CSR_SSCRATCH, 0);
	csr_write(CSR_STVEC, (unsigned long)trap_vector | STVEC_MODE_DIRECT);
}

void trap_on_exception(unsigned int code, trap_fn fn)
{
	if (code < TRAP_NR_EXCEPTIONS)
		exception_fns[code] = fn;
}

void trap_on_interrupt(unsigned int code, trap_fn fn)
{
	if (code < TRAP_NR_INTERRUPTS)
		interrupt_fns[code] = fn;
}

static trap_fn trap_lookup(unsigned long scause)
{
	unsigned long code = SCAUSE_CODE(scause);

	if (scause & SCAUSE_INTERRUPT)
		return code < TRAP_NR_INTERRUPTS ? interrupt_fns[code] : NULL;
	return code < TRAP_NR_EXCEPTIONS ? exception_fns[code] : NULL;
}

void trap_handler(struct trap_frame *f)
{
	trap_fn fn = trap_lookup(f->scause);

	if (!fn)
		trap_unexpected(f);
	fn(f);
}

void trap_unexpected(struct trap_frame *f)
{
	printf("trap: unexpected %s %lu scause=0x%lx sepc=0x%lx stval=0x%lx from %s-mode\n",
	       (f->scause & SCAUSE_INTERRUPT) ? "interrupt" : "exception", SCAUSE_CODE(f->scause),
	       f->scause, f->sepc, f->stval, trap_from_user(f) ? "U" : "S");
	sbi_shutdown(1);
}

int trap_from_user(const struct trap_frame *f)
{
	return !(f->sstatus & SSTATUS_SPP);
}

/*
 * Instructions whose two low bits are not 0b11 are 16-bit compressed ones
 * (unprivileged spec, "Base Instruction-Length Encoding"). The instruction
 * may sit on a U-mode page, which S-mode can only read with sstatus.SUM set
 * (priv. spec 4.1.1.2), so set it around the access.
 */
unsigned long trap_insn_len(const struct trap_frame *f)
{
	const volatile unsigned short *pc = (const volatile unsigned short *)f->sepc;
	unsigned long sum = csr_read(CSR_SSTATUS) & SSTATUS_SUM;
	unsigned short parcel;

	csr_set(CSR_SSTATUS, SSTATUS_SUM);
	parcel = *pc;
	if (!sum)
		csr_clear(CSR_SSTATUS, SSTATUS_SUM);
	return (parcel & 0x3) == 0x3 ? 4 : 2;
}

void trap_skip_insn(struct trap_frame *f)
{
	f->sepc += trap_insn_len(f);
}

long user_run(void (*entry)(unsigned long), unsigned long arg, void *user_stack_top)
{
	/*
	 * No S-mode interrupt may arrive between setting sscratch and the sret
	 * in __user_enter, or trap_vector would take it for a U-mode trap.
	 */
	user_saved_sie = csr_read(CSR_SSTATUS) & SSTATUS_SIE;
	local_irq_disable();
	/* Returns through __user_return once a callback calls user_exit(). */
	return __user_enter(entry, arg, user_stack_top, &user_kernel_sp);
}

void user_exit(struct trap_frame *f, long code)
{
	f->regs[REG_SP] = user_kernel_sp;
	f->regs[REG_A0] = (unsigned long)code;
	f->sepc = (unsigned long)__user_return;
	/* sret to S-mode, restoring the SIE that user_run() found. */
	f->sstatus |= SSTATUS_SPP;
	f->sstatus &= ~SSTATUS_SPIE;
	if (user_saved_sie)
		f->sstatus |= SSTATUS_SPIE;
}
