/*
 * fault.so: a preload library of the tests' own that makes system calls
 * fail at random points, as they fail on a loaded machine: accept,
 * accept4, fork, pipe, pipe2, write, open, openat and fcntl return -1
 * with an errno that call can really give (EMFILE, ENFILE, ENOBUFS,
 * ENOMEM, EAGAIN, EINTR, ENOSPC) and do nothing else: an accept that
 * fails leaves the connection queued, a write writes nothing.  Only
 * dynamic programs can be reached, so the tests run a dynamic build.
 *
 * Set in the environment:
 *   FAULT_ONLY    program name (as exec'd) to inject into; others untouched
 *   FAULT_CALLS   comma list of calls: accept,fork,pipe,write,open,fcntl
 *   FAULT_RATE    per mille of calls that start a failure (default 100)
 *   FAULT_BURST   most further calls a failure runs on for (default 0)
 *   FAULT_ERRNOS  comma list of errno names allowed (default: all above)
 *   FAULT_SEED    of the random sequence, mixed with the pid
 *   FAULT_FLAG    a path: inject only while it exists
 *   FAULT_LOG     a path: one line "pid call errno" appended per failure
 * write(2) on descriptor 2 is left alone unless FAULT_STDERR=1: a log
 * line lost that way is not what the tests look for.
 */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { C_ACCEPT, C_FORK, C_PIPE, C_WRITE, C_OPEN, C_FCNTL, C_N };

static const char *const callname[C_N] = {
	"accept", "fork", "pipe", "write", "open", "fcntl"
};

static const struct { const char *name; int e; } errs[] = {
	{ "EMFILE", EMFILE }, { "ENFILE", ENFILE }, { "ENOBUFS", ENOBUFS },
	{ "ENOMEM", ENOMEM }, { "EAGAIN", EAGAIN }, { "EINTR", EINTR },
	{ "ENOSPC", ENOSPC },
};
#define NERRS (sizeof errs / sizeof errs[0])

static int on, stderr_too;
static unsigned mask, allowed, rate = 100, burst;
static unsigned left[C_N];
static uint64_t rng;
static const char *flag, *logpath;

static int (*real_accept)(int, struct sockaddr *, socklen_t *);
static int (*real_accept4)(int, struct sockaddr *, socklen_t *, int);
static pid_t (*real_fork)(void);
static int (*real_pipe)(int *);
static int (*real_pipe2)(int *, int);
static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_open)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_fcntl)(int, int, ...);

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* is name (up to its length) in the comma list? */
static int
listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
		if ((p = strchr(p, ',')) != NULL)
			p++;
	}
	return 0;
}

__attribute__((constructor)) static void
init(void)
{
	const char *s;
	unsigned i;

	real_accept = (int (*)(int, struct sockaddr *, socklen_t *))
	    dlsym(RTLD_NEXT, "accept");
	real_accept4 = (int (*)(int, struct sockaddr *, socklen_t *, int))
	    dlsym(RTLD_NEXT, "accept4");
	real_fork = (pid_t (*)(void))dlsym(RTLD_NEXT, "fork");
	real_pipe = (int (*)(int *))dlsym(RTLD_NEXT, "pipe");
	real_pipe2 = (int (*)(int *, int))dlsym(RTLD_NEXT, "pipe2");
	real_write = (ssize_t (*)(int, const void *, size_t))
	    dlsym(RTLD_NEXT, "write");
	real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	real_openat = (int (*)(int, const char *, int, ...))
	    dlsym(RTLD_NEXT, "openat");
	real_fcntl = (int (*)(int, int, ...))dlsym(RTLD_NEXT, "fcntl");

	if ((s = getenv("FAULT_ONLY")) == NULL ||
	    strcmp(s, program_invocation_short_name) != 0)
		return;
	s = getenv("FAULT_CALLS");
	for (i = 0; i < C_N; i++)
		if (s == NULL || listed(s, callname[i]))
			mask |= 1u << i;
	s = getenv("FAULT_ERRNOS");
	for (i = 0; i < NERRS; i++)
		if (s == NULL || listed(s, errs[i].name))
			allowed |= 1u << i;
	if ((s = getenv("FAULT_RATE")) != NULL)
		rate = (unsigned)strtoul(s, NULL, 10);
	if ((s = getenv("FAULT_BURST")) != NULL)
		burst = (unsigned)strtoul(s, NULL, 10);
	rng = 0x9e3779b97f4a7c15ULL;
	if ((s = getenv("FAULT_SEED")) != NULL)
		rng ^= strtoull(s, NULL, 10) * 0xff51afd7ed558ccdULL;
	rng ^= (uint64_t)getpid() << 20;
	if (rng == 0)
		rng = 1;
	flag = getenv("FAULT_FLAG");
	logpath = getenv("FAULT_LOG");
	stderr_too = (s = getenv("FAULT_STDERR")) != NULL && *s == '1';
	on = 1;
}

/*
 * Should this call of kind c fail, and with which of the errnos in
 * cand (a mask over errs[])?  0, or the errno, already set.
 */
