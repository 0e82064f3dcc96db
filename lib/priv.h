#ifndef PRIV_H
#define PRIV_H

#include <sys/types.h>

/*
 * Give up root: initgroups(user) (or only gid when user is NULL), setgid,
 * then setuid when setuser is set.
 */
int priv_drop(const char *user, uid_t uid, gid_t gid, int setuser);

#endif
