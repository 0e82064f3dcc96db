/*
 * svc-listen: bind a TCP port or a UNIX-domain socket path, or take a
 * socket already listening (systemd's socket activation, a descriptor a
 * supervisor holds), and run one program per connection with the socket
 * on fds 0 and 1 (a UCSPI server, like tcpserver and unixserver).  First
 * link of every chain.
 *
 * This part does what needs the system's databases and privileges:
 * parse the command line, look up the user, group, host and service,
 * bind, drop privileges, find prog on PATH; then it execs svc-listend,
 * the small static accept loop, with the socket on fd 0, which writes
 * the port file once it is ready.  Reads PATH (and UID, GID with -U;
 * LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES, which it removes, so no
 * child sees them; NOTIFY_SOCKET, which it connects to and removes).
 *
 * "svc-listen --lookup path prog [arg ...]" is the -h step of a child:
 * look the client on fd 0 up, set TCPREMOTEHOST and REMOTE_HOST, exec.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "fd.h"
#include "listen.h"
#include "lopt.h"
#include "port.h"
#include "priv.h"
#include "prog.h"
#include "scan.h"
#include "sig.h"
#include "sock.h"
#include "svcmgr.h"

#define USAGE "svc-listen [-DHhkqsUvX] [-b backlog] [-c max] [-C max[:msg]] " \
    "[-d secs[:grace]] [-g group] [-l name] [-m mode] [-n name] [-N fd] " \
    "[-o owner[:group]] [-p file] [-u user] " \
    "[host:]port|/path|fd:N|systemd prog [arg ...]"
#define OPTSTR "b:c:C:d:DHhkl:m:n:N:o:p:qsUu:g:vX"

/* what the address operand names */
enum { A_TCP, A_UNIX, A_FD, A_SYSTEMD };

/* what svc-listend catches, held until it does */
static const int held[] = { SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGPIPE,
	SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXFSZ };

#define LOOKUP_MS 5000		/* -h: longest wait for the client's name */
#define HOSTMAX 1025		/* NI_MAXHOST, which POSIX does not name */
#define CORE "svc-listend"

extern char **environ;

static const struct prog_info proginfo = { "svc-listen", NULL, USAGE,
	    "Run prog once per TCP connection, the socket on fds 0 and 1.\n"
	    "  [host:]port  address to bind; no host: every address (IPv6 and\n"
	    "               IPv4); port 0: any free port; or a service name\n"
	    "  /path        a UNIX-domain socket (any operand with a '/'); a\n"
	    "               stale socket file there is replaced, nothing else\n"
	    "  fd:N         the listening socket already open on descriptor N\n"
	    "  systemd      the socket systemd passed (LISTEN_FDS)\n"
	    "  -n name      systemd: the one called name (FileDescriptorName=)\n"
	    "  -m mode      /path: the socket file's mode, octal (0660)\n"
	    "  -o owner[:group]  /path: the socket file's owner and group\n"
	    "  -s           SO_REUSEPORT: share the port with another listener\n"
	    "  -d secs[:grace]  on SIGTERM stop accepting, let children run\n"
	    "               up to secs, then SIGTERM them, SIGKILL after grace\n"
	    "               (default 5); a second SIGTERM cuts a step short\n"
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
	    "  -p file      write the bound port (/path: the path) to file\n"
	    "               once ready (after -u)\n"
	    "  -N fd        write a newline to fd once ready, then close it\n"
	    "               (and READY=1 to $NOTIFY_SOCKET when it is set)\n"
	    "  -q           log errors only\n"
	    "  -v           log more (and which links of the chain run\n"
	    "               in-process)\n"
	    "  -X           exec every link of the chain: no fast path\n"
	    "  --help, --version\n"
	    "Exit: 0 on SIGTERM/SIGINT/SIGQUIT, 100 bad usage, 111 cannot "
	    "bind or\nset up, 126/127 prog not runnable/not found.\n",
};

