/*
 * svc-connect: the client.  Connects to HOST PORT, or to the UNIX-domain
 * socket PATH, then either copies stdin to the server and the server to
 * stdout (pipe mode, like nc), or execs PROGRAM with the socket on fds 6
 * and 7 (UCSPI client, like tcpclient and unixclient).  Not part of a
 * server chain: it is run by hand, by scripts and by the tests.
 *
 * With -n it is a load generator instead (load.c).  With -P it first
 * sends a PROXY protocol header, as a load balancer would, in every mode.
 *
 * Sets for PROGRAM: PROTO=TCP, TCPLOCALIP, TCPLOCALPORT, TCPREMOTEIP,
 * TCPREMOTEPORT (removing TCPLOCALHOST, TCPREMOTEHOST and TCPREMOTEINFO
 * inherited from its own environment); or, to a path, unixclient's
 * PROTO=UNIX, UNIXLOCALPATH, UNIXLOCALUID, UNIXLOCALGID, UNIXLOCALPID,
 * UNIXREMOTEEUID, UNIXREMOTEEGID, UNIXREMOTEPID.  Reads PATH to find
 * PROGRAM.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cidr.h"
#include "connect.h"
#include "dial.h"
#include "die.h"
#include "fd.h"
#include "iprange.h"
#include "mono.h"
#include "os.h"
#include "port.h"
#include "prog.h"
#include "proxyhdr.h"
#include "scan.h"
#include "sock.h"

#define USAGE "svc-connect [-46qvz] [-i ip] [-t secs] [-T secs] " \
    "[-w secs] [-P proxy] [-n count [-c conc] [-r rate] [-s string] " \
    "[-e string] [-H]] host port|/path [prog [arg ...]]"
#define OPTSTR "46c:e:Hi:n:P:qr:s:t:T:vw:z"

#define BUFSIZE 65536
#define PAUSE_MIN 20		/* ms: -w's first pause between attempts */
#define PAUSE_MAX 500		/* ms: the longest, so a new service is seen */
#define LOAD_N_MAX 100000000UL	/* -n: 400 MB of latencies at most */
#define LOAD_C_MAX 65536UL	/* -c: more than one process can poll well */

static struct opts o;
static char remote[SOCK_ADDRLEN];	/* the server, for error lines */
static unsigned char proxy[PROXYHDR_BUILDMAX];	/* -P: sent first */
static size_t proxylen;

static const struct prog_info proginfo = { "svc-connect", NULL, USAGE,
	    "Connect to host port; copy stdin to it, its replies to stdout.\n"
	    "At end of stdin, shut down the sending half and read until the\n"
	    "server closes.\n"
	    "  host         a name, an IPv4 address, or an IPv6 address plain\n"
	    "               or in brackets; each address is tried in order\n"
	    "  port         a number or a tcp service name (/etc/services)\n"
	    "  /path        a UNIX-domain socket instead of host and port (an\n"
	    "               operand with a '/'; ./name in this directory)\n"
	    "  prog         run prog with the socket on fds 6 (read) and 7\n"
	    "               (write) and the UCSPI variables set (tcpclient)\n"
	    "  -4, -6       only IPv4, only IPv6 addresses\n"
	    "  -i ip        connect from this local address\n"
	    "  -t secs      give up on an address after secs (0.5: decimals)\n"
	    "  -w secs      retry refused or timed-out connects for secs\n"
	    "  -z           only connect, then close (port probe)\n"
	    "  -T secs      close after secs with no data either way (111)\n"
	    "  -P v,src,dst send a PROXY protocol header first, v1, v2 or\n"
	    "               v2crc (v2 with a CRC32C), for a client at src\n"
	    "               (ADDR:PORT, [V6]:PORT) connected to dst; -P v1,\n"
	    "               -P v2 alone send UNKNOWN and LOCAL headers\n"
	    "  -q           print fatal errors only (not load failures nor\n"
	    "               progress)\n"
	    "  -v           print the connection's addresses\n"
	    "Load mode: count connections, conc at a time, from one process;\n"
	    "each sends string, shuts down its sending half, reads to EOF.\n"
	    "Prints one line: svc-connect: bench conns= errors= seconds=\n"
	    "rate= p50_us= p90_us= p99_us= max_us=; exit 111 if any failed.\n"
	    "On a terminal, a progress line on stderr while it runs.\n"
	    "  -n count     connections to make (up to 100000000)\n"
	    "  -c conc      at most conc at once (default 1)\n"
	    "  -r rate      start at most rate connections a second\n"
	    "  -s string    send string (escapes \\r \\n \\t \\0 \\\\ \\xNN)\n"
	    "  -e string    count a reply other than string as an error\n"
	    "  -H           then a histogram of the latencies on stderr\n"
	    "  -i ip        repeat -i, or give a range (127.0.0.1-254):\n"
	    "               connection k comes from the k-th address\n"
	    "  --help, --version\n"
	    "Exit: 0 done, 100 bad usage, 111 unable to connect, timed out,\n"
	    "connection reset or other system error; 126/127 prog not\n"
	    "runnable/not found; else prog's own status.\n",
};

