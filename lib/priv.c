/*
 * priv: dropping privileges.  initgroups and setgroups are not POSIX,
 * so this file asks for the system's defaults; apart from os.c because
 * initgroups pulls in the user database, which static links leave out.
 */
#undef _POSIX_C_SOURCE
#define _DEFAULT_SOURCE
#define _BSD_SOURCE

#include <sys/types.h>
#include <grp.h>
#include <unistd.h>

#include "priv.h"

int
priv_drop(const char *user, uid_t uid, gid_t gid, int setuser)
{
	if (user != NULL) {
		if (initgroups(user, gid) == -1)
			return -1;
	} else if (setgroups(1, &gid) == -1)
		return -1;
	if (setgid(gid) == -1)
		return -1;
	if (setuser && setuid(uid) == -1)
		return -1;
	return 0;
}

