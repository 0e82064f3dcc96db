/*
 * svc-listend: the accept loop of svc-listen, which execs it once the
 * socket is bound and privileges are dropped (as s6-tcpserver hands over
 * to s6-tcpserverd).  Static and small: it is the long-running process,
 * so what it maps is what the listener costs in memory.
 *
 * fd 0: the listening socket (nonblocking), TCP or UNIX-domain.  For
 * each connection it starts prog with the socket on fds 0 and 1 and sets
 * PROTO=TCP, TCPLOCALIP, TCPLOCALPORT, TCPREMOTEIP, TCPREMOTEPORT,
 * TCPCONNNUM, REMOTE_ADDR, REMOTE_PORT, and TCPLOCALHOST with -l; or,
 * behind a UNIX-domain socket, ucspi-unix's PROTO=UNIX, UNIXLOCALPATH,
 * UNIXLOCALUID, UNIXLOCALGID, UNIXREMOTEEUID, UNIXREMOTEEGID and
 * UNIXREMOTEPID.  Stale copies of these, of TCPREMOTEHOST, TCPREMOTEINFO
 * and REMOTE_HOST, and NOTIFY_SOCKET (ours, not the children's) are
 * removed.  Reads NOTIFY_SOCKET: READY=1 once listening, STOPPING=1 at
 * the stop.  Not root, it removes an XDG_RUNTIME_DIR that is not its
 * own, and with XDG_RUNTIME_DIR and SVC_RUNTIME_DIR unset (or not
 * absolute paths) it sets SVC_RUNTIME_DIR to a directory it makes
 * under TMPDIR for its children, and removes it at the stop.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conntab.h"
#include "die.h"
#include "fast.h"
#include "fd.h"
#include "logfmt.h"
#include "lopt.h"
#include "mono.h"
#include "os.h"
#include "prog.h"
#include "rundir.h"
#include "scan.h"
#include "sig.h"
#include "sock.h"
#include "spawn.h"
#include "svcmgr.h"

#define USAGE "svc-listend [-DLqrv] [-c max] [-C max[:msg]] " \
    "[-d secs[:grace]] [-F dir] [-h helper] [-l name] [-N fd] [-p file] " \
    "[-S fd] -x path prog [arg ...]  (fd 0: a listening socket)"
#define OPTSTR "c:C:Dd:F:h:Ll:N:p:qrS:vx:"
#define GRACE_MS 5000		/* -d: from SIGTERM to SIGKILL, by default */

static const struct prog_info proginfo = {
	"svc-listen",		/* it is svc-listen, to whoever reads the log */
	"svc-listend", USAGE,
	"The accept loop of svc-listen, which runs it; see svc-listend(1).\n",
};

#define BACKOFF_MIN 10		/* ms: first pause after accept/fork fails */
#define BACKOFF_MAX 500		/* ms: longest pause, so recovery is quick */

extern char **environ;

/* the command line */
static struct opts {
	struct lopt l;		/* -c, -C, -N: as svc-listen checked them */
	const char *helper;	/* -h */
	const char *localname;	/* -l */
	int localfixed;		/* -L: bound to one address, local slots set */
	int nodump;		/* -D: privileges dropped, kept from the program */
	const char *portfile;	/* -p */
	int draining;		/* -d given */
	unsigned long drain_ms, grace_ms;
	int unlinkpath;		/* -r: remove the socket file at the end */
	int sdnotify;		/* -S: connected to $NOTIFY_SOCKET, or -1 */
	const char *fastdir;	/* -F: our links are installed here */
} o;
static int fast;		/* the chain starts with a link of ours */

static struct stat sockfile;		/* which file -r removes */
static char sockpath[sizeof ((struct sockaddr_un *)0)->sun_path + 1];

/* the child's environment: inherited variables, then our slots */
enum { E_PROTO, E_LIP, E_LPORT, E_RIP, E_RPORT, E_CONNNUM, E_RADDR,
	E_RPORT2, E_LHOST, E_NSLOTS };
static const char *const slotname[E_NSLOTS] = {
	"PROTO=", "TCPLOCALIP=", "TCPLOCALPORT=", "TCPREMOTEIP=",
	"TCPREMOTEPORT=", "TCPCONNNUM=", "REMOTE_ADDR=", "REMOTE_PORT=",
	"TCPLOCALHOST=",
};
/* behind a UNIX-domain socket: ucspi-unix's names instead */
enum { U_PROTO, U_LPATH, U_LUID, U_LGID, U_RUID, U_RGID, U_RPID,
	U_NSLOTS };
