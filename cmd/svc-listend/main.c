/*
 * svc-listend: the accept loop of svc-listen, which execs it once the
 * socket is bound and privileges are dropped (as s6-tcpserver hands over
 * to s6-tcpserverd).  Static and small: it is the long-running process,
 * so what it maps is what the listener costs in memory.
 *
 * fd 0: the listening socket (nonblocking).  For each connection it
 * starts prog with the socket on fds 0 and 1 and sets PROTO, TCPLOCALIP,
 * TCPLOCALPORT, TCPREMOTEIP, TCPREMOTEPORT, TCPCONNNUM, REMOTE_ADDR,
 * REMOTE_PORT, and TCPLOCALHOST with -l; stale copies of these and of
 * TCPREMOTEHOST, TCPREMOTEINFO and REMOTE_HOST are removed.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conntab.h"
#include "die.h"
#include "fd.h"
#include "mono.h"
#include "os.h"
#include "scan.h"
#include "sig.h"
#include "sock.h"

#define USAGE "svc-listend [-Lqv] [-c max] [-C max[:msg]] [-h helper] " \
    "[-l name] [-N fd] [-p file] -x path prog [arg ...]  " \
    "(fd 0: a listening socket)"
#define OPTSTR OPTS_FIRST "c:C:h:Ll:N:p:qvx:"

#define BACKOFF_MIN 10		/* ms: first pause after accept/fork fails */
#define BACKOFF_MAX 500		/* ms: longest pause, so recovery is quick */
#define MSGMAX 1024

extern char **environ;

/* what the command line asked for */
static unsigned long maxconns = 100, persource;
static const char *localname;
static char denymsg[MSGMAX];
static long denylen;

/* the child's environment: inherited variables, then our slots */
enum { E_PROTO, E_LIP, E_LPORT, E_RIP, E_RPORT, E_CONNNUM, E_RADDR,
	E_RPORT2, E_LHOST, E_NSLOTS };
static const char *const slotname[E_NSLOTS] = {
	"PROTO=", "TCPLOCALIP=", "TCPLOCALPORT=", "TCPREMOTEIP=",
	"TCPREMOTEPORT=", "TCPCONNNUM=", "REMOTE_ADDR=", "REMOTE_PORT=",
	"TCPLOCALHOST=",
};
static char slotmem[E_NSLOTS][16 + 1024];
static size_t slotoff[E_NSLOTS];	/* length of each slot's "NAME=" */
static char **envp;
static size_t envslot;		/* index of slot 0 in envp */
static int localfixed;		/* bound to one address: local slots are set */

static const char *progpath;	/* what each child execs */
static char **progargv;
static char execerr[512];
static size_t execerrlen;

/*
 * Caught, so that a stray kill(1) does not end the listener: TERM, INT
 * and QUIT stop it; the others, whose default would kill it, are
 * ignored (logged with -v).  Children get every one back at its default.
 */
static const int caught[] = { SIGCHLD, SIGTERM, SIGINT, SIGQUIT, SIGHUP,
	SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXFSZ };
#define NCAUGHT ((int)(sizeof caught / sizeof caught[0]))

/*
 * A client over -C may only be over because its previous connection's
 * child has closed the socket but not yet been reaped.  It is held (up
 * to HOLDMAX of them, each at most HOLD_MS) and looked at again after
 * each reap; still over the limit at its deadline, it is denied.
 */
#define HOLDMAX 64
#define HOLD_MS 250
static struct held {
	int fd;
	struct sock_addr ra;
	unsigned long long until;
} held[HOLDMAX];
static int nheld;

static struct conntab tab;
static const int lfd = 0;
static char logmem[512];

static int
ours(const char *var)
{
	static const char *const names[] = {
		"PROTO=", "TCPLOCALIP=", "TCPLOCALPORT=", "TCPLOCALHOST=",
		"TCPREMOTEIP=", "TCPREMOTEPORT=", "TCPREMOTEHOST=",
		"TCPREMOTEINFO=", "TCPCONNNUM=", "REMOTE_ADDR=",
		"REMOTE_PORT=", "REMOTE_HOST=",
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strncmp(var, names[i], strlen(names[i])) == 0)
			return 1;
	return 0;
}

