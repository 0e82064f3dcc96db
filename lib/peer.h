#ifndef PEER_H
#define PEER_H

#include <stddef.h>

/*
 * peer: the client behind a UNIX-domain listener, as the UCSPI
 * environment names it (ucspi-unix's PROTO=UNIX and UNIXREMOTEEUID,
 * UNIXREMOTEEGID, UNIXREMOTEPID), for the links after svc-listen.
 */

/* the peer's uid when PROTO is UNIX: 0, 1 when PROTO is not UNIX, -1 bad */
int peer_unix_uid(unsigned long *uid);
/* "uid:U,gid:G,pid:P" (the parts that are set) into out; -1 if not UNIX */
int peer_unix_text(char *out, size_t len);

#endif
