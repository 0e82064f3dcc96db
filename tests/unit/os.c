/*
 * unit test of lib/os: a child of os_spawn starts with descriptors 0 to
 * 2 only, however many the parent holds, and the parent's own 0 and 1
 * are untouched (on Linux the child shares the table for a moment); the
 * child's pidfd sits at the base asked for, turns ready in an event set
 * when it ends, and the child is then waited for by its pid.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fd.h"
#include "os.h"
#include "spawn.h"
#include "unit.h"

static int
same(int fd, const struct stat *was)
{
	struct stat st;

	return fstat(fd, &st) == 0 && st.st_dev == was->st_dev &&
	    st.st_ino == was->st_ino;
}

int
main(void)
{
	struct stat st0, st1;
	struct pollfd p;
	unsigned long key = 0;
	char path[4096], out[256], *argv[2], *envp[1] = { NULL };
	const char *top = getenv("TOP"), *o = getenv("O");
	ssize_t r;
	size_t len = 0;
	pid_t pid;
	int sp[2], i, pidfd, ev, st = -1;

	snprintf(path, sizeof path, "%s/%s/tests/bin/fdlist", top ? top : ".",
	    o ? o : ".");
	argv[0] = path;
	argv[1] = NULL;
	CHECK(os_nofile_raise(1500) >= 1500);
	CHECK(fd_cloexec_from(3) == 0);	/* as svc-listend does */
	for (i = 0; i < 1000; i++)	/* held, as a listener holds pidfds */
		if (open("/dev/null", O_RDONLY | O_CLOEXEC) == -1)
			return 111;
	CHECK(fstat(0, &st0) == 0 && fstat(1, &st1) == 0);
	/* close-on-exec, as svc-listend's accepted sockets are */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == 0 &&
	    fcntl(sp[0], F_SETFD, FD_CLOEXEC) == 0 &&
	    fcntl(sp[1], F_SETFD, FD_CLOEXEC) == 0);
	pid = os_spawn(path, argv, envp, sp[1], NULL, 0, "", 0);
	CHECK(pid > 0);
	close(sp[1]);
	while (len < sizeof out - 1 &&
	    (r = read(sp[0], out + len, sizeof out - 1 - len)) > 0)
		len += (size_t)r;
	out[len] = '\0';
	CHECK(strcmp(out, "0\n1\n2\n") == 0);
	if (strcmp(out, "0\n1\n2\n") != 0)
		printf("the child had: %s", out);
	CHECK(same(0, &st0) && same(1, &st1));

	if ((pidfd = os_pidfd(pid, 256)) == -1) {
		CHECK(errno == ENOSYS);
		CHECK(waitpid(pid, &st, 0) == pid && st == 0);
		return UNIT_END();
	}
	CHECK(pidfd >= 256);
	CHECK((ev = os_ev_open()) != -1);
	CHECK(os_ev_add(ev, pidfd, (unsigned long)pid) == 0);
	p.fd = ev;
	p.events = POLLIN;
	CHECK(poll(&p, 1, 10000) == 1);
	CHECK(os_ev_ready(ev, &key, 1) == 1 && key == (unsigned long)pid);
	CHECK(waitpid(pid, &st, WNOHANG) == pid && st == 0);
	close(pidfd);
	CHECK(os_ev_ready(ev, &key, 1) == 0);	/* closed: unwatched */
	return UNIT_END();
}
