/*
 * test_lines.c - the bounded line reader: plain and gzip input, a last line
 * without newline, over-long lines cut, blocks of whole lines, the size it
 * knows, offsets and seeking, and errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "helpers.h"

#include "../../collector/lines.h"

static char dir[] = "/tmp/oomscan-test-lines-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return th_tmpdir(dir);
}

static int teardown(void **state)
{
	(void)state;
	return th_rmtree(dir);
}

static const char *write_file(const char *name, const char *data, size_t n, int gz)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (gz) {
		gzFile g = gzopen(path, "wb");

		assert_non_null(g);
		assert_int_equal(gzwrite(g, data, (unsigned)n), (int)n);
		gzclose(g);
	} else {
		FILE *f = fopen(path, "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(data, 1, n, f), n);
		fclose(f);
	}
	return path;
}

/* Reads all lines (mixing blocks and single lines like the CLI) and joins
 * them with '|'; cut lines are marked with '!'. */
static void read_all(const char *path, char *out, size_t outn, int use_blocks)
{
	char err[256];
	struct line_reader *lr = lines_open(path, err, sizeof(err));
	struct span line, blk;
	int cut, rc;
	size_t at = 0;

	assert_non_null(lr);
	out[0] = '\0';
	for (;;) {
		if (use_blocks) {
			rc = lines_next_block(lr, &blk, err, sizeof(err));
			if (rc == 1) {
				size_t i, s = 0;

				/* a block may hold a line over the cap: the
				 * scanner cuts it, and so does this reader */
				for (i = 0; i < blk.n; i++)
					if (blk.p[i] == '\n') {
						size_t len = i - s;

						at += (size_t)snprintf(out + at, outn - at, "%s%.*s|",
								       len > LINES_MAX_LINE ? "!" : "",
								       (int)(len > 20 ? 20 : len), blk.p + s);
						s = i + 1;
					}
				continue;
			}
			if (rc != 2)
				break;
		}
		rc = lines_next(lr, &line, &cut, err, sizeof(err));
		if (rc != 1)
			break;
		at += (size_t)snprintf(out + at, outn - at, "%s%.*s|", cut ? "!" : "",
				       (int)(line.n > 20 ? 20 : line.n), line.p);
	}
	assert_int_equal(rc, 0);
	lines_close(lr);
}

static void test_plain_and_gzip(void **state)
{
	const char data[] = "one\ntwo\n\nthree";
	char out[256];

	(void)state;
	read_all(write_file("a.log", data, sizeof(data) - 1, 0), out, sizeof(out), 0);
	assert_string_equal(out, "one|two||three|");
	read_all(write_file("a.log.gz", data, sizeof(data) - 1, 1), out, sizeof(out), 0);
	assert_string_equal(out, "one|two||three|");
	/* gzip is recognised by its magic bytes, whatever the name */
	read_all(write_file("b.log", "x", 1, 1), out, sizeof(out), 0);
	assert_string_equal(out, "x|");
	read_all(write_file("a2.log", data, sizeof(data) - 1, 0), out, sizeof(out), 1);
	assert_string_equal(out, "one|two||three|");
}

static void test_long_line_cut(void **state)
{
	size_t n = LINES_MAX_LINE * 3 + 10;
	char *data = malloc(n + 10);
	char out[512];

	(void)state;
	assert_non_null(data);
	memset(data, 'a', n);
	memcpy(data + n, "\nnext\n", 6);
	read_all(write_file("long.log", data, n + 6, 0), out, sizeof(out), 0);
	/* one cut line (its head), then the next line intact */
	assert_string_equal(out, "!aaaaaaaaaaaaaaaaaaaa|next|");
	read_all(write_file("long2.log", data, n + 6, 0), out, sizeof(out), 1);
	assert_string_equal(out, "!aaaaaaaaaaaaaaaaaaaa|next|");
	free(data);
}

static void test_many_blocks(void **state)
{
	size_t lines = 100000, i, at = 0;
	char *data = malloc(lines * 8);
	char err[256];
	struct line_reader *lr;
	struct span blk, line;
	size_t count = 0;
	int rc, cut;

	(void)state;
	assert_non_null(data);
	for (i = 0; i < lines; i++)
		at += (size_t)sprintf(data + at, "%06zu\n", i);
	lr = lines_open(write_file("many.log", data, at, 0), err, sizeof(err));
	assert_non_null(lr);
	while ((rc = lines_next_block(lr, &blk, err, sizeof(err))) != 0) {
		if (rc == 2) {
			assert_int_equal(lines_next(lr, &line, &cut, err, sizeof(err)), 1);
			count++;
			continue;
		}
		assert_int_equal(rc, 1);
		assert_true(blk.p[blk.n - 1] == '\n');
		for (i = 0; i < blk.n; i++)
			count += blk.p[i] == '\n';
	}
	assert_int_equal(count, lines);
	lines_close(lr);
	free(data);
}

/* lines_size: a regular file's bytes on disk (a gzip file's compressed
 * ones); nothing known of a pipe. lines_compressed: what is decompressed. */
