/*
 * ruleidx: compile rules of ours into an index and look a client up in
 * it.  A record's data: 'A' or 'D', the source line (32 bits), the
 * message length (16 bits) and message, then the environment entries
 * as struct rule keeps them.  Everything read back is checked, so a
 * damaged index is EBADMSG, never a wrong rule.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdb.h"
#include "cidr.h"
#include "ruleidx.h"
#include "rules.h"

#define MAGIC "svc-access index"	/* 16 bytes: no rule key is */
#define MAGICLEN (sizeof MAGIC - 1)
#define VERSION '1'
#define KEYLEN 21		/* mix(4), length(1), address(16) */
#define STAR 129		/* the used[] bit of "*" */
#define STARBITS 255		/* key[0] of "*" */
#define HEADLEN 7		/* action, line, message length */
#define PATHMAX 4096

/*
 * A key opens with 4 bytes of a strong hash of the rest: cdb's own hash
 * of keys that differ in a few bytes collides often (a million /32s
 * gave probe chains of dozens of equal hashes); after random bytes its
 * collisions are as rare as chance makes them.
 */
static void
mkkey(unsigned char key[KEYLEN], unsigned bits, const unsigned char a[16])
{
	uint32_t h = 2166136261u;
	int i;

	key[4] = (unsigned char)bits;
	memcpy(key + 5, a, 16);
	if (bits <= 128)
		cidr_mask(key + 5, bits);
	else
		memset(key + 5, 0, 16);
	for (i = 4; i < KEYLEN; i++)
		h = (h ^ key[i]) * 16777619u;
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	for (i = 0; i < 4; i++)
		key[i] = (unsigned char)(h >> (8 * i));
}

int
ruleidx_open(struct ruleidx *x, int fd)
{
	char data[1 + sizeof x->used + RULEIDX_SRCMAX];
	uint32_t pos, len;
	int r;

	if (cdb_init(&x->db, fd) == -1)
		return -1;
	if ((r = cdb_find(&x->db, MAGIC, MAGICLEN, &pos, &len)) == -1)
		return -1;
	if (r == 0) {
		errno = EPROTO;
		return -1;
	}
	if (len < 1 + sizeof x->used || len > sizeof data ||
	    cdb_read(&x->db, data, len, pos) == -1) {
		if (len > sizeof data || len < 1 + sizeof x->used)
			errno = EBADMSG;
		return -1;
	}
	if (data[0] != VERSION) {
		errno = EPROTO;
		return -1;
	}
	memcpy(x->used, data + 1, sizeof x->used);
	len -= 1 + sizeof x->used;
	memcpy(x->src, data + 1 + sizeof x->used, len);
	x->src[len] = '\0';
	return 0;
}

