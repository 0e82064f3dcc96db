#ifndef LIMTAB_H
#define LIMTAB_H

#include <sys/types.h>
#include <sys/stat.h>
#include <stdint.h>

/*
 * limtab: svc-limit's state file, shared by every process of a service.
 * A 64-byte header, then the slots, each a source and its token bucket,
 * in an open-addressing hash table.  A file for n entries has 2n slots,
 * and a source lives in one of the LIMTAB_WINDOW slots after its hash,
 * so a lookup reads one window (4 kB) however full the table is.  A new
 * source takes the first slot of its window that is free: never used,
 * or holding a source whose bucket has refilled (forgetting it changes
 * nothing).  With at most n sources live, a window full of live ones is
 * vanishingly rare (half the slots free, runs of 128 do not happen), so
 * below n the counts are exact.  Only when a window is full of live
 * sources is the table at capacity: the least recently seen of them is
 * taken over (fail open), or, with failclosed, the new source is
 * refused; either way the header counts it, for a rate-limited warning.
 * The file is read and written with pread and pwrite of just those bytes
 * (the header, one window): a page fault on a mapped file costs more than
 * all of them.  The caller holds a lock (lock_wait on byte LIMTAB_MUTEX)
 * from load to the last store.
 *
 * Buckets are in GCRA form: one time per bucket, "tat", the moment the
 * bucket will be full again, in nanoseconds of the caller's clock; 0 when
 * it is full.  A bucket of burst B refilling one token per interval holds
 * B - (tat - now) / interval tokens.
 */
#define LIMTAB_MAGIC 0x4d494c53u	/* "SLIM" read little-endian */
#define LIMTAB_VERSION 2u		/* 2: 2n slots, windows of 128 */
#define LIMTAB_WINDOW 128		/* slots a lookup may read */
#define LIMTAB_MUTEX 0			/* the byte locked around updates */
#define LIMTAB_MAXENT 1048576ul
#define LIMTAB_WARN_NS 10000000000ULL	/* at most a warning in 10 s */

struct limtab_hdr {
	uint32_t magic, version;
	uint32_t nent, entsize;		/* entries (-n) and a slot's size */
	uint64_t size;			/* of the whole file */
	uint64_t seed;			/* of the hash, random per file */
	uint64_t sum;			/* of the 32 bytes above */
	uint64_t tat;			/* the bucket of all sources together */
	uint64_t full;			/* times at capacity since warned */
	uint64_t warned;		/* when the last warning was due */
};

struct limtab_ent {
	unsigned char key[16];		/* the source, see cidr.h */
	uint64_t tat;			/* its bucket; 0: the entry is free */
	uint64_t seen;			/* when it last asked */
};

/* a loaded table: its header, and the window of the last find */
struct limtab {
	int fd;
	int failclosed;		/* set by the caller: see limtab_find */
	int took;		/* limtab_find took over a live source */
	struct limtab_hdr hdr;
	uint32_t n;		/* entries (-n) */
	uint32_t slots;		/* 2n */
	uint32_t home;		/* where the window starts */
	struct limtab_ent win[LIMTAB_WINDOW];
};

/* the size of a file of n entries (2n slots) */
size_t limtab_size(unsigned long n);
/*
 * Read the header of the table in fd (whose fstat is st) for n entries.
 * Returns 0 when it was valid; 1 when the file was made anew (empty,
 * truncated, foreign, made for another n), with *why saying what was
 * wrong, or NULL for an empty file; -1 with errno when it can be neither
 * read nor made.
 */
int limtab_load(struct limtab *t, int fd, const struct stat *st,
    unsigned long n, const char **why);
/*
 * The entry of key at now, read into t->win (tat 0 if new) and marked
 * seen: a match in key's window, else its first free slot, taken for
 * key.  With none free (capacity), the least recently seen is taken
 * over and t->took set; or, with t->failclosed, NULL with ENOSPC.  NULL
 * with errno if the window cannot be read (EIO: the file was cut under
 * the lock).
 */
struct limtab_ent *limtab_find(struct limtab *t, const unsigned char key[16],
    uint64_t now);
/*
 * Count one more time at capacity; 1 when a warning is due (the first,
 * then at most one in LIMTAB_WARN_NS), with *count the times since the
 * last one, which starts a new count.  -1 with errno if the header cannot
 * be written.
 */
int limtab_note_full(struct limtab *t, uint64_t now, uint64_t *count);
/* write back an entry that limtab_find returned */
int limtab_store(struct limtab *t, const struct limtab_ent *e);
/* write back the header's bucket, t->hdr.tat */
int limtab_store_tat(struct limtab *t);
/* where key's window starts, for tests */
uint32_t limtab_home(const struct limtab *t, const unsigned char key[16]);
/*
 * Take a token from the bucket tat at now (interval ns a token, burst - 1
 * intervals of slack in tau): the new tat, or 0 when the bucket is empty.
 * A tat beyond now + tau + interval cannot come from this clock (a
 * reboot, a file from elsewhere) and counts as a full bucket.
 */
uint64_t limtab_take(uint64_t tat, uint64_t now, uint64_t interval,
    uint64_t tau);
/* a 64-bit hash of a 16-byte key under seed */
uint64_t limtab_hash(const unsigned char key[16], uint64_t seed);

#endif
