/*
 * synfull -p FILE: a listening socket on 127.0.0.1 that drops SYNs.  It
 * listens with backlog 0, never accepts, and connects to itself until
 * one connect does not complete: the accept queue is then full and the
 * kernel drops every further SYN, as a firewall's DROP rule would.
 * Writes the port to FILE (whole, by rename), then waits to be killed.
 * Plain POSIX calls only, so the static binary needs nothing of glibc's
 * dynamic parts.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define FILLMAX 64

/* a socket to sa, close-on-exec; 1 when connected within 300 ms */
static int
filled(const struct sockaddr_in *sa)
{
	struct pollfd p;
	int fd;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(fd, F_SETFL, O_NONBLOCK) == -1)
		return -1;
	if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) == -1 &&
	    errno != EINPROGRESS)
		return -1;
	p.fd = fd;
	p.events = POLLOUT;
	return poll(&p, 1, 300) == 1;	/* left open: it holds its place */
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	char tmp[4096], num[16];
	int lfd, fd, i, n, r;

	if (argc != 3 || strcmp(argv[1], "-p") != 0)
		return 100;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    fcntl(lfd, F_SETFD, FD_CLOEXEC) == -1 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(lfd, 0) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&sa, &len) == -1)
		return 111;
	for (i = 0; i < FILLMAX && (r = filled(&sa)) == 1; i++)
		;
	if (i == FILLMAX || r == -1)
		return 111;
	snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
	n = snprintf(num, sizeof num, "%u\n", ntohs(sa.sin_port));
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1 || write(fd, num, (size_t)n) != n ||
	    close(fd) == -1 || rename(tmp, argv[2]) == -1)
		return 111;
	for (;;)
		pause();
}
