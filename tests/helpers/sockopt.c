/* sockopt: print TCP_NODELAY and SO_KEEPALIVE of the socket on fd 0 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>

int
main(void)
{
	int nd = -1, ka = -1;
	socklen_t len = sizeof nd;

	getsockopt(0, IPPROTO_TCP, TCP_NODELAY, &nd, &len);
	len = sizeof ka;
	getsockopt(0, SOL_SOCKET, SO_KEEPALIVE, &ka, &len);
	printf("nodelay=%d keepalive=%d\n", nd != 0, ka != 0);
	return 0;
}
