/*
 * lnk_limit: the logic of svc-limit, a link of the chain: admit or refuse
 * one connection by per-source and total rate and concurrency.  Called
 * by svc-limit's main, which then execs the rest of the command line,
 * and by svc-listend's child when it runs the chain in-process.  Runs
 * once per connection; every process of a service shares one state file.
 *
 * Reads TCPREMOTEIP (required), TCPREMOTEPORT (for log lines),
 * TCPLOCALPORT (names the default state file), XDG_RUNTIME_DIR,
 * SVC_RUNTIME_DIR (a listener's directory for its children) and TMPDIR,
 * and, over -R, -B and -C, SVC_LIMIT_R, SVC_LIMIT_B and
 * SVC_LIMIT_C when set (a link before this one, svc-access, sets them
 * per rule); behind a UNIX-domain listener (PROTO=UNIX) a source is a
 * user: UNIXREMOTEEUID (required), UNIXREMOTEEGID and UNIXREMOTEPID (for
 * log lines) and UNIXLOCALPATH (names the default state file).  Sets
 * nothing.
 * With -C or -c, passes the state file's descriptor on to the program:
 * the connection's slot is a lock through it, held until the last process
 * holding the descriptor ends.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cidr.h"
#include "die.h"
#include "fd.h"
#include "link.h"
#include "limtab.h"
#include "lock.h"
#include "logfmt.h"
#include "mono.h"
#include "peer.h"
#include "prog.h"
#include "rate.h"
#include "scan.h"

#define USAGE "svc-limit [-Fqv] [-R n/period] [-B burst] [-r n/period] " \
    "[-b burst] [-C max] [-c max] [-p v4:v6] [-a cidr] [-m msg] " \
    "[-f file] [-n entries] prog [arg ...]"
#define OPTSTR "a:B:b:C:c:Ff:m:n:p:qR:r:v"

#define DENIED 100		/* exit status of a refused connection */
#define MSGMAX 1024
#define EXEMPTMAX 256
#define RATEMAX 1000000000ul	/* tokens a period */
#define SRCMAX 1024		/* -C; also the slots kept for each source */
#define TOTALMAX 16384		/* -c */
#define ENTRIES 4096		/* -n default */
#define PATHMAX 4096
#define LOCK_SECS 5		/* longest wait for the state file's mutex */
#define STICKY 01000		/* S_ISVTX, which POSIX leaves to XSI */
#define SLOTSEED 0x736c6f7473656564ULL	/* fixed: slots outlive a file */
#ifdef __linux__
#define RUNDIR "/run/svc-limit"
#else
#define RUNDIR "/var/run/svc-limit"
#endif

/* a token bucket from -R/-B or -r/-b */
struct rate {
	const char *text;	/* "10/s", for log lines */
	uint64_t interval;	/* ns for one token */
	uint64_t tau;		/* (burst - 1) intervals */
	unsigned long n;	/* tokens a period */
	unsigned long burst;	/* 0: n */
};

/*
 * The command line, and what it comes to with the connection's
 * environment: anew for each run, as a chain may hold svc-limit twice
 */
struct opts {
	struct rate srcrate, allrate;	/* -R/-B, -r/-b */
	unsigned long srcmax, allmax;	/* -C, -c: 0 when not given */
	unsigned long nentries;		/* -n */
	unsigned long v4bits, v6bits;	/* -p */
	int failclosed;			/* -F */
	struct cidr exempt[EXEMPTMAX];	/* -a */
	size_t nexempt;
	char denymsg[MSGMAX];		/* -m, decoded */
	long denylen;
	const char *statepath;		/* -f, or the default, in: */
	char defpath[PATHMAX];
	const char *basedir;		/* SVC_RUNTIME_DIR, when the default
					   is in it */
	int unixpeer;			/* PROTO=UNIX: a source is a uid */
};
static const struct opts o_init = { .nentries = ENTRIES, .v4bits = 32,
	.v6bits = 64 };
static struct opts o;

/* connections judged by this process, over its runs: spreads the tries */
static unsigned long turn;

