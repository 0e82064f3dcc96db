/*
 * os: Linux and BSD extras behind a POSIX fallback.  This one file is
 * built with the system's default feature macros so that accept4, pipe2,
 * vfork, initgroups and TCP_INFO are visible where they exist.
 */
#undef _POSIX_C_SOURCE
#define _DEFAULT_SOURCE
#define _GNU_SOURCE
#define _BSD_SOURCE

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#ifdef __linux__
#include <linux/tcp.h>	/* libc's tcp_info lacks the byte counters */
#else
#include <netinet/tcp.h>
#endif
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sched.h>	/* clone */
#include <sys/epoll.h>
#include <sys/syscall.h>
#endif

#include "die.h"
#include "os.h"

#if defined(__linux__) || defined(__FreeBSD__) || defined(__NetBSD__) || \
    defined(__OpenBSD__) || defined(__DragonFly__)
#define HAVE_ACCEPT4 1
#define HAVE_PIPE2 1
#define HAVE_SOCK_CLOEXEC 1
#endif

#if !defined(SVC_NO_VFORK) && (defined(__linux__) || defined(__BSD__) || \
    defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__))
#define HAVE_VFORK 1
#endif

/*
 * Linux: a child that shares our descriptor table until it drops all
 * but the few it needs (close_range with CLOSE_RANGE_UNSHARE), so that
 * starting it costs the same with ten or ten thousand descriptors open;
 * pidfds and epoll to learn which child ended without waiting on all.
 * The system-call numbers are the same on every architecture since 5.1.
 */
#if defined(__linux__) && defined(HAVE_VFORK) && !defined(SVC_NO_CLONE_FILES)
#define HAVE_CLONE_FILES 1	/* not for valgrind: it cannot follow */
#endif
#ifdef __linux__
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif
#endif

#if !defined(HAVE_ACCEPT4) || !defined(HAVE_PIPE2) || \
    !defined(HAVE_SOCK_CLOEXEC)
static int
cloexec(int fd)
{
	if (fd != -1 && fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}
#endif

int
os_accept(int lfd, struct sockaddr *sa, socklen_t *len)
{
#ifdef HAVE_ACCEPT4
	return accept4(lfd, sa, len, SOCK_CLOEXEC);
#else
	return cloexec(accept(lfd, sa, len));
#endif
}

int
os_socket(int domain, int type, int proto)
{
#ifdef HAVE_SOCK_CLOEXEC
	return socket(domain, type | SOCK_CLOEXEC, proto);
#else
	return cloexec(socket(domain, type, proto));
#endif
}

int
os_pipe_cloexec(int p[2])
{
#ifdef HAVE_PIPE2
	return pipe2(p, O_CLOEXEC);
#else
	if (pipe(p) == -1)
		return -1;
	if (cloexec(p[0]) == -1 || cloexec(p[1]) == -1) {
		close(p[1]);
		return -1;
	}
	return 0;
#endif
}

/* the soft descriptor limit os_spawn's children get back, if raised */
static struct rlimit childnofile;
static int nofileraised;

long
os_nofile_raise(unsigned long need)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r) == -1)
		return -1;
	if (r.rlim_cur != RLIM_INFINITY && r.rlim_cur < need) {
		if (!nofileraised)
			childnofile = r;
		r.rlim_cur = r.rlim_max != RLIM_INFINITY && r.rlim_max < need ?
		    r.rlim_max : need;
		if (setrlimit(RLIMIT_NOFILE, &r) == -1)
			return -1;
		nofileraised = 1;
	}
	return r.rlim_cur == RLIM_INFINITY || r.rlim_cur > 0x7fffffff ?
	    0x7fffffff : (long)r.rlim_cur;
}

/* what the child of os_spawn needs, in the parent's memory */
struct spawnarg {
	const char *path;
	char *const *argv, *const *envp;
	const int *sigs;
	int nsig, sock, unshare;
	const char *errline;
	size_t errlen;
};

/*
 * The child: async-signal-safe calls only, since it runs in our memory
 * (vfork, clone) until the exec.
 */
