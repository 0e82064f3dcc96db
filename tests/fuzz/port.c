/*
 * Fuzz port_scan, the port operand of svc-listen and svc-connect, a
 * number or a services-database name: no crash, and a number accepted
 * only when it is plain digits up to 65535.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "port.h"

#define MUST(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	const char *p;
	unsigned port = 70000, ref = 0;
	int r, toobig = 0;

	/* service names are short; longer inputs only cost lookups */
	if (size > 64 || (s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	r = port_scan(s, &port);
	if (r == 0)
		MUST(port <= 65535);
	if (*s >= '0' && *s <= '9') {
		for (p = s; *p >= '0' && *p <= '9'; p++) {
			ref = ref * 10 + (unsigned)(*p - '0');
			if (ref > 65535)
				toobig = 1, ref = 65536;
		}
		if (*p != '\0' || toobig)
			MUST(r == -1);
		else
			MUST(r == 0 && port == ref);
	}
	free(s);
	return 0;
}
