/*
 * Fuzz the address operands: sock_split ("HOST:PORT", "[V6]:PORT",
 * "PORT") of svc-listen, sock_host ("[ADDR]") of svc-connect, and the
 * printing of addresses (sock_ntop, sock_fmt, sock_key) from arbitrary
 * socket address bytes, and sock_v4short, which refuses the short and
 * odd IPv4 forms ("127.1", "1.2.3", "0x7f.1").  No crash; the parts
 * found lie inside the operand; a printed address reads back as the
 * same address; an address inet_pton takes is never short, and digits
 * and dots it refuses always are.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sock.h"

#define MUST(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

static int
inside(const char *p, const char *s, size_t n)
{
	return p >= s && p <= s + n;
}

/* the address bytes as sockaddr_in or sockaddr_in6, printed and re-read */
static void
addr(const uint8_t *data, size_t size)
{
	struct sockaddr_in s4;
	struct sockaddr_in6 s6;
	struct sockaddr *sa;
	char ip[SOCK_IPLEN], out[SOCK_ADDRLEN], *host, *port;
	unsigned char key[16], back[16];
	unsigned p;

	memset(&s4, 0, sizeof s4);
	memset(&s6, 0, sizeof s6);
	if (size >= 1 && (data[0] & 3) == 2) {
		/* a family neither: refused, nothing printed */
		s4.sin_family = AF_UNIX;
		sa = (struct sockaddr *)&s4;
		MUST(sock_ntop(sa, ip, sizeof ip, &p) == -1);
		MUST(sock_fmt(sa, out, sizeof out) == -1);
		MUST(sock_family(sa) == AF_UNIX);
		return;
	}
	if (size >= 19 && data[0] & 1) {
		s6.sin6_family = AF_INET6;
		memcpy(&s6.sin6_port, data + 1, 2);
		memcpy(&s6.sin6_addr, data + 3, 16);
		sa = (struct sockaddr *)&s6;
	} else if (size >= 7) {
		s4.sin_family = AF_INET;
		memcpy(&s4.sin_port, data + 1, 2);
		memcpy(&s4.sin_addr, data + 3, 4);
		sa = (struct sockaddr *)&s4;
	} else
		return;
	MUST(sock_ntop(sa, ip, sizeof ip, &p) == 0);
	MUST(sock_fmt(sa, out, sizeof out) == 0);
	sock_key(sa, key);
	/* "a.b.c.d:p" or "[v6]:p" splits back into ip and port */
	MUST(sock_split(out, &host, &port) == 0 && host != NULL);
	MUST(strcmp(host, ip) == 0 && (unsigned)atoi(port) == p);
	if (sock_family(sa) == AF_INET) {
		memset(back, 0, 16);
		back[10] = back[11] = 0xff;
		MUST(inet_pton(AF_INET, host, back + 12) == 1);
	} else
		MUST(inet_pton(AF_INET6, host, back) == 1);
	MUST(memcmp(back, key, 16) == 0);
	/* too small a buffer is refused, never overrun */
	MUST(sock_fmt(sa, out, strlen(ip)) == -1);
}

/* the short forms: refused, unless inet_pton takes the address as it is */
static void
v4short(const char *s)
{
	struct in_addr a;
	const char *p;
	int pton = inet_pton(AF_INET, s, &a) == 1, r = sock_v4short(s);

	MUST(r == 0 || r == 1);
	if (pton)
		MUST(r == 0);
	for (p = s; (*p >= '0' && *p <= '9') || *p == '.'; p++)
		;
	if (*p == '\0' && p != s && !pton)
		MUST(r == 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *copy, *host, *port;
	size_t n;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	n = strlen(s);
	if ((copy = malloc(n + 1)) == NULL)
		goto done;
	memcpy(copy, s, n + 1);
	if (sock_split(copy, &host, &port) == 0) {
		MUST(port != NULL && inside(port, copy, n) && *port != '\0');
		if (host != NULL) {
			MUST(inside(host, copy, n) && *host != '\0' &&
			    host < port);
			MUST(strlen(host) + strlen(port) < n);
		} else
			MUST(strcmp(port, s) == 0 && strchr(s, ':') == NULL);
	}
	memcpy(copy, s, n + 1);
	if (sock_host(copy, &host) == 0) {
		MUST(inside(host, copy, n) && *host != '\0' && *host != '[');
		MUST(strlen(host) == n || strlen(host) + 2 == n);
	} else
		MUST(n == 0 || *s == '[');
	v4short(s);
	addr(data, size);
done:
	free(copy);
	free(s);
	return 0;
}
