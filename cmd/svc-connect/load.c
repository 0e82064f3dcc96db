/*
 * svc-connect load mode (-n, -c): many connections from one process,
 * each a nonblocking socket in one poll set.  A connection connects,
 * sends -s, shuts down its sending half, reads to EOF and compares with
 * -e; its latency is from the start of its connect to that EOF.  With
 * -r, connection k starts no sooner than k/rate seconds after the first.
 * With -H a histogram of the latencies follows the bench line; on a
 * terminal a progress line on stderr shows how a long run is going.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "connect.h"
#include "dial.h"
#include "die.h"
#include "fd.h"
#include "logfmt.h"
#include "mono.h"

#define FDSPARE 16		/* descriptors beyond -c: stdio and slack */
#define RETRY_US 10000		/* a full UNIX-domain queue: try again */
#define HIST_BAR 40		/* -H: '#'s of the fullest bucket */
#define PROGRESS_FIRST 500000	/* us: runs shorter than this stay quiet */
#define PROGRESS_EVERY 250000	/* us: at most 4 refreshes a second */

enum { CONNECTING, SENDING, READING };
enum { E_CONNECT, E_TIMEOUT, E_IO, E_REPLY, E_NKINDS };
static const char *const kindname[E_NKINDS] = {
	"connect", "timeout", "io", "reply",
};

struct slot {
	unsigned long k;		/* which connection, from 0 */
	int state;
	size_t sent, got;		/* bytes of -s sent, of reply read */
	int differs;			/* the reply is not -e */
	unsigned long long start, last;	/* us: connect began, last event */
	unsigned long long retry;	/* us: connect again then; 0: no */
};

static const struct opts *o;
static const struct sock_addr *dst;
static char remote[128];		/* an address or a socket path */
static struct slot *slots;
static struct pollfd *pfd;
static uint32_t *lat;			/* us, one per connection that worked */
static unsigned long started, finished, nlat;
static unsigned long errs[E_NKINDS];
static char first[E_NKINDS][256];	/* the first error of each kind */
static char rbuf[65536];
static int progress_on;			/* stderr is a terminal, no -q */
static unsigned long long t_start, progress_next;
static size_t progress_len;		/* of the line shown; 0: none */

static void progress_clear(void);

/* make room for c connections at once, or say why not */
static void
raise_nofile(unsigned long c)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)c + FDSPARE;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		die_sys(DIE_TEMP, "unable to read the descriptor limit");
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ||
		    rl.rlim_max >= need ? need : rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		die_sys(DIE_TEMP, "unable to read the descriptor limit");
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need)
		die(DIE_TEMP, "unable to run %lu connections at once: the "
		    "descriptor limit is %lu", c, (unsigned long)rl.rlim_cur);
}

static void
finish(size_t i)
{
	if (pfd[i].fd != -1)
		close(pfd[i].fd);
	pfd[i].fd = -1;
	slots[i].retry = 0;
	finished++;
}

static void
fail(size_t i, int kind, int err)
{
	struct buf b;

	if (errs[kind]++ == 0) {
		buf_init(&b, first[kind], sizeof first[kind] - 1);
		switch (kind) {
		case E_REPLY:
			buf_puts(&b, "the reply differs from -e");
			break;
		case E_TIMEOUT:
			buf_puts(&b, slots[i].state == CONNECTING ?
			    "timed out connecting" : "timed out idle");
			break;
		default:
			buf_puts(&b, slots[i].state == CONNECTING ?
			    "unable to connect: " : "unable to talk: ");
			buf_puts(&b, strerror(err));
		}
		first[kind][b.len] = '\0';
	}
	if (log_level >= 2)
		progress_clear();	/* the warning gets a line of its own */
	debug("warning: connection %lu to %s: %s", slots[i].k + 1, remote,
	    kind == E_REPLY ? "the reply differs from -e" : strerror(err));
	finish(i);
}

/* connection number k into the free slot i */
static void
begin(size_t i, unsigned long k)
{
	const struct sock_addr *l = o->nlocal > 0 ?
	    &o->local[k % o->nlocal] : NULL;
	struct slot *s = &slots[i];

	memset(s, 0, sizeof *s);
	s->k = k;
	s->state = CONNECTING;
	s->start = s->last = mono_us();
	pfd[i].events = POLLOUT;
	pfd[i].revents = 0;
	pfd[i].fd = dial_start(&dst->u.sa, dst->len, l ? &l->u.sa : NULL,
	    l ? l->len : 0);
	/*
	 * A UNIX-domain listener whose queue is full refuses at once where
	 * TCP would retransmit its SYN: wait and try again, as TCP would
	 */
	if (pfd[i].fd == -1 && errno == EAGAIN &&
	    dst->u.sa.sa_family == AF_UNIX)
		s->retry = mono_us() + RETRY_US;
	else if (pfd[i].fd == -1)
		fail(i, E_CONNECT, errno);
}

