/*
 * test_readahead.c - the reader thread of a batch input: its items give
 * back the input byte for byte (blocks of whole lines, lines it hands out
 * alone, a last line without a newline), each block's index equals
 * prefilter_index's whichever thread made it (every block indexed once:
 * by the reader when the caller is slow, by the caller when told), a cut gzip stream ends in the reader's error every
 * later call repeats, and stopping it early (with every slot full) returns.
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

#include "../../pipeline/readahead.h"
#include "helpers.h"

static char dir[64];
static struct prefilter *gate;

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/oomscan-ra-XXXXXX");
	gate = prefilter_oom_new();
	return th_tmpdir(dir) == 0 && gate ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	prefilter_free(gate);
	return th_rmtree(dir);
}

/* n bytes of lines: mostly noise, some with anchors, one over-long line
 * (over_long) and no final newline (open_end) when asked. */
static char *make_text(size_t n, int over_long, int open_end, size_t *len)
{
	char *t = malloc(n + 400000);
	size_t k = 0;
	unsigned seed = 99;

	assert_non_null(t);
	while (k < n) {
		int r = rand_r(&seed) % 10;

		if (over_long && k > n / 2) {
			memset(t + k, 'q', 300000); /* past a whole block */
			k += 300000;
			t[k++] = '\n';
			over_long = 0;
		}
		if (r == 0)
			k += (size_t)sprintf(t + k, "Jan 1 00:00:%02d h kernel: Out of memory: Killed process %d (a)\n",
					     r, rand_r(&seed) % 1000);
		else
			k += (size_t)sprintf(t + k, "Jan 1 00:00:00 h sshd[%d]: session opened for user u%d\n",
					     rand_r(&seed) % 1000, r);
	}
	if (open_end)
		k += (size_t)sprintf(t + k, "last line without a newline");
	*len = k;
	return t;
}

/* What the line reader alone hands out for path, in the same shape. */
static size_t read_plain(const char *path, char *copy, size_t cap)
{
	char err[256];
	struct line_reader *lr = lines_open(path, err, sizeof(err));
	struct span s;
	size_t len = 0;
	int rc, cut;

	assert_non_null(lr);
	for (;;) {
		rc = lines_next_block(lr, &s, err, sizeof(err));
		if (rc == 2 && (rc = lines_next(lr, &s, &cut, err, sizeof(err))) == 1)
			rc = 2;
		if (rc <= 0)
			break;
		assert_true(len + s.n + 1 <= cap);
		memcpy(copy + len, s.p, s.n);
		len += s.n;
		if (rc == 2)
			copy[len++] = '\n';
	}
	lines_close(lr);
	return len;
}

/* How read_all runs the thread: its flags, a slow caller (sleeps on each
 * item), and what it found: blocks, and who indexed them. */
struct ra_run {
	int flags;
	int slow;
	int hint;        /* with a hint (hint_fill) */
	int pause;       /* ms to wait after the first item: the reader fills the other slots */
	unsigned long full_after_pause; /* the three blocks after the first that came fully hinted */
	unsigned long blocks, by_reader, by_caller;
	unsigned long hits, hinted; /* hits handed out, and those already hinted then */
	unsigned long fills;        /* hint_fill's calls (its arg) */
};

/* A hint: its hit's bounds and the sum of its line's bytes. */
struct test_hint {
	uint32_t start, end;
	uint64_t sum;
};

static uint64_t line_sum(const char *p, size_t n)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum = (sum * 31 + (unsigned char)p[i]) & 0xffffffffu; /* masked: no wrap */
	return sum;
}

/* arg: the fills made (only the reader thread calls it). */
static void hint_fill(void *arg, struct span blk, size_t from, const struct pf_hit *hit, void *out)
{
	struct test_hint *h = out;

	(*(unsigned long *)arg)++;
	/* from: the start of the line after the previous hit's */
	assert_true(from <= hit->start);
	assert_true(from == 0 || blk.p[from - 1] == '\n');
	h->start = hit->start;
	h->end = hit->end;
	h->sum = line_sum(blk.p + hit->start, hit->end - hit->start);
}

/* The hints of it published so far match its hits; returns how many. */
static size_t check_hints(const struct ra_item *it)
{
	size_t n = atomic_load_explicit(it->hinted, memory_order_acquire);
	const struct test_hint *h = it->hints;

	assert_true(n <= it->ix->n);
	for (size_t k = 0; k < n; k++) {
		const struct pf_hit *x = &it->ix->hit[k];

		assert_int_equal(h[k].start, x->start);
		assert_int_equal(h[k].end, x->end);
		assert_true(h[k].sum == line_sum(it->text.p + x->start, x->end - x->start));
	}
	return n;
}

