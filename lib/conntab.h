#ifndef CONNTAB_H
#define CONNTAB_H

#include <stddef.h>
#include <sys/types.h>

#define CONNTAB_MAX 16384	/* hard cap on concurrent children */
#define CONNTAB_MAXTEXT "16384"	/* the same, for messages */

/* one running child: its pid, its client and when it started */
struct conn {
	pid_t pid;
	int pidfd;			/* -1 or the child's, see os_pidfd */
	unsigned char key[16];		/* client address, see sock_key */
	unsigned long long start_ms;
	unsigned short port;		/* the client's: with key, its address */
};

/*
 * A fixed table of running children, sized once: lookups by pid and
 * counts by client address are hash probes, so nothing allocates or
 * scans the whole table on the per-connection path.
 */
struct conntab {
	struct conn *conns;
	int *freelist;			/* unused slot indices */
	size_t max, n;
	int *bypid;			/* pid hash: slot index or -1 */
	struct addrcount {
		unsigned char key[16];
		unsigned count;		/* 0: empty bucket */
	} *byaddr;
	size_t mask;			/* both hashes have mask + 1 buckets */
};

/* allocate a table for max children; -1 on ENOMEM or max out of range */
int conntab_init(struct conntab *t, size_t max);
/* release what conntab_init allocated */
void conntab_free(struct conntab *t);
/* how many running children serve this client address */
unsigned conntab_count(const struct conntab *t, const unsigned char key[16]);
/* record a child; returns its entry, or NULL when the table is full */
struct conn *conntab_add(struct conntab *t, pid_t pid,
    const unsigned char key[16]);
/* the entry of pid, or NULL */
struct conn *conntab_find(const struct conntab *t, pid_t pid);
/* forget an entry that conntab_add or conntab_find returned */
void conntab_del(struct conntab *t, struct conn *c);

#endif
