/* unit tests of lib/dial.c: what a failed connect's errno means */
#include <errno.h>

#include "dial.h"
#include "unit.h"

int
main(void)
{
	/* a reset ends an established connection: the connect had worked */
	CHECK(dial_connected(ECONNRESET) == 1);
	CHECK(dial_connected(EPIPE) == 1);
	CHECK(dial_connected(ECONNREFUSED) == 0);
	CHECK(dial_connected(ETIMEDOUT) == 0);
	CHECK(dial_connected(EHOSTUNREACH) == 0);
	CHECK(dial_retryable(ECONNREFUSED) == 1);
	CHECK(dial_retryable(EACCES) == 0);
	return UNIT_END();
}
