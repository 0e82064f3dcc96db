/*
 * limtab: the state file of svc-limit.  Everything read from the file is
 * checked before use (magic, version, sizes, a checksum of the header),
 * so a foreign, truncated or scribbled file is made anew rather than
 * trusted; inside a valid file any bit pattern of an entry is harmless,
 * and a read that comes up short is an error, never a crash.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "limtab.h"

#define HDRSIZE sizeof(struct limtab_hdr)
#define ENTSIZE sizeof(struct limtab_ent)
#define SUMLEN 32	/* the header's fixed fields, up to the sum */

static uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

uint64_t
limtab_hash(const unsigned char key[16], uint64_t seed)
{
	uint64_t w0, w1;

	memcpy(&w0, key, 8);
	memcpy(&w1, key + 8, 8);
	return mix(mix(w0 ^ seed) ^ w1 ^ 0x9e3779b97f4a7c15ULL);
}

static uint64_t
checksum(const struct limtab_hdr *h)
{
	const unsigned char *p = (const void *)h;
	uint64_t s = 0xcbf29ce484222325ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < SUMLEN; i++)
		s = (s ^ p[i]) * 0x100000001b3ULL;
	return s;
}

size_t
limtab_size(unsigned long n)
{
	return HDRSIZE + 2 * (size_t)n * ENTSIZE;
}

static uint64_t
newseed(void)
{
	struct timespec ts;
	uint64_t s = 0;
	int fd;

	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) != -1) {
		if (read(fd, &s, sizeof s) != (ssize_t)sizeof s)
			s = 0;
		close(fd);
	}
	if (s == 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		s = mix((uint64_t)ts.tv_sec * 1000000007ULL ^
		    (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32));
	}
	return s;
}

/* all n bytes at off, or -1 (EIO when the file is shorter) */
static int
rw(int fd, void *p, size_t n, off_t off, int write)
{
	ssize_t r;

	do
		r = write ? pwrite(fd, p, n, off) : pread(fd, p, n, off);
	while (r == -1 && errno == EINTR);
	if (r == (ssize_t)n)
		return 0;
	if (r != -1)
		errno = EIO;
	return -1;
}

static const char *
invalid(const struct limtab_hdr *h, size_t size, unsigned long n)
{
	if (h->magic != LIMTAB_MAGIC)
		return "not a svc-limit state file";
	if (h->version != LIMTAB_VERSION)
		return "made by another version";
	if (h->sum != checksum(h))
		return "header checksum wrong";
	if (h->entsize != ENTSIZE || h->nent == 0 ||
	    h->nent > LIMTAB_MAXENT || h->size != limtab_size(h->nent))
		return "header sizes wrong";
	if (h->size != size)
		return "truncated or extended";
	if (h->nent != n)
		return "made for another -n";
	return NULL;
}

static int
make(struct limtab *t, int fd, unsigned long n)
{
	struct limtab_hdr *h = &t->hdr;
	size_t size = limtab_size(n);

	/* cutting to 0 first zeroes every entry, whatever was there */
	if (ftruncate(fd, 0) == -1 || ftruncate(fd, (off_t)size) == -1)
		return -1;
	memset(h, 0, sizeof *h);
	h->magic = LIMTAB_MAGIC;
	h->version = LIMTAB_VERSION;
	h->nent = (uint32_t)n;
	h->entsize = ENTSIZE;
	h->size = size;
	h->seed = newseed();
	h->sum = checksum(h);
	t->n = h->nent;
	t->slots = 2 * h->nent;
	return rw(fd, h, sizeof *h, 0, 1);
}

