/*
 * peer: who the client of a UNIX-domain connection is, read from the
 * environment svc-listen (or ucspi-unix's unixserver) set, in the form
 * every log line of the suite shows it: "uid:1000,gid:1000,pid:4242".
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "peer.h"
#include "scan.h"

static int
is_unix(void)
{
	const char *p = getenv("PROTO");

	return p != NULL && strcmp(p, "UNIX") == 0;
}

int
peer_unix_uid(unsigned long *uid)
{
	const char *v = getenv("UNIXREMOTEEUID");

	if (!is_unix())
		return 1;
	if (v == NULL || scan_range(v, 0, 4294967295UL, uid) == -1)
		return -1;
	return 0;
}

int
peer_unix_text(char *out, size_t len)
{
	static const char *const var[] = {
		"UNIXREMOTEEUID", "UNIXREMOTEEGID", "UNIXREMOTEPID",
	};
	static const char *const tag[] = { "uid:", "gid:", "pid:" };
	unsigned long v;
	struct buf b;
	const char *s;
	size_t i;

	if (!is_unix() || len == 0)
		return -1;
	buf_init(&b, out, len - 1);
	for (i = 0; i < 3; i++) {
		/* only numbers: these go into log lines unquoted */
		if ((s = getenv(var[i])) == NULL || scan_ulong(s, &v) == -1)
			continue;
		if (b.len > 0)
			buf_puts(&b, ",");
		buf_puts(&b, tag[i]);
		buf_putu(&b, v);
	}
	if (b.len == 0)
		buf_puts(&b, "uid:?");
	out[b.len] = '\0';
	return 0;
}
