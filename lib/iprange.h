#ifndef IPRANGE_H
#define IPRANGE_H

#include "sock.h"

/*
 * A run of local addresses for svc-connect's -i: one numeric address,
 * or an IPv4 range of the last byte ("127.0.0.1-254").
 */
struct iprange {
	struct sock_addr first;	/* port 0; IPv6 with its scope, if any */
	unsigned count;		/* 1; 1 to 256 for "A.B.C.D-LAST" */
};

/*
 * "ADDR", "[V6]" or "A.B.C.D-LAST" (A.B.C.D to A.B.C.LAST) into r, an
 * IPv4 address as four decimal numbers (not "127.1"); -1 with EINVAL
 * if malformed, EDOM if LAST is below D, ENOMEM
 */
int iprange_parse(const char *s, struct iprange *r);
/* the k-th address of r (k below r->count) into a; -1 (EINVAL) past it */
int iprange_nth(const struct iprange *r, unsigned k, struct sock_addr *a);

#endif
