#ifndef DIE_H
#define DIE_H

#include <stdarg.h>
#include <unistd.h>

/* glibc permutes argv unless told to stop at the first operand */
#ifdef __GLIBC__
#define OPTS_FIRST "+"
#else
#define OPTS_FIRST ""
#endif

#define SVC_VERSION "0.1.0"

#define DIE_PERM 100	/* bad usage, bad option value, bad config */
#define DIE_TEMP 111	/* a system call failed; retrying may work */

extern const char *PROG;	/* program name, first word of every line */
extern int log_level;		/* 0 -q, 1 default, 2 -v */

/*
 * Set, it is called instead of exit by die, die_sys, die_usage and
 * die_opt, once the line is written (it must not return): a link run
 * inside a listener ends there, not the listener.
 */
extern void (*die_hook)(int code);

/* print "PROG: fatal: MSG" and exit with code */
void die(int code, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));
/* the same, with ": strerror(errno)" appended */
void die_sys(int code, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));
/* print "PROG: usage: USAGE" and exit 100 */
void die_usage(const char *usage) __attribute__((noreturn));
/*
 * After getopt returned '?' (with opterr = 0): one line naming the unknown
 * option or the missing value, then the usage; exit 100
 */
void die_opt(const char *usage, const char *optstring)
    __attribute__((noreturn));
/* print "PROG: warning: MSG" */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* the same, with ": strerror(errno)" appended */
void warn_sys(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* print "PROG: MSG" when log_level >= 1 */
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* print "PROG: MSG" when log_level >= 2 */
void debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* write one whole line (adds nothing) to fd 2 with one write(2) */
void die_writeline(const char *line, unsigned long len);
/*
 * s as a logfmt value (bare when a plain token, else quoted and escaped
 * by buf_putv), cut after DIE_QCUT bytes with "..." after it; for every
 * untrusted value (option values, operands, file and program names) in a
 * die/warn/info line.  Points into one of DIE_QN static buffers, reused
 * in turn: at most DIE_QN values per line.
 */
#define DIE_QN 4
#define DIE_QCUT 120
const char *die_q(const char *s);
/* exit status for a failed exec: 127 when not found, else 126 */
int die_execcode(int err);

#endif
