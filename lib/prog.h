#ifndef PROG_H
#define PROG_H

/*
 * prog: the start-up every program of the suite shares, so that each
 * one answers --help, --version and a bad option alike.
 *
 *	#define USAGE "svc-example [-v] [-C max] prog [arg ...]"
 *	#define OPTSTR "C:v"
 *	static const struct prog_info proginfo = {
 *		"svc-example", NULL, USAGE,
 *		"Say what it does in a line or two.\n"
 *		"  -C max   what -C does\n"
 *		"  --help, --version\n",
 *	};
 *
 *	int
 *	main(int argc, char *argv[])
 *	{
 *		struct opts o;	// the command line, in one struct
 *
 *		prog_start(&proginfo, argc, argv);
 *		while ((ch = getopt(argc, argv, OPTS_FIRST OPTSTR)) != -1)
 *			switch (ch) {
 *			case 'C': ... break;
 *			default: die_opt(USAGE, OPTSTR);
 *			}
 *		...
 *	}
 *
 * prog_start sets PROG (the first word of every log line), opens
 * /dev/null on whichever of fds 0-2 is closed (exit 111 if it cannot),
 * answers "--help" (the usage line, then help) and "--version" ("NAME
 * VERSION") as the first argument on stdout with exit 0, and sets
 * opterr to 0, so that getopt stays quiet and die_opt writes the one
 * line: "PROG: usage: unknown option -x: USAGE" or "PROG: usage: option
 * -x needs a value: USAGE", exit 100.
 */
struct prog_info {
	const char *prog;	/* PROG: "svc-listen" */
	const char *name;	/* for --version when not prog; else NULL */
	const char *usage;	/* the usage line, without "usage: " */
	const char *help;	/* the rest of --help, lines ending in \n */
};

/* the start-up above; returns only when the program is to go on */
void prog_start(const struct prog_info *pi, int argc, char *argv[]);

#endif
