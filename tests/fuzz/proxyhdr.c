/*
 * Fuzz harness of lib/proxyhdr: any bytes, as the start of a connection,
 * under each set of accepted versions.  Beyond "no crash, no read past
 * the input": a header found is no longer than the input, each of its
 * prefixes is "not yet", and what it says, built again, parses the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond)
{
	if (!cond)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char out[PROXYHDR_BUILDMAX];
	struct proxyhdr h, again;
	const char *why;
	long r, r2, k;
	int mask;

	for (mask = 1; mask <= 3; mask++) {
		r = proxyhdr_parse(data, size, mask, &h, &why);
		check(r >= -1 && r <= (long)size);
		check(r != -1 || (why != NULL && *why != '\0'));
		if (r <= 0)
			continue;
		check(h.len == (size_t)r && (h.version & mask) != 0);
		/* a few prefixes: the whole header was needed */
		for (k = 0; k < r; k += 1 + r / 16) {
			r2 = proxyhdr_parse(data, (size_t)k, mask, &again,
			    &why);
			check(r2 == 0);
		}
		if (h.local)
			continue;
		r2 = proxyhdr_build(&h, h.crc, out, sizeof out);
		check(r2 > 0);
		check(proxyhdr_parse(out, (size_t)r2, 3, &again, &why) == r2);
		check(again.family == h.family && again.sport == h.sport &&
		    again.dport == h.dport &&
		    memcmp(again.src, h.src, 16) == 0 &&
		    memcmp(again.dst, h.dst, 16) == 0);
	}
	return 0;
}
