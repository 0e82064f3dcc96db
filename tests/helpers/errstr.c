/*
 * errstr NAME: print the C library's text for errno NAME (ETIMEDOUT,
 * EADDRINUSE, EMFILE), so that a test expects the words of the libc the
 * suite was built with (glibc and musl word some of them differently).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int
main(int argc, char *argv[])
{
	static const struct {
		const char *name;
		int err;
	} errs[] = {
		{ "ETIMEDOUT", ETIMEDOUT }, { "EADDRINUSE", EADDRINUSE },
		{ "EMFILE", EMFILE }, { "ECONNREFUSED", ECONNREFUSED },
		{ "ENOENT", ENOENT }, { "EACCES", EACCES },
	};
	size_t i;

	for (i = 0; argc == 2 && i < sizeof errs / sizeof errs[0]; i++)
		if (strcmp(argv[1], errs[i].name) == 0) {
			printf("%s\n", strerror(errs[i].err));
			return 0;
		}
	fprintf(stderr, "usage: errstr ETIMEDOUT|EADDRINUSE|EMFILE|...\n");
	return 100;
}
