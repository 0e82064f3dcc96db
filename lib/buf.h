#ifndef BUF_H
#define BUF_H

#include <stddef.h>

/* a fixed buffer that lines are appended to; overflow truncates, marked */
struct buf {
	char *p;
	size_t len, cap;
	int full;	/* set once something did not fit */
};

/* start an empty buffer over mem[cap] */
void buf_init(struct buf *b, char *mem, size_t cap);
/* append a C string */
void buf_puts(struct buf *b, const char *s);
/* append n bytes */
void buf_putn(struct buf *b, const char *s, size_t n);
/* append an unsigned number in decimal */
void buf_putu(struct buf *b, unsigned long long v);
/* append a millisecond count as seconds with 3 decimals ("1.250") */
void buf_putms(struct buf *b, unsigned long long ms);
/* append n bytes as a double-quoted logfmt value with \r \n \t \\ \" \xNN */
void buf_putq(struct buf *b, const char *s, size_t n);
/* append n bytes, those outside 0x20-0x7e escaped as buf_putq does; no quotes */
void buf_putesc(struct buf *b, const char *s, size_t n);
/* append s bare when it is a plain token, else quoted with buf_putq */
void buf_putv(struct buf *b, const char *s);
/* append "ip:port", "[ip]:port" when ip has a colon, "ip" without a port */
void buf_putaddr(struct buf *b, const char *ip, const char *port);
/* end the line with "\n" (replacing the tail by "...\n" if it was cut) */
void buf_endline(struct buf *b);

#endif
