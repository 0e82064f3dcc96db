/*
 * relay: svc-log's -x loop.  Bytes go from the client to the program and
 * back the moment they arrive (forwarded first, logged after), each
 * direction through one buffer: while a buffer waits for its reader,
 * that side is not read, so a slow reader slows its writer and nothing
 * is ever dropped.  The same loop keeps the -i and -t clocks.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "die.h"
#include "fd.h"
#include "mono.h"
#include "sig.h"
#include "svclog.h"

#define BUFSIZE (128 * 1024)

/* several whole lines may share one write, as long as it stays atomic */
#if defined(PIPE_BUF) && PIPE_BUF >= LOG_LINEMAX
#define BATCH (PIPE_BUF < 4096 ? PIPE_BUF : 4096)
#else
#define BATCH LOG_LINEMAX
#endif

/* one direction of the relay */
struct dir {
	int src, dst;			/* -1 once done with */
	char mark;			/* '<' from the client, '>' to it */
	unsigned char *buf;
	size_t off, len;		/* bytes not yet written: buf[off..len) */
	unsigned long long count;	/* bytes read: the next chunk's offset */
	unsigned long long sent;	/* bytes written */
	int eof;			/* src gave EOF: shut dst once flushed */
};

static unsigned char mem[2][BUFSIZE];
static unsigned char qlen[256];	/* how long each byte is, quoted */
static char batch[BATCH];
static size_t batchlen;
static int clientfl[2] = { -1, -1 };	/* fds 0 and 1's flags before us */

/* put back the client fd's flags, as whoever shares it expects them */
static void
restore(int fd)
{
	if (clientfl[fd] != -1)
		(void)fcntl(fd, F_SETFL, clientfl[fd]);
	clientfl[fd] = -1;
}

static void
flush(struct run *r)
{
	if (batchlen > 0)
		log_out(r, batch, batchlen);
	batchlen = 0;
}

/* room for one more line in the batch */
static char *
line_begin(struct run *r, struct dir *d, unsigned long long off)
{
	struct buf b;

	if (batchlen + LOG_LINEMAX > sizeof batch)
		flush(r);
	buf_init(&b, batch + batchlen, LOG_LINEMAX);
	buf_putn(&b, r->pfx, r->pfxlen);
	buf_putn(&b, &d->mark, 1);
	buf_puts(&b, " ");
	buf_putu(&b, off);
	buf_puts(&b, " ");
	return batch + batchlen + b.len;
}

static void
line_end(char *end)
{
	*end++ = '\n';
	batchlen = (size_t)(end - batch);
}

static void
quote_init(void)
{
	int c;

	for (c = 0; c < 256; c++)
		qlen[c] = c < 0x20 || c > 0x7e ? 4 : 1;
	qlen['\r'] = qlen['\n'] = qlen['\t'] = qlen['\\'] = qlen['"'] = 2;
}

