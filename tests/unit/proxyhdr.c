/*
 * unit test of lib/proxyhdr: both versions of the PROXY header parsed and
 * built; every prefix of a valid header is "not yet", every single-byte
 * change of one is answered without a read past its buffer (each input
 * sits in memory of exactly its size, for the sanitizers), and a header
 * with a CRC32C TLV survives no change at all.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"
#include "proxyhdr.h"
#include "unit.h"

static const unsigned char sig[12] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};

static const char *why;
static struct proxyhdr h;

/* parse n bytes held in memory of exactly n bytes */
static long
parse_n(const void *p, size_t n, int mask)
{
	unsigned char *m = malloc(n > 0 ? n : 1);
	long r;

	if (m == NULL)
		abort();
	memcpy(m, p, n);
	r = proxyhdr_parse(m, n, mask, &h, &why);
	free(m);
	return r;
}

static long
parse_s(const char *s)
{
	return parse_n(s, strlen(s), PROXYHDR_V1 | PROXYHDR_V2);
}

/* the text of an address h holds */
static const char *
text(const unsigned char key[16])
{
	static char out[2][CIDR_TEXTLEN];
	static int i;

	i = !i;
	if (cidr_fmt(key, 128, out[i], sizeof out[i]) == -1)
		return "?";
	return out[i];
}

static int
refused(const char *s, const char *want)
{
	return parse_s(s) == -1 && strcmp(why, want) == 0;
}

/* a v2 header: 16 bytes, then body (blen bytes), into out; its length */
static size_t
v2(unsigned char *out, int vc, int fam, const void *body, size_t blen)
{
	memcpy(out, sig, 12);
	out[12] = (unsigned char)vc;
	out[13] = (unsigned char)fam;
	out[14] = (unsigned char)(blen >> 8);
	out[15] = (unsigned char)blen;
	memcpy(out + 16, body, blen);
	return 16 + blen;
}

/* every prefix is "not yet"; the whole, with data after it, is whole */
static int
prefixes_wait(const unsigned char *p, size_t len, int mask)
{
	unsigned char more[1024];
	size_t k;

	for (k = 0; k < len; k++)
		if (parse_n(p, k, mask) != 0)
			return 0;
	memcpy(more, p, len);
	memcpy(more + len, "\r\nGET / HTTP/1.0\r\n", 18);
	return parse_n(more, len + 18, mask) == (long)len &&
	    parse_n(p, len, mask) == (long)len;
}

/*
 * Every byte of p changed to every other value: an answer each time,
 * never a length past the input.  With strict (p ends in a CRC32C TLV),
 * never a valid header but for a change of the length, of the CRC TLV's
 * type (it becomes another TLV, skipped), or of a LOCAL header's family
 * (one with no room for its addresses is ignored, TLVs and all).
 * Returns how many changes were taken as valid.
 */
static unsigned long
mutate(const unsigned char *p, size_t len, int strict, int *bad)
{
	unsigned char m[1024];
	unsigned long ok = 0;
	size_t i;
	unsigned v;
	long r;

	for (i = 0; i < len; i++)
		for (v = 0; v < 256; v++) {
			if (v == p[i])
				continue;
			memcpy(m, p, len);
			m[i] = (unsigned char)v;
			r = parse_n(m, len, PROXYHDR_V1 | PROXYHDR_V2);
			if (r > (long)len || r < -1)
				(*bad)++;
			if (r > 0) {
				ok++;
				if (strict && (i < 14 || i > 15) &&
				    i != len - 7 && (i != 13 || p[12] != 0x20))
					(*bad)++;
			}
		}
	return ok;
}

