#ifndef LISTEN_H
#define LISTEN_H

#include "sock.h"

/*
 * Bind and listen on host (NULL: every address, dual-stack) and port,
 * close-on-exec and nonblocking.  On error returns -1 with errno set and
 * what it was trying in where (SOCK_ADDRLEN bytes); a resolver error in
 * *gaierr.  TCP_NODELAY and SO_KEEPALIVE go on the listening socket,
 * whose connections inherit them; with reuseport, SO_REUSEPORT, so
 * that another listener can bind the same port (-1 where unsupported).
 */
int listen_tcp(const char *host, unsigned port, int backlog, int nodelay,
    int keepalive, int reuseport, char *where, int *gaierr);
/*
 * Bind and listen on the UNIX-domain socket path, close-on-exec and
 * nonblocking; mode, uid and gid (-1: leave as bind made them) set on
 * the file before listen().  A socket file at path is replaced only when
 * connecting to it is refused; anything else is left alone: -1 with
 * EEXIST (not a socket, or a symbolic link) or EADDRINUSE (in use).  The
 * mode and owner are set on the file bind made, never through a link
 * put in its place: -1 with EBUSY if another file took it.
 */
int listen_unix(const char *path, int backlog, long mode, long uid, long gid);

#endif
