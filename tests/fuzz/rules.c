/*
 * fuzz target: the rules text parsers, ours and tcprules', on arbitrary
 * lines, each rule matched against a few clients, and the decoder of
 * tcprules' cdb data on the same bytes
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rules.h"

static struct rule r;
static struct rules_client c[3];
static int ready;

static void
setup(void)
{
	static const char *ips[] = { "10.1.2.3", "::ffff:127.0.0.1",
	    "2001:db8::1" };
	unsigned char a[16];
	int i;

	for (i = 0; i < 3; i++) {
		(void)cidr_addr(ips[i], a);
		rules_client_init(&c[i], a, i == 0 ? "mail.example.com" : NULL,
		    i == 1 ? "joe" : NULL);
	}
	ready = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl, *err;
	size_t n;
	int i;

	if (!ready)
		setup();
	(void)rules_decode_tcp(s, size, &r);
	while (size > 0) {
		nl = memchr(s, '\n', size);
		n = nl != NULL ? (size_t)(nl - s) : size;
		(void)rules_kind(s, n);
		if (rules_parse(s, n, &r, &err) == 1)
			for (i = 0; i < 3; i++)
				(void)rules_score(&r, &c[i]);
		if (rules_parse_tcp(s, n, &r, &err) == 1)
			for (i = 0; i < 3; i++)
				(void)rules_tcp_rank(r.pat, r.patlen, &c[i]);
		n += nl != NULL;
		s += n;
		size -= n;
	}
	return 0;
}
