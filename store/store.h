/*
 * store.h - the aggregation store: counters by kind, by kind and process, by
 * kind and workload (each with a cap on distinct label values and an
 * "__other__" bucket), last-event times, a victim RSS histogram, report
 * notes, per-source counters and a capped ring of recent events.
 *
 * struct store holds fixed-size arrays and one pointer, to its ring: the
 * collector thread writes the store, HTTP threads read snapshots and never
 * the live store. A counters snapshot (store_copy_counters) leaves the ring
 * out; only the events API copies the ring (store_copy_recent).
 */
#ifndef OOMSCAN_STORE_STORE_H
#define OOMSCAN_STORE_STORE_H

#include <stdint.h>

#include "../core/event.h"

#define STORE_LABEL_MAX 64          /* bytes of one label value, NUL included */
#define STORE_SERIES_MAX 1024       /* hard cap of series per table */
#define STORE_INDEX_SLOTS 2048      /* lookup slots per table: at most half full */
#define STORE_DEFAULT_MAX_LABELS 200 /* default cap of distinct label values */
#define STORE_SOURCES_MAX 32
#define STORE_RECENT_MAX 256
#define STORE_RSS_BUCKETS 42
#define STORE_OTHER_LABEL "__other__"

/* Workload identities, one table each in the metrics: the systemd unit; the
 * Kubernetes pod (namespace, pod and container names when known, else the
 * pod UID and the container's short id); a container outside any pod (its
 * short, 12 hex digit id). An event counts in at most one of pod and
 * container. Values longer than STORE_LABEL_MAX - 1 are cut. */
enum store_workload {
	WL_SYSTEMD_UNIT = 0,
	WL_POD,
	WL_CONTAINER,
	WL_TYPE_COUNT
};

struct store_series {
	uint8_t kind;        /* enum ev_kind */
	uint8_t wl_type;     /* enum store_workload (workload table only) */
	char label[STORE_LABEL_MAX]; /* comm, unit, pod (name, else UID), container id */
	char ns[STORE_LABEL_MAX];    /* pods: the namespace when known */
	char sub[STORE_LABEL_MAX];   /* pods: the container name (else short id) */
	char host[STORE_LABEL_MAX];  /* the event's host with host_label, else "" */
	uint64_t count;
	int64_t last_time;   /* Unix seconds of the last event with a time, or 0 */
	int64_t max_rss_kb;  /* largest victim RSS seen, or -1 */
	uint32_t key_hash;   /* of label, ns, sub and host: lookups compare it first */
};

/*
 * The conservation ledger: every anchor line (kernel header, kill record,
 * summary, selection, reaper, failure, no-killable and panic lines; one per
 * application event; each unrecognised OOM-like line) leaves as one event,
 * one line folded into another's event or incomplete report, one incomplete
 * report or one unrecognised line. Counted before any output filter.
 */
struct store_ledger {
	uint64_t anchors;
	uint64_t events;
	uint64_t folded;
	uint64_t incomplete;
	uint64_t unrecognised;
};

struct store_source {
	char name[256];
	uint64_t lines;
	uint64_t bytes;
	uint64_t lines_cut;
	uint64_t records_lost;
	int up;
	int shared; /* 1: the __other__ row, every source past the cap (up while all are) */
};

struct store {
	int max_labels; /* cap of distinct label values per table */
	int host_label; /* --host-label: series keyed by the event's host too */

	uint64_t events[EV_KIND_COUNT];
	double last_event_time[EV_KIND_COUNT]; /* Unix seconds; 0 = never */
	uint64_t incomplete;
	uint64_t unrecognised;
	uint64_t reaped;          /* kills with a folded oom_reaper line */

	/* Histogram of victims' RSS in bytes (kills with a known RSS). */
	uint64_t rss_bucket[STORE_RSS_BUCKETS]; /* cumulative counts le bound */
	uint64_t rss_count;
	double rss_sum_bytes;

	int n_comm;
	uint64_t comm_overflow;   /* events counted under __other__ */
	int n_comm_labels;        /* distinct comm values in comm[] */

