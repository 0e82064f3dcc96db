/* unit test of lib/iprange: svc-connect's -i addresses and ranges */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "iprange.h"
#include "unit.h"

/* s parses; its k-th address prints as want (inet_ntop) */
static int
nth(const char *s, unsigned k, const char *want)
{
	struct iprange r;
	struct sock_addr a;
	const struct sockaddr_in *s4 = (const void *)&a.u.ss;
	const struct sockaddr_in6 *s6 = (const void *)&a.u.ss;
	char ip[INET6_ADDRSTRLEN];

	if (iprange_parse(s, &r) == -1 || iprange_nth(&r, k, &a) == -1)
		return 0;
	if (a.u.sa.sa_family == AF_INET)
		return a.len == sizeof *s4 && s4->sin_port == 0 &&
		    inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof ip) &&
		    strcmp(ip, want) == 0;
	return a.u.sa.sa_family == AF_INET6 && a.len == sizeof *s6 &&
	    s6->sin6_port == 0 &&
	    inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof ip) &&
	    strcmp(ip, want) == 0;
}

/* how many addresses s stands for; 0 when refused */
static unsigned
count(const char *s)
{
	struct iprange r;

	return iprange_parse(s, &r) == 0 ? r.count : 0;
}

/* s is refused with errno e */
static int
refused(const char *s, int e)
{
	struct iprange r;

	errno = 0;
	return iprange_parse(s, &r) == -1 && errno == e;
}

int
main(void)
{
	struct iprange r;
	struct sock_addr a;

	CHECK(nth("127.0.0.3", 0, "127.0.0.3"));
	CHECK(count("127.0.0.3") == 1);
	CHECK(nth("::1", 0, "::1"));
	CHECK(nth("[::1]", 0, "::1"));
	CHECK(nth("[2001:db8::7]", 0, "2001:db8::7"));
	CHECK(nth("::ffff:127.0.0.1", 0, "::ffff:127.0.0.1"));

	/* a range of the last byte, each address in turn */
	CHECK(count("127.0.0.1-254") == 254);
	CHECK(nth("127.0.0.1-254", 0, "127.0.0.1"));
	CHECK(nth("127.0.0.1-254", 253, "127.0.0.254"));
	CHECK(!nth("127.0.0.1-254", 254, "127.0.0.255"));
	CHECK(count("10.1.2.0-255") == 256);
	CHECK(nth("10.1.2.0-255", 255, "10.1.2.255"));
	CHECK(count("127.0.0.9-9") == 1);
	CHECK(iprange_parse("127.0.0.1-3", &r) == 0 && r.count == 3);
	errno = 0;
	CHECK(iprange_nth(&r, 3, &a) == -1 && errno == EINVAL);

	/* backwards: EDOM; anything else malformed: EINVAL */
	CHECK(refused("127.0.0.5-2", EDOM));
	CHECK(refused("127.0.0.1-256", EINVAL));
	CHECK(refused("127.0.0.1-", EINVAL));
	CHECK(refused("127.0.0.1-+3", EINVAL));
	CHECK(refused("127.0.0.1-3-4", EINVAL));
	CHECK(refused("-3", EINVAL));
	CHECK(refused("::1-3", EINVAL));
	CHECK(refused("[::1]-3", EINVAL));
	CHECK(refused("127.0.0.300", EINVAL));
	CHECK(refused("localhost", EINVAL));
	CHECK(refused("", EINVAL));
	CHECK(refused("[1.2.3.4]", EINVAL));
	CHECK(refused("[::1", EINVAL));
	CHECK(refused("[::1]x", EINVAL));
	CHECK(refused("127.0.0.1 ", EINVAL));

	/* inet_aton's shorthands, which getaddrinfo takes for other
	   addresses than they seem (found by tests/fuzz/iprange.c) */
	CHECK(refused("51", EINVAL));
	CHECK(refused("127.1", EINVAL));
	CHECK(refused("1.2.3", EINVAL));
	CHECK(refused("0x7f.0.0.1", EINVAL));
	CHECK(refused("010.0.0.1", EINVAL));
	CHECK(refused("2130706433", EINVAL));
	CHECK(refused("127.1-5", EINVAL));
	CHECK(refused("0x7f000001-3", EINVAL));
	CHECK(nth("10.0.0.1", 0, "10.0.0.1"));
	return UNIT_END();
}
