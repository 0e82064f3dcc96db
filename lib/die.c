/*
 * die: one line per message, sent to fd 2 with a single write(2) so that
 * lines from many processes sharing a log pipe never interleave.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "die.h"

#define LINEMAX 1024

const char *PROG = "svc";
int log_level = 1;
void (*die_hook)(int code);

static void __attribute__((noreturn))
end(int code)
{
	if (die_hook != NULL)
		die_hook(code);
	exit(code);
}

void
die_writeline(const char *line, unsigned long len)
{
	ssize_t r;

	while (len > 0) {
		r = write(2, line, len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return;
		line += r;
		len -= (unsigned long)r;
	}
}

/*
 * The message is escaped once more as a whole (buf_putesc), so that a
 * value a caller forgot to pass through die_q still cannot end the line
 * or put a control byte in the log.
 */
static void
vline(const char *kind, int err, const char *fmt, va_list ap)
{
	char msg[LINEMAX], line[LINEMAX];
	size_t n, max = sizeof msg;
	struct buf b;
	int r;

	r = vsnprintf(msg, max, fmt, ap);
	n = r < 0 ? 0 : (size_t)r >= max ? max - 1 : (size_t)r;
	if (err) {
		r = snprintf(msg + n, max - n, ": %s", strerror(err));
		n += r < 0 ? 0 : (size_t)r >= max - n ? max - n - 1 : (size_t)r;
	}
	buf_init(&b, line, sizeof line);
	buf_puts(&b, PROG);
	buf_puts(&b, ": ");
	buf_puts(&b, kind);
	buf_putesc(&b, msg, n);
	buf_endline(&b);
	die_writeline(b.p, b.len);
}

const char *
die_q(const char *s)
{
	static char mem[DIE_QN][DIE_QCUT * 4 + 8];
	static unsigned next;
	char cut[DIE_QCUT + 1], *m = mem[next++ % DIE_QN];
	size_t n = strlen(s);
	struct buf b;

	if (n > DIE_QCUT) {
		memcpy(cut, s, DIE_QCUT);
		cut[DIE_QCUT] = '\0';
		s = cut;
	}
	buf_init(&b, m, sizeof mem[0] - 1);
	buf_putv(&b, s);
	if (n > DIE_QCUT)
		buf_puts(&b, "...");
	m[b.len] = '\0';
	return m;
}

void
die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("fatal: ", 0, fmt, ap);
	va_end(ap);
	end(code);
}

void
die_sys(int code, const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	vline("fatal: ", err, fmt, ap);
	va_end(ap);
	end(code);
}

void
die_usage(const char *usage)
{
	char buf[LINEMAX];
	int r;

	r = snprintf(buf, sizeof buf, "%s: usage: %s\n", PROG, usage);
	if (r > 0)
		die_writeline(buf, (size_t)r < sizeof buf ? (size_t)r :
		    sizeof buf - 1);
	end(DIE_PERM);
}

void
die_opt(const char *usage, const char *optstring)
{
	char buf[LINEMAX];
	int r, c = optopt;

	if (c != ':' && c != '+' && c != 0 && strchr(optstring, c) != NULL)
		r = snprintf(buf, sizeof buf, "%s: usage: option -%c needs a "
		    "value: %s\n", PROG, c, usage);
	else if (c > 0x20 && c < 0x7f)
		r = snprintf(buf, sizeof buf, "%s: usage: unknown option -%c: "
		    "%s\n", PROG, c, usage);
	else
		r = snprintf(buf, sizeof buf, "%s: usage: %s\n", PROG, usage);
	if (r > 0)
		die_writeline(buf, (size_t)r < sizeof buf ? (size_t)r :
		    sizeof buf - 1);
	end(DIE_PERM);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("warning: ", 0, fmt, ap);
	va_end(ap);
}

void
warn_sys(const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	vline("warning: ", err, fmt, ap);
	va_end(ap);
	errno = err;
}

void
info(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 1)
		return;
	va_start(ap, fmt);
	vline("", 0, fmt, ap);
	va_end(ap);
}

void
debug(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 2)
		return;
	va_start(ap, fmt);
	vline("", 0, fmt, ap);
	va_end(ap);
}

int
die_execcode(int err)
{
	return err == ENOENT || err == ENOTDIR ? 127 : 126;
}