/* Reads path through the thread and appends every item to a copy of the
 * text; checks every block's index. Returns the last readahead_next. */
static int read_all_run(const char *path, char *copy, size_t cap, size_t *len, char *err, size_t errn,
			struct ra_run *run)
{
	struct line_reader *lr = lines_open(path, err, errn);
	struct readahead *ra;
	struct ra_item it;
	struct pf_hit hit[4096];
	struct pf_index want = { .hit = hit, .cap = 4096 };
	int rc, again;

	assert_non_null(lr);
	struct ra_hint hint = { sizeof(struct test_hint), hint_fill, &run->fills };

	ra = readahead_start(lr, gate, run->hint ? &hint : NULL, run->flags, err, errn);
	assert_non_null(ra);
	*len = 0;
	run->blocks = 0;
	run->hits = run->hinted = 0;
	while ((rc = readahead_next(ra, &it, err, errn)) > 0) {
		if (run->slow)
			usleep(2000);
		if (run->pause && run->blocks == 0)
			usleep((useconds_t)run->pause * 1000);
		assert_true(*len + it.text.n + 1 <= cap);
		memcpy(copy + *len, it.text.p, it.text.n);
		*len += it.text.n;
		if (rc == RA_LINE) {
			copy[(*len)++] = '\n';
			assert_null(it.ix);
			continue;
		}
		assert_int_equal(rc, RA_BLOCK);
		assert_true(it.text.n > 0 && it.text.p[it.text.n - 1] == '\n');
		assert_non_null(it.ix);
		prefilter_index(gate, NULL, it.text, 0, &want);
		assert_int_equal(it.ix->n, want.n);
		assert_int_equal(it.ix->end, want.end);
		assert_int_equal(it.ix->end_lines, want.end_lines);
		assert_memory_equal(it.ix->hit, want.hit, want.n * sizeof(*hit));
		run->blocks++;
		run->hits += want.n;
		if (!run->hint) {
			assert_null(it.hints);
			continue;
		}
		assert_non_null(it.hints);
		run->hinted += check_hints(&it);
		if (run->pause && run->blocks >= 2 && run->blocks <= 4 &&
		    atomic_load_explicit(it.hinted, memory_order_acquire) == it.ix->n)
			run->full_after_pause++;
		/* the reader may go on hinting the block meanwhile */
		check_hints(&it);
	}
	/* The end (or the error) stays. */
	again = readahead_next(ra, &it, err, errn);
	assert_int_equal(again, rc);
	readahead_counts(ra, &run->by_reader, &run->by_caller);
	readahead_stop(ra);
	lines_close(lr);
	/* each hint handed out was filled once, with the hint's arg */
	assert_true(run->fills >= run->hinted);
	/* every block handed out was indexed exactly once (the reader may
	 * have indexed blocks past an error it read no further than) */
	assert_true(run->by_reader + run->by_caller >= run->blocks);
	if (rc == 0)
		assert_int_equal(run->by_reader + run->by_caller, run->blocks);
	if (run->flags & RA_F_CALLER_INDEXES)
		assert_int_equal(run->by_reader, 0);
	return rc;
}

static int read_all(const char *path, char *copy, size_t cap, size_t *len, char *err, size_t errn)
{
	struct ra_run run = { 0 };

	return read_all_run(path, copy, cap, len, err, errn, &run);
}

/* With a hint: the same blocks and indexes, and every hint handed out is
 * its hit's; a caller that waits leaves the reader time to hint the blocks
 * ahead of it whole, a fast one may find none. */
static void test_hints_while_waiting(void **state)
{
	char path[128], err[256];
	size_t len, got;
	char *t = make_text(6u << 20, 0, 0, &len);
	char *copy = malloc(len + 2);
	struct ra_run fast = { .hint = 1 }, slow = { .slow = 1, .hint = 1, .pause = 1500 };

	(void)state;
	assert_non_null(copy);
	snprintf(path, sizeof(path), "%s/hints.log", dir);
	th_write_bytes(path, t, len);
	assert_int_equal(read_all_run(path, copy, len + 2, &got, err, sizeof(err), &fast), 0);
	assert_int_equal(got, len);
	assert_memory_equal(copy, t, len);
	assert_int_equal(read_all_run(path, copy, len + 2, &got, err, sizeof(err), &slow), 0);
	assert_int_equal(got, len);
	assert_memory_equal(copy, t, len);
	assert_true(slow.hits > 1000);
	assert_true(slow.hinted > 0);
	/* while the caller held the first block, the reader filled the three
	 * other slots and, with nothing left to read into, hinted them whole */
	assert_int_equal(slow.full_after_pause, 3);
	free(copy);
	free(t);
}

