#ifndef LISTEN_H
#define LISTEN_H

#include "sock.h"

/*
 * Bind and listen on host (NULL: every address, dual-stack) and port,
 * close-on-exec and nonblocking.  On error returns -1 with errno set and
 * what it was trying in where (SOCK_ADDRLEN bytes); a resolver error in
 * *gaierr.  TCP_NODELAY and SO_KEEPALIVE go on the listening socket,
 * whose connections inherit them.
 */
int listen_tcp(const char *host, unsigned port, int backlog, int nodelay,
    int keepalive, char *where, int *gaierr);

#endif
