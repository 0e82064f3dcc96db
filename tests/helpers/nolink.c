/*
 * nolink: a do-nothing exec link, the benchmark's floor for a wrapper:
 * "nolink prog args..." execs prog at once.
 */
#include <unistd.h>

int
main(int argc, char *argv[])
{
	if (argc < 2)
		return 100;
	execvp(argv[1], argv + 1);
	return 127;
}
