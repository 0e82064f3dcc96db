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

#include "die.h"

#define LINEMAX 1024

const char *PROG = "svc";
int log_level = 1;

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

static void
vline(const char *kind, int err, const char *fmt, va_list ap)
{
	char buf[LINEMAX];
	size_t n, max = sizeof buf - 1;	/* room for the newline */
	int r;

	r = snprintf(buf, max, "%s: %s", PROG, kind);
	n = r < 0 ? 0 : (size_t)r >= max ? max - 1 : (size_t)r;
	r = vsnprintf(buf + n, max - n, fmt, ap);
	n += r < 0 ? 0 : (size_t)r >= max - n ? max - n - 1 : (size_t)r;
	if (err) {
		r = snprintf(buf + n, max - n, ": %s", strerror(err));
		n += r < 0 ? 0 : (size_t)r >= max - n ? max - n - 1 : (size_t)r;
	}
	buf[n++] = '\n';
	die_writeline(buf, n);
}

void
die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("fatal: ", 0, fmt, ap);
	va_end(ap);
	exit(code);
}

void
die_sys(int code, const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	vline("fatal: ", err, fmt, ap);
	va_end(ap);
	exit(code);
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
	exit(DIE_PERM);
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
	exit(DIE_PERM);
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
