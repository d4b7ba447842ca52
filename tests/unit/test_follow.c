/*
 * test_follow.c - following a file by name: partial lines, start at the end,
 * rename-and-create and copytruncate rotation, plain truncation, a missing
 * and a deleted file, long lines, and resuming from a saved position (also
 * after a rotation while stopped). Works in a fresh temporary directory.
 */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

#include "../../collector/follow.h"

static char dir[256];
static char path[300];
static char rot[300];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/oomscan-follow-XXXXXX");
	if (th_tmpdir(dir) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/app.log", dir);
	snprintf(rot, sizeof(rot), "%s/app.log.1", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_rmtree(dir);
}

static void append(const char *p, const char *text)
{
	FILE *fp = fopen(p, "a");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Reads every available line into out, joined by '|'; returns the count. */
static int drain(struct follow *f, char *out, size_t outn, int64_t *last_line)
{
	struct span l;
	int cut, n = 0;
	int64_t ln;
	size_t used = 0;

	out[0] = '\0';
	while (follow_next(f, &l, &cut, &ln) == 1) {
		used += (size_t)snprintf(out + used, outn - used, "%s%.*s",
					 n ? "|" : "", (int)l.n, l.p);
		assert_true(used < outn);
		if (last_line)
			*last_line = ln;
		n++;
	}
	return n;
}

static void test_partial_and_from_start(void **state)
{
	struct follow *f = follow_new(path, 0);
	char out[256];
	int64_t ln = 0;

	(void)state;
	append(path, "one\ntwo\nthr");
	follow_start(f, NULL, 1);
	assert_int_equal(drain(f, out, sizeof(out), &ln), 2);
	assert_string_equal(out, "one|two");
	assert_int_equal(ln, 2);
	append(path, "ee\n");
	assert_int_equal(drain(f, out, sizeof(out), &ln), 1);
	assert_string_equal(out, "three");
	assert_int_equal(ln, 3);
	follow_free(f);
}

static void test_start_at_end(void **state)
{
	struct follow *f = follow_new(path, 0);
	char out[256];
	int64_t ln = 0;

	(void)state;
	append(path, "old1\nold2\n");
	follow_start(f, NULL, 0);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 0);
	append(path, "new\n");
	assert_int_equal(drain(f, out, sizeof(out), &ln), 1);
	assert_string_equal(out, "new");
	assert_int_equal(ln, 3);
	follow_free(f);
}

/* The wait descriptor polls readable after a write and after a rotation
 * (rename, then a new file of the same name), and is quiet once acked. */
static void test_wait_fd(void **state)
{
	struct follow *f = follow_new(path, 0);
	struct pollfd pfd;
	char out[256];
	int fd;

	(void)state;
	append(path, "old\n");
	follow_start(f, NULL, 0);
	fd = follow_wait_fd(f);
	if (fd < 0) {
		follow_free(f);
		skip(); /* no inotify here: serve polls on its timer */
	}
	assert_int_equal(follow_wait_fd(f), fd); /* made once */
	pfd.fd = fd;
	pfd.events = POLLIN;
	follow_wait_ack(f);
	assert_int_equal(poll(&pfd, 1, 0), 0);
	append(path, "new\n");
	assert_int_equal(poll(&pfd, 1, 2000), 1);
	follow_wait_ack(f);
	assert_int_equal(poll(&pfd, 1, 0), 0);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	assert_string_equal(out, "new");
	assert_int_equal(rename(path, rot), 0);
	assert_int_equal(poll(&pfd, 1, 2000), 1);
	follow_wait_ack(f);
	append(path, "after\n");
	assert_int_equal(poll(&pfd, 1, 2000), 1);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	assert_string_equal(out, "after");
	follow_free(f);
}

static void test_rename_create(void **state)
{
	struct follow *f = follow_new(path, 0);
	char out[256];
	FILE *w;
	int64_t ln = 0;

	(void)state;
	append(path, "a\n");
	follow_start(f, NULL, 1);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	/* The writer keeps its handle across the rename and writes a bit
	 * more into the old file before reopening. */
	w = fopen(path, "a");
	assert_non_null(w);
	fputs("b\n", w);
	fflush(w);
	assert_int_equal(rename(path, rot), 0);
	fputs("c\nd", w); /* last line of the old file has no newline */
	fclose(w);
	append(path, "e\nf\n");
	assert_int_equal(drain(f, out, sizeof(out), &ln), 5);
	assert_string_equal(out, "b|c|d|e|f");
	assert_int_equal(ln, 2); /* f is line 2 of the new file */
	assert_int_equal(follow_stats(f)->rotations, 1);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 0);
	follow_free(f);
}

