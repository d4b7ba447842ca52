/*
 * prefilter_ref.h - the block index as a plain loop builds it, the
 * reference test_prefilter and fuzz_prefilter hold prefilter_index to.
 * Test code only; trusts its arguments as prefilter_index does.
 */
#ifndef OOMSCAN_TESTS_PREFILTER_REF_H
#define OOMSCAN_TESTS_PREFILTER_REF_H

#include <stdint.h>
#include <string.h>

#include "../parsers/prefilter.h"

/*
 * The index as a plain loop would build it: line by line from `from`, each
 * line (without its newline) tested by the scalar prefilter, the newlines
 * counted, until cap lines are listed. (The block's needles never hold a
 * byte that folds to '\n', so no needle spans two lines.)
 */
static inline void ref_index(const struct prefilter *gate, const struct prefilter *mark, struct span blk, size_t from,
		      struct pf_index *ix)
{
	size_t pos = from;
	uint64_t lines = 0;

	ix->n = 0;
	ix->from = from;
	while (pos < blk.n && ix->n < ix->cap) {
		const char *nl = memchr(blk.p + pos, '\n', blk.n - pos);
		size_t e = nl ? (size_t)(nl - blk.p) : blk.n;
		struct span line = span_make(blk.p + pos, e - pos);

		if (prefilter_any_scalar(gate, line)) {
			ix->hit[ix->n].start = (uint32_t)pos;
			ix->hit[ix->n].end = (uint32_t)e;
			ix->hit[ix->n].lines = (uint32_t)lines;
			ix->hit[ix->n].marked = !mark || prefilter_any_scalar(mark, line);
			ix->n++;
		}
		pos = nl ? e + 1 : blk.n;
		lines += nl != NULL;
	}
	ix->end = pos;
	ix->end_lines = lines;
}

#endif
