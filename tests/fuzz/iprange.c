/*
 * Fuzz iprange_parse and iprange_nth (svc-connect's -i: "ADDR", "[V6]",
 * "A.B.C.D-LAST").  No crash; an accepted run has 1 to 256 addresses,
 * the first of them the one parsed, each the one before plus one in the
 * last byte, all in the same /24 and of the family asked for (IPv4
 * when there is a dash); printed with inet_ntop it parses back to the
 * same run; and it agrees with a strict reference, inet_pton and plain
 * digits, on what it accepts and what it gives.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iprange.h"

#define MUST(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

/* strict decimal up to 255 ("007" too, as scan_range takes it); -1 */
static long
byte(const char *s)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 255)
			return -1;
	}
	return v;
}

/*
 * The reference: "A.B.C.D-LAST" by inet_pton and byte(), "ADDR" and
 * "[V6]" by inet_pton, into the 16-byte address (IPv4 as the last 4)
 * and *count; the family, or 0 when it refuses; -1 for an IPv6 address
 * with a scope ("%..."), whose scope it does not judge.
 */
static int
reference(const char *s, unsigned char addr[16], unsigned *count)
{
	char buf[256], *dash, *pct;
	size_t n = strlen(s);
	long last;

	memset(addr, 0, 16);
	*count = 1;
	if (n >= sizeof buf)
		return -2;	/* not judged */
	memcpy(buf, s, n + 1);
	if ((dash = strchr(buf, '-')) != NULL) {
		*dash = '\0';
		if (inet_pton(AF_INET, buf, addr + 12) != 1 ||
		    (last = byte(dash + 1)) == -1 || last < addr[15])
			return 0;
		*count = (unsigned)(last - addr[15]) + 1;
		return AF_INET;
	}
	if (inet_pton(AF_INET, buf, addr + 12) == 1)
		return AF_INET;
	if (buf[0] == '[' && n >= 2 && buf[n - 1] == ']' &&
	    memchr(buf, ':', n) != NULL) {
		buf[n - 1] = '\0';
		memmove(buf, buf + 1, n - 1);
	}
	if ((pct = strchr(buf, '%')) != NULL) {
		*pct = '\0';
		return inet_pton(AF_INET6, buf, addr) == 1 ? -1 : 0;
	}
	return inet_pton(AF_INET6, buf, addr) == 1 ? AF_INET6 : 0;
}

/* the 16 bytes of a (IPv4 as the last 4), and its family */
static int
bytes(const struct sock_addr *a, unsigned char addr[16])
{
	const struct sockaddr_in *s4 = (const void *)&a->u.ss;
	const struct sockaddr_in6 *s6 = (const void *)&a->u.ss;

	memset(addr, 0, 16);
	if (a->u.sa.sa_family == AF_INET) {
		MUST(a->len == sizeof *s4 && s4->sin_port == 0);
		memcpy(addr + 12, &s4->sin_addr, 4);
		return AF_INET;
	}
	MUST(a->u.sa.sa_family == AF_INET6);
	MUST(a->len == sizeof *s6 && s6->sin6_port == 0);
	memcpy(addr, &s6->sin6_addr, 16);
	return AF_INET6;
}

/* r as text, inet_ntop's, a numeric scope and the range's end */
static void
print(const struct iprange *r, int dash, char *out, size_t len)
{
	const struct sockaddr_in *s4 = (const void *)&r->first.u.ss;
	const struct sockaddr_in6 *s6 = (const void *)&r->first.u.ss;
	char ip[INET6_ADDRSTRLEN];

	if (r->first.u.sa.sa_family == AF_INET) {
		MUST(inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof ip) != NULL);
		if (dash)
			snprintf(out, len, "%s-%u", ip, (unsigned)
			    ((const unsigned char *)&s4->sin_addr)[3] +
			    r->count - 1);
		else
			snprintf(out, len, "%s", ip);
		return;
	}
	MUST(inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof ip) != NULL);
	if (s6->sin6_scope_id != 0)
		snprintf(out, len, "%s%%%lu", ip,
		    (unsigned long)s6->sin6_scope_id);
	else
		snprintf(out, len, "%s", ip);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iprange r, back;
	struct sock_addr a;
	unsigned char first[16], addr[16], want[16];
	char *s, text[128];
	unsigned k, count;
	int fam, ref, dash;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	dash = strchr(s, '-') != NULL;
	ref = reference(s, want, &count);

	memset(&r, 0, sizeof r);
	errno = 0;
	if (iprange_parse(s, &r) == -1) {
		MUST(errno == EINVAL || errno == EDOM || errno == ENOMEM);
		/* EDOM only for a range that runs backwards */
		MUST(errno != EDOM || dash);
		/* what the reference accepts, the parser accepts */
		MUST(ref <= 0 || errno == ENOMEM);
		free(s);
		return 0;
	}
	MUST(r.count >= 1 && r.count <= 256);
	MUST(r.count == 1 || dash);
	fam = bytes(&r.first, first);
	MUST(!dash || fam == AF_INET);
	MUST(fam == AF_INET || ((const struct sockaddr_in6 *)(const void *)
	    &r.first.u.ss)->sin6_flowinfo == 0);
	if (fam == AF_INET)
		MUST(first[15] + r.count - 1 <= 255);

	/* the addresses in turn: first, then one more each, same /24 */
	for (k = 0; k < r.count; k++) {
		MUST(iprange_nth(&r, k, &a) == 0);
		MUST(bytes(&a, addr) == fam);
		MUST(memcmp(addr, first, 15) == 0 && addr[15] == first[15] + k);
		if (k == 0)
			MUST(memcmp(&a.u.ss, &r.first.u.ss, r.first.len) == 0);
	}
	errno = 0;
	MUST(iprange_nth(&r, r.count, &a) == -1 && errno == EINVAL);

	/* what the reference says, plainly: the same address and count */
	MUST(ref != 0);
	if (ref > 0)
		MUST(ref == fam && memcmp(want, first, 16) == 0 &&
		    count == r.count);
	else if (ref == -1)
		MUST(fam == AF_INET6 && memcmp(want, first, 16) == 0);

	/* printed, it parses back to the same run */
	print(&r, dash, text, sizeof text);
	MUST(iprange_parse(text, &back) == 0);
	MUST(back.count == r.count && back.first.len == r.first.len);
	MUST(memcmp(&back.first.u.ss, &r.first.u.ss, r.first.len) == 0);
	free(s);
	return 0;
}
