#ifndef PROXYHDR_H
#define PROXYHDR_H

/*
 * proxyhdr: the PROXY protocol header that a load balancer puts before a
 * relayed connection's first byte (version 1, one text line; version 2,
 * binary), parsed strictly and built.  Addresses are 16 bytes, IPv4 as
 * IPv4-mapped IPv6, as in cidr.h.
 */
#include <stddef.h>
#include <stdint.h>

#define PROXYHDR_V1 1		/* accept or build version 1 */
#define PROXYHDR_V2 2		/* accept or build version 2 */
#define PROXYHDR_V1MAX 107	/* longest v1 line, CRLF included */
#define PROXYHDR_V2MAX (16 + 65535)	/* longest v2 header */
#define PROXYHDR_BUILDMAX 128	/* enough for any header proxyhdr_build makes */

/* what a header says */
struct proxyhdr {
	int version;		/* 1 or 2 */
	int local;		/* 1: use the socket's own addresses (v1
				   UNKNOWN, v2 LOCAL, v2 family not TCP) */
	int cmdlocal;		/* v2: 1 when the command was LOCAL */
	int family;		/* AF_INET or AF_INET6 unless local */
	unsigned char src[16], dst[16];	/* client, and what it connected to */
	unsigned sport, dport;
	int crc;		/* 1: a CRC32C TLV was there and matched */
	size_t len;		/* bytes of the whole header */
};

/*
 * Parse the n bytes at p, the start of a connection, accepting the
 * versions in mask (PROXYHDR_V1 | PROXYHDR_V2).  Returns the header's
 * length when p holds a whole valid header, 0 when p is a valid start
 * that needs more bytes (every one of the n then belongs to the header),
 * -1 when it cannot become valid; *why then names the fault in one word.
 */
long proxyhdr_parse(const unsigned char *p, size_t n, int mask,
    struct proxyhdr *h, const char **why);
/*
 * Build the header h describes (h->version; h->local for UNKNOWN or
 * LOCAL) into out (cap bytes, PROXYHDR_BUILDMAX is enough); with crc and
 * version 2, a CRC32C TLV.  Returns the length, or -1 if out is short.
 */
long proxyhdr_build(const struct proxyhdr *h, int crc, unsigned char *out,
    size_t cap);
/* the CRC32C (Castagnoli) of n bytes, continuing from crc (0 to start) */
uint32_t proxyhdr_crc32c(uint32_t crc, const unsigned char *p, size_t n);

#endif
