/*
 * swap.so: a preload library of the tests' own that plays a local user
 * racing a root listener for its UNIX socket's file: right after a bind
 * to a UNIX path succeeds, the file bind made is replaced, by the name,
 * with a symbolic link to SWAP_TARGET, as a user who can write the
 * socket's directory could do between the bind and whatever the listener
 * does next by that name.  Without SWAP_TARGET it does nothing.  Only
 * dynamic programs can be reached: the tests use the build in tests/fi/.
 */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
bind(int fd, const struct sockaddr *sa, socklen_t len)
{
	static int (*real)(int, const struct sockaddr *, socklen_t);
	const struct sockaddr_un *un = (const struct sockaddr_un *)sa;
	const char *to = getenv("SWAP_TARGET");
	char path[sizeof un->sun_path + 1];
	int r;

	if (real == NULL &&
	    (*(void **)&real = dlsym(RTLD_NEXT, "bind")) == NULL)
		abort();
	if ((r = real(fd, sa, len)) == 0 && to != NULL &&
	    sa->sa_family == AF_UNIX && un->sun_path[0] != '\0') {
		memcpy(path, un->sun_path, sizeof un->sun_path);
		path[sizeof un->sun_path] = '\0';
		if (unlink(path) == -1 || symlink(to, path) == -1)
			abort();
	}
	return r;
}
