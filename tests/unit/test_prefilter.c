/*
 * test_prefilter.c - the SIMD prefilter against its scalar reference, on
 * random and real lines, at every length, flush against a guard page; and
 * the block index (prefilter_index) at every SIMD level against a plain
 * line-by-line loop, on random and adversarial blocks placed against a
 * guard page at either end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../parsers/apprules_int.h"
#include "../../parsers/kernel_int.h"
#include "../../parsers/prefilter.h"
#include "../prefilter_ref.h"
#include "helpers.h"

static struct prefilter *pf;

static int setup(void **state)
{
	(void)state;
	pf = prefilter_oom_new();
	return pf ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	prefilter_free(pf);
	return 0;
}

static const char *const hits[] = {
	"Out of memory: Killed process 1 (x) total-vm:1kB",
	"leaker invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0",
	"CPU: 3 PID: 23793 Comm: leaker Not tainted 5.2.0-rc7 #54",
	"Free swap  = 0kB",
	"runtime: VirtualAlloc of 4294967296 bytes failed with errno=1455",
	"OSError: [WinError 1455] The paging file is too small for this operation to complete",
	"java.lang.OutOfMemoryError: Java heap space",
	"sending SIGTERM to process 29410 uid 1000 \"cluster\": badness 1264, VmRSS 23964 MiB",
	"$ java -Xmx64m Heap",
	"E:\\mongo-shake>collector.windows -verbose 0",
	"InnoDB: mmap(137428992 bytes) failed; errno 12",
	"[23862:0x3e98aef0]       54 ms: Mark-Compact 17.4 (50.0) -> 17.0 (50.0) MB",
	"OOM command not allowed when used memory > 'maxmemory'.",
	"STATUS 0xC000012D",
	/* the report's fields keep the tunables' anchor */
	"UID:7 pgtables:1512kB oom_score_adj:-17",
	"java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0",
	/* report lines the kernel table reads */
	"memory: usage 524288kB, limit 524288kB, failcnt 112",
	"Free swap  = 0kB",
	"Total swap = 2097148kB",
	"constraint=CONSTRAINT_NONE, nodemask=(null), cpuset=/, mems_allowed=0,",
	"java cpuset=/ mems_allowed=0",
	"kworker: page allocation failure: order:0, mode:0x40cc0, nodemask=(null),cpuset=/,mems_allowed=0",
	/* a frame's name without "+0x", or an anchor outside the name */
	"  out_of_memory 0x25c/0x26f",
	"  oom_kill_process+0xb/0x10 Killed process 7",
	"out_of_memory: Kill process 7 (a)",
	/* a benign phrase and an anchor of its own in one line */
	"cgroup: fork rejected by pids controller in /a; oom-kill:constraint=CONSTRAINT_MEMCG",
	"oom_score_adj for pid 7 set to 0, oom_score_adj for pid 8: oom_reaper",
};

static const char *const misses[] = {
	"",
	"x",
	"sshd[2345]: Accepted publickey for root from 10.0.0.1 port 5555 ssh2",
	"CRON[999]: (root) CMD (run-parts /etc/cron.hourly)",
	"e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None",
	"systemd[1]: Started Session 123 of user root.",
	/* benign phrases (parsers/prefilter.c) */
	"oom_score_adj for pid 4242 set to -1000 by systemd",
	"process 'java' (pid 7) has oom_score_adj of 1000",
	"bash (1234): /proc/1234/oom_adj is deprecated, please use /proc/1234/oom_score_adj instead.",
	"cgroup: fork rejected by pids controller in /system.slice/cron.service",
	"CGROUP: FORK REJECTED BY PIDS CONTROLLER in /x",
	/* an OOM report's filler lines */
	"Memory cgroup stats for /kubepods/burstable/pod1: cache:0KB rss:524288KB",
	"Mem-Info:",
	"kmem: usage 0kB, limit 9007199254740988kB, failcnt 0",
	"memory+swap: usage 524288kB, limit 9007199254740988kB, failcnt 0",
	"swap: usage 0kB, limit 0kB, failcnt 0",
	"Tasks state (memory values in pages):",
	"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
	"[ pid ]   uid  tgid total_vm      rss cpu oom_adj name",
	"[ pid ]   uid  tgid total_vm      rss cpu OOM_ADJ NAME",
	"lowmem_reserve[]: 0 2991 15833 15833",
	"Swap cache stats: add 0, delete 0, find 0/0",
	"1113 pages in swap cache",
	/* stack frames: anchors inside a function's name before "+0x" */
	"  out_of_memory+0x25c/0x26f",
	" [<ffffffff8113d4f8>] ? mem_cgroup_out_of_memory.cold+0x1a/0x2b [kernel]",
	"  __alloc_pages_slowpath.constprop.0+0xd0b/0xe10",
	"  ret_from_fork+0x1f/0x30",
	"  oom_kill_process.cold+0xb/0x10",
};

