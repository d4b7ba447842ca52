/*
 * fuzz_lines.c - libFuzzer target: arbitrary bytes as an input file for the
 * line reader (collector/lines.c): recognition of a compression, a journal
 * file or UTF-16, decoding and transcoding, lines and blocks. Nothing may
 * crash, leak or read outside the buffers; each line and block keeps
 * within its caps. The bytes are a memfd's, read through its /proc path as
 * a regular file, once by lines and once by blocks.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../collector/lines.h"

#define FUZZ_OUT_MAX (16u << 20) /* what a small compressed input may expand to */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads the file at path to its end or FUZZ_OUT_MAX bytes, by blocks when
 * blocks (lines_next where a block cannot be had), else by lines. */
static void read_through(const char *path, int blocks)
{
	char err[512];
	struct line_reader *lr = lines_open(path, err, sizeof(err));
	struct span s;
	size_t total = 0;
	int rc = 1, cut;

	if (!lr)
		return;
	while (rc > 0 && total < FUZZ_OUT_MAX) {
		rc = blocks ? lines_next_block(lr, &s, err, sizeof(err)) : 2;
		if (rc == 1) {
			if (s.n > LINES_BLOCK_MAX || s.p[s.n - 1] != '\n')
				abort();
		} else if (rc == 2) {
			rc = lines_next(lr, &s, &cut, err, sizeof(err));
			if (rc == 1 && s.n > LINES_MAX_LINE)
				abort();
		}
		if (rc == 1)
			total += s.n + 1;
	}
	lines_close(lr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = memfd_create("fuzz_lines", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		read_through(path, 0);
		read_through(path, 1);
	}
	close(fd);
	return 0;
}