/* the value after a slot's "NAME=", which env_build wrote once */
static void
setslot(int s, const char *val)
{
	size_t off = slotoff[s], n = strlen(val);

	if (n > sizeof slotmem[s] - off - 1)
		n = sizeof slotmem[s] - off - 1;
	memcpy(slotmem[s] + off, val, n);
	slotmem[s][off + n] = '\0';
}

/* the child's environment, built once: copies of ours minus stale UCSPI */
static void
env_build(void)
{
	size_t n = 0, i;
	char **e;
	int s;

	for (e = environ; *e != NULL; e++)
		n++;
	if ((envp = calloc(n + E_NSLOTS + 1, sizeof *envp)) == NULL)
		die_sys(DIE_TEMP, "unable to allocate the environment");
	i = 0;
	for (e = environ; *e != NULL; e++)
		if (!ours(*e))
			envp[i++] = *e;
	envslot = i;
	for (s = 0; s < E_NSLOTS; s++) {
		slotoff[s] = strlen(slotname[s]);
		memcpy(slotmem[s], slotname[s], slotoff[s]);
		envp[envslot + s] = slotmem[s];
	}
	setslot(E_PROTO, "TCP");
	/* the optional slot sits at the end, so NULL there ends the list */
	if (localname != NULL)
		setslot(E_LHOST, localname);
	else
		envp[envslot + E_LHOST] = NULL;
}

static void
env_local(int fd, const struct sockaddr *sa)
{
	struct sock_addr la;
	char ip[SOCK_IPLEN], num[8];
	unsigned port;

	if (sa == NULL) {
		la.len = sizeof la.u;
		if (getsockname(fd, &la.u.sa, &la.len) == -1)
			return;
		sa = &la.u.sa;
	}
	if (sock_ntop(sa, ip, sizeof ip, &port) == -1)
		return;
	snprintf(num, sizeof num, "%u", port);
	setslot(E_LIP, ip);
	setslot(E_LPORT, num);
}

static void
logline(struct buf *b)
{
	buf_endline(b);
	die_writeline(b->p, b->len);
}

static void
log_begin(struct buf *b, const char *event)
{
	buf_init(b, logmem, sizeof logmem);
	buf_puts(b, PROG);
	buf_puts(b, ": ");
	buf_puts(b, event);
}

/*
 * Faults (accept or fork failing for lack of descriptors, memory or
 * processes) are logged once per burst and paused on, doubling the pause,
 * so the listener neither spins nor dies; a success ends the burst.
 */
static struct {
	unsigned long failures;
	unsigned long long until;
	unsigned pause;
} fault;

static void
fault_hit(const char *what)
{
	if (fault.failures++ == 0) {
		warn_sys("unable to %s (pausing, will retry)", what);
		fault.pause = BACKOFF_MIN;
	} else if (fault.pause < BACKOFF_MAX)
		fault.pause *= 2;
	fault.until = mono_ms() + fault.pause;
}

static void
fault_clear(const char *what)
{
	if (fault.failures == 0)
		return;
	info("recover op=%s failures=%lu", what, fault.failures);
	fault.failures = 0;
	fault.until = 0;
}

/*
 * -h: the name lookup needs the system's resolver, which this static
 * program leaves out; the child runs "svc-listen --lookup", which looks
 * the client up, sets TCPREMOTEHOST and execs prog.
 */
static char **lookupargv;

static pid_t
spawn_lookup(int fd)
{
	return os_spawn(lookupargv[0], lookupargv, envp, fd, caught, NCAUGHT,
	    execerr, execerrlen);
}