/* Places s so that its last byte is the last readable byte before a
 * PROT_NONE page, then runs both implementations on every prefix. */
static void check_guarded(const char *s, int want_full)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t n = strlen(s), k;
	char *map = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *at;

	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map + pg, (size_t)pg, PROT_NONE), 0);
	at = map + pg - n;
	memcpy(at, s, n);
	for (k = 0; k <= n; k++) {
		struct span sp = span_make(at + n - k, k);

		assert_int_equal(prefilter_any(pf, sp), prefilter_any_scalar(pf, sp));
		assert_int_equal(prefilter_find(pf, sp) >= 0, prefilter_any_scalar(pf, sp));
	}
	assert_int_equal(prefilter_any(pf, span_make(at, n)), want_full);
	munmap(map, (size_t)pg * 2);
}

static void test_known_lines(void **state)
{
	size_t i;
	int level;

	(void)state;
	/* every SIMD level this CPU has, down to the scalar loop */
	for (level = PREFILTER_SIMD_MAX; level >= 0; level--) {
		if (prefilter_set_simd(pf, level) != level)
			continue;
		for (i = 0; i < sizeof(hits) / sizeof(hits[0]); i++)
			check_guarded(hits[i], 1);
		for (i = 0; i < sizeof(misses) / sizeof(misses[0]); i++)
			check_guarded(misses[i], 0);
	}
	prefilter_set_simd(pf, PREFILTER_SIMD_MAX);
}

static void test_random_against_scalar(void **state)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzOOMEMKILLALOC0123456789 :$\\_-";
	char buf[300];
	unsigned seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 20000; round++) {
		prefilter_set_simd(pf, round % (PREFILTER_SIMD_MAX + 1));
		size_t n = (size_t)(rand_r(&seed) % (int)sizeof(buf)), i;
		struct span sp;
		long at;

		for (i = 0; i < n; i++)
			buf[i] = alphabet[rand_r(&seed) % (int)(sizeof(alphabet) - 1)];
		sp = span_make(buf, n);
		assert_int_equal(prefilter_any(pf, sp), prefilter_any_scalar(pf, sp));
		at = prefilter_find(pf, sp);
		if (at >= 0)
			/* the line from the hit on still holds a needle */
			assert_true(prefilter_any_scalar(pf, span_make(buf + at, n - (size_t)at)));
	}
}

static void test_find_in_block(void **state)
{
	const char *blk = "first line\nsecond line\nthird: Out of memory: Killed process 7 (a)\nlast\n";
	long at;

	(void)state;
	at = prefilter_find(pf, span_from_cstr(blk));
	assert_true(at >= 0);
	assert_true(at >= (long)strlen("first line\nsecond line\n"));
	assert_true(at < (long)strlen("first line\nsecond line\nthird: Out of memory: Killed process 7 (a)"));
	assert_int_equal(prefilter_count_byte(span_from_cstr(blk), '\n'), 4);
}

/* The length of the line at start, without its newline. */
static size_t marked_len(const char *buf, size_t start, size_t n)
{
	const char *nl = memchr(buf + start, '\n', n - start);

	return nl ? (size_t)(nl - buf) - start : n - start;
}

/* Random blocks of lines, some with anchors: the index lists exactly the
 * lines the per-line test passes, with the newlines before each and the
 * second prefilter's mark, from any
 * line start, and a small cap ends it early at a line start that a second
 * pass from there continues exactly. */