static const struct prog_info proginfo = { "svc-limit", NULL, USAGE,
	    "Admit or refuse this connection, then run prog.  Limits are\n"
	    "shared by every connection of the service (one state file).\n"
	    "  -R n/period  per-source rate (period s, m or h), a token bucket\n"
	    "  -B burst     per-source burst (default n)\n"
	    "  -r n/period  rate of all sources together\n"
	    "  -b burst     burst of all sources together (default n)\n"
	    "  -C max       connections open at once per source (1-1024)\n"
	    "  -c max       connections open at once in total (1-16384)\n"
	    "  -p v4:v6     prefix lengths that make a source (default 32:64);\n"
	    "               behind a UNIX socket (PROTO=UNIX) a source is the\n"
	    "               peer's uid (UNIXREMOTEEUID)\n"
	    "  -a cidr      exempt these addresses from every limit "
	    "(repeatable)\n"
	    "  -m msg       write msg to a refused client (\\r \\n \\t \\\\ "
	    "\\xNN)\n"
	    "  -f file      state file (default " RUNDIR "/PORT as root, else\n"
	    "               $XDG_RUNTIME_DIR/svc-limit/PORT when set, else\n"
	    "               $SVC_RUNTIME_DIR/svc-limit/PORT when set (by\n"
	    "               svc-listen), else ${TMPDIR:-/tmp}/svc-limit-UID/PORT)\n"
	    "  -n entries   sources the state file remembers (default 4096)\n"
	    "  -F           table full of live sources: refuse new ones\n"
	    "               (default: forget the least recently seen)\n"
	    "  -q           no deny lines\n"
	    "  -v           log admitted connections too\n"
	    "  --help, --version\n"
	    "SVC_LIMIT_R, SVC_LIMIT_B and SVC_LIMIT_C, when set, replace -R,\n"
	    "-B and -C for this connection (per-client limits by rule).\n"
	    "Exit: 100 refused or bad usage, 111 state file unusable, 126/127\n"
	    "prog not runnable/not found, else prog's own status.\n",
};

static void
parse_rate(const char *opt, const char *s, struct rate *r)
{
	if (rate_scan(s, RATEMAX, &r->n, &r->interval) == 0) {
		r->text = s;
		return;
	}
	die(DIE_PERM, "%s wants n/period, n from 1 to %lu and period s, m "
	    "or h (10/s, 100/m): %s", opt, RATEMAX, die_q(s));
}

static void
parse_burst(const char *opt, const char *s, struct rate *r)
{
	if (scan_range(s, 1, RATEMAX, &r->burst) == -1)
		die(DIE_PERM, "%s wants a burst from 1 to %lu: %s", opt,
		    RATEMAX, die_q(s));
}

static void
parse_srcmax(const char *opt, const char *s)
{
	if (scan_range(s, 1, SRCMAX, &o.srcmax) == -1)
		die(DIE_PERM, "%s wants a number from 1 to %d: %s", opt, SRCMAX,
		    die_q(s));
}

/*
 * Per-client limits a rule set for this connection (svc-access): each
 * variable set replaces its option; a rate without a burst gets the
 * rate's own default burst, not the command line's -B.
 */
static void
parse_env(void)
{
	const char *v;

	if ((v = getenv("SVC_LIMIT_R")) != NULL) {
		o.srcrate.burst = 0;
		parse_rate("SVC_LIMIT_R", v, &o.srcrate);
	}
	if ((v = getenv("SVC_LIMIT_B")) != NULL)
		parse_burst("SVC_LIMIT_B", v, &o.srcrate);
	if ((v = getenv("SVC_LIMIT_C")) != NULL)
		parse_srcmax("SVC_LIMIT_C", v);
}

/* burst - 1 intervals of slack, kept far from overflowing a clock sum */
static void
finish_rate(int opt, int bopt, struct rate *r)
{
	if (r->text == NULL) {
		if (r->burst != 0)
			die(DIE_PERM, "-%c needs -%c", bopt, opt);
		return;
	}
	if (r->burst == 0)
		r->burst = r->n;
	if (r->burst - 1 > (UINT64_C(1) << 62) / r->interval)
		die(DIE_PERM, "-%c %lu is too large for -%c %s", bopt,
		    r->burst, opt, die_q(r->text));
	r->tau = r->interval * (r->burst - 1);
}

