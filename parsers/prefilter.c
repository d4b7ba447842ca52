/*
 * prefilter.c - multi-needle, ASCII case-insensitive substring test.
 *
 * The nibble-table ("Teddy") method: the needles are put into eight buckets;
 * for each of the first four bytes of a candidate start, two
 * 16-entry tables give the buckets whose needles allow that byte's low and
 * high nibble there. Looking both up with a byte shuffle and ANDing across
 * the four positions tests 32 starts (AVX2) or 16 (SSSE3) in a few
 * instructions; only starts left with a bucket bit are verified byte by byte
 * against that bucket's needles. With AVX-512 VBMI each position has an
 * exact 128-entry table instead, and one byte permute looks up 64 starts. Case folding (| 0x20) is built into the
 * tables, so letters match either case (a few punctuation pairs fold
 * together too; verification uses the same fold, so the test is a superset,
 * never a miss).
 * The last partial block is copied into a padded stack buffer: nothing is
 * read outside the span. Without SSSE3 a scalar loop does the same test.
 * prefilter_index (at the bottom) lists a block's lines that hold a needle
 * in one streaming pass with AVX-512 VBMI or AVX2 (newlines counted in the
 * same loop), else by repeated searches.
 *
 * Trusts nothing in the input. Thread-safe after prefilter_new.
 */
#include "prefilter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/invariant.h"
#include "../core/prefault.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include <tmmintrin.h>
#define HAVE_TEDDY 1
#endif

/*
 * The anchors, grouped into the eight buckets of the candidate tables: one
 * grouping for the nibble tables (SSSE3, AVX2), one for the exact byte
 * tables (AVX-512 VBMI), each chosen by a local search that minimised the
 * false candidates the tables pass (each costs a verification, and in the
 * block index a way out of its loop) per MiB of bench/genlog.py's sparse
 * and dense logs and of the test and corpus logs, with the high nibble of
 * byte 3 left open for the nibble tables (prefilter_oom_new: the block
 * index then saves its lookup). bench/anchor_buckets.c is that search: run
 * it after adding an anchor. The grouping only affects speed, never the
 * result.
 * They cover: kernel reports and most programs ("oom", "mem", "kill",
 * "alloc", "swap", the stack header lines "CPU:"/"Pid:"),
 * Windows commit limit and pool events (the codes, "paging file" and its
 * translations: "pagin" holds the Romance ones, "sdatei" the German), the
 * Resource-Exhaustion-Detector line before an event 2004), user-space
 * killers and runtimes (Node's GC trace lines, InnoDB's mmap), the
 * symbolic gfp flags "(GFP_" of a kernel line a paste wrapped, and shell
 * prompts of console transcripts ("$ cmd", "C:\\dir>cmd"), which name the
 * program whose messages follow, and Event Viewer's "Application: X.exe"
 * field, which names the program of the .NET exception below it. Lines
 * that only follow an incident's first line (PostgreSQL's DETAIL, JVM
 * hs_err paths) need no anchor: the scanner passes every line for a window
 * after an application line.
 * Some anchors are the tail of the word they stand for, whose first four
 * bytes are common words of their own: "lloc" for "alloc" ("mems_allowed"
 * in every report), "ommit" for "commit" (audit's "comm="), "ark-" for
 * "Mark-", "ustion" for "Exhaustion" ("exhausted"), "741523" for
 * -1073741523 (numbers that start with 1073). A line that holds the word
 * holds its tail, so no line the word passes is lost.
 */
static const struct oom_anchor {
	const char *needle;
	int bucket;   /* nibble tables */
	int bucket64; /* exact tables */
} oom_anchors[] = {
	{ "swap", 2, 4 },     { ":\\", 0, 6 },     { "1455", 1, 3 },     { "800705af", 1, 1 },
	{ "8007000e", 1, 1 }, { "mmap", 2, 3 },     { "kill", 2, 4 },     { "enough", 1, 0 },
	{ "(gfp_", 7, 3 },    { "pid:", 3, 2 },     { "sigterm", 3, 4 },  { "scaveng", 2, 2 },
	{ "sdatei", 3, 4 },   { "r: 5af", 3, 2 },   { "012d", 4, 4 },     { "pagin", 4, 1 },
	{ "ustion", 4, 1 },   { "ark-", 6, 3 },     { "x5af", 5, 4 },     { "heap", 5, 1 },
	{ "pool", 5, 0 },     { "oom", 5, 5 },      { "mem", 5, 5 },      { "cpu:", 6, 2 },
	{ "ommit", 1, 1 },    { "fork", 6, 0 },     { "lloc", 2, 4 },     { "741523", 1, 0 },
	{ "$ ", 7, 7 },
	/* an Event Viewer record's "Application: X.exe", which names the
	 * process of the .NET exception below it */
	{ "lication: ", 2, 3 },
	/* 内存 as a JSON string escapes it (Python's json.dumps, json loggers) */
	{ "\\u5185\\u5b58", 0, 5 },
	/* "paging file is too small" in Chinese (simplified, traditional),
	 * Japanese and Russian: non-ASCII first bytes, outside the buckets */
	{ "\xe6\x96\x87\xe4\xbb\xb6\xe5\xa4\xaa\xe5\xb0\x8f", -1, -1 }, /* 文件太小 */
	{ "\xe9\xa0\x81\xe9\x9d\xa2\xe6\xaa\x94", -1, -1 },             /* 頁面檔 */
	{ "\xe3\x83\x9a\xe3\x83\xbc\xe3\x82\xb8\xe3\x83\xb3\xe3\x82\xb0", -1, -1 }, /* ページング */
	{ "\xd0\xbf\xd0\xbe\xd0\xb4\xd0\xba\xd0\xb0\xd1\x87\xd0\xba\xd0\xb8", -1, -1 }, /* подкачки */
	/* "memory" in Chinese (内存), for messages whose only other words
	 * are the program's: strerror(ENOMEM) "无法分配内存" after "error=12, ",
	 * Windows error 8's "内存资源不足" */
	{ "\xe5\x86\x85\xe5\xad\x98", -1, -1 }, /* 内存 */
};
#define N_OOM_ANCHORS ((int)(sizeof(oom_anchors) / sizeof(oom_anchors[0])))

/*
 * Benign phrases: real messages, frequent in busy logs, that hold a weak
 * anchor at their first byte but that no parser reads. An anchor found at
 * the start of one anchors nothing there (the rest of the line is still
 * searched), so such a line costs the block index a verification and
 * nothing downstream. Each phrase is matched like the needles (ASCII case
 * folded) and needs all its bytes within the span.
 *  - Messages that are never part of an OOM event: the oom_score_adj and
 *    oom_adj tunables named in prose ("...oom_adj is deprecated, please
 *    use /proc/N/oom_score_adj instead.", "oom_score_adj for pid N set
 *    to", lmkd's and Chrome's settings; the kernel's report fields follow
 *    the name with ':' or '=' and stay anchors), and the pids controller's
 *    "cgroup: fork rejected by pids controller in /path" (kernel/cgroup/
 *    pids.c: a pids limit, not memory; printed once a fork is refused).
 *  - The filler lines of an OOM report, which the kernel table reads
 *    nothing from (their rows in parsers/kernel_table.c are KS_NOANCHOR,
 *    like the task table's rows and the zone lines): "Mem-Info:", the
 *    memcg block's "kmem: usage", "memory+swap: usage", "swap: usage" and
 *    "Memory cgroup stats for /path:" (one per cgroup of the subtree in a
 *    v1 report: many on a Kubernetes node), "Tasks state (memory values in
 *    pages):", the task table's header ("... swapents oom_score_adj
 *    name"), "lowmem_reserve[]:", "Swap cache stats:" and "N pages in swap
 *    cache". A report has about ten. ("mems_allowed=" is not one: a
 *    summary that a paste wrapped carries it on the line after
 *    "oom-kill:", which must reach the kernel table.)
 * Stack frames are benign the same way: an anchor made of symbol bytes
 * inside a function's name that "+0x" follows ("out_of_memory+0x25c/0x26f",
 * "__alloc_pages_slowpath.constprop.0+0x..", "ret_from_fork+0x1f/0x30")
 * anchors nothing. Traces of OOM reports, hung tasks and warnings are
 * full of them; inside a report they are fillers the kernel table reads
 * nothing from, and elsewhere no parser takes them (scan.c's
 * looks_like_oom passes them over too).
 * tests/unit/test_prefilter.c checks that no kernel row's or application
 * rule's example line loses its anchor to them; tests/e2e/
 * prefilter_lossless.sh checks every test log.
 */