static void test_index_against_lines(void **state)
{
	static const char *const parts[] = { "oom", "mem", "sshd: ok", " kill ", "xx", "PID: 1", "a\\b",
					     "", "eth0 up", "swap", "$ ls", "Cron" };
	struct pf_hit hit[64];
	static const char *const mark_needles[] = { "kill", "sshd" };
	struct prefilter *mark = prefilter_new(mark_needles, 2);
	struct pf_index ix = { .hit = hit, .cap = 64 };
	char buf[8192];
	unsigned seed = 777;
	int round;

	(void)state;
	assert_non_null(mark);
	for (round = 0; round < 3000; round++) {
		size_t n = 0, starts[400], from, pos, k;
		int nl = 0, want[400], i, i0, j, cap = 1 + rand_r(&seed) % 64;
		uint64_t lines = 0;

		prefilter_set_simd(pf, round % (PREFILTER_SIMD_MAX + 1));
		while (nl < 300 && n + 64 < sizeof(buf)) {
			starts[nl] = n;
			for (j = rand_r(&seed) % 4; j > 0; j--)
				n += (size_t)sprintf(buf + n, "%s ", parts[rand_r(&seed) % 12]);
			want[nl] = prefilter_any_scalar(pf, span_make(buf + starts[nl], n - starts[nl]));
			buf[n++] = '\n';
			nl++;
		}
		i0 = i = rand_r(&seed) % nl;
		from = starts[i];
		ix.cap = (size_t)cap;
		for (pos = from; pos < n;) {
			prefilter_index(pf, mark, span_make(buf, n), pos, &ix);
			assert_true(ix.end > pos || ix.n == 0);
			for (k = 0; k < ix.n; k++) {
				while (starts[i] < ix.hit[k].start) {
					assert_int_equal(want[i], 0);
					i++;
				}
				assert_int_equal(starts[i], ix.hit[k].start);
				assert_int_equal(want[i], 1);
				/* the mark is the second prefilter's answer on the line */
				assert_int_equal(ix.hit[k].marked,
						 prefilter_any_scalar(mark, span_make(buf + starts[i], marked_len(buf, starts[i], n))));
				/* line i has i newlines before it, i0 before from */
				assert_int_equal(lines + ix.hit[k].lines, (uint64_t)(i - i0));
				i++;
			}
			lines += ix.end_lines;
			pos = ix.end;
			assert_true(pos == n || buf[pos - 1] == '\n');
			if (ix.n < ix.cap)
				assert_int_equal(pos, n);
		}
		for (; i < nl; i++)
			assert_int_equal(want[i], 0);
	}
	prefilter_free(mark);
	prefilter_set_simd(pf, PREFILTER_SIMD_MAX);
}


/* Two mappings made once, each of GUARD_DATA bytes beside a PROT_NONE
 * page: after the data (back) and before it (front). */
#define GUARD_DATA (16 * 4096)

static char *guard_area(int front)
{
	static char *area[2];
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);

	if (!area[front]) {
		char *map = mmap(NULL, GUARD_DATA + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		assert_true(map != MAP_FAILED);
		assert_int_equal(mprotect(front ? map : map + GUARD_DATA, pg, PROT_NONE), 0);
		area[front] = front ? map + pg : map;
	}
	return area[front];
}

/* A copy of s[0, n) whose last byte is the last readable one before a
 * PROT_NONE page (front: whose first byte is the first after one). */
static const char *guard_copy(const char *s, size_t n, int front)
{
	char *p;

	assert_true(n <= GUARD_DATA - 4096);
	p = front ? guard_area(1) : guard_area(0) + GUARD_DATA - n;
	memmove(p, s, n);
	return p;
}

#define IDX_MAX 4096

/* Every SIMD level's index of blk from from with cap equals ref_index's,
 * hit by hit and field by field; the rest from ix.end on too (the way the
 * scanner continues a capped index). Returns the hits listed at cap. */