static void
deny(int fd, const char *remote, unsigned conns)
{
	struct buf b;

	char junk[4096];
	int i;

	if (fd_nonblock(fd) == 0) {
		if (denylen > 0)
			(void)!send(fd, denymsg, (size_t)denylen,
			    MSG_NOSIGNAL);
		/* unread input would make close send a reset, not the msg */
		for (i = 0; i < 4 && read(fd, junk, sizeof junk) > 0; i++)
			;
	}
	close(fd);
	if (log_level < 1)
		return;
	log_begin(&b, "deny remote=");
	buf_puts(&b, remote);
	buf_puts(&b, " reason=per-source conns=");
	buf_putu(&b, conns);
	buf_puts(&b, " limit=");
	buf_putu(&b, persource);
	logline(&b);
}

/*
 * Reaping.  waitpid(-1) makes the kernel walk every child we have, so
 * with thousands held each SIGCHLD would cost in proportion.  Where the
 * system has pidfds, each child gets one, watched in an event set that
 * sits in the poll loop: the children that ended are the descriptors
 * that are ready, and each is waited for by its pid.  The pidfds live
 * at PIDFD_BASE and up, above the sockets, so a starting child copies
 * none of them (see os_spawn).  A child without a pidfd (none on this
 * system, or the descriptor limit) is found the portable way, on
 * SIGCHLD, while there is any.
 */
#define PIDFD_BASE 256
static int reapev = -1;		/* the event set; -1: waitpid(-1) only */
static size_t unwatched;	/* children without a pidfd */

static void
reap_init(void)
{
	long lim;
	unsigned long need = PIDFD_BASE + maxconns + HOLDMAX + 16;

	if ((lim = os_nofile_raise(need)) == -1 || (unsigned long)lim < need) {
		debug("reap mode=wait nofile=%ld need=%lu", lim, need);
		return;
	}
	if ((reapev = os_ev_open()) == -1)
		debug("reap mode=wait");
}

/* after conntab_add: a pidfd for the child, where there can be one */
static void
reap_watch(struct conn *c)
{
	c->pidfd = -1;
	if (reapev != -1 && (c->pidfd = os_pidfd(c->pid, PIDFD_BASE)) != -1 &&
	    os_ev_add(reapev, c->pidfd, (unsigned long)c->pid) == -1) {
		close(c->pidfd);
		c->pidfd = -1;
	}
	if (reapev != -1 && c->pidfd == -1 && errno == ENOSYS) {
		/* a kernel without pidfds: no use asking for every child */
		debug("reap mode=wait (no pidfd)");
		close(reapev);
		reapev = -1;
	}
	if (c->pidfd == -1)
		unwatched++;
}

/* a child has been waited for: log its end, forget it */
static void
reap_end(struct conn *c, int st)
{
	struct sockaddr_in6 sa;
	char remote[SOCK_ADDRLEN];
	struct buf b;

	if (log_level >= 1) {
		/* the text of the accept line, from what the table keeps */
		memset(&sa, 0, sizeof sa);
		sa.sin6_family = AF_INET6;
		memcpy(&sa.sin6_addr, c->key, 16);
		sa.sin6_port = htons(c->port);
		if (sock_fmt((struct sockaddr *)&sa, remote,
		    sizeof remote) == -1)
			strcpy(remote, "?");
		log_begin(&b, "end pid=");
		buf_putu(&b, (unsigned long long)c->pid);
		buf_puts(&b, " remote=");
		buf_puts(&b, remote);
		if (WIFSIGNALED(st)) {
			buf_puts(&b, " signal=");
			buf_puts(&b, sig_name(WTERMSIG(st)));
		} else {
			buf_puts(&b, " status=");
			buf_putu(&b, (unsigned)WEXITSTATUS(st));
		}
		buf_puts(&b, " duration=");
		buf_putms(&b, mono_ms() - c->start_ms);
		logline(&b);
	}
	if (c->pidfd != -1)
		close(c->pidfd);	/* which also takes it out of reapev */
	else
		unwatched--;
	conntab_del(&tab, c);
}

/* SIGCHLD: only children without a pidfd need the walk over all */
static void
reap_sigchld(void)
{
	struct conn *c;
	pid_t pid;
	int st;

	if (reapev != -1 && unwatched == 0)
		return;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if ((c = conntab_find(&tab, pid)) != NULL)
			reap_end(c, st);
}

