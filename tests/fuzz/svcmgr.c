/*
 * Fuzz svcmgr_listen_fds (svc-listen systemd, -n name): the input is
 * "FDS\nNAMES\nNAME" (LISTEN_FDS, LISTEN_FDNAMES and the name asked for;
 * LISTEN_PID is ours).  No crash; the result is a descriptor from 3 to
 * 3 + LISTEN_FDS - 1 or an SVCMGR_ code, and the variables are gone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svcmgr.h"

#define MUST(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *names, *name, pid[24];
	unsigned long n;
	int r;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (strlen(s) != size) {	/* the environment holds no NUL */
		free(s);
		return 0;
	}
	names = strchr(s, '\n');
	if (names != NULL)
		*names++ = '\0';
	name = names != NULL ? strchr(names, '\n') : NULL;
	if (name != NULL)
		*name++ = '\0';
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", s, 1);
	if (names != NULL)
		setenv("LISTEN_FDNAMES", names, 1);
	else
		unsetenv("LISTEN_FDNAMES");
	r = svcmgr_listen_fds(name);
	n = strtoul(s, NULL, 10);
	MUST(r == SVCMGR_BAD || r == SVCMGR_NONAME || r == SVCMGR_MANY ||
	    (r >= 3 && (unsigned long)(r - 3) < n));
	MUST(getenv("LISTEN_PID") == NULL && getenv("LISTEN_FDS") == NULL &&
	    getenv("LISTEN_FDNAMES") == NULL);
	free(s);
	return 0;
}