static size_t check_index(struct prefilter *gate, struct prefilter *mark, struct span blk, size_t from,
			  size_t cap)
{
	static struct pf_hit got_hit[IDX_MAX], want_hit[IDX_MAX];
	struct pf_index got = { .hit = got_hit, .cap = cap }, want = { .hit = want_hit, .cap = cap };
	size_t k, listed = 0;
	int level;

	assert_true(cap <= IDX_MAX);
	ref_index(gate, mark, blk, from, &want);
	for (level = PREFILTER_SIMD_MAX; level >= 0; level--) {
		if (prefilter_set_simd(gate, level) != level)
			continue;
		/* the mark at the same level, then at the best (level 3's
		 * index tests it with its tables in registers) */
		if (mark)
			prefilter_set_simd(mark, level);
		prefilter_index(gate, mark, blk, from, &got);
		if (mark && level < PREFILTER_SIMD_MAX) {
			static struct pf_hit best_hit[IDX_MAX];
			struct pf_index best = { .hit = best_hit, .cap = cap };

			prefilter_set_simd(mark, PREFILTER_SIMD_MAX);
			prefilter_index(gate, mark, blk, from, &best);
			assert_int_equal(best.n, got.n);
			assert_memory_equal(best_hit, got_hit, got.n * sizeof(got_hit[0]));
		}
		if (got.n != want.n || got.end != want.end || got.end_lines != want.end_lines)
			print_message("level %d from %zu cap %zu: n %zu/%zu end %zu/%zu lines %llu/%llu\n", level, from,
				      cap, got.n, want.n, got.end, want.end, (unsigned long long)got.end_lines,
				      (unsigned long long)want.end_lines);
		assert_int_equal(got.n, want.n);
		assert_int_equal(got.from, from);
		assert_int_equal(got.end, want.end);
		assert_int_equal(got.end_lines, want.end_lines);
		for (k = 0; k < want.n; k++) {
			if (memcmp(&got_hit[k], &want_hit[k], sizeof(got_hit[k])))
				print_message("level %d hit %zu: start %u/%u end %u/%u lines %u/%u marked %d/%d\n", level,
					      k, got_hit[k].start, want_hit[k].start, got_hit[k].end, want_hit[k].end,
					      got_hit[k].lines, want_hit[k].lines, got_hit[k].marked, want_hit[k].marked);
			assert_int_equal(got_hit[k].start, want_hit[k].start);
			assert_int_equal(got_hit[k].end, want_hit[k].end);
			assert_int_equal(got_hit[k].lines, want_hit[k].lines);
			assert_int_equal(got_hit[k].marked, want_hit[k].marked);
		}
	}
	prefilter_set_simd(gate, PREFILTER_SIMD_MAX);
	if (mark)
		prefilter_set_simd(mark, PREFILTER_SIMD_MAX);
	listed = want.n;
	if (want.n == cap && want.end < blk.n && want.end > from)
		listed += check_index(gate, mark, blk, want.end, cap);
	return listed;
}

/* The line starts of blk from 0 (at most max), for random from values. */
static size_t line_starts(struct span blk, size_t *st, size_t max)
{
	size_t n = 0, i;

	if (max)
		st[n++] = 0;
	for (i = 0; i + 1 < blk.n && n < max; i++)
		if (blk.p[i] == '\n')
			st[n++] = i + 1;
	return n;
}

/* Checks blk (flush against a guard page at either end) from its start and
 * from random line starts, with caps from 1 to no limit. */
static void check_block(struct prefilter *gate, struct prefilter *mark, const char *s, size_t n,
			unsigned *seed)
{
	static size_t st[IDX_MAX];
	size_t ns, r;
	int front;

	for (front = 0; front < 2; front++) {
		struct span blk = span_make(guard_copy(s, n, front), n);

		ns = line_starts(blk, st, IDX_MAX);
		check_index(gate, mark, blk, 0, IDX_MAX);
		check_index(gate, mark, blk, 0, 1 + (size_t)(rand_r(seed) % 8));
		check_index(gate, mark, blk, n, 3);
		for (r = 0; r < 3 && ns; r++)
			check_index(gate, mark, blk, st[(size_t)rand_r(seed) % ns], 1 + (size_t)(rand_r(seed) % 64));
	}
}

/* Random blocks: needles in either case, near misses, CRLF and empty
 * lines, lines far longer than a chunk, non-ASCII bytes, blocks with and
 * without a last newline; the oom prefilter and a mixed set of needles of
 * every length with the keyword mark. */