/* the command line */
struct opts {
	struct lopt l;			/* -c, -C, -N, handed on as given */
	unsigned long backlog;		/* -b */
	const char *user, *group;	/* -u, -g */
	int envids;			/* -U */
	int noinproc;			/* -X: no link runs in-process */
	const char *localname;		/* -l */
	const char *portfile;		/* -p */
	int nodelay, keepalive;		/* -D, -k */
	int lookup;			/* -h */
	int verbose;			/* 0 -q, 1, 2 -v */
	int kind;			/* A_TCP, A_UNIX, A_FD, A_SYSTEMD */
	char *addr;			/* the operand: A_UNIX's path */
	char *host;			/* A_TCP: NULL, every address */
	unsigned port;
	unsigned long fdnum;		/* fd:N */
	const char *fdname;		/* -n */
	long mode, ouid, ogid;		/* -m, -o: -1 when not given */
	int reuseport;			/* -s */
	const char *drain;		/* -d, handed on as given */
	char **prog;			/* prog [arg ...] */
};

/* who to run as, from -u, -g, -U */
struct ids {
	uid_t uid;
	gid_t gid;
	int setuser, setgroup;
	const char *uname;		/* for initgroups, or NULL */
};

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

/* name beside argv0 when it holds a slash, else a PATH search */
static char *
find_beside(const char *argv0, const char *name)
{
	const char *slash = strrchr(argv0, '/');
	char *path;
	size_t dl;
	int err;

	if (slash == NULL)
		return resolve(name, &err);
	dl = (size_t)(slash - argv0);
	if ((path = malloc(dl + strlen(name) + 2)) == NULL)
		return NULL;
	snprintf(path, dl + strlen(name) + 2, "%.*s/%s", (int)dl, argv0, name);
	if (access(path, X_OK) == 0)
		return path;
	free(path);
	return resolve(name, &err);
}

static char *
find_core(const char *argv0)
{
	return find_beside(argv0, CORE);
}

static char *
find_self(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	return find_beside(argv0, slash ? slash + 1 : argv0);
}

/* the client's name, looked up in a child so that a hung DNS is cut */
static void
lookup_name(const struct sockaddr *sa, socklen_t len)
{
	char host[HOSTMAX];
	struct pollfd pfd;
	ssize_t r;
	size_t got = 0;
	pid_t pid;
	int p[2], st;

	struct sockaddr_in s4;
	const struct sockaddr_in6 *s6 = (const void *)sa;

	/* an IPv4 client of a dual-stack socket is looked up as IPv4 */
	if (sa->sa_family == AF_INET6 && sock_family(sa) == AF_INET) {
		memset(&s4, 0, sizeof s4);
		s4.sin_family = AF_INET;
		s4.sin_port = s6->sin6_port;
		memcpy(&s4.sin_addr, s6->sin6_addr.s6_addr + 12, 4);
		sa = (const struct sockaddr *)&s4;
		len = sizeof s4;
	}
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
	if (got > 0 && (setenv("TCPREMOTEHOST", host, 1) == -1 ||
	    setenv("REMOTE_HOST", host, 1) == -1))
		warn_sys("unable to set TCPREMOTEHOST");
}

/* "--lookup path prog [arg ...]": a child's -h step, then exec prog */
static void
lookup_then_exec(char *argv[])
{
	struct sock_addr ra;
	int e;

	PROG = "svc-listen";
	if (argv[0] == NULL || argv[1] == NULL)
		die_usage("svc-listen --lookup path prog [arg ...]");
	ra.len = sizeof ra.u;
	if (getpeername(0, &ra.u.sa, &ra.len) == 0)
		lookup_name(&ra.u.sa, ra.len);
	execv(argv[0], argv + 1);
	e = errno;
	die_sys(die_execcode(e), "unable to run %s", die_q(argv[0]));
}

/* digits only: a number, in range or not, never a name to look up */
static int
numeric(const char *s)
{
	return *s != '\0' && strspn(s, "0123456789") == strlen(s);
}

