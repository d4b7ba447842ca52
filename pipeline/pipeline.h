/*
 * pipeline.h - the one glue from an input to the store: lines from a source
 * (serve) or a line reader (batch) go through one scanner per input; every
 * event and note it releases is handed to the caller's sink before the
 * next line is read (amendments too, when the sink takes them), and what
 * the scanner counted (lines, bytes, cut lines,
 * drops, evicted hosts, the ledger) goes into the store through
 * store_add_counts. Events leave the scanner complete (scan_config
 * carries the boot time a kmsg source gives), so nothing climbs back up.
 *
 * Return contract: functions returning int give >= 0 on success (a count
 * where one is named) and -1 on a read error.
 */
#ifndef OOMSCAN_PIPELINE_PIPELINE_H
#define OOMSCAN_PIPELINE_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "../collector/lines.h"
#include "../collector/source.h"
#include "../parsers/scan.h"
#include "../store/store.h"

/* Where released events and notes go. The sink counts them in the store
 * (store_add_event, store_add_note) or filters them out, and may write them
 * out; it may change the event (a Kubernetes name, the source string),
 * which stands in the scanner's queue until the sink returns: the sink
 * makes no call on the pipeline. */
struct pipeline_sink {
	void (*event)(void *arg, struct oom_event *ev);
	void (*note)(void *arg, struct oom_note *note);
	/* A kill already handed on was reaped (its oom_reaper line came
	 * later: scan_config.publish_early, or a batch kill that left early).
	 * NULL: dropped, as batch does, whose output is written already. */
	void (*amend)(void *arg, const struct oom_amend *a);
	void *arg;
};

struct pipeline;

/* One scanner (cfg) for the input called name, whose counters go into st
 * under that name (st NULL: into no store; a worker thread's pipeline, whose
 * caller adds the totals with pipeline_add_stats). Returns NULL on
 * allocation failure. */
struct pipeline *pipeline_new(const struct scan_config *cfg, const char *name,
			      struct store *st, const struct pipeline_sink *sink);
void pipeline_free(struct pipeline *p);

/* Pops every event and note into the sink (until both queues are empty:
 * popping a note can release more events) and adds what the scanner counted
 * since the last call to the store. Returns the number of events and notes
 * popped; *moved (may be NULL) is set when any store counter changed. */
int pipeline_drain(struct pipeline *p, int *moved);

/* Feeds one line and drains what it releases. */
void pipeline_push(struct pipeline *p, struct span line, int cut);

/* Releases held events (final: at the end of the input) and drains.
 * Returns the number of events and notes popped, plus one when another
 * store counter moved. */
int pipeline_flush(struct pipeline *p, int final);

/* Sets the number of the next line (a resumed file). */
void pipeline_set_line(struct pipeline *p, int64_t next_line);

/* Batch: reads lr to its end through the block path. Returns 0 at the end,
 * -1 on a read error (message in err). */
int pipeline_feed(struct pipeline *p, struct line_reader *lr, char *err, size_t errn);

/* The same with a reader thread (readahead.h) reading and indexing the
 * blocks ahead of the scanner: the same events, notes and counts, in the
 * same order. Falls back to pipeline_feed when the thread cannot start. */
int pipeline_feed_ahead(struct pipeline *p, struct line_reader *lr, char *err, size_t errn);

/* Live: reads at most max lines that src has now. Returns the number read;
 * *rc is source_next's last return (-1: a read error stopped it). */
int pipeline_read(struct pipeline *p, struct source *src, int max, int *rc);

const struct scan_stats *pipeline_stats(const struct pipeline *p);

/* Adds cur - seen (a scanner's stats, and what of them is already in) to
 * st and its source slot (may be NULL). Returns 1 when a counter moved. */
int pipeline_add_stats(struct store *st, struct store_source *slot,
		       const struct scan_stats *cur, const struct scan_stats *seen);

/* The store's slot of this input's counters, or NULL (the table is full). */
struct store_source *pipeline_slot(const struct pipeline *p);

#endif