static const char *const uslotname[U_NSLOTS] = {
	"PROTO=", "UNIXLOCALPATH=", "UNIXLOCALUID=", "UNIXLOCALGID=",
	"UNIXREMOTEEUID=", "UNIXREMOTEEGID=", "UNIXREMOTEPID=",
};
static int unixsock;		/* fd 0 is a UNIX-domain socket */
static char slotmem[E_NSLOTS][16 + 1024];
static size_t slotoff[E_NSLOTS];	/* length of each slot's "NAME=" */
static char **envp;
static size_t envslot;		/* index of slot 0 in envp */

static struct spawn prog;	/* what each child execs: path, argv, envp */
static char execerr[512];

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
		"REMOTE_PORT=", "REMOTE_HOST=", "UNIXLOCALPATH=",
		"UNIXLOCALUID=", "UNIXLOCALGID=", "UNIXLOCALPID=",
		"UNIXREMOTEEUID=", "UNIXREMOTEEGID=", "UNIXREMOTEPID=",
		"NOTIFY_SOCKET=",
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
	const char *const *names = unixsock ? uslotname : slotname;
	size_t n = 0, i;
	char **e, num[24];
	int s, ns = unixsock ? U_NSLOTS : E_NSLOTS;

	for (e = environ; *e != NULL; e++)
		n++;
	if ((envp = calloc(n + E_NSLOTS + 1, sizeof *envp)) == NULL)
		die_sys(DIE_TEMP, "unable to allocate the environment");
	i = 0;
	for (e = environ; *e != NULL; e++)
		if (!ours(*e))
			envp[i++] = *e;
	envslot = i;
	for (s = 0; s < ns; s++) {
		slotoff[s] = strlen(names[s]);
		memcpy(slotmem[s], names[s], slotoff[s]);
		envp[envslot + s] = slotmem[s];
	}
	if (unixsock) {
		setslot(U_PROTO, "UNIX");
		setslot(U_LPATH, sockpath);
		snprintf(num, sizeof num, "%lu", (unsigned long)geteuid());
		setslot(U_LUID, num);
		snprintf(num, sizeof num, "%lu", (unsigned long)getegid());
		setslot(U_LGID, num);
		envp[envslot + ns] = NULL;
		return;
	}
	setslot(E_PROTO, "TCP");
	/* the optional slot sits at the end, so NULL there ends the list */
	if (o.localname != NULL)
		setslot(E_LHOST, o.localname);
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
static struct spawn lookup;

static void
deny(int fd, const char *remote, unsigned conns)
{
	struct buf b;

	char junk[4096];
	int i;

	if (fd_nonblock(fd) == 0) {
		if (o.l.denylen > 0)
			(void)!send(fd, o.l.denymsg, (size_t)o.l.denylen,
			    MSG_NOSIGNAL);
		/* unread input would make close send a reset, not the msg */
		for (i = 0; i < 4 && read(fd, junk, sizeof junk) > 0; i++)
			;
	}
	close(fd);
	if (log_level < 1)
		return;
	logfmt_begin(&b, logmem, sizeof logmem, "deny");
	logfmt_str(&b, "remote", remote);
	logfmt_str(&b, "reason", "per-source");
	logfmt_num(&b, "conns", conns);
	logfmt_num(&b, "limit", o.l.persource);
	logfmt_end(&b);
}

/*
 * Who the client is: its key in the table (its address; behind a
 * UNIX-domain socket, its uid, so -C counts per user) and its text for
 * log lines, "[addr]:port" or "uid:U,gid:G,pid:P", into remote
 * (SOCK_ADDRLEN bytes).  A UNIX client's ids also go into its slots.
 * -1 for a client we cannot name.
 */
static int
client_id(int fd, const struct sock_addr *ra, unsigned char key[16],
    char *remote, unsigned *port)
{
	char ip[SOCK_IPLEN], num[24];
	struct buf b;
	uid_t uid;
	gid_t gid;
	pid_t pid;

	buf_init(&b, remote, SOCK_ADDRLEN - 1);
	*port = 0;
	if (unixsock) {
		/* a system that cannot tell still serves: as "uid:?" */
		if (os_peercred(fd, &uid, &gid, &pid) == -1) {
			memset(key, 0, 16);
			memcpy(key, "uid?", 4);
			setslot(U_RUID, "");
			setslot(U_RGID, "");
			setslot(U_RPID, "");
			snprintf(remote, SOCK_ADDRLEN, "uid:?");
			return 0;
		}
		memset(key, 0, 16);
		memcpy(key, "uid", 3);	/* never an address: 'u' is not 0 */
		key[12] = (unsigned char)((unsigned long)uid >> 24);
		key[13] = (unsigned char)((unsigned long)uid >> 16);
		key[14] = (unsigned char)((unsigned long)uid >> 8);
		key[15] = (unsigned char)uid;
		buf_puts(&b, "uid:");
		buf_putu(&b, (unsigned long)uid);
		buf_puts(&b, ",gid:");
		buf_putu(&b, (unsigned long)gid);
		snprintf(num, sizeof num, "%lu", (unsigned long)uid);
		setslot(U_RUID, num);
		snprintf(num, sizeof num, "%lu", (unsigned long)gid);
		setslot(U_RGID, num);
		num[0] = '\0';
		if (pid > 0) {	/* the BSDs do not say */
			buf_puts(&b, ",pid:");
			buf_putu(&b, (unsigned long)pid);
			snprintf(num, sizeof num, "%ld", (long)pid);
		}
		setslot(U_RPID, num);
		remote[b.len] = '\0';
		return 0;
	}
	if (sock_ntop(&ra->u.sa, ip, sizeof ip, port) == -1)
		return -1;	/* not an address family we serve */
	if (sock_family(&ra->u.sa) == AF_INET6) {
		buf_puts(&b, "[");
		buf_puts(&b, ip);
		buf_puts(&b, "]:");
	} else {
		buf_puts(&b, ip);
		buf_puts(&b, ":");
	}
	buf_putu(&b, *port);
	remote[b.len] = '\0';
	sock_key(&ra->u.sa, key);
	return 0;
}

