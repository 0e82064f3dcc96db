/*
 * svc-listen: bind a TCP port, accept connections, and run one program
 * per connection with the socket on fds 0 and 1 (UCSPI server, like
 * tcpserver and s6-tcpserver).  First link of every chain.
 *
 * Sets in the child: PROTO, TCPLOCALIP, TCPLOCALPORT, TCPREMOTEIP,
 * TCPREMOTEPORT, TCPCONNNUM, REMOTE_ADDR, REMOTE_PORT; TCPLOCALHOST with
 * -l; TCPREMOTEHOST and REMOTE_HOST with -h when the lookup succeeds.
 * Removes stale copies of all of these (and TCPREMOTEINFO) inherited from
 * its own environment.  Reads PATH once to find the program.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conntab.h"
#include "die.h"
#include "fd.h"
#include "os.h"
#include "scan.h"
#include "sig.h"
#include "sock.h"

#define USAGE "svc-listen [-DHhkqUv] [-b backlog] [-c max] [-C max[:msg]] " \
    "[-g group] [-l name] [-N fd] [-p file] [-u user] [host:]port prog [arg ...]"

#define OPTSTR OPTS_FIRST "b:c:C:DHhkl:N:p:qUu:g:v"

#define BACKOFF_MIN 10		/* ms: first pause after accept/fork fails */
#define BACKOFF_MAX 500		/* ms: longest pause, so recovery is quick */
#define LOOKUP_MS 5000		/* -h: longest wait for the client's name */
#define MSGMAX 1024
#define HOSTMAX 1025		/* NI_MAXHOST, which POSIX does not name */

extern char **environ;

/* what the command line asked for */
static unsigned long maxconns = 100, persource, backlog = 128;
static int nodelay, keepalive, lookup;
static const char *localname, *portfile;
static char denymsg[MSGMAX];
static long denylen;

/* the child's environment: inherited variables, then our slots */
enum { E_PROTO, E_LIP, E_LPORT, E_RIP, E_RPORT, E_CONNNUM, E_RADDR,
	E_RPORT2, E_LHOST, E_RHOST, E_RHOST2, E_NSLOTS };
static const char *const slotname[E_NSLOTS] = {
	"PROTO=", "TCPLOCALIP=", "TCPLOCALPORT=", "TCPREMOTEIP=",
	"TCPREMOTEPORT=", "TCPCONNNUM=", "REMOTE_ADDR=", "REMOTE_PORT=",
	"TCPLOCALHOST=", "TCPREMOTEHOST=", "REMOTE_HOST=",
};
static char slotmem[E_NSLOTS][16 + HOSTMAX];
static char **envp;
static size_t envslot;		/* index of slot 0 in envp */
static int localfixed;		/* bound to one address: local slots are set */

static const char *progpath;
static char **progargv;
static char execerr[512];
static size_t execerrlen;

static const int caught[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGPIPE };
#define NCAUGHT ((int)(sizeof caught / sizeof caught[0]))

static struct conntab tab;
static int lfd = -1;
static char logmem[512];

static unsigned long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 +
	    (unsigned long long)ts.tv_nsec / 1000000;
}

static void
usage_help(void)
{
	static const char help[] =
	    "usage: " USAGE "\n"
	    "Run prog once per TCP connection, the socket on fds 0 and 1.\n"
	    "  [host:]port  address to bind; no host: every address (IPv6 and\n"
	    "               IPv4); port 0: any free port; or a service name\n"
	    "  -c max       at most max children at once (default 100)\n"
	    "  -C max[:msg] at most max connections per client address; the\n"
	    "               one over gets msg (\\r \\n escapes) and is closed\n"
	    "  -b backlog   listen backlog (default 128)\n"
	    "  -D           TCP_NODELAY: send small writes at once\n"
	    "  -k           SO_KEEPALIVE on every connection\n"
	    "  -h           look up the client's name into TCPREMOTEHOST\n"
	    "  -H           no name lookup (default)\n"
	    "  -l name      set TCPLOCALHOST to name\n"
	    "  -u user      run as user (and its groups) after binding\n"
	    "  -g group     run with this group\n"
	    "  -U           run as $UID and $GID (envuidgid, s6-envuidgid)\n"
	    "  -p file      write the bound port to file once listening\n"
	    "  -N fd        write a newline to fd once ready, then close it\n"
	    "  -q           log errors only\n"
	    "  -v           log more\n"
	    "  --help, --version\n"
	    "Exit: 0 on SIGTERM/SIGINT, 100 bad usage, 111 cannot bind or set\n"
	    "up, 126/127 prog not runnable/not found.\n";

	(void)fd_writeall(1, help, sizeof help - 1);
	exit(0);
}