static void
lookup_ids(const char *user, const char *group, int envids, uid_t *uid,
    gid_t *gid, int *setuser, int *setgroup, const char **uname)
{
	struct passwd *pw;
	struct group *gr;
	const char *s;
	uid_t u;

	*setuser = *setgroup = 0;
	*uname = NULL;
	if (envids) {
		if ((s = getenv("UID")) == NULL || priv_scanuid(s, uid) == -1)
			die(DIE_PERM, "-U: $UID unset or not a uid from 0 to "
			    "%lu", (unsigned long)(uid_t)-1 - 1);
		if ((s = getenv("GID")) == NULL || priv_scangid(s, gid) == -1)
			die(DIE_PERM, "-U: $GID unset or not a gid from 0 to "
			    "%lu", (unsigned long)(gid_t)-1 - 1);
		*setuser = *setgroup = 1;
	}
	if (user != NULL) {
		errno = 0;
		if ((pw = getpwnam(user)) == NULL && numeric(user)) {
			/* a number that wraps must not become uid 0 */
			if (priv_scanuid(user, &u) == -1)
				die(DIE_PERM, "-u: uid %s out of range (0 to "
				    "%lu)", die_q(user),
				    (unsigned long)(uid_t)-1 - 1);
			if ((pw = getpwuid(u)) == NULL && group != NULL)
				*uid = u;	/* a bare uid needs -g */
		}
		if (pw != NULL) {
			*uid = pw->pw_uid;
			*gid = pw->pw_gid;
			if ((*uname = strdup(pw->pw_name)) == NULL)
				die_sys(DIE_TEMP, "unable to allocate");
		} else if (!numeric(user) || group == NULL)
			die(DIE_PERM, "unknown user: %s", die_q(user));
		*setuser = *setgroup = 1;
	}
	if (group != NULL) {
		if ((gr = getgrnam(group)) != NULL)
			*gid = gr->gr_gid;
		else if (numeric(group)) {
			if (priv_scangid(group, gid) == -1)
				die(DIE_PERM, "-g: gid %s out of range (0 to "
				    "%lu)", die_q(group),
				    (unsigned long)(gid_t)-1 - 1);
		} else
			die(DIE_PERM, "unknown group: %s", die_q(group));
		*setgroup = 1;
	}
}

/* -d secs[:grace], checked here as svc-listend, which reads it, will */
static void
scan_drain(char *arg)
{
	char *colon = strchr(arg, ':');
	unsigned long ms;
	int bad;

	if (colon != NULL)
		*colon = '\0';
	bad = scan_msecs(arg, &ms) == -1 || ms > SCAN_SECS_MAX * 1000UL ||
	    (colon != NULL && (scan_msecs(colon + 1, &ms) == -1 ||
	    ms > SCAN_SECS_MAX * 1000UL));
	if (colon != NULL)
		*colon = ':';
	if (bad)
		die(DIE_PERM, "-d wants secs or secs:grace, each up to %d "
		    "(up to 3 decimals): %s", SCAN_SECS_MAX, die_q(arg));
}

/* "owner[:group]" or ":group" for -o: names or numbers */
static void
scan_owner(char *arg, long *uid, long *gid)
{
	struct passwd *pw;
	struct group *gr;
	unsigned long v;
	char *colon = strchr(arg, ':');

	if (colon != NULL)
		*colon++ = '\0';
	if (*arg != '\0') {
		if ((pw = getpwnam(arg)) != NULL)
			*uid = (long)pw->pw_uid;
		else if (scan_range(arg, 0, 4294967294UL, &v) == 0)
			*uid = (long)v;
		else
			die(DIE_PERM, "-o: unknown user: %s", die_q(arg));
	}
	if (colon != NULL && *colon != '\0') {
		if ((gr = getgrnam(colon)) != NULL)
			*gid = (long)gr->gr_gid;
		else if (scan_range(colon, 0, 4294967294UL, &v) == 0)
			*gid = (long)v;
		else
			die(DIE_PERM, "-o: unknown group: %s", die_q(colon));
	}
	if (*uid == -1 && *gid == -1)
		die(DIE_PERM, "-o wants owner, owner:group or :group");
}