static int
inject(int c, unsigned cand)
{
	char line[64];
	unsigned pick[NERRS], n = 0, i;
	int e, fd, saved = errno;

	if (!on || !(mask & 1u << c) || (cand &= allowed) == 0)
		return 0;
	if (flag != NULL && access(flag, F_OK) != 0) {
		errno = saved;
		left[c] = 0;
		return 0;
	}
	if (left[c] > 0)
		left[c]--;
	else if (next() % 1000 >= rate)
		return 0;
	else if (burst > 0)
		left[c] = (unsigned)(next() % (burst + 1));
	for (i = 0; i < NERRS; i++)
		if (cand & 1u << i)
			pick[n++] = i;
	i = pick[next() % n];
	e = errs[i].e;
	if (logpath != NULL && (fd = real_open(logpath, O_WRONLY | O_APPEND |
	    O_CREAT | O_CLOEXEC, 0600)) != -1) {
		n = (unsigned)snprintf(line, sizeof line, "%ld %s %s\n",
		    (long)getpid(), callname[c], errs[i].name);
		(void)!real_write(fd, line, n);
		close(fd);
	}
	errno = e;
	return e;
}

static unsigned
mk(int a, int b, int c, int d, int e)
{
	unsigned m = 0, i;
	int want[5] = { a, b, c, d, e };
	int k;

	for (i = 0; i < NERRS; i++)
		for (k = 0; k < 5; k++)
			if (want[k] != 0 && errs[i].e == want[k])
				m |= 1u << i;
	return m;
}

/* accept: nothing is taken off the queue when it fails */
int
accept(int fd, struct sockaddr *sa, socklen_t *len)
{
	if (inject(C_ACCEPT, mk(EMFILE, ENFILE, ENOBUFS, ENOMEM, EINTR)))
		return -1;
	return real_accept(fd, sa, len);
}

int
accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags)
{
	if (inject(C_ACCEPT, mk(EMFILE, ENFILE, ENOBUFS, ENOMEM, EINTR)))
		return -1;
	return real_accept4(fd, sa, len, flags);
}

pid_t
fork(void)
{
	if (inject(C_FORK, mk(EAGAIN, ENOMEM, 0, 0, 0)))
		return -1;
	return real_fork();
}

int
pipe(int p[2])
{
	if (inject(C_PIPE, mk(EMFILE, ENFILE, 0, 0, 0)))
		return -1;
	return real_pipe(p);
}

int
pipe2(int p[2], int flags)
{
	if (inject(C_PIPE, mk(EMFILE, ENFILE, 0, 0, 0)))
		return -1;
	return real_pipe2(p, flags);
}

/*
 * The errnos a write to fd can really give: ENOSPC to a file; EAGAIN or
 * ENOBUFS to a nonblocking socket; EINTR where a write can block.  A
 * nonblocking pipe is left alone: there EAGAIN means the pipe is full,
 * which a self-pipe's handler rightly ignores, and faking it on an
 * empty pipe would lose a signal no real system loses.
 */
ssize_t
write(int fd, const void *p, size_t n)
{
	struct stat st;
	unsigned cand = 0;
	int fl;

	if (on && mask & 1u << C_WRITE && (fd != 2 || stderr_too) &&
	    fstat(fd, &st) == 0 && (fl = real_fcntl(fd, F_GETFL)) != -1) {
		if (S_ISREG(st.st_mode))
			cand = mk(ENOSPC, 0, 0, 0, 0);
		else if (S_ISSOCK(st.st_mode) && fl & O_NONBLOCK)
			cand = mk(EAGAIN, ENOBUFS, 0, 0, 0);
		else if (!(fl & O_NONBLOCK))
			cand = mk(EINTR, 0, 0, 0, 0);
		if (cand != 0 && inject(C_WRITE, cand))
			return -1;
	}
	return real_write(fd, p, n);
}

static unsigned
open_errs(int flags)
{
	return mk(EMFILE, ENFILE, ENOMEM, EINTR, flags & O_CREAT ? ENOSPC : 0);
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	if (inject(C_OPEN, open_errs(flags)))
		return -1;
	return real_open(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	if (inject(C_OPEN, open_errs(flags)))
		return -1;
	return real_open(path, flags, mode);
}

int
openat(int dir, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	if (inject(C_OPEN, open_errs(flags)))
		return -1;
	return real_openat(dir, path, flags, mode);
}

/*
 * fcntl: EMFILE for a dup, EINTR for a lock wait, EAGAIN for a lock
 * try (someone else holds it); other commands do not fail that way
 */
static int
fcntl_common(int fd, int cmd, void *arg)
{
	unsigned cand = 0;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		cand = mk(EMFILE, 0, 0, 0, 0);
		break;
	case F_SETLKW:
#ifdef F_OFD_SETLKW
	case F_OFD_SETLKW:
#endif
		cand = mk(EINTR, 0, 0, 0, 0);
		break;
	case F_SETLK:
#ifdef F_OFD_SETLK
	case F_OFD_SETLK:
#endif
		/* an unlock never fails that way */
		if (((struct flock *)arg)->l_type != F_UNLCK)
			cand = mk(EAGAIN, 0, 0, 0, 0);
		break;
	}
	if (cand != 0 && inject(C_FCNTL, cand))
		return -1;
	return real_fcntl(fd, cmd, arg);
}

int
fcntl(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	return fcntl_common(fd, cmd, arg);
}

int
fcntl64(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	return fcntl_common(fd, cmd, arg);
}
