/*
 * bench/limtab: the cost of one svc-limit lookup (find, take, store on
 * the state file, as svc-limit does under its lock) as the table fills:
 * a table of -n 1,048,576 entries holding 10, then 1,000, 100,000 and
 * 1,000,000 distinct live sources (-R 1/h), each size timed over 200,000
 * lookups of sources it holds, in a scattered order.  Prints the CPU
 * time of a lookup (user and system: these are system calls) and the
 * ratio to the first.  Usage: limtab FILE
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "limtab.h"

#define HOUR 3600000000000ULL
#define LOOKUPS 200000UL

static uint64_t now = 1000000000000ULL;

static uint64_t
ns(void)
{
	struct timespec ts;

	/* CPU time, not wall: the machine may be shared with other work */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int
one(struct limtab *t, uint32_t a)
{
	struct limtab_ent *e;
	unsigned char k[16];
	uint64_t tat;

	memset(k, 0, sizeof k);
	k[10] = k[11] = 0xff;
	k[12] = (unsigned char)(a >> 24);
	k[13] = (unsigned char)(a >> 16);
	k[14] = (unsigned char)(a >> 8);
	k[15] = (unsigned char)a;
	now += 1000;
	if ((e = limtab_find(t, k, now)) == NULL)
		return -1;
	if ((tat = limtab_take(e->tat, now, HOUR, HOUR)) != 0)
		e->tat = tat;
	return limtab_store(t, e);
}

int
main(int argc, char *argv[])
{
	static const unsigned long sizes[] = { 10, 1000, 100000, 1000000 };
	struct limtab t;
	struct stat st;
	const char *why;
	unsigned long filled = 0, i, s;
	uint64_t t0, x = 12345, first = 0, per;
	int fd;

	if (argc != 2)
		return 100;
	if ((fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    fstat(fd, &st) == -1 ||
	    limtab_load(&t, fd, &st, LIMTAB_MAXENT, &why) == -1) {
		perror(argv[1]);
		return 111;
	}
	t.failclosed = 1;	/* none may be taken over here */
	printf("%10s %14s %8s   (-n %lu)\n", "sources", "cpu ns/lookup", "ratio",
	    LIMTAB_MAXENT);
	for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		for (; filled < sizes[s]; filled++)
			if (one(&t, 0x0a000000 + (uint32_t)filled) == -1) {
				perror("fill");
				return 111;
			}
		t0 = ns();
		for (i = 0; i < LOOKUPS; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			if (one(&t, 0x0a000000 + (uint32_t)((x >> 33) %
			    filled)) == -1) {
				perror("lookup");
				return 111;
			}
		}
		per = (ns() - t0) / LOOKUPS;
		if (first == 0)
			first = per;
		printf("%10lu %14llu %8.2f\n", filled, (unsigned long long)per,
		    (double)per / (double)first);
	}
	close(fd);
	unlink(argv[1]);
	return 0;
}
