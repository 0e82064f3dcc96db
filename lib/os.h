#ifndef OS_H
#define OS_H

/*
 * os: the small shim over what is not POSIX.1-2008.  Each function uses
 * the Linux or BSD call where it exists and a portable fallback elsewhere.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <signal.h>

/* accept a connection; the new fd is close-on-exec */
int os_accept(int lfd, struct sockaddr *sa, socklen_t *len);
/* a socket that is close-on-exec from the start */
int os_socket(int domain, int type, int proto);
/* pipe2(O_CLOEXEC) or pipe + fcntl */
int os_pipe_cloexec(int p[2]);
/*
 * Start path with argv/envp in a child whose fds 0 and 1 are sock, whose
 * caught signals nsig/sigs are reset to default and whose signal mask is
 * empty.  vfork where it exists: the child only does async-signal-safe
 * calls.  On exec failure the child writes errline (errlen bytes) to fd 2
 * and exits 127 (not found) or 126.  Returns the pid, or -1.
 */
pid_t os_spawn(const char *path, char *const argv[], char *const envp[],
    int sock, const int *sigs, int nsig, const char *errline, size_t errlen);
/*
 * A close-on-exec descriptor that polls readable once child pid has
 * ended (Linux pidfd), at base or above where it can be; -1 with
 * ENOSYS elsewhere.  Keep base above the sockets handed to os_spawn:
 * its child copies only the descriptors up to its socket.
 */
int os_pidfd(pid_t pid, int base);
/*
 * Raise the soft descriptor limit to need, or as near as the hard limit
 * allows; os_spawn's children get the limit as it was.  Returns the
 * limit now in force, or -1.
 */
long os_nofile_raise(unsigned long need);
/* an event set (epoll), itself pollable; -1 with ENOSYS elsewhere */
int os_ev_open(void);
/* watch fd in ev for input, reported as key; closing fd unwatches it */
int os_ev_add(int ev, int fd, unsigned long key);
/* the keys (at most max, 64) of watched descriptors with input; no wait */
int os_ev_ready(int ev, unsigned long *keys, int max);
/* the same counting data only (Linux counts a FIN as a byte); -1 if unknown */
int os_tcp_data(int fd, unsigned long long *in, unsigned long long *out);
/* add the signals this process ignores to set, in one read of /proc; -1 elsewhere */
int os_sigignored(sigset_t *set);
/*
 * Start argv[0], found on PATH, in a child whose signals in reset are at
 * their default and whose mask is empty; with c0 and c1 not -1, they
 * become its fds 0 and 1.  reset must hold every signal the caller
 * catches (the vfork child shares its memory) and those it found ignored.
 * vfork where it exists, fork and a pipe elsewhere.  -1 with errno when
 * fork or exec failed (the child reaped).
 */
pid_t os_spawnp(char *const argv[], int c0, int c1, const sigset_t *reset);

#endif
