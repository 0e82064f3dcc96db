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
#include "scan.h"

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


int
priv_scanuid(const char *s, uid_t *uid)
{
	unsigned long v;

	if (scan_ulong(s, &v) == -1 || (unsigned long)(uid_t)v != v ||
	    (uid_t)v == (uid_t)-1)
		return -1;
	*uid = (uid_t)v;
	return 0;
}

int
priv_scangid(const char *s, gid_t *gid)
{
	unsigned long v;

	if (scan_ulong(s, &v) == -1 || (unsigned long)(gid_t)v != v ||
	    (gid_t)v == (gid_t)-1)
		return -1;
	*gid = (gid_t)v;
	return 0;
}
