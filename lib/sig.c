/*
 * sig: the self-pipe trick.  Handlers only write one byte; the program's
 * poll loop reads the pipe and does the work outside signal context.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fd.h"
#include "os.h"
#include "sig.h"

int sig_pipe = -1;
static sigset_t childreset;
static int childreset_ok;

static sigset_t *
reset_set(void)
{
	if (!childreset_ok) {
		sigemptyset(&childreset);
		childreset_ok = 1;
	}
	return &childreset;
}

const sigset_t *
sig_childreset(void)
{
	return reset_set();
}
static int sig_wfd = -1;

static void
on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;

	(void)!write(sig_wfd, &c, 1);	/* a full pipe is fine */
	errno = saved;
}

int
sig_pipe_init(void)
{
	int p[2];

	if (fd_pipe(p, 1) == -1)
		return -1;
	sig_pipe = p[0];
	sig_wfd = p[1];
	return 0;
}

int
sig_handle(int sig, void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigfillset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (sigaction(sig, &sa, NULL) == -1)
		return -1;
	(void)sigaddset(reset_set(), sig);
	return 0;
}

int
sig_catch(int sig)
{
	return sig_handle(sig, on_signal);
}

int
sig_next(void)
{
	unsigned char c;
	ssize_t r;

	do
		r = read(sig_pipe, &c, 1);
	while (r == -1 && errno == EINTR);
	return r == 1 ? c : 0;
}

int
sig_default(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
}

void
sig_defaults(void)
{
	int sig;

	for (sig = 1; sig < SIG_MAX; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)sig_default(sig);		/* EINVAL ok */
	sigemptyset(reset_set());
}

void
sig_note_reset(int sig)
{
	(void)sigaddset(reset_set(), sig);
}

void
sig_note_ignored(void)
{
	struct sigaction sa;
	int sig;

	if (os_sigignored(reset_set()) == 0)
		return;
	for (sig = 1; sig < SIG_MAX; sig++)	/* where /proc cannot say */
		if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			(void)sigaddset(reset_set(), sig);
}

void
sig_unblock_all(void)
{
	sigset_t none;

	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
}

void
sig_block_all(sigset_t *old)
{
	sigset_t all;

	sigfillset(&all);
	(void)sigprocmask(SIG_BLOCK, &all, old);
}

void
sig_setmask(const sigset_t *old)
{
	(void)sigprocmask(SIG_SETMASK, old, NULL);
}

const char *
sig_name(int sig)
{
	static const struct {
		int sig;
		const char *name;
	} names[] = {
		{ SIGHUP, "HUP" }, { SIGINT, "INT" }, { SIGQUIT, "QUIT" },
		{ SIGILL, "ILL" }, { SIGTRAP, "TRAP" }, { SIGABRT, "ABRT" },
		{ SIGBUS, "BUS" }, { SIGFPE, "FPE" }, { SIGKILL, "KILL" },
		{ SIGUSR1, "USR1" }, { SIGSEGV, "SEGV" }, { SIGUSR2, "USR2" },
		{ SIGPIPE, "PIPE" }, { SIGALRM, "ALRM" }, { SIGTERM, "TERM" },
		{ SIGCHLD, "CHLD" }, { SIGCONT, "CONT" }, { SIGSTOP, "STOP" },
		{ SIGTSTP, "TSTP" }, { SIGTTIN, "TTIN" }, { SIGTTOU, "TTOU" },
		{ SIGURG, "URG" }, { SIGXCPU, "XCPU" }, { SIGXFSZ, "XFSZ" },
		{ SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" }, { SIGSYS, "SYS" },
	};
	static char num[12];
	size_t i;
	int n, k;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].sig == sig)
			return names[i].name;
	/* not reentrant, but only the main loop asks */
	k = sizeof num - 1;
	num[k] = '\0';
	n = sig < 0 ? 0 : sig;
	do {
		num[--k] = (char)('0' + n % 10);
		n /= 10;
	} while (n != 0 && k > 0);
	return num + k;
}
