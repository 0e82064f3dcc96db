/*
 * mono: the monotonic clock, for timeouts and latencies that must not
 * jump when the wall clock is set.
 */
#include <time.h>

#include "mono.h"

unsigned long long
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000 +
	    (unsigned long long)ts.tv_nsec / 1000;
}

unsigned long long
mono_ms(void)
{
	return mono_us() / 1000;
}
