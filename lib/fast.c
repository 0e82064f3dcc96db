/*
 * fast: run the suite's own links of a chain in the listener's child,
 * exec only the first program that is not ours (see fast.h).
 *
 * Two ways, both doing what the exec'd chain would.  When every link of
 * the chain can (link.h: parse), the links run inside the listener
 * itself, which then vforks the program as it would with no link at all
 * (the state file's descriptor on fd 3, as svc-limit passes it on); a
 * link that ends the connection gets a child that exits with its status,
 * so that the accept and end lines are the exec'd chain's.  Otherwise,
 * or when a link would wait (a lock held elsewhere), a forked child runs
 * the links.  Either way each link starts with PROG its own name, the
 * default log level, getopt from the start, and the connection's
 * environment; the forked child also answers --help and --version, has
 * descriptors 0-2 only (the listener's others closed) and the
 * descriptor limit the listener started with, signals at default and an
 * empty mask, and exits or execs exactly where the link program would.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "die.h"
#include "fast.h"
#include "link.h"
#include "logfmt.h"
#include "mono.h"
#include "os.h"
#include "prog.h"
#include "sig.h"
#include "spawn.h"

#define NLINKS 8
#define DEFPATH "/usr/local/bin:/usr/bin:/bin"	/* as svc-listen's */

extern char **environ;

/* the links installed in the listener's directory */
static struct {
	const struct link *l;
	char *path;
	dev_t dev;
	ino_t ino;
} inst[NLINKS];
static int ninst;
static int first = -1;		/* inst index of the chain's first program */

/*
 * Inside the listener: the links' inst indices in order, the program
 * after them and its path, found once as execvp would find it, and the
 * link whose line says so when that path cannot run
 */
static int inl[NLINKS], ninl = -1;
static char **final;
static struct spawn finalsp;
static const char *finalprog;	/* the link that would exec it */
static jmp_buf *endjmp;

/*
 * svc-log's end lines, shared with the children, and what the listener
 * keeps per connection: the child's pid and a copy of its socket.  A pid
 * finds its slot through an open-addressed hash.
 */
static struct link_end *ends;
static struct {
	pid_t pid;
	int fd;
} *slots;
static int *freeslots, nfree;
static int *hash;		/* slot index, or -1 */
static size_t hmask;

static const char *
base(const char *s)
{
	const char *slash = strrchr(s, '/');

	return slash != NULL ? slash + 1 : s;
}

/* which installed link the file at path is, or -1 */
static int
same_file(const char *path, int i)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode) &&
	    st.st_dev == inst[i].dev && st.st_ino == inst[i].ino;
}

/*
 * name as execvp would find it on this environment's PATH: the first
 * candidate that is an executable file.  Our link only when that is
 * the very file installed beside the listener.
 */
static int
ours(const char *name)
{
	const char *path, *p, *q;
	char cand[4096];
	struct stat st;
	size_t dl, nl = strlen(name);
	int i;

	for (i = 0; i < ninst; i++)
		if (strcmp(base(name), inst[i].l->info->prog) == 0)
			break;
	if (i == ninst)
		return -1;
	if (strchr(name, '/') != NULL)
		return same_file(name, i) ? i : -1;
	if ((path = getenv("PATH")) == NULL)
		path = DEFPATH;
	for (p = path;; p = q + 1) {
		q = strchr(p, ':');
		dl = q != NULL ? (size_t)(q - p) : strlen(p);
		if (dl + nl + 3 <= sizeof cand) {
			if (dl == 0)
				memcpy(cand, ".", (dl = 1));
			else
				memcpy(cand, p, dl);
			cand[dl] = '/';
			memcpy(cand + dl + 1, name, nl + 1);
			if (stat(cand, &st) == 0 && !S_ISDIR(st.st_mode) &&
			    access(cand, X_OK) == 0)
				return same_file(cand, i) ? i : -1;
		}
		if (q == NULL)
			return -1;
	}
}

/* getopt from the start of a new argv, as a new process has it */
static void
getopt_reset(void)
{
#ifdef __GLIBC__
	optind = 0;	/* glibc's full reset */
#else
	optind = 1;
#endif
}

