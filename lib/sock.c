/*
 * sock: addresses in text and as table keys (the listening socket is
 * listen.c's).  Addresses are printed canonically (RFC 5952; IPv4-mapped
 * IPv6 as plain IPv4).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "buf.h"
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
	char ip[SOCK_IPLEN], num[8];
	unsigned port;
	struct buf b;

	if (outlen == 0 || sock_ntop(sa, ip, sizeof ip, &port) == -1)
		return -1;
	buf_init(&b, num, sizeof num - 1);
	buf_putu(&b, port);
	num[b.len] = '\0';
	buf_init(&b, out, outlen - 1);
	buf_putaddr(&b, ip, num);
	out[b.len] = '\0';
	return b.full ? -1 : 0;
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
		/* brackets hold an IPv6 address, never a name or IPv4 */
		if ((c = strchr(arg, ':')) == NULL || c > end)
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
sock_v4short(const char *host)
{
	struct in_addr a;
	const char *p;

	if (inet_pton(AF_INET, host, &a) == 1)
		return 0;
	if (inet_addr(host) != (in_addr_t)-1)
		return 1;
	/* no host name is made of digits and dots alone */
	for (p = host; *p != '\0'; p++)
		if ((*p < '0' || *p > '9') && *p != '.')
			return 0;
	return p != host;
}

int
sock_host(char *arg, char **host)
{
	char *end;

	/* brackets hold an IPv6 address: "[1.2.3.4]" stays a bad host */
	if (*arg == '[' && (end = strchr(arg, ']')) != NULL &&
	    end[1] == '\0' && memchr(arg, ':', (size_t)(end - arg)) != NULL) {
		*end = '\0';
		arg++;
	}
	if (*arg == '\0' || *arg == '[')
		return -1;
	*host = arg;
	return 0;
}

int
sock_wildcard(const struct sockaddr *sa)
{
	const struct sockaddr_in *s4 = (const void *)sa;
	const struct sockaddr_in6 *s6 = (const void *)sa;

	if (sa->sa_family == AF_INET)
		return s4->sin_addr.s_addr == htonl(INADDR_ANY);
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_UNSPECIFIED(&s6->sin6_addr);
	return 0;
}
