/*
 * sockhold: hold a listening socket and run a listener on it, as a
 * supervisor that keeps the socket across restarts (or s6-fdholder)
 * does.  For the tests of svc-listen fd:N.
 *
 *   sockhold [-r] [-p file] host port|/path prog...
 *
 * Binds host:port (port 0: any) or the UNIX-domain path, listens, writes
 * the port (or the path) to file, and runs prog with the socket on fd 3.
 * Without -r it execs prog.  With -r it starts prog and restarts it at
 * each SIGHUP the way a supervisor does: SIGTERM, wait for it to exit,
 * start it again; the socket stays open here all along, so clients
 * queue in its backlog meanwhile.  Logs "sockhold: restart N" to stderr
 * after each new start.  SIGTERM is passed on; it exits 0 once prog has.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listen.h"
#include "scan.h"
#include "sock.h"

static volatile sig_atomic_t stop, hup;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		hup = 1;
	else
		stop = 1;
}

static pid_t
run(char **argv)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

int
main(int argc, char *argv[])
{
	unsigned long i, n = 0;
	const char *portfile = NULL;
	char where[SOCK_ADDRLEN], text[128];
	struct sock_addr la;
	unsigned port;
	pid_t pid;
	FILE *f;
	struct sigaction sa;
	int ch, fd, gaierr, st, restarts = 0;

	while ((ch = getopt(argc, argv, "+p:r")) != -1) {
		switch (ch) {
		case 'p': portfile = optarg; break;
		case 'r': restarts = 1; break;
		default: return 100;
		}
	}
	argv += optind;
	if (argv[0] == NULL)
		return 100;
	if (strchr(argv[0], '/') != NULL) {
		fd = listen_unix(argv[0], 128, -1, -1, -1);
		snprintf(text, sizeof text, "%s", argv[0]);
		argv += 1;
	} else {
		if (argv[1] == NULL || scan_ulong(argv[1], &i) == -1)
			return 100;
		fd = listen_tcp(argv[0], (unsigned)i, 128, 0, 0, 0, where,
		    &gaierr);
		la.len = sizeof la.u;
		if (fd != -1 && getsockname(fd, &la.u.sa, &la.len) == 0 &&
		    sock_ntop(&la.u.sa, where, sizeof where, &port) == 0)
			snprintf(text, sizeof text, "%u", port);
		argv += 2;
	}
	if (fd == -1 || argv[0] == NULL) {
		perror("sockhold: unable to listen");
		return 111;
	}
	/* on fd 3, blocking and inherited, as a supervisor passes it */
	if (dup2(fd, 3) == -1 || fcntl(3, F_SETFL, 0) == -1 ||
	    fcntl(3, F_SETFD, 0) == -1)
		return 111;
	if (fd != 3)
		close(fd);
	if (portfile != NULL) {
		if ((f = fopen(portfile, "w")) == NULL)
			return 111;
		fprintf(f, "%s\n", text);
		fclose(f);
	}
	if (!restarts) {
		execvp(argv[0], argv);
		perror("sockhold: unable to run");
		return 127;
	}
	/* sigaction: signal() under -std=c99 resets after the first one */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	pid = run(argv);
	while (!stop) {
		(void)poll(NULL, 0, 20);
		if (!hup || stop)
			continue;
		hup = 0;
		kill(pid, SIGTERM);
		while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
			;
		pid = run(argv);
		fprintf(stderr, "sockhold: restart %lu\n", ++n);
	}
	kill(pid, SIGTERM);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	return 0;
}
