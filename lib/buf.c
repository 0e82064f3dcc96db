/*
 * buf: build a log line without the printf machinery, into memory the
 * caller owns, so the listener's per-connection path never allocates.
 */
#include <string.h>

#include "buf.h"

void
buf_init(struct buf *b, char *mem, size_t cap)
{
	b->p = mem;
	b->len = 0;
	b->cap = cap;
	b->full = 0;
}

void
buf_putn(struct buf *b, const char *s, size_t n)
{
	size_t room = b->cap - b->len;

	if (n > room) {
		n = room;
		b->full = 1;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_putn(b, s, strlen(s));
}

void
buf_putu(struct buf *b, unsigned long long v)
{
	char tmp[24];
	size_t i = sizeof tmp;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	buf_putn(b, tmp + i, sizeof tmp - i);
}

void
buf_putms(struct buf *b, unsigned long long ms)
{
	char frac[4];

	buf_putu(b, ms / 1000);
	frac[0] = '.';
	frac[1] = (char)('0' + ms / 100 % 10);
	frac[2] = (char)('0' + ms / 10 % 10);
	frac[3] = (char)('0' + ms % 10);
	buf_putn(b, frac, 4);
}

void
buf_putq(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char e[4];
	size_t i;
	unsigned char c;

	buf_putn(b, "\"", 1);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		e[0] = '\\';
		switch (c) {
		case '\r': e[1] = 'r'; buf_putn(b, e, 2); continue;
		case '\n': e[1] = 'n'; buf_putn(b, e, 2); continue;
		case '\t': e[1] = 't'; buf_putn(b, e, 2); continue;
		case '\\': e[1] = '\\'; buf_putn(b, e, 2); continue;
		case '"': e[1] = '"'; buf_putn(b, e, 2); continue;
		}
		if (c < 0x20 || c > 0x7e) {
			e[1] = 'x';
			e[2] = hex[c >> 4];
			e[3] = hex[c & 15];
			buf_putn(b, e, 4);
		} else
			buf_putn(b, (const char *)&c, 1);
	}
	buf_putn(b, "\"", 1);
}

void
buf_putesc(struct buf *b, const char *s, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i = j + 1) {
		for (j = i; j < n && (unsigned char)s[j] >= 0x20 &&
		    (unsigned char)s[j] <= 0x7e; j++)
			;
		buf_putn(b, s + i, j - i);
		if (j < n) {
			/* one byte through buf_putq, without its quotes */
			char mem[8];
			struct buf e;

			buf_init(&e, mem, sizeof mem);
			buf_putq(&e, s + j, 1);
			buf_putn(b, mem + 1, e.len - 2);
		}
	}
}

void
buf_putv(struct buf *b, const char *s)
{
	const char *t;

	for (t = s; *t != '\0'; t++)
		if (*t <= ' ' || *t > '~' || *t == '"' || *t == '\\' ||
		    *t == '=')
			break;
	if (*t == '\0' && t != s)
		buf_puts(b, s);
	else
		buf_putq(b, s, strlen(s));
}

void
buf_putaddr(struct buf *b, const char *ip, const char *port)
{
	int v6 = strchr(ip, ':') != NULL;

	if (v6)
		buf_puts(b, "[");
	buf_puts(b, ip);
	if (v6)
		buf_puts(b, "]");
	if (port != NULL && *port != '\0') {
		buf_puts(b, ":");
		buf_puts(b, port);
	}
}

void
buf_endline(struct buf *b)
{
	if (b->full || b->len + 1 > b->cap) {
		if (b->cap < 5)
			return;
		if (b->len > b->cap - 4)
			b->len = b->cap - 4;
		memcpy(b->p + b->len, "...", 3);
		b->len += 3;
	}
	b->p[b->len++] = '\n';
}
