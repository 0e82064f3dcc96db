/*
 * logfmt: event lines built in one buffer and sent with one write, so
 * that lines of many processes sharing a log pipe never interleave.
 */
#include <string.h>

#include "buf.h"
#include "die.h"
#include "logfmt.h"
#include "peer.h"
#include "sock.h"

static void
key(struct buf *b, const char *k)
{
	buf_puts(b, " ");
	buf_puts(b, k);
	buf_puts(b, "=");
}

void
logfmt_begin(struct buf *b, char *mem, size_t cap, const char *event)
{
	buf_init(b, mem, cap);
	buf_puts(b, PROG);
	buf_puts(b, ": ");
	buf_puts(b, event);
}

void
logfmt_str(struct buf *b, const char *k, const char *val)
{
	key(b, k);
	buf_putv(b, val);
}

void
logfmt_num(struct buf *b, const char *k, unsigned long long n)
{
	key(b, k);
	buf_putu(b, n);
}

void
logfmt_ms(struct buf *b, const char *k, unsigned long long ms)
{
	key(b, k);
	buf_putms(b, ms);
}

void
logfmt_addr(struct buf *b, const char *k, const char *ip, const char *port)
{
	char mem[SOCK_ADDRLEN + 16];
	struct buf a;

	buf_init(&a, mem, sizeof mem - 1);
	buf_putaddr(&a, ip, port);
	mem[a.len] = '\0';
	key(b, k);
	if (a.full)
		buf_putq(b, mem, a.len);	/* cut: say so by quoting */
	else
		buf_putv(b, mem);
}

void
logfmt_finish(struct buf *b)
{
	buf_endline(b);
}

void
logfmt_end(struct buf *b)
{
	buf_endline(b);
	die_writeline(b->p, b->len);
}

int
logfmt_peer(struct buf *b, const char *k)
{
	char mem[80];

	if (peer_unix_text(mem, sizeof mem) == -1)
		return 0;
	key(b, k);
	buf_putv(b, mem);
	return 1;
}
