/*
 * rate: a rate spec from the command line, a count over a period ("10/s",
 * "100/m"), turned into the time one token takes, for token buckets.
 */
#include <stdint.h>
#include <string.h>

#include "rate.h"
#include "scan.h"

int
rate_scan(const char *s, unsigned long max, unsigned long *n,
    uint64_t *interval)
{
	static const struct { char unit; uint64_t ns; } units[] = {
		{ 's', 1000000000ULL }, { 'm', 60000000000ULL },
		{ 'h', 3600000000000ULL },
	};
	char num[16];
	const char *slash = strchr(s, '/');
	unsigned long v;
	size_t i, len;

	len = slash != NULL ? (size_t)(slash - s) : 0;
	if (slash == NULL || len >= sizeof num || slash[1] == '\0' ||
	    slash[2] != '\0')
		return -1;
	memcpy(num, s, len);
	num[len] = '\0';
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (units[i].unit != slash[1] ||
		    scan_range(num, 1, max, &v) == -1)
			continue;
		*n = v;
		*interval = units[i].ns / v;
		return 0;
	}
	return -1;
}
