/*
 * unit test of lib/limtab: token bucket arithmetic, the state file's
 * checks (fresh, garbage, truncated, resized, scribbled entries), a
 * table of 64 entries fed 10,000 sources: its size never changes, a
 * lookup stays in its window, a steady client is always admitted and a
 * hot one is still held to its rate; and counts that stay exact up to
 * -n sources (4,096 entries with up to 4,096 sources, 65,536 with
 * 65,000, 262,144 with 260,000), with capacity open or closed.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limtab.h"
#include "unit.h"


#define SEC 1000000000ULL
#define MS 1000000ULL

static char path[4096];

static int
load(struct limtab *t, int fd, unsigned long n, const char **why)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return -2;
	return limtab_load(t, fd, &st, n, why);
}

static off_t
fsize(int fd)
{
	struct stat st;

	return fstat(fd, &st) == -1 ? -1 : st.st_size;
}

static void
key4(unsigned char k[16], uint32_t a)
{
	memset(k, 0, 16);
	k[10] = k[11] = 0xff;
	k[12] = (unsigned char)(a >> 24);
	k[13] = (unsigned char)(a >> 16);
	k[14] = (unsigned char)(a >> 8);
	k[15] = (unsigned char)a;
}

static void
scribble(int fd, off_t off, const void *p, size_t n)
{
	if (pwrite(fd, p, n, off) != (ssize_t)n)
		exit(111);
}

static void
buckets(void)
{
	uint64_t iv = 60 * SEC / 5, tau = iv * 4;	/* -R 5/m, burst 5 */
	uint64_t now = 1000 * SEC, tat = 0, n;
	int i, got = 0;

	for (i = 0; i < 20; i++)
		if ((n = limtab_take(tat, now, iv, tau)) != 0) {
			tat = n;
			got++;
		}
	CHECK(got == 5);
	CHECK(limtab_take(tat, now + iv - 1, iv, tau) == 0);
	CHECK(limtab_take(tat, now + iv, iv, tau) != 0);	/* refilled */
	/* a long pause refills the whole burst, not more */
	now += 3600 * SEC;
	for (got = 0, i = 0; i < 20; i++)
		if ((n = limtab_take(tat, now, iv, tau)) != 0) {
			tat = n;
			got++;
		}
	CHECK(got == 5);
	/* a time from another boot, far ahead, counts as a full bucket */
	CHECK(limtab_take(now + 100 * 3600 * SEC, now, iv, tau) == now + iv);
	/* -R 1000000/s: a token per microsecond */
	CHECK(limtab_take(0, 5, 1000, 0) == 1005);
	CHECK(limtab_take(1005, 6, 1000, 0) == 0);
	CHECK(limtab_take(1005, 1005, 1000, 0) == 2005);
}

