/*
 * sigmess: start a program the way a careless parent would: SIGHUP,
 * SIGINT and SIGPIPE ignored (nohup, sh &) and most signals blocked.
 */
#include <signal.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	sigset_t set;

	if (argc < 2)
		return 100;
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGUSR1, SIG_IGN);
	sigfillset(&set);
	sigdelset(&set, SIGTERM);	/* so the test can still stop it */
	sigprocmask(SIG_SETMASK, &set, NULL);
	execvp(argv[1], argv + 1);
	return 127;
}
