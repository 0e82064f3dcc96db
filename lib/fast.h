#ifndef FAST_H
#define FAST_H

#include <sys/types.h>

#include "spawn.h"

/*
 * fast: the chain's fast path.  When the program a listener runs is one
 * of the suite's own links (link.h), installed in the listener's own
 * directory, the child runs that link's logic in-process, then the next
 * link's while the program next in the chain is one of ours too (found
 * by the same PATH search execvp does, and the same file), and execs
 * only the first program that is not.  svc-log's default mode costs no
 * process: the listener logs its end line at the reap, with the byte
 * counts taken through a copy of the socket it keeps until then, or,
 * when it stops first and will reap no more, a line that says so.
 */

/*
 * Look at the chain sp once, at start: links installed in dir, up to max
 * connections at once.  Returns 1 when its first program is one of ours
 * (fast_start is then to be used), 0 when not, -1 with errno when memory
 * for the end lines could not be had.  names gets the links of the chain
 * that run in-process, for a start-up line ("svc-limit,svc-log"): those
 * before the first program not ours, less any that runs as a process of
 * its own (svc-log -x, a second svc-log).
 */
int fast_init(const char *dir, const struct spawn *sp, size_t max,
    char *names, size_t cap);
/*
 * 1 when the listener keeps a copy of each connection's socket until
 * its reap (svc-log's end lines): a descriptor more per connection
 */
int fast_keepsfds(void);
/* fork a child that runs the chain on socket fd; its pid, or -1 */
pid_t fast_start(const struct spawn *sp, int fd);
/* the child pid ended with status: svc-log's end line, if it is owed */
void fast_end(pid_t pid, int status);
/*
 * The listener stops with children running and will not reap them:
 * svc-log's end line, with status=detached, for each that is owed one
 */
void fast_detach(void);

#endif
