/*
 * lnk_log: the parts of svc-log that the program and the fast path
 * share: its command line, the start of its lines, and its default mode
 * as a link, which only records the start of the end line for the
 * listener to finish at the reap (no process waits for the program).
 * The modes that need a process in the middle (-x, -X, -t, -i, -o, -v)
 * ask to be exec'd.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "die.h"
#include "link.h"
#include "logfmt.h"
#include "mono.h"
#include "prog.h"
#include "scan.h"
#include "sig.h"

#define USAGE "svc-log [-vxX] [-i secs] [-t secs] [-k secs] [-o dir] " \
    "prog [arg ...]"
#define OPTSTRING "i:k:o:t:vxX"

struct link_end *link_endslot;

const struct prog_info lnklog_info = { "svc-log", NULL, USAGE,
	    "Run prog for this connection and log how it ended:\n"
	    "  svc-log: end remote=IP:PORT pid=N status=N|signal=NAME "
	    "duration=S in=N out=N\n"
	    "  (status=detached: in the fast path, the listener stopped "
	    "while prog ran)\n"
	    "  -v       log a start line too\n"
	    "  -x       trace: relay every byte and log it, one line a chunk:\n"
	    "           svc-log: PID <|> OFFSET LENGTH \"bytes\"\n"
	    "  -X       trace with a hex dump as well (implies -x)\n"
	    "  -o dir   also write this connection's lines to a file of its "
	    "own\n"
	    "           in dir (mode 0600), named TIME-IP-PORT-PID\n"
	    "  -t secs  lifetime: then SIGTERM prog, reason=lifetime\n"
	    "  -i secs  idle: no byte either way for secs (needs -x), "
	    "reason=idle\n"
	    "  -k secs  from SIGTERM to SIGKILL (default 2)\n"
	    "  --help, --version\n"
	    "Exit: prog's status (or its signal), 100 bad usage, 111 cannot "
	    "set up,\n126/127 prog not runnable/not found.\n",
};

static unsigned long
secs(int opt, const char *arg, int zero)
{
	unsigned long ms;

	if (scan_msecs(arg, &ms) == -1 || (ms == 0 && !zero) ||
	    ms > SCAN_SECS_MAX * 1000UL)
		die(DIE_PERM, "-%c wants seconds (\"2\", \"0.5\")%s, at most "
		    "%d: %s", opt, zero ? "" : " above 0", SCAN_SECS_MAX,
		    die_q(arg));
	return ms;
}

char **
lnklog_parse(int argc, char *argv[], struct logcfg *c)
{
	int ch;

	memset(c, 0, sizeof *c);
	c->kill_ms = 2000;
	while ((ch = getopt(argc, argv, OPTS_FIRST OPTSTRING)) != -1) {
		switch (ch) {
		case 'i': c->idle_ms = secs(ch, optarg, 0); break;
		case 'k': c->kill_ms = secs(ch, optarg, 1); break;
		case 'o': c->dir = optarg; break;
		case 't': c->life_ms = secs(ch, optarg, 0); break;
		case 'v': c->verbose = 1; break;
		case 'X': c->hex = 1; /* FALLTHROUGH */
		case 'x': c->trace = 1; break;
		default:
			die_opt(USAGE, OPTSTRING);
		}
	}
	if (c->idle_ms > 0 && !c->trace)
		die(DIE_PERM, "-i needs -x: only a relay sees the bytes pass");
	if (c->dir != NULL && *c->dir == '\0')
		die(DIE_PERM, "-o wants a directory");
	argv += optind;
	if (argv[0] == NULL)
		die_usage(USAGE);
	return argv;
}

void
lnklog_remote(struct buf *b, char *mem, size_t cap, const char *event)
{
	const char *ip = getenv("TCPREMOTEIP");

	logfmt_begin(b, mem, cap, event);
	if (!logfmt_peer(b, "remote") && ip != NULL && *ip != '\0')
		logfmt_addr(b, "remote", ip, getenv("TCPREMOTEPORT"));
}

void
lnklog_begin(struct buf *b, char *mem, size_t cap, const char *event,
    pid_t self)
{
	lnklog_remote(b, mem, cap, event);
	logfmt_num(b, "pid", (unsigned long long)self);
}

void
lnklog_status(struct buf *b, int status, unsigned long long ms)
{
	if (WIFSIGNALED(status))
		logfmt_str(b, "signal", sig_name(WTERMSIG(status)));
	else
		logfmt_num(b, "status", (unsigned)WEXITSTATUS(status));
	logfmt_ms(b, "duration", ms);
}

void
lnklog_detached(struct buf *b, unsigned long long ms)
{
	logfmt_str(b, "status", "detached");
	logfmt_ms(b, "duration", ms);
}

void
lnklog_shared(struct buf *b, const char *line, size_t len)
{
	static const char start[] = "svc-log: end ";
	size_t n = sizeof start - 1;

	if (len > LINK_LINEMAX)
		len = LINK_LINEMAX;
	buf_puts(b, start);
	if (len >= n && memcmp(line, start, n) == 0) {
		line += n;
		len -= n;
	}
	buf_putesc(b, line, len);
}

/*
 * The default mode in the fast path: the program runs in this very
 * process, and the listener, which reaps it, finishes the end line.
 * Every other mode, a second svc-log in the chain, or no slot to share:
 * exec svc-log itself.
 */
static char **
run(int argc, char *argv[], int *code)
{
	struct logcfg c;
	struct link_end *e = link_endslot;
	struct buf b;
	char **next;

	next = lnklog_parse(argc, argv, &c);
	if (c.verbose || c.trace || c.dir != NULL || c.life_ms > 0 ||
	    e == NULL || e->armed) {
		*code = LINK_EXEC;
		return NULL;
	}
	e->start_ms = mono_ms();
	lnklog_remote(&b, e->line, sizeof e->line - 1, "end");
	e->len = b.len;
	e->armed = 1;
	return next;
}

/* the default mode, and only it, runs inside the listener */
static char **
parse_only(int argc, char *argv[])
{
	struct logcfg c;
	char **next;

	next = lnklog_parse(argc, argv, &c);
	if (c.verbose || c.trace || c.dir != NULL || c.life_ms > 0)
		return NULL;
	return next;
}

const struct link link_log = { &lnklog_info, run, parse_only,
    OPTS_FIRST OPTSTRING };
