/*
 * Fuzz scan_msecs, the duration parser of -t, -T, -w, -i, -k: no crash,
 * and what it accepts is a number of seconds whose value in milliseconds
 * is the integer part times 1000 plus the first three decimals; every
 * plain duration of reasonable size with at most three decimals is
 * accepted, and none with a fourth.
 */
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
	char *s;
	const char *p;
	unsigned long ms, ipart = 0, frac = 0, scale = 100;
	size_t idig = 0, fdig = 0;
	int dot = 0, plain, r;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	/* the reference reading: digits, an optional '.', digits */
	for (p = s; *p >= '0' && *p <= '9'; p++, idig++)
		if (idig < 12)
			ipart = ipart * 10 + (unsigned long)(*p - '0');
	if (*p == '.') {
		dot = 1;
		for (p++; *p >= '0' && *p <= '9'; p++, fdig++)
			if (fdig < 3) {
				frac += (unsigned long)(*p - '0') * scale;
				scale /= 10;
			}
	}
	plain = *p == '\0' && idig + fdig > 0;
	r = scan_msecs(s, &ms);
	if (!plain)
		MUST(r == -1);
	if (r == 0 && idig <= 12)
		MUST(ms == ipart * 1000 + frac);
	if (plain && idig <= 9 && fdig <= 3)
		MUST(r == 0);
	if (fdig > 3)
		MUST(r == -1);
	(void)dot;
	free(s);
	return 0;
}
