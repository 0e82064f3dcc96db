/*
 * fuzz target: the index reader on arbitrary bytes, written to a
 * scratch file, looked up for IPv4 and IPv6 clients
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "ruleidx.h"

static int fd = -1;
static struct ruleidx x;
static struct rule r;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *ips[] = { "127.0.0.1", "10.1.2.3", "::1",
	    "2001:db8::1" };
	char path[] = "/tmp/fuzz-ruleidx.XXXXXX";
	unsigned char a[16];
	size_t i;

	if (fd == -1) {
		if ((fd = mkstemp(path)) == -1)
			abort();
		(void)unlink(path);
	}
	if (ftruncate(fd, 0) == -1 ||
	    pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (ruleidx_open(&x, fd) == -1)
		return 0;
	for (i = 0; i < sizeof ips / sizeof ips[0]; i++) {
		(void)cidr_addr(ips[i], a);
		(void)ruleidx_find(&x, a, &r);
	}
	return 0;
}