/* which kind of address the operand is; a descriptor's number in *fd */
static int
addr_kind(const char *arg, unsigned long *fd)
{
	if (strncmp(arg, "fd:", 3) == 0) {
		/* 1 and 2 are the log's: 0 (as s6-tcpserverd) or 3 up */
		if (scan_range(arg + 3, 0, 1048576, fd) == -1 || *fd == 1 ||
		    *fd == 2)
			die(DIE_PERM, "bad descriptor: %s (use fd:0 or fd:N, N "
			    "above 2)", die_q(arg));
		return A_FD;
	}
	if (strcmp(arg, "systemd") == 0)
		return A_SYSTEMD;
	if (strchr(arg, '/') != NULL)
		return A_UNIX;
	return A_TCP;
}

/* the socket the start was given (fd:N, systemd): checked, on a fd > 2 */
static int
take_socket(int kind, unsigned long n, const char *fdname, char *where)
{
	const char *lp = getenv("LISTEN_PID");
	char pid[24];
	int fd;

	/* read before svcmgr_listen_fds removes it, for the error line */
	snprintf(pid, sizeof pid, "%s", lp ? lp : "unset");
	if (kind == A_FD) {
		fd = (int)n;
		snprintf(where, SOCK_ADDRLEN, "fd:%d", fd);
	} else {
		switch (fd = svcmgr_listen_fds(fdname)) {
		case SVCMGR_NONE:
			die(DIE_PERM, "systemd: LISTEN_FDS unset (not started "
			    "by socket activation)");
		case SVCMGR_NOTOURS:
			die(DIE_PERM, "systemd: LISTEN_PID is %s, not our pid "
			    "%ld: the sockets are another process's", die_q(pid),
			    (long)getpid());
		case SVCMGR_BAD:
			die(DIE_PERM, "systemd: LISTEN_FDS or LISTEN_PID is "
			    "not a number");
		case SVCMGR_NONAME:
			die(DIE_PERM, "systemd: no socket called %s in "
			    "LISTEN_FDNAMES", die_q(fdname));
		case SVCMGR_MANY:
			die(DIE_PERM, "systemd: several sockets passed: pick "
			    "one with -n name");
		}
		snprintf(where, SOCK_ADDRLEN, "systemd fd:%d", fd);
	}
	if (svcmgr_check(fd) == -1) {
		if (errno == EBADF)
			die(DIE_PERM, "%s: descriptor is not open", where);
		die(DIE_PERM, "%s: not a listening stream socket", where);
	}
	return fd;
}

/* the command line into o; exits 100 on anything wrong */
static void
parse(int argc, char *argv[], struct opts *o)
{
	char *portarg, *end;
	int ch;

	memset(o, 0, sizeof *o);
	lopt_init(&o->l);
	o->backlog = 128;
	o->verbose = 1;
	o->mode = o->ouid = o->ogid = -1;
	while ((ch = getopt(argc, argv, OPTS_FIRST OPTSTR)) != -1) {
		switch (ch) {
		case 'b':
			if (scan_range(optarg, 1, 65535, &o->backlog) == -1)
				die(DIE_PERM, "-b wants a backlog from 1 to "
				    "65535: %s", die_q(optarg));
			break;
		case 'c':
		case 'C':
		case 'N':
			if (lopt_set(&o->l, ch, optarg) == -1)
				die(DIE_PERM, "%s", o->l.why);
			break;
		case 'd':
			scan_drain(optarg);
			o->drain = optarg;
			break;
		case 'D': o->nodelay = 1; break;
		case 'H': o->lookup = 0; break;
		case 'h': o->lookup = 1; break;
		case 'k': o->keepalive = 1; break;
		case 'l': o->localname = optarg; break;
		case 'm':
			o->mode = strtol(optarg, &end, 8);
			if (*optarg < '0' || *optarg > '7' || *end != '\0' ||
			    o->mode > 07777)
				die(DIE_PERM, "-m wants an octal mode up to 7777:"
				    " %s", die_q(optarg));
			break;
		case 'n': o->fdname = optarg; break;
		case 'o': scan_owner(optarg, &o->ouid, &o->ogid); break;
		case 'p':
			/* svc-listend adds ".PID.tmp" to it */
			if (*optarg == '\0' || strlen(optarg) > 4000)
				die(DIE_PERM, "-p wants a file name of 1 to "
				    "4000 bytes");
			o->portfile = optarg;
			break;
		case 'q': o->verbose = 0; break;
		case 's': o->reuseport = 1; break;
		case 'U': o->envids = 1; break;
		case 'u': o->user = optarg; break;
		case 'g': o->group = optarg; break;
		case 'v': o->verbose = 2; break;
		case 'X': o->noinproc = 1; break;
		default:
			die_opt(USAGE, OPTSTR);
		}
	}
	argv += optind;
	if (argv[0] == NULL || argv[1] == NULL)
		die_usage(USAGE);
	o->addr = argv[0];
	o->kind = addr_kind(argv[0], &o->fdnum);
	if ((o->mode != -1 || o->ouid != -1 || o->ogid != -1) &&
	    o->kind != A_UNIX)
		die(DIE_PERM, "-m and -o apply to a socket path only");
	if (o->fdname != NULL && o->kind != A_SYSTEMD)
		die(DIE_PERM, "-n names a socket systemd passed: use systemd");
	if (o->reuseport && o->kind != A_TCP)
		die(DIE_PERM, "-s applies to a port svc-listen binds");
	if (o->kind == A_TCP && sock_split(argv[0], &o->host, &portarg) == -1)
		die(DIE_PERM, "bad address: %s (use host:port, [ipv6]:port, "
		    "port, /path, fd:N or systemd)", die_q(argv[0]));
	/* getaddrinfo would bind "1.2.3" as 1.2.0.3: refuse, as inet_pton */
	if (o->kind == A_TCP && o->host != NULL && sock_v4short(o->host))
		die(DIE_PERM, "bad address: %s (an IPv4 address is four "
		    "decimal numbers: 192.0.2.1)", die_q(o->host));
	if (o->kind == A_TCP && port_scan(portarg, &o->port) == -1)
		die(DIE_PERM, "bad port: %s (a number up to 65535 or a tcp "
		    "service name)", die_q(portarg));
	if (lopt_check(&o->l) == -1)
		die(DIE_PERM, "%s", o->l.why);
	o->prog = argv + 1;
}

