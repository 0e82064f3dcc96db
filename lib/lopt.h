#ifndef LOPT_H
#define LOPT_H

#include <stddef.h>

#include "conntab.h"

/*
 * lopt: the options svc-listen checks and hands on to svc-listend (-c,
 * -C, -N), parsed by the one function both run, so that they accept the
 * same values and say the same about a bad one.
 */
#define LOPT_MSGMAX 1024	/* -C's message, decoded */
#define LOPT_FDMAX 1048576	/* -N: highest descriptor number */

struct lopt {
	unsigned long maxconns;		/* -c: up to CONNTAB_MAX; 100 */
	unsigned long persource;	/* -C max: 0 when not given */
	const char *persrc;		/* -C as given, to hand on */
	char denymsg[LOPT_MSGMAX];	/* -C's msg, decoded */
	long denylen;
	unsigned long notifyfd;		/* -N */
	int notify;
	char why[320];			/* what lopt_set found wrong */
};

/* the defaults */
void lopt_init(struct lopt *o);
/*
 * Take option ch (one of 'c', 'C', 'N') with its value: 0, or -1 with
 * o->why saying what is wrong, as a line for die (exit 100)
 */
int lopt_set(struct lopt *o, int ch, const char *arg);
/* once every option is in: -1 with o->why when -N's descriptor is not open */
int lopt_check(struct lopt *o);

#endif