static void
parse_prefixes(const char *s)
{
	if (cidr_prefixes(s, &o.v4bits, &o.v6bits) == -1)
		die(DIE_PERM, "-p wants v4:v6 prefix lengths, 0-32 and 0-128 "
		    "(24:48): %s", die_q(s));
}

static void
parse_exempt(const char *s)
{
	link_cidr_opt(s, o.exempt, &o.nexempt, EXEMPTMAX);
}

static char **
parse(int argc, char *argv[])
{
	unsigned long v;
	int ch;

	while ((ch = getopt(argc, argv, OPTS_FIRST OPTSTR)) != -1) {
		switch (ch) {
		case 'R': parse_rate("-R", optarg, &o.srcrate); break;
		case 'B': parse_burst("-B", optarg, &o.srcrate); break;
		case 'r': parse_rate("-r", optarg, &o.allrate); break;
		case 'b': parse_burst("-b", optarg, &o.allrate); break;
		case 'C': parse_srcmax("-C", optarg); break;
		case 'c':
			if (scan_range(optarg, 1, TOTALMAX, &o.allmax) == -1)
				die(DIE_PERM, "-c wants a number from 1 to %d: "
				    "%s", TOTALMAX, die_q(optarg));
			break;
		case 'p': parse_prefixes(optarg); break;
		case 'a': parse_exempt(optarg); break;
		case 'm':
			o.denylen = scan_escapes(optarg, o.denymsg, sizeof o.denymsg);
			if (o.denylen == -1)
				die(DIE_PERM, "-m: bad message (escapes \\r \\n "
				    "\\t \\0 \\\\ \\xNN; at most %d bytes)",
				    MSGMAX);
			break;
		case 'f':
			if (*optarg == '\0' || strlen(optarg) >= PATHMAX)
				die(DIE_PERM, "-f wants a file name");
			o.statepath = optarg;
			break;
		case 'n':
			if (scan_range(optarg, 1, LIMTAB_MAXENT, &v) == -1)
				die(DIE_PERM, "-n wants a number from 1 to %lu: "
				    "%s", LIMTAB_MAXENT, die_q(optarg));
			o.nentries = v;
			break;
		case 'F': o.failclosed = 1; break;
		case 'q': log_level = 0; break;
		case 'v': log_level = 2; break;
		default:
			die_opt(USAGE, OPTSTR);
		}
	}
	argv += optind;
	if (argv[0] == NULL)
		die_usage(USAGE);
	parse_env();
	finish_rate('R', 'B', &o.srcrate);
	finish_rate('r', 'b', &o.allrate);
	if (o.srcrate.text == NULL && o.allrate.text == NULL && o.srcmax == 0 &&
	    o.allmax == 0)
		die(DIE_PERM, "no limit given: use -R, -r, -C or -c");
	return argv;
}

/*
 * Behind a UNIX-domain listener (PROTO=UNIX) the source is the peer's
 * uid, as the kernel told it: its key is "uid" then the uid in the last
 * four bytes, which no address key starts with.  0 when it is, 1 when
 * the client is not a UNIX-domain one.
 */
static int
unix_source(unsigned char key[16])
{
	unsigned long uid;

	switch (peer_unix_uid(&uid)) {
	case 1:
		return 1;
	case -1:
		die(DIE_PERM, "PROTO=UNIX but UNIXREMOTEEUID unset or not a "
		    "uid (run under svc-listen or unixserver)");
	}
	memset(key, 0, 16);
	memcpy(key, "uid", 3);
	key[12] = (unsigned char)(uid >> 24);
	key[13] = (unsigned char)(uid >> 16);
	key[14] = (unsigned char)(uid >> 8);
	key[15] = (unsigned char)uid;
	o.unixpeer = 1;
	return 0;
}

/* the default state file's name behind a UNIX socket: its path, hashed */
static void
unix_name(char *name, size_t len)
{
	const char *path = getenv("UNIXLOCALPATH");
	unsigned long long h = 14695981039346656037ULL;	/* FNV-1a */

	if (path == NULL || *path == '\0')
		die(DIE_PERM, "UNIXLOCALPATH unset, and no -f: cannot name "
		    "the state file");
	for (; *path != '\0'; path++)
		h = (h ^ (unsigned char)*path) * 1099511628211ULL;
	snprintf(name, len, "unix-%016llx", h);
}