/* the slots whose retry is due connect again; us to the next, or -1 */
static int
redial(unsigned long long now)
{
	unsigned long long soonest = 0, start;
	size_t i;

	for (i = 0; i < o->c; i++) {
		if (slots[i].retry == 0)
			continue;
		if (slots[i].retry <= now) {
			start = slots[i].start;
			begin(i, slots[i].k);
			slots[i].start = start;	/* the latency counts the wait */
		}
		if (slots[i].retry != 0 && (soonest == 0 ||
		    slots[i].retry < soonest))
			soonest = slots[i].retry;
	}
	if (soonest == 0)
		return -1;
	return soonest > now ? (int)((soonest - now + 999) / 1000) : 0;
}

/* after the connect or the last of -s: the request is complete */
static void
sent_all(size_t i)
{
	if (shutdown(pfd[i].fd, SHUT_WR) == -1) {
		fail(i, E_IO, errno);
		return;
	}
	slots[i].state = READING;
	pfd[i].events = POLLIN;
}

static void
step(size_t i, unsigned long long now)
{
	struct slot *s = &slots[i];
	ssize_t r;
	size_t n;

	s->last = now;
	switch (s->state) {
	case CONNECTING:
		if (dial_result(pfd[i].fd) == -1) {
			fail(i, E_CONNECT, errno);
			return;
		}
		s->state = SENDING;
		if (o->sendlen == 0) {
			sent_all(i);
			return;
		}
		/* a new socket has room: send at once */
		/* FALLTHROUGH */
	case SENDING:
		r = send(pfd[i].fd, o->send + s->sent, o->sendlen - s->sent,
		    MSG_NOSIGNAL);
		if (r == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				fail(i, E_IO, errno);
			return;
		}
		s->sent += (size_t)r;
		if (s->sent == o->sendlen)
			sent_all(i);
		return;
	case READING:
		r = recv(pfd[i].fd, rbuf, sizeof rbuf, 0);
		if (r == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				fail(i, E_IO, errno);
			return;
		}
		if (r > 0) {
			n = (size_t)r;
			if (o->want != NULL && !s->differs &&
			    (s->got + n > o->wantlen ||
			    memcmp(rbuf, o->want + s->got, n) != 0))
				s->differs = 1;
			s->got += n;
			return;
		}
		if (o->want != NULL && (s->differs || s->got != o->wantlen)) {
			fail(i, E_REPLY, 0);
			return;
		}
		n = now - s->start > UINT32_MAX ? UINT32_MAX :
		    (size_t)(now - s->start);
		lat[nlat++] = (uint32_t)n;
		finish(i);
	}
}

