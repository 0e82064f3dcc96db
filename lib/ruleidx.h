#ifndef RULEIDX_H
#define RULEIDX_H

#include "cdb.h"
#include "rules.h"

/*
 * A compiled rules file of ours: a cdb with one record per rule, keyed
 * by prefix length and masked address (behind 4 bytes of their hash),
 * looked up once per prefix length in use, longest first, so that a
 * lookup costs the same for ten rules as for a million.  One more
 * record, under a key no rule can have, marks the file as an index and
 * lists the lengths in use.
 */
#define RULEIDX_SRCMAX 1024	/* bytes of the source file's name kept */

struct ruleidx {
	struct cdb db;
	unsigned char used[17];	/* bit n: a rule of length n; 129: "*" */
	char src[RULEIDX_SRCMAX + 1];	/* the rules file it came from */
};

/* check the index open on fd; -1 with errno (EBADMSG damaged, EPROTO
   not an index of ours) */
int ruleidx_open(struct ruleidx *x, int fd);
/* the rule for addr: 1 (in *r), 0 none, -1 with errno (EBADMSG) */
int ruleidx_find(struct ruleidx *x, const unsigned char addr[16],
    struct rule *r);
/*
 * compile the rules read from infd (named src in the index) into an
 * index written to outfd: the number of rules, -1 with errno, or -2 for
 * a malformed line (its number in *line, why in *err)
 */
long ruleidx_compile(int infd, const char *src, int outfd,
    unsigned long *line, const char **err);
/*
 * compile the file src into dst, replacing dst atomically (a temporary
 * file beside it, written, synced, renamed): as ruleidx_compile
 */
long ruleidx_write(const char *src, const char *dst, unsigned long *line,
    const char **err);

#endif
