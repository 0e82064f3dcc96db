/*
 * unit test of lib/rundir: the directory is made 0700 under the base
 * whatever the umask, with a fresh name each time; its removal takes
 * svc-limit's files and nothing else: a link put in svc-limit/ or in
 * its place is removed never, followed never, and what is left is
 * reported; a directory swapped in under the name is not touched.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rundir.h"
#include "unit.h"

static char base[4096], outside[4096 + 16];

/* r's path, then /rel */
static const char *
in(const struct rundir *r, const char *rel)
{
	static char buf[RUNDIR_PATHMAX + 64];

	snprintf(buf, sizeof buf, "%s/%s", r->path, rel);
	return buf;
}

static int
touch(const char *p)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd == -1)
		return -1;
	close(fd);
	return 0;
}

int
main(void)
{
	const char *t = getenv("T");
	struct rundir r, r2;
	struct stat st;
	char long_base[RUNDIR_PATHMAX];

	snprintf(base, sizeof base, "%s/rundir-base", t ? t : "/tmp");
	snprintf(outside, sizeof outside, "%s/outside", base);
	(void)mkdir(base, 0755);

	/* made 0700 whatever the umask; a new name each time */
	umask(0277);
	CHECK(rundir_make(&r, base) == 0);
	umask(022);
	CHECK(strncmp(r.path, base, strlen(base)) == 0);
	CHECK(strstr(r.path, "/" RUNDIR_PREFIX) != NULL);
	CHECK(lstat(r.path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (st.st_mode & 0777) == 0700 && st.st_uid == geteuid());
	CHECK(rundir_make(&r2, base) == 0 && strcmp(r.path, r2.path) != 0);

	/* nothing in it, or only svc-limit's files: all gone */
	CHECK(rundir_remove(&r2) == 0);
	CHECK(lstat(r2.path, &st) == -1 && errno == ENOENT);
	CHECK(rundir_remove(&r2) == 0);	/* already gone */
	CHECK(mkdir(in(&r, "svc-limit"), 0700) == 0);
	CHECK(touch(in(&r, "svc-limit/4242")) == 0);
	CHECK(touch(in(&r, "svc-limit/unix-0123456789abcdef")) == 0);
	CHECK(rundir_remove(&r) == 0);
	CHECK(lstat(r.path, &st) == -1 && errno == ENOENT);

	/* a link in svc-limit/ is left, its target untouched, and said */
	CHECK(touch(outside) == 0);
	CHECK(rundir_make(&r, base) == 0);
	CHECK(mkdir(in(&r, "svc-limit"), 0700) == 0);
	CHECK(touch(in(&r, "svc-limit/1")) == 0);
	CHECK(symlink(outside, in(&r, "svc-limit/2")) == 0);
	CHECK(mkdir(in(&r, "svc-limit/deeper"), 0700) == 0);
	CHECK(touch(in(&r, "svc-limit/deeper/x")) == 0);
	CHECK(rundir_remove(&r) == -1 &&
	    (errno == ENOTEMPTY || errno == EEXIST));
	CHECK(lstat(in(&r, "svc-limit/1"), &st) == -1);
	CHECK(lstat(in(&r, "svc-limit/2"), &st) == 0);
	CHECK(lstat(in(&r, "svc-limit/deeper/x"), &st) == 0);
	CHECK(lstat(outside, &st) == 0);
	CHECK(unlink(in(&r, "svc-limit/2")) == 0);
	CHECK(unlink(in(&r, "svc-limit/deeper/x")) == 0);
	CHECK(rmdir(in(&r, "svc-limit/deeper")) == 0);
	CHECK(rundir_remove(&r) == 0);

	/* svc-limit/ a link to a directory: not followed, left */
	CHECK(rundir_make(&r, base) == 0);
	CHECK(symlink(base, in(&r, "svc-limit")) == 0);
	CHECK(rundir_remove(&r) == -1);
	CHECK(lstat(outside, &st) == 0);
	CHECK(lstat(in(&r, "svc-limit"), &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(unlink(in(&r, "svc-limit")) == 0);
	CHECK(rundir_remove(&r) == 0);

	/* another directory under the name: never touched */
	CHECK(rundir_make(&r, base) == 0);
	/* made while the first lives, so its inode cannot be the first's */
	CHECK(mkdir(in(&r, "../swap"), 0700) == 0);
	CHECK(rename(in(&r, "../swap"), r.path) == 0);
	CHECK(touch(in(&r, "keep")) == 0);
	CHECK(rundir_remove(&r) == -1 && errno == EEXIST);
	CHECK(lstat(in(&r, "keep"), &st) == 0);
	CHECK(unlink(in(&r, "keep")) == 0 && rmdir(r.path) == 0);

	/* a base too long, or one that is not there */
	memset(long_base, 'a', sizeof long_base - 1);
	long_base[0] = '/';
	long_base[sizeof long_base - 1] = '\0';
	CHECK(rundir_make(&r, long_base) == -1 && errno == ENAMETOOLONG &&
	    r.path[0] == '\0');
	CHECK(rundir_make(&r, "/nonexistent/dir") == -1 && errno == ENOENT);
	CHECK(rundir_remove(&r) == 0);

	unlink(outside);
	rmdir(base);
	return UNIT_END();
}
