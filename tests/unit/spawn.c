/* unit tests of lib/spawn: exit codes, the reset policy, the old names */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "sig.h"
#include "spawn.h"
#include "unit.h"

static int
status_of(pid_t pid)
{
	int st;

	if (pid == -1 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFSIGNALED(st) ? 1000 + WTERMSIG(st) : WEXITSTATUS(st);
}

static pid_t
run(char **argv, int *err)
{
	struct spawn sp;

	memset(&sp, 0, sizeof sp);
	sp.path = argv[0];
	sp.argv = argv;
	sp.fd0 = sp.fd1 = -1;
	return spawn_start(&sp, err);
}

static void
ignore(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(sig, &sa, NULL);
}

static void
handler(int sig)
{
	(void)sig;
}

int
main(void)
{
	char *ok[] = { "true", NULL };
	char *nf[] = { "/nonexistent/prog", NULL };
	char *dir[] = { "/", NULL };
	char *usr1[] = { "sh", "-c", "kill -USR1 $$; exit 3", NULL };
	char *usr2[] = { "sh", "-c", "kill -USR2 $$; exit 3", NULL };
	char *hup[] = { "sh", "-c", "kill -HUP $$; exit 3", NULL };
	sigset_t set;
	int err;

	CHECK(status_of(run(ok, &err)) == 0 && err == 0);
	CHECK(status_of(run(nf, &err)) == 127 && err == ENOENT);
	CHECK(status_of(run(dir, &err)) == 126 && err == EACCES);

	/* found ignored: back to default in the child */
	ignore(SIGUSR1);
	sig_note_ignored();
	CHECK(sigismember(sig_childreset(), SIGUSR1) == 1);
	CHECK(status_of(run(usr1, &err)) == 1000 + SIGUSR1);
	/* ignored later, unnoted: exec keeps it ignored (the policy's edge) */
	ignore(SIGUSR2);
	CHECK(status_of(run(usr2, &err)) == 3);
	/* caught: reset; a blocked signal is unblocked */
	CHECK(sig_handle(SIGHUP, handler) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	CHECK(status_of(run(hup, &err)) == 1000 + SIGHUP);

	/* the old names still work */
	CHECK(os_spawnp(nf, -1, -1, &set) == -1 && errno == ENOENT);
	CHECK(status_of(os_spawnp(usr2, -1, -1, &set)) == 3);
	sigaddset(&set, SIGUSR2);
	CHECK(status_of(os_spawnp(usr2, -1, -1, &set)) == 1000 + SIGUSR2);
	CHECK(status_of(os_spawn("/bin/sh", hup, NULL, 1, NULL, 0, "", 0)) ==
	    1000 + SIGHUP);
	return UNIT_END();
}
