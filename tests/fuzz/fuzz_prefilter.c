/*
 * fuzz_prefilter.c - libFuzzer target for prefilter_index: the input is one
 * block; at every SIMD level the CPU has, the index from its start (and,
 * when capped, on from each end the way the scanner continues) must list
 * exactly the lines a plain loop finds with the scalar prefilter, with the
 * same starts, ends, line counts and keyword marks. Aborts on the first
 * difference.
 *
 * Trusts nothing in the input. Single-threaded (the prefilters are made
 * once and their SIMD level set per run).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../parsers/prefilter.h"
#include "../prefilter_ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CAP 4096

static void same_index(const struct pf_index *a, const struct pf_index *b)
{
	size_t k;

	if (a->n != b->n || a->from != b->from || a->end != b->end || a->end_lines != b->end_lines)
		abort();
	for (k = 0; k < a->n; k++)
		if (a->hit[k].start != b->hit[k].start || a->hit[k].end != b->hit[k].end ||
		    a->hit[k].lines != b->hit[k].lines || a->hit[k].marked != b->hit[k].marked)
			abort();
}

/* Every level's index of blk from `from` with cap, then on from its end. */
static void check(struct prefilter *gate, struct prefilter *mark, struct span blk, size_t cap)
{
	static struct pf_hit want_hit[FZ_CAP], got_hit[FZ_CAP];
	struct pf_index want = { .hit = want_hit, .cap = cap }, got = { .hit = got_hit, .cap = cap };
	size_t from = 0;
	int level;

	for (;;) {
		ref_index(gate, mark, blk, from, &want);
		for (level = PREFILTER_SIMD_MAX; level >= 0; level--) {
			if (prefilter_set_simd(gate, level) != level)
				continue;
			if (mark)
				prefilter_set_simd(mark, level);
			prefilter_index(gate, mark, blk, from, &got);
			same_index(&got, &want);
		}
		if (want.n < cap || want.end >= blk.n)
			break;
		from = want.end;
	}
	prefilter_set_simd(gate, PREFILTER_SIMD_MAX);
	if (mark)
		prefilter_set_simd(mark, PREFILTER_SIMD_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prefilter *gate, *mark;
	static const char *const mark_needles[] = { "kill", "sshd", "heap", "\xd0\xbf\xd0\xbe" };
	struct span blk = span_make((const char *)data, size);

	if (!gate) {
		gate = prefilter_oom_new();
		mark = prefilter_new(mark_needles, 4);
		if (!gate || !mark)
			abort();
	}
	if (size > UINT32_MAX)
		return 0;
	check(gate, NULL, blk, FZ_CAP);
	check(gate, mark, blk, 1 + (size ? data[0] % 7 : 0));
	return 0;
}
