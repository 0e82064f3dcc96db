#ifndef CDB_H
#define CDB_H

#include <stddef.h>
#include <stdint.h>

/*
 * The constant database format tcprules writes: a 2048-byte header of
 * 256 (position, length) pairs of little-endian 32-bit words, records
 * (key length, data length, key, data), then 256 hash tables of
 * (hash, record position) slots.  Read with pread(2) only; every table
 * must lie inside the file (a file cut anywhere loses part of one) and
 * every other offset is checked against its size; format errors are
 * EBADMSG.
 */
#define CDB_HDRLEN 2048

struct cdb {
	int fd;
	uint64_t size;			/* the file's size at cdb_init */
	unsigned char hdr[CDB_HDRLEN];
};

/* a writer: records in order, tables at the end (cdb_make_*) */
struct cdb_make {
	int fd;
	uint64_t pos;			/* where the next record goes */
	size_t buflen;
	struct cdb_hp *hp;		/* every record's hash and position */
	size_t nhp, caphp;
	char buf[16384];
};

/* the cdb hash of n bytes: h = 5381, then h = ((h << 5) + h) ^ c */
uint32_t cdb_hash(const void *p, size_t n);
/* read the header of the cdb open on fd; -1 (EBADMSG if too short) */
int cdb_init(struct cdb *c, int fd);
/*
 * the first record whose key is key[klen]: 1 with its data's position and
 * length in *dpos and *dlen, 0 if there is none, -1 with errno
 */
int cdb_find(struct cdb *c, const void *key, size_t klen, uint32_t *dpos,
    uint32_t *dlen);
/* read len bytes at pos, all inside the file; -1 with errno (EBADMSG) */
int cdb_read(struct cdb *c, void *buf, size_t len, uint32_t pos);

/* start writing a cdb to fd, which must be empty and at offset 0 */
int cdb_make_start(struct cdb_make *m, int fd);
/* append one record; -1 with errno (EFBIG past 4 GB, ENOMEM) */
int cdb_make_add(struct cdb_make *m, const void *key, size_t klen,
    const void *data, size_t dlen);
/* write the tables and the header; frees the writer's memory; -1 errno */
int cdb_make_finish(struct cdb_make *m);
/* free the writer's memory after a failure */
void cdb_make_free(struct cdb_make *m);

#endif