/* find prog on PATH once, as execvp would, so each child only execve()s */
static char *
resolve(const char *prog, int *err)
{
	const char *path, *p, *q;
	struct stat st;
	size_t dl, pl = strlen(prog);
	char *cand;
	int saw_eacces = 0;

	*err = 0;
	if (strchr(prog, '/') != NULL) {
		if (access(prog, X_OK) == -1 || stat(prog, &st) == -1) {
			*err = errno;
			return NULL;
		}
		if (S_ISDIR(st.st_mode)) {
			*err = EACCES;
			return NULL;
		}
		return strdup(prog);
	}
	if ((path = getenv("PATH")) == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p = q + 1) {
		q = strchr(p, ':');
		dl = q ? (size_t)(q - p) : strlen(p);
		if ((cand = malloc(dl + pl + 3)) == NULL) {
			*err = ENOMEM;
			return NULL;
		}
		if (dl == 0)
			snprintf(cand, dl + pl + 3, "./%s", prog);
		else
			snprintf(cand, dl + pl + 3, "%.*s/%s", (int)dl, p, prog);
		if (stat(cand, &st) == 0 && !S_ISDIR(st.st_mode)) {
			if (access(cand, X_OK) == 0)
				return cand;
			saw_eacces = 1;
		}
		free(cand);
		if (q == NULL)
			break;
	}
	*err = saw_eacces ? EACCES : ENOENT;
	return NULL;
}

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