static const struct benign_phrase {
	const char *needle; /* an anchor above */
	const char *phrase; /* starts with needle, 8 bytes or more */
} benign_phrases[] = {
	{ "oom", "oom_score_adj " },
	{ "oom", "oom_adj " },
	{ "fork", "fork rejected by pids controller" },
	{ "mem", "mem-info:" },
	{ "mem", "mem: usage " },
	{ "mem", "memory+swap: usage " },
	{ "swap", "swap: usage " },
	{ "mem", "memory cgroup stats for " },
	{ "mem", "memory values in pages" },
	{ "swap", "swapents " },
	{ "mem", "mem_reserve[]:" },
	{ "swap", "swap cache" },
};
#define N_BENIGN ((int)(sizeof(benign_phrases) / sizeof(benign_phrases[0])))

struct needle {
	uint8_t b[PREFILTER_MAX_LEN]; /* folded */
	size_t len;
};

/* A benign phrase compiled, folded (bn_of says which needle it voids). */
#define BENIGN_MAX 16 /* bits of bn_of */
#define BENIGN_LEN 40
struct benign {
	uint8_t b[BENIGN_LEN];
	size_t len;
};

struct prefilter {
	int n;
	size_t maxlen;
	size_t minlen;
	int teddy;  /* 0: scalar only, 1: SSSE3 nibble tables, 2: AVX2 */
	int open3;  /* hi[3] is all ones: the block index skips its lookup */
	int raw;    /* every needle ASCII and 4 bytes or more (teddy_find32_with) */
	/* Nibble tables of the first four bytes: bit b of
	 * lo[j][x] is set when a needle of bucket b has low nibble x at
	 * position j (likewise hi, for either case). A position is a candidate when all eight
	 * lookups agree on a bucket. */
	uint8_t lo[4][16] __attribute__((aligned(16)));
	uint8_t hi[4][16] __attribute__((aligned(16)));
	/* lo then hi, each table twice: the AVX2 registers' image, loaded
	 * as they are (struct teddy_tab32) */
	uint8_t tab32[8][32] __attribute__((aligned(32)));
	/* Exact per-byte tables of the first four bytes (AVX-512 VBMI): bit b
	 * of tab64[j][x & 0x7f] is set when a needle of bucket b allows byte
	 * x at position j (either case); one two-register byte permute looks
	 * 64 bytes up. A byte >= 0x80 shares its entry with x & 0x7f: a
	 * superset, never a miss. */
	uint8_t tab64[4][128] __attribute__((aligned(64)));
	/* at[j][x]: the needles whose folded byte j is x | 0x20, or that end
	 * before byte j: one lookup per byte settles a start's first four
	 * bytes for every needle at once. */
	uint64_t at[4][256];
	uint64_t all; /* every needle */
	/* Needles whose first byte is not ASCII: not in the nibble tables
	 * (they would open a bucket to ASCII text); every start on a byte
	 * >= 0x80 is their candidate. Plain ASCII logs never pay for them. */
	uint64_t high;
	uint64_t shorts; /* needles of at most 3 bytes (may start in a span's last 3 bytes) */
	uint64_t voided; /* needles some benign phrase voids */
	uint64_t symbolic; /* needles of symbol bytes only: void inside a stack frame's name */
	int nbenign;
	uint64_t bn_head[BENIGN_MAX]; /* each benign phrase's first eight bytes, folded */
	uint16_t bn_of[PREFILTER_MAX_NEEDLES]; /* bit i: needle k starts benign phrase i */
	struct benign bn[BENIGN_MAX];
	struct needle nd[PREFILTER_MAX_NEEDLES];
};

/* fixed, fixed64: each needle's bucket in the nibble tables and in the
 * exact ones, or NULL to group them here (the same grouping for both). */
static struct prefilter *compile(const char *const *needles, const int *fixed, const int *fixed64, int n,
				 int open3)
{
	struct prefilter *pf;
	int i;

	if (n < 1 || n > PREFILTER_MAX_NEEDLES)
		return NULL;
	/* sizeof is a multiple of tab64's alignment */
	pf = aligned_alloc(64, sizeof(*pf));
	if (!pf)
		return NULL;
	/* cleared whole: its pages mapped first in one call (prefault.h) */
	prefault(pf, sizeof(*pf));
	memset(pf, 0, sizeof(*pf));
	pf->n = n;
	for (i = 0; i < n; i++) {
		size_t len = strlen(needles[i]), j;

		if (len < 2 || len > PREFILTER_MAX_LEN) {
			free(pf);
			return NULL;
		}
		for (j = 0; j < len; j++)
			pf->nd[i].b[j] = (uint8_t)(needles[i][j] | 0x20);
		pf->nd[i].len = len;
		if (len <= 3)
			pf->shorts |= 1ull << i;
		for (j = 0; j < 4; j++) {
			uint8_t c = pf->nd[i].b[j]; /* has bit 5: c and c & ~0x20 fold to it */

			if (j < len) {
				pf->at[j][c] |= 1ull << i;
				pf->at[j][c & 0xdf] |= 1ull << i;
				continue;
			}
			for (int x = 0; x < 256; x++)
				pf->at[j][x] |= 1ull << i;
		}
		pf->all |= 1ull << i;
		if (len > pf->maxlen)
			pf->maxlen = len;
		if (!pf->minlen || len < pf->minlen)
			pf->minlen = len;
	}
	/* The block loops read four fingerprint bytes past each start. */
	if (pf->maxlen < 4)
		pf->maxlen = 4;
	/* Needles with similar leading bytes share a bucket, which keeps
	 * each bucket's nibble tables sparse (fewer false candidates).
	 * Needles shorter than the four-byte fingerprint take the last
	 * buckets, one each while they last: their don't-care positions
	 * would open a shared bucket to nearly any text. */
	int order[PREFILTER_MAX_NEEDLES], nshort = 0, nlong;

	for (i = 0; i < n; i++)
		if (pf->nd[i].len < 4)
			nshort++;
	if (nshort > 5)
		nshort = 5;
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++) {
		int j = i, t = order[i];

		while (j > 0 && memcmp(pf->nd[order[j - 1]].b, pf->nd[t].b, 2) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = t;
	}
	nlong = n;
	for (i = 0; i < n; i++)
		if (pf->nd[i].len < 4)
			nlong--;
	for (int r = 0, rl = 0, rs = 0; r < n && pf->minlen >= 2; r++) {
		int b, b64, j;

		i = order[r];
		if (pf->nd[i].b[0] & 0x80) {
			pf->high |= 1ull << i;
			continue;
		}
		if (pf->nd[i].len < 4 && nshort) {
			/* buckets 8 - nshort .. 7, shared round-robin */
			b = 8 - nshort + (rs++ % nshort);
		} else {
			b = nlong ? rl++ * (8 - nshort) / nlong : 0;
		}
		if (fixed && fixed[i] >= 0)
			b = fixed[i];
		b64 = fixed64 && fixed64[i] >= 0 ? fixed64[i] : b;
		for (j = 0; j < 4; j++) {
			int x;

			if ((size_t)j >= pf->nd[i].len) {
				/* A short needle matches any byte past its end. */
				for (x = 0; x < 16; x++) {
					pf->lo[j][x] |= (uint8_t)(1u << b);
					pf->hi[j][x] |= (uint8_t)(1u << b);
				}
				for (x = 0; x < 128; x++)
					pf->tab64[j][x] |= (uint8_t)(1u << b64);
				continue;
			}
			/* the bytes that fold to it: c and c without bit 5 */
			pf->tab64[j][pf->nd[i].b[j] & 0x7f] |= (uint8_t)(1u << b64);
			pf->tab64[j][pf->nd[i].b[j] & 0x5f] |= (uint8_t)(1u << b64);
			/* Folding lives in the tables: a byte x matches the
			 * folded needle byte c when x | 0x20 == c, so both c's
			 * high nibble and c's without bit 5 (0x20 is bit 1 of
			 * the high nibble) select the bucket. */
			pf->lo[j][pf->nd[i].b[j] & 0x0f] |= (uint8_t)(1u << b);
			pf->hi[j][pf->nd[i].b[j] >> 4] |= (uint8_t)(1u << b);
			pf->hi[j][(pf->nd[i].b[j] >> 4) & ~2u] |= (uint8_t)(1u << b);
		}
	}
	pf->raw = !pf->high && pf->minlen >= 4;
	if (open3) {
		/* every bucket takes any high nibble at byte 3 */
		memset(pf->hi[3], 0xff, sizeof(pf->hi[3]));
		pf->open3 = 1;
	}
	for (i = 0; i < 8; i++) {
		memcpy(pf->tab32[i], i < 4 ? pf->lo[i] : pf->hi[i - 4], 16);
		memcpy(pf->tab32[i] + 16, i < 4 ? pf->lo[i] : pf->hi[i - 4], 16);
	}
	prefilter_set_simd(pf, PREFILTER_SIMD_MAX);
	return pf;
}

