/* svc-connect: what main.c and load.c share */
#ifndef CONNECT_H
#define CONNECT_H

#include <stddef.h>

#include "sock.h"

#define LOCALMAX 1024		/* -i addresses, ranges expanded */

/* the command line */
struct opts {
	const char *host;		/* brackets taken off */
	unsigned port;
	unsigned long wait;		/* -w: retry for ms; 0: once */
	int probe;			/* -z */
	int family;			/* AF_UNSPEC, or what -4/-6/-i ask */
	unsigned long tmo;		/* -t: connect timeout, ms; 0: none */
	unsigned long idle;		/* -T: idle timeout, ms; 0: none */
	struct sock_addr *local;	/* -i: source addresses, used in turn */
	size_t nlocal;
	unsigned long n, c;		/* -n, -c: load mode when n > 0 */
	unsigned long rate;		/* -r: most starts a second; 0: no limit */
	const char *send;		/* -s, decoded */
	size_t sendlen;
	const char *want;		/* -e, decoded; NULL when not given */
	size_t wantlen;
	int hist;			/* -H: a latency histogram */
};

/* load mode: o->n connections to dst, o->c at a time; the exit status */
int load_run(const struct opts *o, const struct sock_addr *dst);

#endif
