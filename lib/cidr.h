#ifndef CIDR_H
#define CIDR_H

#include <stddef.h>

/*
 * Addresses as 16 bytes, IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d), the
 * form sock_key() gives, so that one prefix length in 0..128 covers both
 * families: an IPv4 /24 is a /120 here.
 */
#define CIDR_TEXTLEN 64	/* "ffff:...:ffff/128" and "255.255.255.255/32" */

/* an address prefix: the address with host bits zero, and its length */
struct cidr {
	unsigned char addr[16];
	unsigned bits;		/* 0..128, IPv4 counted from 96 */
};

/* a bare address ("1.2.3.4", "2001:db8::1", "fe80::1%eth0") into key */
int cidr_addr(const char *s, unsigned char key[16]);
/* "ADDR" or "ADDR/LEN"; -1 with EINVAL if malformed, EDOM if host bits set */
int cidr_parse(const char *s, struct cidr *c);
/* 1 if key is an IPv4 address (IPv4-mapped), else 0 */
int cidr_is4(const unsigned char key[16]);
/* zero every bit of key after the first bits (0..128) */
void cidr_mask(unsigned char key[16], unsigned bits);
/* the prefix length of key's family: v4 bits (0..32) or v6 bits (0..128) */
unsigned cidr_bits(const unsigned char key[16], unsigned v4, unsigned v6);
/* 1 if key lies inside prefix c, else 0 */
int cidr_match(const struct cidr *c, const unsigned char key[16]);
/* key/bits as text, "10.1.2.0/24" or "2001:db8::/64", the length left out
   when it covers the whole address; -1 if out (len bytes) is too short */
int cidr_fmt(const unsigned char key[16], unsigned bits, char *out,
    size_t len);
/* "V4:V6" prefix lengths, 0-32 and 0-128 ("24:48"); -1 if malformed */
int cidr_prefixes(const char *s, unsigned long *v4, unsigned long *v6);

#endif
