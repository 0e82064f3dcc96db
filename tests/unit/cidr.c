/* unit test of lib/cidr: parsing, masking, matching, aggregation */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cidr.h"
#include "unit.h"


/* the text of s aggregated to v4:v6, as svc-limit makes a source */
static const char *
source(const char *s, unsigned v4, unsigned v6)
{
	static char out[CIDR_TEXTLEN];
	unsigned char k[16];
	unsigned bits;

	if (cidr_addr(s, k) == -1)
		return "error";
	bits = cidr_bits(k, v4, v6);
	cidr_mask(k, bits);
	if (cidr_fmt(k, bits, out, sizeof out) == -1)
		return "error";
	return out;
}

static int
parses(const char *s, int *err)
{
	struct cidr c;

	errno = 0;
	if (cidr_parse(s, &c) == 0)
		return 1;
	*err = errno;
	return 0;
}

static int
matches(const char *prefix, const char *addr)
{
	struct cidr c;
	unsigned char k[16];

	if (cidr_parse(prefix, &c) == -1 || cidr_addr(addr, k) == -1)
		return -1;
	return cidr_match(&c, k);
}

int
main(void)
{
	unsigned char k[16], k2[16];
	char out[CIDR_TEXTLEN];
	int err = 0;

	/* addresses: IPv4 mapped, IPv6 as is, a scope dropped */
	CHECK(cidr_addr("127.0.0.2", k) == 0 && cidr_is4(k));
	CHECK(k[15] == 2 && k[12] == 127 && k[10] == 0xff && k[0] == 0);
	CHECK(cidr_addr("::ffff:127.0.0.2", k2) == 0 &&
	    memcmp(k, k2, 16) == 0);
	CHECK(cidr_addr("2001:db8::1", k) == 0 && !cidr_is4(k));
	CHECK(cidr_addr("fe80::1%eth0", k) == 0 && k[0] == 0xfe);
	CHECK(cidr_addr("", k) == -1);
	CHECK(cidr_addr("1.2.3", k) == -1);
	CHECK(cidr_addr("1.2.3.4.5", k) == -1);
	CHECK(cidr_addr("2001:db8::1/64", k) == -1);
	CHECK(cidr_addr("localhost", k) == -1);

	/* aggregation into sources, the defaults and -p */
	CHECK(strcmp(source("127.0.0.2", 32, 64), "127.0.0.2") == 0);
	CHECK(strcmp(source("127.0.0.2", 24, 64), "127.0.0.0/24") == 0);
	CHECK(strcmp(source("127.0.0.3", 24, 64), "127.0.0.0/24") == 0);
	CHECK(strcmp(source("10.1.255.7", 12, 64), "10.0.0.0/12") == 0);
	CHECK(strcmp(source("10.1.2.3", 0, 64), "0.0.0.0/0") == 0);
	CHECK(strcmp(source("2001:db8::1", 32, 64), "2001:db8::/64") == 0);
	CHECK(strcmp(source("2001:db8::ffff:1:2:3", 32, 64),
	    "2001:db8::/64") == 0);
	CHECK(strcmp(source("2001:db8:0:1::1", 32, 64),
	    "2001:db8:0:1::/64") == 0);
	CHECK(strcmp(source("2001:db8:0:1::1", 32, 48), "2001:db8::/48") == 0);
	CHECK(strcmp(source("2001:db8:0:1::1", 32, 128),
	    "2001:db8:0:1::1") == 0);
	CHECK(strcmp(source("2001:db8:abcd:ef01::1", 32, 35),
	    "2001:db8:a000::/35") == 0);
	CHECK(strcmp(source("::1", 32, 64), "::/64") == 0);

	/* the same /64 is one source, the next /64 another */
	CHECK(cidr_addr("2001:db8::2", k) == 0 &&
	    cidr_addr("2001:db8::3", k2) == 0);
	cidr_mask(k, 64);
	cidr_mask(k2, 64);
	CHECK(memcmp(k, k2, 16) == 0);
	CHECK(cidr_addr("2001:db8:0:1::2", k2) == 0);
	cidr_mask(k2, 64);
	CHECK(memcmp(k, k2, 16) != 0);

	/* masking at every boundary keeps exactly the first bits */
	memset(k, 0xff, 16);
	cidr_mask(k, 13);
	CHECK(k[0] == 0xff && k[1] == 0xf8 && k[2] == 0 && k[15] == 0);
	memset(k, 0xff, 16);
	cidr_mask(k, 0);
	CHECK(k[0] == 0 && k[15] == 0);
	memset(k, 0xff, 16);
	cidr_mask(k, 128);
	CHECK(k[15] == 0xff);

	/* prefixes: strict, host bits refused with EDOM */
	CHECK(parses("10.0.0.0/8", &err));
	CHECK(parses("10.1.2.3", &err));
	CHECK(parses("10.1.2.3/32", &err));
	CHECK(parses("0.0.0.0/0", &err));
	CHECK(parses("2001:db8::/32", &err));
	CHECK(parses("::1", &err));
	CHECK(parses("::/0", &err));
	CHECK(parses("::ffff:0:0/96", &err));
	CHECK(!parses("10.1.2.3/8", &err) && err == EDOM);
	CHECK(!parses("2001:db8::1/64", &err) && err == EDOM);
	CHECK(!parses("10.0.0.0/33", &err) && err == EINVAL);
	CHECK(!parses("2001:db8::/129", &err) && err == EINVAL);
	CHECK(!parses("10.0.0.0/", &err) && err == EINVAL);
	CHECK(!parses("10.0.0.0/-1", &err) && err == EINVAL);
	CHECK(!parses("10.0.0.0/8x", &err) && err == EINVAL);
	CHECK(!parses("/8", &err) && err == EINVAL);
	CHECK(!parses("", &err) && err == EINVAL);
	CHECK(!parses("fe80::%eth0/64", &err) && err == EINVAL);
	CHECK(!parses("example.com", &err) && err == EINVAL);

	/* matching across families */
	CHECK(matches("10.0.0.0/8", "10.200.1.1") == 1);
	CHECK(matches("10.0.0.0/8", "11.0.0.1") == 0);
	CHECK(matches("127.0.0.3", "127.0.0.3") == 1);
	CHECK(matches("127.0.0.3", "127.0.0.2") == 0);
	CHECK(matches("0.0.0.0/0", "192.0.2.1") == 1);
	CHECK(matches("0.0.0.0/0", "2001:db8::1") == 0);
	CHECK(matches("::ffff:0:0/96", "192.0.2.1") == 1);
	CHECK(matches("2001:db8::/32", "2001:db8:ffff::1") == 1);
	CHECK(matches("2001:db8::/32", "2001:db9::1") == 0);
	CHECK(matches("::/0", "2001:db8::1") == 1);
	CHECK(matches("::/0", "10.0.0.1") == 1);	/* ::/0 is everything */
	CHECK(matches("::1", "::1") == 1);

	/* text: whole addresses bare, IPv6 canonical, short buffers refused */
	CHECK(cidr_addr("2001:0db8:0000::0001", k) == 0 &&
	    cidr_fmt(k, 128, out, sizeof out) == 0 &&
	    strcmp(out, "2001:db8::1") == 0);
	CHECK(cidr_addr("192.0.2.1", k) == 0 &&
	    cidr_fmt(k, 128, out, 8) == -1);

	return UNIT_END();
}