static int
spawn_child(void *p)
{
	const struct spawnarg *a = p;
	struct sigaction dfl;
	sigset_t none;
	int i, e;

#ifdef HAVE_CLONE_FILES
	/* first of all: our own table, holding descriptors 0 to sock only */
	if (a->unshare && syscall(SYS_close_range,
	    (unsigned)(a->sock > 2 ? a->sock + 1 : 3), ~0U,
	    CLOSE_RANGE_UNSHARE) == -1)
		_exit(111);
#endif
	if (nofileraised)
		(void)setrlimit(RLIMIT_NOFILE, &childnofile);
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	for (i = 0; i < a->nsig; i++)
		sigaction(a->sigs[i], &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (a->sock != 0 && dup2(a->sock, 0) == -1)
		_exit(111);
	if (a->sock != 1 && dup2(a->sock, 1) == -1)
		_exit(111);
	execve(a->path, a->argv, a->envp);
	e = errno;
	if (e == ENOEXEC) {
		/* no #! line: a shell script, as execvp runs it */
		char *sh[128];

		sh[0] = "sh";
		sh[1] = (char *)a->path;
		for (i = 1; i < 126 && a->argv[i] != NULL; i++)
			sh[i + 1] = a->argv[i];
		sh[i + 1] = NULL;
		if (a->argv[i] == NULL || a->argv[0] == NULL)
			execve("/bin/sh", sh, a->envp);
	}
	if (a->errlen > 0)
		(void)!write(2, a->errline, a->errlen);
	_exit(e == ENOENT || e == ENOTDIR ? 127 : 126);
}

#ifdef HAVE_CLONE_FILES
/* 0: unknown yet, 1: close_range can unshare, -1: it cannot */
static int unshare_ok;
/* the clone child's stack: it runs while we wait, one child at a time */
static union {
	long double align;
	char b[65536];
} spawnstack;

static pid_t
spawn_clone(struct spawnarg *a)
{
	if (unshare_ok == 0)
		unshare_ok = syscall(SYS_close_range, ~0U, ~0U,
		    CLOSE_RANGE_UNSHARE) == 0 ? 1 : -1;
	if (unshare_ok == -1) {
		pid_t pid;

		a->unshare = 0;
		if ((pid = vfork()) == 0)
			spawn_child(a);
		return pid;
	}
	a->unshare = 1;
	return clone(spawn_child, spawnstack.b + sizeof spawnstack.b,
	    CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, a);
}
#endif

pid_t
os_spawn(const char *path, char *const argv[], char *const envp[],
    int sock, const int *sigs, int nsig, const char *errline, size_t errlen)
{
	struct spawnarg a;
	sigset_t all, old;
	pid_t pid;
	int e;

	a.path = path;
	a.argv = argv;
	a.envp = envp;
	a.sigs = sigs;
	a.nsig = nsig;
	a.sock = sock;
	a.unshare = 0;
	a.errline = errline;
	a.errlen = errlen;
	/*
	 * Block everything across the fork, so no handler of ours runs in
	 * the child (it would share our memory under vfork); the child puts
	 * the caught signals back to default before it unblocks.
	 */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
#if defined(HAVE_CLONE_FILES)
	pid = spawn_clone(&a);
#elif defined(HAVE_VFORK)
	if ((pid = vfork()) == 0)
		spawn_child(&a);
#else
	if ((pid = fork()) == 0)
		spawn_child(&a);
#endif
	e = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return pid;
}

int
os_pidfd(pid_t pid, int base)
{
#if defined(__linux__) && !defined(SVC_NO_PIDFD)
	long fd;
	int nfd;

	if ((fd = syscall(SYS_pidfd_open, pid, 0)) == -1)
		return -1;
	/* above the sockets: a child copies the descriptors below its own */
	if (fd < base && (nfd = fcntl((int)fd, F_DUPFD_CLOEXEC, base)) != -1) {
		close((int)fd);
		fd = nfd;
	}
	return (int)fd;
#else
	(void)pid;
	(void)base;
	errno = ENOSYS;
	return -1;
#endif
}

int
os_ev_open(void)
{
#ifdef __linux__
	return epoll_create1(EPOLL_CLOEXEC);
#else
	errno = ENOSYS;
	return -1;
#endif
}

int
os_ev_add(int ev, int fd, unsigned long key)
{
#ifdef __linux__
	struct epoll_event e;

	memset(&e, 0, sizeof e);
	e.events = EPOLLIN;
	e.data.u64 = key;
	return epoll_ctl(ev, EPOLL_CTL_ADD, fd, &e);
#else
	(void)ev;
	(void)fd;
	(void)key;
	errno = ENOSYS;
	return -1;
#endif
}

int
os_ev_ready(int ev, unsigned long *keys, int max)
{
#ifdef __linux__
	struct epoll_event e[64];
	int n, i;

	if (max > 64)
		max = 64;
	while ((n = epoll_wait(ev, e, max, 0)) == -1 && errno == EINTR)
		;
	for (i = 0; i < n; i++)
		keys[i] = (unsigned long)e[i].data.u64;
	return n;
#else
	(void)ev;
	(void)keys;
	(void)max;
	errno = ENOSYS;
	return -1;
#endif
}

int
os_tcp_data(int fd, unsigned long long *in, unsigned long long *out)
{
#if defined(__linux__) && defined(TCP_INFO)
	struct tcp_info ti;
	socklen_t len = sizeof ti;

	memset(&ti, 0, sizeof ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == -1)
		return -1;
	if (len < offsetof(struct tcp_info, tcpi_bytes_received) +
	    sizeof ti.tcpi_bytes_received) {
		errno = ENOTSUP;
		return -1;
	}
	/*
	 * A FIN takes a sequence number, and Linux counts it as a byte:
	 * take away the peer's once received, ours once acknowledged.  The
	 * state numbers are the kernel's (net/tcp_states.h), not in uapi.
	 */
	*in = ti.tcpi_bytes_received;
	*out = ti.tcpi_bytes_acked;
	switch (ti.tcpi_state) {
	case 6:		/* TIME_WAIT: both FINs */
		if (*out > 0)
			(*out)--;
		/* FALLTHROUGH */
	case 8:		/* CLOSE_WAIT */
	case 9:		/* LAST_ACK */
	case 11:	/* CLOSING */
		if (*in > 0)
			(*in)--;
		break;
	case 5:		/* FIN_WAIT2: ours acknowledged */
		if (*out > 0)
			(*out)--;
		break;
	}
	return 0;
#else
	return os_tcp_bytes(fd, in, out);
#endif
}

int
os_sigignored(sigset_t *set)
{
#ifdef __linux__
	static const char key[] = "\nSigIgn:\t";
	char buf[4096], *p;
	unsigned long long mask = 0;
	ssize_t n;
	int fd, sig, d;

	if ((fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if ((p = strstr(buf, key)) == NULL) {
		errno = ENOTSUP;
		return -1;
	}
	for (p += sizeof key - 1; *p != '\n' && *p != '\0'; p++) {
		d = *p >= '0' && *p <= '9' ? *p - '0' :
		    *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
		if (d == -1) {
			errno = ENOTSUP;
			return -1;
		}
		mask = mask << 4 | (unsigned long long)d;
	}
	for (sig = 1; sig <= 64; sig++)
		if (mask >> (sig - 1) & 1)
			(void)sigaddset(set, sig);	/* EINVAL: not ours */
	return 0;
#else
	(void)set;
	errno = ENOTSUP;
	return -1;
#endif
}

/* in the child: signals back to default, fds in place, exec; its errno */
static int
spawnp_exec(char *const argv[], int c0, int c1, const sigset_t *reset)
{
	struct sigaction dfl;
	sigset_t none;
	int sig;

	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	for (sig = 1; sig < 65; sig++)
		if (sigismember(reset, sig) == 1)
			sigaction(sig, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (c0 != -1 && (dup2(c0, 0) == -1 || dup2(c1, 1) == -1))
		return errno;
	execvp(argv[0], argv);
	return errno;
}

#ifndef HAVE_VFORK
/* fork's child reports exec's errno through a close-on-exec pipe */
static pid_t
spawnp_fork(char *const argv[], int c0, int c1, const sigset_t *reset,
    int *err)
{
	ssize_t n;
	pid_t pid;
	int ep[2], e;

	if (os_pipe_cloexec(ep) == -1)
		return -1;
	if ((pid = fork()) == 0) {
		e = spawnp_exec(argv, c0, c1, reset);
		(void)!write(ep[1], &e, sizeof e);
		_exit(e == ENOENT || e == ENOTDIR ? 127 : 126);
	}
	e = errno;
	close(ep[1]);
	if (pid != -1) {
		while ((n = read(ep[0], err, sizeof *err)) == -1 &&
		    errno == EINTR)
			;
		if (n != (ssize_t)sizeof *err)
			*err = 0;
	}
	close(ep[0]);
	errno = e;
	return pid;
}
#endif

pid_t
os_spawnp(char *const argv[], int c0, int c1, const sigset_t *reset)
{
	sigset_t all, old;
	pid_t pid;
	int e;
#ifdef HAVE_VFORK
	volatile int err = 0;	/* the vfork child writes it: shared memory */
#else
	int err = 0;
#endif

	/* no handler of ours may run in the child before it resets them */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
#ifdef HAVE_VFORK
	if ((pid = vfork()) == 0) {
		err = spawnp_exec(argv, c0, c1, reset);
		_exit(err == ENOENT || err == ENOTDIR ? 127 : 126);
	}
#else
	pid = spawnp_fork(argv, c0, c1, reset, &err);
#endif
	e = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid == -1) {
		errno = e;
		return -1;
	}
	if (err != 0) {
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		errno = err;
		return -1;
	}
	return pid;
}
