/*
 * holdlock FILE OFF r|w: open FILE (read-only for r), take a read or
 * write record lock on byte OFF, print "held", then wait to be killed.
 * What a hostile local user does to a state file it can open.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct flock fl;
	int fd, rd;

	if (argc != 4)
		return 100;
	rd = strcmp(argv[3], "r") == 0;
	if ((fd = open(argv[1], rd ? O_RDONLY : O_RDWR)) == -1) {
		perror("holdlock: open");
		return 111;
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = rd ? F_RDLCK : F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = (off_t)strtoll(argv[2], NULL, 10);
	fl.l_len = 1;
	if (fcntl(fd, F_SETLK, &fl) == -1) {
		perror("holdlock: lock");
		return 111;
	}
	printf("held\n");
	fflush(stdout);
	for (;;)
		pause();
}