static void test_size(void **state)
{
	char err[256];
	struct line_reader *lr;
	struct stat st;
	const char *path;
	int fd[2];

	(void)state;
	lr = lines_open(write_file("s.log", "one\ntwo\n", 8, 0), err, sizeof(err));
	assert_non_null(lr);
	assert_int_equal(lines_size(lr), 8);
	assert_int_equal(lines_compressed(lr), 0);
	lines_close(lr);
	lr = lines_open(write_file("e.log", "", 0, 0), err, sizeof(err));
	assert_non_null(lr);
	assert_int_equal(lines_size(lr), 0);
	lines_close(lr);
	path = write_file("s.log.gz", "one\ntwo\n", 8, 1);
	assert_int_equal(stat(path, &st), 0);
	lr = lines_open(path, err, sizeof(err));
	assert_non_null(lr);
	assert_int_equal(lines_size(lr), (long long)st.st_size);
	assert_true(lines_size(lr) != 8);
	assert_int_equal(lines_compressed(lr), 1);
	assert_int_equal(lines_mtime(lr), (long long)st.st_mtime);
	lines_close(lr);
	/* a pipe as standard input */
	assert_int_equal(pipe(fd), 0);
	{
		int saved = dup(STDIN_FILENO);

		assert_true(saved >= 0);
		assert_int_equal(dup2(fd[0], STDIN_FILENO), STDIN_FILENO);
		lr = lines_open("-", err, sizeof(err));
		assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
		close(saved);
	}
	close(fd[0]);
	close(fd[1]);
	assert_non_null(lr);
	assert_int_equal(lines_size(lr), -1);
	assert_int_equal(lines_compressed(lr), 1);
	lines_close(lr);
}

/* lines_offset counts what was handed out; lines_seek lands on a line, or
 * skips the rest of the line it cuts, and refuses what cannot seek. */
static void test_offset_and_seek(void **state)
{
	static const char data[] = "one\ntwo\nthree";
	char err[256];
	struct line_reader *lr;
	struct span line, blk;
	int cut;

	(void)state;
	lr = lines_open(write_file("o.log", data, sizeof(data) - 1, 0), err, sizeof(err));
	assert_non_null(lr);
	assert_int_equal(lines_offset(lr), 0);
	assert_int_equal(lines_next(lr, &line, &cut, err, sizeof(err)), 1);
	assert_int_equal(lines_offset(lr), 4);
	assert_int_equal(lines_next_block(lr, &blk, err, sizeof(err)), 1);
	assert_int_equal(blk.n, 4);
	assert_int_equal(lines_offset(lr), 8);
	assert_int_equal(lines_next_block(lr, &blk, err, sizeof(err)), 2);
	assert_int_equal(lines_next(lr, &line, &cut, err, sizeof(err)), 1);
	assert_int_equal(line.n, 5);
	assert_int_equal(lines_offset(lr), 13);
	assert_int_equal(lines_next(lr, &line, &cut, err, sizeof(err)), 0);
	/* not a fresh reader */
	assert_int_equal(lines_seek(lr, 4), -1);
	lines_close(lr);

	/* on a line start */
	lr = lines_open(write_file("o.log", data, sizeof(data) - 1, 0), err, sizeof(err));
	assert_int_equal(lines_seek(lr, 4), 0);
	assert_int_equal(lines_offset(lr), 4);
	assert_int_equal(lines_next(lr, &line, &cut, err, sizeof(err)), 1);
	assert_int_equal(line.n, 3);
	assert_memory_equal(line.p, "two", 3);
	lines_close(lr);
	/* inside "two": the rest of it is skipped */
	lr = lines_open(write_file("o.log", data, sizeof(data) - 1, 0), err, sizeof(err));
	assert_int_equal(lines_seek(lr, 5), 0);
	assert_int_equal(lines_next_block(lr, &blk, err, sizeof(err)), 2);
	assert_int_equal(lines_next(lr, &line, &cut, err, sizeof(err)), 1);
	assert_memory_equal(line.p, "three", 5);
	lines_close(lr);
	/* inside the last line (no newline yet): nothing more */
	lr = lines_open(write_file("o.log", data, sizeof(data) - 1, 0), err, sizeof(err));
	assert_int_equal(lines_seek(lr, 10), 0);
	assert_int_equal(lines_next(lr, &line, &cut, err, sizeof(err)), 0);
	lines_close(lr);
	/* at the end, and past it */
	lr = lines_open(write_file("o.log", data, sizeof(data) - 1, 0), err, sizeof(err));
	assert_int_equal(lines_seek(lr, 14), -1);
	assert_int_equal(lines_offset(lr), 0);
	assert_int_equal(lines_seek(lr, 13), 0);
	assert_int_equal(lines_next(lr, &line, &cut, err, sizeof(err)), 0);
	lines_close(lr);
	/* gzip input cannot seek */
	lr = lines_open(write_file("o.log.gz", data, sizeof(data) - 1, 1), err, sizeof(err));
	assert_int_equal(lines_seek(lr, 4), -1);
	assert_int_equal(lines_next(lr, &line, &cut, err, sizeof(err)), 1);
	assert_memory_equal(line.p, "one", 3);
	assert_int_equal(lines_offset(lr), 4);
	lines_close(lr);
}

static void test_errors(void **state)
{
	char err[256];

	(void)state;
	assert_null(lines_open("/nonexistent/x.log", err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent/x.log: No such file or directory"));
	assert_null(lines_open(dir, err, sizeof(err)));
	assert_non_null(strstr(err, "is a directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_gzip),
		cmocka_unit_test(test_long_line_cut),
		cmocka_unit_test(test_many_blocks),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_offset_and_seek),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
