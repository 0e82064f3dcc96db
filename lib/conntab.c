/*
 * conntab: running children by pid and by client address.  Both indexes
 * are open-addressing hashes with linear probing and backward-shift
 * deletion, at most half full, so every operation is a short probe.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conntab.h"

static size_t
hpid(pid_t pid)
{
	return (size_t)((unsigned long)pid * 2654435761UL);
}

static size_t
haddr(const unsigned char k[16])
{
	unsigned long h = 2166136261UL;
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ k[i]) * 16777619UL;
	return (size_t)(h ^ (h >> 15));
}

int
conntab_init(struct conntab *t, size_t max)
{
	size_t buckets = 4, i;

	if (max == 0 || max > CONNTAB_MAX) {
		errno = EINVAL;
		return -1;
	}
	while (buckets < 2 * max)
		buckets *= 2;
	t->max = max;
	t->n = 0;
	t->mask = buckets - 1;
	t->conns = calloc(max, sizeof *t->conns);
	t->freelist = calloc(max, sizeof *t->freelist);
	t->bypid = calloc(buckets, sizeof *t->bypid);
	t->byaddr = calloc(buckets, sizeof *t->byaddr);
	if (!t->conns || !t->freelist || !t->bypid || !t->byaddr) {
		free(t->conns);
		free(t->freelist);
		free(t->bypid);
		free(t->byaddr);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < buckets; i++)
		t->bypid[i] = -1;
	for (i = 0; i < max; i++)
		t->freelist[i] = (int)(max - 1 - i);
	return 0;
}

void
conntab_free(struct conntab *t)
{
	free(t->conns);
	free(t->freelist);
	free(t->bypid);
	free(t->byaddr);
	t->conns = NULL;
	t->freelist = NULL;
	t->bypid = NULL;
	t->byaddr = NULL;
	t->n = t->max = 0;
}

static size_t
addr_slot(const struct conntab *t, const unsigned char key[16])
{
	size_t i = haddr(key) & t->mask;

	while (t->byaddr[i].count != 0 &&
	    memcmp(t->byaddr[i].key, key, 16) != 0)
		i = (i + 1) & t->mask;
	return i;
}

unsigned
conntab_count(const struct conntab *t, const unsigned char key[16])
{
	return t->byaddr[addr_slot(t, key)].count;
}

static size_t
pid_slot(const struct conntab *t, pid_t pid)
{
	size_t i = hpid(pid) & t->mask;

	while (t->bypid[i] != -1 && t->conns[t->bypid[i]].pid != pid)
		i = (i + 1) & t->mask;
	return i;
}

struct conn *
conntab_add(struct conntab *t, pid_t pid, const unsigned char key[16])
{
	struct conn *c;
	size_t i;
	int slot;

	if (t->n >= t->max)
		return NULL;
	slot = t->freelist[t->max - 1 - t->n];
	t->n++;
	c = &t->conns[slot];
	c->pid = pid;
	memcpy(c->key, key, 16);
	t->bypid[pid_slot(t, pid)] = slot;
	i = addr_slot(t, key);
	memcpy(t->byaddr[i].key, key, 16);
	t->byaddr[i].count++;
	return c;
}

struct conn *
conntab_find(const struct conntab *t, pid_t pid)
{
	int slot = t->bypid[pid_slot(t, pid)];

	return slot == -1 ? NULL : &t->conns[slot];
}

/* is bucket j out of place for home h when a hole is at i? */
static int
movable(size_t h, size_t i, size_t j)
{
	/* the entry at j may fill i unless its home lies in (i, j] */
	return i <= j ? (h <= i || h > j) : (h <= i && h > j);
}

static void
pid_remove(struct conntab *t, size_t i)
{
	size_t j = i, h;

	for (;;) {
		t->bypid[i] = -1;
		for (;;) {
			j = (j + 1) & t->mask;
			if (t->bypid[j] == -1)
				return;
			h = hpid(t->conns[t->bypid[j]].pid) & t->mask;
			if (movable(h, i, j))
				break;
		}
		t->bypid[i] = t->bypid[j];
		i = j;
	}
}

static void
addr_remove(struct conntab *t, size_t i)
{
	size_t j = i, h;

	for (;;) {
		t->byaddr[i].count = 0;
		for (;;) {
			j = (j + 1) & t->mask;
			if (t->byaddr[j].count == 0)
				return;
			h = haddr(t->byaddr[j].key) & t->mask;
			if (movable(h, i, j))
				break;
		}
		t->byaddr[i] = t->byaddr[j];
		i = j;
	}
}

void
conntab_del(struct conntab *t, struct conn *c)
{
	size_t i;

	pid_remove(t, pid_slot(t, c->pid));
	i = addr_slot(t, c->key);
	if (t->byaddr[i].count > 1)
		t->byaddr[i].count--;
	else if (t->byaddr[i].count == 1)
		addr_remove(t, i);
	t->n--;
	t->freelist[t->max - 1 - t->n] = (int)(c - t->conns);
	c->pid = 0;
}