static void test_index_reference_random(void **state)
{
	static const char *const tok[] = {
		"oom", "OOM", "mem", "kill", "Kil", "swap", "swa", "$ ", "$", ":\\", ":", "pid:", "PID", "cpu:",
		"pagin", "sdatei", "1455", "x5af", "heap", "hea", "(gfp_", "mark-", "mark\r", "\xd0\xbf\xd0\xbe\xd0\xb4\xd0\xba\xd0\xb0\xd1\x87\xd0\xba\xd0\xb8",
		"\xd0\xbf\xd0\xbe", "\xe6\x96\x87", "\xe9", "\x80", "\xff", " ", " ", "  ", "x", "abc", "sshd[1]:",
		"\r", "\n", "\n", "\n", "\r\n", "\n\n", "0123456789abcdef0123456789abcdef", "zz", "Z", "\t",
		"o", "m", "om", "me", "ki", "ll", "sw", "ap", "\\",
	};
	static const char *const mixed_needles[] = { "ab", "xyz", "kill", "o:", "longer-needle-16", "\xc3\xa9t",
						     "m\xc3\xa9m", "zz9", "sixteen-bytes-xx" };
	static const char *const mark_needles[] = { "kill", "sshd", "heap", "\xd0\xbf\xd0\xbe" };
	struct prefilter *mixed = prefilter_new(mixed_needles, 9);
	struct prefilter *mark = prefilter_new(mark_needles, 4);
	static char buf[12000];
	unsigned seed = 4242;
	int round;

	(void)state;
	assert_non_null(mixed);
	assert_non_null(mark);
	for (round = 0; round < 400; round++) {
		size_t n = 0, want = 1 + (size_t)(rand_r(&seed) % (round % 4 == 0 ? 11000 : 700));
		int longs = rand_r(&seed) % 3 == 0;

		while (n < want) {
			const char *t = tok[rand_r(&seed) % (int)(sizeof(tok) / sizeof(tok[0]))];
			size_t k = strlen(t);

			/* long lines: newlines dropped most of the time */
			if (longs && t[0] == '\n' && rand_r(&seed) % 8)
				continue;
			if (n + k > sizeof(buf))
				break;
			memcpy(buf + n, t, k);
			n += k;
		}
		if (rand_r(&seed) % 2 && n < sizeof(buf))
			buf[n++] = '\n';
		check_block(pf, rand_r(&seed) % 2 ? mark : NULL, buf, n, &seed);
		check_block(mixed, mark, buf, n, &seed);
	}
	prefilter_free(mixed);
	prefilter_free(mark);
}

/* Adversarial blocks: a needle at every offset around the chunk borders
 * (straddling them), at the first and the last bytes, in lines of every
 * length up to 200, many hits in one chunk ("oom\n" and "$ \n" in a row),
 * lines that end in CR, one line with no newline at all. */
static void test_index_reference_planted(void **state)
{
	static const char *const needles[] = { "oom", "$ ", "SIGTERM", "exhaustion",
					       "\xd0\xbf\xd0\xbe\xd0\xb4\xd0\xba\xd0\xb0\xd1\x87\xd0\xba\xd0\xb8" };
	static char buf[600];
	unsigned seed = 99;
	size_t k, off, len, linelen, i, n;

	(void)state;
	for (k = 0; k < sizeof(needles) / sizeof(needles[0]); k++) {
		len = strlen(needles[k]);
		for (linelen = 1; linelen <= 200; linelen += linelen < 40 ? 1 : 23) {
			for (off = 0; off + len <= 140; off += off < 100 ? 1 : 7) {
				n = 100 + linelen % 97 + off;
				if (n > sizeof(buf))
					n = sizeof(buf);
				if (off + len > n)
					continue;
				for (i = 0; i < n; i++)
					buf[i] = (i + 1) % (linelen + 1) == 0 ? '\n' : (i % 5 == 4 ? '\r' : 'x');
				memcpy(buf + off, needles[k], len);
				check_block(pf, NULL, buf, n, &seed);
				/* the needle ends the block */
				check_block(pf, NULL, buf, off + len, &seed);
			}
		}
	}
	/* many hits per chunk, and a hit at the very first and last byte */
	for (n = 1; n <= 300; n++) {
		for (i = 0; i < n; i++)
			buf[i] = "oom\n$ \n"[(i + n) % 7];
		check_block(pf, NULL, buf, n, &seed);
		memset(buf, 'y', n);
		check_block(pf, NULL, buf, n, &seed); /* no newline, no hit */
		if (n >= 3) {
			memcpy(buf, "oom", 3);
			memcpy(buf + n - 2, "$ ", 2);
			check_block(pf, NULL, buf, n, &seed);
		}
	}
}

/* A benign phrase at every offset, across the block edges of every SIMD
 * level, anchors nothing; with its `unless` text, or cut before its end,
 * its needle anchors again (the same as the scalar loop), and the index
 * lists the same lines as the reference. */
