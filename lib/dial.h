#ifndef DIAL_H
#define DIAL_H

#include <sys/types.h>
#include <sys/socket.h>

/*
 * dial: the client side of a TCP connection, nonblocking so a caller can
 * bound the wait or run many at once.
 */

/*
 * A nonblocking, close-on-exec socket connecting to sa, bound first to
 * local when it is not NULL (port 0: any).  The connect may still be in
 * progress: wait with dial_wait, or poll for POLLOUT then dial_result.
 */
int dial_start(const struct sockaddr *sa, socklen_t len,
    const struct sockaddr *local, socklen_t llen);
/* wait up to ms (-1: no limit) for fd's connect; 0, or -1 (ETIMEDOUT) */
int dial_wait(int fd, int ms);
/* the outcome of a connect that poll reported done: 0, or -1 with errno */
int dial_result(int fd);
/*
 * 1 when a connect that failed with err had in fact connected: a reset
 * (ECONNRESET, EPIPE) only ends an established connection, while a
 * refused handshake says ECONNREFUSED
 */
int dial_connected(int err);
/* 1 when a connect that failed with err may work if tried again later */
int dial_retryable(int err);

#endif
