/*
 * prefilter.h - the literal prefilter: does a line contain any of a small
 * set of short anchors (ASCII case-insensitive)? Most log lines are not about
 * memory; this settles them in about a cycle per byte before any parser or
 * regex looks at them.
 *
 * Return convention: prefilter_new returns NULL for a bad needle or no
 * memory; prefilter_any returns 1 or 0, prefilter_find an offset or -1.
 */
#ifndef OOMSCAN_PARSERS_PREFILTER_H
#define OOMSCAN_PARSERS_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "../core/span.h"

#define PREFILTER_MAX_NEEDLES 64
#define PREFILTER_MAX_LEN 16

struct prefilter;

/*
 * The scanner's prefilter: the anchors every line that can matter to
 * oomscan holds. Each kernel table row's anchor (parsers/kernel_table.c) and
 * each application anchor (parsers/apprules.c) holds one of them, which
 * tests/unit/test_prefilter.c checks against both tables; the corpora and
 * tests/e2e/prefilter_lossless.sh check the lines. NULL when memory runs out.
 */
struct prefilter *prefilter_oom_new(void);

/* The scanner's anchors, for tests and bench/anchor_buckets: i in
 * 0..prefilter_oom_count()-1; an anchor's bucket in the nibble tables
 * (exact 0) or the exact ones (exact 1), -1 outside them. */
int prefilter_oom_count(void);
const char *prefilter_oom_anchor(int i);
int prefilter_oom_bucket(int i, int exact);

/*
 * For bench/anchor_buckets: the buckets each byte passes at each of a
 * start's first four positions (bit b: bucket b) in the scanner's tables
 * with the anchors grouped by nibble[] and exact[] (a bucket 0..7 an
 * anchor; the -1 of those outside the buckets is kept): nib for the nibble
 * tables (a byte >= 0x80 passes none), ex for the exact ones. 0, or -1
 * when memory runs out.
 */
int prefilter_oom_tables(const int *nibble, const int *exact, uint8_t nib[4][256], uint8_t ex[4][256]);

/*
 * Compiles a set of needles (2..PREFILTER_MAX_LEN bytes each, at most
 * PREFILTER_MAX_NEEDLES; letters match either case). Returns NULL when a
 * needle is out of bounds or memory runs out.
 */
struct prefilter *prefilter_new(const char *const *needles, int n);
void prefilter_free(struct prefilter *pf);

/* 1 if s contains any needle, else 0. Reads only within s. Thread-safe. */
int prefilter_any(const struct prefilter *pf, struct span s);

/*
 * The offset of a needle in s (the first found in scan order, which may not
 * be the leftmost when two overlap blocks), or -1. Used over whole buffers
 * of lines. Thread-safe.
 */
long prefilter_find(const struct prefilter *pf, struct span s);

/* The number of bytes equal to c in s. */
size_t prefilter_count_byte(struct span s, char c);

/*
 * The lines of a block that hold a needle, found in one pass over the block
 * (what lets a reader thread index blocks ahead of the scanner). Offsets are
 * from the block's start (blocks are under 4 GiB); `lines` counts the
 * newlines from `from` to the hit's line start.
 */
struct pf_hit {
	uint32_t start; /* the line's first byte */
	uint32_t end;   /* the line's end: its newline, or the block's end */
	uint32_t lines; /* newlines in [from, start) */
	int marked;     /* the line may hold a needle of the `mark` prefilter (1 without one) */
};

struct pf_index {
	struct pf_hit *hit; /* cap entries, the caller's */
	size_t n, cap;
	size_t from, end;   /* indexed [from, end): every hit line starting there is listed */
	uint64_t end_lines; /* newlines in [from, end) */
	int mark_tested;    /* 1: each hit's marked is the mark's answer; 0: no mark ran */
};

/*
 * Indexes blk from `from` (a line start) until its end or until ix->cap
 * hits are listed (then ix->end < blk.n: index the rest from there).
 * mark (NULL: none, every line marked) is a second prefilter run over each
 * listed line.
 * Thread-safe.
 */
void prefilter_index(const struct prefilter *pf, const struct prefilter *mark, struct span blk, size_t from,
		     struct pf_index *ix);

/*
 * Limits the SIMD level (0 scalar, 1 SSSE3, 2 AVX2, 3 AVX-512 with VBMI's
 * byte permutes) to at most `level` and what the CPU has; returns the level
 * in use. A new prefilter uses the best there is. For tests and benchmarks.
 */
#define PREFILTER_SIMD_VBMI 3 /* the AVX-512 level */
#define PREFILTER_SIMD_MAX PREFILTER_SIMD_VBMI

/* The SIMD level in use (as prefilter_set_simd returns). */
int prefilter_simd(const struct prefilter *pf);
int prefilter_set_simd(struct prefilter *pf, int level);

/* The same test without SIMD (the reference the tests compare against). */
int prefilter_any_scalar(const struct prefilter *pf, struct span s);

#endif
