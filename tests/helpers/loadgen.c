/*
 * loadgen: a small load generator for tests.  Makes count connections to
 * host port, at most conc at once, each from the next of naddr source
 * addresses starting at -b, sends nothing (shuts its side at once), reads
 * each reply to the end and prints how often each distinct reply came:
 *
 *	loadgen [-b addr] [-a naddr] [-n count] [-k conc] [-i ms] [-t ms]
 *	    host port
 *
 * -i paces the starts (at most one every ms), -t stops starting new
 * connections after ms.  Output: "COUNT REPLY" lines, the reply escaped
 * (\n \r \t \\ \xNN; "-" when empty, "error:WHAT" when the connection
 * failed), in order of first appearance, then "elapsed=MS".  Every
 * connection is given up after 60 seconds.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scan.h"

#define CONCMAX 512
#define REPLYMAX 128
#define KINDMAX 64
#define GIVEUP 60000	/* ms */

struct conn {
	int fd;
	int connected;
	long long start;
	size_t len;
	char reply[REPLYMAX];
};

static struct {
	char text[4 * REPLYMAX + 16];
	unsigned long count;
} kinds[KINDMAX];
static int nkinds;

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
tally(const char *text)
{
	int i;

	for (i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].text, text) == 0)
			break;
	if (i == nkinds) {
		if (nkinds == KINDMAX)
			i = KINDMAX - 1;	/* lump the rest together */
		else
			snprintf(kinds[nkinds++].text, sizeof kinds[0].text,
			    "%s", text);
	}
	kinds[i].count++;
}

static void
finish(struct conn *c, const char *err)
{
	char text[sizeof kinds[0].text];
	size_t i, n = 0;
	unsigned char ch;

	if (err != NULL)
		snprintf(text, sizeof text, "error:%s", err);
	else if (c->len == 0)
		snprintf(text, sizeof text, "-");
	else
		for (i = 0; i < c->len; i++) {
			ch = (unsigned char)c->reply[i];
			if (ch == '\n')
				n += (size_t)snprintf(text + n, 3, "\\n");
			else if (ch == '\r')
				n += (size_t)snprintf(text + n, 3, "\\r");
			else if (ch == '\t')
				n += (size_t)snprintf(text + n, 3, "\\t");
			else if (ch == '\\')
				n += (size_t)snprintf(text + n, 3, "\\\\");
			else if (ch < 0x20 || ch > 0x7e)
				n += (size_t)snprintf(text + n, 5, "\\x%02x",
				    ch);
			else
				text[n++] = (char)ch;
			text[n] = '\0';
		}
	tally(text);
	close(c->fd);
	c->fd = -1;
}

static const char *
errname(int e)
{
	switch (e) {
	case ECONNREFUSED: return "ECONNREFUSED";
	case ECONNRESET: return "ECONNRESET";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case EADDRINUSE: return "EADDRINUSE";
	default: return strerror(e);
	}
}

/* the i-th source address after base */
static void
source(const struct sockaddr_storage *base, unsigned long i,
    struct sockaddr_storage *out)
{
	struct sockaddr_in *s4 = (void *)out;
	struct sockaddr_in6 *s6 = (void *)out;
	unsigned long v;
	int b;

	*out = *base;
	if (out->ss_family == AF_INET)
		s4->sin_addr.s_addr = htonl(ntohl(s4->sin_addr.s_addr) +
		    (uint32_t)i);
	else
		for (b = 15, v = i; b >= 8 && v > 0; b--) {
			v += s6->sin6_addr.s6_addr[b];
			s6->sin6_addr.s6_addr[b] = (unsigned char)v;
			v >>= 8;
		}
}

static int
parse_addr(const char *s, unsigned port, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in *s4 = (void *)ss;
	struct sockaddr_in6 *s6 = (void *)ss;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, s, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		*len = sizeof *s4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		*len = sizeof *s6;
		return 0;
	}
	return -1;
}

static int
start(struct conn *c, const struct sockaddr_storage *dst, socklen_t dlen,
    const struct sockaddr_storage *src)
{
	int fd;

	c->len = 0;
	c->connected = 0;
	c->start = now_ms();
	if ((fd = socket(dst->ss_family, SOCK_STREAM, 0)) == -1) {
		perror("loadgen: socket");
		exit(111);
	}
	c->fd = fd;
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1) {
		perror("loadgen: fcntl");
		exit(111);
	}
	if (src != NULL && bind(fd, (const struct sockaddr *)src, dlen) == -1) {
		finish(c, errname(errno));
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)dst, dlen) == -1 &&
	    errno != EINPROGRESS) {
		finish(c, errname(errno));
		return -1;
	}
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: loadgen [-b addr] [-a naddr] [-n count] "
	    "[-k conc] [-i ms] [-t ms] host port\n");
	exit(100);
}