/* s[0..n) quoted as buf_putq does it, fast: the whole trace goes here */
static char *
quote(char *o, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *end = s + n;
	unsigned c;

	*o++ = '"';
	for (; s < end; s++) {
		c = *s;
		if (qlen[c] == 1) {
			*o++ = (char)c;
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '\r': *o++ = 'r'; break;
		case '\n': *o++ = 'n'; break;
		case '\t': *o++ = 't'; break;
		case '\\': *o++ = '\\'; break;
		case '"': *o++ = '"'; break;
		default:
			*o++ = 'x';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o++ = '"';
	return o;
}

/* -X: 16 bytes a line, "OFFSET hex 47 45 54 ...  |GET...|" */
static void
hexdump(struct run *r, struct dir *d, const unsigned char *s, size_t n,
    unsigned long long off)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, k;
	char *o;

	for (i = 0; i < n; i += 16) {
		k = n - i < 16 ? n - i : 16;
		o = line_begin(r, d, off + i);
		memcpy(o, "hex", 3);
		o += 3;
		for (size_t j = 0; j < 16; j++) {
			*o++ = ' ';
			*o++ = j < k ? hex[s[i + j] >> 4] : ' ';
			*o++ = j < k ? hex[s[i + j] & 15] : ' ';
		}
		memcpy(o, "  |", 3);
		o += 3;
		for (size_t j = 0; j < k; j++)
			*o++ = s[i + j] >= 0x20 && s[i + j] < 0x7f ?
			    (char)s[i + j] : '.';
		*o++ = '|';
		line_end(o);
	}
}

/*
 * One line per chunk, "svc-log: PID < OFFSET LENGTH "bytes"", split
 * over as many lines as it takes to keep each within LOG_LINEMAX.
 */
static void
log_chunk(struct run *r, struct dir *d, const unsigned char *s, size_t n)
{
	unsigned long long off = d->count;
	size_t budget, used, take;
	struct buf b;
	char *o, num[4];

	while (n > 0) {
		o = line_begin(r, d, off);
		/* LENGTH (3 digits at most), a space, two quotes, newline */
		budget = LOG_LINEMAX - (size_t)(o - (batch + batchlen)) - 7;
		for (take = used = 0; take < n && used + qlen[s[take]] <=
		    budget; take++)
			used += qlen[s[take]];
		buf_init(&b, num, sizeof num);
		buf_putu(&b, take);
		memcpy(o, num, b.len);
		o += b.len;
		*o++ = ' ';
		line_end(quote(o, s, take));
		s += take;
		n -= take;
		off += take;
	}
}

/* "svc-log: PID < OFFSET eof", or "error "why"" where it broke */
static void
log_event(struct run *r, struct dir *d, unsigned long long off, int err)
{
	const char *why;
	char *o;

	o = line_begin(r, d, off);
	if (err == 0) {
		memcpy(o, "eof", 3);
		line_end(o + 3);
		return;
	}
	memcpy(o, "error ", 6);
	why = strerror(err);
	line_end(quote(o + 6, (const unsigned char *)why,
	    strlen(why) > 64 ? 64 : strlen(why)));
}

/* done writing to d's reader: shut it, so it reads EOF */
static void
shut(struct dir *d)
{
	if (d->dst == -1)
		return;
	if (d->mark == '>') {
		if (shutdown(d->dst, SHUT_WR) == -1 && errno == ENOTSOCK) {
			restore(d->dst);
			close(d->dst);	/* a pipe or file (not behind TCP) */
		}
	} else
		close(d->dst);
	d->dst = -1;
}

/* d cannot go on: stop reading its writer, drop what is pending */
static void
stop(struct run *r, struct dir *d, int err)
{
	log_event(r, d, d->sent, err);
	if (d->mark == '>') {
		/* the program then gets EPIPE, as on the dead socket */
		if (d->src != -1)
			close(d->src);
		d->dst = -1;
	} else if (d->dst != -1) {
		close(d->dst);
		d->dst = -1;
	}
	d->src = -1;
	d->off = d->len = 0;
}

/* write what is pending, as much as the reader takes now */
static void
push(struct run *r, struct dir *d)
{
	ssize_t w;

	while (d->off < d->len && d->dst != -1) {
		w = write(d->dst, d->buf + d->off, d->len - d->off);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				stop(r, d, errno);
			return;
		}
		d->off += (size_t)w;
		d->sent += (unsigned long long)w;
	}
	if (d->off == d->len) {
		d->off = d->len = 0;
		if (d->eof)
			shut(d);
	}
}

/* read one chunk, forward it at once, then log it; 1 if bytes came */
static int
pull(struct run *r, struct dir *d)
{
	ssize_t n;

	n = read(d->src, d->buf, BUFSIZE);
	if (n == -1) {
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		log_event(r, d, d->count, errno);
		n = 0;
	} else if (n == 0)
		log_event(r, d, d->count, 0);
	if (n == 0) {
		if (d->mark == '>')
			close(d->src);
		d->src = -1;
		d->eof = 1;
		push(r, d);	/* nothing is pending: shuts dst */
		return 0;
	}
	d->len = (size_t)n;
	d->off = 0;
	push(r, d);
	log_chunk(r, d, d->buf, (size_t)n);
	if (r->cfg->hex)
		hexdump(r, d, d->buf, (size_t)n, d->count);
	d->count += (unsigned long long)n;
	return 1;
}

