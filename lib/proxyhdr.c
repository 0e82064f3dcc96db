/*
 * proxyhdr: the PROXY protocol header (versions 1 and 2, as HAProxy
 * publishes them), parsed strictly and built.  The parser never looks
 * past the n bytes it is given and tells "not yet" from "never", so a
 * caller can read a header that arrives a byte at a time without reading
 * any byte past it.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "proxyhdr.h"

static const unsigned char v1sig[6] = { 'P', 'R', 'O', 'X', 'Y', ' ' };
static const unsigned char v2sig[12] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};
static const unsigned char v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

#define TLV_CRC32C 0x03

/* the reflected Castagnoli polynomial (RFC 4960, appendix B) */
#define CRC32C_POLY 0x82f63b78u

uint32_t
proxyhdr_crc32c(uint32_t crc, const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	static int ready;
	uint32_t c;
	unsigned i, k;

	if (!ready) {
		for (i = 0; i < 256; i++) {
			c = i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? (c >> 1) ^ CRC32C_POLY : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	crc = ~crc;
	while (n-- > 0)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* a dotted quad with no leading zeros, as version 1 requires */
static int
scan_v4(const char *s, unsigned char out[4])
{
	unsigned v, i, digits;

	for (i = 0; i < 4; i++) {
		if (*s < '0' || *s > '9' || (*s == '0' && s[1] >= '0' &&
		    s[1] <= '9'))
			return -1;
		for (v = 0, digits = 0; *s >= '0' && *s <= '9'; s++)
			if (++digits > 3 || (v = v * 10 + (unsigned)(*s - '0'))
			    > 255)
				return -1;
		out[i] = (unsigned char)v;
		if (i < 3 && *s++ != '.')
			return -1;
	}
	return *s == '\0' ? 0 : -1;
}

/* hex groups and colons (a dotted tail allowed, as inet_ntop writes one) */
static int
scan_v6(const char *s, unsigned char out[16])
{
	size_t n = strspn(s, "0123456789abcdefABCDEF:.");

	if (n == 0 || s[n] != '\0' || n > 45)
		return -1;
	return inet_pton(AF_INET6, s, out) == 1 ? 0 : -1;
}

/* 0 to 65535 in decimal, no leading zeros */
static int
scan_port(const char *s, unsigned *port)
{
	unsigned long v = 0;
	size_t i;

	if (*s == '\0' || (*s == '0' && s[1] != '\0'))
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 5)
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > 65535)
		return -1;
	*port = (unsigned)v;
	return 0;
}

/* the next field of a v1 line, cut at its single space; NULL if empty */
static char *
field(char **s, int last)
{
	char *f = *s, *sp;

	if (f == NULL || *f == '\0' || *f == ' ')
		return NULL;
	sp = strchr(f, ' ');
	if (last) {
		if (sp != NULL)
			return NULL;
		*s = NULL;
		return f;
	}
	if (sp == NULL)
		return NULL;
	*sp = '\0';
	*s = sp + 1;
	return f;
}

/* "PROXY TCP4|TCP6 src dst sport dport" or "PROXY UNKNOWN[ ...]" */
static long
parse_v1line(char *line, size_t len, struct proxyhdr *h, const char **why)
{
	char *s = line + sizeof v1sig, *f[4];
	unsigned char a[4];
	int i, six;

	if (strncmp(s, "UNKNOWN", 7) == 0 && (s[7] == '\0' || s[7] == ' ')) {
		h->local = 1;
		return (long)len;
	}
	if (strncmp(s, "TCP4 ", 5) == 0)
		six = 0;
	else if (strncmp(s, "TCP6 ", 5) == 0)
		six = 1;
	else {
		*why = "v1-protocol";
		return -1;
	}
	s += 5;
	for (i = 0; i < 4; i++)
		if ((f[i] = field(&s, i == 3)) == NULL) {
			*why = "v1-syntax";
			return -1;
		}
	h->family = six ? AF_INET6 : AF_INET;
	for (i = 0; i < 2; i++) {
		unsigned char *key = i == 0 ? h->src : h->dst;

		if (six ? scan_v6(f[i], key) == -1 : scan_v4(f[i], a) == -1) {
			*why = "v1-address";
			return -1;
		}
		if (!six) {
			memcpy(key, v4mapped, sizeof v4mapped);
			memcpy(key + 12, a, 4);
		}
	}
	if (scan_port(f[2], &h->sport) == -1 ||
	    scan_port(f[3], &h->dport) == -1) {
		*why = "v1-port";
		return -1;
	}
	return (long)len;
}

/* a line of printable US-ASCII ending in CRLF within 107 bytes */
static long
parse_v1(const unsigned char *p, size_t n, struct proxyhdr *h,
    const char **why)
{
	char line[PROXYHDR_V1MAX + 1];
	size_t i, lim = n < PROXYHDR_V1MAX ? n : PROXYHDR_V1MAX;

	/* after "PROXY UNKNOWN" the specification says to ignore the rest
	   of the line, whatever bytes it holds */
	size_t strict = n >= 13 && memcmp(p, "PROXY UNKNOWN", 13) == 0 ? 13 :
	    lim;

	for (i = 0; i < lim; i++) {
		if (p[i] == '\n')
			break;
		if (p[i] == '\r' ? i + 1 < n && p[i + 1] != '\n' :
		    i < strict && (p[i] < 0x20 || p[i] > 0x7e)) {
			*why = "v1-syntax";
			return -1;
		}
	}
	if (i == lim) {
		if (n < PROXYHDR_V1MAX)
			return 0;
		*why = "v1-too-long";
		return -1;
	}
	if (i == 0 || p[i - 1] != '\r') {
		*why = "v1-syntax";	/* a bare LF ends no line */
		return -1;
	}
	h->version = 1;
	h->len = i + 1;
	memcpy(line, p, i - 1);
	line[i - 1] = '\0';
	return parse_v1line(line, i + 1, h, why);
}

/* bytes of addresses for a family and transport byte; -1: not a listed pair */
static long
addrsize(unsigned fam)
{
	switch (fam) {
	case 0x00: return 0;
	case 0x11: case 0x12: return 12;
	case 0x21: case 0x22: return 36;
	case 0x31: case 0x32: return 216;
	}
	return -1;
}

/* the TLVs in p[off..end): well formed, and a CRC32C one right */
static int
check_tlvs(const unsigned char *p, size_t off, size_t end,
    struct proxyhdr *h, const char **why)
{
	static const unsigned char zero[4];
	size_t crcat = 0, l;
	uint32_t got, want;

	while (off < end) {
		if (end - off < 3 || (l = (size_t)p[off + 1] << 8 |
		    p[off + 2]) > end - off - 3) {
			*why = "v2-tlv";
			return -1;
		}
		if (p[off] == TLV_CRC32C) {
			if (l != 4 || crcat != 0) {
				*why = "v2-tlv";
				return -1;
			}
			crcat = off + 3;
		}
		off += 3 + l;
	}
	if (crcat == 0)
		return 0;
	want = (uint32_t)p[crcat] << 24 | (uint32_t)p[crcat + 1] << 16 |
	    (uint32_t)p[crcat + 2] << 8 | p[crcat + 3];
	got = proxyhdr_crc32c(0, p, crcat);
	got = proxyhdr_crc32c(got, zero, 4);
	got = proxyhdr_crc32c(got, p + crcat + 4, end - crcat - 4);
	if (got != want) {
		*why = "v2-crc32c";
		return -1;
	}
	h->crc = 1;
	return 0;
}

/*
 * The signature, version 2, a command, one of the seven family and
 * transport pairs the specification lists (whichever the command, so
 * that the TLVs start at a known place), then len bytes: the addresses,
 * then TLVs.  LOCAL ignores the addresses, and the family with them
 * when there is no room for its addresses.
 */
static long
parse_v2(const unsigned char *p, size_t n, struct proxyhdr *h,
    const char **why)
{
	size_t len, total;
	long asz = 0;
	int local;

	if (n >= 13 && (p[12] >> 4) != 2) {
		*why = "v2-version";
		return -1;
	}
	if (n >= 13 && (p[12] & 0x0f) > 1) {
		*why = "v2-command";
		return -1;
	}
	if (n >= 14 && (asz = addrsize(p[13])) < 0) {
		*why = "v2-family";
		return -1;
	}
	if (n < 16)
		return 0;
	len = (size_t)p[14] << 8 | p[15];
	total = 16 + len;
	local = (p[12] & 0x0f) == 0;
	if (len < (size_t)asz && !local) {
		*why = "v2-length";
		return -1;
	}
	if (n < total)
		return 0;
	h->version = 2;
	h->len = total;
	/* LOCAL ignores the family: a block too short for it is skipped */
	if (len >= (size_t)asz &&
	    check_tlvs(p, 16 + (size_t)asz, total, h, why) == -1)
		return -1;
	h->cmdlocal = local;
	if (local || (p[13] != 0x11 && p[13] != 0x21)) {
		h->local = 1;	/* LOCAL, or not TCP: the socket's addresses */
		return (long)total;
	}
	if (p[13] == 0x11) {
		h->family = AF_INET;
		memcpy(h->src, v4mapped, 12);
		memcpy(h->src + 12, p + 16, 4);
		memcpy(h->dst, v4mapped, 12);
		memcpy(h->dst + 12, p + 20, 4);
		p += 24;
	} else {
		h->family = AF_INET6;
		memcpy(h->src, p + 16, 16);
		memcpy(h->dst, p + 32, 16);
		p += 48;
	}
	h->sport = (unsigned)p[0] << 8 | p[1];
	h->dport = (unsigned)p[2] << 8 | p[3];
	return (long)total;
}

long
proxyhdr_parse(const unsigned char *p, size_t n, int mask,
    struct proxyhdr *h, const char **why)
{
	size_t k;

	memset(h, 0, sizeof *h);
	*why = "";
	if (n == 0)
		return 0;
	if (p[0] == v1sig[0]) {
		k = n < sizeof v1sig ? n : sizeof v1sig;
		if (memcmp(p, v1sig, k) != 0) {
			*why = "signature";
			return -1;
		}
		if (!(mask & PROXYHDR_V1)) {
			*why = "version";
			return -1;
		}
		return parse_v1(p, n, h, why);
	}
	k = n < sizeof v2sig ? n : sizeof v2sig;
	if (memcmp(p, v2sig, k) != 0) {
		*why = "signature";
		return -1;
	}
	if (!(mask & PROXYHDR_V2)) {
		*why = "version";
		return -1;
	}
	if (n < sizeof v2sig)
		return 0;
	return parse_v2(p, n, h, why);
}

/* a port in decimal at s; its length */
static size_t
put_port(char *s, unsigned port)
{
	char tmp[5];
	size_t n = 0, i;

	do
		tmp[n++] = (char)('0' + port % 10);
	while ((port /= 10) > 0 && n < sizeof tmp);
	for (i = 0; i < n; i++)
		s[i] = tmp[n - 1 - i];
	return n;
}

/* "PROXY TCP4 a b p q\r\n", or UNKNOWN */
static long
build_v1(const struct proxyhdr *h, unsigned char *out, size_t cap)
{
	char a[INET6_ADDRSTRLEN], line[PROXYHDR_V1MAX + 1];
	size_t n = 0;
	int i, six = h->family == AF_INET6;

	if (h->local) {
		memcpy(line, "PROXY UNKNOWN\r\n", 15);
		n = 15;
	} else {
		/* 11 + 45 + 1 + 45 + 1 + 5 + 1 + 5 + 2 = 116: fits line */
		memcpy(line, six ? "PROXY TCP6 " : "PROXY TCP4 ", 11);
		n = 11;
		for (i = 0; i < 2; i++) {
			if (inet_ntop(six ? AF_INET6 : AF_INET, six ?
			    (i == 0 ? h->src : h->dst) :
			    (i == 0 ? h->src : h->dst) + 12, a, sizeof a) ==
			    NULL)
				return -1;
			memcpy(line + n, a, strlen(a));
			n += strlen(a);
			line[n++] = ' ';
		}
		n += put_port(line + n, h->sport);
		line[n++] = ' ';
		n += put_port(line + n, h->dport);
		line[n++] = '\r';
		line[n++] = '\n';
	}
	if (n > cap || n > PROXYHDR_V1MAX)
		return -1;
	memcpy(out, line, n);
	return (long)n;
}

/* the binary header; a CRC32C TLV last when crc */
static long
build_v2(const struct proxyhdr *h, int crc, unsigned char *out, size_t cap)
{
	size_t n = 16, alen, asz;
	uint32_t c;

	asz = h->local ? 0 : h->family == AF_INET6 ? 36 : 12;
	if (16 + asz + (crc ? 7 : 0) > cap)
		return -1;
	memcpy(out, v2sig, sizeof v2sig);
	out[12] = h->local ? 0x20 : 0x21;
	out[13] = h->local ? 0x00 : h->family == AF_INET6 ? 0x21 : 0x11;
	alen = h->family == AF_INET6 ? 16 : 4;	/* one address */
	if (!h->local) {
		memcpy(out + n, alen == 4 ? h->src + 12 : h->src, alen);
		n += alen;
		memcpy(out + n, alen == 4 ? h->dst + 12 : h->dst, alen);
		n += alen;
		out[n++] = (unsigned char)(h->sport >> 8);
		out[n++] = (unsigned char)h->sport;
		out[n++] = (unsigned char)(h->dport >> 8);
		out[n++] = (unsigned char)h->dport;
	}
	if (crc) {
		out[n++] = TLV_CRC32C;
		out[n++] = 0;
		out[n++] = 4;
		memset(out + n, 0, 4);
		n += 4;
	}
	out[14] = (unsigned char)((n - 16) >> 8);
	out[15] = (unsigned char)(n - 16);
	if (crc) {
		c = proxyhdr_crc32c(0, out, n);
		out[n - 4] = (unsigned char)(c >> 24);
		out[n - 3] = (unsigned char)(c >> 16);
		out[n - 2] = (unsigned char)(c >> 8);
		out[n - 1] = (unsigned char)c;
	}
	return (long)n;
}

long
proxyhdr_build(const struct proxyhdr *h, int crc, unsigned char *out,
    size_t cap)
{
	if (!h->local && h->family != AF_INET && h->family != AF_INET6)
		return -1;
	if (h->version == 1)
		return build_v1(h, out, cap);
	return build_v2(h, crc, out, cap);
}