int
limtab_load(struct limtab *t, int fd, const struct stat *st,
    unsigned long n, const char **why)
{
	*why = NULL;
	t->fd = fd;
	if (n == 0 || n > LIMTAB_MAXENT) {
		errno = EINVAL;
		return -1;
	}
	if (st->st_size == 0)
		return make(t, fd, n) == -1 ? -1 : 1;
	if (st->st_size < (off_t)HDRSIZE) {
		*why = "shorter than its header";
		return make(t, fd, n) == -1 ? -1 : 1;
	}
	if (rw(fd, &t->hdr, sizeof t->hdr, 0, 0) == -1)
		return -1;
	if ((*why = invalid(&t->hdr, (size_t)st->st_size, n)) == NULL) {
		t->n = t->hdr.nent;
		t->slots = 2 * t->hdr.nent;
		return 0;
	}
	return make(t, fd, n) == -1 ? -1 : 1;
}

uint32_t
limtab_home(const struct limtab *t, const unsigned char key[16])
{
	return (uint32_t)(limtab_hash(key, t->hdr.seed) % t->slots);
}

/* how much an entry is worth keeping: 0 if nothing, else when last seen */
static uint64_t
worth(const struct limtab_ent *e, uint64_t now)
{
	if (e->tat <= now || e->seen > now)
		return 0;	/* a full bucket, or a time not of this clock */
	return e->seen + 1;
}

struct limtab_ent *
limtab_find(struct limtab *t, const unsigned char key[16], uint64_t now)
{
	struct limtab_ent *e, *take = NULL, *stale = NULL;
	uint64_t w, least = 0;
	uint32_t i, n, first;

	/* the window, in one read or two when it wraps past the end */
	t->took = 0;
	n = t->slots < LIMTAB_WINDOW ? t->slots : LIMTAB_WINDOW;
	t->home = limtab_home(t, key);
	first = t->slots - t->home < n ? t->slots - t->home : n;
	if (rw(t->fd, t->win, first * ENTSIZE,
	    (off_t)(HDRSIZE + (size_t)t->home * ENTSIZE), 0) == -1 ||
	    (first < n && rw(t->fd, t->win + first, (n - first) * ENTSIZE,
	    (off_t)HDRSIZE, 0) == -1))
		return NULL;
	for (i = 0; i < n; i++) {
		e = &t->win[i];
		if (e->tat != 0 && memcmp(e->key, key, 16) == 0) {
			e->seen = now;
			return e;
		}
		w = worth(e, now);
		if (w == 0 && take == NULL)
			take = e;	/* the first free slot */
		if (stale == NULL || w < least) {
			stale = e;
			least = w;
		}
	}
	if (take == NULL) {
		/* capacity: every slot of the window holds a live source */
		if (t->failclosed) {
			errno = ENOSPC;
			return NULL;
		}
		take = stale;
		t->took = 1;
	}
	memcpy(take->key, key, 16);
	take->tat = 0;
	take->seen = now;
	return take;
}

int
limtab_store(struct limtab *t, const struct limtab_ent *e)
{
	uint32_t at = (t->home + (uint32_t)(e - t->win)) % t->slots;

	return rw(t->fd, (void *)e, ENTSIZE,
	    (off_t)(HDRSIZE + (size_t)at * ENTSIZE), 1);
}

int
limtab_store_tat(struct limtab *t)
{
	return rw(t->fd, &t->hdr.tat, sizeof t->hdr.tat,
	    (off_t)offsetof(struct limtab_hdr, tat), 1);
}

int
limtab_note_full(struct limtab *t, uint64_t now, uint64_t *count)
{
	struct limtab_hdr *h = &t->hdr;
	uint64_t both[2];
	int due;

	h->full++;	/* the header is as read under the caller's lock */
	due = h->warned == 0 || h->warned > now ||
	    now - h->warned >= LIMTAB_WARN_NS;
	if (due) {
		*count = h->full;
		h->full = 0;
		h->warned = now;
	}
	both[0] = h->full;
	both[1] = h->warned;	/* the two fields are next to each other */
	if (rw(t->fd, both, sizeof both,
	    (off_t)offsetof(struct limtab_hdr, full), 1) == -1)
		return -1;
	return due;
}

uint64_t
limtab_take(uint64_t tat, uint64_t now, uint64_t interval, uint64_t tau)
{
	if (tat < now || tat - now > tau + interval)
		tat = now;
	if (tat - now > tau)
		return 0;
	return tat + interval;
}
