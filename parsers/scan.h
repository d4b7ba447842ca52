/*
 * scan.h - the per-source line pipeline: prefix -> kernel report assembly and
 * application message rules -> events and notes. One scanner per source
 * (a file, stdin, /dev/kmsg); the same lines give the same events in batch
 * and live use.
 *
 * Return convention: scan_new returns NULL on allocation failure; the push
 * functions return how many events (and notes) are ready to pop and cannot
 * fail (bad input is counted, never an error); pops return 1 when they
 * copied one out, 0 when there was none.
 */
#ifndef OOMSCAN_PARSERS_SCAN_H
#define OOMSCAN_PARSERS_SCAN_H

#include <stdatomic.h>
#include <stdint.h>

#include "../core/event.h"
#include "../core/span.h"
#include "apprules.h"
#include "kernel.h"
#include "prefilter.h"
#include "prefix.h"

struct scan_pre;

struct scan_config {
	const struct app_rules *rules; /* shared, required */
	const char *process_hint;      /* --process NAME, or NULL */
	int year_hint;                 /* year for prefixes without one */
	int64_t ref_time;              /* see prefix_new */
	int no_prefilter;              /* 1: every line goes through the parsers */
	int publish_early;             /* 1 (live): kills leave at once, their
					* reaper lines come as amendments */
	/* Wall-clock time at boot in microseconds, or 0 when unknown: an event
	 * with an uptime (a /dev/kmsg record) and no time of its own leaves
	 * scan_pop with boot_usec + uptime as its time. The source that knows
	 * the boot (kmsg) sets it; other sources leave 0. */
	int64_t boot_usec;
	/* A paste hard-wrapped at a column (unwrap.h): 0 never joins (live
	 * sources), SCAN_UNWRAP_AUTO looks at the first block scan_block_push
	 * gets, N > 0 joins lines a mail client broke at column N. */
	int unwrap;
};
#define SCAN_UNWRAP_AUTO (-1)

struct scan_stats {
	uint64_t lines;
	uint64_t bytes;
	uint64_t lines_cut;      /* lines longer than the line buffer, cut */
	uint64_t lines_joined;   /* lines that went on a hard-wrapped line before them */
	int unwrap_width;        /* the column the input was found wrapped at, 0: none */
	int unwrap_cut;          /* 1: cut there mid-word (a terminal), 0: at spaces (mail) */
	uint64_t incomplete;     /* reports that never reached a kill record */
	uint64_t unrecognised;   /* OOM-like lines that match no known shape */
	uint64_t notes_dropped;  /* notes beyond a queue's cap (the caller did not pop) */
	uint64_t events_dropped; /* events beyond a queue's cap (the caller did not pop) */
	uint64_t hosts_evicted;  /* hosts the kernel assembler had to give up */
	/* The ledger: every anchor line (kernel header, kill record, summary,
	 * selection, reaper, failure, no-killable and panic lines; one per
	 * application event; each unrecognised OOM-like line) leaves as one
	 * popped event, one folded line, one incomplete or one unrecognised
	 * note. anchors - (events + folded + incomplete + unrecognised) is
	 * what is still open or held; 0 after scan_flush(s, 1) and popping
	 * everything. */
	uint64_t anchors;
	uint64_t events;         /* events popped */
	uint64_t folded;
	uint64_t formats[PREFIX_FMT_COUNT];
};

struct scanner;

/* source: the input's name, copied; events point at the scanner's copy,
 * which lives until scan_free. Returns NULL on allocation failure. */
struct scanner *scan_new(const struct scan_config *cfg, const char *source);
void scan_free(struct scanner *s);

/* The scanner's copy of the source name. */
const char *scan_source(const struct scanner *s);

/*
 * Feeds one raw line without its newline; `cut` says the line was longer
 * than the reader's buffer. Line numbers count from 1 in push order.
 * Returns the number of events, notes and amendments ready to pop (>= 0).
 *
 * Back-pressure: a caller that pops every event and note (until both
 * scan_pop and scan_pop_note return 0) whenever scan_push returns > 0, and
 * after scan_block_push and scan_flush, loses nothing: no queue drops.
 * Popping a note may release more events (a final flush closes hosts as
 * the queues drain), so pop until both are empty.
 */
int scan_push(struct scanner *s, struct span raw, int cut);

