#ifndef OS_H
#define OS_H

/*
 * os: the shim over what is not POSIX.1-2008 (accept4, pipe2,
 * SOCK_CLOEXEC, vfork, TCP_INFO, /proc): each function uses the Linux or
 * BSD call where it exists and a POSIX fallback elsewhere.  Building with
 * -DSVC_PORTABLE takes the fallback everywhere, so that it stays tested.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <signal.h>

#if !defined(SVC_PORTABLE) && (defined(__linux__) || \
    defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__) || \
    defined(__DragonFly__))
#define OS_HAVE_ACCEPT4 1	/* and pipe2, SOCK_CLOEXEC */
#endif

/* vfork: the spawner's child shares our memory until it execs */
#if !defined(SVC_PORTABLE) && !defined(SVC_NO_VFORK) && \
    (defined(__linux__) || defined(__FreeBSD__) || defined(__NetBSD__) || \
    defined(__OpenBSD__) || defined(__DragonFly__))
#define OS_HAVE_VFORK 1
#endif

/* accept a connection; the new fd is close-on-exec */
int os_accept(int lfd, struct sockaddr *sa, socklen_t *len);
/* a socket that is close-on-exec from the start */
int os_socket(int domain, int type, int proto);
/* pipe2(O_CLOEXEC) or pipe + fcntl */
int os_pipe_cloexec(int p[2]);
/*
 * The payload bytes received on and sent (acknowledged) through TCP
 * socket fd, without the FINs that Linux counts; -1 where the system
 * cannot say (ENOTSOCK, ENOPROTOOPT, ENOTSUP).
 */
int os_tcp_data(int fd, unsigned long long *in, unsigned long long *out);
/* add the signals this process ignores to set, from /proc; -1 elsewhere */
int os_sigignored(sigset_t *set);

/* close every descriptor from lowfd up */
void os_closefrom(int lowfd);
/* len bytes of zeroed memory shared with forked children; NULL on failure */
void *os_shared(size_t len);

#endif
