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
