/*
 * relay: svc-log's -x loop.  Bytes go from the client to the program and
 * back the moment they arrive (forwarded first, logged after), each
 * direction through one buffer: while a buffer waits for its reader,
 * that side is not read, so a slow reader slows its writer and nothing
 * is ever dropped.  The same loop keeps the -i and -t clocks.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "die.h"
#include "fd.h"
#include "mono.h"
#include "sig.h"
#include "svclog.h"

#define BUFSIZE (128 * 1024)

/*
 * Several whole lines may share one write: to a pipe or socket, as many
 * as PIPE_BUF bytes take (a write that size is atomic there, so lines of
 * many processes still never interleave); to a file or /dev/null, where
 * every write is whole, up to BATCHMAX.
 */
#if defined(PIPE_BUF) && PIPE_BUF >= LOG_LINEMAX
#define BATCHPIPE (PIPE_BUF < 4096 ? PIPE_BUF : 4096)
#else
#define BATCHPIPE LOG_LINEMAX
#endif
#define BATCHMAX 65536

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
static char qesc[256][4];	/* and what it is */
static char batch[BATCHMAX + 4];	/* slack: quote() stores 4 at a time */
static size_t batchlen, batchmax = BATCHPIPE;
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
	char *o, num[24];
	size_t i = sizeof num;

	if (batchlen + LOG_LINEMAX > batchmax)
		flush(r);
	o = batch + batchlen;
	memcpy(o, r->pfx, r->pfxlen);
	o += r->pfxlen;
	*o++ = d->mark;
	*o++ = ' ';
	do {
		num[--i] = (char)('0' + off % 10);
		off /= 10;
	} while (off != 0);
	memcpy(o, num + i, sizeof num - i);
	o += sizeof num - i;
	*o++ = ' ';
	return o;
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
	static const char hex[] = "0123456789abcdef";
	int c;

	for (c = 0; c < 256; c++) {
		qesc[c][0] = (char)c;
		qlen[c] = 1;
		if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\')
			continue;
		qesc[c][0] = '\\';
		qesc[c][1] = (char)c;
		qlen[c] = 2;
		switch (c) {
		case '\r': qesc[c][1] = 'r'; break;
		case '\n': qesc[c][1] = 'n'; break;
		case '\t': qesc[c][1] = 't'; break;
		case '"': case '\\': break;
		default:
			qesc[c][1] = 'x';
			qesc[c][2] = hex[c >> 4];
			qesc[c][3] = hex[c & 15];
			qlen[c] = 4;
		}
	}
}

/* eight bytes none of which needs quoting: 0x20-0x7e, not " or \ */
static int
plain8(const unsigned char *s)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t w, q, b, bad;

	memcpy(&w, s, 8);
	q = w ^ (ones * '"');
	b = w ^ (ones * '\\');
	/* each term sets a byte's high bit where the byte is what it says */
	bad = ((w - ones * 0x20) & ~w) |	/* below 0x20 */
	    ((w + ones) | w) |			/* above 0x7e */
	    ((q - ones) & ~q) |			/* a " */
	    ((b - ones) & ~b);			/* a \ */
	return (bad & ones * 0x80) == 0;
}

/*
 * Quote as much of *sp..end as fits before lim, as buf_putq does it but
 * eight plain bytes at a time: the whole trace goes through here.
 */
static char *
quote(char *o, const char *lim, const unsigned char **sp,
    const unsigned char *end)
{
	const unsigned char *s = *sp, *t;

	while (s < end) {
		if (end - s >= 8 && lim - o >= 8 && plain8(s)) {
			memcpy(o, s, 8);
			o += 8;
			s += 8;
			continue;
		}
		/* byte by byte up to the next eight */
		for (t = s + 8 > end ? end : s + 8; s < t; s++) {
			if (lim - o < qlen[*s])
				goto full;
			memcpy(o, qesc[*s], 4);
			o += qlen[*s];
		}
	}
full:
	*sp = s;
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
	const unsigned char *p = s, *end = s + n, *from;
	unsigned long long off = d->count;
	size_t len, w;
	struct buf b;
	char *line, *o, *q, num[4];

	while (p < end) {
		o = line_begin(r, d, off);
		line = batch + batchlen;
		/* LENGTH goes before the bytes: room for 3 digits, fixed after */
		from = p;
		q = quote(o + 5, line + LOG_LINEMAX - 2, &p, end);
		len = (size_t)(p - from);
		buf_init(&b, num, sizeof num);
		buf_putu(&b, len);
		if ((w = 3 - b.len) > 0) {
			memmove(o + 5 - w, o + 5, (size_t)(q - (o + 5)));
			q -= w;
		}
		memcpy(o, num, b.len);
		o[b.len] = ' ';
		o[b.len + 1] = '"';
		*q++ = '"';
		line_end(q);
		off += len;
	}
}

/* "svc-log: PID < OFFSET eof", or "error "why"" where it broke */
static void
log_event(struct run *r, struct dir *d, unsigned long long off, int err)
{
	const unsigned char *p;
	const char *why;
	char *o;

	o = line_begin(r, d, off);
	if (err == 0) {
		memcpy(o, "eof", 3);
		line_end(o + 3);
		return;
	}
	memcpy(o, "error \"", 7);
	why = strerror(err);
	p = (const unsigned char *)why;
	o = quote(o + 7, o + 100, &p, p + strlen(why));
	*o++ = '"';
	line_end(o);
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
	const struct logcfg *c = r->cfg;
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
	else if (next <= now)
		*timeout = 0;
	else	/* a day at most: poll takes an int, and we look again */
		*timeout = next - now > 86400000 ? 86400000 : (int)(next - now);
	return 0;
}

void
relay(struct run *r, int c0, int c1)
{
	struct dir d[2], *dp;
	struct pollfd p[5];
	struct stat st;
	struct buf b;
	int nd = 0, np, i, sig, timeout, ps[2], pd[2];
	unsigned long long active = r->start_ms, killat = 0, now;

	if (r->cfg->trace) {
		buf_init(&b, r->pfx, sizeof r->pfx);
		buf_puts(&b, PROG);
		buf_puts(&b, ": ");
		buf_putu(&b, (unsigned long long)r->self);
		buf_puts(&b, " ");
		r->pfxlen = b.len;
		quote_init();
		if (fstat(2, &st) == 0 && !S_ISFIFO(st.st_mode) &&
		    !S_ISSOCK(st.st_mode) && (r->logfd == -1 ||
		    (fstat(r->logfd, &st) == 0 && S_ISREG(st.st_mode))))
			batchmax = BATCHMAX;
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