int prefilter_simd(const struct prefilter *pf)
{
	return pf->teddy;
}

int prefilter_set_simd(struct prefilter *pf, int level)
{
#ifdef HAVE_TEDDY
	int best = 0;

	if (pf->minlen >= 2 && __builtin_cpu_supports("ssse3"))
		best = __builtin_cpu_supports("avx2") ? 2 : 1;
	if (best == 2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
	    __builtin_cpu_supports("avx512vbmi"))
		best = PREFILTER_SIMD_VBMI;
	pf->teddy = level < best ? (level < 0 ? 0 : level) : best;
#else
	(void)level;
	pf->teddy = 0;
#endif
	return pf->teddy;
}

struct prefilter *prefilter_new(const char *const *needles, int n)
{
	return compile(needles, NULL, NULL, n, 0);
}

int prefilter_oom_count(void)
{
	return N_OOM_ANCHORS;
}

const char *prefilter_oom_anchor(int i)
{
	return i >= 0 && i < N_OOM_ANCHORS ? oom_anchors[i].needle : NULL;
}

int prefilter_oom_bucket(int i, int exact)
{
	if (i < 0 || i >= N_OOM_ANCHORS)
		return -1;
	return exact ? oom_anchors[i].bucket64 : oom_anchors[i].bucket;
}

/* Folds s into b (at most BENIGN_LEN bytes); returns its length. */
static size_t benign_fold(uint8_t *b, const char *s)
{
	size_t n = strlen(s), j;

	OOMSCAN_ASSERT(n >= 8 && n <= BENIGN_LEN);
	for (j = 0; j < n; j++)
		b[j] = (uint8_t)(s[j] | 0x20);
	return n;
}

/* Adds a benign phrase to the oom prefilter (its needle one of pf's). */
static void benign_add(struct prefilter *pf, const struct benign_phrase *bp)
{
	struct benign *b = &pf->bn[pf->nbenign];
	int k;

	OOMSCAN_ASSERT(pf->nbenign < BENIGN_MAX);
	for (k = 0; k < pf->n; k++)
		if (strlen(bp->needle) == pf->nd[k].len && !strncmp(bp->needle, (const char *)pf->nd[k].b, pf->nd[k].len))
			break;
	OOMSCAN_ASSERT(k < pf->n);
	b->len = benign_fold(b->b, bp->phrase);
	memcpy(&pf->bn_head[pf->nbenign], b->b, 8);
	pf->bn_of[k] |= (uint16_t)(1u << pf->nbenign);
	OOMSCAN_ASSERT(!memcmp(b->b, pf->nd[k].b, pf->nd[k].len));
	pf->voided |= 1ull << k;
	pf->nbenign++;
}

/* 1 when the 8 bytes at p fold to the 8 at b. */
static int folded8(const uint8_t *p, const uint8_t *b)
{
	uint64_t x, y;

	memcpy(&x, p, 8);
	memcpy(&y, b, 8);
	return (x | 0x2020202020202020ull) == y;
}

/* 1 when the n >= 8 folded bytes b stand at p (n readable there): eight
 * at a time, the last eight overlapping. */
static int folded_at(const uint8_t *p, const uint8_t *b, size_t n)
{
	size_t j;

	for (j = 0; j + 8 < n; j += 8)
		if (!folded8(p + j, b + j))
			return 0;
	return folded8(p + n - 8, b + n - 8);
}

/* The bytes of a kernel symbol's name: letters, digits, '_' and the '.'
 * of a compiler suffix (".cold", ".constprop.0", ".isra.0"). */
#define SYM8(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1, [c + 4] = 1, [c + 5] = 1, [c + 6] = 1, [c + 7] = 1
static const uint8_t symbol_bytes[256] = {
	SYM8('0'), ['8'] = 1, ['9'] = 1, ['.'] = 1, ['_'] = 1,
	SYM8('A'), SYM8('I'), SYM8('Q'), ['Y'] = 1, ['Z'] = 1,
	SYM8('a'), SYM8('i'), SYM8('q'), ['y'] = 1, ['z'] = 1,
};
#undef SYM8

static int symbol_byte(uint8_t c)
{
	return symbol_bytes[c];
}

#define FRAME_NAME_MAX 128 /* the symbol bytes looked through for "+0x" */

#if defined(__SSE2__)
/* The symbol bytes among the 16 at p: bit j for p[j]. */
static unsigned symbol_mask16(const uint8_t *p)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	const __m128i l = _mm_or_si128(v, _mm_set1_epi8(0x20));
	/* signed compares: bytes >= 0x80 are negative, never in a range */
	__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
				      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
	__m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8('a' - 1)),
				      _mm_cmplt_epi8(l, _mm_set1_epi8('z' + 1)));
	__m128i punct = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')), _mm_cmpeq_epi8(v, _mm_set1_epi8('.')));

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(digit, alpha), punct));
}
#endif

/* 1 when the symbol bytes from p (avail readable) end in "+0x": p lies in
 * a stack frame's function name. */
static int in_frame_name(const uint8_t *p, size_t avail)
{
	size_t j = 0, lim = avail < FRAME_NAME_MAX ? avail : FRAME_NAME_MAX;

#if defined(__SSE2__)
	for (; j + 16 <= lim; j += 16) {
		unsigned m = symbol_mask16(p + j);

		if (m != 0xffff) {
			j += (size_t)__builtin_ctz(~m);
			goto end;
		}
	}
#endif
	for (; j < lim && symbol_byte(p[j]); j++)
		;
end:
	return j + 3 <= avail && p[j] == '+' && p[j + 1] == '0' && p[j + 2] == 'x';
}

/* 1 when needle k, found at p with avail bytes readable from p, starts a
 * benign phrase there or stands in a stack frame's function name: it
 * anchors nothing. */
static int benign_at(const struct prefilter *pf, int k, const uint8_t *p, size_t avail)
{
	unsigned of = pf->bn_of[k];

	if (of && avail >= 8) {
		uint64_t head;

		/* the phrases' first eight bytes tell them apart */
		memcpy(&head, p, 8);
		head |= 0x2020202020202020ull;
		for (; of; of &= of - 1) {
			const int i = __builtin_ctz(of);
			const struct benign *b = &pf->bn[i];

			if (pf->bn_head[i] == head && b->len <= avail && folded_at(p, b->b, b->len))
				return 1;
		}
	}
	return (pf->symbolic >> k & 1) && in_frame_name(p, avail);
}

/* The anchors compiled with the groupings nibble and exact (NULL: the
 * table's columns). */
static struct prefilter *oom_compile(const int *nibble, const int *exact)
{
	const char *needles[N_OOM_ANCHORS];
	int fixed[N_OOM_ANCHORS], fixed64[N_OOM_ANCHORS], i;