static void
file_checks(void)
{
	struct limtab t;
	struct limtab_ent *e;
	unsigned char k[16], junk[4096];
	const char *why;
	uint64_t seed;
	uint32_t v;
	int fd;

	memset(&t, 0, sizeof t);
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) == -1)
		exit(111);
	/* an empty file is made quietly */
	CHECK(load(&t, fd, 100, &why) == 1 && why == NULL);
	CHECK(fsize(fd) == (off_t)limtab_size(100));
	CHECK(t.n == 100);
	key4(k, 0x7f000002);
	CHECK((e = limtab_find(&t, k, 1)) != NULL && e->tat == 0);
	e->tat = 77;
	CHECK(limtab_store(&t, e) == 0);
	t.hdr.tat = 88;
	CHECK(limtab_store_tat(&t) == 0);
	/* what one process wrote, the next one reads */
	memset(&t, 0, sizeof t);
	CHECK(load(&t, fd, 100, &why) == 0);
	CHECK(limtab_find(&t, k, 1)->tat == 77 && t.hdr.tat == 88);

	/* garbage of the right size */
	memset(junk, 0xa5, sizeof junk);
	scribble(fd, 0, junk, sizeof junk);
	CHECK(load(&t, fd, 100, &why) == 1 && why != NULL &&
	    strcmp(why, "not a svc-limit state file") == 0);
	CHECK(limtab_find(&t, k, 1)->tat == 0);	/* forgotten, not trusted */

	/* one bit of the header's seed flipped */
	CHECK(load(&t, fd, 100, &why) == 0);
	seed = t.hdr.seed ^ 4;
	scribble(fd, offsetof(struct limtab_hdr, seed), &seed, sizeof seed);
	CHECK(load(&t, fd, 100, &why) == 1 &&
	    strcmp(why, "header checksum wrong") == 0);

	/* truncated: inside the header, and inside the entries */
	CHECK(ftruncate(fd, 10) == 0);
	CHECK(load(&t, fd, 100, &why) == 1 &&
	    strcmp(why, "shorter than its header") == 0);
	CHECK(ftruncate(fd, (off_t)limtab_size(100) - 7) == 0);
	CHECK(load(&t, fd, 100, &why) == 1 &&
	    strcmp(why, "truncated or extended") == 0);
	CHECK(fsize(fd) == (off_t)limtab_size(100));
	/* cut under the lock, after the header was read: an error */
	CHECK(load(&t, fd, 100, &why) == 0);
	CHECK(ftruncate(fd, 100) == 0);
	CHECK(limtab_find(&t, k, 1) == NULL && errno == EIO);

	/* another version, another -n, far too large */
	CHECK(load(&t, fd, 100, &why) == 1);
	v = LIMTAB_VERSION + 1;
	scribble(fd, 4, &v, sizeof v);
	CHECK(load(&t, fd, 100, &why) == 1 &&
	    strcmp(why, "made by another version") == 0);
	CHECK(load(&t, fd, 64, &why) == 1 &&
	    strcmp(why, "made for another -n") == 0);
	CHECK(fsize(fd) == (off_t)limtab_size(64));
	CHECK(ftruncate(fd, (off_t)limtab_size(LIMTAB_MAXENT) + 1) == 0);
	CHECK(load(&t, fd, 64, &why) == 1 &&
	    strcmp(why, "truncated or extended") == 0);
	CHECK(fsize(fd) == (off_t)limtab_size(64));

	/* a valid header over scribbled entries: used, nothing trusted */
	memset(junk, 0xff, sizeof junk);
	scribble(fd, sizeof(struct limtab_hdr), junk,
	    limtab_size(64) - sizeof(struct limtab_hdr));
	CHECK(load(&t, fd, 64, &why) == 0);
	CHECK(limtab_take(limtab_find(&t, k, 5 * SEC)->tat, 5 * SEC, SEC, 0) ==
	    6 * SEC);

	/* a window that wraps past the end reads and writes both parts */
	CHECK(load(&t, fd, 3, &why) == 1);
	CHECK((e = limtab_find(&t, k, 1)) != NULL);
	e->tat = 99;
	CHECK(limtab_store(&t, e) == 0);
	CHECK(limtab_find(&t, k, 1)->tat == 99);
	CHECK(load(&t, fd, 0, &why) == -1 && errno == EINVAL);
	close(fd);
}

/* 10,000 sources through 64 entries */
static void
flood(void)
{
	struct limtab t;
	struct limtab_ent *e;
	unsigned char k[16], steady[16], hot[16];
	const char *why;
	uint64_t now = 5000 * SEC, iv = 100 * MS, tat;	/* -R 10/s -B 1 */
	uint32_t i;
	off_t size;
	int fd, bad = 0, hotgot = 0, steadygot = 0, steadytries = 0;

	memset(&t, 0, sizeof t);
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) == -1)
		exit(111);
	CHECK(load(&t, fd, 64, &why) == 1);
	size = fsize(fd);
	key4(steady, 0x7f000002);
	key4(hot, 0x7f000003);
	for (i = 0; i < 10000; i++) {
		now += MS;
		key4(k, 0x0a000000 + i);
		e = limtab_find(&t, k, now);
		/* every lookup reads the window after the key's home */
		if (e == NULL || t.home != limtab_home(&t, k) ||
		    e < t.win || e >= t.win + LIMTAB_WINDOW)
			exit(111);
		if (e->tat != 0 || memcmp(e->key, k, 16) != 0)
			bad++;	/* a new source starts with a full bucket */
		if ((tat = limtab_take(e->tat, now, iv, 0)) != 0)
			e->tat = tat;
		else
			bad++;
		if (limtab_store(&t, e) == -1)
			bad++;
		/* the hot client tries every millisecond */
		e = limtab_find(&t, hot, now);
		if ((tat = limtab_take(e->tat, now, iv, 0)) != 0) {
			e->tat = tat;
			hotgot++;
		}
		if (limtab_store(&t, e) == -1)
			bad++;
		/* the steady one every 250 ms, under its 10/s */
		if (i % 250 == 0) {
			steadytries++;
			e = limtab_find(&t, steady, now);
			if ((tat = limtab_take(e->tat, now, iv, 0)) != 0) {
				e->tat = tat;
				steadygot++;
			}
			if (limtab_store(&t, e) == -1)
				bad++;
		}
	}
	CHECK(bad == 0);
	CHECK(fsize(fd) == size && size == (off_t)limtab_size(64));
	CHECK(steadygot == steadytries);
	/* 10 s at 10/s: the flood never made it forget the hot client */
	printf("hot client: %d admitted in 10 s at 10/s\n", hotgot);
	CHECK(hotgot == 100 || hotgot == 101);
	close(fd);
}

