/*
 * lnk_proxy: the logic of svc-proxy, a link of the chain (called by its
 * main and by svc-listend's forked child; never inside the listener, as
 * it reads from the client and sets the environment): read the PROXY
 * protocol header (version 1 or 2) that a trusted load balancer sends
 * before a relayed connection's first byte, put the real client's
 * addresses in the environment, then exec the rest of the command line.
 * Runs once per connection, first after svc-listen or any UCSPI server,
 * with the socket on fds 0 and 1.
 *
 * It reads no byte past the header (it peeks, then reads what belongs to
 * the header), so the program gets the client's first byte intact.  A
 * connection from a peer outside -a, or without a valid header within
 * -t, is refused: one line, exit 100.
 *
 * Reads the socket's addresses from the kernel.  Sets PROTO, TCPREMOTEIP,
 * TCPREMOTEPORT, TCPLOCALIP, TCPLOCALPORT, REMOTE_ADDR and REMOTE_PORT
 * from the header; unsets TCPREMOTEHOST, TCPREMOTEINFO, TCPLOCALHOST and
 * TCPCONNNUM, which described the balancer.  A LOCAL header (a
 * balancer's health check) or an UNKNOWN one changes nothing.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cidr.h"
#include "die.h"
#include "link.h"
#include "logfmt.h"
#include "mono.h"
#include "prog.h"
#include "proxyhdr.h"
#include "scan.h"
#include "sock.h"

#define USAGE "svc-proxy [-12qv] [-a cidr] [-t secs] prog [arg ...]"
#define OPTSTR "12a:qt:v"

#define DENIED 100		/* exit status of a refused connection */
#define PEERMAX 256		/* -a */
#define TMO_DEFAULT 5000	/* ms: -t; the spec asks at least 3 s */
#define TMO_MAX 3600000UL	/* ms */

/* the command line, anew for each run: a chain may hold two */
struct opts {
	int versions;			/* PROXYHDR_V1 | PROXYHDR_V2; -1, -2 */
	unsigned long tmo;		/* -t, ms */
	struct cidr peers[PEERMAX];	/* -a */
	size_t npeers;
};

static const struct prog_info proginfo = { "svc-proxy", NULL, USAGE,
	    "Read the PROXY protocol header a load balancer sends first, set\n"
	    "the real client's addresses (TCPREMOTEIP, REMOTE_ADDR...), then\n"
	    "run prog with the rest of the connection, not a byte read ahead.\n"
	    "  -a cidr      only these peers may send a header; others are\n"
	    "               refused (repeatable; default: any peer)\n"
	    "  -t secs      refuse a connection without a whole header after\n"
	    "               secs (default 5; 0.5: decimals)\n"
	    "  -1           accept version 1 (text) headers only\n"
	    "  -2           accept version 2 (binary) headers only\n"
	    "  -q           no deny lines\n"
	    "  -v           log each header accepted\n"
	    "  --help, --version\n"
	    "Exit: 100 refused or bad usage, 111 system error, 126/127 prog\n"
	    "not runnable/not found, else prog's own status.\n",
};

static char **
parse(int argc, char *argv[], struct opts *o)
{
	int ch, only = 0;

	o->versions = PROXYHDR_V1 | PROXYHDR_V2;
	o->tmo = TMO_DEFAULT;
	o->npeers = 0;
	while ((ch = getopt(argc, argv, OPTS_FIRST OPTSTR)) != -1) {
		switch (ch) {
		case '1':
		case '2':
			if (only != 0 && only != ch)
				die(DIE_PERM, "-1 and -2 exclude each other "
				    "(both versions are the default)");
			only = ch;
			o->versions = ch == '1' ? PROXYHDR_V1 : PROXYHDR_V2;
			break;
		case 'a':
			link_cidr_opt(optarg, o->peers, &o->npeers, PEERMAX);
			break;
		case 'q': log_level = 0; break;
		case 't':
			if (scan_msecs(optarg, &o->tmo) == -1 || o->tmo == 0 ||
			    o->tmo > TMO_MAX)
				die(DIE_PERM, "-t wants seconds from 0.001 to "
				    "%lu (up to 3 decimals): %s",
				    TMO_MAX / 1000, die_q(optarg));
			break;
		case 'v': log_level = 2; break;
		default:
			die_opt(USAGE, OPTSTR);
		}
	}
	argv += optind;
	if (argv[0] == NULL)
		die_usage(USAGE);
	return argv;
}