/* prog on PATH, as whoever we are now; exits 126/127 when it cannot run */
static char *
find_prog(const char *prog)
{
	char *path;
	int err;

	if ((path = resolve(prog, &err)) == NULL) {
		/* tcpserver's "host port prog": the port taken for prog */
		if (err == ENOENT && *prog != '\0' &&
		    strspn(prog, "0123456789") == strlen(prog))
			die(die_execcode(err), "unable to run %s: %s (the "
			    "address is one operand: %s for every address, "
			    "or host:%s)", die_q(prog), strerror(err), prog,
			    prog);
		errno = err;
		die_sys(die_execcode(err), "unable to run %s", die_q(prog));
	}
	return path;
}

/*
 * The listening socket: bound as the operand asks (a port, a path) or
 * taken (fd:N, systemd); its text for error lines into where, its
 * address into la
 */
static int
open_socket(const struct opts *o, char where[SOCK_ADDRLEN],
    struct sock_addr *la)
{
	unsigned port;
	int fd, gaierr, one = 1;

	switch (o->kind) {
	case A_FD:
	case A_SYSTEMD:
		fd = take_socket(o->kind, o->fdnum, o->fdname, where);
		/* as on a socket we bind: connections inherit them */
		if (o->nodelay)
			(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof one);
		if (o->keepalive)
			(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one,
			    sizeof one);
		if (fd_nonblock(fd) == -1)
			die_sys(DIE_TEMP, "%s: unable to set up", where);
		break;
	case A_UNIX:
		snprintf(where, SOCK_ADDRLEN, "%s", o->addr);
		fd = listen_unix(o->addr, (int)o->backlog, o->mode, o->ouid,
		    o->ogid);
		if (fd != -1)
			break;
		if (errno == ENAMETOOLONG)
			die(DIE_PERM, "socket path too long: %s",
			    die_q(o->addr));
		if (errno == EEXIST)
			die(DIE_TEMP, "refusing to replace %s: not a socket",
			    die_q(o->addr));
		if (errno == EBUSY)
			die(DIE_TEMP, "refusing %s: another file took the "
			    "socket's place as it was made (others can write "
			    "its directory)", die_q(o->addr));
		if (errno == EADDRINUSE)
			die(DIE_TEMP, "unable to bind %s: a listener answers "
			    "there", die_q(o->addr));
		die_sys(DIE_TEMP, "unable to bind %s", die_q(o->addr));
	default:
		fd = listen_tcp(o->host, o->port, (int)o->backlog, o->nodelay,
		    o->keepalive, o->reuseport, where, &gaierr);
		if (fd != -1)
			break;
		/* a name that does not exist is bad input; DNS down is not */
		if (gaierr == EAI_NONAME || gaierr == EAI_SERVICE ||
		    gaierr == EAI_FAMILY)
			die(DIE_PERM, "unable to resolve %s: %s",
			    die_q(o->host), gai_strerror(gaierr));
		if (gaierr != 0)
			die(DIE_TEMP, "unable to resolve %s: %s",
			    die_q(o->host), gai_strerror(gaierr));
		if (o->reuseport && errno == ENOPROTOOPT)
			die(DIE_PERM, "-s: SO_REUSEPORT is not supported here");
		die_sys(DIE_TEMP, "unable to bind %s", die_q(where));
	}
	la->len = sizeof la->u;
	if (getsockname(fd, &la->u.sa, &la->len) == -1)
		die_sys(DIE_TEMP, "unable to read the bound address");
	if (la->u.sa.sa_family != AF_UNIX &&
	    sock_ntop(&la->u.sa, where, SOCK_ADDRLEN, &port) == -1)
		die(DIE_PERM, "%s: not a TCP or UNIX-domain socket", where);
	return fd;
}

