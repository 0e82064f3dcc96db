#ifndef SVCLOG_H
#define SVCLOG_H

#include <sys/types.h>

#include "link.h"

#define LOG_LINEMAX LINK_LINEMAX	/* a trace line: atomic */

/* one connection being served */
struct run {
	const struct logcfg *cfg;
	pid_t self, child;
	int status, reaped;		/* the child's wait status, once reaped */
	const char *reason;		/* why we ended it: "idle", "lifetime" */
	unsigned long long start_ms;
	unsigned long long in, out;	/* bytes from and to the client */
	int counted;			/* in and out are known */
	int logfd;			/* -o file, or -1 */
	unsigned long long logoff;	/* bytes of whole lines in it */
	char pfx[32];			/* "svc-log: PID " for trace lines */
	size_t pfxlen;
};

/* write n bytes of whole lines to fd 2 and the -o file */
void log_out(struct run *r, const char *p, size_t n);
/* reap the child if it has ended; 1 once reaped */
int child_reap(struct run *r, int hang);

/*
 * Relay between the client (fds 0, 1) and the child (sockets c0 for its
 * input, c1 for its output) when r->cfg->trace, logging every chunk;
 * enforce -i and -t either way.  Returns when the child has ended and
 * its output is through (or, after a timeout, when it has ended).
 */
void relay(struct run *r, int c0, int c1);

#endif