	for (i = 0; i < N_OOM_ANCHORS; i++) {
		needles[i] = oom_anchors[i].needle;
		fixed[i] = nibble ? nibble[i] : oom_anchors[i].bucket;
		fixed64[i] = exact ? exact[i] : oom_anchors[i].bucket64;
	}
	struct prefilter *pf = compile(needles, fixed, fixed64, N_OOM_ANCHORS, 1);

	for (i = 0; pf && i < N_BENIGN; i++)
		benign_add(pf, &benign_phrases[i]);
	for (i = 0; pf && i < N_OOM_ANCHORS; i++) {
		const char *nd = needles[i];

		while (*nd && symbol_byte((uint8_t)*nd))
			nd++;
		if (!*nd) {
			pf->symbolic |= 1ull << i;
			pf->voided |= 1ull << i;
		}
	}
	return pf;
}

struct prefilter *prefilter_oom_new(void)
{
	return oom_compile(NULL, NULL);
}

int prefilter_oom_tables(const int *nibble, const int *exact, uint8_t nib[4][256], uint8_t ex[4][256])
{
	struct prefilter *pf = oom_compile(nibble, exact);
	int j, x;

	if (!pf)
		return -1;
	for (j = 0; j < 4; j++)
		for (x = 0; x < 256; x++) {
			nib[j][x] = x < 0x80 ? pf->lo[j][x & 15] & pf->hi[j][x >> 4] : 0;
			ex[j][x] = pf->tab64[j][x & 0x7f];
		}
	prefilter_free(pf);
	return 0;
}

void prefilter_free(struct prefilter *pf)
{
	free(pf);
}

/* Folded compare of a needle at p (the caller ensures p + len is readable). */
static int verify(const struct needle *nd, const uint8_t *p)
{
	size_t j;

	for (j = 1; j + 1 < nd->len; j++)
		if ((uint8_t)(p[j] | 0x20) != nd->b[j])
			return 0;
	return 1;
}

int prefilter_any_scalar(const struct prefilter *pf, struct span s)
{
	const uint8_t *p = (const uint8_t *)s.p;
	size_t i, n = s.n;
	int k;

	for (i = 0; i < n; i++) {
		uint8_t c = (uint8_t)(p[i] | 0x20);

		for (k = 0; k < pf->n; k++) {
			const struct needle *nd = &pf->nd[k];

			if (c == nd->b[0] && i + nd->len <= n &&
			    (uint8_t)(p[i + nd->len - 1] | 0x20) == nd->b[nd->len - 1] && verify(nd, p + i) &&
			    !((pf->voided >> k & 1) && benign_at(pf, k, p + i, n - i)))
				return 1;
		}
	}
	return 0;
}

#ifdef HAVE_TEDDY
/* 1 when one of the needles nds (bits) starts at p[i]: the first four
 * bytes by the at[] lookups where they are readable, the rest compared. */
static int verify_needles(const struct prefilter *pf, const uint8_t *p, unsigned i, uint64_t nds, size_t limit)
{
	if (i + 4 > limit)
		goto bytes;
	nds &= pf->at[0][p[i]] & pf->at[1][p[i + 1]] & pf->at[2][p[i + 2]] & pf->at[3][p[i + 3]];
	for (; nds; nds &= nds - 1) {
		int k = __builtin_ctzll(nds);
		const struct needle *nd = &pf->nd[k];
		size_t j;

		if (i + nd->len > limit)
			continue;
		for (j = 4; j < nd->len && (uint8_t)(p[i + j] | 0x20) == nd->b[j]; j++)
			;
		if (j >= nd->len && !(__builtin_expect(pf->voided >> k & 1, 0) && benign_at(pf, k, p + i, limit - i)))
			return 1;
	}
	return 0;
bytes:
	for (; nds; nds &= nds - 1) {
		int k = __builtin_ctzll(nds);
		const struct needle *nd = &pf->nd[k];

		if (i + nd->len <= limit && (uint8_t)(p[i + nd->len - 1] | 0x20) == nd->b[nd->len - 1] &&
		    (uint8_t)(p[i] | 0x20) == nd->b[0] && verify(nd, p + i) &&
		    !((pf->voided >> k & 1) && benign_at(pf, k, p + i, limit - i)))
			return 1;
	}
	return 0;
}

/* Verifies a candidate start p[i] (of any bucket: a needle that starts
 * there passes the nibble tables of its own, so testing them all finds
 * the same). */
static int teddy_verify(const struct prefilter *pf, const uint8_t *p, unsigned i, size_t limit)
{
	return verify_needles(pf, p, i, pf->all, limit);
}

/* Verifies the candidates of one block (bits of mask);
 * returns the first verified start or -1. */
static int teddy_candidates(const struct prefilter *pf, const uint8_t *p, unsigned bits, size_t limit)
{
	while (bits) {
		unsigned i = (unsigned)__builtin_ctz(bits);

		bits &= bits - 1;
		if (teddy_verify(pf, p, i, limit))
			return (int)i;
	}
	return -1;
}

/* The eight nibble tables, each broadcast to both lanes of a register. */
struct teddy_tab32 {
	__m256i lo[4], hi[4];
};
_Static_assert(sizeof(struct teddy_tab32) == sizeof(((struct prefilter *)0)->tab32), "tab32 is the registers' image");

/*
 * Candidate buckets of the 32 starts at p (AVX2; p[0..34] readable): byte k
 * of the result has bucket b's bit when the nibbles of p[k..k+3] all allow
 * one of b's needles.
 */
__attribute__((target("avx2"), always_inline)) static inline __m256i teddy_mask32(const struct teddy_tab32 *t,
										  const uint8_t *p, int raw)
{
	const __m256i low = _mm256_set1_epi8(0x0f);
	__m256i m = _mm256_set1_epi8((char)0xff);
	int j;

	for (j = 0; j < 4; j++) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(p + j));
		__m256i l = raw ? v : _mm256_and_si256(v, low);
		__m256i h = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);

		m = _mm256_and_si256(m, _mm256_and_si256(_mm256_shuffle_epi8(t->lo[j], l),
							 _mm256_shuffle_epi8(t->hi[j], h)));
	}
	return m;
}

/*
 * Verifies the candidates of the 32 starts at p (p[0..34] readable, limit
 * real bytes from p); returns the first verified start or -1. The common
 * case, no candidate, costs one vptest (two with non-ASCII needles).
 */
__attribute__((target("avx2"), always_inline)) static inline int teddy_block32(const struct prefilter *pf,
									       const struct teddy_tab32 *t,
									       const uint8_t *p, size_t limit,
									       unsigned keep, int raw)
{
	__m256i m = teddy_mask32(t, p, raw);
	unsigned bits;

	if (_mm256_testz_si256(m, m)) {
		if (raw || !pf->high)
			return -1;
		bits = (unsigned)_mm256_movemask_epi8(_mm256_loadu_si256((const __m256i *)(const void *)p));
	} else {
		bits = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(m, _mm256_setzero_si256()));
		if (!raw && pf->high)
			bits |= (unsigned)_mm256_movemask_epi8(_mm256_loadu_si256((const __m256i *)(const void *)p));
	}
	bits &= keep;
	if (!bits)
		return -1;
	return teddy_candidates(pf, p, bits, limit);
}

/*
 * The nibble lookups of the 32 bytes v: byte k of r[j] holds the buckets
 * whose needles allow byte k of v as their byte j.
 */
__attribute__((target("avx2"), always_inline)) static inline void teddy_lookup32(const struct teddy_tab32 *t,
										 __m256i v, __m256i r[4])
{
	const __m256i low = _mm256_set1_epi8(0x0f);
	__m256i l = _mm256_and_si256(v, low), h = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);
	int j;

	for (j = 0; j < 4; j++)
		r[j] = _mm256_and_si256(_mm256_shuffle_epi8(t->lo[j], l), _mm256_shuffle_epi8(t->hi[j], h));
}

/* cur moved up by K bytes across all 256 bits, the low K bytes taken from
 * the top of prev. */
#define TEDDY_SHIFT_IN(cur, prev, K) _mm256_alignr_epi8((cur), _mm256_permute2x128_si256((prev), (cur), 0x21), 16 - (K))

