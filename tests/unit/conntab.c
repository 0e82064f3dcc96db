/* unit tests of lib/conntab: counts by address survive churn exactly */
#include <stdlib.h>
#include <string.h>

#include "conntab.h"
#include "unit.h"

#define MAX 1000

static void
key_of(unsigned n, unsigned char k[16])
{
	memset(k, 0, 16);
	k[10] = k[11] = 0xff;
	k[14] = (unsigned char)(n >> 8);
	k[15] = (unsigned char)n;
}

int
main(void)
{
	struct conntab t;
	struct conn *c;
	unsigned char k[16];
	static unsigned expect[64];
	static pid_t live[MAX];
	unsigned i, j, nlive = 0, ok;
	unsigned long seed = 1;

	CHECK(conntab_init(&t, 0) == -1);
	CHECK(conntab_init(&t, CONNTAB_MAX + 1) == -1);
	CHECK(conntab_init(&t, MAX) == 0);

	/* fill, churn at random, and compare with a plain count */
	for (i = 0; i < 200000; i++) {
		seed = seed * 1103515245 + 12345;
		if (nlive < MAX && (nlive == 0 || (seed >> 16) % 3 != 0)) {
			pid_t pid = (pid_t)(1000 + i);

			key_of((unsigned)(seed >> 8) % 64, k);
			c = conntab_add(&t, pid, k);
			if (c == NULL)
				break;
			expect[k[15]]++;
			live[nlive++] = pid;
		} else {
			j = (unsigned)(seed >> 4) % nlive;
			c = conntab_find(&t, live[j]);
			if (c == NULL)
				break;
			expect[c->key[15]]--;
			conntab_del(&t, c);
			live[j] = live[--nlive];
		}
	}
	CHECK(i == 200000);
	CHECK(t.n == nlive);
	ok = 1;
	for (j = 0; j < 64; j++) {
		key_of(j, k);
		if (conntab_count(&t, k) != expect[j])
			ok = 0;
	}
	CHECK(ok);
	ok = 1;
	for (j = 0; j < nlive; j++)
		if ((c = conntab_find(&t, live[j])) == NULL ||
		    c->pid != live[j])
			ok = 0;
	CHECK(ok);
	CHECK(conntab_find(&t, 1) == NULL);

	/* full table refuses, emptied table counts zero */
	while (t.n < MAX) {
		key_of(1, k);
		conntab_add(&t, (pid_t)(900000 + t.n), k);
	}
	CHECK(conntab_add(&t, 5, k) == NULL);
	for (j = 0; j < t.max; j++)
		if (t.conns[j].pid != 0)
			conntab_del(&t, &t.conns[j]);
	CHECK(t.n == 0);
	key_of(1, k);
	CHECK(conntab_count(&t, k) == 0);
	conntab_free(&t);
	return UNIT_END();
}