/* a TCP client's slots; others: its other connections open now */
static void
env_tcp(int fd, const struct sock_addr *ra, unsigned others)
{
	char ip[SOCK_IPLEN], num[8];
	struct buf b;
	unsigned port;

	(void)sock_ntop(&ra->u.sa, ip, sizeof ip, &port);
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
	if (!o.localfixed)
		env_local(fd, NULL);
}

/*
 * Reaping.  waitpid(-1) makes the kernel walk every child we have, so
 * with thousands held each SIGCHLD would cost in proportion.  Where the
 * system has pidfds, children are watched through them in an event set
 * that sits in the poll loop: the children that ended are the
 * descriptors that are ready, and each is waited for by its pid.  A
 * pidfd costs four system calls a child (open, move, add, close), which
 * a few children do not repay: below REAP_WATCHMIN running children,
 * a new child gets none and is found the portable way, on SIGCHLD; at
 * REAP_WATCHMIN every child gets one, those already running included,
 * so the walk never meets a crowd.  The pidfds live at PIDFD_BASE and
 * up, above the sockets, so a starting child copies none of them (see
 * os_spawn).  A child the limit or the system denies a pidfd is found
 * on SIGCHLD too, while there is any.
 */
#define PIDFD_BASE 256
#define REAP_WATCHMIN 256
static int reapev = -1;		/* the event set; -1: waitpid(-1) only */
static size_t unwatched;	/* children without a pidfd */

static void
reap_init(void)
{
	long lim;
	unsigned long need = PIDFD_BASE + o.l.maxconns + HOLDMAX + 16;

	if (fast && fast_keepsfds())
		need += o.l.maxconns;	/* its copy of each socket */

	if ((lim = os_nofile_raise(need)) == -1 || (unsigned long)lim < need) {
		debug("reap mode=wait nofile=%ld need=%lu", lim, need);
		return;
	}
	if ((reapev = os_ev_open()) == -1)
		debug("reap mode=wait");
}

/* a pidfd for one child in the event set; 0, or -1 with errno */
static int
reap_watch1(struct conn *c)
{
	if ((c->pidfd = os_pidfd(c->pid, PIDFD_BASE)) == -1)
		return -1;
	if (os_ev_add(reapev, c->pidfd, (unsigned long)c->pid) == -1) {
		close(c->pidfd);
		c->pidfd = -1;
		return -1;
	}
	return 0;
}

/* no pidfd for the child: note it; give up pidfds if the kernel has none */
static void
reap_unwatched(void)
{
	unwatched++;
	if (errno == ENOSYS && reapev != -1) {
		debug("reap mode=wait (no pidfd)");
		close(reapev);
		reapev = -1;
	}
}

/* after conntab_add: a pidfd for the child, when the crowd calls for it */
static void
reap_watch(struct conn *c)
{
	size_t i;

	c->pidfd = -1;
	if (reapev == -1 || tab.n < REAP_WATCHMIN) {
		unwatched++;
		return;
	}
	if (reap_watch1(c) == -1) {
		reap_unwatched();
		return;
	}
	/* the crowd has come: every child that started without one too */
	for (i = 0; i < tab.max && unwatched > 0 && reapev != -1; i++) {
		if (tab.conns[i].pid <= 0 || tab.conns[i].pidfd != -1)
			continue;
		if (reap_watch1(&tab.conns[i]) == -1)
			break;	/* descriptors short: SIGCHLD finds the rest */
		unwatched--;
	}
}