/*
 * The default state file: one per listening port (behind a UNIX-domain
 * listener, per socket path), in a directory that no
 * other user can have made first: root's under /run; a user's under
 * $XDG_RUNTIME_DIR (private to that user) when set, else under
 * $SVC_RUNTIME_DIR, which svc-listen made with a random name for its
 * children, else (under another server) under $TMPDIR, where check_dir
 * refuses a directory someone else made.
 */
static const char *
default_path(void)
{
	const char *port = getenv("TCPLOCALPORT"), *dir;
	char name[32];
	unsigned long p;
	int r;

	if (o.unixpeer)
		unix_name(name, sizeof name);
	else if (port == NULL || scan_range(port, 0, 65535, &p) == -1)
		die(DIE_PERM, "TCPLOCALPORT unset or not a port, and no -f: "
		    "cannot name the state file");
	else
		snprintf(name, sizeof name, "%lu", p);
	if (geteuid() == 0)
		r = snprintf(o.defpath, sizeof o.defpath, RUNDIR "/%s", name);
	else if ((dir = getenv("XDG_RUNTIME_DIR")) != NULL && *dir == '/')
		r = snprintf(o.defpath, sizeof o.defpath, "%s/svc-limit/%s",
		    dir, name);
	else if ((dir = getenv("SVC_RUNTIME_DIR")) != NULL && *dir == '/') {
		r = snprintf(o.defpath, sizeof o.defpath, "%s/svc-limit/%s",
		    dir, name);
		o.basedir = dir;
	} else {
		if ((dir = getenv("TMPDIR")) == NULL || *dir != '/')
			dir = "/tmp";
		r = snprintf(o.defpath, sizeof o.defpath, "%s/svc-limit-%lu/%s",
		    dir, (unsigned long)geteuid(), name);
	}
	if (r < 0 || (size_t)r >= sizeof o.defpath)
		die(DIE_PERM, "XDG_RUNTIME_DIR, SVC_RUNTIME_DIR or TMPDIR too "
		    "long");
	return o.defpath;
}

/*
 * $SVC_RUNTIME_DIR is checked as the default directory is, before
 * svc-limit/ is made in it: whoever owns it, or can write it, could put
 * a directory of theirs in its place
 */
static void
check_base(void)
{
	struct stat st;
	uid_t me = geteuid();

	if (lstat(o.basedir, &st) == -1)
		die_sys(DIE_TEMP, "unable to stat SVC_RUNTIME_DIR %s",
		    die_q(o.basedir));
	if (!S_ISDIR(st.st_mode) || st.st_uid != me || (st.st_mode & 022) != 0)
		die(DIE_TEMP, "refusing SVC_RUNTIME_DIR %s: not a directory of "
		    "uid %lu that only it can write", die_q(o.basedir),
		    (unsigned long)me);
}

/*
 * Checked before anything is opened, locked or made in it.  The default
 * directory (mine set) is made 0700 when missing and must be a directory
 * (not a link) of this user that no one else can write; one another user
 * made first is refused, never used.  The directory of -f must belong to
 * this user or root, and be writable by no one else or sticky, so that no
 * one can swap the file under us.
 */
static void
check_dir(const char *path, int mine)
{
	char dir[PATHMAX];
	struct stat st;
	char *slash;
	uid_t me = geteuid();
	int r;

	memcpy(dir, path, strlen(path) + 1);
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		strcpy(dir, "/");
	else
		*slash = '\0';
	r = mine ? lstat(dir, &st) : stat(dir, &st);
	if (r == -1 && errno == ENOENT && mine) {
		if (mkdir(dir, 0700) == -1 && errno != EEXIST)
			die_sys(DIE_TEMP, "unable to create %s", die_q(dir));
		r = lstat(dir, &st);
	}
	if (r == -1)
		die_sys(DIE_TEMP, "unable to stat %s", die_q(dir));
	if (mine && (!S_ISDIR(st.st_mode) || st.st_uid != me ||
	    (st.st_mode & 022) != 0))
		die(DIE_TEMP, "refusing %s: not a directory of uid %lu that "
		    "only it can write (made by another user? give -f, or "
		    "XDG_RUNTIME_DIR or TMPDIR of this user's own)", die_q(dir),
		    (unsigned long)me);
	if (!mine && (!S_ISDIR(st.st_mode) ||
	    (st.st_uid != me && st.st_uid != 0) ||
	    ((st.st_mode & 022) != 0 && (st.st_mode & STICKY) == 0)))
		die(DIE_TEMP, "refusing %s: others can replace files in it "
		    "(it must belong to uid %lu or root, and be writable by "
		    "no one else or sticky)", die_q(dir), (unsigned long)me);
}

