#ifndef LINK_H
#define LINK_H

#include <sys/types.h>

#include "buf.h"
#include "prog.h"

/*
 * link: the suite's links (svc-limit, svc-log, ...) as functions, so
 * that one implementation serves both the program, whose main is
 * link_main, and svc-listend's child, which runs the links of a chain
 * in-process and execs only the first program that is not one of ours.
 *
 * A link's run takes its argv (argv[0] its name, then its options and
 * the rest of the chain) with fds 0 and 1 the connection and the
 * environment the connection's.  It returns the argv to run next, or
 * NULL with *code the status to exit with (a refusal); LINK_EXEC in
 * *code asks for the link itself to be exec'd (a mode that needs a
 * process of its own).  Bad usage and failures end the process through
 * die(), with PROG the link's name, exactly as the program would.  A
 * link may leave a descriptor open (without close-on-exec) for the
 * program: svc-limit's slot locks.
 */
struct link {
	const struct prog_info *info;	/* name, usage and help */
	char **(*run)(int argc, char *argv[], int *code);
	/*
	 * The options alone: the argv to run next when the link can run
	 * inside the listener itself with these options (it never blocks
	 * there, never needs a process of its own), else NULL.  NULL: never.
	 */
	char **(*parse)(int argc, char *argv[]);
	/*
	 * getopt's option string (OPTS_FIRST first): where a link without
	 * parse ends its options, for the fast path to name the links of a
	 * chain that run in-process
	 */
	const char *optstr;
};

#define LINK_EXEC (-1)
#define LINK_CHILD (-2)	/* inside the listener, it would block: fork */

/*
 * Set while a link runs inside the listener: it writes to its client
 * through link_out (else fd 1), leaves the listener's signals alone,
 * never waits (LINK_CHILD instead), and opens its descriptors
 * close-on-exec, each told to link_opened; the listener closes them once
 * the program has the ones it keeps.
 */
extern int link_inlistener;
extern int link_out;
/* inside the listener: linger on the socket before the exit (a message) */
extern int link_linger;
/*
 * A refusal's message (len bytes, 0: none) to the client, then the
 * linger (link_drain; inside the listener, link_linger for the child
 * that exits with the link's status)
 */
void link_refuse(const char *msg, size_t len);
/* the linger after a refusal's message: end out, drain in a while */
void link_drain(int in, int out);
#define LINK_MAXFD 4
extern int link_fd[LINK_MAXFD], link_keep[LINK_MAXFD], link_nfd;
/* a link opened fd; keep: the program gets it (as the exec'd link's) */
void link_opened(int fd, int keep);
#define LINK_LINEMAX 512	/* a log line, newline included: atomic */

/*
 * svc-log's end line in the fast path, in memory the listener shares
 * with the child: the child fills line with "svc-log: end remote=..."
 * and sets armed once svc-log's default mode ran in-process; the
 * listener adds pid, status, duration and byte counts at the reap.  A failed
 * exec of the program disarms it, as svc-log logs no end line then.
 */
struct link_end {
	volatile int armed;
	unsigned long long start_ms;
	size_t len;
	char line[LINK_LINEMAX];
};

/* the fast path's slot for this connection, or NULL (svc-log exec'd) */
extern struct link_end *link_endslot;

extern const struct link link_limit, link_log, link_access,
    link_proxy;

/* the links, NULL-terminated, for the fast path to look names up in */
extern const struct link *const link_all[];

/* a program's main: prog_start, run, then exec what it returned */
int link_main(const struct link *l, int argc, char *argv[]);
/*
 * " remote=IP:PORT" for a log line: the client's address a, as parsed
 * from TCPREMOTEIP, and TCPREMOTEPORT when that is a port
 */
void link_remote(struct buf *b, const unsigned char a[16]);
/* -a's CIDR s into tab[*n] (max entries), or one line and exit 100 */
struct cidr;
void link_cidr_opt(const char *s, struct cidr *tab, size_t *n, size_t max);

/* svc-log's command line */
struct logcfg {
	int verbose;			/* -v: a start line too */
	int trace;			/* -x: relay and log every byte */
	int hex;			/* -X: and a hex dump */
	const char *dir;		/* -o: a file per connection here */
	unsigned long idle_ms;		/* -i, 0: none */
	unsigned long life_ms;		/* -t, 0: none */
	unsigned long kill_ms;		/* -k: TERM to KILL */
};

/* svc-log's prog_start information */
extern const struct prog_info lnklog_info;
/* parse svc-log's options into c; returns the program's argv */
char **lnklog_parse(int argc, char *argv[], struct logcfg *c);
/*
 * "svc-log: EVENT remote=IP:PORT", the client from the environment
 * (remote=uid:U,gid:G,pid:P behind a UNIX-domain listener)
 */
void lnklog_remote(struct buf *b, char *mem, size_t cap, const char *event);
/* start svc-log's EVENT line: "svc-log: EVENT remote=IP:PORT pid=N" */
void lnklog_begin(struct buf *b, char *mem, size_t cap, const char *event,
    pid_t self);
/* " status=N" or " signal=NAME", then " duration=S" */
void lnklog_status(struct buf *b, int status, unsigned long long ms);
/*
 * " status=detached duration=S": the listener that owed the end line
 * stopped while prog ran on (the fast path's stop without a drain)
 */
void lnklog_detached(struct buf *b, unsigned long long ms);
/*
 * The start of an end line a child left in shared memory (len bytes,
 * at most LINK_LINEMAX taken): "svc-log: end " whatever it holds, then
 * the rest with every byte outside 0x20-0x7e escaped, so that memory a
 * bug in the child overwrote cannot forge a line or a field's start
 */
void lnklog_shared(struct buf *b, const char *line, size_t len);

#endif
