#ifndef SVCMGR_H
#define SVCMGR_H

/*
 * svcmgr: what a service manager hands a listener and what the listener
 * tells it back: a socket passed by systemd's LISTEN_FDS protocol or
 * named by descriptor number, and readiness sent to NOTIFY_SOCKET.
 */

/* results of svcmgr_listen_fds besides a descriptor */
#define SVCMGR_NONE	-1	/* LISTEN_FDS unset */
#define SVCMGR_NOTOURS	-2	/* LISTEN_PID unset or another process's */
#define SVCMGR_BAD	-3	/* LISTEN_FDS or LISTEN_PID malformed */
#define SVCMGR_NONAME	-4	/* no descriptor of that name */
#define SVCMGR_MANY	-5	/* several passed and no name to pick one */

/*
 * The descriptor systemd passed (3 and up), the one called name in
 * LISTEN_FDNAMES when name is not NULL, else the only one; or one of the
 * SVCMGR_ codes.  LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES are removed
 * from the environment in every case: they are addressed to us alone.
 */
int svcmgr_listen_fds(const char *name);
/* remove LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES from the environment */
void svcmgr_forget(void);
/* 0 when fd is a listening stream socket; -1 with errno (ENOTSOCK, EINVAL) */
int svcmgr_check(int fd);
/*
 * A datagram socket connected to $NOTIFY_SOCKET, a path or an "@"
 * abstract name, close-on-exec; -1 with errno (ENOENT: unset).
 * Connected before privileges are dropped, it stays usable after.
 */
int svcmgr_notify_open(void);
/* send state ("READY=1") on fd from svcmgr_notify_open; -1 with errno */
int svcmgr_notify(int fd, const char *state);

#endif
