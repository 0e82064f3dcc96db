/*
 * os: Linux and BSD extras behind a POSIX fallback.  This one file is
 * built with the system's default feature macros so that accept4, pipe2
 * and TCP_INFO are visible where they exist; it needs nothing beyond the
 * C library's own headers.
 */
#undef _POSIX_C_SOURCE
#define _DEFAULT_SOURCE
#define _GNU_SOURCE
#define _BSD_SOURCE

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__) && !defined(SVC_PORTABLE)
#include <sched.h>	/* clone */
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include "os.h"

#ifdef OS_HAVE_PIDFD
/* the same numbers on every architecture since Linux 5.1 */
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

#if defined(__linux__) && !defined(SVC_PORTABLE)
#define OS_HAVE_TCPINFO 1
#ifndef TCP_INFO
#define TCP_INFO 11
#endif
/*
 * The head of Linux's struct tcp_info (include/uapi/linux/tcp.h) up to
 * the byte counters, which glibc's <netinet/tcp.h> leaves out: spelled
 * out here, so that no kernel header is needed.  The layout is part of
 * the kernel's ABI; the kernel says how much it filled in: up to
 * bytes_received since Linux 4.1, data_segs_in since 4.6, bytes_sent
 * and bytes_retrans since 4.19.
 */
struct os_tcpinfo {
	uint8_t state;
	uint8_t u8[7];
	uint32_t u32[24];	/* tcpi_rto ... tcpi_total_retrans */
	uint64_t pacing_rate, max_pacing_rate;
	uint64_t bytes_acked, bytes_received;
	uint32_t segs_out, segs_in, notsent_bytes, min_rtt;
	uint32_t data_segs_in, data_segs_out;
	uint64_t delivery_rate, busy_time, rwnd_limited, sndbuf_limited;
	uint32_t delivered, delivered_ce;
	uint64_t bytes_sent, bytes_retrans;
};
/* how much of it the kernel filled in */
#define OS_TCPINFO_HAS(len, f) \
	((len) >= offsetof(struct os_tcpinfo, f) + \
	sizeof ((struct os_tcpinfo *)0)->f)
#endif

#if !defined(OS_HAVE_ACCEPT4)
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
#ifdef OS_HAVE_ACCEPT4
	return accept4(lfd, sa, len, SOCK_CLOEXEC);
#else
	return cloexec(accept(lfd, sa, len));
#endif
}

int
os_socket(int domain, int type, int proto)
{
#ifdef OS_HAVE_ACCEPT4
	return socket(domain, type | SOCK_CLOEXEC, proto);
#else
	return cloexec(socket(domain, type, proto));
#endif
}

