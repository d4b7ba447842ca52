/*
 * pipeline.c - source -> scanner -> store, once for batch and serve (see
 * pipeline.h). Trusts its inputs no more than the scanner does; the sink
 * decides what is counted. Not thread-safe: one pipeline per thread.
 */
#include "pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "readahead.h"

struct pipeline {
	struct scanner *sc;
	struct store *st;
	struct pipeline_sink sink;
	struct store_source *slot; /* the input's counters, NULL when the table is full */
	int64_t next_line;
	struct scan_stats seen; /* the scanner's stats already in the store */
	struct kern_memo *memo; /* the reader thread's, for its hints (NULL: none yet) */
};

struct pipeline *pipeline_new(const struct scan_config *cfg, const char *name,
			      struct store *st, const struct pipeline_sink *sink)
{
	struct pipeline *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->st = st;
	p->sink = *sink;
	p->slot = st ? store_source(st, name) : NULL;
	p->sc = scan_new(cfg, name);
	p->next_line = 1;
	if (!p->sc) {
		pipeline_free(p);
		return NULL;
	}
	return p;
}

void pipeline_free(struct pipeline *p)
{
	if (!p)
		return;
	scan_free(p->sc);
	kern_memo_free(p->memo);
	free(p);
}

#define DELTA(f) (cur->f - seen->f)

int pipeline_add_stats(struct store *st, struct store_source *slot,
		       const struct scan_stats *cur, const struct scan_stats *seen)
{
	struct store_counts c;

	c.lines = DELTA(lines);
	c.bytes = DELTA(bytes);
	c.lines_cut = DELTA(lines_cut);
	c.events_dropped = DELTA(events_dropped);
	c.notes_dropped = DELTA(notes_dropped);
	c.hosts_evicted = DELTA(hosts_evicted);
	c.ledger.anchors = DELTA(anchors);
	c.ledger.events = DELTA(events);
	c.ledger.folded = DELTA(folded);
	c.ledger.incomplete = DELTA(incomplete);
	c.ledger.unrecognised = DELTA(unrecognised);
	return store_add_counts(st, slot, &c);
}

#undef DELTA

/* Adds what the scanner counted since the last call to the store (none:
 * the caller adds the totals). Returns 1 when any counter moved. */
static int commit_stats(struct pipeline *p)
{
	const struct scan_stats *cur = scan_stats(p->sc);
	int m = 0;

	if (p->st)
		m = pipeline_add_stats(p->st, p->slot, cur, &p->seen);
	p->seen = *cur;
	return m;
}

int pipeline_drain(struct pipeline *p, int *moved)
{
	struct oom_event *ev;
	struct oom_note note;
	struct oom_amend amend;
	int n = 0, got, m;

	do {
		got = 0;
		/* An event goes to the sink from the scanner's queue, not
		 * through a copy. */
		while ((ev = scan_peek(p->sc)) != NULL) {
			p->sink.event(p->sink.arg, ev);
			scan_drop(p->sc);
			got++;
		}
		while (scan_pop_note(p->sc, &note)) {
			p->sink.note(p->sink.arg, &note);
			got++;
		}
		while (scan_pop_amend(p->sc, &amend)) {
			if (p->sink.amend)
				p->sink.amend(p->sink.arg, &amend);
			got++;
		}
		n += got;
	} while (got);
	m = commit_stats(p);
	if (moved)
		*moved = m;
	return n;
}

void pipeline_push(struct pipeline *p, struct span line, int cut)
{
	/* Back-pressure: what a line releases is handed on before the next
	 * line is read, so no queue ever runs full. */
	if (scan_push(p->sc, line, cut) > 0)
		pipeline_drain(p, NULL);
}

int pipeline_flush(struct pipeline *p, int final)
{
	int moved;

	scan_flush(p->sc, final);
	return pipeline_drain(p, &moved) + moved;
}

void pipeline_set_line(struct pipeline *p, int64_t next_line)
{
	p->next_line = next_line;
	scan_set_line(p->sc, next_line);
}

/* Feeds a block of whole lines (ix: its index, or NULL); the scanner may
 * stop early to let its events be popped. */
static void feed_block(struct pipeline *p, struct span blk, const struct pf_index *ix, const void *pre,
		       const _Atomic size_t *pre_n)
{
	struct scan_block b;

	scan_block_init(&b, blk, ix);
	b.pre = pre;
	b.pre_n = pre_n;
	while (scan_block_push(p->sc, &b))
		pipeline_drain(p, NULL);
	pipeline_drain(p, NULL);
}

int pipeline_feed(struct pipeline *p, struct line_reader *lr, char *err, size_t errn)
{
	struct span blk, line;
	int cut, rc;

	for (;;) {
		rc = lines_next_block(lr, &blk, err, errn);
		if (rc == 1) {
			feed_block(p, blk, NULL, NULL, NULL);
			continue;
		}
		if (rc == 2) {
			rc = lines_next(lr, &line, &cut, err, errn);
			if (rc == 1) {
				scan_push(p->sc, line, cut);
				pipeline_drain(p, NULL);
				continue;
			}
		}
		return rc < 0 ? -1 : 0;
	}
}

int pipeline_feed_ahead(struct pipeline *p, struct line_reader *lr, char *err, size_t errn)
{
	struct ra_hint pre = { sizeof(struct scan_pre), scan_pre_fill, NULL };
	struct readahead *ra;
	struct ra_item it;
	int rc;

	/* The reader's memo of kernel passes, kept from input to input (a
	 * pass depends on the message's bytes only); without one it hints all
	 * the same, each pass made anew. */
	if (!p->memo)
		p->memo = kern_memo_new();
	pre.arg = p->memo;
	ra = readahead_start(lr, scan_line_gate(p->sc), &pre, 0, err, errn);
	if (!ra)
		return pipeline_feed(p, lr, err, errn);
	while ((rc = readahead_next(ra, &it, err, errn)) > 0) {
		if (rc == RA_BLOCK) {
			feed_block(p, it.text, it.ix, it.hints, it.hinted);
			continue;
		}
		scan_push(p->sc, it.text, it.cut);
		pipeline_drain(p, NULL);
	}
	readahead_stop(ra);
	return rc < 0 ? -1 : 0;
}

int pipeline_read(struct pipeline *p, struct source *src, int max, int *rc)
{
	struct span line;
	int64_t ln;
	int cut, n = 0;

	*rc = 0;
	while (n < max) {
		*rc = source_next(src, &line, &cut, &ln);
		if (*rc <= 0)
			break;
		if (ln > 0 && ln != p->next_line)
			scan_set_line(p->sc, ln);
		p->next_line = ln > 0 ? ln + 1 : p->next_line + 1;
		pipeline_push(p, line, cut);
		n++;
	}
	return n;
}

struct store_source *pipeline_slot(const struct pipeline *p)
{
	return p->slot;
}

const struct scan_stats *pipeline_stats(const struct pipeline *p)
{
	return scan_stats(p->sc);
}
