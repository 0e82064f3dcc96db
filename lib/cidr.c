/*
 * cidr: address prefixes for both families in one 16-byte form, for
 * aggregating clients into sources and matching exemption lists.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cidr.h"
#include "scan.h"

static const unsigned char v4prefix[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

int
cidr_is4(const unsigned char key[16])
{
	return memcmp(key, v4prefix, sizeof v4prefix) == 0;
}

int
cidr_addr(const char *s, unsigned char key[16])
{
	char tmp[CIDR_TEXTLEN];
	const char *pct;
	size_t n;

	if (inet_pton(AF_INET, s, key + 12) == 1) {
		memcpy(key, v4prefix, sizeof v4prefix);
		return 0;
	}
	/* a scope ("%eth0") names a link, not an address: drop it */
	n = (pct = strchr(s, '%')) != NULL ? (size_t)(pct - s) : strlen(s);
	if (n >= sizeof tmp) {
		errno = EINVAL;
		return -1;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET6, tmp, key) != 1) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

void
cidr_mask(unsigned char key[16], unsigned bits)
{
	unsigned i;

	if (bits >= 128)
		return;
	i = bits / 8;
	if (bits % 8 != 0) {
		key[i] &= (unsigned char)(0xff << (8 - bits % 8));
		i++;
	}
	for (; i < 16; i++)
		key[i] = 0;
}

unsigned
cidr_bits(const unsigned char key[16], unsigned v4, unsigned v6)
{
	return cidr_is4(key) ? 96 + v4 : v6;
}

int
cidr_parse(const char *s, struct cidr *c)
{
	char tmp[CIDR_TEXTLEN];
	unsigned char masked[16];
	const char *slash;
	unsigned long len;
	size_t n;

	slash = strchr(s, '/');
	n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof tmp || strchr(s, '%') != NULL) {
		errno = EINVAL;
		return -1;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (cidr_addr(tmp, c->addr) == -1)
		return -1;
	c->bits = 128;
	if (slash != NULL) {
		if (scan_range(slash + 1, 0, cidr_is4(c->addr) &&
		    strchr(tmp, ':') == NULL ? 32 : 128, &len) == -1) {
			errno = EINVAL;
			return -1;
		}
		/* "1.2.3.0/24" counts from the IPv4 part; "::ffff:0:0/96" not */
		c->bits = (unsigned)len + (strchr(tmp, ':') == NULL ? 96 : 0);
	}
	memcpy(masked, c->addr, 16);
	cidr_mask(masked, c->bits);
	if (memcmp(masked, c->addr, 16) != 0) {
		errno = EDOM;
		return -1;
	}
	return 0;
}

int
cidr_match(const struct cidr *c, const unsigned char key[16])
{
	unsigned char k[16];

	memcpy(k, key, 16);
	cidr_mask(k, c->bits);
	return memcmp(k, c->addr, 16) == 0;
}

int
cidr_fmt(const unsigned char key[16], unsigned bits, char *out, size_t len)
{
	char ip[INET6_ADDRSTRLEN];
	int v4 = cidr_is4(key) && bits >= 96, r;

	if (inet_ntop(v4 ? AF_INET : AF_INET6, v4 ? key + 12 : key, ip,
	    sizeof ip) == NULL)
		return -1;
	if (bits >= 128)
		r = snprintf(out, len, "%s", ip);
	else
		r = snprintf(out, len, "%s/%u", ip, v4 ? bits - 96 : bits);
	if (r < 0 || (size_t)r >= len) {
		errno = ENOSPC;
		return -1;
	}
	return 0;
}

int
cidr_prefixes(const char *s, unsigned long *v4, unsigned long *v6)
{
	char num[8];
	const char *colon = strchr(s, ':');
	size_t len = colon != NULL ? (size_t)(colon - s) : 0;
	unsigned long a, b;

	if (colon == NULL || len >= sizeof num)
		return -1;
	memcpy(num, s, len);
	num[len] = '\0';
	if (scan_range(num, 0, 32, &a) == -1 ||
	    scan_range(colon + 1, 0, 128, &b) == -1)
		return -1;
	*v4 = a;
	*v6 = b;
	return 0;
}