int
main(void)
{
	unsigned char b[1024], body[512], out[PROXYHDR_BUILDMAX];
	struct proxyhdr in;
	long r;
	size_t n, i;
	int bad = 0, fam, vc;

	/* the CRC32C check value (RFC 3720 B.4), and in two pieces */
	CHECK(proxyhdr_crc32c(0, (const unsigned char *)"123456789", 9) ==
	    0xe3069283u);
	CHECK(proxyhdr_crc32c(proxyhdr_crc32c(0, (const unsigned char *)
	    "1234", 4), (const unsigned char *)"56789", 5) == 0xe3069283u);
	memset(b, 0, 32);
	CHECK(proxyhdr_crc32c(0, b, 32) == 0x8a9136aau);

	/* a header HAProxy 2.6 sent: CRC32C and unique-id TLVs */
	{
		static const unsigned char ha[] =
		    "\x0d\x0a\x0d\x0a\x00\x0d\x0a\x51\x55\x49\x54\x0a"
		    "\x21\x11\x00\x3f\x7f\x00\x00\x01\x7f\x00\x00\x01"
		    "\x83\xbc\x1f\x41\x03\x00\x04\x43\x3a\x01\x40\x05"
		    "\x00\x29" "7F000001:83BC_7F000001:1F41_6B0D478C_0000";

		CHECK(parse_n(ha, 79, 3) == 79 && h.crc && !h.local);
		CHECK(h.sport == 33724 && h.dport == 8001);
		CHECK(strcmp(text(h.src), "127.0.0.1") == 0);
		memcpy(b, ha, 79);
		b[78] ^= 1;	/* the unique ID's last byte */
		CHECK(parse_n(b, 79, 3) == -1 && strcmp(why, "v2-crc32c") == 0);
	}

	/* version 1 */
	CHECK(parse_s("PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\r\n") == 44);
	CHECK(h.version == 1 && !h.local && h.family == AF_INET);
	CHECK(strcmp(text(h.src), "192.0.2.7") == 0);
	CHECK(strcmp(text(h.dst), "198.51.100.1") == 0);
	CHECK(h.sport == 40000 && h.dport == 80 && h.len == 44);
	CHECK(parse_s("PROXY TCP6 2001:db8::7 2001:DB8::1 0 65535\r\n") > 0);
	CHECK(h.family == AF_INET6 && h.sport == 0 && h.dport == 65535);
	CHECK(strcmp(text(h.src), "2001:db8::7") == 0);
	CHECK(strcmp(text(h.dst), "2001:db8::1") == 0);
	CHECK(parse_s("PROXY TCP6 ::ffff:192.0.2.7 ::1 1 2\r\n") > 0);
	CHECK(strcmp(text(h.src), "192.0.2.7") == 0);
	CHECK(parse_s("PROXY UNKNOWN\r\n") == 15 && h.local);
	CHECK(parse_s("PROXY UNKNOWN whatever: ignored\r\n") == 33 && h.local);
	/* the longest line there is, and one byte more */
	strcpy((char *)b, "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:"
	    "ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n");
	CHECK(strlen((char *)b) == 107 && parse_s((char *)b) == 107);
	memcpy(b + 102, "65535 \r\n", 9);
	CHECK(parse_s((char *)b) == -1 && strcmp(why, "v1-too-long") == 0);
	memset(b, 'x', sizeof b);
	memcpy(b, "PROXY UNKNOWN ", 14);
	CHECK(parse_n(b, 106, 3) == 0 && parse_n(b, 107, 3) == -1 &&
	    strcmp(why, "v1-too-long") == 0);
	CHECK(parse_n(b, 500, 3) == -1 && strcmp(why, "v1-too-long") == 0);
	memcpy(b + 105, "\r\n", 2);
	CHECK(parse_n(b, 500, 3) == 107);
	memcpy(b + 105, "x\r\n", 3);
	CHECK(parse_n(b, 500, 3) == -1);

	CHECK(refused("PROXY TCP4 192.0.2.07 198.51.100.1 1 2\r\n",
	    "v1-address"));
	CHECK(refused("PROXY TCP4 192.0.2.256 198.51.100.1 1 2\r\n",
	    "v1-address"));
	CHECK(refused("PROXY TCP4 192.0.2 198.51.100.1 1 2\r\n", "v1-address"));
	CHECK(refused("PROXY TCP4 192.0.2.1.1 198.51.100.1 1 2\r\n",
	    "v1-address"));
	CHECK(refused("PROXY TCP4 ::1 ::1 1 2\r\n", "v1-address"));
	CHECK(refused("PROXY TCP6 192.0.2.1 ::1 1 2\r\n", "v1-address"));
	CHECK(refused("PROXY TCP6 ::1%lo ::1 1 2\r\n", "v1-address"));
	CHECK(refused("PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n", "v1-port"));
	CHECK(refused("PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n", "v1-port"));
	CHECK(refused("PROXY TCP4 1.2.3.4 5.6.7.8 1 +2\r\n", "v1-port"));
	CHECK(refused("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n", "v1-syntax"));
	CHECK(refused("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n", "v1-syntax"));
	CHECK(refused("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", "v1-syntax"));
	CHECK(refused("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", "v1-syntax"));
	CHECK(refused("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rx\n", "v1-syntax"));
	CHECK(refused("PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n", "v1-syntax"));
	CHECK(refused("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n", "v1-protocol"));
	CHECK(refused("PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n", "v1-protocol"));
	CHECK(refused("PROXY UNKNOWNX\r\n", "v1-protocol"));
	CHECK(refused("PROXY\r\n", "signature"));
	CHECK(refused("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", "signature"));
	CHECK(refused("GET / HTTP/1.0\r\n", "signature"));
	CHECK(refused("PR0", "signature"));
	CHECK(parse_s("PROX") == 0 && parse_s("") == 0);
	CHECK(parse_n("PROXY UNKNOWN\r\n", 15, PROXYHDR_V2) == -1 &&
	    strcmp(why, "version") == 0);
	CHECK(parse_n("P", 1, PROXYHDR_V2) == -1);
	CHECK(parse_n("PROXY UNKN\x01", 11, 3) == -1);	/* at once */

	/* version 2: IPv4 */
	memcpy(body, "\xc0\x00\x02\x07\xc6\x33\x64\x01\x9c\x40\x00\x50", 12);
	n = v2(b, 0x21, 0x11, body, 12);
	CHECK(parse_n(b, n, 3) == 28 && h.version == 2 && !h.local);
	CHECK(h.family == AF_INET && strcmp(text(h.src), "192.0.2.7") == 0 &&
	    strcmp(text(h.dst), "198.51.100.1") == 0);
	CHECK(h.sport == 40000 && h.dport == 80 && !h.crc);
	CHECK(prefixes_wait(b, n, 3));
	CHECK(parse_n(b, n, PROXYHDR_V1) == -1 && strcmp(why, "version") == 0);
	CHECK(parse_n(b, 1, PROXYHDR_V1) == -1);
	/* the same, with TLVs after the addresses: skipped */
	memcpy(body + 12, "\x01\x00\x02h2\x04\x00\x00\xe0\x00\x03xyz", 15);
	n = v2(b, 0x21, 0x11, body, 26);
	CHECK(parse_n(b, n, 3) == 42 && h.sport == 40000 && !h.crc);
	CHECK(prefixes_wait(b, n, 3));
	b[15]--;	/* the last TLV cut short */
	CHECK(parse_n(b, n, 3) == -1 && strcmp(why, "v2-tlv") == 0);
	b[15] -= 2;	/* its type and length alone */
	CHECK(parse_n(b, n, 3) == -1 && strcmp(why, "v2-tlv") == 0);
	b[15] -= 3;	/* a whole TLV less: fine */
	CHECK(parse_n(b, n, 3) == 36);
	/* a length that leaves no room for the addresses */
	n = v2(b, 0x21, 0x11, body, 11);
	CHECK(parse_n(b, 16, 3) == -1 && strcmp(why, "v2-length") == 0);
	/* IPv6 */
	memset(body, 0, 36);
	inet_pton(AF_INET6, "2001:db8::7", body);
	inet_pton(AF_INET6, "2001:db8::1", body + 16);
	memcpy(body + 32, "\x00\x01\xff\xff", 4);
	n = v2(b, 0x21, 0x21, body, 36);
	CHECK(parse_n(b, n, 3) == 52 && h.family == AF_INET6);
	CHECK(strcmp(text(h.src), "2001:db8::7") == 0 && h.sport == 1 &&
	    h.dport == 65535);
	CHECK(prefixes_wait(b, n, 3));
	n = v2(b, 0x21, 0x21, body, 35);
	CHECK(parse_n(b, n, 3) == -1 && strcmp(why, "v2-length") == 0);
	/* LOCAL: no addresses, or some, ignored */
	n = v2(b, 0x20, 0x00, body, 0);
	CHECK(parse_n(b, n, 3) == 16 && h.local && prefixes_wait(b, n, 3));
	n = v2(b, 0x20, 0x11, body, 12);
	CHECK(parse_n(b, n, 3) == 28 && h.local);
	n = v2(b, 0x20, 0x11, body, 3);
	CHECK(parse_n(b, n, 3) == 19 && h.local);
	n = v2(b, 0x20, 0x11, body, 0);
	CHECK(parse_n(b, n, 3) == 16 && h.local);
	/* the seven listed pairs; those not TCP use the socket's addresses */
	memset(body, 0, 216);
	for (fam = 0; fam < 256; fam++) {
		n = v2(b, 0x21, fam, body, 216);
		r = parse_n(b, n, 3);
		switch (fam) {
		case 0x00: case 0x12: case 0x22: case 0x31: case 0x32:
			CHECK(r == 232 && h.local);
			break;
		case 0x11: case 0x21:
			CHECK(r == 232 && !h.local);
			break;
		default:
			CHECK(r == -1 && strcmp(why, "v2-family") == 0);
			CHECK(parse_n(b, 14, 3) == -1);
		}
	}
	n = v2(b, 0x21, 0x31, body, 215);
	CHECK(parse_n(b, n, 3) == -1 && strcmp(why, "v2-length") == 0);
	/* versions and commands */
	for (vc = 0; vc < 256; vc++) {
		n = v2(b, vc, 0x00, body, 0);
		r = parse_n(b, n, 3);
		CHECK(vc == 0x20 || vc == 0x21 ? r == 16 : r == -1);
		CHECK(vc >> 4 == 2 || strcmp(why, "v2-version") == 0);
		CHECK(vc >> 4 != 2 || vc < 0x22 ||
		    strcmp(why, "v2-command") == 0);
	}
	/* each byte of the signature */
	n = v2(b, 0x21, 0x00, body, 0);
	for (i = 0; i < 12; i++) {
		b[i] ^= 0x20;
		CHECK(parse_n(b, n, 3) == -1);
		CHECK(parse_n(b, i + 1, 3) == -1);
		b[i] ^= 0x20;
	}
	/* the largest header there is */
	{
		unsigned char *big = calloc(1, PROXYHDR_V2MAX);

		memcpy(big, sig, 12);
		big[12] = 0x21;
		big[13] = 0x11;
		big[14] = big[15] = 0xff;
		big[28] = 0xe0;	/* one TLV of 65520 bytes */
		big[29] = 0xff;
		big[30] = 0xf0;
		CHECK(parse_n(big, PROXYHDR_V2MAX, 3) == PROXYHDR_V2MAX);
		CHECK(parse_n(big, PROXYHDR_V2MAX - 1, 3) == 0);
		free(big);
	}

	/* built, then parsed back: each version, family and CRC */
	memset(&in, 0, sizeof in);
	in.family = AF_INET;
	cidr_addr("192.0.2.7", in.src);
	cidr_addr("198.51.100.1", in.dst);
	in.sport = 40000;
	in.dport = 80;
	for (vc = 0; vc < 8; vc++) {
		in.version = vc & 1 ? 2 : 1;
		in.local = vc & 2 ? 1 : 0;
		in.family = vc & 4 ? AF_INET6 : AF_INET;
		if (in.family == AF_INET6) {
			cidr_addr("2001:db8::7", in.src);
			cidr_addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
			    in.dst);
			in.sport = 65535;
		}
		r = proxyhdr_build(&in, in.version == 2, out, sizeof out);
		CHECK(r > 0 && proxyhdr_parse(out, (size_t)r, 3, &h, &why) ==
		    r);
		CHECK(h.version == in.version && h.local == in.local);
		CHECK(in.version == 1 || h.crc);
		CHECK(in.local || (h.family == in.family &&
		    memcmp(h.src, in.src, 16) == 0 &&
		    memcmp(h.dst, in.dst, 16) == 0 && h.sport == in.sport &&
		    h.dport == in.dport));
		CHECK(prefixes_wait(out, (size_t)r, 3));
		/* a CRC32C catches every change but the length's */
		if (in.version == 2)
			CHECK(mutate(out, (size_t)r, 1, &bad) < 512);
		else
			(void)mutate(out, (size_t)r, 0, &bad);
		CHECK(proxyhdr_build(&in, 1, out, (size_t)r - 1) == -1);
	}
	in.local = 0;
	r = proxyhdr_build(&in, 0, out, sizeof out);
	CHECK(r == 52 && proxyhdr_parse(out, 52, 3, &h, &why) == 52 && !h.crc);
	in.version = 1;
	in.local = 0;
	r = proxyhdr_build(&in, 0, out, sizeof out);
	CHECK(r > 0 && memcmp(out, "PROXY TCP6 2001:db8::7 ffff:ffff:ffff:"
	    "ffff:ffff:ffff:ffff:ffff 65535 80\r\n", (size_t)r) == 0);
	in.family = AF_UNIX;
	CHECK(proxyhdr_build(&in, 0, out, sizeof out) == -1);
	/* a wrong CRC32C, and two of them */
	in.version = 2;
	in.family = AF_INET;
	cidr_addr("192.0.2.7", in.src);
	r = proxyhdr_build(&in, 1, out, sizeof out);
	CHECK(r == 35 && proxyhdr_parse(out, 35, 3, &h, &why) == 35 && h.crc);
	out[34] ^= 1;
	CHECK(proxyhdr_parse(out, 35, 3, &h, &why) == -1 &&
	    strcmp(why, "v2-crc32c") == 0);
	out[34] ^= 1;
	memcpy(out + 35, out + 28, 7);
	out[15] += 7;
	CHECK(proxyhdr_parse(out, 42, 3, &h, &why) == -1 &&
	    strcmp(why, "v2-tlv") == 0);
	/* a CRC32C TLV of another length */
	memcpy(body, "\xc0\x00\x02\x07\xc6\x33\x64\x01\x9c\x40\x00\x50"
	    "\x03\x00\x03\x00\x00\x00", 18);
	n = v2(b, 0x21, 0x11, body, 18);
	CHECK(parse_n(b, n, 3) == -1 && strcmp(why, "v2-tlv") == 0);
	CHECK(bad == 0);

	/* every single-byte change of v1 lines and v2 headers */
	bad = 0;
	(void)mutate((const unsigned char *)
	    "PROXY TCP6 2001:db8::7 2001:db8::1 65535 0\r\n", 44, 0, &bad);
	(void)mutate((const unsigned char *)"PROXY UNKNOWN\r\n", 15, 0, &bad);
	memcpy(body, "\xc0\x00\x02\x07\xc6\x33\x64\x01\x9c\x40\x00\x50"
	    "\x01\x00\x02h2\x04\x00\x00", 20);
	n = v2(b, 0x21, 0x11, body, 20);
	(void)mutate(b, n, 0, &bad);
	CHECK(bad == 0);
	return UNIT_END();
}
