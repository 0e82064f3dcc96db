/*
 * Fuzz the log-line builder: buf_putq and buf_putv on arbitrary bytes.
 * The line holds only printable ASCII and ends in one newline, and an
 * unescaper written here reads every value back to the bytes given, so
 * no client byte can forge a line or a field.  A small buffer truncates,
 * marked, and never overruns.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define MUST(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;	/* buf_putq writes lower case only */
}

/*
 * One value at *pp, bare or quoted, up to a space or the newline, into
 * out; its length, or -1 if it is not well formed.
 */
static long
unquote(const char **pp, char *out)
{
	const char *p = *pp;
	size_t n = 0;
	int h, l;

	if (*p != '"') {
		while (*p != ' ' && *p != '\n' && *p != '\0') {
			if (*p == '"' || *p == '\\' || *p == '=')
				return -1;
			out[n++] = *p++;
		}
		*pp = p;
		return n > 0 ? (long)n : -1;
	}
	for (p++; *p != '"'; p++) {
		if (*p == '\0' || *p == '\n')
			return -1;
		if (*p != '\\') {
			out[n++] = *p;
			continue;
		}
		switch (*++p) {
		case 'r': out[n++] = '\r'; break;
		case 'n': out[n++] = '\n'; break;
		case 't': out[n++] = '\t'; break;
		case '\\': out[n++] = '\\'; break;
		case '"': out[n++] = '"'; break;
		case 'x':
			if ((h = hexval(p[1])) == -1 || (l = hexval(p[2])) == -1)
				return -1;
			out[n++] = (char)(h * 16 + l);
			p += 2;
			break;
		default:
			return -1;
		}
	}
	*pp = p + 1;
	return (long)n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b;
	char *mem, *back, *s;
	const char *p;
	size_t cap, i, small;
	long n;

	if (size == 0)
		return 0;
	small = data[0];
	data++, size--;
	cap = 64 + 8 * size;	/* two values, each at most 4 bytes a byte */
	mem = malloc(cap + 1);
	back = malloc(size + 1);
	s = malloc(size + 1);
	if (mem == NULL || back == NULL || s == NULL)
		goto done;
	memcpy(s, data, size);
	s[size] = '\0';

	/* a line as the programs build it: event, quoted value, bare value */
	buf_init(&b, mem, cap);
	buf_puts(&b, "prog: event a=");
	buf_putq(&b, (const char *)data, size);
	buf_puts(&b, " b=");
	buf_putv(&b, s);
	buf_endline(&b);
	MUST(!b.full && b.len <= cap && b.p[b.len - 1] == '\n');
	for (i = 0; i + 1 < b.len; i++)
		MUST(b.p[i] >= 0x20 && b.p[i] <= 0x7e);
	mem[b.len] = '\0';

	p = mem + strlen("prog: event a=");
	n = unquote(&p, back);
	MUST(n == (long)size && memcmp(back, data, size) == 0);
	MUST(strncmp(p, " b=", 3) == 0);
	p += 3;
	n = unquote(&p, back);
	if (*s == '\0')
		MUST(n == 0);
	else
		MUST(n == (long)strlen(s) && memcmp(back, s, (size_t)n) == 0);
	MUST(*p == '\n' && p == mem + b.len - 1);

	/* the same into a buffer the first byte sized: cut, never overrun */
	if (small < cap) {
		buf_init(&b, mem, small);
		buf_puts(&b, "prog: event a=");
		buf_putq(&b, (const char *)data, size);
		buf_putv(&b, s);
		buf_endline(&b);
		MUST(b.len <= small);
		if (small >= 5)
			MUST(b.len > 0 && mem[b.len - 1] == '\n');
	}
done:
	free(s);
	free(back);
	free(mem);
	return 0;
}