/*
 * The file must be a regular file of this user that no one else can
 * open: one open by others could be locked by them (a read lock on the
 * mutex byte stalls every connection).  One with a looser mode is refused,
 * not mended: a chmod would not close a descriptor someone opened before.
 */
static void
check_state(int fd, const char *path)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		die_sys(DIE_TEMP, "unable to stat %s", die_q(path));
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid())
		die(DIE_TEMP, "refusing state file %s: not a regular file of "
		    "uid %lu", die_q(path), (unsigned long)geteuid());
	if ((st.st_mode & 077) != 0)
		die(DIE_TEMP, "refusing state file %s: mode %03o lets others "
		    "open it (remove it: svc-limit makes it with mode 0600)",
		    die_q(path), (unsigned)(st.st_mode & 0777));
}

/* the state file, opened (made when missing) only once checked */
static int
open_state(const char *path, int mine, int keep)
{
	int fd, i, flags = O_RDWR | O_NOFOLLOW | O_NONBLOCK |
	    (keep && !link_inlistener ? 0 : O_CLOEXEC);

	if (mine && o.basedir != NULL)
		check_base();
	check_dir(path, mine);
	/* never O_CREAT on a name that exists: a link is not followed */
	for (i = 0, fd = -1; fd == -1 && i < 4; i++) {
		if ((fd = open(path, flags)) == -1 && errno == ENOENT &&
		    (fd = open(path, flags | O_CREAT | O_EXCL, 0600)) == -1 &&
		    errno == EEXIST)
			continue;
		break;
	}
	if (fd == -1)
		die_sys(DIE_TEMP, "unable to open state file %s", die_q(path));
	link_opened(fd, keep);
	check_state(fd, path);
	/* O_NONBLOCK was for a FIFO someone planted; drop it for prog */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1)
		die_sys(DIE_TEMP, "unable to set up state file %s",
		    die_q(path));
	return fd;
}

/*
 * Slots live in the lock space of the state file, far past its end:
 * one byte per connection held, SRCMAX bytes a source at a place hashed
 * from the source alone, so that they survive the file being made anew
 * and do not depend on the table.
 */
static off_t
total_slot(unsigned long i)
{
	if (sizeof(off_t) >= 8)
		return (off_t)((UINT64_C(1) << 32) + i);
	return (off_t)((UINT32_C(1) << 24) + i);
}

static off_t
source_slot(const unsigned char key[16], unsigned long j)
{
	uint64_t h = limtab_hash(key, SLOTSEED);

	if (sizeof(off_t) >= 8)
		return (off_t)((UINT64_C(1) << 40) + (h >> 16) * SRCMAX + j);
	return (off_t)((UINT32_C(1) << 25) + (h >> 44) * SRCMAX + j);
}

/* take one of max slots (0 if none is free); start somewhere new each time */
static off_t
take_slot(int fd, const unsigned char *key, unsigned long max,
    unsigned long start)
{
	unsigned long i, j;
	off_t off;

	for (i = 0; i < max; i++) {
		j = (start + i) % max;
		off = key != NULL ? source_slot(key, j) : total_slot(j);
		if (lock_try(fd, off) == 0)
			return off;
		if (errno != EAGAIN)
			die_sys(DIE_TEMP, "unable to lock a slot in %s",
			    die_q(o.statepath));
	}
	return 0;
}

