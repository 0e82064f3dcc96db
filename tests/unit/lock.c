/*
 * unit test of lib/lock: a byte held by one process is seen as held by
 * another, is free again once the holder is killed, and (where locks
 * belong to the open file) stays held while a child of the holder lives.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"
#include "unit.h"


static char path[4096];

/*
 * A child that opens the file, takes byte off, says so, then waits; with
 * forkagain it first forks a grandchild that only keeps the descriptor,
 * whose pid goes into *grand.
 */
static pid_t
holder(off_t off, int forkagain, pid_t *grand)
{
	int p[2], fd;
	pid_t pid, g = 0;

	if (pipe(p) == -1 || (pid = fork()) == -1)
		exit(111);
	if (pid == 0) {
		close(p[0]);
		if ((fd = open(path, O_RDWR)) == -1 || lock_try(fd, off) == -1)
			_exit(1);
		if (forkagain && (g = fork()) == 0) {
			for (;;)
				pause();
		}
		(void)!write(p[1], &g, sizeof g);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], &g, sizeof g) != (ssize_t)sizeof g)
		exit(111);
	if (grand != NULL)
		*grand = g;
	close(p[0]);
	return pid;
}

static void
killwait(pid_t pid)
{
	int st;

	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
}

int
main(void)
{
	const char *tmp = getenv("T");
	off_t far = (off_t)1 << 30;	/* past the end of the file */
	struct timespec ms = { 0, 1000000 };
	pid_t pid, grand;
	int fd, i;

	snprintf(path, sizeof path, "%s/lockfile", tmp ? tmp : "/tmp");
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) == -1)
		return 111;
	printf("lock kind: %s\n", lock_kind());

	CHECK(lock_held(fd, 0, 1) == 0);
	pid = holder(far + 5, 0, NULL);
	CHECK(lock_held(fd, far, 10) == 1);
	CHECK(lock_held(fd, far, 5) == 0);
	CHECK(lock_try(fd, far + 5) == -1 && errno == EAGAIN);
	CHECK(lock_try(fd, far + 6) == 0);	/* its neighbour is free */
	CHECK(lock_drop(fd, far + 6) == 0);
	killwait(pid);
	CHECK(lock_held(fd, far, 10) == 0);	/* kill -9 frees it */
	CHECK(lock_try(fd, far + 5) == 0);
	CHECK(lock_drop(fd, far + 5) == 0);

	/* our own lock is not "another holder"; taking it twice is fine */
	CHECK(lock_wait(fd, 0) == 0);
	CHECK(lock_held(fd, 0, 1) == 0);
	CHECK(lock_try(fd, 0) == 0);
	CHECK(lock_drop(fd, 0) == 0);

	/* open-file locks stay with a child that inherited the descriptor */
	if (strcmp(lock_kind(), "ofd") == 0) {
		pid = holder(7, 1, &grand);
		killwait(pid);
		CHECK(lock_held(fd, 7, 1) == 1);
		kill(grand, SIGKILL);	/* reaped by init, not ours to wait */
		for (i = 0; i < 5000 && lock_held(fd, 7, 1) == 1; i++)
			nanosleep(&ms, NULL);
		CHECK(lock_held(fd, 7, 1) == 0);
	}
	unlink(path);
	return UNIT_END();
}