static void
setslot(int s, const char *val)
{
	size_t n = strlen(slotname[s]);

	memcpy(slotmem[s], slotname[s], n);
	snprintf(slotmem[s] + n, sizeof slotmem[s] - n, "%s", val);
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
	for (s = 0; s < E_NSLOTS; s++)
		envp[envslot + s] = slotmem[s];
	setslot(E_PROTO, "TCP");
	/* optional slots sit at the end, so NULL there ends the list */
	if (localname != NULL) {
		setslot(E_LHOST, localname);
		envp[envslot + E_RHOST] = NULL;
	} else
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
	fault.until = now_ms() + fault.pause;
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

/* -h: the client's name, looked up in a grandchild so a hung DNS is cut */
static void
lookup_name(const struct sockaddr *sa, socklen_t len)
{
	char host[HOSTMAX];
	struct pollfd pfd;
	ssize_t r;
	size_t got = 0;
	pid_t pid;
	int p[2], st;

	if (fd_pipe(p, 0) == -1)
		return;
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		close(p[0]);
		if (getnameinfo(sa, len, host, sizeof host, NULL, 0,
		    NI_NAMEREQD) == 0)
			(void)fd_writeall(p[1], host, strlen(host));
		_exit(0);
	}
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	while (got < sizeof host - 1 && poll(&pfd, 1, LOOKUP_MS) > 0) {
		r = read(p[0], host + got, sizeof host - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(p[0]);
	kill(pid, SIGKILL);
	(void)waitpid(pid, &st, 0);
	host[got] = '\0';
	if (got > 0) {
		setslot(E_RHOST, host);
		setslot(E_RHOST2, host);
		envp[envslot + E_RHOST] = slotmem[E_RHOST];
		envp[envslot + E_RHOST2] = slotmem[E_RHOST2];
	} else
		envp[envslot + E_RHOST] = NULL;
}

/* -h needs work in the child before exec, so it forks rather than vforks */
static pid_t
spawn_lookup(int fd, const struct sockaddr *sa, socklen_t len)
{
	pid_t pid;
	int e;

	if ((pid = fork()) != 0)
		return pid;
	sig_restore();
	if (dup2(fd, 0) == -1 || dup2(fd, 1) == -1)
		_exit(111);
	lookup_name(sa, len);
	execve(progpath, progargv, envp);
	e = errno;
	die_writeline(execerr, execerrlen);
	_exit(die_execcode(e));
}

static void
deny(int fd, const char *remote, unsigned conns)
{
	struct buf b;

	if (denylen > 0 && fd_nonblock(fd) == 0)
		(void)!send(fd, denymsg, (size_t)denylen, MSG_NOSIGNAL);
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
 * Start the program for one accepted connection.  Returns 0 when the
 * connection was handed over or refused, -1 when the fork failed and
 * the caller must keep fd and retry.
 */
static int
serve(int fd, const struct sock_addr *ra)
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

	if (lookup)
		pid = spawn_lookup(fd, &ra->u.sa, ra->len);
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
	c->start_ms = now_ms();
	memcpy(c->remote, remote, sizeof remote);
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

static void
reap(void)
{
	struct buf b;
	struct conn *c;
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if ((c = conntab_find(&tab, pid)) == NULL)
			continue;
		if (log_level >= 1) {
			log_begin(&b, "end pid=");
			buf_putu(&b, (unsigned long long)pid);
			buf_puts(&b, " remote=");
			buf_puts(&b, c->remote);
			if (WIFSIGNALED(st)) {
				buf_puts(&b, " signal=");
				buf_puts(&b, sig_name(WTERMSIG(st)));
			} else {
				buf_puts(&b, " status=");
				buf_putu(&b, (unsigned)WEXITSTATUS(st));
			}
			buf_puts(&b, " duration=");
			buf_putms(&b, now_ms() - c->start_ms);
			logline(&b);
		}
		conntab_del(&tab, c);
	}
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
				continue;
			default:	/* EMFILE, ENFILE, ENOBUFS, ENOMEM... */
				fault_hit("accept");
				return 0;
			}
		}
		fault_clear("accept");
		if (serve(fd, &ra) == -1) {
			*pending = fd;
			*pra = ra;
			return 0;
		}
	}
	return 0;
}

static void
write_portfile(unsigned port)
{
	char tmp[4096], num[16];
	int fd, n;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.%ld.tmp", portfile,
	    (long)getpid()) >= sizeof tmp)
		die(DIE_PERM, "port file name too long: %s", portfile);
	n = snprintf(num, sizeof num, "%u\n", port);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		die_sys(DIE_TEMP, "unable to create %s", tmp);
	if (fd_writeall(fd, num, (unsigned long)n) == -1 || close(fd) == -1)
		die_sys(DIE_TEMP, "unable to write %s", tmp);
	/* rename makes it appear whole: a reader never sees half a number */
	if (rename(tmp, portfile) == -1)
		die_sys(DIE_TEMP, "unable to rename %s to %s", tmp, portfile);
}

static void
lookup_ids(const char *user, const char *group, int envids, uid_t *uid,
    gid_t *gid, int *setuser, int *setgroup, const char **uname)
{
	struct passwd *pw;
	struct group *gr;
	unsigned long v;
	const char *s;

	*setuser = *setgroup = 0;
	*uname = NULL;
	if (envids) {
		if ((s = getenv("UID")) == NULL || scan_ulong(s, &v) == -1)
			die(DIE_PERM, "-U: $UID unset or not a number");
		*uid = (uid_t)v;
		if ((s = getenv("GID")) == NULL || scan_ulong(s, &v) == -1)
			die(DIE_PERM, "-U: $GID unset or not a number");
		*gid = (gid_t)v;
		*setuser = *setgroup = 1;
	}
	if (user != NULL) {
		errno = 0;
		if ((pw = getpwnam(user)) != NULL) {
			*uid = pw->pw_uid;
			*gid = pw->pw_gid;
			*uname = pw->pw_name;
			if ((*uname = strdup(pw->pw_name)) == NULL)
				die_sys(DIE_TEMP, "unable to allocate");
		} else if (scan_ulong(user, &v) == 0 && group != NULL) {
			*uid = (uid_t)v;	/* a bare uid needs -g */
		} else
			die(DIE_PERM, "unknown user: %s", user);
		*setuser = *setgroup = 1;
	}
	if (group != NULL) {
		if ((gr = getgrnam(group)) != NULL)
			*gid = gr->gr_gid;
		else if (scan_ulong(group, &v) == 0)
			*gid = (gid_t)v;
		else
			die(DIE_PERM, "unknown group: %s", group);
		*setgroup = 1;
	}
}