int
os_pipe_cloexec(int p[2])
{
#ifdef OS_HAVE_ACCEPT4
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

#ifdef OS_HAVE_CLONE_FILES
/* 0: unknown yet, 1: close_range can unshare, -1: it cannot */
static int unshare_ok;
/* the clone child's stack: it runs while we wait, one child at a time */
static union {
	long double align;
	char b[65536];
} clonestack;
#endif

pid_t
os_clone_files(int (*fn)(void *), void *arg)
{
#ifdef OS_HAVE_CLONE_FILES
	if (unshare_ok == 0)
		unshare_ok = syscall(SYS_close_range, ~0U, ~0U,
		    CLOSE_RANGE_UNSHARE) == 0 ? 1 : -1;
	if (unshare_ok == 1)
		return clone(fn, clonestack.b + sizeof clonestack.b,
		    CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, arg);
#else
	(void)fn;
	(void)arg;
#endif
	errno = ENOSYS;
	return -1;
}

int
os_unshare_fds(int from)
{
#ifdef OS_HAVE_CLONE_FILES
	return (int)syscall(SYS_close_range, (unsigned)from, ~0U,
	    CLOSE_RANGE_UNSHARE);
#else
	(void)from;
	errno = ENOSYS;
	return -1;
#endif
}

/* the soft descriptor limit children get back, if raised */
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

void
os_nofile_child(void)
{
	if (nofileraised)
		(void)setrlimit(RLIMIT_NOFILE, &childnofile);
}

#ifdef OS_HAVE_TCPINFO
/*
 * A closed connection (CLOSE) whose receive queue is empty reads end of
 * file when the peer's FIN came, an error when a reset came first.
 */
static int
tcp_peer_fin(int fd)
{
	char c;

	return recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}
#endif

int
os_pidfd(pid_t pid, int base)
{
#if defined(OS_HAVE_PIDFD) && !defined(SVC_NO_PIDFD)
	long fd;
	int nfd;

	if ((fd = syscall(SYS_pidfd_open, pid, 0)) == -1)
		return -1;
	/* above the sockets: a child keeps the descriptors below its own */
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
#ifdef OS_HAVE_PIDFD
	return epoll_create1(EPOLL_CLOEXEC);
#else
	errno = ENOSYS;
	return -1;
#endif
}

int
os_ev_add(int ev, int fd, unsigned long key)
{
#ifdef OS_HAVE_PIDFD
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
#ifdef OS_HAVE_PIDFD
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
#ifdef OS_HAVE_TCPINFO
	struct os_tcpinfo ti;
	socklen_t len = sizeof ti;

	memset(&ti, 0, sizeof ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == -1)
		return -1;
	if (!OS_TCPINFO_HAS(len, bytes_received)) {	/* before 4.1 */
		errno = ENOTSUP;
		return -1;
	}
	/*
	 * A FIN takes a sequence number, and Linux counts it as a byte:
	 * take away the peer's once received, ours once acknowledged.  The
	 * state numbers are the kernel's (net/tcp_states.h), not in uapi.
	 * CLOSE (7) is reached both after the two FINs and on a reset, so
	 * the state alone cannot say; the counters below settle most cases.
	 */
	*in = ti.bytes_received;
	*out = ti.bytes_acked;
	switch (ti.state) {
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
	case 7:		/* CLOSE: a FIN came if reading says end of file */
		if (*in > 0 && tcp_peer_fin(fd))
			(*in)--;
		break;
	}
	/* a peer that sent no data segment sent no byte, in every state */
	if (OS_TCPINFO_HAS(len, data_segs_in) && ti.data_segs_in == 0)
		*in = 0;
	/* data sent, each byte once, never counts our FIN */
	if (OS_TCPINFO_HAS(len, bytes_retrans) &&
	    ti.bytes_sent >= ti.bytes_retrans &&
	    ti.bytes_acked > ti.bytes_sent - ti.bytes_retrans)
		*out = ti.bytes_sent - ti.bytes_retrans;
	return 0;
#else
	(void)fd;
	(void)in;
	(void)out;
	errno = ENOTSUP;
	return -1;
#endif
}

int
os_sigignored(sigset_t *set)
{
#if defined(__linux__) && !defined(SVC_PORTABLE)
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

/* a socket file of this user's: the one bind made, not a stand-in */
static int
sockfile_ours(const struct stat *st)
{
	if (!S_ISSOCK(st->st_mode) || st->st_uid != geteuid()) {
		errno = EBUSY;
		return -1;
	}
	return 0;
}

int
os_sockfile_own(const char *path, long uid, long gid, mode_t mode)
{
	struct stat st;
#if defined(__linux__) && defined(O_PATH) && !defined(SVC_PORTABLE)
	char self[40];
	int fd, e, r = -1;

	if ((fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || sockfile_ours(&st) == -1)
		goto out;
	if ((uid != -1 || gid != -1) && fchownat(fd, "", (uid_t)uid,
	    (gid_t)gid, AT_EMPTY_PATH) == -1)
		goto out;
	/* the umask at bind gave the mode, unless a default ACL did */
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	if ((st.st_mode & 07777) != mode && chmod(self, mode) == -1)
		goto out;
	r = 0;
out:
	e = errno;
	close(fd);
	errno = e;
	return r;
#else
	if (lstat(path, &st) == -1 || sockfile_ours(&st) == -1)
		return -1;
	if ((uid != -1 || gid != -1) && lchown(path, (uid_t)uid,
	    (gid_t)gid) == -1)
		return -1;
	/* a chmod by the name would follow a link: the umask must do */
	if ((st.st_mode & 07777) != mode) {
		errno = ENOTSUP;
		return -1;
	}
	return 0;
#endif
}

int
os_nodump(void)
{
#if defined(__linux__) && !defined(SVC_PORTABLE)
	return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/*
 * Close every descriptor from lowfd up, as a freshly exec'd program would
 * not have them: close_range where Linux has it, else a listing of
 * /proc/self/fd or /dev/fd, else each number up to the limit.
 */
void
os_closefrom(int lowfd)
{
	struct rlimit rl;
	struct dirent *e;
	DIR *d;
	char *end;
	long v, max = 1024;
	int dfd;

#if defined(__linux__) && defined(SYS_close_range) && !defined(SVC_PORTABLE)
	if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0) == 0)
		return;
#endif
	if ((d = opendir("/proc/self/fd")) != NULL ||
	    (d = opendir("/dev/fd")) != NULL) {
		dfd = dirfd(d);
		while ((e = readdir(d)) != NULL) {
			v = strtol(e->d_name, &end, 10);
			if (*end == '\0' && end != e->d_name && v >= lowfd &&
			    v != dfd)
				(void)close((int)v);
		}
		closedir(d);
		return;
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		max = (long)rl.rlim_cur;
	if (max > 65536)
		max = 65536;
	for (v = lowfd; v < max; v++)
		(void)close((int)v);
}

/* memory that a parent and its forked children share */
void *
os_shared(size_t len)
{
	void *p;
	int fd;

#if defined(MAP_ANONYMOUS) || defined(MAP_ANON)
#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	if (p != MAP_FAILED)
		return p;
#endif
	if ((fd = open("/dev/zero", O_RDWR | O_CLOEXEC)) == -1)
		return NULL;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

int
os_peercred(int fd, uid_t *uid, gid_t *gid, pid_t *pid)
{
#if defined(__linux__) && defined(SO_PEERCRED)
	struct ucred uc;
	socklen_t len = sizeof uc;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) == -1)
		return -1;
	*uid = uc.uid;
	*gid = uc.gid;
	*pid = uc.pid;
	return 0;
#elif defined(__FreeBSD__) || defined(__NetBSD__) || \
    defined(__OpenBSD__) || defined(__DragonFly__) || defined(__APPLE__)
	/* the BSDs tell the ids, not the pid */
	*pid = 0;
	return getpeereid(fd, uid, gid);
#else
	(void)fd;
	(void)uid;
	(void)gid;
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

int
os_reuseport(int fd)
{
#ifdef SO_REUSEPORT
	int one = 1;

	return setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
#else
	(void)fd;
	errno = ENOPROTOOPT;
	return -1;
#endif
}