/*
 * The hot loop over a large span (n >= 64), one load per 32 bytes: each
 * chunk's lookups are shifted against the previous chunk's, so byte k of
 * the mask holds the buckets of the start three bytes before it. The
 * caller has tested starts 0..31. Returns the first verified start, or -1
 * with *at at the first start it did not test.
 */
__attribute__((target("avx2"))) static long teddy_shift32(const struct prefilter *pf, const struct teddy_tab32 *t,
							  const uint8_t *p, size_t n, size_t *at)
{
	const __m256i top = _mm256_set1_epi8((char)0x80);
	__m256i r[4], q0, q1, q2;
	size_t c;

	teddy_lookup32(t, _mm256_loadu_si256((const __m256i *)(const void *)p), r);
	q0 = r[0], q1 = r[1], q2 = r[2];
	for (c = 32; c + 32 <= n; c += 32) {
		const uint8_t *b = p + c - 3; /* the chunk's starts */
		__m256i m;
		unsigned bits;
		int hit;

		teddy_lookup32(t, _mm256_loadu_si256((const __m256i *)(const void *)(p + c)), r);
		m = _mm256_and_si256(_mm256_and_si256(TEDDY_SHIFT_IN(r[0], q0, 3), TEDDY_SHIFT_IN(r[1], q1, 2)),
				     _mm256_and_si256(TEDDY_SHIFT_IN(r[2], q2, 1), r[3]));
		q0 = r[0], q1 = r[1], q2 = r[2];
		if (_mm256_testz_si256(m, m) &&
		    (!pf->high || _mm256_testz_si256(_mm256_loadu_si256((const __m256i *)(const void *)b), top)))
			continue;
		bits = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(m, _mm256_setzero_si256()));
		if (pf->high)
			bits |= (unsigned)_mm256_movemask_epi8(_mm256_loadu_si256((const __m256i *)(const void *)b));
		if ((hit = teddy_candidates(pf, b, bits, n - (c - 3))) >= 0)
			return (long)(c - 3 + (size_t)hit);
	}
	*at = c - 3;
	return -1;
}

/* The eight tables broadcast to both lanes. */
__attribute__((target("avx2"), always_inline)) static inline void teddy_tab_load(const struct prefilter *pf,
										 struct teddy_tab32 *t)
{
	int j;

	for (j = 0; j < 4; j++) {
		t->lo[j] = _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)(const void *)pf->lo[j]));
		t->hi[j] = _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)(const void *)pf->hi[j]));
	}
}

/* teddy_find32 of a span under 35 bytes: in a copy padded with zeros. */
__attribute__((target("avx2"), noinline)) static long teddy_find32_short(const struct prefilter *pf, const uint8_t *p,
									  size_t n)
{
	uint8_t pad[96] __attribute__((aligned(32)));
	struct teddy_tab32 t;
	size_t k;
	int at;

	teddy_tab_load(pf, &t);
	memset(pad, 0, sizeof(pad));
	memcpy(pad, p, n);
	for (k = 0; k < n; k += 32)
		if ((at = teddy_block32(pf, &t, pad + k, n - k, ~0u, 0)) >= 0)
			return (long)(k + (size_t)at);
	return -1;
}

/*
 * The first verified start in p[0, n), or -1 (AVX2). Blocks are tested in
 * place with the tables held in registers, each reading 35 bytes from its
 * start (verification stops at n). The starts left after the last whole
 * block are tested by one more block that ends at n and overlaps the tested
 * ones (their bits masked off), and the last three starts, where only a
 * needle of at most three bytes fits, by the scalar compare. A span under
 * 35 bytes is copied into zeroed padding. Nothing outside p[0, n) is read.
 * raw: the prefilter's needles are ASCII and at least four bytes long, so
 * a start with a byte >= 0x80 among its first four holds none, which the
 * unmasked lookups (0 for such a byte) give already.
 */
__attribute__((target("avx2"), always_inline)) static inline long teddy_find32_with(const struct prefilter *pf,
										    const uint8_t *p, size_t n, int raw)
{
	const struct teddy_tab32 *t = (const struct teddy_tab32 *)(const void *)pf->tab32;
	size_t i = 0, k, q;
	int at;

	if (n < 35)
		return teddy_find32_short(pf, p, n);
	if (n >= 128) {
		long hit;

		if ((at = teddy_block32(pf, t, p, n, ~0u, raw)) >= 0)
			return at;
		if ((hit = teddy_shift32(pf, t, p, n, &i)) >= 0)
			return hit;
	}
	for (; i + 35 <= n; i += 32)
		if ((at = teddy_block32(pf, t, p + i, n - i, ~0u, raw)) >= 0)
			return (long)(i + (size_t)at);
	if (i >= n)
		return -1;
	/* n - 35 < i: the block at q covers starts i .. n - 4 */
	q = n - 35;
	if (i < n - 3 &&
	    (at = teddy_block32(pf, t, p + q, 35, (unsigned)((0xffffffffull << (i - q)) & 0xffffffffull), raw)) >= 0)
		return (long)(q + (size_t)at);
	for (k = i > n - 3 ? i : n - 3; !raw && pf->shorts && k < n; k++)
		if (verify_needles(pf, p + k, 0, pf->shorts, n - k))
			return (long)k;
	return -1;
}

__attribute__((target("avx2"))) static long teddy_find32(const struct prefilter *pf, const uint8_t *p, size_t n)
{
	return pf->raw ? teddy_find32_with(pf, p, n, 1) : teddy_find32_with(pf, p, n, 0);
}

/* The same over 16 starts with SSSE3 (p[0..18] readable). */
__attribute__((target("ssse3"))) static int teddy_block16(const struct prefilter *pf, const uint8_t *p,
							  size_t limit)
{
	const __m128i low = _mm_set1_epi8(0x0f);
	__m128i m = _mm_set1_epi8((char)0xff);
	unsigned bits;
	int j;

	for (j = 0; j < 4; j++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + j));
		__m128i l = _mm_and_si128(v, low);
		__m128i h = _mm_and_si128(_mm_srli_epi16(v, 4), low);

		m = _mm_and_si128(m, _mm_and_si128(_mm_shuffle_epi8(_mm_load_si128((const __m128i *)(const void *)pf->lo[j]), l),
						   _mm_shuffle_epi8(_mm_load_si128((const __m128i *)(const void *)pf->hi[j]), h)));
	}
	bits = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(m, _mm_setzero_si128())) & 0xffffu;
	if (pf->high)
		bits |= (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)p));
	if (!bits)
		return -1;
	return teddy_candidates(pf, p, bits, limit);
}

/*
 * The SSSE3 twin of teddy_find32, 16 starts at a time; the last starts are
 * copied with their tails into zeroed padding.
 */
static long teddy_find16(const struct prefilter *pf, const uint8_t *p, size_t n)
{
	uint8_t pad[32 + 2 * PREFILTER_MAX_LEN];
	size_t i = 0;
	int at;

	while (i + 16 + pf->maxlen - 1 <= n) {
		if ((at = teddy_block16(pf, p + i, n - i)) >= 0)
			return (long)(i + (size_t)at);
		i += 16;
	}
	while (i < n) {
		size_t rest = n - i, take = rest < sizeof(pad) ? rest : sizeof(pad);

		memset(pad, 0, sizeof(pad));
		memcpy(pad, p + i, take);
		if ((at = teddy_block16(pf, pad, take)) >= 0)
			return (long)(i + (size_t)at);
		i += 16;
	}
	return -1;
}

#define TARGET_VBMI __attribute__((target("avx512f,avx512bw,avx512vbmi")))

/* The four exact tables, each in two registers (entries 0..63, 64..127). */
struct teddy_tab64 {
	__m512i t[4][2];
};

TARGET_VBMI static inline void teddy_tab64_load(const struct prefilter *pf, struct teddy_tab64 *t)
{
	int j;

	for (j = 0; j < 4; j++) {
		t->t[j][0] = _mm512_load_si512((const void *)pf->tab64[j]);
		t->t[j][1] = _mm512_load_si512((const void *)(pf->tab64[j] + 64));
	}
}

