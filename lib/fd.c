/*
 * fd: descriptor hygiene.  Everything the suite opens is close-on-exec,
 * so a served program gets fds 0, 1, 2 and nothing else of ours.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "fd.h"
#include "os.h"

int
fd_cloexec(int fd)
{
	int f = fcntl(fd, F_GETFD);

	if (f == -1)
		return -1;
	return (f & FD_CLOEXEC) ? 0 : fcntl(fd, F_SETFD, f | FD_CLOEXEC);
}

static int
setfl(int fd, int on, int flag)
{
	int f = fcntl(fd, F_GETFL);

	if (f == -1)
		return -1;
	if (!!(f & flag) == on)
		return 0;
	return fcntl(fd, F_SETFL, on ? f | flag : f & ~flag);
}

int
fd_nonblock(int fd)
{
	return setfl(fd, 1, O_NONBLOCK);
}

int
fd_block(int fd)
{
	return setfl(fd, 0, O_NONBLOCK);
}

int
fd_ensure_std(void)
{
	int fd;

	/* opens nothing when all three are there: no fd needed to check */
	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", O_RDWR) == -1)
			return -1;
	}
	return 0;
}

int
fd_cloexec_from(int from)
{
	DIR *d;
	struct dirent *e;
	struct rlimit rl;
	unsigned long v, max, i;
	int dfd;

	/* a listing is exact and cheap where /proc exists */
	if ((d = opendir("/proc/self/fd")) != NULL) {
		dfd = dirfd(d);
		while ((e = readdir(d)) != NULL) {
			char *end;

			v = strtoul(e->d_name, &end, 10);
			if (*end != '\0' || end == e->d_name)
				continue;
			if ((int)v >= from && (int)v != dfd)
				(void)fd_cloexec((int)v);
		}
		closedir(d);
		return 0;
	}
	max = 1024;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		max = rl.rlim_cur;
	if (max > 65536)
		max = 65536;
	for (i = (unsigned long)from; i < max; i++)
		(void)fd_cloexec((int)i);
	return 0;
}

long
fd_writeall(int fd, const void *p, unsigned long n)
{
	const char *s = p;
	unsigned long done = 0;
	ssize_t r;

	while (done < n) {
		r = write(fd, s + done, n - done);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (unsigned long)r;
	}
	return (long)done;
}

int
fd_pipe(int p[2], int nb)
{
	if (os_pipe_cloexec(p) == -1)
		return -1;
	if (nb && (fd_nonblock(p[0]) == -1 || fd_nonblock(p[1]) == -1)) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	return 0;
}