static uint32_t
get(const unsigned char *p, int n)
{
	uint32_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/* a record's data into r; -1 EBADMSG if it is not one we wrote */
static int
decode(const unsigned char *d, size_t n, struct rule *r)
{
	size_t i, envlen;
	const unsigned char *nul;

	if (n < HEADLEN || (d[0] != 'A' && d[0] != 'D'))
		goto bad;
	r->deny = d[0] == 'D';
	r->star = 0;
	r->line = get(d + 1, 4);
	r->msglen = get(d + 5, 2);
	if (r->msglen > sizeof r->msg || r->msglen > n - HEADLEN)
		goto bad;
	memcpy(r->msg, d + HEADLEN, r->msglen);
	i = HEADLEN + r->msglen;
	envlen = n - i;
	if (envlen > sizeof r->env)
		goto bad;
	memcpy(r->env, d + i, envlen);
	r->envlen = envlen;
	for (i = 0; i < envlen; i = (size_t)(nul - (const unsigned char *)
	    r->env) + 1) {
		nul = memchr(r->env + i, '\0', envlen - i);
		if (nul == NULL || (const char *)nul == r->env + i + 1 ||
		    (r->env[i] != '+' && r->env[i] != '-') ||
		    (r->env[i] == '+' && memchr(r->env + i, '=',
		    (size_t)((const char *)nul - r->env) - i) == NULL))
			goto bad;
	}
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

/* look key up; 1 found and decoded into r, 0 none, -1 */
static int
probe(struct ruleidx *x, const unsigned char key[KEYLEN], struct rule *r)
{
	unsigned char data[HEADLEN + RULES_MSGMAX + RULES_ENVMAX];
	uint32_t pos, len;
	int found;

	if ((found = cdb_find(&x->db, key, KEYLEN, &pos, &len)) != 1)
		return found;
	if (len > sizeof data) {
		errno = EBADMSG;
		return -1;
	}
	if (cdb_read(&x->db, data, len, pos) == -1 || decode(data, len, r)
	    == -1)
		return -1;
	return 1;
}

int
ruleidx_find(struct ruleidx *x, const unsigned char addr[16],
    struct rule *r)
{
	unsigned char key[KEYLEN];
	int bits, low = cidr_is4(addr) ? 96 : 0, found;

	for (bits = 128; bits >= low; bits--) {
		if (!(x->used[bits / 8] & (1 << (bits % 8))))
			continue;
		mkkey(key, (unsigned)bits, addr);
		if ((found = probe(x, key, r)) != 0)
			return found;
	}
	if (!(x->used[STAR / 8] & (1 << (STAR % 8))))
		return 0;
	mkkey(key, STARBITS, addr);
	if ((found = probe(x, key, r)) == 1)
		r->star = 1;
	return found;
}

static void
put(unsigned char *p, uint32_t v, int n)
{
	while (n-- > 0) {
		*p++ = (unsigned char)v;
		v >>= 8;
	}
}

long
ruleidx_compile(int infd, const char *src, int outfd, unsigned long *line,
    const char **err)
{
	static struct rules_reader rd;
	static struct rule r;
	static unsigned char data[HEADLEN + RULES_MSGMAX + RULES_ENVMAX];
	unsigned char used[17], key[KEYLEN], magic[1 + sizeof used +
	    RULEIDX_SRCMAX];
	struct cdb_make m;
	size_t n, srclen = strlen(src);
	const char *s;
	long count = 0;
	unsigned bits;
	int got, kind = RULES_NONE;

	memset(used, 0, sizeof used);
	if (cdb_make_start(&m, outfd) == -1)
		return -1;
	rules_reader_init(&rd, infd);
	while ((got = rules_getline(&rd, &s, &n)) == 1) {
		if (kind == RULES_NONE && (kind = rules_kind(s, n)) ==
		    RULES_TCP) {
			*line = rd.line;
			*err = "tcprules' format: compile it with tcprules, "
			    "read the cdb with -x";
			goto malformed;
		}
		if ((got = rules_parse(s, n, &r, err)) == -1) {
			*line = rd.line;
			goto malformed;
		}
		if (got == 0)
			continue;
		if (rd.line > 0xffffffffUL) {
			errno = EFBIG;
			goto fail;
		}
		bits = r.star ? STARBITS : r.net.bits;
		used[(r.star ? STAR : bits) / 8] |= (unsigned char)
		    (1 << ((r.star ? STAR : bits) % 8));
		mkkey(key, bits, r.net.addr);
		data[0] = r.deny ? 'D' : 'A';
		put(data + 1, (uint32_t)rd.line, 4);
		put(data + 5, (uint32_t)r.msglen, 2);
		memcpy(data + HEADLEN, r.msg, r.msglen);
		memcpy(data + HEADLEN + r.msglen, r.env, r.envlen);
		if (cdb_make_add(&m, key, sizeof key, data, HEADLEN +
		    r.msglen + r.envlen) == -1)
			goto fail;
		count++;
	}
	if (got == -1) {
		if (errno != EFBIG)
			goto fail;
		*line = rd.line;
		*err = "line too long";
		goto malformed;
	}
	if (srclen > RULEIDX_SRCMAX)
		srclen = RULEIDX_SRCMAX;
	magic[0] = VERSION;
	memcpy(magic + 1, used, sizeof used);
	memcpy(magic + 1 + sizeof used, src, srclen);
	if (cdb_make_add(&m, MAGIC, MAGICLEN, magic, 1 + sizeof used +
	    srclen) == -1 || cdb_make_finish(&m) == -1)
		return -1;
	return count;
malformed:
	cdb_make_free(&m);
	return -2;
fail:
	cdb_make_free(&m);
	return -1;
}

long
ruleidx_write(const char *src, const char *dst, unsigned long *line,
    const char **err)
{
	char tmp[PATHMAX], dir[PATHMAX], *slash;
	long count;
	int in, out, d, saved;

	if (strlen(dst) + sizeof ".XXXXXX" > sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(tmp, dst, strlen(dst));
	memcpy(tmp + strlen(dst), ".XXXXXX", sizeof ".XXXXXX");
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((out = mkstemp(tmp)) == -1) {
		saved = errno;
		(void)close(in);
		errno = saved;
		return -1;
	}
	count = ruleidx_compile(in, src, out, line, err);
	saved = errno;
	(void)close(in);
	if (count >= 0 && (fchmod(out, 0644) == -1 || fsync(out) == -1))
		count = -1, saved = errno;
	if (close(out) == -1 && count >= 0)
		count = -1, saved = errno;
	if (count >= 0 && rename(tmp, dst) == -1)
		count = -1, saved = errno;
	if (count < 0) {
		(void)unlink(tmp);
		errno = saved;
		return count;
	}
	/* the rename itself is durable once the directory is synced */
	memcpy(dir, dst, strlen(dst) + 1);
	if ((slash = strrchr(dir, '/')) == NULL)
		memcpy(dir, ".", 2);
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((d = open(dir, O_RDONLY | O_CLOEXEC)) != -1) {
		(void)fsync(d);
		(void)close(d);
	}
	return count;
}