static void test_benign_at_every_offset(void **state)
{
	static const struct {
		const char *text;
		int hit;
		size_t phrase_end; /* a benign phrase's last byte + 1 */
	} cases[] = {
		{ "oom_score_adj for", 0, 14 }, { "has oom_adj of", 0, 12 }, { "fork rejected by pids controller", 0, 32 },
		{ "oom_score_adj name", 0, 14 }, { "oom_score_adj:-17", 1, 0 }, { "oom_score_adj=0", 1, 0 },
		{ "memory: usage 1kB", 1, 0 }, { "kmem: usage 1kB", 0, 12 }, { "swapents name", 0, 9 },
		{ "fork rejected by pids", 1, 0 }, { "oom_score_adj", 1, 0 },
		{ "Memory cgroup stats for /a:", 0, 24 }, { "Memory cgroup stats", 1, 0 },
		{ "out_of_memory+0x25c/0x26f", 0, 16 }, { "out_of_memory 0x1", 1, 0 },
		{ "kmalloc_large_node+0x5c/0x90", 0, 21 }, { "oom_kill_process+1x", 1, 0 },
	};
	char buf[300];
	size_t k, off, len;
	unsigned seed = 7;
	int level;

	(void)state;
	for (level = PREFILTER_SIMD_MAX; level >= 0; level--) {
		if (prefilter_set_simd(pf, level) != level)
			continue;
		for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
			len = strlen(cases[k].text);
			for (off = 0; off + len <= sizeof(buf); off++) {
				memset(buf, 'x', sizeof(buf));
				memcpy(buf + off, cases[k].text, len);
				assert_int_equal(prefilter_any(pf, span_make(buf, sizeof(buf))), cases[k].hit);
				assert_int_equal(prefilter_any(pf, span_make(buf, sizeof(buf))),
						 prefilter_any_scalar(pf, span_make(buf, sizeof(buf))));
				/* the span ends with it; with the phrase's last
				 * byte cut, the phrase no longer fits and the
				 * needle is back */
				assert_int_equal(prefilter_any(pf, span_make(buf, off + len)), cases[k].hit);
				if (!cases[k].hit)
					assert_int_equal(prefilter_any(pf, span_make(buf, off + cases[k].phrase_end - 1)), 1);
			}
		}
	}
	prefilter_set_simd(pf, PREFILTER_SIMD_MAX);
	/* in lines of a block (check_index goes through the levels) */
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		len = strlen(cases[k].text);
		for (off = 0; off + len < sizeof(buf); off += 7) {
			memset(buf, 'x', sizeof(buf));
			buf[sizeof(buf) / 2] = '\n';
			memcpy(buf + off, cases[k].text, len);
			buf[off + len] = '\n';
			check_block(pf, NULL, buf, sizeof(buf), &seed);
		}
	}
}

/* One needle planted at every offset of a plain buffer, across the block
 * edges of every SIMD level: prefilter_find gives exactly that offset (the
 * scalar level, which goes line by line, the line's start), also when the
 * span ends with it, and a buffer cut just before the needle's end has
 * none. */
static void test_planted_at_every_offset(void **state)
{
	static const char *const needles[] = { "oom", "$ ", "SIGTERM", "\xd0\xbf\xd0\xbe\xd0\xb4\xd0\xba\xd0\xb0\xd1\x87\xd0\xba\xd0\xb8" };
	char buf[300];
	size_t k, off, len;
	int level;

	(void)state;
	for (level = PREFILTER_SIMD_MAX; level >= 0; level--) {
		if (prefilter_set_simd(pf, level) != level)
			continue;
		for (k = 0; k < sizeof(needles) / sizeof(needles[0]); k++) {
			len = strlen(needles[k]);
			for (off = 0; off + len <= sizeof(buf); off++) {
				memset(buf, 'x', sizeof(buf));
				memcpy(buf + off, needles[k], len);
				assert_int_equal(prefilter_find(pf, span_make(buf, sizeof(buf))), level ? (long)off : 0);
				assert_int_equal(prefilter_find(pf, span_make(buf, off + len - 1)), -1);
				/* the span ends with the needle: every tail path */
				assert_int_equal(prefilter_find(pf, span_make(buf, off + len)), level ? (long)off : 0);
				assert_int_equal(prefilter_any(pf, span_make(buf, off + len)), 1);
				assert_int_equal(prefilter_any(pf, span_make(buf + off, sizeof(buf) - off)), 1);
			}
		}
	}
	prefilter_set_simd(pf, PREFILTER_SIMD_MAX);
}

/* prefilter_count_byte against a plain count: every length to 300 from
 * every alignment, and 40,000 newlines in a row (each byte counter of the
 * SIMD loop fills to its 255 limit). */
static void test_count_byte(void **state)
{
	static char buf[40000 + 64];
	unsigned seed = 77;
	size_t n, off, i, want;

	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = rand_r(&seed) % 3 ? 'a' : '\n';
	for (off = 0; off < 32; off++)
		for (n = 0; n <= 300; n++) {
			for (want = 0, i = 0; i < n; i++)
				want += buf[off + i] == '\n';
			assert_int_equal(prefilter_count_byte(span_make(buf + off, n), '\n'), want);
		}
	memset(buf, '\n', sizeof(buf));
	assert_int_equal(prefilter_count_byte(span_make(buf + 3, 40000), '\n'), 40000);
	assert_int_equal(prefilter_count_byte(span_make(buf, 40000), 'x'), 0);
}

