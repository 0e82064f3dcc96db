/* unit.h: the smallest test harness; CHECK counts, main returns failures */
#include <stdio.h>

static int unit_fail, unit_pass;

#define CHECK(cond) do {						\
	if (cond)							\
		unit_pass++;						\
	else {								\
		unit_fail++;						\
		printf("%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
	}								\
} while (0)

#define UNIT_END() (printf("%d passed, %d failed\n", unit_pass, unit_fail), \
	unit_fail != 0)
