/*
 * link: the table of the suite's links and the main of a link program
 * (see link.h).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "cidr.h"
#include "die.h"
#include "fd.h"
#include "link.h"
#include "mono.h"
#include "prog.h"

#define LINGER_MS 250	/* after a message: the longest wait for a client */

const struct link *const link_all[] = { &link_limit, &link_log,
	&link_access, &link_proxy, NULL };

int link_inlistener;
int link_out = 1;
int link_linger;
int link_fd[LINK_MAXFD], link_keep[LINK_MAXFD], link_nfd;

void
link_opened(int fd, int keep)
{
	if (link_inlistener && link_nfd < LINK_MAXFD) {
		link_fd[link_nfd] = fd;
		link_keep[link_nfd++] = keep;
	}
}

void
link_refuse(const char *msg, size_t len)
{
	if (len == 0)
		return;
	if (!link_inlistener)	/* it catches SIGPIPE */
		(void)signal(SIGPIPE, SIG_IGN);	/* client gone */
	(void)fd_writeall(link_out, msg, (unsigned long)len);
	if (link_inlistener)
		link_linger = 1;	/* in the exit's child */
	else
		link_drain(0, 1);
}

/*
 * After a message: closing a socket with unread input sends a reset,
 * which the client reads as an error, not as the end of the message.
 * So send the end of our output, then read what the client sends until
 * its end, for a moment at most (as svc-listen -C holds a client); a
 * client that goes on sending gets the reset.  Only on a socket: never
 * a terminal.  In and out are 0 and 1, or the socket of a child of the
 * listener, which lingers there for a refusal decided inside the
 * listener.
 */
void
link_drain(int in, int out)
{
	struct pollfd p;
	struct stat st;
	char junk[4096];
	unsigned long long now, end;
	int i;

	if (fstat(in, &st) == -1 || !S_ISSOCK(st.st_mode) ||
	    shutdown(out, SHUT_WR) == -1)
		return;
	end = mono_ms() + LINGER_MS;
	p.fd = in;
	p.events = POLLIN;
	for (i = 0; i < 64; i++) {
		if ((now = mono_ms()) >= end ||
		    poll(&p, 1, (int)(end - now)) <= 0 ||
		    read(in, junk, sizeof junk) <= 0)
			break;
	}
}

int
link_main(const struct link *l, int argc, char *argv[])
{
	char **next;
	int code = 0;

	prog_start(l->info, argc, argv);
	if ((next = l->run(argc, argv, &code)) == NULL)
		return code;
	execvp(next[0], next);
	die_sys(die_execcode(errno), "unable to run %s", die_q(next[0]));
}

void
link_cidr_opt(const char *s, struct cidr *tab, size_t *n, size_t max)
{
	if (*n == max)
		die(DIE_PERM, "-a: at most %lu prefixes", (unsigned long)max);
	if (cidr_parse(s, &tab[*n]) == 0) {
		(*n)++;
		return;
	}
	if (errno == EDOM)
		die(DIE_PERM, "-a %s: bits set after the prefix length",
		    die_q(s));
	die(DIE_PERM, "-a wants an address or address/length: %s", die_q(s));
}
