/*
 * Fuzz rate_scan, svc-limit's -R and -r ("10/s", "100/m", "5/h"): no
 * crash, and an accepted spec is digits, '/', one unit letter, with a
 * count in range and an interval of the unit divided by it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rate.h"

#define MUST(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	const char *p;
	unsigned long n = 0, max, ref = 0;
	uint64_t interval = 0, unit;

	if (size == 0)
		return 0;
	/* the first byte picks the bound: svc-limit's, or a small one */
	max = data[0] & 1 ? 1000000000ul : (unsigned long)data[0] + 1;
	if ((s = malloc(size)) == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	if (rate_scan(s, max, &n, &interval) == 0) {
		for (p = s; *p >= '0' && *p <= '9'; p++)
			ref = ref * 10 + (unsigned long)(*p - '0');
		MUST(p != s && p[0] == '/' && p[2] == '\0');
		MUST(p[1] == 's' || p[1] == 'm' || p[1] == 'h');
		unit = p[1] == 's' ? 1000000000ULL : p[1] == 'm' ?
		    60000000000ULL : 3600000000000ULL;
		MUST(n == ref && n >= 1 && n <= max);
		MUST(interval == unit / n && interval > 0);
	} else
		MUST(n == 0 && interval == 0);
	free(s);
	return 0;
}
