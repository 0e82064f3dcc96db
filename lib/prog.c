/*
 * prog: the start-up every program shares (see prog.h): PROG, fds 0-2,
 * --help, --version, getopt quiet.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "fd.h"
#include "prog.h"

static void
out(const char *s)
{
	(void)fd_writeall(1, s, strlen(s));
}

void
prog_start(const struct prog_info *pi, int argc, char *argv[])
{
	PROG = pi->prog;
	if (fd_ensure_std() == -1)
		die_sys(DIE_TEMP, "unable to open /dev/null");
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		out("usage: ");
		out(pi->usage);
		out("\n");
		out(pi->help);
		exit(0);
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		out(pi->name != NULL ? pi->name : pi->prog);
		out(" " SVC_VERSION "\n");
		exit(0);
	}
	opterr = 0;	/* die_opt says it, in our one-line shape */
}
