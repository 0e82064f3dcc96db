/*
 * driver: replay fuzz inputs without libFuzzer.  Linked with one harness
 * (its LLVMFuzzerTestOneInput), it feeds it every file named on the
 * command line and every regular file of each directory named, so the
 * committed corpora run in the plain test suite under any compiler.  An
 * input that breaks a harness's check aborts, as it would under libFuzzer.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long ninputs;

/* one input, in memory of exactly its size so overreads are caught */
static int
replay(const char *path)
{
	FILE *f;
	uint8_t *data;
	struct stat st;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &st) == -1) {
		fprintf(stderr, "driver: %s: %s\n", path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	n = (size_t)st.st_size;
	if ((data = malloc(n > 0 ? n : 1)) == NULL ||
	    fread(data, 1, n, f) != n) {
		fprintf(stderr, "driver: %s: unable to read\n", path);
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	(void)LLVMFuzzerTestOneInput(data, n);
	free(data);
	ninputs++;
	return 0;
}

static int
walk(const char *dir)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	char path[4096];
	int bad = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "driver: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir,
		    de->d_name) >= sizeof path || stat(path, &st) == -1 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (replay(path) == -1)
			bad = -1;
	}
	closedir(d);
	return bad;
}

int
main(int argc, char *argv[])
{
	struct stat st;
	int i, bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s corpus-dir-or-file ...\n", argv[0]);
		return 100;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (walk(argv[i]) == -1)
				bad = 1;
		} else if (replay(argv[i]) == -1)
			bad = 1;
	}
	printf("%s: %lu inputs replayed\n", argv[0], ninputs);
	/* an empty corpus proves nothing: count it as a failure */
	return bad || ninputs == 0 ? 1 : 0;
}