/* The candidate starts of the 64 at p whose four bytes v0..v3 hold (one
 * load each, from p, p + 1, p + 2, p + 3): bit k when every position
 * allows a bucket of byte k's needles; with high needles, every start on
 * a byte >= 0x80 as well. */
TARGET_VBMI static inline __mmask64 teddy_mask64(const struct teddy_tab64 *t, __m512i v0, __m512i v1, __m512i v2,
						 __m512i v3, int high)
{
	__m512i x0 = _mm512_permutex2var_epi8(t->t[0][0], v0, t->t[0][1]);
	__m512i x1 = _mm512_permutex2var_epi8(t->t[1][0], v1, t->t[1][1]);
	__m512i x2 = _mm512_permutex2var_epi8(t->t[2][0], v2, t->t[2][1]);
	__m512i x3 = _mm512_permutex2var_epi8(t->t[3][0], v3, t->t[3][1]);
	__mmask64 k = _mm512_test_epi8_mask(_mm512_ternarylogic_epi64(x0, x1, x2, 0x80), x3);

	return high ? k | _mm512_movepi8_mask(v0) : k;
}

/* The bytes 0 .. lim - 1 at p, zeros past them (none read: the masked
 * load suppresses their faults). */
TARGET_VBMI static inline __m512i load_upto64(const uint8_t *p, long lim)
{
	if (lim >= 64)
		return _mm512_loadu_si512((const void *)p);
	return _mm512_maskz_loadu_epi8(lim <= 0 ? 0 : (__mmask64)((1ull << lim) - 1), (const void *)p);
}

/*
 * The first verified start in p[0, n), or -1 (AVX-512 VBMI): 64 starts at a
 * time, the bytes past n masked off at the load (no copy, nothing outside
 * p[0, n) read); each candidate verified within n.
 */
TARGET_VBMI static inline long teddy_find64_with(const struct prefilter *pf, const struct teddy_tab64 *t,
						 const uint8_t *p, size_t n)
{
	size_t c;

	for (c = 0; c < n; c += 64) {
		long rest = (long)(n - c);
		__mmask64 k = teddy_mask64(t, load_upto64(p + c, rest), load_upto64(p + c + 1, rest - 1),
					   load_upto64(p + c + 2, rest - 2), load_upto64(p + c + 3, rest - 3),
					   pf->high != 0);

		if (rest < 64)
			k &= (1ull << rest) - 1;
		for (; k; k &= k - 1) {
			unsigned i = (unsigned)__builtin_ctzll(k);

			if (verify_needles(pf, p + c, i, pf->all, (size_t)rest))
				return (long)(c + i);
		}
	}
	return -1;
}

TARGET_VBMI static long teddy_find64(const struct prefilter *pf, const uint8_t *p, size_t n)
{
	struct teddy_tab64 t;

	teddy_tab64_load(pf, &t);
	return teddy_find64_with(pf, &t, p, n);
}

/* A span under 256 bytes (most lines) costs the AVX-512 search more in
 * loading its eight tables than it saves: the AVX2 one takes it. */
__attribute__((always_inline)) static inline long teddy_find(const struct prefilter *pf, const uint8_t *p, size_t n)
{
	if (pf->teddy == PREFILTER_SIMD_VBMI && n >= 256)
		return teddy_find64(pf, p, n);
	return pf->teddy >= 2 ? teddy_find32(pf, p, n) : teddy_find16(pf, p, n);
}
#endif

int prefilter_any(const struct prefilter *pf, struct span s)
{
#ifdef HAVE_TEDDY
	if (pf->teddy)
		return teddy_find(pf, (const uint8_t *)s.p, s.n) >= 0;
#endif
	return prefilter_any_scalar(pf, s);
}

long prefilter_find(const struct prefilter *pf, struct span s)
{
	size_t i = 0;

#ifdef HAVE_TEDDY
	if (pf->teddy)
		return teddy_find(pf, (const uint8_t *)s.p, s.n);
#endif
	/* Without SIMD, line by line is as good as it gets. */
	while (i < s.n) {
		const char *nl = memchr(s.p + i, '\n', s.n - i);
		size_t e = nl ? (size_t)(nl - s.p) : s.n;

		if (prefilter_any_scalar(pf, span_make(s.p + i, e - i)))
			return (long)i;
		i = e + 1;
	}
	return -1;
}

#ifdef HAVE_TEDDY
/* Each byte of a 32-byte counter takes at most 255 matches, then the
 * counters are summed (vpsadbw) into 64-bit lanes. */
__attribute__((target("avx2"))) static size_t count_byte32(const uint8_t *p, size_t n, uint8_t c)
{
	const __m256i cv = _mm256_set1_epi8((char)c), zero = _mm256_setzero_si256();
	__m256i total = zero;
	uint64_t lane[4];
	size_t i = 0, cnt;

	while (n - i >= 32) {
		size_t stop = n - i >= 255 * 32 ? i + 255 * 32 : i + ((n - i) & ~(size_t)31);
		__m256i acc = zero;

		for (; i + 128 <= stop; i += 128) {
			acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + i)), cv));
			acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + i + 32)), cv));
			acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + i + 64)), cv));
			acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + i + 96)), cv));
		}
		for (; i < stop; i += 32)
			acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + i)), cv));
		total = _mm256_add_epi64(total, _mm256_sad_epu8(acc, zero));
	}
	_mm256_storeu_si256((__m256i *)(void *)lane, total);
	cnt = (size_t)(lane[0] + lane[1] + lane[2] + lane[3]);
	for (; i < n; i++)
		cnt += p[i] == c;
	return cnt;
}
#endif

size_t prefilter_count_byte(struct span s, char c)
{
	size_t i, cnt = 0;

#ifdef HAVE_TEDDY
	if (__builtin_cpu_supports("avx2"))
		return count_byte32((const uint8_t *)s.p, s.n, (uint8_t)c);
#endif
	for (i = 0; i < s.n; i++)
		cnt += s.p[i] == c;
	return cnt;
}

#ifdef HAVE_TEDDY
/*
 * The streaming index (AVX2). One pass from a line start goes over the
 * block in 32-byte chunks, each testing its 32 starts with four loads (as
 * teddy_mask32: nothing carried from chunk to chunk). The hot loop does
 * one test per chunk and counts the chunk's newlines in byte counters; a
 * chunk with a candidate or a byte >= 0x80 leaves it for index_chunk,
 * which takes the chunk's newline mask and verifies. The first verified
 * start ends the pass: its line is the hit (its start and end from the
 * newline masks, or memrchr/memchr past the chunk), and the next pass
 * begins at the line after it. So the hits' lines are counted once, in
 * one read of the block, and no pass looks inside a hit's line again.
 */
struct index_pass {
	const struct prefilter *pf;
	const uint8_t *p;
	size_t n, pos;  /* the block; the line start the pass began at */
	uint64_t lines; /* newlines from the index's from to the chunk at hand */
};

/* A hit: its line's start and end (the newline or the block's end) and the
 * newlines before its start. */
struct index_hit {
	size_t start, end;
	uint64_t lines;
};

/*
 * Candidate buckets of the 32 starts at b (b[0..34] readable), as
 * teddy_mask32. raw: the low nibbles go to the byte shuffle unmasked, which
 * gives 0 for a byte >= 0x80 (right only when b[0..34] has none).
 */
__attribute__((target("avx2"), always_inline)) static inline __m256i index_mask(const struct teddy_tab32 *t,
										const uint8_t *b, int raw)
{
	const __m256i low = _mm256_set1_epi8(0x0f);
	__m256i m = _mm256_setzero_si256();
	int j;

	for (j = 0; j < 4; j++) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(b + j));
		__m256i l = raw ? v : _mm256_and_si256(v, low);
		__m256i h = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);
		__m256i x = _mm256_and_si256(_mm256_shuffle_epi8(t->lo[j], l), _mm256_shuffle_epi8(t->hi[j], h));

		m = j ? _mm256_and_si256(m, x) : x;
		/* one position at a time: fewer registers live */
		__asm__("" : "+x"(m));
	}
	return m;
}

