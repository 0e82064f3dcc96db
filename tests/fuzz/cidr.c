/*
 * Fuzz cidr_parse and cidr_addr (svc-limit's -a, the state file's keys)
 * and cidr_prefixes (-p v4:v6): no crash; a parsed prefix matches its
 * own address, prints within CIDR_TEXTLEN, and its text parses back to
 * the same prefix.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"

#define MUST(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cidr c, d;
	unsigned char key[16], k2[16];
	char *s, text[CIDR_TEXTLEN];
	unsigned long v4 = 99, v6 = 999;
	unsigned bits;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	errno = 0;
	if (cidr_parse(s, &c) == 0) {
		MUST(c.bits <= 128);
		MUST(cidr_match(&c, c.addr) == 1);
		MUST(cidr_fmt(c.addr, c.bits, text, sizeof text) == 0);
		MUST(cidr_parse(text, &d) == 0);
		MUST(d.bits == c.bits && memcmp(d.addr, c.addr, 16) == 0);
	} else
		MUST(errno == EINVAL || errno == EDOM);

	if (cidr_addr(s, key) == 0) {
		MUST(cidr_fmt(key, 128, text, sizeof text) == 0);
		MUST(cidr_addr(text, k2) == 0 && memcmp(key, k2, 16) == 0);
		/* any prefix length masks and matches its own address */
		bits = size > 0 ? data[0] % 129 : 0;
		memcpy(&c.addr, key, 16);
		cidr_mask(c.addr, bits);
		c.bits = bits;
		MUST(cidr_match(&c, key) == 1);
		MUST(cidr_fmt(c.addr, bits, text, sizeof text) == 0);
		MUST(cidr_fmt(c.addr, bits, text, 4) == -1 ||
		    strlen(text) < 4);
		MUST(cidr_bits(key, 24, 48) == (cidr_is4(key) ? 120u : 48u));
	}

	if (cidr_prefixes(s, &v4, &v6) == 0)
		MUST(v4 <= 32 && v6 <= 128);
	else
		MUST(v4 == 99 && v6 == 999);
	free(s);
	return 0;
}