/* the poll timeout from -t and -T, failing the connections past theirs */
static int
expire(unsigned long long now)
{
	unsigned long long limit, end, soonest = 0;
	size_t i;

	if (o->tmo == 0 && o->idle == 0)
		return -1;
	for (i = 0; i < o->c; i++) {
		if (pfd[i].fd == -1 && slots[i].retry == 0)
			continue;
		limit = slots[i].state == CONNECTING ? o->tmo : o->idle;
		if (limit == 0)
			continue;
		end = (slots[i].state == CONNECTING ? slots[i].start :
		    slots[i].last) + limit * 1000;
		if (end <= now)
			fail(i, E_TIMEOUT, ETIMEDOUT);
		else if (soonest == 0 || end < soonest)
			soonest = end;
	}
	if (soonest == 0)
		return -1;
	return (int)((soonest - now + 999) / 1000);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* the nearest-rank percentile p of the sorted latencies */
static unsigned long
pct(unsigned p)
{
	if (nlat == 0)
		return 0;
	return lat[((unsigned long long)p * nlat + 99) / 100 - 1];
}

/*
 * -H: how many latencies fall in each bucket, the bounds in 1-2-5 steps
 * of microseconds (a log scale with round numbers), from the fastest's
 * bucket to the slowest's.  The latencies are sorted.  One write a line.
 */
static void
histogram(void)
{
	static const unsigned step[] = { 1, 2, 5 };	/* x 10^k */
	unsigned long long lo, hi, dec, cnt, most, cum = 0;
	char line[256];
	size_t i, j, k, bar;
	int len, pass;

	len = snprintf(line, sizeof line, "%s: latency histogram of %lu "
	    "connections%s, from <= us < to:\n", PROG, nlat, nlat < o->n ?
	    " that worked" : "");
	die_writeline(line, (unsigned long)len);
	if (nlat == 0)
		return;
	len = snprintf(line, sizeof line, "%s: %10s %10s %8s %7s\n", PROG,
	    "from", "to", "count", "cum%");
	die_writeline(line, (unsigned long)len);
	/* pass 0 finds the fullest bucket, the bars' scale; 1 prints */
	for (pass = 0, most = 1; pass < 2; pass++) {
		for (i = 0, lo = 0, hi = 1, dec = 1, k = 0; i < nlat;) {
			for (cnt = 0; i < nlat && lat[i] < hi; i++)
				cnt++;
			if (pass == 0 && cnt > most)
				most = cnt;
			cum += pass == 1 ? cnt : 0;
			if (pass == 1 && cum > 0) {
				len = snprintf(line, sizeof line, "%s: %10llu "
				    "%10llu %8llu %4llu.%llu%%", PROG, lo, hi,
				    cnt, cum * 100 / nlat, cum * 1000 / nlat %
				    10);
				bar = (size_t)((cnt * HIST_BAR + most - 1) /
				    most);
				if (bar > 0)
					line[len++] = ' ';
				for (j = 0; j < bar; j++)
					line[len++] = '#';
				line[len++] = '\n';
				die_writeline(line, (unsigned long)len);
			}
			if (++k == 3) {
				k = 0;
				dec *= 10;
			}
			lo = hi;
			hi = dec * step[k];
		}
	}
}

/* stderr is a terminal (and no -q): a progress line for long runs */
static void
progress_init(unsigned long long now)
{
	t_start = now;
	progress_on = log_level >= 1 && isatty(2);
	progress_next = now + PROGRESS_FIRST;
}

/*
 * Redraw the progress line when it is due, over the last one with \r;
 * the poll timeout, cut so that the next one is on time.
 */
static int
progress_tick(int timeout)
{
	unsigned long long now, rate10, wait;
	unsigned long e = 0;
	char line[256];
	size_t k;
	int len;

	if (!progress_on)
		return timeout;
	now = mono_us();
	if (now >= progress_next) {
		for (k = 0; k < E_NKINDS; k++)
			e += errs[k];
		rate10 = now > t_start ? (unsigned long long)finished *
		    10000000ULL / (now - t_start) : 0;
		len = snprintf(line, sizeof line, "\r%s: %lu/%lu connections, "
		    "%llu.%llu/s, %lu error%s", PROG, finished, o->n,
		    rate10 / 10, rate10 % 10, e, e == 1 ? "" : "s");
		if (len > 0 && (size_t)len < sizeof line) {
			/* blank what is left of a longer line before */
			while ((size_t)len < progress_len + 1 &&
			    (size_t)len < sizeof line - 1)
				line[len++] = ' ';
			die_writeline(line, (unsigned long)len);
			progress_len = (size_t)len - 1;
		}
		progress_next = now + PROGRESS_EVERY;
	}
	wait = (progress_next - now + 999) / 1000;
	return timeout == -1 || wait < (unsigned long long)timeout ?
	    (int)wait : timeout;
}

/* take the progress line off the terminal */
static void
progress_clear(void)
{
	char line[258];
	size_t n;

	if (progress_len == 0)
		return;
	n = progress_len < sizeof line - 2 ? progress_len : sizeof line - 2;
	line[0] = '\r';
	memset(line + 1, ' ', n);
	line[n + 1] = '\r';
	die_writeline(line, (unsigned long)n + 2);
	progress_len = 0;
}

static void
report(unsigned long long us)
{
	static const unsigned ps[] = { 50, 90, 99 };
	char line[512], rate[32];
	struct buf b;
	unsigned long long rate10;
	unsigned long e = 0;
	size_t k;

	for (k = 0; k < E_NKINDS; k++)
		e += errs[k];
	qsort(lat, nlat, sizeof *lat, cmp_u32);
	rate10 = us > 0 ? (unsigned long long)o->n * 10000000ULL / us : 0;
	buf_init(&b, rate, sizeof rate - 1);
	buf_putu(&b, rate10 / 10);
	buf_puts(&b, ".");
	buf_putu(&b, rate10 % 10);
	rate[b.len] = '\0';
	logfmt_begin(&b, line, sizeof line, "bench");
	logfmt_num(&b, "conns", o->n);
	logfmt_num(&b, "errors", e);
	logfmt_ms(&b, "seconds", us / 1000);
	logfmt_str(&b, "rate", rate);
	for (k = 0; k < sizeof ps / sizeof ps[0]; k++)
		logfmt_num(&b, k == 0 ? "p50_us" : k == 1 ? "p90_us" : "p99_us",
		    pct(ps[k]));
	logfmt_num(&b, "max_us", nlat > 0 ? lat[nlat - 1] : 0);
	logfmt_finish(&b);
	if (fd_writeall(1, b.p, b.len) == -1)
		die_sys(DIE_TEMP, "unable to write to stdout");
	if (e == 0 || log_level < 1)
		return;
	logfmt_begin(&b, line, sizeof line, "warning: failed");
	for (k = 0; k < E_NKINDS; k++)
		logfmt_num(&b, kindname[k], errs[k]);
	for (k = 0; k < E_NKINDS; k++) {
		if (errs[k] == 0)
			continue;
		buf_puts(&b, " first_");
		buf_puts(&b, kindname[k]);
		buf_puts(&b, "=");
		buf_putq(&b, first[k], strlen(first[k]));
	}
	logfmt_end(&b);
}

/* how many connections may have started by now (-r) */
static unsigned long
due(unsigned long long t0)
{
	unsigned long long k;

	if (o->rate == 0)
		return o->n;
	k = (mono_us() - t0) * o->rate / 1000000 + 1;
	return k < o->n ? (unsigned long)k : o->n;
}

/* ms until the next start -r allows */
static int
next_ms(unsigned long long t0)
{
	unsigned long long at, now = mono_us();

	if (o->rate == 0)
		return 0;
	at = t0 + (unsigned long long)started * 1000000 / o->rate;
	return at > now ? (int)((at - now + 999) / 1000) : 0;
}

int
load_run(const struct opts *opts, const struct sock_addr *addr)
{
	unsigned long long t0;
	size_t i;
	int timeout, r;

	o = opts;
	dst = addr;
	if (dst->u.sa.sa_family == AF_UNIX)
		snprintf(remote, sizeof remote, "%s",
		    ((const struct sockaddr_un *)(const void *)&dst->u.ss)->
		    sun_path);
	else
		(void)sock_fmt(&dst->u.sa, remote, sizeof remote);
	raise_nofile(o->c);
	slots = calloc(o->c, sizeof *slots);
	pfd = calloc(o->c, sizeof *pfd);
	lat = calloc(o->n, sizeof *lat);
	if (slots == NULL || pfd == NULL || lat == NULL)
		die_sys(DIE_TEMP, "unable to allocate for %lu connections",
		    o->n);
	for (i = 0; i < o->c; i++)
		pfd[i].fd = -1;

	t0 = mono_us();
	progress_init(t0);
	while (finished < o->n) {
		/* every free slot takes the next connection, -r allowing */
		for (i = 0; i < o->c && started < due(t0); i++)
			while (pfd[i].fd == -1 && slots[i].retry == 0 &&
			    started < due(t0))
				begin(i, started++);
		timeout = expire(mono_us());
		if ((r = redial(mono_us())) != -1 &&
		    (timeout == -1 || r < timeout))
			timeout = r;
		if (started < o->n && started < o->c + finished) {
			/* a free slot waits for the next start -r allows */
			r = next_ms(t0);
			if (timeout == -1 || r < timeout)
				timeout = r;
		}
		if (started == finished) {
			if (timeout > 0)
				(void)poll(NULL, 0, progress_tick(timeout));
			continue;	/* the last ones failed at once */
		}
		timeout = progress_tick(timeout);
		if ((r = poll(pfd, o->c, timeout)) == -1) {
			if (errno == EINTR)
				continue;
			die_sys(DIE_TEMP, "unable to poll");
		}
		if (r == 0)
			continue;
		for (i = 0; i < o->c; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			pfd[i].revents = 0;
			step(i, mono_us());
		}
	}
	progress_clear();
	report(mono_us() - t0);
	if (o->hist)
		histogram();
	for (i = 0; i < E_NKINDS; i++)
		if (errs[i] > 0)
			return DIE_TEMP;
	return 0;
}
