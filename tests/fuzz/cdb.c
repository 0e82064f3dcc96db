/*
 * fuzz target: the cdb reader on arbitrary bytes, written to a scratch
 * file (the reader works on a descriptor), looked up with a few keys
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "cdb.h"

static int fd = -1;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *keys[] = { "", "127.", "127.0.0.1", "=",
	    "svc-access index", "a key far longer than any in a seed file" };
	char path[] = "/tmp/fuzz-cdb.XXXXXX", buf[64];
	struct cdb c;
	uint32_t pos, len;
	size_t i, k;

	if (fd == -1) {
		if ((fd = mkstemp(path)) == -1)
			abort();
		(void)unlink(path);
	}
	if (ftruncate(fd, 0) == -1 ||
	    pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (cdb_init(&c, fd) == -1)
		return 0;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		for (k = 0; keys[i][k] != '\0'; k++)
			continue;
		if (cdb_find(&c, keys[i], k, &pos, &len) == 1)
			(void)cdb_read(&c, buf, len < sizeof buf ? len :
			    sizeof buf, pos);
	}
	return 0;
}
