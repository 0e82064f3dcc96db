/*
 * scan: strict parsers for command-line values.  Each rejects "", signs,
 * trailing junk and overflow, so a typo is bad usage, never a silent zero.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "scan.h"

int
scan_ulong(const char *s, unsigned long *out)
{
	unsigned long v = 0, d;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned long)(*s - '0');
		if (v > (ULONG_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int
scan_range(const char *s, unsigned long lo, unsigned long hi,
    unsigned long *out)
{
	unsigned long v;

	if (scan_ulong(s, &v) == -1 || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
scan_msecs(const char *s, unsigned long *ms)
{
	unsigned long v = 0, frac = 0, scale = 100;
	int digits = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (v > (ULONG_MAX / 1000 - 9) / 10)
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			if (scale == 0)
				return -1;	/* a 4th decimal: not ms */
			frac += (unsigned long)(*s - '0') * scale;
			scale /= 10;
		}
	}
	if (*s != '\0' || digits == 0)
		return -1;
	*ms = v * 1000 + frac;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
scan_escapes(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	int c, h, l;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c == '\\') {
			switch (*++s) {
			case 'r': c = '\r'; break;
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case '0': c = '\0'; break;
			case '\\': c = '\\'; break;
			case 'x':
				if ((h = hexval(s[1])) == -1 ||
				    (l = hexval(s[2])) == -1)
					return -1;
				c = h * 16 + l;
				s += 2;
				break;
			default:
				return -1;	/* also a lone trailing backslash */
			}
		}
		if (n >= cap)
			return -1;
		out[n++] = (char)c;
	}
	return (long)n;
}

int
scan_countmsg(const char *arg, unsigned long hi, unsigned long *max,
    char *out, size_t cap, long *outlen)
{
	char num[32];
	const char *colon = strchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
	long len = 0;

	if (n >= sizeof num)
		return -1;
	memcpy(num, arg, n);
	num[n] = '\0';
	if (scan_range(num, 1, hi, max) == -1)
		return -1;
	if (colon != NULL && (len = scan_escapes(colon + 1, out, cap)) == -1)
		return -2;
	*outlen = len;
	return 0;
}