static void test_bad_needles(void **state)
{
	const char *const one[] = { "x" };
	const char *const long_one[] = { "abcdefghijklmnopq" };

	(void)state;
	assert_null(prefilter_new(one, 1));
	assert_null(prefilter_new(long_one, 1));
	assert_null(prefilter_new(one, 0));
}

/* Non-ASCII text (the translated anchors, pieces of them, stray UTF-8
 * bytes) gives the same answer at every SIMD level as the scalar loop. */
static void test_random_utf8_against_scalar(void **state)
{
	static const char *const tokens[] = {
		"a", " ", "x", "\xe6\x96\x87\xe4\xbb\xb6", "\xe5\xa4\xaa\xe5\xb0\x8f", "\xe9\xa0\x81",
		"\xe9\x9d\xa2\xe6\xaa\x94", "\xe3\x83\x9a\xe3\x83\xbc", "\xe3\x82\xb8\xe3\x83\xb3\xe3\x82\xb0",
		"\xd0\xbf\xd0\xbe\xd0\xb4", "\xd0\xba\xd0\xb0\xd1\x87\xd0\xba\xd0\xb8", "\xe6", "\xb6", "\xc3\xa9",
		"8007", "000e", "Pagin", "sDatei",
	};
	char buf[400];
	unsigned seed = 777;
	int round, found = 0;

	(void)state;
	for (round = 0; round < 20000; round++) {
		size_t n = 0, want = (size_t)(rand_r(&seed) % 300);
		struct span sp;
		long at;

		prefilter_set_simd(pf, round % (PREFILTER_SIMD_MAX + 1));
		while (n < want) {
			const char *t = tokens[rand_r(&seed) % (int)(sizeof(tokens) / sizeof(tokens[0]))];
			size_t k = strlen(t);

			memcpy(buf + n, t, k);
			n += k;
		}
		sp = span_make(buf, n);
		assert_int_equal(prefilter_any(pf, sp), prefilter_any_scalar(pf, sp));
		found += prefilter_any_scalar(pf, sp);
		at = prefilter_find(pf, sp);
		if (at >= 0)
			assert_true(prefilter_any_scalar(pf, span_make(buf + at, n - (size_t)at)));
	}
	/* Both answers occur: the test is not vacuous. */
	assert_true(found > 1000 && found < 19000);
	prefilter_set_simd(pf, PREFILTER_SIMD_MAX);
}

/* Needles all ASCII and four bytes or more (as the scanner's line mark):
 * the AVX2 search looks the bytes up without masking them (a byte >= 0x80
 * starts no needle). Text of needle pieces, near misses and stray UTF-8
 * bytes, spans of every length class (padded, block by block, shifted),
 * gives the scalar loop's answer at every SIMD level. */
static void test_long_ascii_needles_against_scalar(void **state)
{
	static const char *const needles[] = { "m-kill", "_reaper", "lled process", "y cgroup out", "oc failure",
					       "ked oom", "VM_FAULT_OOM", "ory.oom.group" };
	static const char *const tokens[] = {
		"m-kill", "m-kil", "_reap", "er", "lled proc", "ess", "y cgroup ", "out", "y cgroup stats",
		"Memory", "oc fail", "ure", "KED OOM", "ked oo", "vm_fault_oom", "ory.oom.grou", " ", " ",
		"x", "\xe6\x96\x87", "\xc3\xa9", "\x80", "\xff", "\xed", "\xcd", "\xeb", "\n", "0", "=",
	};
	struct prefilter *lp = prefilter_new(needles, (int)(sizeof(needles) / sizeof(needles[0])));
	char buf[700];
	uint64_t seed = 0x5eed1234abcdull;
	int round, found = 0;

	(void)state;
	assert_non_null(lp);
	for (round = 0; round < 30000; round++) {
		size_t n = 0, want = (size_t)(th_rand64(&seed) % (round % 4 ? 160 : 600));
		struct span sp;
		long at;

		prefilter_set_simd(lp, round % (PREFILTER_SIMD_MAX + 1));
		while (n < want) {
			const char *t = tokens[th_rand64(&seed) % (sizeof(tokens) / sizeof(tokens[0]))];
			size_t k = strlen(t);

			if (n + k > sizeof(buf))
				break;
			memcpy(buf + n, t, k);
			n += k;
		}
		sp = span_make(buf, n);
		assert_int_equal(prefilter_any(lp, sp), prefilter_any_scalar(lp, sp));
		found += prefilter_any_scalar(lp, sp);
		at = prefilter_find(lp, sp);
		assert_int_equal(at >= 0, prefilter_any_scalar(lp, sp));
		if (at >= 0)
			assert_true(prefilter_any_scalar(lp, span_make(buf + at, n - (size_t)at)));
	}
	/* Both answers occur: the test is not vacuous. */
	assert_true(found > 3000 && found < 27000);
	prefilter_free(lp);
}

