/*
 * forklink: a do-nothing link that forks, waits and exits with the
 * child's status (or dies of the child's signal), the floor for svc-log.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	pid_t pid;
	int st;

	if (argc < 2)
		return 100;
	if ((pid = fork()) == -1)
		return 111;
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		;
	if (WIFSIGNALED(st)) {
		signal(WTERMSIG(st), SIG_DFL);
		kill(getpid(), WTERMSIG(st));
	}
	return WEXITSTATUS(st);
}
