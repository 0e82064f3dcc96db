/*
 * tcpc: a plain TCP client for the tests, "tcpc host port": stdin to the
 * server, the server to stdout, each half-closed on its own (stdin EOF
 * -> shutdown(SHUT_WR); the server's EOF -> stdout closed), exit once
 * both are done.  Numeric addresses only.  Stands in for svc-connect.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char down[65536], up[65536];

static int
writeall(int fd, const char *p, ssize_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, (size_t)n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= w;
	}
	return 0;
}

static int
dial(const char *host, const char *ports)
{
	struct sockaddr_in s4;
	struct sockaddr_in6 s6;
	struct sockaddr *sa;
	socklen_t len;
	unsigned long port = 0;
	char *end = NULL;
	int s;

	port = strtoul(ports, &end, 10);
	if (*ports == '\0' || *end != '\0' || port == 0 || port > 65535)
		return -2;
	memset(&s4, 0, sizeof s4);
	memset(&s6, 0, sizeof s6);
	if (inet_pton(AF_INET, host, &s4.sin_addr) == 1) {
		s4.sin_family = AF_INET;
		s4.sin_port = htons((unsigned short)port);
		sa = (struct sockaddr *)&s4;
		len = sizeof s4;
	} else if (inet_pton(AF_INET6, host, &s6.sin6_addr) == 1) {
		s6.sin6_family = AF_INET6;
		s6.sin6_port = htons((unsigned short)port);
		sa = (struct sockaddr *)&s6;
		len = sizeof s6;
	} else
		return -2;
	if ((s = socket(sa->sa_family, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(s, sa, len) == -1) {
		close(s);
		return -1;
	}
	return s;
}

int
main(int argc, char *argv[])
{
	struct pollfd p[2];
	size_t off = 0, len = 0;	/* up[off..len): not yet sent */
	ssize_t n;
	int s, reading = 1, receiving = 1;

	if (argc != 3 || (s = dial(argv[1], argv[2])) == -2) {
		fprintf(stderr, "usage: tcpc numeric-host port\n");
		return 100;
	}
	if (s == -1) {
		perror("tcpc: connect");
		return 111;
	}
	signal(SIGPIPE, SIG_IGN);	/* a server that stops reading: EPIPE */
	/* nonblocking: never stuck sending while the server waits for us */
	fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
	while (reading || off < len || receiving) {
		p[0].fd = reading && off == len ? 0 : -1;
		p[0].events = POLLIN;
		p[1].fd = s;
		p[1].events = (receiving ? POLLIN : 0) |
		    (off < len ? POLLOUT : 0);
		if (poll(p, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			perror("tcpc: poll");
			return 111;
		}
		if (p[0].revents) {
			n = read(0, up, sizeof up);
			if (n <= 0) {
				shutdown(s, SHUT_WR);
				reading = 0;
			} else {
				off = 0;
				len = (size_t)n;
			}
		}
		if (off < len) {
			n = write(s, up + off, len - off);
			if (n == -1 && errno != EAGAIN && errno != EINTR) {
				perror("tcpc: send");
				return 111;
			}
			if (n > 0)
				off += (size_t)n;
		}
		if (receiving && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			n = read(s, down, sizeof down);
			if (n == -1 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (n > 0 && writeall(1, down, n) == -1)
				n = -1;
			if (n <= 0) {
				close(1);
				receiving = 0;
				if (n == -1) {
					perror("tcpc: receive");
					return 111;
				}
			}
		}
	}
	return 0;
}