/* a 16-byte address and a port as text, for the log and the environment */
static void
addr_text(const unsigned char a[16], unsigned port, char ip[CIDR_TEXTLEN],
    char num[8])
{
	(void)cidr_fmt(a, 128, ip, CIDR_TEXTLEN);
	snprintf(num, 8, "%u", port);
}

/* " key=IP:PORT" from a 16-byte address */
static void
put_addr(struct buf *b, const char *key, const unsigned char a[16],
    unsigned port)
{
	char ip[CIDR_TEXTLEN], num[8];

	addr_text(a, port, ip, num);
	logfmt_addr(b, key, ip, num);
}

/* " key=IP:PORT" of a socket's address, or key=? */
static void
put_sock(struct buf *b, const char *key, const struct sock_addr *a)
{
	char ip[SOCK_IPLEN], num[8];
	unsigned port;

	if (a->len == 0 || sock_ntop(&a->u.sa, ip, sizeof ip, &port) == -1) {
		logfmt_str(b, key, "?");
		return;
	}
	snprintf(num, sizeof num, "%u", port);
	logfmt_addr(b, key, ip, num);
}

/* "svc-proxy: deny remote=BALANCER reason=WHY got=N" */
static void
log_deny(const struct sock_addr *peer, const char *why, size_t got)
{
	char mem[256];
	struct buf b;

	if (log_level < 1)
		return;
	logfmt_begin(&b, mem, sizeof mem, "deny");
	put_sock(&b, "remote", peer);
	logfmt_str(&b, "reason", why);
	logfmt_num(&b, "got", got);
	logfmt_end(&b);
}

/* "svc-proxy: accept remote=CLIENT local=DEST peer=BALANCER version=N" */
static void
log_accept(const struct sock_addr *peer, const struct proxyhdr *h)
{
	char mem[512];
	struct buf b;

	if (log_level < 2)
		return;
	logfmt_begin(&b, mem, sizeof mem, "accept");
	if (!h->local) {
		put_addr(&b, "remote", h->src, h->sport);
		put_addr(&b, "local", h->dst, h->dport);
	}
	put_sock(&b, "peer", peer);
	logfmt_num(&b, "version", (unsigned long long)h->version);
	if (h->local)
		logfmt_str(&b, "command", h->version == 1 ? "unknown" :
		    h->cmdlocal ? "local" : "proxy-not-tcp");
	if (h->crc)
		logfmt_str(&b, "crc32c", "ok");
	logfmt_end(&b);
}

/* take exactly n bytes that recv(MSG_PEEK) has shown are there */
static int
consume(unsigned char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = recv(0, p, n, 0);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * Read the header from fd 0 into h: 0, or -1 with the reason in *why.
 * Each round peeks at what has come; while the header is incomplete,
 * every byte seen belongs to it and is taken; once it is whole, exactly
 * the rest of it is taken, and the data after it stays in the socket.
 */
static int
read_header(const struct opts *o, struct proxyhdr *h, const char **why,
    size_t *got)
{
	unsigned char hdr[PROXYHDR_V2MAX];	/* never more is read */
	unsigned long long deadline, now;
	struct pollfd p;
	ssize_t r;
	long len;
	int whole;

	*got = 0;
	deadline = mono_ms() + o->tmo + 1;	/* a whole tmo, never less */
	for (;;) {
		p.fd = 0;
		p.events = POLLIN;
		now = mono_ms();
		if (now >= deadline) {
			*why = "timeout";
			return -1;
		}
		r = poll(&p, 1, (int)(deadline - now));
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			die_sys(DIE_TEMP, "unable to poll");
		if (r == 0)
			continue;	/* the deadline, checked above */
		r = recv(0, hdr + *got, sizeof hdr - *got, MSG_PEEK);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			*why = r == 0 ? "eof" : errno == ECONNRESET ? "reset" :
			    "io";
			return -1;
		}
		len = proxyhdr_parse(hdr, *got + (size_t)r, o->versions, h,
		    why);
		if (len == -1) {
			*got += (size_t)r;
			return -1;
		}
		whole = len > 0;
		if (!whole)
			len = (long)(*got + (size_t)r);
		if ((size_t)len < *got || consume(hdr + *got,
		    (size_t)len - *got) == -1) {
			*why = "io";
			return -1;
		}
		*got = (size_t)len;
		if (whole)
			return 0;
	}
}

