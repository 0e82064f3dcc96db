/* sigstate: print signals not at default disposition, and blocked ones */
#include <signal.h>
#include <stdio.h>

int
main(void)
{
	struct sigaction sa;
	sigset_t mask;
	int sig, bad = 0;

	sigprocmask(SIG_SETMASK, NULL, &mask);
	for (sig = 1; sig < 65; sig++) {
		if (sigaction(sig, NULL, &sa) == -1)
			continue;
		if (sa.sa_handler != SIG_DFL) {
			printf("handler %d\n", sig);
			bad = 1;
		}
		if (sigismember(&mask, sig) == 1) {
			printf("blocked %d\n", sig);
			bad = 1;
		}
	}
	if (!bad)
		printf("clean\n");
	return 0;
}
