/* unit tests of lib/buf: numbers, quoting, truncation */
#include <string.h>

#include "buf.h"
#include "unit.h"

static int
is(struct buf *b, const char *want)
{
	return b->len == strlen(want) && memcmp(b->p, want, b->len) == 0;
}

int
main(void)
{
	char mem[64], small[12];
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	buf_putu(&b, 0);
	buf_puts(&b, " ");
	buf_putu(&b, 18446744073709551615ULL);
	CHECK(is(&b, "0 18446744073709551615"));

	buf_init(&b, mem, sizeof mem);
	buf_putms(&b, 12500);
	buf_puts(&b, " ");
	buf_putms(&b, 4);
	CHECK(is(&b, "12.500 0.004"));

	buf_init(&b, mem, sizeof mem);
	buf_putq(&b, "a\"b\\\r\n\t\x01\xff", 9);
	CHECK(is(&b, "\"a\\\"b\\\\\\r\\n\\t\\x01\\xff\""));

	buf_init(&b, mem, sizeof mem);
	buf_putv(&b, "plain");
	buf_puts(&b, " ");
	buf_putv(&b, "two words");
	buf_puts(&b, " ");
	buf_putv(&b, "");
	CHECK(is(&b, "plain \"two words\" \"\""));

	buf_init(&b, small, sizeof small);
	buf_puts(&b, "0123456789abcdef");
	CHECK(b.full == 1);
	buf_endline(&b);
	CHECK(is(&b, "01234567...\n"));

	/* buf_putesc: no quotes; only bytes outside 0x20-0x7e change */
	buf_init(&b, mem, sizeof mem);
	buf_putesc(&b, "a \"b\\\n\x1b[2J\xff", 11);
	CHECK(is(&b, "a \"b\\\\n\\x1b[2J\\xff"));

	buf_init(&b, small, sizeof small);
	buf_puts(&b, "short");
	buf_endline(&b);
	CHECK(is(&b, "short\n"));
	return UNIT_END();
}
