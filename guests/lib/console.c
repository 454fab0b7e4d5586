// SPDX-License-Identifier: MIT
/*
 * Minimal console and printf for the test guests.
 */
#include <stdarg.h>
#include <stdbool.h>

#include "console.h"
#include "sbi.h"

enum dbcn_state {
	DBCN_UNKNOWN,
	DBCN_ABSENT,
	DBCN_PRESENT,
};

static enum dbcn_state dbcn_state = DBCN_UNKNOWN;

int console_has_dbcn(void)
{
	if (dbcn_state == DBCN_UNKNOWN) {
		struct sbiret ret = sbi_probe_extension(SBI_EXT_DBCN);

		dbcn_state =
			(ret.error == SBI_SUCCESS && ret.value != 0) ? DBCN_PRESENT : DBCN_ABSENT;
	}
	return dbcn_state == DBCN_PRESENT;
}

/* Line mode: see console_set_line_mode(). */
#define LINE_MAX 128
static bool line_mode;
static char line_buf[LINE_MAX];
static unsigned long line_len;

void console_set_line_mode(int on)
{
	line_mode = on && console_has_dbcn();
}

/* DBCN may write part of the buffer (SBI spec 12.1): loop until all is out. */
static void flush_line(void)
{
	unsigned long done = 0;

	while (done < line_len) {
		struct sbiret r =
			sbi_dbcn_write(line_len - done, (unsigned long)line_buf + done, 0);

		if (r.error || !r.value)
			break;
		done += (unsigned long)r.value;
	}
	line_len = 0;
}

void console_putc(char c)
{
	if (line_mode) {
		line_buf[line_len++] = c;
		if (c == '\n' || line_len == LINE_MAX)
			flush_line();
	} else if (console_has_dbcn()) {
		sbi_dbcn_write_byte((unsigned char)c);
	} else {
		sbi_legacy_putchar(c);
	}
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

/* Conversion state for one printf directive. */
struct fmt_spec {
	bool left;
	bool zero_pad;
	bool is_long;
	unsigned int width;
};

static int pad(unsigned int len, unsigned int width, char c)
{
	int n = 0;

	while (len + n < width) {
		console_putc(c);
		n++;
	}
	return n;
}

/* Padding before a field of @len characters (none if left-justified). */
static int emit_padding(unsigned int len, const struct fmt_spec *spec)
{
	if (spec->left)
		return 0;
	return pad(len, spec->width, spec->zero_pad ? '0' : ' ');
}

/* Padding after a field of @len characters (only if left-justified). */
static int emit_trailing(unsigned int len, const struct fmt_spec *spec)
{
	if (!spec->left)
		return 0;
	return pad(len, spec->width, ' ');
}

static int emit_string(const char *s, const struct fmt_spec *spec)
{
	unsigned int len = 0;
	int n;

	if (!s)
		s = "(null)";
	while (s[len])
		len++;
	n = emit_padding(len, spec);
	console_puts(s);
	n += emit_trailing(len, spec);
	return n + (int)len;
}

/* Print an unsigned number in @base, with an optional leading minus sign. */
static int emit_number(unsigned long val, unsigned int base, bool negative,
		       const struct fmt_spec *spec)
{
	static const char digits[] = "0123456789abcdef";
	char buf[24];
	unsigned int len = 0;
	int n = 0;

	do {
		buf[len++] = digits[val % base];
		val /= base;
	} while (val);

	if (negative) {
		if (spec->zero_pad) {
			console_putc('-');
			n++;
		} else {
			buf[len++] = '-';
		}
	}
	n += emit_padding(len + n, spec);
	n += (int)len;
	while (len)
		console_putc(buf[--len]);
	return n + emit_trailing(n, spec);
}

static int emit_signed(long val, const struct fmt_spec *spec)
{
	if (val < 0)
		return emit_number(-(unsigned long)val, 10, true, spec);
	return emit_number((unsigned long)val, 10, false, spec);
}

/* Parse flags, width and length; returns the pointer to the conversion. */
static const char *parse_spec(const char *fmt, struct fmt_spec *spec)
{
	spec->left = false;
	spec->zero_pad = false;
	spec->is_long = false;
	spec->width = 0;

	for (;; fmt++) {
		if (*fmt == '-')
			spec->left = true;
		else if (*fmt == '0')
			spec->zero_pad = true;
		else
			break;
	}
	if (spec->left)
		spec->zero_pad = false;
	while (*fmt >= '0' && *fmt <= '9')
		spec->width = spec->width * 10 + (unsigned int)(*fmt++ - '0');
	while (*fmt == 'l') {
		spec->is_long = true;
		fmt++;
	}
	return fmt;
}

static int emit_conversion(char conv, const struct fmt_spec *spec, va_list *ap)
{
	struct fmt_spec ptr_spec = {.zero_pad = true, .width = 16};

	switch (conv) {
	case 's':
		return emit_string(va_arg(*ap, const char *), spec);
	case 'c':
		console_putc((char)va_arg(*ap, int));
		return 1;
	case 'd':
		return emit_signed(spec->is_long ? va_arg(*ap, long) : va_arg(*ap, int), spec);
	case 'u':
		return emit_number(spec->is_long ? va_arg(*ap, unsigned long)
						 : va_arg(*ap, unsigned int),
				   10, false, spec);
	case 'x':
		return emit_number(spec->is_long ? va_arg(*ap, unsigned long)
						 : va_arg(*ap, unsigned int),
				   16, false, spec);
	case 'p':
		console_puts("0x");
		return 2 + emit_number((unsigned long)va_arg(*ap, void *), 16, false, &ptr_spec);
	case '%':
		console_putc('%');
		return 1;
	default:
		/* Unknown conversion: print it verbatim so the bug is visible. */
		console_putc('%');
		console_putc(conv);
		return 2;
	}
}

int vprintf(const char *fmt, va_list ap)
{
	struct fmt_spec spec;
	va_list args;
	int n = 0;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			console_putc(*fmt++);
			n++;
			continue;
		}
		fmt = parse_spec(fmt + 1, &spec);
		if (!*fmt)
			break;
		n += emit_conversion(*fmt++, &spec, &args);
	}
	va_end(args);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
