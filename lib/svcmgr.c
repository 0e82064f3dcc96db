/*
 * svcmgr: the socket a service manager passes in, and the readiness we
 * send back, in plain POSIX calls.  The protocols are systemd's
 * (sd_listen_fds(3), sd_notify(3)), which s6 and others also speak;
 * nothing here links libsystemd.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan.h"
#include "svcmgr.h"

#define FDS_START 3		/* systemd's first passed descriptor */
#define FDS_MAX 1024		/* more is a mistake, not a service */

void
svcmgr_forget(void)
{
	(void)unsetenv("LISTEN_PID");
	(void)unsetenv("LISTEN_FDS");
	(void)unsetenv("LISTEN_FDNAMES");
}

/* the index of name in the ':'-separated list names, or -1 */
static long
name_index(const char *names, const char *name, unsigned long n)
{
	size_t len = strlen(name);
	const char *p = names, *q;
	unsigned long i;

	for (i = 0; i < n && p != NULL; i++) {
		q = strchr(p, ':');
		if ((q ? (size_t)(q - p) : strlen(p)) == len &&
		    strncmp(p, name, len) == 0)
			return (long)i;
		p = q ? q + 1 : NULL;
	}
	return -1;
}

int
svcmgr_listen_fds(const char *name)
{
	const char *fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	const char *names = getenv("LISTEN_FDNAMES");
	unsigned long n, p;
	long i;
	int r;

	if (fds == NULL) {
		svcmgr_forget();
		return SVCMGR_NONE;
	}
	if (pid == NULL || scan_ulong(pid, &p) == -1)
		r = pid == NULL ? SVCMGR_NOTOURS : SVCMGR_BAD;
	else if (p != (unsigned long)getpid())
		r = SVCMGR_NOTOURS;
	else if (scan_range(fds, 1, FDS_MAX, &n) == -1)
		r = SVCMGR_BAD;
	else if (name != NULL) {
		i = names ? name_index(names, name, n) : -1;
		r = i == -1 ? SVCMGR_NONAME : FDS_START + (int)i;
	} else
		r = n == 1 ? FDS_START : SVCMGR_MANY;
	svcmgr_forget();
	return r;
}

int
svcmgr_check(int fd)
{
	struct stat st;
	socklen_t len;
	int v;

	if (fstat(fd, &st) == -1)
		return -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = ENOTSOCK;
		return -1;
	}
	len = sizeof v;
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len) == -1)
		return -1;
	if (v != SOCK_STREAM) {
		errno = EINVAL;
		return -1;
	}
	/* SO_ACCEPTCONN is POSIX: a socket that listen() was called on */
	len = sizeof v;
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == -1)
		return -1;
	if (!v) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int
svcmgr_notify_open(void)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un un;
	socklen_t len;
	size_t plen;
	int fd, e;

	if (path == NULL || *path == '\0') {
		errno = ENOENT;
		return -1;
	}
	plen = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || plen >= sizeof un.sun_path) {
		errno = EINVAL;
		return -1;
	}
	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	memcpy(un.sun_path, path, plen);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen);
	if (path[0] == '@')
		un.sun_path[0] = '\0';	/* Linux's abstract namespace */
	else
		len++;			/* the path's terminating NUL */
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1)
		return -1;
	/* connected now, it keeps working after privileges are dropped */
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1 ||
	    connect(fd, (struct sockaddr *)&un, len) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int
svcmgr_notify(int fd, const char *state)
{
	ssize_t r;

	do
		r = send(fd, state, strlen(state), 0);
	while (r == -1 && errno == EINTR);
	return r == -1 ? -1 : 0;
}
