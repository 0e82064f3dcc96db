/* unit tests of lib/sock: address text, splitting, ports */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "port.h"
#include "sock.h"
#include "unit.h"

static int
fmt6(const char *ip, unsigned port, const char *want)
{
	struct sockaddr_in6 s;
	char out[SOCK_ADDRLEN];

	memset(&s, 0, sizeof s);
	s.sin6_family = AF_INET6;
	s.sin6_port = htons((unsigned short)port);
	inet_pton(AF_INET6, ip, &s.sin6_addr);
	return sock_fmt((struct sockaddr *)&s, out, sizeof out) == 0 &&
	    strcmp(out, want) == 0;
}

static int
split(const char *arg, const char *host, const char *port)
{
	char buf[64], *h, *p;

	strcpy(buf, arg);
	if (sock_split(buf, &h, &p) == -1)
		return host == NULL && port == NULL;
	if (port == NULL)
		return 0;
	if ((host == NULL) != (h == NULL))
		return 0;
	return (host == NULL || strcmp(h, host) == 0) && strcmp(p, port) == 0;
}

int
main(void)
{
	struct sockaddr_in s4;
	char out[SOCK_ADDRLEN];
	unsigned port;

	memset(&s4, 0, sizeof s4);
	s4.sin_family = AF_INET;
	s4.sin_port = htons(5678);
	inet_pton(AF_INET, "1.2.3.4", &s4.sin_addr);
	CHECK(sock_fmt((struct sockaddr *)&s4, out, sizeof out) == 0 &&
	    strcmp(out, "1.2.3.4:5678") == 0);
	CHECK(fmt6("2001:db8::1", 5678, "[2001:db8::1]:5678"));
	CHECK(fmt6("::ffff:10.1.2.3", 40000, "10.1.2.3:40000"));
	/* RFC 5952: lower case, longest zero run, not a single zero field */
	CHECK(fmt6("2001:DB8:0:0:1:0:0:1", 1, "[2001:db8::1:0:0:1]:1"));
	CHECK(fmt6("2001:db8:0:1:1:1:1:1", 1, "[2001:db8:0:1:1:1:1:1]:1"));
	CHECK(fmt6("::", 0, "[::]:0"));

	CHECK(split("80", NULL, "80"));
	CHECK(split("127.0.0.1:80", "127.0.0.1", "80"));
	CHECK(split("[::1]:80", "::1", "80"));
	CHECK(split("localhost:http", "localhost", "http"));
	CHECK(split("::1:80", NULL, NULL));
	CHECK(split("[::1]80", NULL, NULL));
	CHECK(split("[]:80", NULL, NULL));
	CHECK(split("host:", NULL, NULL));
	CHECK(split(":80", NULL, NULL));
	CHECK(split("", NULL, NULL));
	/* brackets are for IPv6 addresses only */
	CHECK(split("[1.2.3.4]:80", NULL, NULL));
	CHECK(split("[localhost]:80", NULL, NULL));
	CHECK(split("[::ffff:1.2.3.4]:80", "::ffff:1.2.3.4", "80"));

	CHECK(port_scan("0", &port) == 0 && port == 0);
	CHECK(port_scan("65535", &port) == 0 && port == 65535);
	CHECK(port_scan("65536", &port) == -1);
	CHECK(port_scan("80x", &port) == -1);
	CHECK(port_scan("no-such-service-name", &port) == -1);
	return UNIT_END();
}