/*
 * The scanner's anchors against the two tables they serve: every kernel
 * shape's example that has an anchor, and every application row's example
 * that opens, joins or ends an incident,
 * passes the scanner's prefilter. Rows that only follow an incident's
 * first line (enrich, context and cancel rows, rows that need the line
 * before) need none: the scanner passes every
 * line for a window after an application line. A row added to either table with words no
 * anchor covers fails here, not silently in the field.
 */
static void test_tables_pass(void **state)
{
	size_t i;
	int n = 0, bad = 0;

	(void)state;
	for (i = 0; i < kern_nshapes; i++) {
		const struct kern_shape *k = &kern_shapes[i];

		if (k->flags & KS_NOANCHOR)
			continue;
		if (!prefilter_any(pf, span_from_cstr(k->example))) {
			print_message("kernel row %s: example passes no scanner anchor\n", k->name);
			bad++;
		}
		n++;
	}
	for (i = 0; i < app_rule_ndefs; i++) {
		const struct app_rule_def *d = &app_rule_defs[i];

		if (d->action == APP_A_CTX || d->action == APP_A_ENRICH || d->action == APP_A_CANCEL ||
		    (d->flags & APP_F_NEEDPRE))
			continue;
		if (!prefilter_any(pf, span_from_cstr(d->example))) {
			print_message("application row %s: example passes no scanner anchor\n", d->family);
			bad++;
		}
		n++;
	}
	assert_int_equal(bad, 0);
	assert_true(n > 100);
	/* The anchors are what prefilter_oom_new compiles, each 2..16 bytes. */
	assert_true(prefilter_oom_count() > 10);
	for (n = 0; n < prefilter_oom_count(); n++) {
		size_t len = strlen(prefilter_oom_anchor(n));

		assert_true(len >= 2 && len <= PREFILTER_MAX_LEN);
		assert_true(prefilter_any(pf, span_from_cstr(prefilter_oom_anchor(n))));
	}
	assert_null(prefilter_oom_anchor(n));
}

/* The AVX-512 VBMI level is tested by every test above where the CPU has
 * it; this one says so when it does not (valgrind's CPU has none). */
static void test_vbmi_level(void **state)
{
	(void)state;
	if (prefilter_set_simd(pf, PREFILTER_SIMD_VBMI) != PREFILTER_SIMD_VBMI) {
		print_message("skipped: this CPU has no AVX-512 VBMI; level 3 is not tested here\n");
		prefilter_set_simd(pf, PREFILTER_SIMD_MAX);
		skip();
	}
	assert_int_equal(prefilter_simd(pf), PREFILTER_SIMD_VBMI);
	/* a needle in every one of 64 starts of a chunk, and past it */
	for (size_t off = 0; off < 140; off++) {
		char line[200];

		memset(line, 'x', sizeof(line));
		memcpy(line + off, "OoM", 3);
		assert_int_equal(prefilter_find(pf, span_make(line, off + 3)), (long)off);
		assert_int_equal(prefilter_find(pf, span_make(line, off + 2)), -1L);
		assert_int_equal(prefilter_find(pf, span_make(line, sizeof(line))), (long)off);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_lines),
		cmocka_unit_test(test_random_against_scalar),
		cmocka_unit_test(test_find_in_block),
		cmocka_unit_test(test_index_against_lines),
		cmocka_unit_test(test_index_reference_random),
		cmocka_unit_test(test_index_reference_planted),
		cmocka_unit_test(test_planted_at_every_offset),
		cmocka_unit_test(test_benign_at_every_offset),
		cmocka_unit_test(test_count_byte),
		cmocka_unit_test(test_bad_needles),
		cmocka_unit_test(test_random_utf8_against_scalar),
		cmocka_unit_test(test_long_ascii_needles_against_scalar),
		cmocka_unit_test(test_tables_pass),
		cmocka_unit_test(test_vbmi_level),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