/* "PROG: EVENT remote=IP:PORT [reason= limit=] [source=]" */
static void
log_event(const char *event, const char *reason, const unsigned char key[16],
    const unsigned char src[16], unsigned bits)
{
	char mem[512], ip[CIDR_TEXTLEN];
	struct buf b;
	int persource = 1;

	logfmt_begin(&b, mem, sizeof mem, event);
	if (!logfmt_peer(&b, "remote"))
		link_remote(&b, key);
	if (reason != NULL) {
		logfmt_str(&b, "reason", reason);
		if (strcmp(reason, "rate") == 0)
			logfmt_str(&b, "limit", o.srcrate.text);
		else if (strcmp(reason, "conc") == 0)
			logfmt_num(&b, "limit", o.srcmax);
		else if (strcmp(reason, "full") == 0)
			logfmt_num(&b, "limit", o.nentries);
		else {
			persource = 0;
			if (strcmp(reason, "total-rate") == 0)
				logfmt_str(&b, "limit", o.allrate.text);
			else
				logfmt_num(&b, "limit", o.allmax);
		}
	}
	if (persource && o.unixpeer) {
		/* a user: the uid in the key's last four bytes */
		buf_puts(&b, " source=uid:");
		buf_putu(&b, (unsigned long)src[12] << 24 |
		    (unsigned long)src[13] << 16 | (unsigned long)src[14] << 8 |
		    src[15]);
	} else if (persource && cidr_fmt(src, bits, ip, sizeof ip) == 0)
		logfmt_str(&b, "source", ip);
	logfmt_end(&b);
}

/*
 * The table is at capacity: every slot a new source could take holds a
 * live one.  Counted in the file, so that all the processes of the
 * service together warn at most once in LIMTAB_WARN_NS.
 */
static void
note_full(struct limtab *t, uint64_t now)
{
	uint64_t count;

	switch (limtab_note_full(t, now, &count)) {
	case -1:
		die_sys(DIE_TEMP, "unable to write state file %s",
		    die_q(o.statepath));
	case 1:
		warn("state file %s is full of live sources (-n %lu): since "
		    "the last warning, %llu new sources %s", die_q(o.statepath),
		    o.nentries, (unsigned long long)count, o.failclosed ?
		    "were refused (-F)" : "took the place of the least "
		    "recently seen, whose counts restart");
	}
}

/*
 * Under the lock: the reason to refuse, or NULL when the connection is
 * admitted, its slots taken and its tokens spent.  Nothing is spent or
 * kept for a refused connection (its source is only marked seen).
 */
static const char *
judge(int fd, const struct stat *st, const unsigned char src[16])
{
	struct limtab t;
	struct limtab_ent *e = NULL;
	const char *why, *reason = NULL;
	uint64_t now = mono_ns() + 1, srctat = 0, alltat = 0;	/* never 0 */
	unsigned long start = 0;
	off_t srcoff = 0;

	if (o.srcrate.text != NULL || o.allrate.text != NULL) {
		switch (limtab_load(&t, fd, st, o.nentries, &why)) {
		case -1:
			die_sys(DIE_TEMP, "unable to make state file %s",
			    die_q(o.statepath));
		case 1:
			if (why != NULL)
				warn("state file %s made anew: %s",
				    die_q(o.statepath),
				    why);
		}
	}
	if (o.srcrate.text != NULL) {
		t.failclosed = o.failclosed;
		if ((e = limtab_find(&t, src, now)) == NULL) {
			if (errno != ENOSPC)
				die_sys(DIE_TEMP, "unable to read state file "
				    "%s", die_q(o.statepath));
			note_full(&t, now);
			return "full";
		}
		if (t.took)
			note_full(&t, now);
		if ((srctat = limtab_take(e->tat, now, o.srcrate.interval,
		    o.srcrate.tau)) == 0)
			reason = "rate";
	}
	if (reason == NULL && o.allrate.text != NULL && (alltat =
	    limtab_take(t.hdr.tat, now, o.allrate.interval, o.allrate.tau)) == 0)
		reason = "total-rate";
	/* spreads the tries: a listener running this keeps one pid */
	if (reason == NULL && (o.srcmax > 0 || o.allmax > 0))
		start = (unsigned long)getpid() + turn++;
	if (reason == NULL && o.srcmax > 0 &&
	    (srcoff = take_slot(fd, src, o.srcmax, start)) == 0)
		reason = "conc";
	if (reason == NULL && o.allmax > 0 &&
	    take_slot(fd, NULL, o.allmax, start) == 0) {
		if (srcoff != 0)
			(void)lock_drop(fd, srcoff);
		reason = "total-conc";
	}
	if (reason == NULL && e != NULL)
		e->tat = srctat;
	if (reason == NULL && o.allrate.text != NULL) {
		t.hdr.tat = alltat;
		if (limtab_store_tat(&t) == -1)
			die_sys(DIE_TEMP, "unable to write state file %s",
			    die_q(o.statepath));
	}
	if (e != NULL && limtab_store(&t, e) == -1)
		die_sys(DIE_TEMP, "unable to write state file %s",
		    die_q(o.statepath));
	return reason;
}

