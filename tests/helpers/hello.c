/* hello: the benchmark's HELLO service; writes HELLO and exits */
#include <unistd.h>

int
main(void)
{
	return write(1, "HELLO\n", 6) == 6 ? 0 : 1;
}
