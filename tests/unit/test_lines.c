/*
 * test_lines.c - the bounded line reader: plain and gzip input, a last line
 * without newline, over-long lines cut, blocks of whole lines, the size it
 * knows, offsets and seeking, errors, and UTF-16 text transcoded (xz, zstd
 * and bzip2 input: test_decomp.c).
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

/* UTF-16 of the UTF-8 text t[0, n) (BMP and 4-byte sequences only, as
 * the tests write them), with a mark when bom; big: big-endian. The
 * bytes, in a static buffer. */
static const char *to_utf16(const char *t, size_t n, int big, int bom, size_t *outn)
{
	static unsigned char u[3 << 20];
	const unsigned char *p = (const unsigned char *)t;
	size_t i = 0, o = 0;

	if (bom) {
		u[o++] = big ? 0xfe : 0xff;
		u[o++] = big ? 0xff : 0xfe;
	}
	while (i < n) {
		unsigned c, units[2], k = 1, j;

		if (p[i] < 0x80) {
			c = p[i++];
		} else if ((p[i] & 0xe0) == 0xc0) {
			c = (p[i] & 0x1fu) << 6 | (p[i + 1] & 0x3fu);
			i += 2;
		} else if ((p[i] & 0xf0) == 0xe0) {
			c = (p[i] & 0x0fu) << 12 | (p[i + 1] & 0x3fu) << 6 | (p[i + 2] & 0x3fu);
			i += 3;
		} else {
			c = (p[i] & 0x07u) << 18 | (p[i + 1] & 0x3fu) << 12 | (p[i + 2] & 0x3fu) << 6 | (p[i + 3] & 0x3fu);
			i += 4;
		}
		units[0] = c;
		if (c >= 0x10000) {
			units[0] = 0xd800 + ((c - 0x10000) >> 10);
			units[1] = 0xdc00 + ((c - 0x10000) & 0x3ff);
			k = 2;
		}
		for (j = 0; j < k; j++) {
			assert_true(o + 2 <= sizeof(u));
			u[o++] = (unsigned char)(big ? units[j] >> 8 : units[j]);
			u[o++] = (unsigned char)(big ? units[j] : units[j] >> 8);
		}
	}
	*outn = o;
	return (const char *)u;
}

/*
 * Text a Windows tool wrote as UTF-16 (little-endian with or without a
 * mark, big-endian with one) reads as its UTF-8, on a file and through a
 * pipe: non-ASCII and a surrogate pair whole, the mark dropped. A lone
 * surrogate half and a last odd byte become U+FFFD. The file cannot seek.
 */
static void test_utf16(void **state)
{
	static const char text[] = "fatal error: out of memory \xc3\xa9\xe4\xb8\xad \xf0\x9f\x98\x80\r\n"
				   "runtime: VirtualAlloc of 8192 bytes failed with errno=1455\r\nlast";
	static const int forms[][2] = { { 0, 1 }, { 0, 0 }, { 1, 1 } };
	char out[512], want[512], err[256];
	struct line_reader *lr;
	size_t i, n;
	const char *u;

	(void)state;
	read_all(write_file("u8.log", text, sizeof(text) - 1, 0), want, sizeof(want), 0);
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		u = to_utf16(text, sizeof(text) - 1, forms[i][0], forms[i][1], &n);
		read_all(write_file("u16.log", u, n, 0), out, sizeof(out), 0);
		assert_string_equal(out, want);
		read_all(write_file("u16.log.gz", u, n, 1), out, sizeof(out), 1);
		assert_string_equal(out, want);
	}
	lr = lines_open(write_file("u16.log", u, n, 0), err, sizeof(err));
	assert_non_null(lr);
	assert_int_equal(lines_compressed(lr), 1);
	assert_int_equal(lines_seek(lr, 4), -1);
	lines_close(lr);
	/* big-endian "a", a lone high half, "b", a lone low half, "c", an odd byte */
	read_all(write_file("bad16.log", "\xfe\xff\x00\x61\xd8\x00\x00\x62\xdc\x00\x00\x63\x00", 13, 0), out,
		 sizeof(out), 0);
	assert_string_equal(out, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd|");
	/* zero bytes that are no UTF-16 (too few, or on both sides) pass as
	 * they are */
	{
		static const struct {
			const char *p;
			size_t n, first;
		} nul[] = { { "a\0b\0\nc", 6, 4 }, { "ab\0\0cd\0\0\nx\n", 11, 8 } };
		struct span line;
		int cut;

		for (i = 0; i < sizeof(nul) / sizeof(nul[0]); i++) {
			lr = lines_open(write_file("nul.log", nul[i].p, nul[i].n, 0), err, sizeof(err));
			assert_non_null(lr);
			assert_int_equal(lines_compressed(lr), 0);
			assert_int_equal(lines_next(lr, &line, &cut, err, sizeof(err)), 1);
			assert_int_equal(line.n, nul[i].first);
			assert_memory_equal(line.p, nul[i].p, nul[i].first);
			lines_close(lr);
		}
	}
}

/* The lengths of the blocks lines_next_block hands out for path, in
 * lens (at most cap); how many. */
static size_t block_lengths(const char *path, size_t *lens, size_t cap)
{
	char err[256];
	struct line_reader *lr = lines_open(path, err, sizeof(err));
	struct span blk;
	size_t k = 0;
	int rc;

	assert_non_null(lr);
	while ((rc = lines_next_block(lr, &blk, err, sizeof(err))) == 1) {
		assert_true(k < cap);
		lens[k++] = blk.n;
	}
	assert_int_equal(rc, 0);
	lines_close(lr);
	return k;
}

/* A UTF-16 text past several buffers comes out in the same blocks as its
 * UTF-8 (a code point cut by a buffer's end is finished in the next), so
 * the output cannot hang on the encoding; the lines are the same too. */
static void test_utf16_blocks(void **state)
{
	size_t n = 0, un, i, la[16], lb[16], na, nb;
	char *t = malloc(1200000), *a = malloc(1 << 20), *b = malloc(1 << 20);
	const char *u;

	(void)state;
	assert_non_null(t);
	assert_non_null(a);
	assert_non_null(b);
	for (i = 0; n < 1100000; i++)
		n += (size_t)sprintf(t + n, "%zu \xe4\xb8\xad\xf0\x9f\x98\x80 line of text %*s\n", i, (int)(i % 97), "");
	u = to_utf16(t, n, 0, 1, &un);
	read_all(write_file("b8.log", t, n, 0), a, 1 << 20, 1);
	read_all(write_file("b16.log", u, un, 0), b, 1 << 20, 1);
	assert_string_equal(a, b);
	na = block_lengths(write_file("b8.log", t, n, 0), la, 16);
	nb = block_lengths(write_file("b16.log", u, un, 0), lb, 16);
	assert_true(na > 4);
	assert_int_equal(na, nb);
	assert_memory_equal(la, lb, na * sizeof(la[0]));
	free(t);
	free(a);
	free(b);
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
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_utf16_blocks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
