/*
 * svc-log: run a program for one connection and log how it went: its
 * exit status or signal, the duration, the bytes each way; with -x, sit
 * between the client and the program and log every byte as it passes
 * (xinetd's log_on_success, ucspi-tcp's recordio).  A link of the chain,
 * run per connection behind svc-listen or any UCSPI server:
 *
 *	svc-listen 60321 svc-log [-x] prog [arg ...]
 *
 * Reads TCPREMOTEIP and TCPREMOTEPORT (the client, left out of the log
 * when unset), or behind a UNIX-domain listener PROTO=UNIX,
 * UNIXREMOTEEUID, UNIXREMOTEEGID and UNIXREMOTEPID, and PATH (to find
 * prog).  Sets nothing: prog gets the
 * environment as it is, fd 2, and fds 0 and 1 as they are (by default)
 * or one socket pair each (-x), no other descriptor of ours, default
 * signal dispositions and an empty mask.  svc-log exits as prog did.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "die.h"
#include "fd.h"
#include "link.h"
#include "logfmt.h"
#include "mono.h"
#include "os.h"
#include "prog.h"
#include "scan.h"
#include "sig.h"
#include "sock.h"
#include "spawn.h"
#include "svclog.h"

static volatile pid_t fwd_pid;	/* where TERM, INT and HUP go */

/* TERM, INT, HUP: to the child; with none (any more), as if not caught */
static void
forward(int sig)
{
	int saved = errno;

	if (fwd_pid > 0)
		(void)kill(fwd_pid, sig);
	else {
		(void)sig_default(sig);
		(void)raise(sig);	/* delivered once this handler returns */
	}
	errno = saved;
}

/*
 * Start prog (spawn.h: every signal caught or found ignored here back to
 * default, an empty mask); with c0 and c1 not -1, they become its fds 0
 * and 1.  vfork, not fork, which costs a copy of our page tables, nor
 * posix_spawn, whose glibc version leaves its internal signals ignored
 * in prog.  An exec failure ends svc-log here with 127 or 126, without
 * an end line.
 */
static pid_t
start(char *argv[], int c0, int c1)
{
	struct spawn sp;
	pid_t pid;
	int err;

	memset(&sp, 0, sizeof sp);
	sp.path = argv[0];
	sp.argv = argv;
	sp.fd0 = c0;
	sp.fd1 = c1;
	if ((pid = spawn_start(&sp, &err)) == -1)
		die_sys(DIE_TEMP, "unable to start %s", die_q(argv[0]));
	if (err == 0)
		return pid;
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
	errno = err;
	if (err == EAGAIN || err == ENOMEM)
		die_sys(DIE_TEMP, "unable to start %s", die_q(argv[0]));
	die_sys(die_execcode(err), "unable to run %s", die_q(argv[0]));
}

int
child_reap(struct run *r, int hang)
{
	pid_t p;

	if (r->reaped)
		return 1;
	while ((p = waitpid(r->child, &r->status, hang ? 0 : WNOHANG)) == -1)
		if (errno != EINTR)
			die_sys(DIE_TEMP, "unable to wait for pid %ld",
			    (long)r->child);
	if (p == 0)
		return 0;
	r->reaped = 1;
	fwd_pid = 0;
	return 1;
}

/*
 * A write to the -o file that fails (a full disk) may have written part
 * of a line: the file is cut back to its last whole line, told why in a
 * last line where that fits, and dropped; stderr says so and goes on
 * with the trace and the end line.
 */
static void
log_file_fail(struct run *r)
{
	char mem[256];
	struct buf b;
	int err = errno;

	(void)!ftruncate(r->logfd, (off_t)r->logoff);	/* best effort */
	buf_init(&b, mem, sizeof mem);
	buf_puts(&b, PROG);
	buf_puts(&b, ": warning: unable to write the -o file (cut at byte ");
	buf_putu(&b, r->logoff);
	buf_puts(&b, ", after its last whole line; the trace goes on on "
	    "stderr): ");
	buf_puts(&b, strerror(err));
	buf_endline(&b);
	(void)fd_writeall(r->logfd, b.p, b.len);	/* if it fits */
	die_writeline(b.p, b.len);
	close(r->logfd);
	r->logfd = -1;
}

void
log_out(struct run *r, const char *p, size_t n)
{
	die_writeline(p, n);
	if (r->logfd == -1)
		return;
	if (fd_writeall(r->logfd, p, n) == -1)
		log_file_fail(r);
	else
		r->logoff += n;
}

/* "PROG: EVENT remote=IP:PORT pid=N" (no remote= outside UCSPI) into mem */
static void
log_begin(struct run *r, struct buf *b, char *mem, const char *event)
{
	lnklog_begin(b, mem, LOG_LINEMAX - 1, event, r->self);
}

static void
log_start(struct run *r, char *argv[])
{
	char mem[LOG_LINEMAX];
	struct buf b;

	log_begin(r, &b, mem, "start");
	logfmt_num(&b, "child", (unsigned long long)r->child);
	logfmt_str(&b, "prog", argv[0]);
	logfmt_finish(&b);
	log_out(r, b.p, b.len);
}

static void
log_end(struct run *r)
{
	char mem[LOG_LINEMAX];
	struct buf b;

	log_begin(r, &b, mem, "end");
	lnklog_status(&b, r->status, mono_ms() - r->start_ms);
	if (r->counted) {
		logfmt_num(&b, "in", r->in);
		logfmt_num(&b, "out", r->out);
	}
	if (r->reason != NULL)
		logfmt_str(&b, "reason", r->reason);
	logfmt_finish(&b);
	log_out(r, b.p, b.len);
}