static void test_copytruncate(void **state)
{
	struct follow *f = follow_new(path, 0);
	char out[256];
	char cmd[1000];
	int64_t ln = 0;

	(void)state;
	append(path, "first line is long enough to fingerprint\nx1\n");
	follow_start(f, NULL, 1);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 2);
	append(path, "x2\nx3\n");
	/* logrotate copytruncate: copy, then truncate in place. */
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && truncate -s 0 '%s'", path, rot, path);
	assert_int_equal(system(cmd), 0);
	append(path, "y1\n");
	assert_int_equal(drain(f, out, sizeof(out), &ln), 3);
	assert_string_equal(out, "x2|x3|y1");
	assert_int_equal(ln, 1);
	assert_int_equal(follow_stats(f)->truncations, 1);
	follow_free(f);
}

static void test_truncate_no_copy(void **state)
{
	struct follow *f = follow_new(path, 0);
	char out[256];
	int64_t ln = 0;

	(void)state;
	append(path, "aaaa\nbbbb\ncccc\n");
	follow_start(f, NULL, 1);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 3);
	assert_int_equal(truncate(path, 0), 0);
	/* Rewritten past the old size before we look: the fingerprint
	 * tells it is not the same text. */
	append(path, "zzzzzzzz\nyyyyyyyyyy\n");
	assert_int_equal(drain(f, out, sizeof(out), &ln), 2);
	assert_string_equal(out, "zzzzzzzz|yyyyyyyyyy");
	assert_int_equal(ln, 2);
	follow_free(f);
}

static void test_missing_then_created(void **state)
{
	struct follow *f = follow_new(path, 0);
	char out[256];

	(void)state;
	follow_start(f, NULL, 0);
	assert_false(follow_is_open(f));
	assert_int_equal(drain(f, out, sizeof(out), NULL), 0);
	append(path, "born\n");
	/* A file that appears later is read from its start. */
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	assert_string_equal(out, "born");
	follow_free(f);
}

static void test_deleted(void **state)
{
	struct follow *f = follow_new(path, 0);
	char out[256];

	(void)state;
	append(path, "one\n");
	follow_start(f, NULL, 1);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 0);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 0);
	append(path, "two\n");
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	assert_string_equal(out, "two");
	follow_free(f);
}

static void test_long_line(void **state)
{
	struct follow *f = follow_new(path, 16);
	struct span l;
	int cut;
	int64_t ln;

	(void)state;
	append(path, "0123456789abcdefXYZXYZ\nshort\n");
	follow_start(f, NULL, 1);
	assert_int_equal(follow_next(f, &l, &cut, &ln), 1);
	assert_int_equal(cut, 1);
	assert_int_equal(l.n, 16);
	assert_memory_equal(l.p, "0123456789abcdef", 16);
	assert_int_equal(follow_next(f, &l, &cut, &ln), 1);
	assert_int_equal(cut, 0);
	assert_int_equal(ln, 2);
	assert_int_equal(l.n, 5);
	assert_memory_equal(l.p, "short", 5);
	follow_free(f);
}

