/* SPDX-License-Identifier: MIT */
/*
 * Guest console on top of SBI: DBCN console_write_byte when the SBI
 * implementation advertises DBCN, legacy console_putchar otherwise.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdarg.h>

void console_putc(char c);
void console_puts(const char *s);
int console_has_dbcn(void);
/*
 * With on != 0 (and DBCN present) output goes out a whole line per DBCN
 * write: on a console shared with other VMs no line is then split. The
 * buffer is passed by address, so paging must map it 1:1 meanwhile.
 */
void console_set_line_mode(int on);

/*
 * Supported conversions: %s %c %d %u %x %p %%, with an optional 'l' length
 * modifier (%ld %lu %lx), optional '0' or '-' flag and field width (%08lx,
 * %-8s).
 */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

#endif /* GUEST_CONSOLE_H */
