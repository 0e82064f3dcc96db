/*
 * clock.so: a preload library of the tests' own that makes the
 * monotonic clock jump: every CLOCK_MONOTONIC reading is CLOCK_STEP_MS
 * (default 7) milliseconds later than real time plus the jumps before
 * it, as if the process had been descheduled between any two readings,
 * which a loaded machine does at random.  Other clocks are untouched.
 * Only dynamic programs can be reached: the tests use the build in
 * tests/fi/.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

static long long skew, step = -1;

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	static int (*real)(clockid_t, struct timespec *);
	const char *v;
	long long ns;
	int r;

	if (real == NULL &&
	    (*(void **)&real = dlsym(RTLD_NEXT, "clock_gettime")) == NULL)
		abort();
	if (step == -1)
		step = (v = getenv("CLOCK_STEP_MS")) != NULL ? atoll(v) : 7;
	if ((r = real(id, ts)) == 0 && id == CLOCK_MONOTONIC) {
		skew += step * 1000000;
		ns = ts->tv_nsec + skew % 1000000000;
		ts->tv_sec += skew / 1000000000 + ns / 1000000000;
		ts->tv_nsec = ns % 1000000000;
	}
	return r;
}
