/*
 * execloop: how long a program takes to start, work and exit, for
 * benchmarks: "execloop N prog [arg ...]" runs prog N times, one after
 * the other (fork, exec, wait), with fds 0 and 1 on /dev/null, and prints
 * the mean time of one run in microseconds: wall clock, then CPU (user +
 * system, the part a busy machine cannot hide).  Exits 1 if any run
 * failed.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "scan.h"

int
main(int argc, char *argv[])
{
	struct timespec a, b;
	struct rusage ru;
	unsigned long n, i;
	pid_t pid;
	int st, bad = 0, fd;

	if (argc < 3 || scan_range(argv[1], 1, 10000000, &n) == -1)
		return 100;
	if ((fd = open("/dev/null", O_RDWR)) == -1)
		return 111;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		if ((pid = fork()) == -1)
			return 111;
		if (pid == 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) == -1 || st != 0)
			bad = 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (getrusage(RUSAGE_CHILDREN, &ru) == -1)
		return 111;
	printf("%.1f %.1f\n", ((b.tv_sec - a.tv_sec) * 1e6 +
	    (b.tv_nsec - a.tv_nsec) / 1e3) / (double)n,
	    ((ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
	    ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / (double)n);
	return bad;
}
