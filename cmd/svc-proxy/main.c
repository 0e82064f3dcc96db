/*
 * svc-proxy: read the PROXY protocol header (version 1 or 2) that a
 * trusted load balancer sends before a relayed connection's first byte,
 * put the real client's addresses in the environment, then exec the
 * rest of the command line.  The logic is lib/lnk_proxy.c, which
 * svc-listend's child also runs in-process (the chain's fast path).
 */
#include "link.h"

int
main(int argc, char *argv[])
{
	return link_main(&link_proxy, argc, argv);
}
