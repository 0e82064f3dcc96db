/*
 * ref: the benchmark's floor, the least a listener can do per
 * connection: accept, fork (or with -v vfork), put the socket on fds 0
 * and 1, exec the program.  No limits, no logging, no environment; the
 * kernel reaps the children (SIGCHLD ignored).
 *
 *   ref [-v] host port prog [arg ...]   serve
 *   ref -P                              print a free port on 127.0.0.1
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "scan.h"

pid_t vfork(void);	/* not in POSIX.1-2008; every Unix still has it */

static int
listen_on(const char *host, unsigned long port)
{
	struct sockaddr_in sa;
	int fd, one = 1;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		die(DIE_PERM, "not an IPv4 address: %s", host);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		die_sys(DIE_TEMP, "unable to create a socket");
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(fd, 1024) == -1)
		die_sys(DIE_TEMP, "unable to listen on %s:%lu", host, port);
	return fd;
}

/* fork or vfork, then exec prog on the socket; the parent keeps going */
static void
spawn(int fd, int usevfork, char *const prog[])
{
	pid_t pid;

	pid = usevfork ? vfork() : fork();
	if (pid == 0) {
		if (dup2(fd, 0) == -1 || dup2(fd, 1) == -1)
			_exit(111);
		execv(prog[0], prog);
		_exit(127);
	}
	if (pid == -1)
		warn_sys("unable to fork");
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	unsigned long port;
	int lfd, fd, usevfork = 0;

	PROG = "ref";
	if (argc == 2 && strcmp(argv[1], "-P") == 0) {
		lfd = listen_on("127.0.0.1", 0);
		if (getsockname(lfd, (struct sockaddr *)&sa, &len) == -1)
			die_sys(DIE_TEMP, "unable to read the port");
		printf("%u\n", ntohs(sa.sin_port));
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		usevfork = 1;
		argv++;
		argc--;
	}
	if (argc < 4 || scan_range(argv[2], 0, 65535, &port) == -1)
		die_usage("ref [-v] host port prog [arg ...] | ref -P");
	lfd = listen_on(argv[1], port);
	signal(SIGCHLD, SIG_IGN);
	for (;;) {
		if ((fd = accept(lfd, NULL, NULL)) == -1) {
			if (errno != EINTR && errno != ECONNABORTED)
				warn_sys("unable to accept");
			continue;
		}
		spawn(fd, usevfork, argv + 3);
		close(fd);
	}
}