/* name found as execvp would find it on PATH, into a new string; NULL if not */
static char *
resolve(const char *name)
{
	const char *path, *p, *q;
	struct stat st;
	size_t dl, nl = strlen(name);
	char *cand;

	if (strchr(name, '/') != NULL)
		return strdup(name);
	if ((path = getenv("PATH")) == NULL)
		path = DEFPATH;
	for (p = path;; p = q + 1) {
		q = strchr(p, ':');
		dl = q != NULL ? (size_t)(q - p) : strlen(p);
		if ((cand = malloc(dl + nl + 3)) == NULL)
			return NULL;
		(void)snprintf(cand, dl + nl + 3, "%.*s/%s", dl ? (int)dl : 1,
		    dl ? p : ".", name);
		if (stat(cand, &st) == 0 && !S_ISDIR(st.st_mode) &&
		    access(cand, X_OK) == 0)
			return cand;
		free(cand);
		if (q == NULL)
			return NULL;
	}
}

/*
 * What the probe found: the links that run in-process (inst indices, in
 * order), the argv index of the first program that does not, and
 * whether every one of those links can run inside the listener
 */
struct walked {
	int n;
	int link[NLINKS];
	int final;
	int inside;
	int cur;	/* the link being walked */
};
static struct walked pw;	/* the probe child's */
static int pwfd;

static void
probe_send(void)
{
	(void)!write(pwfd, &pw, sizeof pw);
	_exit(0);
}

/*
 * The probe child's die_hook: a link that fails on its options (or
 * answers --help) fails in-process in a forked child; inside the
 * listener, it is the program the listener runs, exec'd
 */
static void
probe_ends(int code)
{
	(void)code;
	if (!pw.inside)
		pw.link[pw.n++] = pw.cur;
	probe_send();
}

/*
 * Walk the chain once, at start, in a child (options only, its lines to
 * /dev/null), as a connection's child would: a link with parse by it,
 * one without by its option string (its values unchecked: it runs in a
 * forked child, which fails on them as the link would).  The walk ends
 * at the first program not ours, at a link that runs as a process of
 * its own (svc-log's modes, a second svc-log: it is then that program)
 * or where a link ends the connection.  Everything the listener needs,
 * including the names -v gives, comes from this walk.
 */
