// SPDX-License-Identifier: MIT
#include "isa.h"
#include "lib.h"

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool isa_has_ext(const char *isa, const char *ext)
{
	size_t n = strlen(ext);
	const char *p = strchr(isa, '_');

	while (p) {
		size_t i = 0;

		p++;
		while (i < n && p[i] && lower(p[i]) == lower(ext[i]))
			i++;
		if (i == n && (p[i] == '_' || p[i] == '\0'))
			return true;
		p = strchr(p, '_');
	}
	return false;
}

void isa_for_guest(const char *host, char *out, size_t outlen)
{
	size_t o = 0;
	bool base = true;

	if (!outlen)
		return;
	for (size_t i = 0; host[i] && o + 1 < outlen; i++) {
		if (host[i] == '_')
			base = false;
		/* Skip 'h' among the single letters, after the "rv64" prefix. */
		if (base && i >= 4 && lower(host[i]) == 'h')
			continue;
		out[o++] = host[i];
	}
	out[o] = '\0';
}
