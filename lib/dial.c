/*
 * dial: outgoing TCP connections.  Every socket is nonblocking and
 * close-on-exec from the start; a failed call closes what it opened.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#include "dial.h"
#include "fd.h"
#include "mono.h"
#include "os.h"

static int
fail(int fd)
{
	int e = errno;

	close(fd);
	errno = e;
	return -1;
}

int
dial_start(const struct sockaddr *sa, socklen_t len,
    const struct sockaddr *local, socklen_t llen)
{
	int fd, one = 1;

	if ((fd = os_socket(sa->sa_family, SOCK_STREAM, 0)) == -1)
		return -1;
	if (fd_nonblock(fd) == -1)
		return fail(fd);
	if (local != NULL) {
#ifdef IP_BIND_ADDRESS_NO_PORT
		/*
		 * Pick the port at connect time, by the whole address pair,
		 * not at bind time by the local address alone: a source
		 * address then serves every ephemeral port per destination.
		 */
		(void)setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT,
		    &one, sizeof one);
#else
		(void)one;
#endif
		if (bind(fd, local, llen) == -1)
			return fail(fd);
	}
	if (connect(fd, sa, len) == -1 && errno != EINPROGRESS &&
	    errno != EINTR)
		return fail(fd);
	return fd;
}

int
dial_result(int fd)
{
	socklen_t len;
	int err = 0;

	len = sizeof err;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		return -1;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}

int
dial_wait(int fd, int ms)
{
	unsigned long long end = mono_ms() + (ms > 0 ? (unsigned)ms : 0);
	unsigned long long now;
	struct pollfd p;
	int r, left = ms;

	p.fd = fd;
	p.events = POLLOUT;
	for (;;) {
		p.revents = 0;
		r = poll(&p, 1, left);
		if (r > 0)
			return dial_result(fd);
		if (r == -1 && errno != EINTR)
			return -1;
		if (ms >= 0) {
			now = mono_ms();
			if (r == 0 || now >= end) {
				errno = ETIMEDOUT;
				return -1;
			}
			left = (int)(end - now);
		}
	}
}

int
dial_connected(int err)
{
	return err == ECONNRESET || err == EPIPE;
}

int
dial_retryable(int err)
{
	switch (err) {
	case ECONNREFUSED:
	case ECONNRESET:
	case ETIMEDOUT:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case ENETDOWN:
	case EAGAIN:
	case EINTR:
	case ENOENT:		/* a UNIX-domain socket's file, not there yet */
		return 1;
	}
	return 0;
}
