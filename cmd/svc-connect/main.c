/*
 * svc-connect: the client.  Connects to HOST PORT, then copies stdin to
 * the server and the server to stdout (pipe mode, like nc).  Not part of
 * a server chain: it is run by hand, by scripts and by the tests.
 *
 * Reads no environment variable but PATH (through getaddrinfo's files,
 * /etc/hosts and /etc/services).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connect.h"
#include "dial.h"
#include "die.h"
#include "fd.h"
#include "mono.h"
#include "scan.h"
#include "sock.h"

#define USAGE "svc-connect [-46qv] [-i ip] host port"

#define BUFSIZE 65536

static struct opts o;
static char remote[SOCK_ADDRLEN];	/* the server, for error lines */

static void
usage_help(void)
{
	static const char help[] =
	    "usage: " USAGE "\n"
	    "Connect to host port; copy stdin to it and its replies to stdout.\n"
	    "At end of stdin, shut down the sending half and read until the\n"
	    "server closes.\n"
	    "  host         a name, an IPv4 address, or an IPv6 address plain\n"
	    "               or in brackets; each address is tried in order\n"
	    "  port         a number or a tcp service name (/etc/services)\n"
	    "  -4, -6       only IPv4, only IPv6 addresses\n"
	    "  -i ip        connect from this local address\n"
	    "  -q           print errors only\n"
	    "  -v           print the connection's addresses\n"
	    "  --help, --version\n"
	    "Exit: 0 done, 100 bad usage, 111 unable to connect, connection\n"
	    "reset or other system error.\n";

	(void)fd_writeall(1, help, sizeof help - 1);
	exit(0);
}

