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

/*
 * Linux: a child that shares our memory and descriptor table until it
 * keeps only the descriptors it needs (clone CLONE_FILES, close_range
 * CLOSE_RANGE_UNSHARE); pidfds and epoll to learn which child ended.
 * Not for valgrind, which follows none of them (SVC_NO_CLONE_FILES).
 */
#if !defined(SVC_PORTABLE) && defined(__linux__)
#define OS_HAVE_PIDFD 1
#if !defined(SVC_NO_VFORK) && !defined(SVC_NO_CLONE_FILES)
#define OS_HAVE_CLONE_FILES 1
#endif
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
 * Start fn(arg) in a child that runs in our memory and with our
 * descriptor table, we waiting until it execs or exits (clone with
 * CLONE_VM, CLONE_VFORK, CLONE_FILES); the child must call
 * os_unshare_fds first.  -1 with ENOSYS where there is no such call.
 */
pid_t os_clone_files(int (*fn)(void *), void *arg);
/* in such a child: a table of its own holding only fds below from */
int os_unshare_fds(int from);
/*
 * Raise the soft descriptor limit to need, or as near as the hard limit
 * allows; children get back the limit as it was (os_nofile_child).
 * Returns the limit now in force, or -1.
 */
long os_nofile_raise(unsigned long need);
/* in a child before the exec: the descriptor limit we started with */
void os_nofile_child(void);
/*
 * A close-on-exec descriptor that polls readable once child pid has
 * ended (Linux pidfd), at base or above where it can be; -1 with
 * ENOSYS elsewhere.  Keep base above the sockets handed to a child:
 * with ownfds, it keeps only the descriptors up to its socket.
 */
int os_pidfd(pid_t pid, int base);
/* an event set (epoll), itself pollable; -1 with ENOSYS elsewhere */
int os_ev_open(void);
/* watch fd in ev for input, reported as key; closing fd unwatches it */
int os_ev_add(int ev, int fd, unsigned long key);
/* the keys (at most max, 64) of watched descriptors with input; no wait */
int os_ev_ready(int ev, unsigned long *keys, int max);
/*
 * The payload bytes received on and sent (acknowledged) through TCP
 * socket fd, without the FINs that Linux counts; -1 where the system
 * cannot say (ENOTSOCK, ENOPROTOOPT, ENOTSUP).
 */
int os_tcp_data(int fd, unsigned long long *in, unsigned long long *out);
/* add the signals this process ignores to set, from /proc; -1 elsewhere */
int os_sigignored(sigset_t *set);
/*
 * The credentials of a UNIX-domain socket's peer, as the kernel saw
 * them at connect: SO_PEERCRED on Linux, getpeereid on the BSDs (which
 * do not tell the pid: *pid is 0 there).  -1 with errno elsewhere.
 */
int os_peercred(int fd, uid_t *uid, gid_t *gid, pid_t *pid);
/* SO_REUSEPORT on fd: -1 with errno where the system lacks it */
int os_reuseport(int fd);

/*
 * Keep processes of the same user from reading this one's memory and
 * descriptors (ptrace, /proc/PID/fd): Linux's PR_SET_DUMPABLE 0, which
 * an execve undoes.  0, or -1 with errno where the system lacks it.
 */
int os_nodump(void);
/*
 * Give the socket file bind just made at path the owner uid:gid (-1
 * keeps one) and the permission bits mode, without following a link
 * that replaced it: through a descriptor of the file itself (Linux's
 * O_PATH; a chmod through /proc only where the umask at bind did not give
 * the mode), else lchown (and ENOTSUP if the mode is not as asked).  The
 * file must be a socket of this user's: if not, -1 with errno EBUSY.  0,
 * or -1 with errno.
 */
int os_sockfile_own(const char *path, long uid, long gid, mode_t mode);
/* close every descriptor from lowfd up */
void os_closefrom(int lowfd);
/* len bytes of zeroed memory shared with forked children; NULL on failure */
void *os_shared(size_t len);

#endif
