/*
 * rundir: a listener's private directory for its children (see
 * rundir.h).  Emptied through descriptors of the directories themselves
 * (openat, unlinkat), so that a link put in place of a name is removed,
 * never followed.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rundir.h"

#define SUBDIR "svc-limit"	/* what svc-limit makes in it */
#define PASSES 3		/* readdir need not list what came or went */

int
rundir_make(struct rundir *r, const char *base)
{
	struct stat st;
	int n, fd, err;

	r->path[0] = '\0';
	n = snprintf(r->path, sizeof r->path, "%s/" RUNDIR_PREFIX "XXXXXX",
	    base);
	if (n < 0 || (size_t)n >= sizeof r->path) {
		r->path[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	if (mkdtemp(r->path) == NULL) {
		r->path[0] = '\0';
		return -1;
	}
	/* 0700 whatever the umask: the children make svc-limit/ in it */
	if ((fd = open(r->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || fstat(fd, &st) == -1 ||
	    fchmod(fd, 0700) == -1) {
		err = errno;
		if (fd != -1)
			close(fd);
		(void)rmdir(r->path);
		r->path[0] = '\0';
		errno = err;
		return -1;
	}
	close(fd);
	r->dev = st.st_dev;
	r->ino = st.st_ino;
	return 0;
}

/* one pass over svc-limit/: its regular files go; 1 if one went */
static int
empty_pass(int sfd, int *err)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int fd, gone = 0;

	if ((fd = dup(sfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (*err == 0)
			*err = errno;
		if (fd != -1)
			close(fd);
		return 0;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(sfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode))
			continue;	/* not ours: left, and rmdir says so */
		if (unlinkat(sfd, de->d_name, 0) == 0)
			gone = 1;
		else if (*err == 0)
			*err = errno;
	}
	closedir(d);
	return gone;
}

int
rundir_remove(const struct rundir *r)
{
	struct stat st;
	int dfd, sfd, i, err = 0;

	if (r->path[0] == '\0')
		return 0;
	dfd = open(r->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd == -1)
		return errno == ENOENT ? 0 : -1;
	if (fstat(dfd, &st) == -1) {
		err = errno;
		close(dfd);
		errno = err;
		return -1;
	}
	if (st.st_dev != r->dev || st.st_ino != r->ino) {
		close(dfd);
		errno = EEXIST;	/* not the one we made: never touched */
		return -1;
	}
	sfd = openat(dfd, SUBDIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (sfd != -1) {
		for (i = 0; i < PASSES && empty_pass(sfd, &err); i++)
			;
		close(sfd);
		if (unlinkat(dfd, SUBDIR, AT_REMOVEDIR) == -1 && err == 0)
			err = errno;
	} else if (errno != ENOENT)
		err = errno;
	close(dfd);
	if (rmdir(r->path) == -1 && err == 0)
		err = errno;
	if (err == 0)
		return 0;
	errno = err;
	return -1;
}
