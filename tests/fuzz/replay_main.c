/*
 * replay_main.c - a stand-in main() for libFuzzer targets in normal builds:
 * walks the files and directories named on the command line (recursively)
 * and calls LLVMFuzzerTestOneInput on each regular file's bytes, then on
 * each of its lines (at most REPLAY_MAX_LINES per file), so the seed corpus
 * in tests/data is replayed by every ctest run. Paths after "--whole" (a
 * fuzzer's own corpus and crashers) are replayed whole only, as libFuzzer
 * found them.
 *
 * Trusts the paths it is given; reads files of at most REPLAY_MAX_FILE
 * bytes (larger ones are cut). Single-threaded. Exits 0 when every input
 * was replayed, 1 when a path could not be read at all.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REPLAY_MAX_FILE (16u << 20)
#define REPLAY_MAX_LINES 4096
#define REPLAY_MAX_DEPTH 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long n_files, n_inputs;
static int whole_only; /* after --whole: fuzzer inputs, not logs to split */

/* Feeds one input through a private heap copy, so an over-read hits the
 * allocation's end (and ASan) rather than the neighbouring bytes. */
static void replay_one(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy) {
		fprintf(stderr, "replay: out of memory\n");
		exit(1);
	}
	if (size)
		memcpy(copy, data, size);
	LLVMFuzzerTestOneInput(copy, size);
	free(copy);
	n_inputs++;
}

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, r, i, start, lines = 0;
	int rc = -1;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (n == cap) {
			uint8_t *nb;

			if (cap >= REPLAY_MAX_FILE)
				break;
			cap = cap ? cap * 2 : 65536;
			if (cap > REPLAY_MAX_FILE)
				cap = REPLAY_MAX_FILE;
			nb = realloc(buf, cap);
			if (!nb)
				goto out;
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		goto out;
	}
	replay_one(buf, n);
	for (i = 0, start = 0; !whole_only && i <= n && lines < REPLAY_MAX_LINES; i++) {
		if (i == n || buf[i] == '\n') {
			if (i > start || i < n) {
				replay_one(buf + start, i - start);
				lines++;
			}
			start = i + 1;
		}
	}
	n_files++;
	rc = 0;
out:
	free(buf);
	fclose(f);
	return rc;
}

static int replay_path(const char *path, int depth)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (stat(path, &st) < 0) {
		/* A crashers folder left empty (and removed) by bench/fuzz.sh
		 * after cmake saw it: nothing to replay there. */
		if (errno == ENOENT && depth == 0 && strstr(path, "/tests/fuzz/")) {
			fprintf(stderr, "replay: %s: gone, skipped\n", path);
			return 0;
		}
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return replay_file(path);
	if (!S_ISDIR(st.st_mode) || depth > REPLAY_MAX_DEPTH)
		return 0;
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		char *sub;

		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&sub, "%s/%s", path, de->d_name) < 0) {
			rc = -1;
			break;
		}
		if (replay_path(sub, depth + 1) < 0)
			rc = -1;
		free(sub);
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR... [--whole FILE|DIR...]\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--whole") == 0) {
			whole_only = 1;
			continue;
		}
		if (replay_path(argv[i], 0) < 0)
			rc = 1;
	}
	printf("replayed %lu inputs from %lu files\n", n_inputs, n_files);
	return rc;
}
