/* unit tests of lib/logfmt: fields, addresses, escaping, the cut */
#include <string.h>

#include "buf.h"
#include "die.h"
#include "logfmt.h"
#include "unit.h"

static int
is(struct buf *b, const char *want)
{
	return b->len == strlen(want) && memcmp(b->p, want, b->len) == 0;
}

int
main(void)
{
	char mem[128], small[24];
	struct buf b;

	PROG = "svc-x";
	logfmt_begin(&b, mem, sizeof mem, "end");
	logfmt_num(&b, "pid", 42);
	logfmt_addr(&b, "remote", "127.0.0.1", "5678");
	logfmt_ms(&b, "duration", 1250);
	logfmt_str(&b, "signal", "TERM");
	logfmt_finish(&b);
	CHECK(is(&b, "svc-x: end pid=42 remote=127.0.0.1:5678 "
	    "duration=1.250 signal=TERM\n"));

	logfmt_begin(&b, mem, sizeof mem, "deny");
	logfmt_addr(&b, "remote", "2001:db8::1", "80");
	logfmt_addr(&b, "local", "::1", NULL);
	logfmt_addr(&b, "x", "10.0.0.1", "");
	CHECK(is(&b, "svc-x: deny remote=[2001:db8::1]:80 local=[::1] "
	    "x=10.0.0.1"));

	/* untrusted values cannot forge a field or a line */
	logfmt_begin(&b, mem, sizeof mem, "e");
	logfmt_str(&b, "prog", "a b=c\n");
	logfmt_addr(&b, "remote", "1.2.3.4", "1 evil=1");
	logfmt_str(&b, "empty", "");
	CHECK(is(&b, "svc-x: e prog=\"a b=c\\n\" "
	    "remote=\"1.2.3.4:1 evil=1\" empty=\"\""));

	/* too long: cut and marked */
	logfmt_begin(&b, small, sizeof small, "event");
	logfmt_str(&b, "key", "a-rather-long-value-here");
	logfmt_finish(&b);
	CHECK(b.len == sizeof small);
	CHECK(memcmp(small + sizeof small - 4, "...\n", 4) == 0);
	return UNIT_END();
}