/* the event set is ready: wait for exactly the children that ended */
static void
reap_ready(void)
{
	unsigned long keys[64];
	struct conn *c;
	pid_t pid;
	int i, n, st;

	if ((n = os_ev_ready(reapev, keys, 64)) == -1) {
		fault_hit("watch children");
		return;
	}
	for (i = 0; i < n; i++) {
		pid = (pid_t)keys[i];
		if ((c = conntab_find(&tab, pid)) == NULL)
			continue;
		while ((pid = waitpid(c->pid, &st, WNOHANG)) == -1 &&
		    errno == EINTR)
			;
		if (pid == c->pid)
			reap_end(c, st);
	}
}

/*
 * Start the program for one accepted connection.  Returns 0 when the
 * connection was handed over or refused, -1 when the fork failed and
 * the caller must keep fd and retry.
 */
static int
serve(int fd, const struct sock_addr *ra, int mayhold)
{
	unsigned char key[16];
	char ip[SOCK_IPLEN], num[8], remote[SOCK_ADDRLEN];
	struct buf b;
	struct conn *c;
	unsigned port, others;
	pid_t pid;

	if (sock_ntop(&ra->u.sa, ip, sizeof ip, &port) == -1) {
		close(fd);	/* not an address family we serve */
		return 0;
	}
	buf_init(&b, remote, sizeof remote - 1);
	if (sock_family(&ra->u.sa) == AF_INET6) {
		buf_puts(&b, "[");
		buf_puts(&b, ip);
		buf_puts(&b, "]:");
	} else {
		buf_puts(&b, ip);
		buf_puts(&b, ":");
	}
	buf_putu(&b, port);
	remote[b.len] = '\0';

	sock_key(&ra->u.sa, key);
	others = conntab_count(&tab, key);
	if (persource > 0 && others >= persource) {
		if (mayhold && nheld < HOLDMAX) {
			held[nheld].fd = fd;
			held[nheld].ra = *ra;
			held[nheld].until = mono_ms() + HOLD_MS;
			nheld++;
		} else
			deny(fd, remote, others);
		return 0;
	}
	buf_init(&b, num, sizeof num - 1);
	buf_putu(&b, port);
	num[b.len] = '\0';
	setslot(E_RIP, ip);
	setslot(E_RADDR, ip);
	setslot(E_RPORT, num);
	setslot(E_RPORT2, num);
	buf_init(&b, num, sizeof num - 1);
	buf_putu(&b, others);
	num[b.len] = '\0';
	setslot(E_CONNNUM, num);
	if (!localfixed)
		env_local(fd, NULL);

	if (lookupargv != NULL)
		pid = spawn_lookup(fd);
	else
		pid = os_spawn(progpath, progargv, envp, fd, caught, NCAUGHT,
		    execerr, execerrlen);
	if (pid == -1) {
		fault_hit("fork");
		return -1;
	}
	fault_clear("fork");
	close(fd);
	c = conntab_add(&tab, pid, key);	/* cannot fail: n < max */
	reap_watch(c);
	c->start_ms = mono_ms();
	c->port = (unsigned short)port;
	if (log_level >= 1) {
		log_begin(&b, "accept pid=");
		buf_putu(&b, (unsigned long long)pid);
		buf_puts(&b, " remote=");
		buf_puts(&b, remote);
		buf_puts(&b, " conns=");
		buf_putu(&b, tab.n);
		buf_puts(&b, "/");
		buf_putu(&b, maxconns);
		logline(&b);
	}
	return 0;
}

/* give held clients their turn: admitted now, or denied at the deadline */
static void
recheck_held(unsigned long long now, int *pending, struct sock_addr *pra)
{
	unsigned char key[16];
	int i = 0;

	while (i < nheld && tab.n < maxconns && *pending == -1) {
		sock_key(&held[i].ra.u.sa, key);
		if (conntab_count(&tab, key) >= persource && now < held[i].until) {
			i++;
			continue;
		}
		if (serve(held[i].fd, &held[i].ra, 0) == -1) {
			*pending = held[i].fd;
			*pra = held[i].ra;
		}
		held[i] = held[--nheld];
	}
}

