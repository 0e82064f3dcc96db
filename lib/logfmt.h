#ifndef LOGFMT_H
#define LOGFMT_H

#include <stddef.h>

#include "buf.h"

/*
 * logfmt: the one builder of event lines, "PROG: event key=value ...",
 * without printf and into memory the caller owns (no allocation):
 *
 *	char mem[512];
 *	struct buf b;
 *
 *	logfmt_begin(&b, mem, sizeof mem, "deny");
 *	logfmt_addr(&b, "remote", ip, port);
 *	logfmt_str(&b, "reason", "rate");
 *	logfmt_num(&b, "limit", 10);
 *	logfmt_end(&b);		// one write(2) to fd 2
 *
 * Every value goes through buf_putv: a plain token as it is, anything
 * else (spaces, quotes, '=', control bytes) double-quoted and escaped,
 * so that no value can forge a field or a line.  A line longer than the
 * memory is cut and marked "...".
 */

/* start a line: "PROG: event" */
void logfmt_begin(struct buf *b, char *mem, size_t cap, const char *event);
/* " key=value", the value escaped where it needs to be */
void logfmt_str(struct buf *b, const char *key, const char *val);
/* " key=N" */
void logfmt_num(struct buf *b, const char *key, unsigned long long n);
/* " key=S.mmm", milliseconds as seconds */
void logfmt_ms(struct buf *b, const char *key, unsigned long long ms);
/*
 * " key=IP:PORT", "[IPv6]:PORT" when ip has a colon, without ":PORT"
 * when port is NULL or empty; escaped as a whole where it needs to be
 */
void logfmt_addr(struct buf *b, const char *key, const char *ip,
    const char *port);
/*
 * " key=uid:U,gid:G,pid:P" for the client of a UNIX-domain listener
 * (PROTO=UNIX and ucspi-unix's UNIXREMOTE* in the environment): 1 when
 * written, 0 when the client is not one (then nothing is written)
 */
int logfmt_peer(struct buf *b, const char *key);
/* end the line with its newline (for a caller that writes it itself) */
void logfmt_finish(struct buf *b);
/* end the line and write it to fd 2 with one write(2) */
void logfmt_end(struct buf *b);

#endif