/*
 * A UNIX-domain client at its end, from what the table keeps: its uid
 * (the key's last four bytes, see client_id), "uid:?" when unknown
 */
static void
unix_remote(const unsigned char key[16], char *remote, size_t len)
{
	struct buf b;

	buf_init(&b, remote, len - 1);
	if (key[3] == '?')
		buf_puts(&b, "uid:?");
	else {
		buf_puts(&b, "uid:");
		buf_putu(&b, (unsigned long)key[12] << 24 |
		    (unsigned long)key[13] << 16 | (unsigned long)key[14] << 8 |
		    key[15]);
	}
	remote[b.len] = '\0';
}

/* a child has been waited for: log its end, forget it */
static void
reap_end(struct conn *c, int st)
{
	struct sockaddr_in6 sa;
	char remote[SOCK_ADDRLEN];
	struct buf b;

	if (fast)
		fast_end(c->pid, st);	/* svc-log's line comes first */
	if (log_level >= 1) {
		/* the text of the accept line, from what the table keeps */
		memset(&sa, 0, sizeof sa);
		sa.sin6_family = AF_INET6;
		memcpy(&sa.sin6_addr, c->key, 16);
		sa.sin6_port = htons(c->port);
		if (unixsock)
			unix_remote(c->key, remote, sizeof remote);
		else if (sock_fmt((struct sockaddr *)&sa, remote,
		    sizeof remote) == -1)
			strcpy(remote, "?");
		logfmt_begin(&b, logmem, sizeof logmem, "end");
		logfmt_num(&b, "pid", (unsigned long long)c->pid);
		logfmt_str(&b, "remote", remote);
		if (WIFSIGNALED(st))
			logfmt_str(&b, "signal", sig_name(WTERMSIG(st)));
		else
			logfmt_num(&b, "status", (unsigned)WEXITSTATUS(st));
		logfmt_ms(&b, "duration", mono_ms() - c->start_ms);
		logfmt_end(&b);
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

/*
 * The stop: reap every child that has ended, so its end lines are
 * written; for those still running, the fast path's svc-log lines say
 * that the listener stopped (the exec'd svc-log would stay to write
 * them, but the listener must not wait)
 */
static void
reap_last(void)
{
	struct conn *c;
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if ((c = conntab_find(&tab, pid)) != NULL)
			reap_end(c, st);
	if (fast)
		fast_detach();
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
	char remote[SOCK_ADDRLEN];
	struct buf b;
	struct conn *c;
	struct spawn *sp;
	unsigned others, port;
	pid_t pid;

	if (client_id(fd, ra, key, remote, &port) == -1) {
		close(fd);
		return 0;
	}
	others = conntab_count(&tab, key);
	if (o.l.persource > 0 && others >= o.l.persource) {
		if (mayhold && nheld < HOLDMAX) {
			held[nheld].fd = fd;
			held[nheld].ra = *ra;
			held[nheld].until = mono_ms() + HOLD_MS;
			nheld++;
		} else
			deny(fd, remote, others);
		return 0;
	}
	if (!unixsock)
		env_tcp(fd, ra, others);

	sp = lookup.path != NULL ? &lookup : &prog;
	sp->fd0 = sp->fd1 = fd;
	if ((pid = fast && sp == &prog ? fast_start(sp, fd) :
	    spawn_start(sp, NULL)) == -1) {
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
		logfmt_begin(&b, logmem, sizeof logmem, "accept");
		logfmt_num(&b, "pid", (unsigned long long)pid);
		logfmt_str(&b, "remote", remote);
		logfmt_num(&b, "conns", tab.n);
		buf_puts(&b, "/");
		buf_putu(&b, o.l.maxconns);
		logfmt_end(&b);
	}
	return 0;
}

/* give held clients their turn: admitted now, or denied at the deadline */
static void
recheck_held(unsigned long long now, int *pending, struct sock_addr *pra)
{
	unsigned char key[16];
	char remote[SOCK_ADDRLEN];
	unsigned port;
	int i = 0;

	while (i < nheld && tab.n < o.l.maxconns && *pending == -1) {
		if (client_id(held[i].fd, &held[i].ra, key, remote,
		    &port) == 0 &&
		    conntab_count(&tab, key) >= o.l.persource &&
		    now < held[i].until) {
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
	unsigned char key[16];
	char remote[SOCK_ADDRLEN];
	unsigned port;

	if (client_id(fd, ra, key, remote, &port) == -1)
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

	for (i = 0; i < 64 && tab.n < o.l.maxconns; i++) {
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
 * -p: the bound port (a UNIX-domain socket's path), written aside and
 * renamed so that it appears whole; any failure removes what was written
 * and is fatal before the start line, so a port file always names a port
 * being served
 */
static void
write_portfile(const char *portfile, const struct sockaddr *sa)
{
	char tmp[4096], num[sizeof sockpath + 2], ip[SOCK_IPLEN];
	unsigned port;
	int fd, n;

	if (unixsock)
		port = 0;
	else if (sock_ntop(sa, ip, sizeof ip, &port) == -1)
		die_sys(DIE_TEMP, "unable to read the bound port");
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.%ld.tmp", portfile,
	    (long)getpid()) >= sizeof tmp)
		die(DIE_PERM, "-p: file name too long");
	if (unixsock)
		n = snprintf(num, sizeof num, "%s\n", sockpath);
	else
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
		die(DIE_PERM, "fd 0 is not a listening socket: not a "
		    "stream socket");
	len = sizeof v;
	if (getsockopt(lfd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == -1)
		die_sys(DIE_PERM, "fd 0 is not a listening socket");
	if (v == 0)
		die(DIE_PERM, "fd 0 is not a listening socket (connected, or "
		    "never listened on)");
}

/* a UNIX-domain fd 0: its path (abstract names as "@name") for log lines */
static void
unix_local(const struct sock_addr *la, char *lstr, size_t len)
{
	const struct sockaddr_un *un = (const void *)&la->u.ss;
	size_t n = la->len > offsetof(struct sockaddr_un, sun_path) ?
	    la->len - offsetof(struct sockaddr_un, sun_path) : 0;

	unixsock = 1;
	if (n > sizeof un->sun_path)
		n = sizeof un->sun_path;
	if (n > 0 && un->sun_path[0] == '\0') {
		sockpath[0] = '@';
		memcpy(sockpath + 1, un->sun_path + 1, n - 1);
		sockpath[n] = '\0';
	} else {
		memcpy(sockpath, un->sun_path, n);
		sockpath[n] = '\0';
	}
	if (o.unlinkpath && (sockpath[0] == '@' ||
	    lstat(sockpath, &sockfile) == -1))
		o.unlinkpath = 0;
	snprintf(lstr, len, "%s", sockpath);
}

/* the socket file we made goes, unless someone replaced it since */
static void
remove_sockfile(void)
{
	struct stat st;

	if (!o.unlinkpath || lstat(sockpath, &st) == -1)
		return;
	if (st.st_dev != sockfile.st_dev || st.st_ino != sockfile.st_ino ||
	    unlink(sockpath) == 0)
		return;
	/* after -u the folder is root's: the next start replaces it */
	if (errno == EACCES || errno == EPERM)
		debug("left %s (stale once we exit): %s", die_q(sockpath),
		    strerror(errno));
	else
		warn_sys("unable to remove %s", die_q(sockpath));
}

/*
 * The children's own directory (SVC_RUNTIME_DIR), where svc-limit keeps
 * its default state file when the listener is not root: made as the
 * user that serves (svc-listen dropped privileges before it ran us),
 * under a name mkdtemp picks, since another local user can make a
 * fixed name such as /tmp/svc-limit-UID first.  Removed by whichever
 * exit ends the listener (forked children exit too: only its own pid).
 */
static struct rundir rundir;
static pid_t rundir_owner;

static void
rundir_end(void)
{
	if (rundir.path[0] == '\0' || getpid() != rundir_owner)
		return;
	if (rundir_remove(&rundir) == -1)
		warn_sys("unable to remove %s, left behind",
		    die_q(rundir.path));
	rundir.path[0] = '\0';
}

/* before env_build, which copies the variable into the children's */
static void
rundir_setup(void)
{
	struct stat st;
	const char *v;
	int err;

	/*
	 * An XDG_RUNTIME_DIR not ours is the one of the user we were
	 * started as (root's /run/user/0 before -u): useless to children
	 * that run as us, and svc-limit would refuse it
	 */
	if (geteuid() != 0 && (v = getenv("XDG_RUNTIME_DIR")) != NULL &&
	    (stat(v, &st) == -1 || st.st_uid != geteuid())) {
		debug("XDG_RUNTIME_DIR=%s not ours: removed", die_q(v));
		(void)unsetenv("XDG_RUNTIME_DIR");
	}
	if (geteuid() == 0 ||
	    ((v = getenv("XDG_RUNTIME_DIR")) != NULL && *v == '/') ||
	    ((v = getenv("SVC_RUNTIME_DIR")) != NULL && *v == '/'))
		return;
	if ((v = getenv("TMPDIR")) == NULL || *v != '/')
		v = "/tmp";
	if (rundir_make(&rundir, v) == -1) {
		warn_sys("unable to make a directory for SVC_RUNTIME_DIR in "
		    "%s", die_q(v));
		return;
	}
	rundir_owner = getpid();
	if (atexit(rundir_end) != 0 ||
	    setenv("SVC_RUNTIME_DIR", rundir.path, 1) == -1) {
		err = errno;
		(void)rundir_remove(&rundir);
		rundir.path[0] = '\0';
		errno = err;
		warn_sys("unable to set SVC_RUNTIME_DIR");
		return;
	}
	debug("rundir path=%s", die_q(rundir.path));
}

/* tell the service manager (systemd's Type=notify), when there is one */
static void
notify_manager(const char *state)
{
	if (o.sdnotify == -1 && getenv("NOTIFY_SOCKET") == NULL)
		return;
	if (o.sdnotify == -1 && (o.sdnotify = svcmgr_notify_open()) == -1) {
		warn_sys("unable to reach $NOTIFY_SOCKET");
		return;
	}
	if (svcmgr_notify(o.sdnotify, state) == -1)
		warn_sys("unable to notify $NOTIFY_SOCKET");
}

/* stop accepting: waiting clients are dropped, the manager is told */
static void
stop_listening(int pending, const struct sock_addr *pra)
{
	close(lfd);
	remove_sockfile();
	if (pending != -1)
		drop(pending, pra);
	while (nheld > 0) {
		nheld--;
		drop(held[nheld].fd, &held[nheld].ra);
	}
	notify_manager("STOPPING=1");
}

/*
 * -d, before the close: the clients already in the listen queue are
 * connected as far as they know, and a close would reset them; serve
 * them (as -c allows) and drain them with the rest
 */
static void
take_queue(int *pending, struct sock_addr *pra)
{
	size_t before;

	do {
		before = tab.n;
		accept_some(pending, pra);
	} while (tab.n > before && tab.n < o.l.maxconns && *pending == -1);
}

/* send sig to every running child; how many there were */
static unsigned long
signal_all(int sig)
{
	size_t i;

	for (i = 0; i < tab.max; i++)
		if (tab.conns[i].pid > 0)
			(void)kill(tab.conns[i].pid, sig);
	return (unsigned long)tab.n;
}

/*
 * A build with AddressSanitizer checks for leaks at exit: a tracer it
 * clones attaches with ptrace and waits for the SIGSTOP that attaching
 * sends.  The SIGCONT a supervisor sends after its SIGTERM (runsv, svc
 * -d) discards that SIGSTOP if it lands in between, and the tracer then
 * waits forever, we with it, the stop never done.  There the check runs
 * in a child, whose pid no supervisor knows, in a session of its own so
 * that a CONT to our process group (GNU timeout's) misses it too, and we
 * exit with its status (a leak's) or ours, without a check of our own
 * and so without exit's handlers: ours (rundir_end) run first, by hand.
 * Other builds: exit.
 */
#if defined(__SANITIZE_ADDRESS__)
#define LEAKCHECK_APART 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LEAKCHECK_APART 1
#endif
#endif

static void __attribute__((noreturn))
stop_exit(int code)
{
#ifdef LEAKCHECK_APART
	pid_t pid, w;
	int st;

	rundir_end();
	if ((pid = fork()) == 0) {
		(void)setsid();
		exit(code);		/* the check, then its status */
	}
	if (pid != -1) {
		while ((w = waitpid(pid, &st, 0)) == -1 && errno == EINTR)
			;
		if (w == pid && WIFEXITED(st) && WEXITSTATUS(st) != 0)
			code = WEXITSTATUS(st);
		_exit(code);
	}
#endif
	exit(code);
}

/*
 * -d: the children run on for up to o.drain_ms, then get SIGTERM, then
 * after o.grace_ms SIGKILL; another TERM, INT or QUIT moves to the next
 * step at once, as a supervisor's "down now" expects.  Ends when the last child
 * is reaped, with status 0.
 */
static void
drain(int sig)
{
	static const char *const stepname[] = { "drain-term", "drain-kill" };
	static const int stepsig[] = { SIGTERM, SIGKILL };
	unsigned long long now, next = mono_ms() + o.drain_ms;
	struct pollfd p[2];
	int step = 0, s, cut;

	info("drain signal=%s conns=%lu wait=%lu.%03lu grace=%lu.%03lu",
	    sig_name(sig), (unsigned long)tab.n, o.drain_ms / 1000,
	    o.drain_ms % 1000, o.grace_ms / 1000, o.grace_ms % 1000);
	while (tab.n > 0) {
		now = mono_ms();
		cut = 0;
		if (now < next) {
			p[0].fd = sig_pipe;
			p[0].events = POLLIN;
			p[1].fd = reapev;	/* poll skips it when it is -1 */
			p[1].events = POLLIN;
			p[0].revents = p[1].revents = 0;
			if (poll(p, 2, (int)(next - now)) == -1 &&
			    errno != EINTR)
				fault_hit("poll");
			if (p[1].revents & POLLIN)
				reap_ready();
			while ((s = sig_next()) != 0) {
				if (s == SIGCHLD)
					reap_sigchld();
				else if (s == SIGTERM || s == SIGINT ||
				    s == SIGQUIT)
					cut = 1;
			}
			if (!cut || tab.n == 0)
				continue;
		}
		if (step == 2) {	/* SIGKILL went out GRACE_MS ago */
			if (cut)
				continue;
			warn("drain: %lu children outlived SIGKILL",
			    (unsigned long)tab.n);
			reap_last();
			break;
		}
		info("%s conns=%lu reason=%s", stepname[step],
		    signal_all(stepsig[step]), cut ? "signal" : "timeout");
		step++;
		next = mono_ms() + (step == 1 ? o.grace_ms : GRACE_MS);
	}
	info("stop signal=%s conns=%lu", sig_name(sig), (unsigned long)tab.n);
	stop_exit(0);
}

/* "secs[:grace]" for -d */
static void
scan_drain(char *arg)
{
	char *colon = strchr(arg, ':');

	if (colon != NULL)
		*colon = '\0';
	/* at most SCAN_SECS_MAX seconds each, so milliseconds fit a poll */
	if (scan_msecs(arg, &o.drain_ms) == -1 ||
	    o.drain_ms > SCAN_SECS_MAX * 1000UL ||
	    (colon != NULL && (scan_msecs(colon + 1, &o.grace_ms) == -1 ||
	    o.grace_ms > SCAN_SECS_MAX * 1000UL)))
		die(DIE_PERM, "-d wants secs or secs:grace, each up to %d "
		    "(up to 3 decimals): %s", SCAN_SECS_MAX, die_q(arg));
	if (colon != NULL)
		*colon = ':';
	o.draining = 1;
}

/* the command line into o and prog; exits 100 on anything wrong */
static void
parse(int argc, char *argv[])
{
	unsigned long v;
	int ch;

	lopt_init(&o.l);
	o.grace_ms = GRACE_MS;
	o.sdnotify = -1;
	while ((ch = getopt(argc, argv, OPTS_FIRST OPTSTR)) != -1) {
		switch (ch) {
		case 'c':
		case 'C':
		case 'N':
			if (lopt_set(&o.l, ch, optarg) == -1)
				die(DIE_PERM, "%s", o.l.why);
			break;
		case 'D': o.nodump = 1; break;
		case 'd': scan_drain(optarg); break;
		case 'F': o.fastdir = optarg; break;
		case 'h': o.helper = optarg; break;
		case 'L': o.localfixed = 1; break;
		case 'l': o.localname = optarg; break;
		case 'p':
			if (*optarg == '\0')
				die(DIE_PERM, "-p wants a file name");
			o.portfile = optarg;
			break;
		case 'q': log_level = 0; break;
		case 'r': o.unlinkpath = 1; break;
		case 'S':
			if (scan_range(optarg, 3, 1048576, &v) == -1 ||
			    fcntl((int)v, F_GETFD) == -1)
				die(DIE_PERM, "-S wants an open descriptor "
				    "above 2: %s", die_q(optarg));
			o.sdnotify = (int)v;
			break;
		case 'v': log_level = 2; break;
		case 'x': prog.path = optarg; break;
		default:
			die_opt(USAGE, OPTSTR);
		}
	}
	argv += optind;
	if (argv[0] == NULL || prog.path == NULL)
		die_usage(USAGE);
	prog.argv = argv;
	if (lopt_check(&o.l) == -1)
		die(DIE_PERM, "%s", o.l.why);
}

/* what a child runs: prog, or with -h the lookup step in front of it */
static void
setup_spawn(void)
{
	char **la, *rel, links[256];
	int n, i;

	if (strchr(prog.path, '/') == NULL) {	/* a path, never a PATH search */
		if ((rel = malloc(strlen(prog.path) + 3)) == NULL)
			die_sys(DIE_TEMP, "unable to allocate");
		memcpy(rel, "./", 2);
		memcpy(rel + 2, prog.path, strlen(prog.path) + 1);
		prog.path = rel;
	}
	if (o.helper != NULL) {
		for (n = 0; prog.argv[n] != NULL; n++)
			;
		if ((la = calloc((size_t)n + 4, sizeof *la)) == NULL)
			die_sys(DIE_TEMP, "unable to allocate");
		la[0] = (char *)o.helper;
		la[1] = "--lookup";
		la[2] = (char *)prog.path;
		for (i = 0; i < n; i++)
			la[3 + i] = prog.argv[i];
		lookup.path = o.helper;
		lookup.argv = la;
	}
	prog.errlen = (size_t)snprintf(execerr, sizeof execerr,
	    "%s: warning: unable to run %s\n", PROG, die_q(prog.path));
	if (prog.errlen >= sizeof execerr) {
		prog.errlen = sizeof execerr;
		execerr[prog.errlen - 1] = '\n';
	}
	prog.errline = lookup.errline = execerr;
	lookup.errlen = prog.errlen;
	env_build();
	prog.envp = lookup.envp = envp;
	prog.ownfds = lookup.ownfds = 1;
	/* -h runs the lookup step first: no fast path behind it */
	if (o.fastdir != NULL && o.helper == NULL &&
	    (fast = fast_init(o.fastdir, &prog, o.l.maxconns, links,
	    sizeof links)) == -1)
		die_sys(DIE_TEMP, "unable to allocate the fast path");
	if (fast)
		debug("fast links=%s", links);
}

/* everything before the first accept: ends with the start line */
static void
setup(void)
{
	struct sock_addr la;
	char lstr[128];
	int i;

	la.len = sizeof la.u;
	if (getsockname(lfd, &la.u.sa, &la.len) == -1)
		die_sys(DIE_PERM, "fd 0 is not a listening socket");
	if (la.u.sa.sa_family == AF_UNIX)
		unix_local(&la, lstr, sizeof lstr);
	else if (sock_fmt(&la.u.sa, lstr, sizeof lstr) == -1)
		die(DIE_PERM, "fd 0 is not a TCP or UNIX-domain socket");
	check_listening();

	/*
	 * svc-listen execs us with TERM, INT, HUP and PIPE blocked, so one
	 * sent during the hand-over waits for our handlers instead of
	 * killing us
	 */
	sig_defaults();
	if (fd_cloexec(lfd) == -1 || fd_nonblock(lfd) == -1 ||
	    fd_cloexec_from(3) == -1 || sig_pipe_init() == -1)
		die_sys(DIE_TEMP, "unable to set up descriptors");
	for (i = 0; i < NCAUGHT; i++)
		if (sig_catch(caught[i]) == -1)
			die_sys(DIE_TEMP, "unable to catch signals");
	sig_unblock_all();
	if (conntab_init(&tab, o.l.maxconns) == -1)
		die_sys(DIE_TEMP, "unable to allocate %lu slots",
		    o.l.maxconns);
	rundir_setup();
	setup_spawn();
	reap_init();	/* after the fast path's: its descriptors count */
	if (o.localfixed && !unixsock)
		env_local(lfd, &la.u.sa);

	if (o.portfile != NULL)
		write_portfile(o.portfile, &la.u.sa);
	info("start local=%s max=%lu", lstr, o.l.maxconns);
	notify_manager("READY=1");
	if (o.l.notify) {
		if (fd_writeall((int)o.l.notifyfd, "\n", 1) == -1)
			die_sys(DIE_TEMP, "-N %lu: unable to notify",
			    o.l.notifyfd);
		close((int)o.l.notifyfd);
	}
}

/*
 * TERM, INT or QUIT: close, say who waited in vain, stop; with -d take
 * the queue first and drain
 */
static int
stop(int sig, int pending, struct sock_addr *pra)
{
	if (o.draining)
		take_queue(&pending, pra);
	stop_listening(pending, pra);
	if (o.draining)
		drain(sig);
	reap_last();
	info("stop signal=%s conns=%lu", sig_name(sig), (unsigned long)tab.n);
	return 0;
}

/* the accept loop, until TERM, INT or QUIT */
static int
loop(void)
{
	struct sock_addr pra;
	struct pollfd p[3];
	unsigned long long now;
	int pending = -1, stopping = 0, busy = 0, sig, timeout, ht;

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
		if (tab.n >= o.l.maxconns && !busy) {
			busy = 1;
			info("busy conns=%lu/%lu", (unsigned long)tab.n,
			    o.l.maxconns);
		} else if (tab.n < o.l.maxconns && busy) {
			busy = 0;
			debug("resume conns=%lu/%lu", (unsigned long)tab.n,
			    o.l.maxconns);
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
		if (stopping)
			return stop(stopping, pending, &pra);
		if (p[2].revents & POLLIN)
			reap_ready();
		if (p[1].revents & (POLLIN | POLLERR | POLLHUP))
			accept_some(&pending, &pra);
	}
}

int
main(int argc, char *argv[])
{
	prog_start(&proginfo, argc, argv);
	parse(argc, argv);
	/*
	 * The program runs as our user: not dumpable, it cannot take the
	 * listening socket or other clients' connections from us through
	 * /proc or ptrace (an execve makes it dumpable again)
	 */
	if (o.nodump && os_nodump() == -1 && errno != ENOSYS)
		warn_sys("unable to keep the listener from its programs");
	setup();
	stop_exit(loop());
}
