/*
 * svc-access: allow or deny one connection by address rules, and set or
 * unset environment variables by rule, then exec the rest of the command
 * line.  Runs once per connection, after svc-listen or any UCSPI server.
 * The logic is lib/lnk_access.c, which svc-listend's child also runs
 * in-process (the chain's fast path).
 *
 * Reads TCPREMOTEIP (required), TCPREMOTEPORT (for log lines),
 * TCPREMOTEHOST and TCPREMOTEINFO (for tcprules' =host and info@ rules).
 * Sets and unsets what the matching rule says.
 */
#include "link.h"

int
main(int argc, char *argv[])
{
	return link_main(&link_access, argc, argv);
}
