/*
 * readahead.h - a reader thread in front of a batch input: it reads the
 * line reader's blocks into a few fixed slots and finds their anchored
 * lines (prefilter_index) while the calling thread scans the slots before.
 * A full set of slots stops the reader until the scanner frees one, so
 * memory is fixed and nothing is dropped. A block waiting for its index
 * is indexed by whichever thread comes to it first (the caller too), so
 * the work spreads over both threads.
 *
 * Return convention: readahead_start returns NULL (message in err) when the
 * thread or its memory cannot be had; readahead_next returns RA_BLOCK or
 * RA_LINE for an item, 0 at the end of the input and -1 on a read error
 * (message in err).
 */
#ifndef OOMSCAN_PIPELINE_READAHEAD_H
#define OOMSCAN_PIPELINE_READAHEAD_H

#include <stdatomic.h>
#include <stddef.h>

#include "../collector/lines.h"
#include "../core/span.h"
#include "../parsers/prefilter.h"

enum { RA_BLOCK = 1, RA_LINE = 2 };

/* readahead_start's flags */
enum {
	RA_F_CALLER_INDEXES = 1, /* the reader only reads; the caller indexes every block (tests) */
};

struct ra_item {
	struct span text;            /* a block of whole lines, or one line */
	const struct pf_index *ix;   /* RA_BLOCK: its anchored lines (NULL: no gate) */
	int cut;                     /* RA_LINE: cut to the reader's cap */
	/* RA_BLOCK with a hint: hint.size bytes for each hit of ix, those
	 * before *hinted filled (read it with acquire: it grows while the
	 * caller scans, never past ix->n); else NULL */
	const void *hints;
	const _Atomic size_t *hinted;
};

/*
 * What the reader does with time it would spend waiting for a free slot:
 * fill (a function of the block's bytes alone and of arg, which only the
 * reader thread touches) runs on the hits of the blocks ready for the
 * caller, in order, writing size bytes for each hit. The caller uses what
 * is there when it comes to a hit.
 */
struct ra_hint {
	size_t size;
	/* from: where the line after the previous hit's starts (0 for the
	 * first hit): the lines in [from, hit->start) are the ones the
	 * caller may skip to reach the hit */
	void (*fill)(void *arg, struct span blk, size_t from, const struct pf_hit *hit, void *out);
	void *arg;
};

struct readahead;

/* Starts the reader thread on lr (which it owns until readahead_stop);
 * gate indexes the blocks (prefilter_index without a mark, which the
 * scanner tests only on the lines that need it; gate NULL: no index);
 * hint: NULL, or what the reader fills in while it would wait; flags:
 * RA_F_*. */
struct readahead *readahead_start(struct line_reader *lr, const struct prefilter *gate,
				  const struct ra_hint *hint, int flags, char *err, size_t errn);

/* The next item, valid until the next call. */
int readahead_next(struct readahead *ra, struct ra_item *it, char *err, size_t errn);

/* How many blocks the reader and the caller have indexed so far. */
void readahead_counts(struct readahead *ra, unsigned long *by_reader, unsigned long *by_caller);

/* Stops the thread (at any point) and frees everything but lr. */
void readahead_stop(struct readahead *ra);

#endif
