/* unit tests of lib/svcmgr: LISTEN_FDS parsing, the pid check, names */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "svcmgr.h"
#include "unit.h"

static void
set(const char *pid, const char *fds, const char *names)
{
	char me[24];

	snprintf(me, sizeof me, "%ld", (long)getpid());
	if (pid != NULL)
		setenv("LISTEN_PID", *pid == '=' ? me : pid, 1);
	else
		unsetenv("LISTEN_PID");
	if (fds != NULL)
		setenv("LISTEN_FDS", fds, 1);
	else
		unsetenv("LISTEN_FDS");
	if (names != NULL)
		setenv("LISTEN_FDNAMES", names, 1);
	else
		unsetenv("LISTEN_FDNAMES");
}

static int
gone(void)
{
	return getenv("LISTEN_PID") == NULL && getenv("LISTEN_FDS") == NULL &&
	    getenv("LISTEN_FDNAMES") == NULL;
}

int
main(void)
{
	set(NULL, NULL, NULL);
	CHECK(svcmgr_listen_fds(NULL) == SVCMGR_NONE);
	set("=", "1", NULL);
	CHECK(svcmgr_listen_fds(NULL) == 3);
	CHECK(gone());
	set("1", "1", NULL);		/* init's, not ours */
	CHECK(svcmgr_listen_fds(NULL) == SVCMGR_NOTOURS);
	CHECK(gone());
	set(NULL, "1", NULL);
	CHECK(svcmgr_listen_fds(NULL) == SVCMGR_NOTOURS);
	set("=", "x", NULL);
	CHECK(svcmgr_listen_fds(NULL) == SVCMGR_BAD);
	set("=", "0", NULL);
	CHECK(svcmgr_listen_fds(NULL) == SVCMGR_BAD);
	set("12x", "1", NULL);
	CHECK(svcmgr_listen_fds(NULL) == SVCMGR_BAD);
	set("=", "3", "a:b:c");
	CHECK(svcmgr_listen_fds(NULL) == SVCMGR_MANY);
	CHECK(gone());
	set("=", "3", "a:b:c");
	CHECK(svcmgr_listen_fds("a") == 3);
	set("=", "3", "a:b:c");
	CHECK(svcmgr_listen_fds("c") == 5);
	set("=", "3", "a:bb:c");
	CHECK(svcmgr_listen_fds("b") == SVCMGR_NONAME);
	set("=", "2", "a:b:c");		/* a name past LISTEN_FDS */
	CHECK(svcmgr_listen_fds("c") == SVCMGR_NONAME);
	set("=", "2", "::b");		/* empty names are names too */
	CHECK(svcmgr_listen_fds("b") == SVCMGR_NONAME);
	set("=", "3", "::b");
	CHECK(svcmgr_listen_fds("b") == 5);
	set("=", "1", NULL);
	CHECK(svcmgr_listen_fds("a") == SVCMGR_NONAME);
	CHECK(gone());

	unsetenv("NOTIFY_SOCKET");
	CHECK(svcmgr_notify_open() == -1);
	setenv("NOTIFY_SOCKET", "relative", 1);
	CHECK(svcmgr_notify_open() == -1);
	return UNIT_END();
}
