#ifndef FD_H
#define FD_H

/* set FD_CLOEXEC on fd */
int fd_cloexec(int fd);
/* set O_NONBLOCK on fd */
int fd_nonblock(int fd);
/* clear O_NONBLOCK on fd */
int fd_block(int fd);
/* open /dev/null on whichever of fds 0, 1, 2 is closed */
int fd_ensure_std(void);
/* mark every descriptor >= from close-on-exec (what we inherited) */
int fd_cloexec_from(int from);
/* write all n bytes, retrying on EINTR and short writes */
long fd_writeall(int fd, const void *p, unsigned long n);
/* create a pipe whose ends are close-on-exec and, if nb, nonblocking */
int fd_pipe(int p[2], int nb);

#endif
