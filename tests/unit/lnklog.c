/*
 * unit tests of lib/lnk_log's lnklog_shared: the start of svc-log's end
 * line that a child leaves in shared memory, as the listener writes it
 */
#include <string.h>

#include "buf.h"
#include "link.h"
#include "unit.h"

static char mem[2 * LINK_LINEMAX];
static struct buf b;

static int
shared(const char *line, size_t len, const char *want)
{
	buf_init(&b, mem, sizeof mem);
	lnklog_shared(&b, line, len);
	return b.len == strlen(want) && memcmp(b.p, want, b.len) == 0;
}

int
main(void)
{
	static char big[LINK_LINEMAX + 64];
	size_t i;
	const char *s;

	s = "svc-log: end remote=127.0.0.1:4000";
	CHECK(shared(s, strlen(s), s));
	/* a newline or any other control or 8-bit byte cannot end the line */
	s = "svc-log: end remote=1.2.3.4:5\nsvc-limit: deny remote=6.7.8.9";
	CHECK(shared(s, strlen(s), "svc-log: end remote=1.2.3.4:5\\n"
	    "svc-limit: deny remote=6.7.8.9"));
	CHECK(shared("svc-log: end a\r\0b\x80\x7f", 19,
	    "svc-log: end a\\r\\x00b\\x80\\x7f"));
	/* a line not svc-log's is not written as another program's */
	s = "svc-limit: deny remote=6.7.8.9";
	CHECK(shared(s, strlen(s), "svc-log: end svc-limit: deny "
	    "remote=6.7.8.9"));
	CHECK(shared("svc-log: en", 11, "svc-log: end svc-log: en"));
	CHECK(shared("", 0, "svc-log: end "));
	/* a length past the line's memory: LINK_LINEMAX bytes at most */
	memcpy(big, "svc-log: end ", 13);
	for (i = 13; i < sizeof big; i++)
		big[i] = 'x';
	buf_init(&b, mem, sizeof mem);
	lnklog_shared(&b, big, (size_t)-1);
	CHECK(b.len == LINK_LINEMAX && !b.full);
	return UNIT_END();
}
