/*
 * gate: hold many connections open until the test lets them go.
 * "gate hold FILE" takes a write lock on FILE, writes "locked" to
 * stdout and waits to be killed; "gate wait FILE" (the service) waits
 * for a read lock on FILE, so it stays while the holder lives, then
 * writes BYE and exits.  A lock, not a FIFO: a service that starts
 * after the release passes at once instead of waiting for ever.
 * "gate either FILE" (bench/held's service) waits as "wait" does for a
 * client from 127.0.1.0/24 (TCPREMOTEIP), and for any other writes
 * HELLO and exits at once, as the HELLO program does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
lockit(const char *path, int type)
{
	struct flock fl;
	int fd, r;

	if ((fd = open(path, type == F_WRLCK ? O_RDWR : O_RDONLY)) == -1)
		return -1;
	memset(&fl, 0, sizeof fl);
	fl.l_type = (short)type;
	fl.l_whence = SEEK_SET;
	while ((r = fcntl(fd, F_SETLKW, &fl)) == -1 && errno == EINTR)
		;
	return r;
}

int
main(int argc, char *argv[])
{
	if (argc != 3)
		return 100;
	if (strcmp(argv[1], "hold") == 0) {
		if (lockit(argv[2], F_WRLCK) == -1 ||
		    write(1, "locked\n", 7) != 7)
			return 111;
		for (;;)
			pause();
	}
	if (strcmp(argv[1], "either") == 0) {
		const char *ip = getenv("TCPREMOTEIP");

		if (ip == NULL || strncmp(ip, "127.0.1.", 8) != 0)
			return write(1, "HELLO\n", 6) == 6 ? 0 : 1;
	}
	if (lockit(argv[2], F_RDLCK) == -1)
		return 111;
	return write(1, "BYE\n", 4) == 4 ? 0 : 1;
}