/* -i and -t: TERM first, KILL -k later; 1 when the loop should end */
static int
deadlines(struct run *r, unsigned long long now, unsigned long long active,
    unsigned long long *killat, int *timeout)
{
	const struct cfg *c = r->cfg;
	unsigned long long next = 0, t;
	const char *why = NULL;

	if (*killat != 0) {
		if (now >= *killat) {
			if (!r->reaped)
				(void)kill(r->child, SIGKILL);
			*killat = ~0ULL;	/* once */
		}
		next = *killat;
	} else {
		if (c->life_ms > 0) {
			t = r->start_ms + c->life_ms;
			if (now >= t)
				why = "lifetime";
			next = t;
		}
		if (c->idle_ms > 0 && why == NULL) {
			t = active + c->idle_ms;
			if (now >= t)
				why = "idle";
			if (next == 0 || t < next)
				next = t;
		}
		if (why != NULL) {
			r->reason = why;
			if (r->reaped)
				return 1;
			(void)kill(r->child, SIGTERM);
			*killat = now + c->kill_ms;
			next = *killat;
		}
	}
	if (r->reason != NULL && r->reaped)
		return 1;	/* its leftovers may hold the pipe: not ours */
	if (next == 0 || next == ~0ULL)
		*timeout = -1;
	else
		*timeout = next > now ? (int)(next - now) : 0;
	return 0;
}

void
relay(struct run *r, int c0, int c1)
{
	struct dir d[2], *dp;
	struct pollfd p[5];
	struct buf b;
	int nd = 0, np, i, sig, timeout, ps[2], pd[2];
	unsigned long long active = r->start_ms, killat = 0, now;

	if (r->cfg->trace) {
		buf_init(&b, r->pfx, sizeof r->pfx);
		buf_puts(&b, "svc-log: ");
		buf_putu(&b, (unsigned long long)r->self);
		buf_puts(&b, " ");
		r->pfxlen = b.len;
		quote_init();
		/* the client's fds are ours alone in a chain: restored below */
		clientfl[0] = fcntl(0, F_GETFL);
		clientfl[1] = fcntl(1, F_GETFL);
		(void)fd_nonblock(0);
		(void)fd_nonblock(1);
		memset(d, 0, sizeof d);
		d[0].src = 0;
		d[0].dst = c0;
		d[0].mark = '<';
		d[0].buf = mem[0];
		d[1].src = c1;
		d[1].dst = 1;
		d[1].mark = '>';
		d[1].buf = mem[1];
		nd = 2;
	}

	for (;;) {
		now = mono_ms();
		if (deadlines(r, now, active, &killat, &timeout))
			break;
		if (r->reaped && (nd == 0 || (d[1].src == -1 &&
		    d[1].dst == -1)))
			break;
		p[0].fd = sig_pipe;
		p[0].events = POLLIN;
		np = 1;
		for (i = 0; i < nd; i++) {
			dp = &d[i];
			ps[i] = pd[i] = -1;
			if (dp->src != -1 && dp->off == dp->len) {
				p[np].fd = dp->src;
				p[np].events = POLLIN;
				ps[i] = np++;
			} else if (dp->off < dp->len) {
				p[np].fd = dp->dst;
				p[np].events = POLLOUT;
				pd[i] = np++;
			}
		}
		for (i = 0; i < np; i++)
			p[i].revents = 0;
		if (poll(p, (nfds_t)np, timeout) == -1) {
			if (errno != EINTR)
				die_sys(DIE_TEMP, "unable to poll");
			continue;
		}
		if (p[0].revents & POLLIN)
			while ((sig = sig_next()) != 0)
				if (sig == SIGCHLD)
					(void)child_reap(r, 0);
		for (i = 0; i < nd; i++) {
			if (pd[i] != -1 && p[pd[i]].revents != 0)
				push(r, &d[i]);
			if (ps[i] != -1 && p[ps[i]].revents != 0 &&
			    pull(r, &d[i]))
				active = mono_ms();
		}
		flush(r);
	}
	flush(r);
	if (nd > 0) {
		r->in = d[0].count;
		r->out = d[1].sent;
		r->counted = 1;
		restore(0);
		restore(1);
	}
}
