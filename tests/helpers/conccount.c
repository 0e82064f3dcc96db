/*
 * conccount: a service that counts how many copies of itself run at once.
 * "conccount FILE MS" adds itself to the counts in FILE (running now,
 * most at once, all so far; under a lock), writes HELLO, stays MS
 * milliseconds as if working, then takes itself off and exits.  It takes
 * itself off before it ends, so FILE never shows more copies than ran.
 */
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scan.h"

struct counts {
	unsigned long now, most, all;
};

static int
update(int fd, int delta)
{
	struct flock fl;
	struct counts c;
	ssize_t r;

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_len = 1;
	while (fcntl(fd, F_SETLKW, &fl) == -1)
		if (errno != EINTR)
			return -1;
	memset(&c, 0, sizeof c);
	r = pread(fd, &c, sizeof c, 0);
	if (r != 0 && r != (ssize_t)sizeof c)
		return -1;
	if (delta > 0) {
		c.now++;
		c.all++;
		if (c.now > c.most)
			c.most = c.now;
	} else
		c.now--;
	if (pwrite(fd, &c, sizeof c, 0) != (ssize_t)sizeof c)
		return -1;
	fl.l_type = F_UNLCK;
	return fcntl(fd, F_SETLK, &fl);
}

int
main(int argc, char *argv[])
{
	struct timespec ts;
	unsigned long ms;
	int fd;

	if (argc == 3 && strcmp(argv[1], "-p") == 0) {
		/* print the counts: "now=N most=N all=N" */
		struct counts c;

		memset(&c, 0, sizeof c);
		if ((fd = open(argv[2], O_RDONLY)) == -1 ||
		    read(fd, &c, sizeof c) == -1)
			return 111;
		printf("now=%lu most=%lu all=%lu\n", c.now, c.most, c.all);
		return 0;
	}
	if (argc != 3 || scan_ulong(argv[2], &ms) == -1)
		return 100;
	if ((fd = open(argv[1], O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1 ||
	    update(fd, 1) == -1)
		return 111;
	(void)!write(1, "HELLO\n", 6);
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
	return update(fd, -1) == -1 ? 111 : 0;
}