/*
 * "YYYYMMDDTHHMMSS" in UTC by arithmetic (days to civil date, as in
 * H. Hinnant's algorithms): glibc's gmtime reads the zone file first.
 */
static void
utc_stamp(char *out, size_t len, long long t)
{
	long long days = t / 86400, secs = t % 86400, era, doe, yoe, doy, mp;
	long long y, m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	days += 719468;		/* from 1970-01-01 to 0000-03-01 */
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	(void)snprintf(out, len, "%04d%02d%02dT%02d%02d%02d", (int)y, (int)m,
	    (int)d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/*
 * -o: DIR/TIME-IP-PORT-PID, TIME in UTC to the microsecond so that a
 * listing sorts by time; created 0600, whatever the umask.
 */
static void
open_file(struct run *r)
{
	const char *ip = getenv("TCPREMOTEIP"), *port = getenv("TCPREMOTEPORT");
	char path[4096], stamp[64];
	struct timespec ts;
	int n;

	clock_gettime(CLOCK_REALTIME, &ts);
	utc_stamp(stamp, sizeof stamp, (long long)ts.tv_sec);
	n = snprintf(path, sizeof path, "%s/%s.%06ldZ-%s-%s-%ld", r->cfg->dir,
	    stamp, (long)ts.tv_nsec / 1000, ip && *ip ? ip : "local",
	    port && *port ? port : "0", (long)r->self);
	if (n < 0 || (size_t)n >= sizeof path || strchr(path + strlen(
	    r->cfg->dir) + 1, '/') != NULL) {
		warn("unable to name the -o file in %s", die_q(r->cfg->dir));
		return;
	}
	r->logfd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND |
	    O_CLOEXEC, 0600);
	if (r->logfd == -1) {
		warn_sys("unable to create %s", die_q(path));
		return;
	}
	(void)fchmod(r->logfd, 0600);
}

/* exit as the child did: its status, or its signal raised on ourselves */
static void
exit_as_child(int st)
{
	struct rlimit rl;
	sigset_t set;
	int sig;

	if (!WIFSIGNALED(st))
		exit(WEXITSTATUS(st));
	sig = WTERMSIG(st);
	/* the child dumped core already, if it was to: not a second one */
	if (getrlimit(RLIMIT_CORE, &rl) == 0) {
		rl.rlim_cur = 0;
		(void)setrlimit(RLIMIT_CORE, &rl);
	}
	(void)sig_default(sig);
	sigemptyset(&set);
	sigaddset(&set, sig);
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
	(void)raise(sig);
	exit(128 + sig);	/* a signal that does not kill (CHLD, CONT...) */
}

/* a socket pair, both ends close-on-exec, ours nonblocking */
static void
pair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1 ||
	    fd_cloexec(sv[0]) == -1 || fd_cloexec(sv[1]) == -1 ||
	    fd_nonblock(sv[0]) == -1)
		die_sys(DIE_TEMP, "unable to create a socket pair");
}

int
main(int argc, char *argv[])
{
	static const int fwd[] = { SIGTERM, SIGINT, SIGHUP };
	struct logcfg cfg;
	struct run r;
	sigset_t set;
	char **prog;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, loop, i;

	prog_start(&lnklog_info, argc, argv);
	prog = lnklog_parse(argc, argv, &cfg);

	memset(&r, 0, sizeof r);
	r.cfg = &cfg;
	r.logfd = -1;
	r.start_ms = mono_ms();
	loop = cfg.trace || cfg.life_ms > 0;

	/*
	 * No signal to forward may come before we know where it goes.
	 * SIGPIPE stays blocked: a log reader gone away must not kill us,
	 * and prog starts with it unblocked and at its default anyway.
	 */
	sigemptyset(&set);
	for (i = 0; i < 3; i++)
		sigaddset(&set, fwd[i]);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGPIPE);
	(void)sigprocmask(SIG_BLOCK, &set, NULL);
	(void)sigdelset(&set, SIGPIPE);
	sig_note_ignored();	/* prog puts these back to default */
	for (i = 0; i < 3; i++)
		if (sig_handle(fwd[i], forward) == -1)
			die_sys(DIE_TEMP, "unable to catch signals");
	if (loop) {
		if (sig_pipe_init() == -1 || sig_catch(SIGCHLD) == -1)
			die_sys(DIE_TEMP, "unable to catch signals");
	} else if (sigismember(sig_childreset(), SIGCHLD) == 1)
		(void)sig_default(SIGCHLD);	/* else no child to wait for */
	if (cfg.trace) {
		pair(in);
		pair(out);
	}

	r.child = start(prog, in[1], out[1]);
	fwd_pid = r.child;
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
	r.self = getpid();

	if (cfg.trace) {
		close(in[1]);
		close(out[1]);
	}
	if (cfg.dir != NULL)
		open_file(&r);
	if (cfg.verbose)
		log_start(&r, prog);
	if (loop)
		relay(&r, in[0], out[0]);
	else
		(void)child_reap(&r, 1);
	if (!cfg.trace)
		r.counted = os_tcp_data(0, &r.in, &r.out) == 0 ||
		    (errno == ENOTSOCK && os_tcp_data(1, &r.in, &r.out) == 0);
	log_end(&r);
	exit_as_child(r.status);
}
