/*
 * port: a TCP port from the command line, by number or by the name the
 * system's services database gives it.  Kept apart from sock.c because
 * the name lookup pulls in the resolver, which static links leave out.
 */
#include <arpa/inet.h>
#include <netdb.h>

#include "port.h"
#include "scan.h"

int
port_scan(const char *s, unsigned *port)
{
	struct servent *se;
	unsigned long v;

	if (*s >= '0' && *s <= '9') {
		if (scan_range(s, 0, 65535, &v) == -1)
			return -1;
		*port = (unsigned)v;
		return 0;
	}
	if ((se = getservbyname(s, "tcp")) == NULL)
		return -1;
	*port = ntohs((unsigned short)se->s_port);
	return 0;
}

