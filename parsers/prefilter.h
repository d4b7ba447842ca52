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

/* The scanner's anchors, for tests: i in 0..prefilter_oom_count()-1. */
int prefilter_oom_count(void);
const char *prefilter_oom_anchor(int i);

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
 * Limits the SIMD level (0 scalar, 1 SSSE3, 2 AVX2) to at most `level` and
 * what the CPU has; returns the level in use. For tests and benchmarks.
 */
int prefilter_set_simd(struct prefilter *pf, int level);

/* The same test without SIMD (the reference the tests compare against). */
int prefilter_any_scalar(const struct prefilter *pf, struct span s);

#endif
