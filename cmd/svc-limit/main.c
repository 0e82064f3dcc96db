/*
 * svc-limit: admit or refuse one connection by per-source and total rate
 * and concurrency, then exec the rest of the command line.  Runs once per
 * connection, after svc-listen or any UCSPI server; every process of a
 * service shares one state file.  The logic is lib/lnk_limit.c, which
 * svc-listend also runs in-process (the chain's fast path).
 *
 * Reads TCPREMOTEIP (required), TCPREMOTEPORT (for log lines),
 * TCPLOCALPORT (names the default state file), XDG_RUNTIME_DIR and
 * TMPDIR, and, over -R, -B and -C, SVC_LIMIT_R, SVC_LIMIT_B and
 * SVC_LIMIT_C when set (a link before this one, svc-access, sets them
 * per rule).  Sets nothing.
 * With -C or -c, passes the state file's descriptor on to the program:
 * the connection's slot is a lock through it, held until the last process
 * holding the descriptor ends.
 */
#include "link.h"

int
main(int argc, char *argv[])
{
	return link_main(&link_limit, argc, argv);
}