static void test_resume(void **state)
{
	struct follow *f = follow_new(path, 0);
	struct follow_pos pos;
	char out[256];
	int64_t ln = 0;

	(void)state;
	append(path, "l1\nl2\npart");
	follow_start(f, NULL, 1);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 2);
	assert_int_equal(follow_get_pos(f, &pos), 0);
	assert_int_equal(pos.offset, 6); /* the partial line is not consumed */
	assert_int_equal(pos.line, 3);
	follow_free(f);

	append(path, "ial\nl4\n");
	f = follow_new(path, 0);
	follow_start(f, &pos, 0);
	assert_int_equal(drain(f, out, sizeof(out), &ln), 2);
	assert_string_equal(out, "partial|l4");
	assert_int_equal(ln, 4);
	assert_int_equal(follow_get_pos(f, &pos), 0);
	follow_free(f);

	/* Rotated while stopped: rest of the old file, then the new one. */
	append(path, "l5\n");
	assert_int_equal(rename(path, rot), 0);
	append(path, "n1\n");
	f = follow_new(path, 0);
	follow_start(f, &pos, 0);
	assert_int_equal(drain(f, out, sizeof(out), &ln), 2);
	assert_string_equal(out, "l5|n1");
	assert_int_equal(ln, 1);
	assert_int_equal(follow_get_pos(f, &pos), 0);
	follow_free(f);

	/* Replaced by an unrelated file while stopped: read it whole. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(unlink(rot), 0);
	append(path, "other\n");
	f = follow_new(path, 0);
	follow_start(f, &pos, 0);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	assert_string_equal(out, "other");
	follow_free(f);
}

static void test_gone_between_files(void **state)
{
	struct follow *f = follow_new(path, 0);
	struct follow_pos pos;
	char out[256];

	(void)state;
	assert_int_equal(follow_get_pos(f, &pos), -1); /* nothing open yet */
	append(path, "a\n");
	follow_start(f, NULL, 1);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	/* Rotated (seen by SIGHUP's reopen), and the new file removed
	 * before it is opened. */
	assert_int_equal(rename(path, rot), 0);
	append(path, "b\n");
	follow_reopen(f);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 0);
	assert_false(follow_is_open(f));
	assert_int_equal(follow_get_pos(f, &pos), 0);
	assert_int_equal(pos.ino, 0);
	follow_free(f);

	/* Resumed from that position: the next file from its start. */
	append(path, "c\n");
	f = follow_new(path, 0);
	follow_start(f, &pos, 0);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	assert_string_equal(out, "c");
	follow_free(f);
}

/* copytruncate, and the new text starts with the same 64 bytes and grows
 * past the old offset before the next look: the bytes last read are gone,
 * so it is read from its start, not from the old offset. */
static void test_truncate_same_start(void **state)
{
	struct follow *f = follow_new(path, 0);
	char out[512];
	const char *head = "Jan  1 00:00:00 host kernel: the same first sixty-four bytes, every time\n";

	(void)state;
	append(path, head);
	append(path, "old1\n");
	follow_start(f, NULL, 1);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 2);
	assert_int_equal(truncate(path, 0), 0);
	append(path, head);
	append(path, "new1\nnew2\nnew3\n");
	assert_int_equal(drain(f, out, sizeof(out), NULL), 4);
	assert_non_null(strstr(out, "|new1|new2|new3"));
	assert_int_equal(follow_stats(f)->truncations, 1);
	follow_free(f);
}

/* A pipe's end is final: its last line counts without a newline, and the
 * follower says the input ended (source_up goes to 0). */
static void test_pipe_end(void **state)
{
	struct follow *f;
	char out[256], p[64];
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fds[0]);
	f = follow_new(p, 0);
	follow_start(f, NULL, 1);
	assert_int_equal(write(fds[1], "a\nb", 3), 3);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	assert_string_equal(out, "a"); /* "b" may still be written to */
	assert_int_equal(follow_ended(f), 0);
	assert_true(follow_is_open(f));
	close(fds[1]);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	assert_string_equal(out, "b");
	assert_int_equal(follow_ended(f), 1);
	assert_false(follow_is_open(f));
	assert_int_equal(drain(f, out, sizeof(out), NULL), 0);
	follow_free(f);
	close(fds[0]);
}

/* A rotated file's last line without its newline is waited for while the
 * new file is still empty: the writer may not have finished it. */
static void test_rotated_unfinished_line(void **state)
{
	struct follow *f = follow_new(path, 0);
	char out[256];
	FILE *w;

	(void)state;
	append(path, "a\n");
	follow_start(f, NULL, 1);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	w = fopen(path, "a");
	assert_non_null(w);
	assert_int_equal(rename(path, rot), 0);
	append(path, ""); /* the new, empty file */
	fputs("b\npar", w);
	fflush(w);
	assert_int_equal(drain(f, out, sizeof(out), NULL), 1);
	assert_string_equal(out, "b");
	fputs("tial\n", w);
	fclose(w);
	append(path, "n\n");
	assert_int_equal(drain(f, out, sizeof(out), NULL), 2);
	assert_string_equal(out, "partial|n");
	follow_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_partial_and_from_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_at_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_fd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copytruncate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncate_no_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_then_created, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gone_between_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncate_same_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipe_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotated_unfinished_line, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
