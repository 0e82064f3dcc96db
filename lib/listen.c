/*
 * listen: the listening socket, TCP or UNIX-domain.  Apart from sock.c
 * because resolving a host name pulls in the resolver, which static
 * links leave out.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fd.h"
#include "listen.h"
#include "os.h"
#include "sock.h"

static int
try_bind(const struct sockaddr *sa, socklen_t len, int backlog, int v6only,
    int nodelay, int keepalive, int reuseport)
{
	int fd, one = 1, e;

	if ((fd = os_socket(sa->sa_family, SOCK_STREAM, 0)) == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	/* asked for, it must work: a second listener would fail to bind */
	if (reuseport && os_reuseport(fd) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	/* a system that will not do dual-stack gets IPv4 alone instead */
	if (sa->sa_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &v6only, sizeof v6only) == -1 && !v6only) {
		close(fd);
		errno = EAFNOSUPPORT;
		return -1;
	}
	/* accepted sockets inherit these: nothing to do per connection */
	if (nodelay)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof one);
	if (keepalive)
		(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one,
		    sizeof one);
	if (bind(fd, sa, len) == -1 || listen(fd, backlog) == -1 ||
	    fd_nonblock(fd) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int
listen_tcp(const char *host, unsigned port, int backlog, int nodelay,
    int keepalive, int reuseport, char *where, int *gaierr)
{
	struct addrinfo hints, *res, *ai;
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;
	char pbuf[8];
	int fd, r, e = 0;

	*gaierr = 0;
	if (host == NULL) {
		/* one IPv6 socket for both families, else IPv4 alone */
		memset(&s6, 0, sizeof s6);
		s6.sin6_family = AF_INET6;
		s6.sin6_addr = in6addr_any;
		s6.sin6_port = htons((unsigned short)port);
		snprintf(where, SOCK_ADDRLEN, "[::]:%u", port);
		fd = try_bind((struct sockaddr *)&s6, sizeof s6, backlog, 0,
		    nodelay, keepalive, reuseport);
		if (fd != -1 || (errno != EAFNOSUPPORT &&
		    errno != EADDRNOTAVAIL && errno != EPROTONOSUPPORT))
			return fd;
		memset(&s4, 0, sizeof s4);
		s4.sin_family = AF_INET;
		s4.sin_addr.s_addr = htonl(INADDR_ANY);
		s4.sin_port = htons((unsigned short)port);
		snprintf(where, SOCK_ADDRLEN, "0.0.0.0:%u", port);
		return try_bind((struct sockaddr *)&s4, sizeof s4, backlog, 0,
		    nodelay, keepalive, reuseport);
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(pbuf, sizeof pbuf, "%u", port);
	snprintf(where, SOCK_ADDRLEN, "%s:%u", host, port);
	if ((r = getaddrinfo(host, pbuf, &hints, &res)) != 0) {
		*gaierr = r;
		errno = 0;
		return -1;
	}
	fd = -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		(void)sock_fmt(ai->ai_addr, where, SOCK_ADDRLEN);
		/*
		 * a literal "::" binds IPv6 only, as asked; an IPv4-mapped
		 * address (::ffff:127.0.0.1) can only be bound dual-stack,
		 * and then serves that IPv4 address
		 */
		fd = try_bind(ai->ai_addr, ai->ai_addrlen, backlog,
		    sock_family(ai->ai_addr) != AF_INET, nodelay, keepalive,
		    reuseport);
		if (fd != -1)
			break;
		e = errno;
	}
	freeaddrinfo(res);
	if (fd == -1)
		errno = e;
	return fd;
}

/* path into un; -1 (ENAMETOOLONG) when it does not fit */
static int
unix_addr(struct sockaddr_un *un, const char *path)
{
	size_t n = strlen(path);

	memset(un, 0, sizeof *un);
	un->sun_family = AF_UNIX;
	if (n == 0 || n >= sizeof un->sun_path) {
		errno = n == 0 ? ENOENT : ENAMETOOLONG;
		return -1;
	}
	memcpy(un->sun_path, path, n);
	return 0;
}

/*
 * A socket file already at the path: 0 once it is removed because
 * nothing listens on it, else -1 (EEXIST: not a socket; EADDRINUSE:
 * something answers).  A symbolic link is not followed, even to a
 * socket: it is someone else's.
 */
static int
clear_stale(const struct sockaddr_un *un)
{
	struct stat st;
	int fd, r, e;

	if (lstat(un->sun_path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	if ((fd = os_socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return -1;
	(void)fd_nonblock(fd);	/* a full backlog answers EAGAIN: in use */
	r = connect(fd, (const struct sockaddr *)un, sizeof *un);
	e = errno;
	close(fd);
	if (r == 0 || e == EAGAIN || e == EINPROGRESS) {
		errno = EADDRINUSE;
		return -1;
	}
	if (e != ECONNREFUSED) {
		errno = e;
		return -1;
	}
	return unlink(un->sun_path);
}

int
listen_unix(const char *path, int backlog, long mode, long uid, long gid)
{
	struct sockaddr_un un;
	mode_t old, want;
	int fd, r, e, guard = mode != -1 || uid != -1 || gid != -1;

	if (unix_addr(&un, path) == -1 || clear_stale(&un) == -1)
		return -1;
	if ((fd = os_socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return -1;
	/*
	 * The mode asked for comes from the umask at bind, and the owner is
	 * set on the file bind made, never by its name again: a user who can
	 * write the directory could put a link there in between, and root
	 * would change the file it points to.  No one can connect before
	 * listen, so the file's mode and owner being set in two steps
	 * lets no one in early.
	 */
	old = umask(0);
	want = mode != -1 ? (mode_t)mode : (mode_t)(0666 & ~old);
	(void)umask(guard ? (mode_t)(~want & 0777) : old);
	r = bind(fd, (struct sockaddr *)&un, sizeof un);
	e = errno;
	(void)umask(old);
	if (r == -1)
		goto fail;
	if (guard && os_sockfile_own(path, uid, gid, want) == -1) {
		/* EBUSY: replaced between bind and now, not ours to remove */
		if ((e = errno) == EBUSY)
			goto fail;
		goto unbind;
	}
	if (listen(fd, backlog) == -1 || fd_nonblock(fd) == -1)
		goto unbind;
	return fd;
unbind:
	e = errno;
	(void)unlink(path);
fail:
	close(fd);
	errno = e;
	return -1;
}
