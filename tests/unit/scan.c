/* unit tests of lib/scan: strict numbers, milliseconds, escapes */
#include <limits.h>
#include <string.h>

#include "scan.h"
#include "unit.h"

int
main(void)
{
	unsigned long v;
	char out[16];

	CHECK(scan_ulong("0", &v) == 0 && v == 0);
	CHECK(scan_ulong("4242", &v) == 0 && v == 4242);
	CHECK(scan_ulong("", &v) == -1);
	CHECK(scan_ulong("12x", &v) == -1);
	CHECK(scan_ulong("-1", &v) == -1);
	CHECK(scan_ulong("+1", &v) == -1);
	CHECK(scan_ulong(" 1", &v) == -1);
	CHECK(scan_ulong("99999999999999999999999", &v) == -1);
	CHECK(scan_ulong("18446744073709551615", &v) == 0 && v == ULONG_MAX);
	CHECK(scan_ulong("18446744073709551616", &v) == -1);
	CHECK(scan_range("65535", 0, 65535, &v) == 0 && v == 65535);
	CHECK(scan_range("65536", 0, 65535, &v) == -1);
	CHECK(scan_range("0", 1, 10, &v) == -1);

	CHECK(scan_msecs("2", &v) == 0 && v == 2000);
	CHECK(scan_msecs("0.5", &v) == 0 && v == 500);
	CHECK(scan_msecs("1.25", &v) == 0 && v == 1250);
	CHECK(scan_msecs(".1", &v) == 0 && v == 100);
	CHECK(scan_msecs("1.", &v) == 0 && v == 1000);
	CHECK(scan_msecs(".", &v) == -1);
	CHECK(scan_msecs("", &v) == -1);
	CHECK(scan_msecs("1s", &v) == -1);
	CHECK(scan_msecs("-1", &v) == -1);
	CHECK(scan_msecs("1.234", &v) == 0 && v == 1234);
	CHECK(scan_msecs("1.2345", &v) == -1);	/* at most 3 decimals */
	CHECK(scan_msecs("0.0001", &v) == -1);

	CHECK(scan_escapes("a\\r\\n", out, sizeof out) == 3 &&
	    memcmp(out, "a\r\n", 3) == 0);
	CHECK(scan_escapes("\\x00\\xff\\t\\\\", out, sizeof out) == 4 &&
	    memcmp(out, "\0\xff\t\\", 4) == 0);
	CHECK(scan_escapes("\\q", out, sizeof out) == -1);
	CHECK(scan_escapes("\\", out, sizeof out) == -1);
	CHECK(scan_escapes("\\x4", out, sizeof out) == -1);
	CHECK(scan_escapes("0123456789abcdefg", out, sizeof out) == -1);
	CHECK(scan_escapes("", out, sizeof out) == 0);

	{
		long len = -5;

		CHECK(scan_countmsg("3", 10, &v, out, sizeof out, &len) == 0 &&
		    v == 3 && len == 0);
		CHECK(scan_countmsg("2:no\\r\\n", 10, &v, out, sizeof out,
		    &len) == 0 && v == 2 && len == 4 &&
		    memcmp(out, "no\r\n", 4) == 0);
		CHECK(scan_countmsg("2:", 10, &v, out, sizeof out, &len) == 0 &&
		    len == 0);
		CHECK(scan_countmsg("0:x", 10, &v, out, sizeof out, &len) == -1);
		CHECK(scan_countmsg("11", 10, &v, out, sizeof out, &len) == -1);
		CHECK(scan_countmsg(":x", 10, &v, out, sizeof out, &len) == -1);
		CHECK(scan_countmsg("2:\\q", 10, &v, out, sizeof out, &len) ==
		    -2);
		CHECK(scan_countmsg("99999999999999999999999999999999999", 10,
		    &v, out, sizeof out, &len) == -1);
	}
	return UNIT_END();
}