/* the soonest hold deadline, as a poll timeout from now (-1: none) */
static int
held_timeout(unsigned long long now)
{
	unsigned long long soonest = 0;
	int i;

	for (i = 0; i < nheld; i++)
		if (soonest == 0 || held[i].until < soonest)
			soonest = held[i].until;
	if (soonest == 0)
		return -1;
	return soonest > now ? (int)(soonest - now) : 0;
}

/* on the way out: say which waiting clients are closed unserved */
static void
drop(int fd, const struct sock_addr *ra)
{
	char remote[SOCK_ADDRLEN];

	if (sock_fmt(&ra->u.sa, remote, sizeof remote) == -1)
		strcpy(remote, "?");
	close(fd);
	info("drop remote=%s reason=stop", remote);
}

/* accept what is queued, as long as there is room */
static int
accept_some(int *pending, struct sock_addr *pra)
{
	struct sock_addr ra;
	int fd, i;

	for (i = 0; i < 64 && tab.n < maxconns; i++) {
		ra.len = sizeof ra.u;
		if ((fd = os_accept(lfd, &ra.u.sa, &ra.len)) == -1) {
			switch (errno) {
			case EAGAIN:
#if EWOULDBLOCK != EAGAIN
			case EWOULDBLOCK:
#endif
				return 0;
			case EINTR:
			case ECONNABORTED:
			case EPROTO:
			case EPERM:	/* a firewall said no to this one */
			/* errors of this connection's network, not ours */
			case ENETDOWN:
			case ENOPROTOOPT:
#ifdef EHOSTDOWN
			case EHOSTDOWN:
#endif
			case EHOSTUNREACH:
			case EOPNOTSUPP:
			case ENETUNREACH:
#ifdef ENONET
			case ENONET:
#endif
				continue;
			default:	/* EMFILE, ENFILE, ENOBUFS, ENOMEM... */
				fault_hit("accept");
				return 0;
			}
		}
		fault_clear("accept");
		if (serve(fd, &ra, 1) == -1) {
			*pending = fd;
			*pra = ra;
			return 0;
		}
	}
	return 0;
}

/*
 * -p: the bound port, written aside and renamed so that it appears whole;
 * any failure removes what was written and is fatal before the start
 * line, so a port file always names a port being served
 */
static void
write_portfile(const char *portfile, const struct sockaddr *sa)
{
	char tmp[4096], num[16], ip[SOCK_IPLEN];
	unsigned port;
	int fd, n;

	if (sock_ntop(sa, ip, sizeof ip, &port) == -1)
		die_sys(DIE_TEMP, "unable to read the bound port");
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.%ld.tmp", portfile,
	    (long)getpid()) >= sizeof tmp)
		die(DIE_PERM, "-p: file name too long");
	n = snprintf(num, sizeof num, "%u\n", port);
	/* never through a link someone planted */
	(void)unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (fd == -1)
		die_sys(DIE_TEMP, "unable to create %s", die_q(tmp));
	if (fd_writeall(fd, num, (unsigned long)n) == -1 || close(fd) == -1) {
		(void)unlink(tmp);
		die_sys(DIE_TEMP, "unable to write %s", die_q(tmp));
	}
	if (rename(tmp, portfile) == -1) {
		n = errno;
		(void)unlink(tmp);
		errno = n;
		die_sys(DIE_TEMP, "unable to rename %s to %s", die_q(tmp),
		    die_q(portfile));
	}
}

/*
 * A connected socket (or one never listen()ed on) would pass for ours
 * and then fail every accept with EINVAL: refuse it before the start line
 */