	int n_work;
	uint64_t work_overflow;
	int n_work_labels[WL_TYPE_COUNT]; /* distinct values per workload type */

	/* Events by kind and host (only with host_label). */
	int n_hosts;
	uint64_t host_overflow;
	int n_host_labels;

	int n_sources;
	struct store_source sources[STORE_SOURCES_MAX];

	uint64_t state_write_errors;
	uint64_t events_dropped;  /* events the collector could not queue */
	uint64_t hosts_evicted;   /* hosts whose open report was cut: too many hosts at once */
	uint64_t notes_dropped;   /* incomplete/unrecognised notes a full queue refused */
	struct store_ledger ledger;

	/*
	 * The ring of the most recent events, STORE_RECENT_MAX slots, oldest
	 * overwritten (slot recent_total % STORE_RECENT_MAX is the next). A
	 * store from store_new owns one; a counters snapshot
	 * (store_new_ringless) has none (NULL): /metrics, the summary and the
	 * state file never read it, so their copies do not carry it.
	 */
	uint64_t recent_total;    /* events ever put in the ring */
	uint64_t recent_changed;  /* 1 + the number of the oldest event amended in
				   * place since the last store_publish, or 0 */
	struct oom_event *recent;

	/*
	 * The series tables stay last: a copy takes everything before comm[]
	 * whole and only the used rows of each table, so a snapshot costs
	 * what the store holds, not its capacity.
	 */
	struct store_series comm[STORE_SERIES_MAX];
	struct store_series work[STORE_SERIES_MAX];
	struct store_series hosts[STORE_SERIES_MAX];

	/*
	 * The lookup index of each table (comm, work, hosts), private to
	 * store.c: open addressing on the series' type and key hash (every
	 * kind of a key probed from one slot), each slot 0 or a row + 1.
	 * Valid while idx_rows equals the table's row count; a copy does not
	 * carry it, and a lookup rebuilds it.
	 */
	int idx_rows[3];
	uint16_t idx[3][STORE_INDEX_SLOTS];
};

/* The upper bounds (bytes) of the RSS histogram buckets; the last is +Inf. */
extern const double store_rss_bounds[STORE_RSS_BUCKETS];

/*
 * Sets the RSS buckets from cumulative counts at other bounds (a state file
 * written with another bucket layout): each bucket takes the count of the
 * largest old bound at or below its own, so counts are exact at shared
 * bounds and never above the truth elsewhere.
 */
void store_rss_import(struct store *st, const double *bounds,
		      const uint64_t *counts, int n);

/* The RSS bucket bounds of state files written before 0.1.1 (x4 steps). */
#define STORE_RSS_LEGACY_BUCKETS 12

/* What a state file gives back besides the metrics table's rows
 * (metric_set) and the series (store_restore_series). */
struct store_restored {
	double last_event_time[EV_KIND_COUNT]; /* negative: read as 0 */
	uint64_t comm_overflow, work_overflow, host_overflow;
	struct store_ledger ledger;
	uint64_t rss_bucket[STORE_RSS_BUCKETS];
	int n_rss_buckets;     /* buckets the file held; STORE_RSS_LEGACY_BUCKETS:
				* the old x4 layout, spread over today's bounds */
	uint64_t rss_count;
	double rss_sum_bytes;  /* negative: read as 0 */
};

/* Sets those counters of st (a fresh store the state is read into). */
void store_restore(struct store *st, const struct store_restored *r);

/* Allocates an empty store with its ring of recent events: its counters
 * are cleared, not the capacity of its tables (nothing reads a table past
 * its count, and its index is built at the first lookup), so a store costs
 * what it holds. max_labels <= 0 selects the default; values above
 * STORE_SERIES_MAX are clamped. Returns NULL on allocation failure. */
struct store *store_new(int max_labels);

/* The same without the ring (recent is NULL; store_add_event counts only):
 * for batch runs, which never list the recent events, and for counters
 * snapshots (store_copy_counters). Returns NULL on allocation failure. */
struct store *store_new_ringless(int max_labels);
void store_free(struct store *st);

/* Counts one event in every table and the recent ring. */
void store_add_event(struct store *st, const struct oom_event *ev);

