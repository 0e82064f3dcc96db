/*
 * iprange: svc-connect's -i, the local addresses a client connects
 * from.  Numeric only (IPv4 as four decimal numbers), so that no name lookup hides behind an option
 * meant to pick an address; a range covers the last byte of an IPv4
 * address, where a load test spreads its connections over 127.0.0.0/8.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "iprange.h"
#include "scan.h"

int
iprange_parse(const char *s, struct iprange *r)
{
	struct addrinfo hints, *res;
	struct sockaddr_in s4;
	struct in_addr a4;
	struct iprange got;
	unsigned long last = 0;
	size_t n = strlen(s);
	char *copy, *host, *dash, *end;
	int e = EINVAL;

	/* a copy to cut: an address has no bound on its length ("0x00...") */
	if ((copy = malloc(n + 1)) == NULL)
		return -1;
	memcpy(copy, s, n + 1);
	host = copy;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
	if ((dash = strchr(copy, '-')) != NULL) {
		*dash = '\0';
		hints.ai_family = AF_INET;
		if (scan_range(dash + 1, 0, 255, &last) == -1)
			goto bad;
	} else if (*host == '[' && (end = strchr(host, ']')) != NULL &&
	    end[1] == '\0' && memchr(host, ':', (size_t)(end - host)) != NULL) {
		/* brackets hold an IPv6 address: "[1.2.3.4]" stays bad */
		*end = '\0';
		host++;
	}
	/*
	 * getaddrinfo takes inet_aton's shorthands, "51" as 0.0.0.51,
	 * "127.1" as 127.0.0.1, "010.0.0.1" as 8.0.0.1: an IPv4 address
	 * is four decimal numbers here, as in every operand of the suite
	 */
	if (strchr(host, ':') == NULL && inet_pton(AF_INET, host, &a4) != 1)
		goto bad;
	if (getaddrinfo(host, "0", &hints, &res) != 0)
		goto bad;
	memset(&got, 0, sizeof got);
	if (res->ai_addrlen > sizeof got.first.u.ss) {
		freeaddrinfo(res);
		goto bad;
	}
	memcpy(&got.first.u.ss, res->ai_addr, res->ai_addrlen);
	got.first.len = res->ai_addrlen;
	freeaddrinfo(res);
	got.count = 1;
	if (dash != NULL) {
		memcpy(&s4, &got.first.u.ss, sizeof s4);
		if (last < (ntohl(s4.sin_addr.s_addr) & 255)) {
			e = EDOM;
			goto bad;
		}
		got.count = (unsigned)(last - (ntohl(s4.sin_addr.s_addr) &
		    255)) + 1;
	}
	free(copy);
	*r = got;
	return 0;
bad:
	free(copy);
	errno = e;
	return -1;
}

int
iprange_nth(const struct iprange *r, unsigned k, struct sock_addr *a)
{
	struct sockaddr_in s4;

	if (k >= r->count) {
		errno = EINVAL;
		return -1;
	}
	*a = r->first;
	if (k > 0) {	/* only an IPv4 range has more than one */
		memcpy(&s4, &a->u.ss, sizeof s4);
		s4.sin_addr.s_addr = htonl(ntohl(s4.sin_addr.s_addr) + k);
		memcpy(&a->u.ss, &s4, sizeof s4);
	}
	return 0;
}