static void
check_listening(void)
{
	socklen_t len;
	int v;

	len = sizeof v;
	if (getsockopt(lfd, SOL_SOCKET, SO_TYPE, &v, &len) == -1)
		die_sys(DIE_PERM, "fd 0 is not a socket");
	if (v != SOCK_STREAM)
		die(DIE_PERM, "fd 0 is not a listening TCP socket: not a "
		    "stream socket");
	len = sizeof v;
	if (getsockopt(lfd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == -1)
		die_sys(DIE_PERM, "fd 0 is not a listening socket");
	if (v == 0)
		die(DIE_PERM, "fd 0 is not a listening socket (connected, or "
		    "never listened on)");
}

int
main(int argc, char *argv[])
{
	struct sock_addr la, pra;
	struct pollfd p[3];
	unsigned long notifyfd = 0;
	const char *helper = NULL, *portfile = NULL;
	char lstr[SOCK_ADDRLEN];
	int ch, i, n, notify = 0, pending = -1, stopping = 0, busy = 0;
	int sig, timeout, ht;
	unsigned long long now;

	PROG = "svc-listen";	/* it is svc-listen, to whoever reads the log */
	if (fd_ensure_std() == -1)
		die_sys(DIE_TEMP, "unable to open /dev/null");
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		(void)fd_writeall(1, "svc-listend " SVC_VERSION "\n",
		    sizeof "svc-listend " SVC_VERSION "\n" - 1);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		(void)fd_writeall(1, "usage: " USAGE "\n"
		    "The accept loop of svc-listen, which runs it; see "
		    "svc-listend(1).\n", sizeof "usage: " USAGE "\n"
		    "The accept loop of svc-listen, which runs it; see "
		    "svc-listend(1).\n" - 1);
		return 0;
	}
	opterr = 0;
	while ((ch = getopt(argc, argv, OPTSTR)) != -1) {
		switch (ch) {
		case 'c':
			if (scan_range(optarg, 1, CONNTAB_MAX, &maxconns) == -1)
				die(DIE_PERM, "-c wants a number from 1 to %d:"
				    " %s", CONNTAB_MAX, die_q(optarg));
			break;
		case 'C':
			switch (scan_countmsg(optarg, CONNTAB_MAX, &persource, denymsg,
			    sizeof denymsg, &denylen)) {
			case -1:
				die(DIE_PERM, "-C wants a number from 1 to %d:"
				    " %s", CONNTAB_MAX, die_q(optarg));
			case -2:
				die(DIE_PERM, "-C: bad message (known escapes: "
				    "\\r \\n \\t \\\\ \\xNN; at most %d "
				    "bytes)", (int)sizeof denymsg);
			}
			break;
		case 'h': helper = optarg; break;
		case 'L': localfixed = 1; break;
		case 'l': localname = optarg; break;
		case 'N':
			if (scan_range(optarg, 3, 1048576, &notifyfd) == -1)
				die(DIE_PERM, "-N wants a descriptor number "
				    "above 2: %s", die_q(optarg));
			notify = 1;
			break;
		case 'p':
			if (*optarg == '\0')
				die(DIE_PERM, "-p wants a file name");
			portfile = optarg;
			break;
		case 'q': log_level = 0; break;
		case 'v': log_level = 2; break;
		case 'x': progpath = optarg; break;
		default:
			die_opt(USAGE, OPTSTR);
		}
	}
	argv += optind;
	if (argv[0] == NULL || progpath == NULL)
		die_usage(USAGE);
	progargv = argv;
	if (notify && fcntl((int)notifyfd, F_GETFD) == -1)
		die(DIE_PERM, "-N %lu: descriptor is not open", notifyfd);
	la.len = sizeof la.u;
	if (getsockname(lfd, &la.u.sa, &la.len) == -1 ||
	    sock_fmt(&la.u.sa, lstr, sizeof lstr) == -1)
		die_sys(DIE_PERM, "fd 0 is not a listening TCP socket");
	check_listening();
	if (helper != NULL) {
		for (n = 0; argv[n] != NULL; n++)
			;
		if ((lookupargv = calloc((size_t)n + 4, sizeof *argv)) == NULL)
			die_sys(DIE_TEMP, "unable to allocate");
		lookupargv[0] = (char *)helper;
		lookupargv[1] = "--lookup";
		lookupargv[2] = (char *)progpath;
		for (i = 0; i < n; i++)
			lookupargv[3 + i] = argv[i];
	}

	/*
	 * svc-listen execs us with TERM, INT and HUP blocked, so one sent
	 * during the hand-over waits for our handlers instead of killing us
	 */
	sig_defaults();
	if (fd_cloexec(lfd) == -1 || fd_nonblock(lfd) == -1 ||
	    fd_cloexec_from(3) == -1 || sig_pipe_init() == -1)
		die_sys(DIE_TEMP, "unable to set up descriptors");
	for (i = 0; i < NCAUGHT; i++)
		if (sig_catch(caught[i]) == -1)
			die_sys(DIE_TEMP, "unable to catch signals");
	sig_unblock_all();
	if (conntab_init(&tab, maxconns) == -1)
		die_sys(DIE_TEMP, "unable to allocate %lu slots", maxconns);
	reap_init();
	execerrlen = (size_t)snprintf(execerr, sizeof execerr,
	    "%s: warning: unable to run %s\n", PROG, die_q(progpath));
	if (execerrlen >= sizeof execerr) {
		execerrlen = sizeof execerr;
		execerr[execerrlen - 1] = '\n';
	}
	env_build();
	if (localfixed)
		env_local(lfd, &la.u.sa);

	if (portfile != NULL)
		write_portfile(portfile, &la.u.sa);
	info("start local=%s max=%lu", lstr, maxconns);
	if (notify) {
		if (fd_writeall((int)notifyfd, "\n", 1) == -1)
			die_sys(DIE_TEMP, "-N %lu: unable to notify",
			    notifyfd);
		close((int)notifyfd);
	}

	for (;;) {
		now = mono_ms();
		timeout = -1;
		if (fault.until > now)
			timeout = (int)(fault.until - now);
		else if (pending != -1) {
			if (serve(pending, &pra, 1) == 0)
				pending = -1;
			continue;
		}
		if (nheld > 0 && fault.until <= now) {
			recheck_held(now, &pending, &pra);
			ht = held_timeout(now);
			if (ht != -1 && (timeout == -1 || ht < timeout))
				timeout = ht;
		}
		p[0].fd = sig_pipe;
		p[0].events = POLLIN;
		p[1].fd = lfd;
		p[1].events = POLLIN;
		p[2].fd = reapev;	/* poll skips it when it is -1 */
		p[2].events = POLLIN;
		p[0].revents = p[1].revents = p[2].revents = 0;
		if (tab.n >= maxconns && !busy) {
			busy = 1;
			info("busy conns=%lu/%lu", (unsigned long)tab.n,
			    maxconns);
		} else if (tab.n < maxconns && busy) {
			busy = 0;
			debug("resume conns=%lu/%lu", (unsigned long)tab.n,
			    maxconns);
		}
		/* at the limit or pausing, clients wait in the backlog */
		p[1].fd = stopping || busy || fault.until > now ||
		    pending != -1 ? -1 : lfd;
		if (poll(p, 3, timeout) == -1) {
			if (errno != EINTR)
				fault_hit("poll");
			continue;
		}
		if (p[0].revents & POLLIN) {
			while ((sig = sig_next()) != 0) {
				if (sig == SIGCHLD)
					reap_sigchld();
				else if (sig == SIGTERM || sig == SIGINT ||
				    sig == SIGQUIT)
					stopping = sig;
				else
					debug("signal %s ignored",
					    sig_name(sig));
			}
		}
		if (stopping) {
			close(lfd);
			if (pending != -1)
				drop(pending, &pra);
			while (nheld > 0) {
				nheld--;
				drop(held[nheld].fd, &held[nheld].ra);
			}
			info("stop signal=%s conns=%lu", sig_name(stopping),
			    (unsigned long)tab.n);
			return 0;
		}
		if (p[2].revents & POLLIN)
			reap_ready();
		if (p[1].revents & (POLLIN | POLLERR | POLLHUP))
			accept_some(&pending, &pra);
	}
}