/*
 * Become svc-listend (core, opened as corefd) with the socket on fd 0 and
 * the checked options on its command line; self is svc-listen for -h
 */
static void
handover(const struct opts *o, int lfd, int corefd, const char *core,
    const struct sock_addr *la, int sdnotify, int dropped, char *self,
    char *progpath)
{
	char **cargv, nbuf[3][24];
	const char *slash;
	char **a;
	int n, i = 0;

	if (dup2(lfd, 0) == -1)
		die_sys(DIE_TEMP, "unable to move the socket to fd 0");
	if (o->l.notify && fcntl((int)o->l.notifyfd, F_SETFD, 0) == -1)
		die_sys(DIE_TEMP, "unable to pass on fd %lu", o->l.notifyfd);
	if (sdnotify != -1 && fcntl(sdnotify, F_SETFD, 0) == -1)
		die_sys(DIE_TEMP, "unable to pass on fd %d", sdnotify);
	for (n = 0; o->prog[n] != NULL; n++)
		;
	/* at most 24 before prog: each option below and its value, -- */
	if ((cargv = calloc((size_t)n + 25, sizeof *cargv)) == NULL)
		die_sys(DIE_TEMP, "unable to allocate");
	cargv[i++] = CORE;
	snprintf(nbuf[0], sizeof nbuf[0], "-c%lu", o->l.maxconns);
	cargv[i++] = nbuf[0];
	if (o->l.persrc != NULL) {
		cargv[i++] = "-C";
		cargv[i++] = (char *)o->l.persrc;
	}
	if (o->l.notify) {
		snprintf(nbuf[1], sizeof nbuf[1], "-N%lu", o->l.notifyfd);
		cargv[i++] = nbuf[1];
	}
	/* written by svc-listend once it is ready, never for a failed start */
	if (o->portfile != NULL) {
		cargv[i++] = "-p";
		cargv[i++] = (char *)o->portfile;
	}
	if (o->localname != NULL) {
		cargv[i++] = "-l";
		cargv[i++] = (char *)o->localname;
	}
	if (self != NULL && la->u.sa.sa_family != AF_UNIX) {
		cargv[i++] = "-h";
		cargv[i++] = self;
	}
	if (o->drain != NULL) {
		cargv[i++] = "-d";
		cargv[i++] = (char *)o->drain;
	}
	if (sdnotify != -1) {
		snprintf(nbuf[2], sizeof nbuf[2], "-S%d", sdnotify);
		cargv[i++] = nbuf[2];
	}
	/* dropped to the program's user: kept from the program's reach */
	if (dropped)
		cargv[i++] = "-D";
	/* we made the socket file: it goes when the listener stops */
	if (o->kind == A_UNIX)
		cargv[i++] = "-r";
	/* bound to one address: the local half never changes */
	if (la->u.sa.sa_family == AF_UNIX || !sock_wildcard(&la->u.sa))
		cargv[i++] = "-L";
	if (o->verbose != 1)
		cargv[i++] = o->verbose ? "-v" : "-q";
	/* our links are the ones installed beside svc-listend */
	if (!o->noinproc && (slash = strrchr(core, '/')) != NULL) {
		cargv[i++] = "-F";
		if ((cargv[i++] = strndup(core, (size_t)(slash - core))) ==
		    NULL)
			die_sys(DIE_TEMP, "unable to allocate");
	}
	cargv[i++] = "-x";
	cargv[i++] = progpath;
	cargv[i++] = "--";
	for (a = o->prog; *a != NULL; a++)
		cargv[i++] = *a;
	cargv[i] = NULL;
	fexecve(corefd, cargv, environ);
	die_sys(DIE_TEMP, "unable to run %s", die_q(core));
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct ids id;
	struct sock_addr la;
	/* static: held to the exec, and seen by a leak checker at a die */
	static char *self, *core;
	char where[SOCK_ADDRLEN];
	int lfd, corefd, i, sdnotify = -1;
	sigset_t stopsigs;

	/*
	 * Held until svc-listend catches them (see its start-up), first
	 * thing: a signal sent during start-up must not kill a listener
	 * that is about to serve.  A child of the -h lookup step
	 * has them restored by svc-listend's spawn.
	 */
	sigemptyset(&stopsigs);
	for (i = 0; i < (int)(sizeof held / sizeof held[0]); i++)
		sigaddset(&stopsigs, held[i]);
	sigprocmask(SIG_BLOCK, &stopsigs, NULL);
	prog_start(&proginfo, argc, argv);
	if (argc > 1 && strcmp(argv[1], "--lookup") == 0) {
		sigprocmask(SIG_UNBLOCK, &stopsigs, NULL);
		lookup_then_exec(argv + 2);
	}
	parse(argc, argv, &o);
	lookup_ids(o.user, o.group, o.envids, &id.uid, &id.gid, &id.setuser,
	    &id.setgroup, &id.uname);

	/* nothing we inherited reaches the accept loop or a child */
	if (fd_cloexec_from(3) == -1)
		die_sys(DIE_TEMP, "unable to set up descriptors");
	if ((core = find_core(argv[0])) == NULL)
		die(DIE_TEMP, "unable to find " CORE " beside svc-listen or "
		    "on PATH");
	/* opened now, run later: the user of -u need not reach its folder */
	if ((corefd = open(core, O_RDONLY | O_CLOEXEC)) == -1)
		die_sys(DIE_TEMP, "unable to open %s", die_q(core));
	if (o.lookup && (self = find_self(argv[0])) == NULL)
		die(DIE_TEMP, "unable to find svc-listen itself for -h");
	/* a program that cannot run fails the start before any port file */
	free(find_prog(o.prog[0]));

	/* the sockets systemd passed are addressed to us alone */
	if (o.kind != A_SYSTEMD)
		svcmgr_forget();
	lfd = open_socket(&o, where, &la);
	/*
	 * connected while root, since systemd's socket may be root's alone,
	 * and passed on with -S; svc-listend need not look for it again
	 */
	if (getenv("NOTIFY_SOCKET") != NULL) {
		if ((sdnotify = svcmgr_notify_open()) == -1)
			warn_sys("unable to reach $NOTIFY_SOCKET");
		(void)unsetenv("NOTIFY_SOCKET");
	}
	if ((id.setgroup || id.setuser) && priv_drop(id.setuser && id.uname ?
	    id.uname : NULL, id.uid, id.gid, id.setuser) == -1)
		die_sys(DIE_TEMP, "unable to switch to uid %lu gid %lu",
		    (unsigned long)id.uid, (unsigned long)id.gid);
	handover(&o, lfd, corefd, core, &la, sdnotify,
	    id.setgroup || id.setuser, self, find_prog(o.prog[0]));
	return DIE_TEMP;
}
