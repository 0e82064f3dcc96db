/*
 * lock: byte locks with fcntl.  Built with the system's default feature
 * macros (as os.c is) so that F_OFD_SETLK is visible where it exists; a
 * kernel that predates it (EINVAL) falls back to record locks for good.
 */
#undef _POSIX_C_SOURCE
#define _DEFAULT_SOURCE
#define _GNU_SOURCE

#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "lock.h"

#ifdef F_OFD_SETLK
static int ofd = 1;
#else
static int ofd = 0;
#define F_OFD_SETLK F_SETLK
#define F_OFD_SETLKW F_SETLKW
#define F_OFD_GETLK F_GETLK
#endif

static int
setlk(int fd, int ofdcmd, int cmd, short type, off_t off, off_t len)
{
	struct flock fl;
	int r;

	for (;;) {
		memset(&fl, 0, sizeof fl);	/* l_pid must be 0 for OFD */
		fl.l_type = type;
		fl.l_whence = SEEK_SET;
		fl.l_start = off;
		fl.l_len = len;
		r = fcntl(fd, ofd ? ofdcmd : cmd, &fl);
		if (r == -1 && errno == EINVAL && ofd) {
			ofd = 0;	/* an older kernel: record locks */
			continue;
		}
		if (r == -1 && errno == EINTR && cmd == F_SETLKW)
			continue;
		if (r == -1 && errno == EACCES)
			errno = EAGAIN;	/* POSIX lets F_SETLK say either */
		if (r == 0 && cmd == F_GETLK)
			return fl.l_type != F_UNLCK;
		return r;
	}
}

int
lock_wait(int fd, off_t off)
{
	return setlk(fd, F_OFD_SETLKW, F_SETLKW, F_WRLCK, off, 1);
}

static volatile sig_atomic_t rang;

static void
on_alarm(int sig)
{
	(void)sig;
	rang = 1;
}

/*
 * A waiting fcntl is cut by SIGALRM (a handler without SA_RESTART): the
 * only bound POSIX gives a lock wait.  The alarm and the handler are
 * undone before returning, so nothing of them reaches an exec'd program.
 */
int
lock_wait_for(int fd, off_t off, unsigned secs)
{
	struct sigaction sa, old;
	struct flock fl;
	sigset_t alrm, oldmask;
	int r, err;

	if (lock_try(fd, off) == 0)
		return 0;	/* the usual case: no signal to set up */
	if (errno != EAGAIN)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	if (sigaction(SIGALRM, &sa, &old) == -1)
		return -1;
	(void)sigprocmask(SIG_UNBLOCK, &alrm, &oldmask);
	rang = 0;
	(void)alarm(secs > 0 ? secs : 1);
	for (;;) {
		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		fl.l_start = off;
		fl.l_len = 1;
		r = fcntl(fd, ofd ? F_OFD_SETLKW : F_SETLKW, &fl);
		if (r == -1 && errno == EINTR && !rang)
			continue;
		break;
	}
	err = r == -1 && errno == EINTR ? ETIMEDOUT : errno;
	(void)alarm(0);
	(void)sigaction(SIGALRM, &old, NULL);
	(void)sigprocmask(SIG_SETMASK, &oldmask, NULL);
	if (r == -1)
		errno = err;
	return r;
}

int
lock_try(int fd, off_t off)
{
	return setlk(fd, F_OFD_SETLK, F_SETLK, F_WRLCK, off, 1);
}

int
lock_drop(int fd, off_t off)
{
	return setlk(fd, F_OFD_SETLK, F_SETLK, F_UNLCK, off, 1);
}

int
lock_held(int fd, off_t off, off_t len)
{
	return setlk(fd, F_OFD_GETLK, F_GETLK, F_WRLCK, off, len);
}

const char *
lock_kind(void)
{
	return ofd ? "ofd" : "posix";
}