static void
add_local(const struct sockaddr *sa, socklen_t len, const char *arg)
{
	struct sock_addr *a;

	if (o.nlocal >= LOCALMAX)
		die(DIE_PERM, "-i: at most %d addresses: %s", LOCALMAX,
		    die_q(arg));
	if (o.local == NULL &&
	    (o.local = calloc(LOCALMAX, sizeof *o.local)) == NULL)
		die_sys(DIE_TEMP, "unable to allocate");
	a = &o.local[o.nlocal++];
	memcpy(&a->u.ss, sa, len);
	a->len = len;
	if (o.family != AF_UNSPEC && o.family != sa->sa_family)
		die(DIE_PERM, "-i %s: another address family than -4, -6 or "
		    "another -i", die_q(arg));
	o.family = sa->sa_family;
}

/*
 * -i: a numeric address, plain or in brackets, or an IPv4 range of the
 * last byte (127.0.0.1-254), expanded into one address each.
 */
static void
parse_local(char *arg)
{
	struct iprange r;
	struct sock_addr a;
	char *dash = strchr(arg, '-');
	unsigned k;

	if (iprange_parse(arg, &r) == -1) {
		if (errno == ENOMEM)
			die_sys(DIE_TEMP, "unable to allocate");
		if (dash == NULL)
			die(DIE_PERM, "-i wants a numeric IP address: %s%s",
			    die_q(arg), sock_v4short(arg) ? " (an IPv4 "
			    "address is four decimal numbers: 192.0.2.1)" : "");
		*dash = '\0';
		if (errno == EDOM)
			die(DIE_PERM, "-i: range ends before it starts: %s-%s",
			    die_q(arg), die_q(dash + 1));
		die(DIE_PERM, "-i wants an IPv4 range like 127.0.0.1-254: "
		    "%s-%s", die_q(arg), die_q(dash + 1));
	}
	if (dash != NULL)	/* a range is named by its first address */
		*dash = '\0';
	for (k = 0; k < r.count; k++) {
		(void)iprange_nth(&r, k, &a);
		add_local(&a.u.sa, a.len, arg);
	}
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

/* ms to wait for one address: -t, cut to what -w leaves; -1: no limit */
static int
attempt_ms(unsigned long long deadline)
{
	unsigned long long now, left;

	if (deadline == 0)
		return o.tmo > 0 ? (int)o.tmo : -1;
	now = mono_ms();
	left = deadline > now ? deadline - now : 1;
	return o.tmo > 0 && o.tmo < left ? (int)o.tmo : (int)left;
}

/*
 * -w, between two attempts: sleep pause ms, cut to what is left before
 * deadline; the next pause, twice as long up to PAUSE_MAX
 */
static unsigned long
backoff(unsigned long pause, unsigned long long deadline)
{
	unsigned long long now = mono_ms();

	/* the deadline may have passed since the caller looked: a pause
	   of deadline - now would wrap to poll's "forever" */
	if (now >= deadline)
		pause = 0;
	else if (now + pause > deadline)
		pause = (unsigned long)(deadline - now);
	(void)poll(NULL, 0, (int)pause);
	return pause * 2 > PAUSE_MAX ? PAUSE_MAX : pause * 2;
}

/*
 * A connect to name (the server as the lines show it) failed with
 * errno: give up, unless -w leaves time and the error may pass; then
 * wait, and the next pause
 */
static unsigned long
retry(const char *name, unsigned long long deadline, unsigned long pause)
{
	if (dial_connected(errno))	/* not "unable" */
		die(DIE_TEMP, "connected to %s, then the server reset the "
		    "connection", name);
	if (deadline == 0 || !dial_retryable(errno) || mono_ms() >= deadline)
		die_sys(DIE_TEMP, "unable to connect to %s", name);
	debug("retry remote=%s error=\"%s\"", name, strerror(errno));
	return backoff(pause, deadline);
}

/*
 * Try each address in turn; the socket, or -1 with errno and remote set.
 * The address that answered goes into used when it is not NULL.
 */
static int
connect_any(struct addrinfo *res, unsigned long long deadline,
    struct sock_addr *used)
{
	const struct sock_addr *l = o.nlocal > 0 ? &o.local[0] : NULL;
	struct addrinfo *ai;
	int fd, e = EADDRNOTAVAIL;

	for (ai = res; ai != NULL; ai = ai->ai_next) {
		(void)sock_fmt(ai->ai_addr, remote, sizeof remote);
		fd = dial_start(ai->ai_addr, ai->ai_addrlen,
		    l ? &l->u.sa : NULL, l ? l->len : 0);
		if (fd != -1 && dial_wait(fd, attempt_ms(deadline)) == 0) {
			if (used != NULL) {
				memcpy(&used->u.ss, ai->ai_addr,
				    ai->ai_addrlen);
				used->len = ai->ai_addrlen;
			}
			return fd;
		}
		e = errno;
		if (fd != -1)
			close(fd);
		debug("warning: unable to connect to %s: %s", remote,
		    strerror(e));
	}
	errno = e;
	return -1;
}

/*
 * Resolve and connect; with -w, retry a refused or timed-out connect,
 * and a name that does not resolve yet, until wait ms have passed.
 * The address that answered goes into used when it is not NULL.
 */
static int
dial_host(const char *host, unsigned port, unsigned long wait,
    struct sock_addr *used)
{
	unsigned long long deadline = 0;
	unsigned long pause = PAUSE_MIN;
	struct addrinfo *res;
	int fd, gaierr;

	if (wait > 0)
		deadline = mono_ms() + wait;
	for (;;) {
		if ((res = resolve(host, port, &gaierr)) != NULL) {
			fd = connect_any(res, deadline, used);
			freeaddrinfo(res);
			if (fd != -1)
				return fd;
			pause = retry(remote, deadline, pause);
			continue;
		}
		if (deadline == 0 || (gaierr != EAI_AGAIN &&
		    gaierr != EAI_NONAME) || mono_ms() >= deadline)
			die(DIE_TEMP, "unable to resolve %s: %s", die_q(host),
			    gai_strerror(gaierr));
		debug("retry host=%s error=\"%s\"", die_q(host),
		    gai_strerror(gaierr));
		pause = backoff(pause, deadline);
	}
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
 * last chunk, so a slow side slows the other instead of growing memory.
 * What is read is written at once, without waiting for another poll.
 */
static int
pipe_run(int fd)
{
	struct pollfd p[3];
	unsigned long long last = mono_ms(), now;
	ssize_t r;
	int shut = 0, timeout = -1, n;

	for (;;) {
		p[0].fd = !up.eof && up.len == 0 ? 0 : -1;
		p[0].events = POLLIN;
		p[1].fd = fd;
		p[1].events = (down.len == 0 ? POLLIN : 0) |
		    (up.len > 0 ? POLLOUT : 0);
		p[2].fd = down.len > 0 ? 1 : -1;
		p[2].events = POLLOUT;
		p[0].revents = p[1].revents = p[2].revents = 0;
		if (o.idle > 0) {
			now = mono_ms();
			if (now >= last + o.idle)
				die(DIE_TEMP, "timed out: no data from or to "
				    "%s for %lu.%03lu seconds", remote,
				    o.idle / 1000, o.idle % 1000);
			timeout = (int)(last + o.idle - now);
		}
		if ((n = poll(p, 3, timeout)) == -1) {
			if (errno == EINTR)
				continue;
			die_sys(DIE_TEMP, "unable to poll");
		}
		/* data either way, or an end, is activity for -T */
		if (n > 0 && (p[0].revents || p[1].revents))
			last = mono_ms();
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
		/* write at once what just came; a full stdout blocks us */
		if (down.len > 0) {
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
		if (up.len > 0) {	/* nonblocking: EAGAIN waits for POLLOUT */
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

/* set ipvar and portvar to fd's local (peer 0) or remote (1) address */
static void
env_addr(int fd, int peer, const char *ipvar, const char *portvar)
{
	struct sock_addr a;
	char ip[SOCK_IPLEN], num[8];
	unsigned port;

	a.len = sizeof a.u;
	if ((peer ? getpeername(fd, &a.u.sa, &a.len) :
	    getsockname(fd, &a.u.sa, &a.len)) == -1 ||
	    sock_ntop(&a.u.sa, ip, sizeof ip, &port) == -1)
		die_sys(DIE_TEMP, "unable to read the %s address",
		    peer ? "remote" : "local");
	snprintf(num, sizeof num, "%u", port);
	if (setenv(ipvar, ip, 1) == -1 || setenv(portvar, num, 1) == -1)
		die_sys(DIE_TEMP, "unable to set the environment");
}

/* become prog with the socket fd on fds 6 (read) and 7 (write) */
static void
exec_fds(int fd, char **argv)
{
	int moved;

	/* out of the way of 6 and 7 first; dup2 leaves the copies open */
	if (fd == 6 || fd == 7) {
		if ((moved = fcntl(fd, F_DUPFD_CLOEXEC, 8)) == -1)
			die_sys(DIE_TEMP, "unable to move the socket");
		close(fd);
		fd = moved;
	}
	if (dup2(fd, 6) == -1 || dup2(fd, 7) == -1)
		die_sys(DIE_TEMP, "unable to put the socket on fds 6 and 7");
	close(fd);
	execvp(argv[0], argv);
	die_sys(die_execcode(errno), "unable to run %s", die_q(argv[0]));
}

/* become prog with the socket on fds 6 and 7 and the UCSPI variables */
static void
exec_ucspi(int fd, char **argv)
{
	static const char *const stale[] = {
		"TCPLOCALHOST", "TCPREMOTEHOST", "TCPREMOTEINFO",
	};
	size_t i;

	/* the program gets a plain blocking socket, as from tcpclient */
	if (fd_block(fd) == -1)
		die_sys(DIE_TEMP, "unable to set up the socket");
	if (setenv("PROTO", "TCP", 1) == -1)
		die_sys(DIE_TEMP, "unable to set the environment");
	env_addr(fd, 0, "TCPLOCALIP", "TCPLOCALPORT");
	env_addr(fd, 1, "TCPREMOTEIP", "TCPREMOTEPORT");
	for (i = 0; i < sizeof stale / sizeof stale[0]; i++)
		(void)unsetenv(stale[i]);
	exec_fds(fd, argv);
}

/* ADDR:PORT or [V6]:PORT of -P, numeric, into a and *port; -1 if not */
static int
proxy_addr(char *s, unsigned char a[16], unsigned *port)
{
	char *host, *pstr;
	unsigned long p;

	if (sock_split(s, &host, &pstr) == -1 || host == NULL ||
	    cidr_addr(host, a) == -1 || strchr(host, '%') != NULL ||
	    scan_range(pstr, 0, 65535, &p) == -1)
		return -1;
	*port = (unsigned)p;
	return 0;
}

/*
 * -P v1|v2|v2crc[,SRC,DST]: build the PROXY header sent before anything
 * else; without addresses, v1's UNKNOWN or v2's LOCAL.
 */
static void
parse_proxy(const char *arg)
{
	struct proxyhdr h;
	char buf[256], *src = NULL, *dst = NULL, *c;
	int crc = 0;
	long n;

	memset(&h, 0, sizeof h);
	if (strlen(arg) >= sizeof buf)
		goto bad;
	strcpy(buf, arg);
	if ((c = strchr(buf, ',')) != NULL) {
		*c = '\0';
		src = c + 1;
		if ((c = strchr(src, ',')) == NULL)
			goto bad;
		*c = '\0';
		dst = c + 1;
	}
	if (strcmp(buf, "v1") == 0)
		h.version = 1;
	else if (strcmp(buf, "v2") == 0 || strcmp(buf, "v2crc") == 0) {
		h.version = 2;
		crc = buf[2] != '\0';
	} else
		goto bad;
	if (src == NULL)
		h.local = 1;
	else if (proxy_addr(src, h.src, &h.sport) == -1 ||
	    proxy_addr(dst, h.dst, &h.dport) == -1)
		goto bad;
	else if (cidr_is4(h.src) != cidr_is4(h.dst))
		die(DIE_PERM, "-P: source and destination of different "
		    "address families: %s", die_q(arg));
	else
		h.family = cidr_is4(h.src) ? AF_INET : AF_INET6;
	if ((n = proxyhdr_build(&h, crc, proxy, sizeof proxy)) > 0) {
		proxylen = (size_t)n;
		return;
	}
bad:
	die(DIE_PERM, "-P wants v1, v2 or v2crc, then ,SRC,DST as numeric "
	    "ADDR:PORT or [V6]:PORT, or nothing (UNKNOWN, LOCAL): %s",
	    die_q(arg));
}

/* -P: the header goes first, whole, before any byte of the client's */
static void
send_proxy(int fd)
{
	struct pollfd p;
	size_t off = 0;
	ssize_t r;

	while (off < proxylen) {
		r = send(fd, proxy + off, proxylen - off, MSG_NOSIGNAL);
		if (r > 0) {
			off += (size_t)r;
			continue;
		}
		if (r == -1 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR)
			die_sys(DIE_TEMP, "unable to write to %s", remote);
		p.fd = fd;
		p.events = POLLOUT;
		(void)poll(&p, 1, -1);
	}
}

/* -P in load mode: each connection sends the header, then -s, at once */
static void
prepend_proxy(void)
{
	char *both;

	if (proxylen == 0)
		return;
	if ((both = malloc(proxylen + o.sendlen)) == NULL)
		die_sys(DIE_TEMP, "unable to allocate");
	memcpy(both, proxy, proxylen);
	if (o.sendlen > 0)
		memcpy(both + proxylen, o.send, o.sendlen);
	free((char *)o.send);	/* unescape's, or NULL */
	o.send = both;
	o.sendlen += proxylen;
}

/* -s and -e: decode escapes into memory of their own */
static char *
unescape(int opt, const char *arg, size_t *len)
{
	size_t cap = strlen(arg) + 1;	/* escapes only shrink */
	char *out;
	long n;

	if ((out = malloc(cap)) == NULL)
		die_sys(DIE_TEMP, "unable to allocate");
	if ((n = scan_escapes(arg, out, cap)) == -1)
		die(DIE_PERM, "-%c: bad escape (known: \\r \\n \\t \\0 "
		    "\\\\ \\xNN): %s", opt, die_q(arg));
	*len = (size_t)n;
	return out;
}

/* seconds (decimals allowed) for -t, -T, -w into ms; lo: least allowed */
static unsigned long
secs(int opt, const char *arg, unsigned long lo)
{
	unsigned long ms;

	if (scan_msecs(arg, &ms) == -1 || ms < lo ||
	    ms > SCAN_SECS_MAX * 1000UL)
		die(DIE_PERM, "-%c wants seconds from %s to %d (up to 3 "
		    "decimals): %s", opt, lo > 0 ? "0.001" : "0",
		    SCAN_SECS_MAX, die_q(arg));
	return ms;
}

/* set name to the number v */
static void
env_num(const char *name, unsigned long v)
{
	char num[24];

	snprintf(num, sizeof num, "%lu", v);
	if (setenv(name, num, 1) == -1)
		die_sys(DIE_TEMP, "unable to set the environment");
}

/* become prog with the UNIX-domain socket on fds 6 and 7, as unixclient */
static void
exec_unix(int fd, const char *path, char **argv)
{
	uid_t uid;
	gid_t gid;
	pid_t pid;

	if (fd_block(fd) == -1)
		die_sys(DIE_TEMP, "unable to set up the socket");
	if (setenv("PROTO", "UNIX", 1) == -1 ||
	    setenv("UNIXLOCALPATH", path, 1) == -1)
		die_sys(DIE_TEMP, "unable to set the environment");
	env_num("UNIXLOCALUID", (unsigned long)geteuid());
	env_num("UNIXLOCALGID", (unsigned long)getegid());
	env_num("UNIXLOCALPID", (unsigned long)getpid());	/* prog's, after exec */
	if (os_peercred(fd, &uid, &gid, &pid) == 0) {
		env_num("UNIXREMOTEEUID", (unsigned long)uid);
		env_num("UNIXREMOTEEGID", (unsigned long)gid);
		if (pid > 0)
			env_num("UNIXREMOTEPID", (unsigned long)pid);
	}
	exec_fds(fd, argv);
}

/* connect to the UNIX-domain socket dst; with -w, retry as dial_host */
static int
dial_unix(const struct sock_addr *dst, unsigned long wait)
{
	unsigned long long deadline = wait > 0 ? mono_ms() + wait : 0;
	unsigned long pause = PAUSE_MIN;
	int fd;

	for (;;) {
		fd = dial_start(&dst->u.sa, dst->len, NULL, 0);
		if (fd != -1 && dial_wait(fd, attempt_ms(deadline)) == 0)
			return fd;
		if (fd != -1) {
			int e = errno;

			close(fd);
			errno = e;
		}
		pause = retry(die_q(remote), deadline, pause);
	}
}

/* svc-connect [options] /path [prog ...]: every mode, to a path */
static int
main_unix(char **argv)
{
	struct sock_addr dst;
	struct sockaddr_un *un = (struct sockaddr_un *)(void *)&dst.u.ss;
	size_t n = strlen(argv[0]);
	int fd;

	if (o.family != AF_UNSPEC || o.nlocal > 0)
		die(DIE_PERM, "-4, -6 and -i do not apply to a socket path");
	if (n >= sizeof un->sun_path)
		die(DIE_PERM, "socket path too long: %s", die_q(argv[0]));
	memset(&dst, 0, sizeof dst);
	un->sun_family = AF_UNIX;
	memcpy(un->sun_path, argv[0], n);
	dst.len = (socklen_t)sizeof *un;
	snprintf(remote, sizeof remote, "%s", argv[0]);
	if (o.n > 0) {
		if (o.wait > 0)
			close(dial_unix(&dst, o.wait));
		return load_run(&o, &dst);
	}
	fd = dial_unix(&dst, o.wait);
	debug("connect remote=%s", die_q(remote));
	send_proxy(fd);
	if (o.probe) {
		close(fd);
		return 0;
	}
	if (argv[1] != NULL)
		exec_unix(fd, argv[0], argv + 1);
	return pipe_run(fd);
}

/*
 * the command line into o; the operands (host port [prog ...], or
 * /path [prog ...])
 */
static char **
parse(int argc, char *argv[])
{
	char *sendarg = NULL, *wantarg = NULL;
	int ch, np;

	o.family = AF_UNSPEC;
	while ((ch = getopt(argc, argv, OPTS_FIRST OPTSTR)) != -1) {
		switch (ch) {
		case '4':
		case '6':
			if (o.family != AF_UNSPEC && o.family !=
			    (ch == '4' ? AF_INET : AF_INET6))
				die(DIE_PERM, "-4, -6 and -i ask for different "
				    "address families");
			o.family = ch == '4' ? AF_INET : AF_INET6;
			break;
		case 'c':
			if (scan_range(optarg, 1, LOAD_C_MAX, &o.c) == -1)
				die(DIE_PERM, "-c wants a number from 1 to "
				    "%lu: %s", LOAD_C_MAX, die_q(optarg));
			break;
		case 'e': wantarg = optarg; break;
		case 'H': o.hist = 1; break;
		case 'i': parse_local(optarg); break;
		case 'n':
			if (scan_range(optarg, 1, LOAD_N_MAX, &o.n) == -1)
				die(DIE_PERM, "-n wants a number from 1 to "
				    "%lu: %s", LOAD_N_MAX, die_q(optarg));
			break;
		case 'r':
			if (scan_range(optarg, 1, 1000000, &o.rate) == -1)
				die(DIE_PERM, "-r wants connections a second "
				    "from 1 to 1000000: %s", die_q(optarg));
			break;
		case 'P': parse_proxy(optarg); break;
		case 's': sendarg = optarg; break;
		case 'q': log_level = 0; break;
		case 't': o.tmo = secs(ch, optarg, 1); break;
		case 'T': o.idle = secs(ch, optarg, 1); break;
		case 'v': log_level = 2; break;
		case 'w': o.wait = secs(ch, optarg, 0); break;
		case 'z': o.probe = 1; break;
		default:
			die_opt(USAGE, OPTSTR);
		}
	}
	argv += optind;
	/* a path (any operand with a '/') stands for host and port */
	np = argv[0] != NULL && strchr(argv[0], '/') != NULL ? 1 : 2;
	if (argv[0] == NULL || argv[np - 1] == NULL)
		die_usage(USAGE);
	if (o.probe && argv[np] != NULL)
		die(DIE_PERM, "-z only probes: no program to run");
	if (o.idle > 0 && (o.probe || argv[np] != NULL))
		die(DIE_PERM, "-T applies to pipe and load mode only");
	if (o.n == 0 && (o.c > 0 || o.rate > 0 || sendarg != NULL ||
	    wantarg != NULL))
		die(DIE_PERM, "-c, -r, -s and -e need -n (load mode)");
	if (o.n == 0 && o.hist)
		die(DIE_PERM, "-H needs -n (load mode)");
	if (o.n > 0 && (o.probe || argv[np] != NULL))
		die(DIE_PERM, "-n runs no program and does not probe (-z)");
	if (o.c == 0)
		o.c = 1;
	if (o.c > o.n)
		o.c = o.n;
	if (sendarg != NULL)
		o.send = unescape('s', sendarg, &o.sendlen);
	if (wantarg != NULL)
		o.want = unescape('e', wantarg, &o.wantlen);
	prepend_proxy();
	return argv;
}

/* host (plain, or an IPv6 address in brackets) and port into o */
static void
parse_dest(char *hostarg, const char *portarg)
{
	char *host;

	if (sock_host(hostarg, &host) == -1)
		die(DIE_PERM, "bad host: %s", die_q(hostarg));
	o.host = host;
	if (sock_v4short(o.host))
		die(DIE_PERM, "bad host: %s (an IPv4 address is four decimal "
		    "numbers: 192.0.2.1)", die_q(o.host));
	if (port_scan(portarg, &o.port) == -1 || o.port == 0)
		die(DIE_PERM, "bad port: %s (a number from 1 to 65535 or a "
		    "tcp service name)", die_q(portarg));
}

/* load mode: to the first address, or to the one -w saw answer */
static int
load(void)
{
	struct addrinfo *res;
	struct sock_addr dst;
	int gaierr;

	if (o.wait > 0) {
		close(dial_host(o.host, o.port, o.wait, &dst));
	} else if ((res = resolve(o.host, o.port, &gaierr)) == NULL) {
		die(DIE_TEMP, "unable to resolve %s: %s", die_q(o.host),
		    gai_strerror(gaierr));
	} else {
		memcpy(&dst.u.ss, res->ai_addr, res->ai_addrlen);
		dst.len = res->ai_addrlen;
		freeaddrinfo(res);
	}
	return load_run(&o, &dst);
}

int
main(int argc, char *argv[])
{
	int fd;

	prog_start(&proginfo, argc, argv);
	argv = parse(argc, argv);
	if (strchr(argv[0], '/') != NULL)
		return main_unix(argv);
	parse_dest(argv[0], argv[1]);
	if (o.n > 0)
		return load();
	fd = dial_host(o.host, o.port, o.wait, NULL);
	log_connected(fd);
	send_proxy(fd);
	if (o.probe) {
		close(fd);
		return 0;
	}
	if (argv[2] != NULL)
		exec_ucspi(fd, argv + 2);
	return pipe_run(fd);
}