/* Longer lines are cut to this many bytes. */
#define SCAN_MAX_LINE (64 * 1024)

/*
 * Feeds a block of whole lines (the reader's buffer; a last line without a
 * newline counts): lines without any prefilter anchor are only counted, in
 * bulk. Another thread may have found the anchored lines already
 * (prefilter_index with scan_line_gate's prefilter, and scan_line_mark's
 * or none);
 * without an index the scanner finds them itself. The cursor is the
 * caller's: scan_block_push returns 1 when it stopped early because events
 * or notes piled up (pop everything, then call it again with the same
 * cursor) and 0 once the whole block is consumed.
 */
struct scan_block {
	struct span blk;           /* whole lines */
	const struct pf_index *ix; /* from 0 or any line start; NULL: none */
	size_t pos;                /* bytes consumed */
	uint64_t lines;            /* newlines consumed */
	size_t next;               /* the index entry to look at next */
	uint64_t ix_base;          /* newlines before the index's `from` */
	/* ix's hits made ahead (scan_pre_fill), those before *pre_n, or NULL */
	const struct scan_pre *pre;
	const _Atomic size_t *pre_n;
};

void scan_block_init(struct scan_block *b, struct span blk, const struct pf_index *ix);
int scan_block_push(struct scanner *s, struct scan_block *b);

/* The prefilters a block's index is built with: the gate (NULL when the
 * config turned the prefilter off: then nothing needs an index) and the
 * mark (the keywords of OOM-like lines no parser takes, and the literals
 * of the application rows that read kernel lines: an unmarked line needs
 * neither test). */
const struct prefilter *scan_line_gate(const struct scanner *s);
const struct prefilter *scan_line_mark(const struct scanner *s);

/* What another thread finds out ahead of the scanner about an index's hit
 * from its bytes alone (scan_pre_fill, as a struct ra_hint whose arg is a
 * struct kern_memo or NULL): the kernel pass over its likely message
 * (prefix_kernel_msg, kern_pre_make), and
 * whether the line is plain (prefix_line_plain; 0: not known). */
#define SCAN_CARRY_SPAN 3 /* lines after a prefix alone that take its host and time */
struct scan_pre {
	struct kern_pre kern;
	int plain;
	/* The lines among the SCAN_CARRY_SPAN before the hit's, after the
	 * previous hit's (within its block), that end in ':' or ']', newest
	 * first: a prefix alone or a lead-in may stand there, and the scanner
	 * parses only these (the reader has the bytes in its cache). back: 0
	 * for the line right before. */
	struct scan_colons {
		uint8_t n;
		struct {
			uint32_t start, end;
			uint8_t back;
		} at[SCAN_CARRY_SPAN];
	} colon;
};
void scan_pre_fill(void *memo, struct span blk, size_t from, const struct pf_hit *hit, void *out);

/* Pops one event, stamped with a wall-clock time from its uptime when the
 * config gave boot_usec; returns 1 if popped, else 0. */
int scan_pop(struct scanner *s, struct oom_event *out);

/* The event scan_pop would copy out, stamped, left in the scanner's queue
 * (NULL if none): the caller reads or changes it in place and then calls
 * scan_drop, before any other call on s. */
struct oom_event *scan_peek(struct scanner *s);
void scan_drop(struct scanner *s);

/* Pops one note; returns 1 if popped, else 0. */
int scan_pop_note(struct scanner *s, struct oom_note *out);

/*
 * Pops one amendment (an oom_reaper line for a kill already popped: count
 * it reaped); returns 1 if popped, else 0. Part of "pop everything": the
 * count scan_push returns includes amendments, and one a full queue
 * refuses is counted in notes_dropped.
 */
int scan_pop_amend(struct scanner *s, struct oom_amend *out);

/* Releases held events; final = end of input (open reports -> incomplete).
 * After a non-final flush, popping everything leaves nothing held but the
 * reports still open (header read, kill record not yet): what a live reader
 * saves a cursor after. */
void scan_flush(struct scanner *s, int final);

/* The counters, brought up to date (the ones other parts keep are summed
 * when asked for). */
const struct scan_stats *scan_stats(struct scanner *s);

/* Sets the next line number (serve resumes a file at an offset). */
void scan_set_line(struct scanner *s, int64_t next_line);

#endif
