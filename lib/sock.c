/*
 * sock: addresses in text, and the listening socket.  Addresses are
 * printed canonically (RFC 5952; IPv4-mapped IPv6 as plain IPv4).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fd.h"
#include "os.h"
#include "scan.h"
#include "sock.h"

static int
mapped(const struct sockaddr_in6 *s6)
{
	return IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr);
}

int
sock_family(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET6 &&
	    mapped((const struct sockaddr_in6 *)(const void *)sa))
		return AF_INET;
	return sa->sa_family;
}

int
sock_ntop(const struct sockaddr *sa, char *ip, size_t iplen, unsigned *port)
{
	const struct sockaddr_in *s4 = (const void *)sa;
	const struct sockaddr_in6 *s6 = (const void *)sa;

	if (sa->sa_family == AF_INET) {
		if (inet_ntop(AF_INET, &s4->sin_addr, ip, iplen) == NULL)
			return -1;
		if (port)
			*port = ntohs(s4->sin_port);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		if (mapped(s6)) {
			if (inet_ntop(AF_INET, s6->sin6_addr.s6_addr + 12, ip,
			    iplen) == NULL)
				return -1;
		} else if (inet_ntop(AF_INET6, &s6->sin6_addr, ip, iplen) ==
		    NULL)
			return -1;
		if (port)
			*port = ntohs(s6->sin6_port);
		return 0;
	}
	errno = EAFNOSUPPORT;
	return -1;
}

int
sock_fmt(const struct sockaddr *sa, char *out, size_t outlen)
{
	char ip[SOCK_IPLEN];
	unsigned port;
	int r;

	if (sock_ntop(sa, ip, sizeof ip, &port) == -1)
		return -1;
	if (sock_family(sa) == AF_INET6)
		r = snprintf(out, outlen, "[%s]:%u", ip, port);
	else
		r = snprintf(out, outlen, "%s:%u", ip, port);
	return r < 0 || (size_t)r >= outlen ? -1 : 0;
}

void
sock_key(const struct sockaddr *sa, unsigned char key[16])
{
	const struct sockaddr_in *s4 = (const void *)sa;
	const struct sockaddr_in6 *s6 = (const void *)sa;

	memset(key, 0, 16);
	if (sa->sa_family == AF_INET6) {
		memcpy(key, &s6->sin6_addr, 16);
	} else if (sa->sa_family == AF_INET) {
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &s4->sin_addr, 4);
	}
}

int
sock_split(char *arg, char **host, char **port)
{
	char *c, *end;

	*host = NULL;
	*port = arg;
	if (arg[0] == '[') {
		if ((end = strchr(arg, ']')) == NULL || end[1] != ':' ||
		    end == arg + 1 || end[2] == '\0')
			return -1;
		*end = '\0';
		*host = arg + 1;
		*port = end + 2;
		return 0;
	}
	if ((c = strrchr(arg, ':')) == NULL)
		return *arg == '\0' ? -1 : 0;
	if (strchr(arg, ':') != c)
		return -1;	/* IPv6 without brackets: ambiguous */
	if (c == arg || c[1] == '\0')
		return -1;
	*c = '\0';
	*host = arg;
	*port = c + 1;
	return 0;
}

int
sock_port(const char *s, unsigned *port)
{
	struct servent *se;
	unsigned long v;

	if (*s >= '0' && *s <= '9') {
		if (scan_range(s, 0, 65535, &v) == -1)
			return -1;
		*port = (unsigned)v;
		return 0;
	}
	if ((se = getservbyname(s, "tcp")) == NULL)
		return -1;
	*port = ntohs((unsigned short)se->s_port);
	return 0;
}

static int
try_bind(const struct sockaddr *sa, socklen_t len, int backlog, int v6only,
    int nodelay, int keepalive)
{
	int fd, one = 1, e;

	if ((fd = os_socket(sa->sa_family, SOCK_STREAM, 0)) == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (sa->sa_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
		    sizeof v6only);
	/* accepted sockets inherit these: nothing to do per connection */
	if (nodelay)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof one);
	if (keepalive)
		(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one,
		    sizeof one);
	if (bind(fd, sa, len) == -1 || listen(fd, backlog) == -1 ||
	    fd_nonblock(fd) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int
sock_listen(const char *host, unsigned port, int backlog, int nodelay,
    int keepalive, char *where, int *gaierr)
{
	struct addrinfo hints, *res, *ai;
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;
	char pbuf[8];
	int fd, r, e = 0;

	*gaierr = 0;
	if (host == NULL) {
		/* one IPv6 socket for both families, else IPv4 alone */
		memset(&s6, 0, sizeof s6);
		s6.sin6_family = AF_INET6;
		s6.sin6_addr = in6addr_any;
		s6.sin6_port = htons((unsigned short)port);
		snprintf(where, SOCK_ADDRLEN, "[::]:%u", port);
		fd = try_bind((struct sockaddr *)&s6, sizeof s6, backlog, 0,
		    nodelay, keepalive);
		if (fd != -1 || (errno != EAFNOSUPPORT &&
		    errno != EADDRNOTAVAIL && errno != EPROTONOSUPPORT))
			return fd;
		memset(&s4, 0, sizeof s4);
		s4.sin_family = AF_INET;
		s4.sin_addr.s_addr = htonl(INADDR_ANY);
		s4.sin_port = htons((unsigned short)port);
		snprintf(where, SOCK_ADDRLEN, "0.0.0.0:%u", port);
		return try_bind((struct sockaddr *)&s4, sizeof s4, backlog, 0,
		    nodelay, keepalive);
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(pbuf, sizeof pbuf, "%u", port);
	snprintf(where, SOCK_ADDRLEN, "%s:%u", host, port);
	if ((r = getaddrinfo(host, pbuf, &hints, &res)) != 0) {
		*gaierr = r;
		errno = 0;
		return -1;
	}
	fd = -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		(void)sock_fmt(ai->ai_addr, where, SOCK_ADDRLEN);
		/* a literal "::" binds IPv6 only, as asked */
		fd = try_bind(ai->ai_addr, ai->ai_addrlen, backlog, 1,
		    nodelay, keepalive);
		if (fd != -1)
			break;
		e = errno;
	}
	freeaddrinfo(res);
	if (fd == -1)
		errno = e;
	return fd;
}