static void
probe(const struct spawn *sp, struct walked *w)
{
	char **argv = (char **)sp->argv, **next;
	const struct link *l;
	int p[2], i = first, argc, fd, st, logs = 0;
	ssize_t got;
	pid_t pid;

	w->n = 0;
	if (pipe(p) == -1)
		return;
	if ((pid = fork()) == 0) {
		close(p[0]);
		pwfd = p[1];
		if ((fd = open("/dev/null", O_WRONLY)) != -1)
			(void)dup2(fd, 2);
		environ = (char **)sp->envp;
		pw.n = 0;
		pw.inside = 1;
		die_hook = probe_ends;
		for (;;) {
			l = inst[i].l;
			pw.final = (int)(argv - (char **)sp->argv);
			pw.cur = i;
			if (pw.n == NLINKS || (l == &link_log && logs))
				probe_send();
			if (argv[1] != NULL && (strcmp(argv[1], "--help") ==
			    0 || strcmp(argv[1], "--version") == 0))
				probe_ends(0);
			PROG = l->info->prog;
			getopt_reset();
			opterr = 0;
			for (argc = 0; argv[argc] != NULL; argc++)
				;
			if (l->parse != NULL) {
				if ((next = l->parse(argc, argv)) == NULL)
					probe_send();
			} else {
				while (getopt(argc, argv, l->optstr) != -1)
					;
				next = argv + optind;
				pw.inside = 0;
				if (next[0] == NULL)
					probe_ends(0);	/* its usage */
			}
			pw.link[pw.n++] = i;
			logs |= l == &link_log;
			argv = next;
			if ((i = ours(argv[0])) == -1)
				break;
		}
		pw.final = (int)(argv - (char **)sp->argv);
		probe_send();
	}
	close(p[1]);
	got = pid == -1 ? -1 : read(p[0], w, sizeof *w);
	close(p[0]);
	while (pid != -1 && waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	if (got != (ssize_t)sizeof *w || w->n < 0 || w->n > NLINKS) {
		w->n = 0;
		return;
	}
	if (!w->inside || w->n == 0)
		return;
	final = (char **)sp->argv + w->final;
	finalsp = *sp;
	finalsp.argv = final;
	if ((finalsp.path = resolve(final[0])) == NULL)
		return;
	finalsp.errlen = 0;	/* the listener writes it: final_failed */
	finalprog = inst[w->link[w->n - 1]].l->info->prog;
	memcpy(inl, w->link, (size_t)w->n * sizeof *inl);
	ninl = w->n;
}

static int alloc_ends(size_t);

int
fast_init(const char *dir, const struct spawn *sp, size_t max,
    char *names, size_t cap)
{
	struct walked w;
	struct stat st;
	struct buf b;
	size_t len;
	int j, logs = 0;

	for (j = 0; link_all[j] != NULL && ninst < NLINKS; j++) {
		len = strlen(dir) + strlen(link_all[j]->info->prog) + 2;
		if ((inst[ninst].path = malloc(len)) == NULL)
			return -1;
		(void)snprintf(inst[ninst].path, len, "%s/%s", dir,
		    link_all[j]->info->prog);
		if (stat(inst[ninst].path, &st) == -1) {
			free(inst[ninst].path);
			continue;
		}
		inst[ninst].l = link_all[j];
		inst[ninst].dev = st.st_dev;
		inst[ninst].ino = st.st_ino;
		ninst++;
	}
	if ((first = ours(sp->path)) == -1)
		return 0;
	probe(sp, &w);
	/* one link in a forked child costs more than the link exec'd */
	if (ninl <= 0 && w.n < 2)
		return 0;
	buf_init(&b, names, cap - 1);
	for (j = 0; j < w.n; j++) {
		if (j > 0)
			buf_puts(&b, ",");
		buf_puts(&b, inst[w.link[j]].l->info->prog);
		if (inst[w.link[j]].l == &link_log)
			logs = 1;
	}
	if (logs && alloc_ends(max) == -1)
		return -1;
	buf_puts(&b, ninl > 0 ? " run=listener" : " run=child");
	names[b.len] = '\0';
	return 1;
}

/* svc-log's end lines and what the listener keeps for them */
static int
alloc_ends(size_t max)
{
	size_t i, hsize;

	for (hsize = 2; hsize < 2 * max; hsize *= 2)
		;
	hmask = hsize - 1;
	if ((ends = os_shared(max * sizeof *ends)) == NULL ||
	    (slots = calloc(max, sizeof *slots)) == NULL ||
	    (freeslots = calloc(max, sizeof *freeslots)) == NULL ||
	    (hash = calloc(hsize, sizeof *hash)) == NULL)
		return -1;
	for (i = 0; i < max; i++)
		freeslots[nfree++] = (int)(max - 1 - i);
	for (i = 0; i < hsize; i++)
		hash[i] = -1;
	return 0;
}

/* the child: the links in order, then exec; never returns */
static void
child(const struct spawn *sp, int fd, struct link_end *e)
{
	const sigset_t *reset = sig_childreset();
	const struct link *l;
	const char *last;
	char **argv = (char **)sp->argv, **next;
	int sig, code, argc, i = first, err;

	os_nofile_child();	/* the limit as it was, as spawn's children */
	for (sig = 1; sig < SIG_MAX; sig++)
		if (sigismember(reset, sig) == 1)
			(void)sig_default(sig);
	sig_unblock_all();
	if (dup2(fd, 0) == -1 || dup2(fd, 1) == -1)
		_exit(DIE_TEMP);
	os_closefrom(3);
	environ = (char **)sp->envp;
	link_endslot = e;
	for (;;) {
		l = inst[i].l;
		last = PROG = l->info->prog;
		log_level = 1;
		getopt_reset();
		for (argc = 0; argv[argc] != NULL; argc++)
			;
		prog_start(l->info, argc, argv);
		code = 0;
		if ((next = l->run(argc, argv, &code)) == NULL) {
			if (code != LINK_EXEC)
				exit(code);
			/* a mode of its own: the link's program, as exec'd */
			execv(inst[i].path, argv);
			die_sys(die_execcode(errno), "unable to run %s",
			    die_q(inst[i].path));
		}
		argv = next;
		if ((i = ours(argv[0])) == -1)
			break;
	}
	PROG = last;
	execvp(argv[0], argv);
	err = errno;
	if (e != NULL)
		e->armed = 0;	/* svc-log logs no end line then */
	errno = err;
	die_sys(die_execcode(err), "unable to run %s", die_q(argv[0]));
}

static void
jump(int code)
{
	longjmp(*endjmp, code);
}

/*
 * The program could not run (exec's errno err): the last link's fatal
 * line, the very one die_sys writes when the exec'd link's exec fails
 */
static void
final_failed(int err)
{
	const char *saveprog = PROG;
	jmp_buf jb;

	endjmp = &jb;
	die_hook = jump;
	if (setjmp(jb) == 0) {
		PROG = finalprog;
		errno = err;
		die_sys(die_execcode(err), "unable to run %s", die_q(final[0]));
	}
	die_hook = NULL;
	PROG = saveprog;
}

/* the links in order, inside the listener: the argv to run, or NULL */
static char **
walk(char **argv, int *code)
{
	const struct link *l;
	char **next;
	int k, argc;

	for (k = 0; k < ninl; k++) {
		l = inst[inl[k]].l;
		PROG = l->info->prog;
		log_level = 1;
		getopt_reset();
		opterr = 0;
		for (argc = 0; argv[argc] != NULL; argc++)
			;
		*code = 0;
		if ((next = l->run(argc, argv, code)) == NULL)
			return NULL;
		argv = next;
	}
	return argv;
}

/* walk, where a die() of a link comes back here with its status */
static char **
walk_caught(char **argv, int *code)
{
	jmp_buf jb;
	int r;

	endjmp = &jb;
	if ((r = setjmp(jb)) != 0) {
		*code = r;
		return NULL;
	}
	return walk(argv, code);
}

static size_t
hslot(pid_t pid)
{
	return ((size_t)pid * 2654435761u) & hmask;
}

/* keep pid's svc-log line e (armed) and the copy kfd of its socket */
static void
record(pid_t pid, int s, int kfd, const struct link_end *e)
{
	size_t h;

	if (e != &ends[s])
		ends[s] = *e;
	slots[s].pid = pid;
	slots[s].fd = kfd;
	for (h = hslot(pid); hash[h] != -1; h = (h + 1) & hmask)
		;
	hash[h] = s;
}

/*
 * A refusal's message sent inside the listener: a forked child (it
 * waits, the listener must not) lingers on the socket as the exec'd
 * link would, then exits with the link's status
 */
static pid_t
linger_child(int fd, int code)
{
	const sigset_t *reset = sig_childreset();
	sigset_t old;
	pid_t pid;
	int sig, err;

	sig_block_all(&old);
	if ((pid = fork()) == 0) {
		os_nofile_child();
		for (sig = 1; sig < SIG_MAX; sig++)
			if (sigismember(reset, sig) == 1)
				(void)sig_default(sig);
		sig_unblock_all();
		link_drain(fd, fd);
		_exit(code);
	}
	err = errno;
	sig_setmask(&old);
	errno = err;
	return pid;
}

/*
 * The links inside the listener, then the program vforked (or a child
 * that exits as the link did); -2 when a link would wait: fork instead
 */
static pid_t
inside(const struct spawn *sp, int fd)
{
	struct link_end e;
	struct spawn f;
	char **saveenv = environ, **next;
	const char *saveprog = PROG;
	int savelevel = log_level, keep[LINK_MAXFD], nkeep = 0, code = 0;
	int err = 0, kfd = -1, k;
	pid_t pid;

	e.armed = 0;
	link_endslot = &e;
	link_inlistener = 1;
	link_out = fd;
	link_nfd = 0;
	link_linger = 0;
	environ = (char **)sp->envp;
	die_hook = jump;
	next = walk_caught((char **)sp->argv, &code);
	die_hook = NULL;
	environ = saveenv;
	PROG = saveprog;
	log_level = savelevel;
	link_inlistener = 0;
	link_out = 1;
	link_endslot = NULL;

	if (next == NULL && (code == LINK_CHILD || code == LINK_EXEC))
		pid = -2;	/* a second svc-log, say: in a child */
	else if (next == NULL && link_linger)
		pid = linger_child(fd, code);
	else if (next == NULL)
		pid = spawn_exit(code);
	else {
		f = finalsp;
		f.fd0 = f.fd1 = fd;
		for (k = 0; k < link_nfd; k++)
			if (link_keep[k])
				keep[nkeep++] = link_fd[k];
		f.keep = keep;
		f.nkeep = nkeep;
		if ((pid = spawn_start(&f, &err)) > 0 && err != 0)
			final_failed(err);
	}
	for (k = 0; k < link_nfd; k++)
		close(link_fd[k]);
	link_nfd = 0;
	if (pid < 0 || !e.armed || err != 0)
		return pid;	/* a failed exec: svc-log logs no end line */
	if (ends != NULL && nfree > 0) {
		/* no copy (out of descriptors): the line without counts */
		kfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		record(pid, freeslots[--nfree], kfd, &e);
	}
	return pid;
}

int
fast_keepsfds(void)
{
	return ends != NULL;
}

pid_t
fast_start(const struct spawn *sp, int fd)
{
	struct link_end *e = NULL;
	sigset_t old;
	pid_t pid;
	int s = -1, kfd = -1, err;

	if (ninl > 0 && (pid = inside(sp, fd)) != -2)
		return pid;
	if (ends != NULL && nfree > 0) {
		/*
		 * The listener's copy: TCP_INFO at the reap, then closed;
		 * without it (out of descriptors) the line has no counts
		 */
		kfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		s = freeslots[--nfree];
		e = &ends[s];
		e->armed = 0;
	}
	sig_block_all(&old);	/* no handler of ours in the child */
	pid = fork();
	if (pid == 0)
		child(sp, fd, e);
	err = errno;
	sig_setmask(&old);
	if (s == -1)
		return pid;
	if (pid == -1) {
		if (kfd != -1)
			close(kfd);
		freeslots[nfree++] = s;
		errno = err;
		return -1;
	}
	record(pid, s, kfd, e);
	return pid;
}

/* forget the slot at hash bucket h, moving back what probed past it */
static void
hash_del(size_t h)
{
	size_t i = h, j;

	hash[h] = -1;
	for (j = (h + 1) & hmask; hash[j] != -1; j = (j + 1) & hmask) {
		size_t k = hslot(slots[hash[j]].pid);

		/* k cyclically in (i, j]: it stays */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		hash[i] = hash[j];
		hash[j] = -1;
		i = j;
	}
}

/*
 * Slot s's end line, one write(2): the program's status when it was
 * reaped, or with status NULL "status=detached" (the listener stops
 * while it runs); the byte counts from the listener's copy of the socket
 */
static void
end_line(int s, pid_t pid, const int *status)
{
	char mem[LINK_LINEMAX];
	unsigned long long in, out, ms;
	struct link_end *e = &ends[s];
	struct buf b;

	if (!e->armed || e->len >= sizeof mem)
		return;
	ms = mono_ms() - e->start_ms;
	buf_init(&b, mem, sizeof mem - 1);
	lnklog_shared(&b, e->line, e->len);	/* a child's memory */
	logfmt_num(&b, "pid", (unsigned long long)pid);
	if (status != NULL)
		lnklog_status(&b, *status, ms);
	else
		lnklog_detached(&b, ms);
	if (slots[s].fd != -1 && os_tcp_data(slots[s].fd, &in, &out) == 0) {
		logfmt_num(&b, "in", in);
		logfmt_num(&b, "out", out);
	}
	logfmt_finish(&b);
	die_writeline(b.p, b.len);
	e->armed = 0;
}

void
fast_end(pid_t pid, int status)
{
	size_t h;
	int s;

	if (ends == NULL)
		return;
	for (h = hslot(pid); hash[h] != -1; h = (h + 1) & hmask)
		if (slots[hash[h]].pid == pid)
			break;
	if ((s = hash[h]) == -1)
		return;
	end_line(s, pid, &status);
	ends[s].armed = 0;
	if (slots[s].fd != -1)
		close(slots[s].fd);
	hash_del(h);
	freeslots[nfree++] = s;
}

void
fast_detach(void)
{
	size_t h;

	if (ends == NULL)
		return;
	for (h = 0; h <= hmask; h++)
		if (hash[h] != -1)
			end_line(hash[h], slots[hash[h]].pid, NULL);
}