/* The sum of the 32 byte counters of acc. */
__attribute__((target("avx2"), always_inline)) static inline uint64_t index_sum(__m256i acc)
{
	__m256i s = _mm256_sad_epu8(acc, _mm256_setzero_si256());
	__m128i t = _mm_add_epi64(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));

	return (uint64_t)_mm_cvtsi128_si64(t) + (uint64_t)_mm_extract_epi64(t, 1);
}

/* The newline mask of the 32 bytes at q. */
__attribute__((target("avx2"), always_inline)) static inline uint32_t index_nl(const uint8_t *q)
{
	return (uint32_t)_mm256_movemask_epi8(
		_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)q), _mm256_set1_epi8('\n')));
}

/*
 * Fills h for the verified start s (bit s - c) of the chunk of w bytes (32
 * or 64) at c, whose newline mask is nl: the newlines before s, the line's
 * start (a newline of the chunk before s, else of the 32-byte runs back to
 * the pass's start, else memrchr over what is left) and end (one of the
 * chunk from s on, else of the 32-byte runs after it, else memchr on).
 * Inlined into both index loops: a call would cost the AVX-512 one its
 * tables, which every call clobbers.
 */
__attribute__((target("avx2"), always_inline)) static inline void index_locate(const struct index_pass *ip, size_t c,
									       size_t w, size_t s, uint64_t nl,
									       struct index_hit *h)
{
	const uint8_t *p = ip->p, *e;
	uint64_t before = nl & ((1ull << (s - c)) - 1), after = nl >> (s - c);
	uint32_t m = 0;
	size_t q;

	h->lines = ip->lines + (uint64_t)__builtin_popcountll(before);
	if (after) {
		h->end = s + (size_t)__builtin_ctzll(after);
	} else {
		for (q = c + w; q + 32 <= ip->n && !(m = index_nl(p + q)); q += 32)
			;
		if (q + 32 <= ip->n)
			h->end = q + (size_t)__builtin_ctz(m);
		else if (q < ip->n && (e = memchr(p + q, '\n', ip->n - q)))
			h->end = (size_t)(e - p);
		else
			h->end = ip->n;
	}
	if (before) {
		h->start = c + 64 - (size_t)__builtin_clzll(before);
		return;
	}
	for (q = c; q >= ip->pos + 32 && !(m = index_nl(p + q - 32)); q -= 32)
		;
	if (q >= ip->pos + 32)
		h->start = q - (size_t)__builtin_clz(m);
	else if ((e = memrchr(p + ip->pos, '\n', q - ip->pos)))
		h->start = (size_t)(e - p) + 1;
	else
		h->start = ip->pos;
}

/*
 * The candidate starts bits of the chunk of w bytes at c, whose newline
 * mask is nl: 1 with h filled at the first verified start, else 0 with the
 * chunk's newlines counted.
 */
__attribute__((target("avx2"), always_inline)) static inline int index_bits(struct index_pass *ip, size_t c, size_t w,
									    uint64_t bits, uint64_t nl,
									    struct index_hit *h)
{
	for (; bits; bits &= bits - 1) {
		unsigned k = (unsigned)__builtin_ctzll(bits);

		if (teddy_verify(ip->pf, ip->p, (unsigned)(c + k), ip->n)) {
			index_locate(ip, c, w, c + k, nl, h);
			return 1;
		}
	}
	ip->lines += (uint64_t)__builtin_popcountll(nl);
	return 0;
}

/*
 * The chunk at c (bytes v: the block's or their padded copy, v[0..34]
 * readable), starts kept by keep: 1 with h filled at the first verified
 * start, else 0 with its newlines counted.
 */
__attribute__((target("avx2"))) static int index_chunk(struct index_pass *ip, const struct teddy_tab32 *t, size_t c,
						       const uint8_t *v, const __m256i *mask, unsigned keep,
						       struct index_hit *h)
{
	__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)v), m = mask ? *mask : index_mask(t, v, 0);
	uint32_t nl = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('\n')));
	unsigned bits = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(m, _mm256_setzero_si256()));

	if (ip->pf->high)
		bits |= (unsigned)_mm256_movemask_epi8(x);
	return index_bits(ip, c, 32, bits & keep, nl, h);
}

/* The raw lookups (see index_mask) of position j for the bytes v; the low
 * nibble's only when lo_only (position 3 of a prefilter with open3). */
__attribute__((target("avx2"), always_inline)) static inline __m256i index_pos(const struct teddy_tab32 *t, __m256i v,
									       int j, int lo_only)
{
	__m256i h;

	if (lo_only)
		return _mm256_shuffle_epi8(t->lo[j], v);
	h = _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0f));
	return _mm256_and_si256(_mm256_shuffle_epi8(t->lo[j], v), _mm256_shuffle_epi8(t->hi[j], h));
}

/*
 * The hot loop over the chunks from *cp whose 35 bytes fit: the lookups
 * without the low-nibble mask (index_mask's raw), so a chunk with a byte
 * >= 0x80 among them goes to index_chunk, which looks again with it.
 * The last position's AND is the vptest's, and its load (bytes 3..34) is
 * the one tested for bytes >= 0x80. open3: the prefilter's (position 3's
 * high nibble not looked up). Returns 1 at a hit, else 0 with *cp at the
 * first chunk left.
 */
__attribute__((target("avx2"), always_inline)) static inline int index_run_with(struct index_pass *ip,
										const struct teddy_tab32 *t,
										size_t *cp, struct index_hit *h,
										int open3)
{
	const __m256i newline = _mm256_set1_epi8('\n'), top = _mm256_set1_epi8((char)0x80);
	const uint8_t *p = ip->p;
	size_t c = *cp, n = ip->n;

	while (n - c >= 35) {
		/* each byte counter takes at most 255 newlines */
		size_t stop = n - c >= 255 * 32 + 35 ? c + 255 * 32 : n - 34;
		__m256i acc = _mm256_setzero_si256(), m = acc;

		/* A chunk's test sees its bytes 3..34 >= 0x80 (which the
		 * unmasked lookups miss); bytes 0..2 were the chunk before's,
		 * unless the loop begins here. */
		if ((p[c] | p[c + 1] | p[c + 2]) & 0x80) {
			if (index_chunk(ip, t, c, p + c, NULL, ~0u, h))
				return 1;
			c += 32;
			continue;
		}
		/* nothing but the chunks here: the slow path's call would
		 * make the compiler keep the registers in memory */
		/* one induction variable (b), c set from it after */
		const uint8_t *b = p + c, *bstop = p + stop;

#pragma GCC unroll 2
		for (; b < bstop; b += 32) {
			__m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)b), v3, x3;

			m = index_pos(t, v0, 0, 0);
			m = _mm256_and_si256(m, index_pos(t, _mm256_loadu_si256((const __m256i *)(const void *)(b + 1)), 1, 0));
			m = _mm256_and_si256(m, index_pos(t, _mm256_loadu_si256((const __m256i *)(const void *)(b + 2)), 2, 0));
			v3 = _mm256_loadu_si256((const __m256i *)(const void *)(b + 3));
			x3 = index_pos(t, v3, 3, open3);
			if (__builtin_expect(!_mm256_testz_si256(m, x3), 0) ||
			    __builtin_expect(!_mm256_testz_si256(v3, top), 0)) {
				m = _mm256_and_si256(m, x3);
				break;
			}
			acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(v0, newline));
		}
		c = (size_t)(b - p);
		ip->lines += index_sum(acc);
		if (c < stop) {
			/* the unmasked lookups hold when no byte is >= 0x80 */
			int high = _mm256_movemask_epi8(
				_mm256_or_si256(_mm256_loadu_si256((const __m256i *)(const void *)(p + c)),
						_mm256_loadu_si256((const __m256i *)(const void *)(p + c + 3))));

			if (index_chunk(ip, t, c, p + c, high ? NULL : &m, ~0u, h))
				return 1;
			c += 32;
		}
	}
	*cp = c;
	return 0;
}

__attribute__((target("avx2"))) static int index_run(struct index_pass *ip, const struct teddy_tab32 *t, size_t *cp,
						     struct index_hit *h)
{
	return ip->pf->open3 ? index_run_with(ip, t, cp, h, 1) : index_run_with(ip, t, cp, h, 0);
}

