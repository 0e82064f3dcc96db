/*
 * cdb: read and write the constant database format of tcprules (and of
 * the rule indexes svc-access compiles) with plain libc.  The reader
 * trusts nothing in the file: every position and length is checked
 * against the file's size before it is read, and a probe sequence never
 * runs longer than its table, so a damaged or hostile file is an error,
 * never a read past its end or a loop.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdb.h"

struct cdb_hp {
	uint32_t h, pos;
};

#define SLOTS 8		/* slots read with one pread */

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

uint32_t
cdb_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t h = 5381;

	while (n-- > 0)
		h = ((h << 5) + h) ^ *s++;
	return h;
}

/* all of len bytes at off; a short read means the file is shorter */
static int
readat(int fd, void *buf, size_t len, uint64_t off)
{
	char *p = buf;
	ssize_t r;

	while (len > 0) {
		r = pread(fd, p, len, (off_t)off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0) {
			errno = EBADMSG;
			return -1;
		}
		p += r;
		len -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

int
cdb_init(struct cdb *c, int fd)
{
	struct stat st;
	uint64_t pos, len;
	int i;

	if (fstat(fd, &st) == -1)
		return -1;
	if (!S_ISREG(st.st_mode) || st.st_size < CDB_HDRLEN) {
		errno = EBADMSG;
		return -1;
	}
	c->fd = fd;
	c->size = (uint64_t)st.st_size;
	if (readat(fd, c->hdr, sizeof c->hdr, 0) == -1)
		return -1;
	/* the tables come last: a file cut anywhere loses part of one */
	for (i = 0; i < 256; i++) {
		pos = get32(c->hdr + i * 8);
		len = get32(c->hdr + i * 8 + 4);
		if (pos < CDB_HDRLEN || pos + len * 8 > c->size) {
			errno = EBADMSG;
			return -1;
		}
	}
	return 0;
}

int
cdb_read(struct cdb *c, void *buf, size_t len, uint32_t pos)
{
	if ((uint64_t)pos + len > c->size) {
		errno = EBADMSG;
		return -1;
	}
	return readat(c->fd, buf, len, pos);
}

/* 1 if the klen bytes at pos are key, 0 if not, -1 with errno */
static int
same_key(struct cdb *c, uint32_t pos, const void *key, size_t klen)
{
	const char *k = key;
	char tmp[256];
	size_t n;

	while (klen > 0) {
		n = klen < sizeof tmp ? klen : sizeof tmp;
		if (cdb_read(c, tmp, n, pos) == -1)
			return -1;
		if (memcmp(tmp, k, n) != 0)
			return 0;
		k += n;
		klen -= n;
		pos += (uint32_t)n;
	}
	return 1;
}

int
cdb_find(struct cdb *c, const void *key, size_t klen, uint32_t *dpos,
    uint32_t *dlen)
{
	unsigned char slots[SLOTS * 8], rec[8];
	uint32_t h = cdb_hash(key, klen), tpos, tlen, start, i, j, n, idx;
	uint32_t sh, rpos;
	int r;

	tpos = get32(c->hdr + (h & 255) * 8);
	tlen = get32(c->hdr + (h & 255) * 8 + 4);
	if (tlen == 0)
		return 0;
	if ((uint64_t)tpos + (uint64_t)tlen * 8 > c->size) {
		errno = EBADMSG;
		return -1;
	}
	start = (h >> 8) % tlen;
	for (i = 0; i < tlen; i += n) {
		idx = (start + i) % tlen;
		n = tlen - idx;	/* to the table's end, then wrap */
		if (n > tlen - i)
			n = tlen - i;
		if (n > SLOTS)
			n = SLOTS;
		if (readat(c->fd, slots, n * 8, (uint64_t)tpos + idx * 8ULL)
		    == -1)
			return -1;
		for (j = 0; j < n; j++) {
			sh = get32(slots + j * 8);
			rpos = get32(slots + j * 8 + 4);
			if (rpos == 0)
				return 0;
			if (sh != h)
				continue;
			if (cdb_read(c, rec, sizeof rec, rpos) == -1)
				return -1;
			if (get32(rec) != klen)
				continue;
			if ((uint64_t)rpos + 8 + klen + get32(rec + 4) >
			    c->size) {
				errno = EBADMSG;
				return -1;
			}
			if ((r = same_key(c, rpos + 8, key, klen)) == -1)
				return -1;
			if (r == 1) {
				*dpos = rpos + 8 + (uint32_t)klen;
				*dlen = get32(rec + 4);
				return 1;
			}
		}
	}
	return 0;
}

static int
flush(struct cdb_make *m)
{
	size_t off = 0;
	ssize_t r;

	while (off < m->buflen) {
		r = write(m->fd, m->buf + off, m->buflen - off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		off += (size_t)r;
	}
	m->buflen = 0;
	return 0;
}

static int
put(struct cdb_make *m, const void *p, size_t n)
{
	const char *s = p;
	size_t k;

	while (n > 0) {
		if (m->buflen == sizeof m->buf && flush(m) == -1)
			return -1;
		k = sizeof m->buf - m->buflen;
		if (k > n)
			k = n;
		memcpy(m->buf + m->buflen, s, k);
		m->buflen += k;
		s += k;
		n -= k;
	}
	return 0;
}

int
cdb_make_start(struct cdb_make *m, int fd)
{
	unsigned char zero[CDB_HDRLEN];

	m->fd = fd;
	m->pos = CDB_HDRLEN;
	m->buflen = 0;
	m->hp = NULL;
	m->nhp = m->caphp = 0;
	memset(zero, 0, sizeof zero);
	return put(m, zero, sizeof zero);
}

int
cdb_make_add(struct cdb_make *m, const void *key, size_t klen,
    const void *data, size_t dlen)
{
	unsigned char rec[8];
	struct cdb_hp *hp;
	size_t cap;

	/* the tables need room after the records: stay well inside 4 GB */
	if (klen > 0xffffffffUL || dlen > 0xffffffffUL ||
	    m->pos + 8 + klen + dlen > 0xffffffffULL - (m->nhp + 1) * 16 -
	    CDB_HDRLEN) {
		errno = EFBIG;
		return -1;
	}
	if (m->nhp == m->caphp) {
		cap = m->caphp ? m->caphp * 2 : 1024;
		if ((hp = realloc(m->hp, cap * sizeof *hp)) == NULL)
			return -1;
		m->hp = hp;
		m->caphp = cap;
	}
	m->hp[m->nhp].h = cdb_hash(key, klen);
	m->hp[m->nhp].pos = (uint32_t)m->pos;
	m->nhp++;
	put32(rec, (uint32_t)klen);
	put32(rec + 4, (uint32_t)dlen);
	if (put(m, rec, sizeof rec) == -1 || put(m, key, klen) == -1 ||
	    put(m, data, dlen) == -1)
		return -1;
	m->pos += 8 + klen + dlen;
	return 0;
}

int
cdb_make_finish(struct cdb_make *m)
{
	unsigned char hdr[CDB_HDRLEN], slot[8];
	size_t count[256], first[256], i, b, max = 0, k;
	struct cdb_hp *sorted = NULL, *table = NULL;
	uint32_t tlen, s;
	int ret = -1;

	memset(count, 0, sizeof count);
	for (i = 0; i < m->nhp; i++)
		count[m->hp[i].h & 255]++;
	for (b = 0, k = 0; b < 256; b++) {
		first[b] = k;
		k += count[b];
		if (count[b] > max)
			max = count[b];
	}
	if ((sorted = malloc((m->nhp + 1) * sizeof *sorted)) == NULL ||
	    (table = malloc((max * 2 + 1) * sizeof *table)) == NULL)
		goto out;
	for (i = 0; i < m->nhp; i++)
		sorted[first[m->hp[i].h & 255]++] = m->hp[i];
	for (b = 0, k = 0; b < 256; b++) {
		first[b] = k;
		k += count[b];
	}
	for (b = 0; b < 256; b++) {
		tlen = (uint32_t)(count[b] * 2);
		put32(hdr + b * 8, (uint32_t)m->pos);
		put32(hdr + b * 8 + 4, tlen);
		if (tlen == 0)
			continue;
		memset(table, 0, tlen * sizeof *table);
		for (i = first[b]; i < first[b] + count[b]; i++) {
			s = (sorted[i].h >> 8) % tlen;
			while (table[s].pos != 0)
				s = (s + 1) % tlen;
			table[s] = sorted[i];
		}
		for (s = 0; s < tlen; s++) {
			put32(slot, table[s].h);
			put32(slot + 4, table[s].pos);
			if (put(m, slot, sizeof slot) == -1)
				goto out;
		}
		m->pos += (uint64_t)tlen * 8;
	}
	if (flush(m) == -1)
		goto out;
	for (i = 0; i < sizeof hdr; i += (size_t)k) {
		ssize_t r = pwrite(m->fd, hdr + i, sizeof hdr - i, (off_t)i);

		if (r == -1 && errno == EINTR) {
			k = 0;
			continue;
		}
		if (r == -1)
			goto out;
		k = (size_t)r;
	}
	ret = 0;
out:
	free(sorted);
	free(table);
	cdb_make_free(m);
	return ret;
}

void
cdb_make_free(struct cdb_make *m)
{
	free(m->hp);
	m->hp = NULL;
	m->nhp = m->caphp = 0;
}