/*
 * N sources, each asking twice at -R 1/h: the first admitted, the second
 * refused, for every one of them while N is at most the table's -n.
 * Returns how many were admitted twice.
 */
static unsigned long
twice(unsigned long n, unsigned long sources, int failclosed)
{
	struct limtab t;
	struct limtab_ent *e;
	unsigned char k[16];
	const char *why;
	uint64_t now = 7000 * SEC, iv = 3600 * SEC, tat;
	unsigned long i, again = 0, first = 0;
	int fd, pass;

	memset(&t, 0, sizeof t);
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) == -1)
		exit(111);
	CHECK(load(&t, fd, n, &why) == 1);
	t.failclosed = failclosed;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < sources; i++) {
			now += 1000;
			/* 127.0.0.0/8 and on, as the end-to-end test */
			key4(k, 0x7f000001 + (uint32_t)i);
			if ((e = limtab_find(&t, k, now)) == NULL) {
				CHECK(errno == ENOSPC && failclosed);
				continue;
			}
			if ((tat = limtab_take(e->tat, now, iv, 0)) == 0)
				continue;
			e->tat = tat;
			if (limtab_store(&t, e) == -1)
				exit(111);
			if (pass == 0)
				first++;
			else
				again++;
		}
	close(fd);
	if (sources <= n)
		CHECK(first == sources);
	return again;
}

/* below capacity exact, at capacity open or closed, and counted */
static void
capacity(void)
{
	struct limtab t;
	struct limtab_ent *e;
	unsigned char k[16], old[16];
	const char *why;
	uint64_t now = 9000 * SEC, iv = 3600 * SEC, count = 0;
	uint32_t i;
	int fd;

	CHECK(twice(4096, 1000, 0) == 0);
	CHECK(twice(4096, 2000, 0) == 0);
	CHECK(twice(4096, 3000, 0) == 0);
	CHECK(twice(4096, 4000, 0) == 0);
	CHECK(twice(4096, 4096, 0) == 0);
	CHECK(twice(65536, 65000, 0) == 0);
	CHECK(twice(262144, 260000, 0) == 0);
	/* far over: fail open forgets (and so admits again), closed never */
	CHECK(twice(4096, 65000, 0) > 0);
	CHECK(twice(4096, 65000, 1) == 0);

	/* 64 entries, 128 slots, one window: full after 128 live sources */
	memset(&t, 0, sizeof t);
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) == -1)
		exit(111);
	CHECK(load(&t, fd, 64, &why) == 1);
	for (i = 0; i < 128; i++) {
		key4(k, 0x0a000000 + i);
		CHECK((e = limtab_find(&t, k, now + i)) != NULL && !t.took);
		e->tat = limtab_take(e->tat, now + i, iv, 0);
		CHECK(limtab_store(&t, e) == 0);
	}
	key4(old, 0x0a000000);		/* seen least recently */
	key4(k, 0x0b000000);
	t.failclosed = 1;
	CHECK(limtab_find(&t, k, now + 200) == NULL && errno == ENOSPC);
	CHECK(limtab_note_full(&t, now + 200, &count) == 1 && count == 1);
	CHECK(limtab_note_full(&t, now + 300, &count) == 0);
	t.failclosed = 0;
	CHECK((e = limtab_find(&t, k, now + 400)) != NULL && t.took);
	e->tat = limtab_take(e->tat, now + 400, iv, 0);
	CHECK(limtab_store(&t, e) == 0);
	CHECK(limtab_note_full(&t, now + 400, &count) == 0);
	/* the oldest was taken over: it starts again with a full bucket */
	t.failclosed = 1;
	CHECK(limtab_find(&t, old, now + 500) == NULL);
	CHECK(limtab_note_full(&t, now + LIMTAB_WARN_NS + 200, &count) == 1 &&
	    count == 3);
	/* once a bucket refills, its slot is free again */
	CHECK((e = limtab_find(&t, old, now + iv + 200)) != NULL && !t.took);
	close(fd);
}

int
main(void)
{
	const char *tmp = getenv("T");

	snprintf(path, sizeof path, "%s/limtab", tmp ? tmp : "/tmp");
	buckets();
	file_checks();
	flood();
	capacity();
	unlink(path);
	return UNIT_END();
}
