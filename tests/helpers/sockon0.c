/*
 * sockon0 tcp|udp prog [arg ...]: a socket bound to 127.0.0.1 on a free
 * port but not listening (tcp), or a datagram socket (udp), on fd 0,
 * then exec prog: what svc-listend must refuse to serve.
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct sockaddr_in a;
	int fd;

	if (argc < 3)
		return 100;
	fd = socket(AF_INET, strcmp(argv[1], "udp") == 0 ? SOCK_DGRAM :
	    SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd == -1 || bind(fd, (struct sockaddr *)&a, sizeof a) == -1 ||
	    dup2(fd, 0) == -1) {
		perror("sockon0");
		return 111;
	}
	execvp(argv[2], argv + 2);
	perror("sockon0: exec");
	return 127;
}