int
main(int argc, char *argv[])
{
	struct sock_addr la, pra;
	struct pollfd p[2];
	unsigned long notifyfd = 0;
	const char *user = NULL, *group = NULL, *uname;
	char *host, *portarg, *colon, where[SOCK_ADDRLEN], lstr[SOCK_ADDRLEN];
	unsigned port;
	uid_t uid = 0;
	gid_t gid = 0;
	int ch, gaierr, envids = 0, notify = 0, setuser, setgroup, err;
	int pending = -1, stopping = 0, busy = 0, sig, timeout;
	unsigned long long now;

	PROG = "svc-listen";
	if (fd_ensure_std() == -1)
		die_sys(DIE_TEMP, "unable to open /dev/null");
	if (argc > 1 && strcmp(argv[1], "--help") == 0)
		usage_help();
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		(void)fd_writeall(1, "svc-listen " SVC_VERSION "\n",
		    sizeof "svc-listen " SVC_VERSION "\n" - 1);
		return 0;
	}
	opterr = 0;
	while ((ch = getopt(argc, argv, OPTSTR)) != -1) {
		switch (ch) {
		case 'b':
			if (scan_range(optarg, 1, 65535, &backlog) == -1)
				die(DIE_PERM, "-b wants a backlog from 1 to "
				    "65535: %s", optarg);
			break;
		case 'c':
			if (scan_range(optarg, 1, CONNTAB_MAX, &maxconns) == -1)
				die(DIE_PERM, "-c wants a number from 1 to %d:"
				    " %s", CONNTAB_MAX, optarg);
			break;
		case 'C':
			if ((colon = strchr(optarg, ':')) != NULL) {
				*colon = '\0';
				denylen = scan_escapes(colon + 1, denymsg,
				    sizeof denymsg);
				if (denylen == -1)
					die(DIE_PERM, "-C: bad message (known "
					    "escapes: \\r \\n \\t \\\\ \\xNN; "
					    "at most %d bytes)", MSGMAX);
			}
			if (scan_range(optarg, 1, CONNTAB_MAX, &persource) == -1)
				die(DIE_PERM, "-C wants a number from 1 to %d:"
				    " %s", CONNTAB_MAX, optarg);
			break;
		case 'D': nodelay = 1; break;
		case 'H': lookup = 0; break;
		case 'h': lookup = 1; break;
		case 'k': keepalive = 1; break;
		case 'l': localname = optarg; break;
		case 'N':
			if (scan_range(optarg, 3, 1048576, &notifyfd) == -1)
				die(DIE_PERM, "-N wants a descriptor number "
				    "above 2: %s", optarg);
			notify = 1;
			break;
		case 'p': portfile = optarg; break;
		case 'q': log_level = 0; break;
		case 'U': envids = 1; break;
		case 'u': user = optarg; break;
		case 'g': group = optarg; break;
		case 'v': log_level = 2; break;
		default:
			die_opt(USAGE, OPTSTR);
		}
	}
	argv += optind;
	if (argv[0] == NULL || argv[1] == NULL)
		die_usage(USAGE);
	if (sock_split(argv[0], &host, &portarg) == -1)
		die(DIE_PERM, "bad address: %s (use host:port, [ipv6]:port "
		    "or port)", argv[0]);
	if (sock_port(portarg, &port) == -1)
		die(DIE_PERM, "bad port: %s (a number up to 65535 or a tcp "
		    "service name)", portarg);
	if (notify && fcntl((int)notifyfd, F_GETFD) == -1)
		die(DIE_PERM, "-N %lu: descriptor is not open", notifyfd);
	lookup_ids(user, group, envids, &uid, &gid, &setuser, &setgroup,
	    &uname);
	progargv = argv + 1;

	/* start clean: defaults for all but what we catch (nohup, sh &) */
	sig_restore();
	if (fd_cloexec_from(3) == -1 || sig_pipe_init() == -1)
		die_sys(DIE_TEMP, "unable to set up descriptors");
	for (ch = 0; ch < NCAUGHT; ch++)
		if (sig_catch(caught[ch]) == -1)
			die_sys(DIE_TEMP, "unable to catch signals");
	if (notify)
		(void)fd_cloexec((int)notifyfd);
	if (conntab_init(&tab, maxconns) == -1)
		die_sys(DIE_TEMP, "unable to allocate %lu slots", maxconns);

	lfd = sock_listen(host, port, (int)backlog, nodelay, keepalive, where,
	    &gaierr);
	if (lfd == -1) {
		if (gaierr != 0)
			die(DIE_TEMP, "unable to resolve %s: %s", host,
			    gai_strerror(gaierr));
		die_sys(DIE_TEMP, "unable to bind %s", where);
	}
	la.len = sizeof la.u;
	if (getsockname(lfd, &la.u.sa, &la.len) == -1)
		die_sys(DIE_TEMP, "unable to read the bound address");
	(void)sock_fmt(&la.u.sa, lstr, sizeof lstr);
	sock_ntop(&la.u.sa, where, sizeof where, &port);
	if (portfile != NULL)
		write_portfile(port);

	if (setgroup || setuser) {
		if (os_dropto(setuser && uname ? uname : NULL, uid, gid,
		    setuser) == -1)
			die_sys(DIE_TEMP, "unable to switch to uid %lu gid %lu",
			    (unsigned long)uid, (unsigned long)gid);
	}
	free((char *)uname);	/* only os_dropto needed it */
	uname = NULL;
	if ((progpath = resolve(progargv[0], &err)) == NULL) {
		errno = err;
		die_sys(die_execcode(err), "unable to run %s", progargv[0]);
	}
	execerrlen = (size_t)snprintf(execerr, sizeof execerr,
	    "%s: warning: unable to run %s\n", PROG, progpath);
	if (execerrlen >= sizeof execerr)
		execerrlen = sizeof execerr - 1;

	env_build();
	/* bound to one address: the local half never changes */
	if (host != NULL && strcmp(where, "::") != 0 &&
	    strcmp(where, "0.0.0.0") != 0) {
		env_local(lfd, &la.u.sa);
		localfixed = 1;
	}

	info("start local=%s max=%lu", lstr, maxconns);
	if (notify) {
		if (fd_writeall((int)notifyfd, "\n", 1) == -1)
			die_sys(DIE_PERM, "-N %lu: unable to notify",
			    notifyfd);
		close((int)notifyfd);
	}

	for (;;) {
		now = now_ms();
		timeout = -1;
		if (fault.until > now)
			timeout = (int)(fault.until - now);
		else if (pending != -1) {
			if (serve(pending, &pra) == 0)
				pending = -1;
			continue;
		}
		p[0].fd = sig_pipe;
		p[0].events = POLLIN;
		p[1].fd = lfd;
		p[1].events = POLLIN;
		p[0].revents = p[1].revents = 0;
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
		if (poll(p, (stopping || busy || timeout != -1 ||
		    pending != -1) ? 1 : 2, timeout) == -1) {
			if (errno != EINTR)
				warn_sys("unable to poll");
			continue;
		}
		if (p[0].revents & POLLIN) {
			while ((sig = sig_next()) != 0) {
				if (sig == SIGCHLD)
					reap();
				else if (sig == SIGTERM || sig == SIGINT)
					stopping = sig;
				else if (sig == SIGHUP)
					debug("hup ignored");
			}
		}
		if (stopping) {
			close(lfd);
			if (pending != -1)
				close(pending);
			info("stop signal=%s conns=%lu", sig_name(stopping),
			    (unsigned long)tab.n);
			return 0;
		}
		if (p[1].revents & (POLLIN | POLLERR | POLLHUP))
			accept_some(&pending, &pra);
	}
}