/* a numeric address for -i, plain or in brackets */
static void
parse_local(char *arg)
{
	struct addrinfo hints, *res;
	struct sock_addr *a;
	char *s = arg, *end;
	int r;

	if (*s == '[' && (end = strchr(s, ']')) != NULL && end[1] == '\0') {
		*end = '\0';
		s++;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
	if ((r = getaddrinfo(s, "0", &hints, &res)) != 0)
		die(DIE_PERM, "-i wants a numeric IP address: %s", arg);
	if (o.nlocal >= LOCALMAX)
		die(DIE_PERM, "-i: at most %d addresses", LOCALMAX);
	if (o.local == NULL &&
	    (o.local = calloc(LOCALMAX, sizeof *o.local)) == NULL)
		die_sys(DIE_TEMP, "unable to allocate");
	a = &o.local[o.nlocal++];
	memcpy(&a->u.ss, res->ai_addr, res->ai_addrlen);
	a->len = res->ai_addrlen;
	freeaddrinfo(res);
	if (o.family != AF_UNSPEC && o.family != a->u.sa.sa_family)
		die(DIE_PERM, "-i %s: another address family than -4, -6 or "
		    "another -i", arg);
	o.family = a->u.sa.sa_family;
}

static struct addrinfo *
resolve(const char *host, unsigned port, int *gaierr)
{
	struct addrinfo hints, *res;
	char pbuf[16];

	memset(&hints, 0, sizeof hints);
	hints.ai_family = o.family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(pbuf, sizeof pbuf, "%u", port);
	if ((*gaierr = getaddrinfo(host, pbuf, &hints, &res)) != 0)
		return NULL;
	return res;
}

/* try each address in turn; the socket, or -1 with errno and remote set */
static int
connect_any(struct addrinfo *res)
{
	const struct sock_addr *l = o.nlocal > 0 ? &o.local[0] : NULL;
	struct addrinfo *ai;
	int fd, e = EADDRNOTAVAIL;

	for (ai = res; ai != NULL; ai = ai->ai_next) {
		(void)sock_fmt(ai->ai_addr, remote, sizeof remote);
		fd = dial_start(ai->ai_addr, ai->ai_addrlen,
		    l ? &l->u.sa : NULL, l ? l->len : 0);
		if (fd != -1 && dial_wait(fd, -1) == 0)
			return fd;
		e = errno;
		if (fd != -1)
			close(fd);
		debug("warning: unable to connect to %s: %s", remote,
		    strerror(e));
	}
	errno = e;
	return -1;
}

static void
log_connected(int fd)
{
	struct sock_addr la;
	char ls[SOCK_ADDRLEN];

	if (log_level < 2)
		return;
	la.len = sizeof la.u;
	if (getsockname(fd, &la.u.sa, &la.len) == -1 ||
	    sock_fmt(&la.u.sa, ls, sizeof ls) == -1)
		snprintf(ls, sizeof ls, "?");
	debug("connect local=%s remote=%s", ls, remote);
}

/* one direction of the copy: what was read and not yet written */
struct half {
	char buf[BUFSIZE];
	size_t off, len;
	int eof;
};

static struct half up, down;	/* stdin to server, server to stdout */

/*
 * Pipe mode.  poll decides who may move: stdin is read only when its
 * data has gone out, the socket is read only when stdout has taken the
 * last chunk, so nothing is buffered longer than one write and a slow
 * side slows the other instead of growing memory.
 */
static int
pipe_run(int fd)
{
	struct pollfd p[3];
	ssize_t r;
	int shut = 0;

	for (;;) {
		p[0].fd = !up.eof && up.len == 0 ? 0 : -1;
		p[0].events = POLLIN;
		p[1].fd = fd;
		p[1].events = (down.len == 0 ? POLLIN : 0) |
		    (up.len > 0 ? POLLOUT : 0);
		p[2].fd = down.len > 0 ? 1 : -1;
		p[2].events = POLLOUT;
		p[0].revents = p[1].revents = p[2].revents = 0;
		if (poll(p, 3, -1) == -1) {
			if (errno == EINTR)
				continue;
			die_sys(DIE_TEMP, "unable to poll");
		}
		/* the server first: when it has closed, we are done */
		if (down.len == 0 && (p[1].revents & (POLLIN | POLLHUP |
		    POLLERR))) {
			r = recv(fd, down.buf, sizeof down.buf, 0);
			if (r > 0) {
				down.off = 0;
				down.len = (size_t)r;
			} else if (r == 0)
				down.eof = 1;
			else if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				die_sys(DIE_TEMP, "unable to read from %s",
				    remote);
		}
		if (down.len > 0 && (p[2].revents || down.eof)) {
			r = write(1, down.buf + down.off, down.len);
			if (r > 0) {
				down.off += (size_t)r;
				down.len -= (size_t)r;
			} else if (r == -1 && errno != EAGAIN &&
			    errno != EWOULDBLOCK && errno != EINTR)
				die_sys(DIE_TEMP, "unable to write to stdout");
		}
		if (down.eof && down.len == 0)
			return 0;
		if (p[0].revents) {
			r = read(0, up.buf, sizeof up.buf);
			if (r > 0) {
				up.off = 0;
				up.len = (size_t)r;
			} else if (r == 0)
				up.eof = 1;
			else if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				die_sys(DIE_TEMP, "unable to read stdin");
		}
		if (up.len > 0 && (p[1].revents & (POLLOUT | POLLERR))) {
			r = send(fd, up.buf + up.off, up.len, MSG_NOSIGNAL);
			if (r > 0) {
				up.off += (size_t)r;
				up.len -= (size_t)r;
			} else if (r == -1 && errno != EAGAIN &&
			    errno != EWOULDBLOCK && errno != EINTR)
				die_sys(DIE_TEMP, "unable to write to %s",
				    remote);
		}
		if (up.eof && up.len == 0 && !shut) {
			if (shutdown(fd, SHUT_WR) == -1 && errno != ENOTCONN)
				die_sys(DIE_TEMP, "unable to shut down "
				    "writing to %s", remote);
			shut = 1;
		}
	}
}

int
main(int argc, char *argv[])
{
	struct addrinfo *res;
	char *host, *end;
	unsigned port;
	int ch, fd, gaierr;

	PROG = "svc-connect";
	if (fd_ensure_std() == -1)
		die_sys(DIE_TEMP, "unable to open /dev/null");
	if (argc > 1 && strcmp(argv[1], "--help") == 0)
		usage_help();
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		(void)fd_writeall(1, "svc-connect " SVC_VERSION "\n",
		    sizeof "svc-connect " SVC_VERSION "\n" - 1);
		return 0;
	}
	o.family = AF_UNSPEC;
	while ((ch = getopt(argc, argv, OPTS_FIRST "46i:qv")) != -1) {
		switch (ch) {
		case '4':
		case '6':
			if (o.family != AF_UNSPEC && o.family !=
			    (ch == '4' ? AF_INET : AF_INET6))
				die(DIE_PERM, "-4, -6 and -i ask for different "
				    "address families");
			o.family = ch == '4' ? AF_INET : AF_INET6;
			break;
		case 'i': parse_local(optarg); break;
		case 'q': log_level = 0; break;
		case 'v': log_level = 2; break;
		default:
			die_usage(USAGE);
		}
	}
	argv += optind;
	if (argv[0] == NULL || argv[1] == NULL || argv[2] != NULL)
		die_usage(USAGE);
	host = argv[0];
	if (*host == '[' && (end = strchr(host, ']')) != NULL &&
	    end[1] == '\0') {
		*end = '\0';
		host++;
	}
	if (*host == '\0')
		die(DIE_PERM, "bad host: empty");
	if (sock_port(argv[1], &port) == -1 || port == 0)
		die(DIE_PERM, "bad port: %s (a number from 1 to 65535 or a "
		    "tcp service name)", argv[1]);

	if ((res = resolve(host, port, &gaierr)) == NULL)
		die(DIE_TEMP, "unable to resolve %s: %s", host,
		    gai_strerror(gaierr));
	fd = connect_any(res);
	freeaddrinfo(res);
	if (fd == -1)
		die_sys(DIE_TEMP, "unable to connect to %s", remote);
	log_connected(fd);
	return pipe_run(fd);
}
