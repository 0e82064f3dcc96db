/* unit tests of lib/ruleidx: compile, look up, refuse what is not ours */
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdb.h"
#include "ruleidx.h"
#include "unit.h"

static struct ruleidx x;
static struct rule r;

static int
find(const char *ip)
{
	unsigned char a[16];

	(void)cidr_addr(ip, a);
	return ruleidx_find(&x, a, &r);
}

int
main(void)
{
	static const char rules[] =
	    "# test\n"
	    "10.0.0.0/8 allow A=wide\n"
	    "10.1.0.0/16 deny \"go\\r\\n\"\n"
	    "10.1.2.3 allow -HOME B=x\n"
	    "10.0.0.0/8 deny\n"
	    "2001:db8::/32 allow C=v6\n";
	char src[] = "/tmp/unit-rules.XXXXXX", dst[64];
	const char *err = NULL;
	unsigned long line = 0;
	struct cdb_make m;
	int fd;

	if ((fd = mkstemp(src)) == -1 ||
	    write(fd, rules, sizeof rules - 1) != (ssize_t)sizeof rules - 1)
		return 1;
	(void)close(fd);
	(void)snprintf(dst, sizeof dst, "%s.idx", src);
	CHECK(ruleidx_write(src, dst, &line, &err) == 5);
	CHECK((fd = open(dst, O_RDONLY)) != -1);
	CHECK(ruleidx_open(&x, fd) == 0);
	CHECK(strcmp(x.src, src) == 0);
	CHECK(find("10.9.9.9") == 1 && !r.deny && r.line == 2 &&
	    strcmp(r.env, "+A=wide") == 0);
	CHECK(find("10.1.9.9") == 1 && r.deny && r.line == 3 &&
	    r.msglen == 4 && memcmp(r.msg, "go\r\n", 4) == 0);
	CHECK(find("10.1.2.3") == 1 && !r.deny && r.line == 4 &&
	    r.envlen == 11 && memcmp(r.env, "-HOME\0+B=x\0", 11) == 0);
	CHECK(find("::ffff:10.1.2.3") == 1 && r.line == 4);
	CHECK(find("11.0.0.1") == 0);
	CHECK(find("2001:db8:1::1") == 1 && r.line == 6);
	CHECK(find("2001:db9::1") == 0);
	(void)close(fd);

	/* a bad line: -2 with its number, and dst left as it was */
	if ((fd = open(src, O_WRONLY | O_APPEND)) == -1 ||
	    write(fd, "* allw\n", 7) != 7)
		return 1;
	(void)close(fd);
	CHECK(ruleidx_write(src, dst, &line, &err) == -2 && line == 7 &&
	    err != NULL);
	CHECK((fd = open(dst, O_RDONLY)) != -1 && ruleidx_open(&x, fd) == 0);
	(void)close(fd);

	/* a cdb that is not an index: EPROTO */
	if ((fd = open(dst, O_RDWR | O_TRUNC)) == -1)
		return 1;
	CHECK(cdb_make_start(&m, fd) == 0 &&
	    cdb_make_add(&m, "127.", 4, "", 0) == 0 &&
	    cdb_make_finish(&m) == 0);
	CHECK(ruleidx_open(&x, fd) == -1 && errno == EPROTO);
	(void)close(fd);
	(void)unlink(src);
	(void)unlink(dst);
	return UNIT_END();
}