/* Counts a note (incomplete report or unrecognised line). */
/*
 * Adds a series read back from a state file (table: 0 the process table, 1
 * the workload table, 2 the host table) under the same caps as new events: past
 * the cap its count joins the (kind, type) __other__ series and the
 * overflow counter. Series of the same key are merged.
 */
void store_restore_series(struct store *st, int table, const struct store_series *in);

void store_add_note(struct store *st, const struct oom_note *note);

/*
 * A kill counted before its oom_reaper line came: marks it reaped and counts
 * it in `reaped`, when it is still in the recent ring (the newest kill of the
 * amendment's host and pid; a kill already marked is not counted again).
 * Returns 1 when the kill was found, else 0 (nothing counted: the ring
 * holds every event the store counted, so a kill not in it was filtered
 * out, or is older than the ring).
 */
int store_amend_reaped(struct store *st, const struct oom_amend *a);

/*
 * The source slot for a name, created on first use. Past STORE_SOURCES_MAX - 1
 * names, every new one shares the last slot, named __other__, so the lines
 * and bytes of every source are still counted somewhere.
 */
struct store_source *store_source(struct store *st, const char *name);

/* Anchors still open or held: anchors - (events + folded + incomplete +
 * unrecognised). 0 when everything read is settled; never negative unless
 * the ledger is broken. */
static inline int64_t store_ledger_open(const struct store_ledger *l)
{
	return (int64_t)(l->anchors - (l->events + l->folded + l->incomplete + l->unrecognised));
}

/* What an input's reader counted since the last call: added by
 * store_add_counts. */
struct store_counts {
	uint64_t lines;
	uint64_t bytes;
	uint64_t lines_cut;
	uint64_t events_dropped;
	uint64_t notes_dropped;
	uint64_t hosts_evicted;
	struct store_ledger ledger;
};

/* Adds c to the store-wide counters and, when src is not NULL, to that
 * source's lines, bytes and cut lines. Returns 1 when any counter moved,
 * else 0. */
int store_add_counts(struct store *st, struct store_source *src, const struct store_counts *c);

/* Sets a source's health: up (1/0) and the records it lost so far. */
void store_source_health(struct store_source *src, int up, uint64_t records_lost);

/* An event without a time of its own counts as seen at now (Unix seconds)
 * for the last-event gauge of its kind; the event keeps no invented time. */
void store_mark_seen(struct store *st, enum ev_kind kind, double now);

/* Sets the label settings: max_labels (clamped to 1..STORE_SERIES_MAX; <= 0
 * keeps the current cap) and host_label (--host-label). */
void store_set_labels(struct store *st, int max_labels, int host_label);

/* Counts one failed write of the state file. */
void store_count_state_write_error(struct store *st);


/*
 * Copies the counters of src into dst (everything but the ring's events;
 * recent_total is copied): what /metrics, the summary and the state file
 * read. dst's own ring pointer is kept. Costs the header and the used
 * series rows, whatever the ring's size.
 */
void store_copy_counters(struct store *dst, const struct store *src);

/* Copies the ring of recent events (and recent_total) of src into dst; both
 * must have a ring. Only the events API needs it. */
void store_copy_recent(struct store *dst, const struct store *src);

/* Copies the counters and, when both have one, the ring. */
void store_copy(struct store *dst, const struct store *src);

/*
 * Brings dst, an earlier store_publish copy of src (or a fresh store), up to
 * date: the counters, and of the ring only the slots filled since dst's
 * recent_total or amended since the last publish (store_amend_reaped), which
 * it forgets. Both must have a ring.
 */
void store_publish(struct store *dst, struct store *src);

/* The workload type's label name ("systemd_unit", "pod", "container"). */
const char *store_workload_name(enum store_workload t);

/*
 * Walks the recent ring from oldest to newest; returns the number of events
 * in it and sets *first to the ring index of the oldest (event i of the walk
 * is st->recent[(first + i) % STORE_RECENT_MAX]). 0 for a counters snapshot.
 */
int store_recent(const struct store *st, int *first);

#endif
