/*
 * Fuzz scan_ulong and scan_range, the parsers behind every count, port,
 * descriptor and id on the command lines: whatever the bytes, no crash,
 * and a value accepted only for plain digits that fit, equal to what
 * strtoul reads from them.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

#define MUST(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *end;
	unsigned long v, w, ref, lo, hi;
	size_t i, digits;
	int r;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (digits = 0; s[digits] >= '0' && s[digits] <= '9'; digits++)
		;
	errno = 0;
	ref = strtoul(s, &end, 10);
	r = scan_ulong(s, &v);
	if (digits > 0 && s[digits] == '\0' && errno != ERANGE) {
		MUST(r == 0 && v == ref);
	} else
		MUST(r == -1);
	/* bounds taken from the input's own bytes, both ways round */
	lo = hi = 0;
	for (i = 0; i < size && i < 8; i++)
		lo = lo << 8 | data[i];
	for (; i < size && i < 16; i++)
		hi = hi << 8 | data[i];
	if (scan_range(s, lo, hi, &w) == 0)
		MUST(r == 0 && w == v && lo <= w && w <= hi);
	else
		MUST(r == -1 || v < lo || v > hi);
	if (scan_range(s, 0, ULONG_MAX, &w) == 0)
		MUST(r == 0 && w == v);
	free(s);
	return 0;
}
