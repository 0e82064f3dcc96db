#ifndef PRIV_H
#define PRIV_H

#include <sys/types.h>

/*
 * Give up root: initgroups(user) (or only gid when user is NULL), setgid,
 * then setuid when setuser is set.
 */
int priv_drop(const char *user, uid_t uid, gid_t gid, int setuser);
/*
 * A numeric user or group id: digits only, and a value that fits uid_t
 * (gid_t) and is not (uid_t)-1, which set*id calls read as "no change";
 * -1 on anything else, so 2^32 can never wrap to 0 (root)
 */
int priv_scanuid(const char *s, uid_t *uid);
int priv_scangid(const char *s, gid_t *gid);

#endif
