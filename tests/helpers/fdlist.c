/* fdlist: print the open descriptors of this process, one a line */
#include <fcntl.h>
#include <stdio.h>

int
main(void)
{
	int fd;

	/* fcntl probing opens nothing, so the list is exactly what exec gave */
	for (fd = 0; fd < 4096; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			printf("%d\n", fd);
	return 0;
}
