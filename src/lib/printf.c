// SPDX-License-Identifier: MIT
/* A small vsnprintf: %s %c %d %i %u %x %X %p %%, l/ll/z sizes, width, '0' and '-' flags. */
#include "lib.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_padded(struct out *o, const char *s, size_t n, int width, bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		while (fill-- > 0)
			out_char(o, pad);
	for (size_t i = 0; i < n; i++)
		out_char(o, s[i]);
	if (left)
		while (fill-- > 0)
			out_char(o, ' ');
}

static size_t format_unsigned(char *tmp, unsigned long long v, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[24];
	size_t n = 0, i;

	do {
		rev[n++] = digits[v % base];
		v /= base;
	} while (v);
	for (i = 0; i < n; i++)
		tmp[i] = rev[n - 1 - i];
	return n;
}

static void out_number(struct out *o, unsigned long long v, bool neg, unsigned base, bool upper,
		       int width, bool left, char pad)
{
	char tmp[26];
	size_t n = 0;

	if (neg) {
		if (pad == '0') {
			out_char(o, '-');
			width--;
		} else {
			tmp[n++] = '-';
		}
	}
	n += format_unsigned(tmp + n, v, base, upper);
	out_padded(o, tmp, n, width, left, pad);
}

static unsigned long long take_unsigned(va_list *ap, int lng)
{
	if (lng >= 2)
		return va_arg(*ap, unsigned long long);
	if (lng == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static long long take_signed(va_list *ap, int lng)
{
	if (lng >= 2)
		return va_arg(*ap, long long);
	if (lng == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static const char *parse_spec(const char *f, int *width, bool *left, char *pad, int *lng)
{
	*width = 0;
	*left = false;
	*pad = ' ';
	*lng = 0;
	for (; *f == '-' || *f == '0'; f++) {
		if (*f == '-')
			*left = true;
		else
			*pad = '0';
	}
	while (*f >= '0' && *f <= '9')
		*width = *width * 10 + (*f++ - '0');
	for (; *f == 'l' || *f == 'z'; f++)
		(*lng)++;
	return f;
}

static void out_conversion(struct out *o, char c, va_list *ap, int width, bool left, char pad,
			   int lng)
{
	const char *s;
	long long sv;
	char ch;

	switch (c) {
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		out_padded(o, s, strlen(s), width, left, ' ');
		break;
	case 'c':
		ch = (char)va_arg(*ap, int);
		out_padded(o, &ch, 1, width, left, ' ');
		break;
	case 'd':
	case 'i':
		sv = take_signed(ap, lng);
		out_number(o, sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv, sv < 0, 10,
			   false, width, left, pad);
		break;
	case 'u':
		out_number(o, take_unsigned(ap, lng), false, 10, false, width, left, pad);
		break;
	case 'x':
	case 'X':
		out_number(o, take_unsigned(ap, lng), false, 16, c == 'X', width, left, pad);
		break;
	case 'p':
		out_char(o, '0');
		out_char(o, 'x');
		out_number(o, (uintptr_t)va_arg(*ap, void *), false, 16, false, width, left, pad);
		break;
	case '%':
		out_char(o, '%');
		break;
	default:
		out_char(o, '%');
		out_char(o, c);
		break;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	va_list cp;

	va_copy(cp, ap);
	for (const char *f = fmt; *f; f++) {
		int width, lng;
		bool left;
		char pad;

		if (*f != '%') {
			out_char(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &width, &left, &pad, &lng);
		if (!*f)
			break;
		out_conversion(&o, *f, &cp, width, left, pad, lng);
	}
	va_end(cp);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
