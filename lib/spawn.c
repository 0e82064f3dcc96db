/*
 * spawn: start a program in a child with signals reset, as spawn.h says.
 * vfork is not POSIX.1-2008, so this file asks for the system's default
 * feature macros; os.h decides whether it is there.
 */
#undef _POSIX_C_SOURCE
#define _DEFAULT_SOURCE
#define _BSD_SOURCE

#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "os.h"
#include "sig.h"
#include "spawn.h"

extern char **environ;

#define SHARGS 128	/* a script's argv, run under sh: longer is cut */

/*
 * In the child: reset, move the fds, exec; returns exec's errno.  Only
 * async-signal-safe calls, nothing that allocates: under vfork this runs
 * on our memory.
 */
static int
child(const struct spawn *sp, const sigset_t *reset)
{
	char *const *envp = sp->envp != NULL ? sp->envp : environ;
	char *sh[SHARGS];
	int sig, e, i;

	os_nofile_child();
	for (sig = 1; sig < SIG_MAX; sig++)
		if (sigismember(reset, sig) == 1)
			(void)sig_default(sig);
	sig_unblock_all();
	if (sp->fd0 != -1 && sp->fd0 != 0 && dup2(sp->fd0, 0) == -1)
		return errno;
	if (sp->fd1 != -1 && sp->fd1 != 1 && dup2(sp->fd1, 1) == -1)
		return errno;
	for (i = 0; i < sp->nkeep; i++)
		if (sp->keep[i] == 3 + i ? fcntl(3 + i, F_SETFD, 0) == -1 :
		    dup2(sp->keep[i], 3 + i) == -1)
			return errno;
	if (strchr(sp->path, '/') == NULL) {
		execvp(sp->path, sp->argv);
		return errno;
	}
	execve(sp->path, sp->argv, envp);
	if ((e = errno) != ENOEXEC)
		return e;
	/* no #! line: a shell script, as execvp runs it */
	sh[0] = "sh";
	sh[1] = (char *)sp->path;
	for (i = 1; i < SHARGS - 2 && sp->argv[0] != NULL &&
	    sp->argv[i] != NULL; i++)
		sh[i + 1] = sp->argv[i];
	sh[i + 1] = NULL;
	if (sp->argv[0] == NULL || sp->argv[i] == NULL)
		execve("/bin/sh", sh, envp);
	return e;
}

static void
child_failed(const struct spawn *sp, int e)
{
	if (sp->errlen > 0)
		(void)!write(2, sp->errline, sp->errlen);
	_exit(die_execcode(e));
}

/* what a clone child needs, in our memory */
struct cloned {
	const struct spawn *sp;
	const sigset_t *reset;
	volatile int err;
};

/* the clone child: first of all a table of its own, then as any child */
static int
clone_child(void *p)
{
	struct cloned *c = p;
	int hi = c->sp->fd0 > c->sp->fd1 ? c->sp->fd0 : c->sp->fd1, i;

	for (i = 0; i < c->sp->nkeep; i++)
		if (c->sp->keep[i] > hi)
			hi = c->sp->keep[i];
	if (os_unshare_fds(hi > 2 ? hi + 1 : 3) == -1)
		_exit(111);
	c->err = child(c->sp, c->reset);
	child_failed(c->sp, c->err);
	return 0;
}

#ifndef OS_HAVE_VFORK
/* fork's child hands exec's errno back through a close-on-exec pipe */
static pid_t
fork_child(const struct spawn *sp, const sigset_t *reset, int *execerr)
{
	ssize_t n;
	pid_t pid;
	int ep[2] = { -1, -1 }, e;

	if (execerr != NULL && os_pipe_cloexec(ep) == -1)
		return -1;
	if ((pid = fork()) == 0) {
		e = child(sp, reset);
		if (ep[1] != -1)
			(void)!write(ep[1], &e, sizeof e);
		child_failed(sp, e);
	}
	if (ep[0] == -1)
		return pid;
	e = errno;
	close(ep[1]);
	if (pid != -1) {
		while ((n = read(ep[0], execerr, sizeof *execerr)) == -1 &&
		    errno == EINTR)
			;
		if (n != (ssize_t)sizeof *execerr)
			*execerr = 0;
	}
	close(ep[0]);
	errno = e;
	return pid;
}
#endif

pid_t
spawn_start(const struct spawn *sp, int *execerr)
{
	const sigset_t *reset = sig_childreset();
	sigset_t old;
	pid_t pid;
	int e;
#ifdef OS_HAVE_VFORK
	volatile int err = 0;	/* the vfork child writes it: our memory */
#else
	int err = 0;
#endif

	/*
	 * Block everything across the fork, so no handler of ours runs in
	 * the child (under vfork it would run on our memory); the child
	 * resets the caught signals before it unblocks.
	 */
	sig_block_all(&old);
	if (sp->ownfds) {
		struct cloned c;

		c.sp = sp;
		c.reset = reset;
		c.err = 0;
		if ((pid = os_clone_files(clone_child, &c)) != -1 ||
		    errno != ENOSYS) {
			e = errno;
			sig_setmask(&old);
			if (execerr != NULL)
				*execerr = pid == -1 ? 0 : c.err;
			errno = e;
			return pid;
		}
	}
#ifdef OS_HAVE_VFORK
	if ((pid = vfork()) == 0) {
		err = child(sp, reset);
		child_failed(sp, err);
	}
#else
	pid = fork_child(sp, reset, execerr != NULL ? &err : NULL);
#endif
	e = errno;
	sig_setmask(&old);
	if (execerr != NULL)
		*execerr = pid == -1 ? 0 : err;
	errno = e;
	return pid;
}

pid_t
spawn_exit(int code)
{
	sigset_t old;
	pid_t pid;
	int e;

	sig_block_all(&old);
#ifdef OS_HAVE_VFORK
	if ((pid = vfork()) == 0)
		_exit(code);
#else
	if ((pid = fork()) == 0)
		_exit(code);
#endif
	e = errno;
	sig_setmask(&old);
	errno = e;
	return pid;
}

pid_t
os_spawn(const char *path, char *const argv[], char *const envp[],
    int sock, const int *sigs, int nsig, const char *errline, size_t errlen)
{
	struct spawn sp;

	memset(&sp, 0, sizeof sp);
	(void)sigs;	/* caught through sig_catch: in sig_childreset */
	(void)nsig;
	sp.path = path;
	sp.argv = argv;
	sp.envp = envp;
	sp.fd0 = sp.fd1 = sock;
	sp.ownfds = 1;
	sp.errline = errline;
	sp.errlen = errlen;
	return spawn_start(&sp, NULL);
}

pid_t
os_spawnp(char *const argv[], int c0, int c1, const sigset_t *reset)
{
	struct spawn sp;
	pid_t pid;
	int sig, err;

	for (sig = 1; sig < SIG_MAX; sig++)
		if (sigismember(reset, sig) == 1)
			sig_note_reset(sig);
	memset(&sp, 0, sizeof sp);
	sp.path = argv[0];
	sp.argv = argv;
	sp.fd0 = c0;
	sp.fd1 = c1;
	if ((pid = spawn_start(&sp, &err)) == -1 || err == 0)
		return pid;
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
	errno = err;
	return -1;
}