/* The same blocks and indexes whoever indexes them. */
static void test_either_thread_indexes(void **state)
{
	char path[128], err[256];
	size_t len, got, got2;
	char *t = make_text(6u << 20, 0, 0, &len);
	char *copy = malloc(len + 2), *copy2 = malloc(len + 2);
	struct ra_run caller = { .flags = RA_F_CALLER_INDEXES }, slow = { .slow = 1 };

	(void)state;
	assert_non_null(copy);
	assert_non_null(copy2);
	snprintf(path, sizeof(path), "%s/either.log", dir);
	th_write_bytes(path, t, len);
	assert_int_equal(read_all_run(path, copy, len + 2, &got, err, sizeof(err), &caller), 0);
	assert_true(caller.blocks > 16);
	assert_int_equal(caller.by_caller, caller.blocks);
	/* a slow caller: the reader fills every slot and indexes while it
	 * waits, so it indexes most blocks */
	assert_int_equal(read_all_run(path, copy2, len + 2, &got2, err, sizeof(err), &slow), 0);
	assert_int_equal(slow.blocks, caller.blocks);
	assert_true(slow.by_reader > slow.blocks / 2);
	assert_int_equal(got, len);
	assert_int_equal(got2, len);
	assert_memory_equal(copy, t, len);
	assert_memory_equal(copy2, t, len);
	free(copy2);
	free(copy);
	free(t);
}

static void test_items_give_the_input_back(void **state)
{
	static const struct {
		size_t n;
		int over_long, open_end;
	} cases[] = { { 0, 0, 0 }, { 100, 0, 0 }, { 3u << 20, 0, 0 }, { 3u << 20, 1, 0 }, { 1u << 20, 1, 1 } };
	char path[128], err[256];
	size_t i, len, got;

	(void)state;
	snprintf(path, sizeof(path), "%s/in.log", dir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *t = make_text(cases[i].n, cases[i].over_long, cases[i].open_end, &len);
		char *copy = malloc(len + 2), *plain = malloc(len + 2);

		assert_non_null(copy);
		assert_non_null(plain);
		th_write_bytes(path, t, len);
		assert_int_equal(read_all(path, copy, len + 2, &got, err, sizeof(err)), 0);
		/* byte for byte what the reader alone gives, which is the
		 * input (a newline added to an open end) */
		assert_int_equal(read_plain(path, plain, len + 2), got);
		assert_memory_equal(copy, plain, got);
		if (cases[i].open_end)
			assert_int_equal(copy[--got], '\n');
		if (cases[i].over_long) {
			/* cut to the cap, the rest skipped */
			assert_int_equal(got, len - (300000 - LINES_MAX_LINE));
		} else {
			assert_int_equal(got, len);
			assert_memory_equal(copy, t, len);
		}
		free(plain);
		free(copy);
		free(t);
	}
}

static void test_cut_gzip_is_an_error(void **state)
{
	char path[128], err[256];
	size_t len, got;
	char *t = make_text(2u << 20, 0, 0, &len);
	char *copy = malloc(len + 2);
	struct stat st;
	gzFile g;

	(void)state;
	assert_non_null(copy);
	snprintf(path, sizeof(path), "%s/cut.gz", dir);
	g = gzopen(path, "wb");
	assert_non_null(g);
	assert_int_equal(gzwrite(g, t, (unsigned)len), (int)len);
	assert_int_equal(gzclose(g), Z_OK);
	/* the stream cut in half */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, st.st_size / 2), 0);
	err[0] = 0;
	assert_int_equal(read_all(path, copy, len + 2, &got, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "gzip"));
	/* what came before the cut is whole lines of the input */
	assert_true(got > 0 && got < len);
	assert_memory_equal(copy, t, got);
	free(copy);
	free(t);
}

static void test_stop_with_full_slots(void **state)
{
	char path[128], err[256];
	size_t len;
	char *t = make_text(4u << 20, 0, 0, &len);
	struct line_reader *lr;
	struct readahead *ra;
	struct ra_item it;

	(void)state;
	snprintf(path, sizeof(path), "%s/big.log", dir);
	th_write_bytes(path, t, len);
	lr = lines_open(path, err, sizeof(err));
	assert_non_null(lr);
	ra = readahead_start(lr, NULL, NULL, 0, err, sizeof(err));
	assert_non_null(ra);
	assert_int_equal(readahead_next(ra, &it, err, sizeof(err)), RA_BLOCK);
	assert_null(it.ix); /* no gate, no index */
	usleep(20000);      /* the reader fills every slot and waits */
	readahead_stop(ra);
	lines_close(lr);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items_give_the_input_back),
		cmocka_unit_test(test_either_thread_indexes),
		cmocka_unit_test(test_hints_while_waiting),
		cmocka_unit_test(test_cut_gzip_is_an_error),
		cmocka_unit_test(test_stop_with_full_slots),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