/* set ipvar and portvar from a 16-byte address and a port */
static void
set_addr(const char *ipvar, const char *portvar, const unsigned char a[16],
    unsigned port)
{
	char ip[CIDR_TEXTLEN], num[8];

	addr_text(a, port, ip, num);
	if (setenv(ipvar, ip, 1) == -1 || setenv(portvar, num, 1) == -1)
		die_sys(DIE_TEMP, "unable to set the environment");
}

static void
set_env(const struct proxyhdr *h)
{
	static const char *const stale[] = {
		"TCPREMOTEHOST", "TCPREMOTEINFO", "TCPLOCALHOST", "TCPCONNNUM",
	};
	size_t i;

	if (h->local)
		return;
	if (setenv("PROTO", "TCP", 1) == -1)
		die_sys(DIE_TEMP, "unable to set the environment");
	set_addr("TCPREMOTEIP", "TCPREMOTEPORT", h->src, h->sport);
	set_addr("REMOTE_ADDR", "REMOTE_PORT", h->src, h->sport);
	set_addr("TCPLOCALIP", "TCPLOCALPORT", h->dst, h->dport);
	for (i = 0; i < sizeof stale / sizeof stale[0]; i++)
		(void)unsetenv(stale[i]);
}

/* 1 if the peer may send a header: -a names it, or there is no -a */
static int
trusted(const struct opts *o, const struct sock_addr *peer)
{
	unsigned char key[16];
	size_t i;

	if (o->npeers == 0)
		return 1;
	if (peer->len == 0 || (peer->u.sa.sa_family != AF_INET &&
	    peer->u.sa.sa_family != AF_INET6))
		return 0;
	sock_key(&peer->u.sa, key);
	for (i = 0; i < o->npeers; i++)
		if (cidr_match(&o->peers[i], key))
			return 1;
	return 0;
}

/*
 * The whole of svc-proxy but the exec: parse argv, read the header, set
 * the environment, and return the argv to exec next, or NULL with the
 * exit status in *code.  What it keeps is on this run's stack.
 */
static char **
run(int argc, char *argv[], int *code)
{
	struct opts o;
	struct sock_addr peer;
	struct proxyhdr h;
	const char *why;
	char **next;
	size_t got = 0;

	next = parse(argc, argv, &o);
	peer.len = sizeof peer.u;
	if (getpeername(0, &peer.u.sa, &peer.len) == -1) {
		if (errno == ENOTSOCK)
			die(DIE_PERM, "fd 0 is not a socket (run under "
			    "svc-listen or another UCSPI server)");
		/* reset already (a balancer's check may not wait for us) */
		peer.len = 0;
		log_deny(&peer, errno == ENOTCONN ? "reset" : "io", 0);
		*code = DENIED;
		return NULL;
	}
	if (!trusted(&o, &peer)) {
		log_deny(&peer, "peer", 0);
		*code = DENIED;
		return NULL;
	}
	if (read_header(&o, &h, &why, &got) == -1) {
		log_deny(&peer, why, got);
		*code = DENIED;
		return NULL;
	}
	set_env(&h);
	log_accept(&peer, &h);
	return next;
}

const struct link link_proxy = { &proginfo, run, NULL,
    OPTS_FIRST OPTSTR };