/*
 * The rest of one pass from c (a line start or a chunk of the pass) to the
 * first line that holds a needle: 1 with h filled, or 0 at the block's end
 * with ip->lines counting its newlines. The last starts are tested in a
 * copy padded with zeros: nothing outside p[0, n) is read.
 */
__attribute__((target("avx2"))) static int index_rest32(struct index_pass *ip, const struct teddy_tab32 *t, size_t c,
							struct index_hit *h)
{
	const uint8_t *p = ip->p;
	size_t n = ip->n, base;
	uint8_t pad[96] __attribute__((aligned(32)));

	if (index_run(ip, t, &c, h))
		return 1;
	for (; n - c >= 35; c += 32)
		if (index_chunk(ip, t, c, p + c, NULL, ~0u, h))
			return 1;
	/* The last starts, under 35 bytes from the end. */
	memset(pad, 0, sizeof(pad));
	memcpy(pad, p + c, n - c);
	for (base = c; c < n; c += 32)
		if (index_chunk(ip, t, c, pad + (c - base), NULL, n - c >= 32 ? ~0u : (1u << (n - c)) - 1, h))
			return 1;
	return 0;
}

/* Lists the hit h (its line) in ix; returns where the next pass begins,
 * with *lines the newlines before it. */
static size_t index_add(struct span blk, const struct index_hit *h, int marked, struct pf_index *ix,
			uint64_t *lines)
{
	struct pf_hit *x = &ix->hit[ix->n++];

	x->start = (uint32_t)h->start;
	x->end = (uint32_t)h->end;
	x->lines = (uint32_t)h->lines;
	x->marked = marked;
	*lines = h->lines + (h->end < blk.n);
	return h->end < blk.n ? h->end + 1 : blk.n;
}

/* The pass loop of the index (AVX2): one pass per hit line. */
__attribute__((target("avx2"))) static void index32(const struct prefilter *pf, const struct prefilter *mark,
						   struct span blk, size_t from, struct pf_index *ix)
{
	const struct teddy_tab32 *t = (const struct teddy_tab32 *)(const void *)pf->tab32;
	struct index_hit h;
	size_t pos = from;
	uint64_t lines = 0;

	while (pos < blk.n && ix->n < ix->cap) {
		struct index_pass ip = { .pf = pf, .p = (const uint8_t *)blk.p, .n = blk.n, .pos = pos, .lines = lines };

		if (!index_rest32(&ip, t, pos, &h)) {
			lines = ip.lines;
			pos = blk.n;
			break;
		}
		pos = index_add(blk, &h, !mark || prefilter_any(mark, span_make(blk.p + h.start, h.end - h.start)), ix,
				&lines);
	}
	ix->end = pos;
	ix->end_lines = lines;
}

/*
 * The pass loop with AVX-512 VBMI: the tables stay in registers from pass
 * to pass; each pass tests the chunks whose 67 bytes fit with four loads
 * and four exact lookups per 64 starts (newlines counted from the chunk's
 * mask), and a chunk with a candidate goes to index_bits. Bytes >= 0x80
 * need no detour (see tab64). The last chunks of the block go to the AVX2
 * pass.
 */
TARGET_VBMI static inline void index64_with(const struct prefilter *pf, const struct prefilter *mark,
					    struct span blk, size_t from, struct pf_index *ix, int high)
{
	const __m512i newline = _mm512_set1_epi8('\n');
	const struct teddy_tab32 *t32 = (const struct teddy_tab32 *)(const void *)pf->tab32;
	const uint8_t *p = (const uint8_t *)blk.p;
	size_t pos = from, n = blk.n;
	uint64_t lines = 0;
	struct teddy_tab64 t, mt;
	struct index_hit h;
	/* the mark's tables stay in registers too, when it has this level */
	const int mark_vbmi = mark && mark->teddy == PREFILTER_SIMD_VBMI;

	teddy_tab64_load(pf, &t);
	if (mark_vbmi)
		teddy_tab64_load(mark, &mt);
	while (pos < n && ix->n < ix->cap) {
		struct index_pass ip = { .pf = pf, .p = p, .n = n, .pos = pos };
		size_t c = pos;
		uint64_t nls = lines; /* ip.lines, in a register while the loop runs */
		int hit = 0, marked;

		for (; n - c >= 67; c += 64) {
			const uint8_t *b = p + c;
			__m512i v0 = _mm512_loadu_si512((const void *)b);
			__mmask64 k = teddy_mask64(&t, v0, _mm512_loadu_si512((const void *)(b + 1)),
						   _mm512_loadu_si512((const void *)(b + 2)),
						   _mm512_loadu_si512((const void *)(b + 3)), high);
			__mmask64 nl = _mm512_cmpeq_epi8_mask(v0, newline);

			if (__builtin_expect(k != 0, 0)) {
				ip.lines = nls;
				if ((hit = index_bits(&ip, c, 64, k, nl, &h)) != 0)
					break;
				nls = ip.lines;
				continue;
			}
			nls += (uint64_t)__builtin_popcountll(nl);
		}
		ip.lines = nls;
		if (!hit && !index_rest32(&ip, t32, c, &h)) {
			lines = ip.lines;
			pos = n;
			break;
		}
		if (mark_vbmi)
			marked = teddy_find64_with(mark, &mt, p + h.start, h.end - h.start) >= 0;
		else
			marked = !mark || prefilter_any(mark, span_make(blk.p + h.start, h.end - h.start));
		pos = index_add(blk, &h, marked, ix, &lines);
	}
	ix->end = pos;
	ix->end_lines = lines;
}

TARGET_VBMI static void index64(const struct prefilter *pf, const struct prefilter *mark, struct span blk,
				size_t from, struct pf_index *ix)
{
	if (pf->high)
		index64_with(pf, mark, blk, from, ix, 1);
	else
		index64_with(pf, mark, blk, from, ix, 0);
}
#endif

/* The index by whole-span searches (SSSE3 and scalar): each hit's line
 * found around the first needle from pos, its newlines counted. */
static void index_by_find(const struct prefilter *pf, const struct prefilter *mark, struct span blk, size_t from,
			  struct pf_index *ix)
{
	size_t pos = from;
	uint64_t lines = 0;

	while (pos < blk.n && ix->n < ix->cap) {
		struct span rest = span_make(blk.p + pos, blk.n - pos);
		long hit = prefilter_find(pf, rest);
		const char *nl;
		size_t start, end;

		if (hit < 0) {
			lines += prefilter_count_byte(rest, '\n');
			pos = blk.n;
			break;
		}
		/* pos is a line start, so the hit's line starts at or after it */
		nl = memrchr(rest.p, '\n', (size_t)hit);
		start = nl ? (size_t)(nl - blk.p) + 1 : pos;
		lines += prefilter_count_byte(span_make(blk.p + pos, start - pos), '\n');
		nl = memchr(rest.p + hit, '\n', rest.n - (size_t)hit);
		end = nl ? (size_t)(nl - blk.p) : blk.n;
		pos = nl ? end + 1 : blk.n;
		ix->hit[ix->n].start = (uint32_t)start;
		ix->hit[ix->n].end = (uint32_t)end;
		ix->hit[ix->n].lines = (uint32_t)lines;
		ix->hit[ix->n].marked = !mark || prefilter_any(mark, span_make(blk.p + start, end - start));
		ix->n++;
		if (!nl)
			break;
		lines++;
	}
	ix->end = pos;
	ix->end_lines = lines;
}

void prefilter_index(const struct prefilter *pf, const struct prefilter *mark, struct span blk, size_t from,
		     struct pf_index *ix)
{
	OOMSCAN_ASSERT(blk.n <= UINT32_MAX && from <= blk.n);
	ix->n = 0;
	ix->from = from;
	ix->mark_tested = mark != NULL;
#ifdef HAVE_TEDDY
	if (pf->teddy == PREFILTER_SIMD_VBMI) {
		index64(pf, mark, blk, from, ix);
		return;
	}
	if (pf->teddy == 2) {
		index32(pf, mark, blk, from, ix);
		return;
	}
#endif
	index_by_find(pf, mark, blk, from, ix);
}
