/*
 * ptyrun FILE SECS prog [arg ...]: run prog with its stderr on a new
 * pseudo-terminal, copy what prog writes there into FILE, and exit with
 * prog's status (128 + signal if it was killed).  stdin and stdout are
 * inherited.  For tests of output shown only on a terminal: needs no
 * terminal of its own, and kills prog (status 124) after SECS seconds.
 */
#define _XOPEN_SOURCE 700	/* posix_openpt, grantpt, unlockpt, ptsname */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mono.h"

int
main(int argc, char *argv[])
{
	unsigned long long deadline, now;
	char buf[4096], *name;
	struct pollfd p;
	ssize_t r;
	pid_t pid;
	int m, s, out, st;

	if (argc < 4) {
		fprintf(stderr, "usage: ptyrun file secs prog [arg ...]\n");
		return 100;
	}
	deadline = mono_ms() + strtoul(argv[2], NULL, 10) * 1000;
	if ((m = posix_openpt(O_RDWR | O_NOCTTY)) == -1 || grantpt(m) == -1 ||
	    unlockpt(m) == -1 || (name = ptsname(m)) == NULL ||
	    (s = open(name, O_RDWR | O_NOCTTY)) == -1) {
		perror("ptyrun: pseudo-terminal");
		return 111;
	}
	if ((out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1) {
		perror("ptyrun: output file");
		return 111;
	}
	if ((pid = fork()) == -1) {
		perror("ptyrun: fork");
		return 111;
	}
	if (pid == 0) {
		if (dup2(s, 2) == -1)
			_exit(111);
		close(s);
		close(m);
		close(out);
		execvp(argv[3], argv + 3);
		_exit(errno == ENOENT ? 127 : 126);
	}
	/* only prog holds the slave now: its end reads as EOF or EIO */
	close(s);
	p.fd = m;
	p.events = POLLIN;
	for (;;) {
		now = mono_ms();
		if (now >= deadline ||
		    (r = poll(&p, 1, (int)(deadline - now))) == 0) {
			kill(pid, SIGKILL);
			(void)waitpid(pid, &st, 0);
			fprintf(stderr, "ptyrun: %s timed out\n", argv[3]);
			return 124;
		}
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			break;
		r = read(m, buf, sizeof buf);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (write(out, buf, (size_t)r) != r) {
			perror("ptyrun: write");
			return 111;
		}
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return 111;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
