#ifndef RUNDIR_H
#define RUNDIR_H

#include <sys/types.h>

/*
 * rundir: the private directory a listener that is not root makes for
 * its children (SVC_RUNTIME_DIR), where svc-limit keeps its default state
 * file, and removes at its stop.  Its name is mkdtemp's, random, so no
 * other local user can make it first, as one can a fixed name under
 * /tmp.
 */
#define RUNDIR_PATHMAX 4096
#define RUNDIR_PREFIX "svc-listen."

struct rundir {
	char path[RUNDIR_PATHMAX];	/* "" when none was made */
	dev_t dev;			/* which directory it is, so that */
	ino_t ino;			/* only that one is ever removed */
};

/*
 * Make base/svc-listen.XXXXXX, mode 0700, into r (base absolute); -1
 * with errno (ENAMETOOLONG: base too long)
 */
int rundir_make(struct rundir *r, const char *base);
/*
 * Remove r: the regular files in its svc-limit subdirectory, that
 * subdirectory, then r itself, never following a link nor going deeper.
 * 0 when it is gone (or was already), -1 with errno, the first failure,
 * when something was left.
 */
int rundir_remove(const struct rundir *r);

#endif