int
main(int argc, char *argv[])
{
	static struct conn conns[CONCMAX];
	struct pollfd pfd[CONCMAX];
	struct sockaddr_storage dst, srcbase, src;
	socklen_t dlen, slen;
	unsigned long count = 1, conc = 1, naddr = 1, gap = 0, limit = 0;
	unsigned long started = 0, port;
	const char *bindaddr = NULL;
	long long t0, last = -1000000, t;
	int ch, i, n, active = 0, err;
	socklen_t elen;
	ssize_t r;

	while ((ch = getopt(argc, argv, "a:b:i:k:n:t:")) != -1) {
		switch (ch) {
		case 'a': if (scan_range(optarg, 1, 1 << 24, &naddr) == -1)
				usage();
			break;
		case 'b': bindaddr = optarg; break;
		case 'i': if (scan_ulong(optarg, &gap) == -1) usage(); break;
		case 'k': if (scan_range(optarg, 1, CONCMAX, &conc) == -1)
				usage();
			break;
		case 'n': if (scan_range(optarg, 1, 10000000, &count) == -1)
				usage();
			break;
		case 't': if (scan_ulong(optarg, &limit) == -1) usage(); break;
		default: usage();
		}
	}
	argv += optind;
	if (argv[0] == NULL || argv[1] == NULL ||
	    scan_range(argv[1], 1, 65535, &port) == -1 ||
	    parse_addr(argv[0], (unsigned)port, &dst, &dlen) == -1)
		usage();
	if (bindaddr != NULL && (parse_addr(bindaddr, 0, &srcbase, &slen) ==
	    -1 || srcbase.ss_family != dst.ss_family))
		usage();
	for (i = 0; i < CONCMAX; i++)
		conns[i].fd = -1;

	t0 = now_ms();
	while (started < count || active > 0) {
		t = now_ms();
		if (limit > 0 && t - t0 >= (long long)limit)
			count = started;	/* time is up: start no more */
		/* start what the pace and the concurrency allow */
		for (i = 0; i < (int)conc && started < count; i++) {
			if (conns[i].fd != -1 || t - last < (long long)gap)
				continue;
			if (bindaddr != NULL)
				source(&srcbase, started % naddr, &src);
			started++;
			last = t;
			if (start(&conns[i], &dst, dlen,
			    bindaddr != NULL ? &src : NULL) == 0)
				active++;
		}
		for (n = 0, i = 0; i < (int)conc; i++) {
			pfd[i].fd = conns[i].fd;
			pfd[i].events = conns[i].connected ? POLLIN : POLLOUT;
			pfd[i].revents = 0;
			if (conns[i].fd != -1)
				n++;
		}
		if (n == 0 && started >= count)
			break;
		if (poll(pfd, (nfds_t)conc, gap > 0 ? (int)gap : 100) == -1) {
			if (errno == EINTR)
				continue;
			perror("loadgen: poll");
			return 111;
		}
		t = now_ms();
		for (i = 0; i < (int)conc; i++) {
			struct conn *c = &conns[i];

			if (c->fd == -1)
				continue;
			if (t - c->start > GIVEUP) {
				finish(c, "timeout");
				active--;
				continue;
			}
			if (pfd[i].revents == 0)
				continue;
			if (!c->connected) {
				elen = sizeof err;
				if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR,
				    &err, &elen) == -1)
					err = errno;
				if (err != 0) {
					finish(c, errname(err));
					active--;
					continue;
				}
				c->connected = 1;
				(void)shutdown(c->fd, SHUT_WR);
				continue;
			}
			r = read(c->fd, c->reply + c->len,
			    c->len < REPLYMAX ? REPLYMAX - c->len : 0);
			if (r == -1 && errno == EAGAIN)
				continue;
			if (r > 0 && c->len + (size_t)r < REPLYMAX) {
				c->len += (size_t)r;
				continue;
			}
			if (r > 0)
				c->len += (size_t)r;
			finish(c, r == -1 && c->len == 0 ?
			    errname(errno) : NULL);
			active--;
		}
	}
	for (i = 0; i < nkinds; i++)
		printf("%lu %s\n", kinds[i].count, kinds[i].text);
	printf("elapsed=%lld\n", now_ms() - t0);
	return 0;
}
