/*
 * lopt: -c, -C and -N of svc-listen and svc-listend, checked in one
 * place (see lopt.h).
 */
#include <fcntl.h>
#include <string.h>

#include "buf.h"
#include "die.h"
#include "lopt.h"
#include "scan.h"

void
lopt_init(struct lopt *o)
{
	memset(o, 0, sizeof *o);
	o->maxconns = 100;
}

/* o->why = a b c, for die's "%s"; returns -1 */
static int
bad(struct lopt *o, const char *a, const char *b, const char *c)
{
	struct buf w;

	buf_init(&w, o->why, sizeof o->why - 1);
	buf_puts(&w, a);
	buf_puts(&w, b);
	buf_puts(&w, c);
	o->why[w.len] = '\0';
	return -1;
}

int
lopt_set(struct lopt *o, int ch, const char *arg)
{
	switch (ch) {
	case 'c':
		if (scan_range(arg, 1, CONNTAB_MAX, &o->maxconns) == -1)
			return bad(o, "-c wants a number from 1 to "
			    CONNTAB_MAXTEXT ": ", die_q(arg), "");
		return 0;
	case 'C':
		switch (scan_countmsg(arg, CONNTAB_MAX, &o->persource,
		    o->denymsg, sizeof o->denymsg, &o->denylen)) {
		case -1:
			return bad(o, "-C wants a number from 1 to "
			    CONNTAB_MAXTEXT ": ", die_q(arg), "");
		case -2:
			return bad(o, "-C: bad message (known escapes: \\r \\n "
			    "\\t \\\\ \\xNN; at most 1024 bytes)", "", "");
		}
		o->persrc = arg;
		return 0;
	case 'N':
		if (scan_range(arg, 3, LOPT_FDMAX, &o->notifyfd) == -1)
			return bad(o, "-N wants a descriptor number above 2: ",
			    die_q(arg), "");
		o->notify = 1;
		return 0;
	}
	return bad(o, "unknown option", "", "");
}

int
lopt_check(struct lopt *o)
{
	char num[24];
	struct buf w;

	if (!o->notify || fcntl((int)o->notifyfd, F_GETFD) != -1)
		return 0;
	buf_init(&w, num, sizeof num - 1);
	buf_putu(&w, o->notifyfd);
	num[w.len] = '\0';
	return bad(o, "-N ", num, ": descriptor is not open");
}