/*
 * The whole of svc-limit but the exec: parse argv, decide, and return the
 * argv to exec next, or NULL with the exit status in *code.  Starts from
 * the defaults each time, as a chain may hold svc-limit twice.
 */
static char **
run(int argc, char *argv[], int *code)
{
	struct stat st;
	unsigned char key[16], src[16];
	const char *ip, *reason;
	char **next;
	unsigned bits;
	size_t i;
	int fd, mine = 0;

	o = o_init;
	next = parse(argc, argv);
	if (unix_source(key) == 0) {
		/* a user is a source: no prefix, no exempt address */
		memcpy(src, key, sizeof src);
		bits = 128;
	} else {
		if ((ip = getenv("TCPREMOTEIP")) == NULL)
			die(DIE_PERM, "TCPREMOTEIP unset (run under svc-listen "
			    "or another UCSPI server)");
		if (cidr_addr(ip, key) == -1)
			die(DIE_PERM, "TCPREMOTEIP is not an address: %s",
			    die_q(ip));
		for (i = 0; i < o.nexempt; i++)
			if (cidr_match(&o.exempt[i], key))
				return next;
		memcpy(src, key, sizeof src);
		bits = cidr_bits(key, (unsigned)o.v4bits, (unsigned)o.v6bits);
		cidr_mask(src, bits);
	}

	if (o.statepath == NULL) {
		o.statepath = default_path();
		mine = 1;
	}
	/* a slot is a lock through fd: it must live on in prog */
	fd = open_state(o.statepath, mine, o.srcmax > 0 || o.allmax > 0);
	if (link_inlistener && ((o.srcmax > 0 || o.allmax > 0) &&
	    strcmp(lock_kind(), "ofd") != 0)) {
		*code = LINK_CHILD;	/* the listener's locks would be its own */
		return NULL;
	}
	if (link_inlistener && lock_try(fd, LIMTAB_MUTEX) == -1) {
		if (errno != EAGAIN)
			die_sys(DIE_TEMP, "unable to lock %s",
			    die_q(o.statepath));
		*code = LINK_CHILD;	/* held: wait for it in a child */
		return NULL;
	}
	if (!link_inlistener && lock_wait_for(fd, LIMTAB_MUTEX, LOCK_SECS) ==
	    -1) {
		if (errno == ETIMEDOUT)
			die(DIE_TEMP, "unable to lock %s: another process held "
			    "it for %d seconds", die_q(o.statepath), LOCK_SECS);
		die_sys(DIE_TEMP, "unable to lock %s", die_q(o.statepath));
	}
	if (fstat(fd, &st) == -1)
		die_sys(DIE_TEMP, "unable to stat %s", die_q(o.statepath));
	reason = judge(fd, &st, src);
	if (lock_drop(fd, LIMTAB_MUTEX) == -1)
		die_sys(DIE_TEMP, "unable to unlock %s", die_q(o.statepath));
	if (reason != NULL) {
		if (log_level >= 1)
			log_event("deny", reason, key, src, bits);
		link_refuse(o.denymsg, (size_t)o.denylen);
		*code = DENIED;
		return NULL;
	}
	if (log_level >= 2)
		log_event("admit", NULL, key, src, bits);
	return next;
}

/* the options alone: svc-limit can always run inside the listener */
static char **
parse_only(int argc, char *argv[])
{
	o = o_init;
	return parse(argc, argv);
}

const struct link link_limit = { &proginfo, run, parse_only,
    OPTS_FIRST OPTSTR };
