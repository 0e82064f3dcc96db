/* unit tests of lib/cdb: write, find, the hash, and damaged files */
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdb.h"
#include "unit.h"

static char path[] = "/tmp/unit-cdb.XXXXXX";

/* the data of key in c as a string, "" if none, "error" on failure */
static const char *
get(struct cdb *c, const char *key)
{
	static char out[64];
	uint32_t pos, len;
	int r = cdb_find(c, key, strlen(key), &pos, &len);

	if (r == 0)
		return "";
	if (r == -1 || len >= sizeof out || cdb_read(c, out, len, pos) == -1)
		return "error";
	out[len] = '\0';
	return out;
}

int
main(void)
{
	struct cdb_make m;
	struct cdb c;
	char key[16];
	int fd, i;
	off_t size;

	CHECK(cdb_hash("", 0) == 5381);
	CHECK(cdb_hash("a", 1) == (((5381u << 5) + 5381u) ^ 'a'));

	if ((fd = mkstemp(path)) == -1)
		return 1;
	(void)unlink(path);
	CHECK(cdb_make_start(&m, fd) == 0);
	CHECK(cdb_make_add(&m, "one", 3, "1", 1) == 0);
	CHECK(cdb_make_add(&m, "two", 3, "2", 1) == 0);
	CHECK(cdb_make_add(&m, "one", 3, "not first", 9) == 0);
	CHECK(cdb_make_add(&m, "", 0, "empty", 5) == 0);
	for (i = 0; i < 2000; i++) {
		(void)snprintf(key, sizeof key, "k%d", i);
		CHECK(cdb_make_add(&m, key, strlen(key), key + 1,
		    strlen(key + 1)) == 0);
	}
	CHECK(cdb_make_finish(&m) == 0);

	CHECK(cdb_init(&c, fd) == 0);
	CHECK(strcmp(get(&c, "one"), "1") == 0);
	CHECK(strcmp(get(&c, "two"), "2") == 0);
	CHECK(strcmp(get(&c, ""), "empty") == 0);
	CHECK(strcmp(get(&c, "three"), "") == 0);
	CHECK(strcmp(get(&c, "k1999"), "1999") == 0);
	CHECK(strcmp(get(&c, "k0"), "0") == 0);
	CHECK(strcmp(get(&c, "k2000"), "") == 0);
	CHECK(cdb_read(&c, key, 4, (uint32_t)c.size - 2) == -1 &&
	    errno == EBADMSG);

	/* cut by one byte: refused at once */
	size = (off_t)c.size;
	CHECK(ftruncate(fd, size - 1) == 0);
	CHECK(cdb_init(&c, fd) == -1 && errno == EBADMSG);
	CHECK(ftruncate(fd, 100) == 0);
	CHECK(cdb_init(&c, fd) == -1 && errno == EBADMSG);

	/* a header of zeros: tables at 0, inside the header: damaged */
	CHECK(ftruncate(fd, 0) == 0 && ftruncate(fd, CDB_HDRLEN) == 0);
	CHECK(cdb_init(&c, fd) == -1 && errno == EBADMSG);
	(void)close(fd);
	return UNIT_END();
}
