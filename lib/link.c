/*
 * link: the table of the suite's links and the main of a link program
 * (see link.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "cidr.h"
#include "die.h"
#include "link.h"
#include "logfmt.h"
#include "prog.h"
#include "scan.h"

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
link_remote(struct buf *b, const unsigned char a[16])
{
	char ip[CIDR_TEXTLEN], num[8];
	const char *port = getenv("TCPREMOTEPORT");
	unsigned long p;
	struct buf n;

	(void)cidr_fmt(a, 128, ip, sizeof ip);
	num[0] = '\0';
	if (port != NULL && scan_range(port, 0, 65535, &p) == 0) {
		buf_init(&n, num, sizeof num - 1);
		buf_putu(&n, p);
		num[n.len] = '\0';
	}
	logfmt_addr(b, "remote", ip, num);
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
