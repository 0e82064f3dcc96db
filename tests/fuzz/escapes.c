/*
 * Fuzz scan_escapes and scan_countmsg, the decoders of message options
 * (-C N:MSG of svc-listen and svc-listend, svc-limit's -m, svc-connect's
 * -s and -e): no crash or overrun whatever the capacity, never more bytes
 * out than in, and a decoded message encoded again decodes to itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

#define MUST(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

/* every byte as itself, a named escape, or \xNN */
static size_t
encode(const char *in, size_t n, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)in[i];
		if (c == '\\') {
			out[o++] = '\\';
			out[o++] = '\\';
		} else if (c == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (c == 0) {
			out[o++] = '\\';
			out[o++] = '0';
		} else if (c >= 0x20 && c < 0x7f) {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *out, *enc, *again, *small;
	unsigned long max;
	long n, m, len;
	size_t cap, slen;
	int r;

	if (size == 0)
		return 0;
	/* the first byte picks a capacity for the bounded calls */
	cap = data[0];
	if ((s = malloc(size)) == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	slen = strlen(s);
	out = malloc(slen + 1);
	enc = malloc(4 * slen + 1);
	again = malloc(slen + 1);
	small = malloc(cap > 0 ? cap : 1);
	if (out == NULL || enc == NULL || again == NULL || small == NULL)
		goto done;

	n = scan_escapes(s, out, slen);
	MUST(n >= -1 && n <= (long)slen);
	if (n >= 0) {
		/* a shorter buffer fits it exactly or refuses it */
		m = scan_escapes(s, small, cap);
		MUST(m == ((size_t)n <= cap ? n : -1));
		if (m >= 0)
			MUST(memcmp(small, out, (size_t)n) == 0);
		encode(out, (size_t)n, enc);
		m = scan_escapes(enc, again, slen);
		MUST(m == n && memcmp(again, out, (size_t)n) == 0);
	}

	r = scan_countmsg(s, 16384, &max, small, cap, &len);
	MUST(r == 0 || r == -1 || r == -2);
	if (r == 0) {
		MUST(max >= 1 && max <= 16384);
		MUST(len >= 0 && (size_t)len <= cap);
		if (strchr(s, ':') == NULL)
			MUST(len == 0);
	}
done:
	free(small);
	free(again);
	free(enc);
	free(out);
	free(s);
	return 0;
}
