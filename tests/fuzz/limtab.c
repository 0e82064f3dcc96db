/*
 * Fuzz svc-limit's state file: limtab_load on arbitrary bytes in a real
 * file, then lookups and stores in whatever it accepted, fail-open or
 * fail-closed (a flag in the first byte), counting capacity as
 * svc-limit does.  A foreign,
 * truncated or scribbled file is made anew or used as it is, never a
 * crash, never a read or write outside the table.  The harness can fix
 * the header's checksum itself (a flag in the first byte) so that the
 * fuzzer reaches the code behind it rather than stopping at the sum.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limtab.h"

#define MUST(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

static int fd = -1;

/* the header's FNV-1a sum over its first 32 bytes, as the file has it */
static uint64_t
fnv(const unsigned char *p)
{
	uint64_t s = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < 32; i++)
		s = (s ^ p[i]) * 0x100000001b3ULL;
	return s;
}

static int
tmpfile_fd(void)
{
	char path[] = "/tmp/svc-fuzz-limtab.XXXXXX";
	int f;

	if ((f = mkstemp(path)) != -1)
		unlink(path);
	return f;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limtab t;
	struct limtab_ent *e;
	struct stat st;
	unsigned char *file, key[16];
	const char *why;
	unsigned long n;
	uint64_t now, tat, count;
	size_t flen, i;
	int r, flags;

	if (size < 2)
		return 0;
	if (fd == -1 && (fd = tmpfile_fd()) == -1)
		abort();
	/* byte 0: flags; byte 1: entries wanted; the rest: the file */
	flags = data[0];
	n = (unsigned long)data[1] + 1;
	flen = size - 2;
	if ((file = malloc(flen > 0 ? flen : 1)) == NULL)
		return 0;
	memcpy(file, data + 2, flen);
	if (flags & 1 && flen >= sizeof(struct limtab_hdr)) {
		uint64_t sum = fnv(file);

		memcpy(file + offsetof(struct limtab_hdr, sum), &sum, 8);
		/* the sizes too, so that the entries are reached */
		if (flags & 2) {
			uint32_t nent = (uint32_t)n, es = sizeof(struct
			    limtab_ent);
			uint64_t sz = flen;

			memcpy(file + offsetof(struct limtab_hdr, nent),
			    &nent, 4);
			memcpy(file + offsetof(struct limtab_hdr, entsize),
			    &es, 4);
			memcpy(file + offsetof(struct limtab_hdr, size),
			    &sz, 8);
			sum = fnv(file);
			memcpy(file + offsetof(struct limtab_hdr, sum),
			    &sum, 8);
		}
	}
	if (ftruncate(fd, 0) == -1 ||
	    (flen > 0 && pwrite(fd, file, flen, 0) != (ssize_t)flen) ||
	    fstat(fd, &st) == -1)
		abort();
	memset(&t, 0, sizeof t);
	t.failclosed = flags & 4;
	r = limtab_load(&t, fd, &st, n, &why);
	MUST(r == 0 || r == 1);
	MUST(t.n == n && t.slots == 2 * n);
	if (fstat(fd, &st) == -1)
		abort();
	MUST((size_t)st.st_size == limtab_size(n));
	if (r == 0)
		MUST(why == NULL && flen == limtab_size(n));

	/* lookups with keys and clocks from the input */
	for (i = 2; i + 24 <= size; i += 24) {
		memcpy(key, data + i, 16);
		memcpy(&now, data + i + 16, 8);
		now &= (UINT64_C(1) << 62) - 1;	/* a clock, not the file */
		errno = 0;
		e = limtab_find(&t, key, now);
		MUST(t.home < t.slots);
		if (e == NULL || t.took) {
			/* capacity: refused only when fail-closed */
			MUST(e != NULL || (t.failclosed && errno == ENOSPC));
			MUST(limtab_note_full(&t, now, &count) != -1);
		}
		if (e == NULL)
			continue;
		MUST(e >= t.win && (size_t)(e - t.win) < (t.slots <
		    LIMTAB_WINDOW ? t.slots : LIMTAB_WINDOW));
		MUST(memcmp(e->key, key, 16) == 0 && e->seen == now);
		tat = limtab_take(e->tat, now, 1000000, 5000000);
		MUST(tat == 0 || tat > now);
		if (tat != 0) {
			e->tat = tat;
			MUST(limtab_store(&t, e) == 0);
		}
		t.hdr.tat = now;
		MUST(limtab_store_tat(&t) == 0);
	}
	if (fstat(fd, &st) == -1)
		abort();
	MUST((size_t)st.st_size == limtab_size(n));
	free(file);
	(void)errno;
	return 0;
}
