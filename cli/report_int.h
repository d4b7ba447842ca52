/*
 * report_int.h - the batch report's state, shared by the text report
 * (report.c) and the HTML report (report_html.c). Everything here is
 * counted over every event; only `events` (the blocks and cards) is capped.
 */
#ifndef OOMSCAN_CLI_REPORT_INT_H
#define OOMSCAN_CLI_REPORT_INT_H

#include <stdint.h>

#include "../core/diagnosis.h"
#include "report.h"

#define NOTES_SHOWN 50
#define SOURCES_SHOWN 64
#define REPORT_WORKLOADS_MAX 3072 /* distinct workloads kept; the rest are counted */
#define REPORT_WL_SLOTS 4096      /* their index: never more than 3/4 full */
_Static_assert(REPORT_WORKLOADS_MAX <= REPORT_WL_SLOTS * 3 / 4 && REPORT_WORKLOADS_MAX < 65535,
	       "the workload index has free slots and 16-bit rows");
#define REPORT_DIAG_ROWS 128      /* distinct (cause, subject) rows kept */
#define REPORT_TRIGGERS_MAX 64
#define REPORT_HOSTS_MAX 64
#define REPORT_DIAG_SLOTS (2 * REPORT_DIAG_ROWS)  /* their index: never more than half full */
#define REPORT_HOST_SLOTS (2 * REPORT_HOSTS_MAX)
#define HIST_BUCKETS 512
#define HIST_LANES 8 /* hosts drawn as lanes; the last lane holds the rest */

struct src_line {
	char path[256];
	char decoding[24]; /* lines_decoding's: "xz", "UTF-16LE", ...; "" for plain text */
	uint64_t lines, bytes, cut;
	uint64_t joined;   /* lines joined to a hard-wrapped line before them */
	int wrap_width;    /* the column the input was wrapped at, 0: none */
	int wrap_cut;      /* 1: cut there mid-word (a terminal) */
	uint64_t formats[PREFIX_FMT_COUNT];
};

/* One workload: a pod (with its containers), a container, or a unit. */
struct wl_row {
	char type[16];  /* "pod", "container", "systemd_unit" */
	char name[128];
	char extra[64]; /* a pod's first container (short id) */
	uint64_t events, kills;
	uint64_t kinds[EV_KIND_COUNT];
	int64_t max_rss_kb; /* -1: unknown */
	uint32_t hash; /* of type and name: a lookup compares it before them */
};

struct diag_row {
	uint8_t cause;
	uint8_t group; /* 0 kills, 1 failures, 2 warnings */
	char subject[128];
	uint64_t count;
	uint32_t hash; /* of subject: a lookup compares it before the subject */
};

struct trigger_row {
	char comm[64];
	uint64_t kills_of_others;
	char victims[3][64];
	int n_victims;
	int64_t oom_score_adj_min; /* lowest victim oom_score_adj seen, or EV_NONE */
};

struct host_row {
	char name[64];
	uint64_t count;
	uint32_t hash; /* of name: a lookup compares it before the name */
};

/*
 * Events by time: HIST_BUCKETS buckets of `width` seconds from t0 (a multiple
 * of width). When an event falls outside, the width grows along a ladder
 * whose steps divide each other (1 min .. 4 weeks and beyond), so buckets
 * merge exactly and nothing is ever dropped.
 */
struct hist {
	int64_t t0, width;
	int step;            /* index into the width ladder */
	uint64_t n;          /* events counted */
	int64_t min, max;    /* first and last time seen */
	uint32_t kind[HIST_BUCKETS][EV_KIND_COUNT];
	uint32_t lane[HIST_BUCKETS][HIST_LANES];
};

struct report {
	int max_shown;
	int top;
	int n_events;
	uint64_t total_events;
	struct oom_event *events;
	struct oom_note notes[2][NOTES_SHOWN];
	int n_notes[2];
	uint64_t total_notes[2];
	struct src_line sources[SOURCES_SHOWN];
	int n_sources;
	uint64_t rest_inputs;  /* inputs past SOURCES_SHOWN: not listed, */
	struct src_line rest;  /* their lines, bytes, cut and joined summed */
	uint64_t filtered, untimed;

	/* Diagnosis, counted over every event. */
	uint64_t by_cause[3][DIAG_CAUSE_COUNT];
	struct diag_row diag[REPORT_DIAG_ROWS];
	int n_diag;
	uint8_t diag_slot[REPORT_DIAG_SLOTS]; /* row + 1 by hash, 0 free: open addressing */
	uint64_t diag_other[3][DIAG_CAUSE_COUNT]; /* counted past the row cap */

	/* Patterns across events. */
	char warn_comm[64];          /* first overcommit warning */
	const char *warn_source;
	int64_t warn_line;
	uint64_t forks_after_warning;
	int64_t first_fork_line;
	struct trigger_row triggers[REPORT_TRIGGERS_MAX];
	int n_triggers;

	/* Workloads, one row each. */
	struct wl_row *wl;           /* REPORT_WORKLOADS_MAX rows, n_wl of them used, in order of arrival */
	uint16_t *wl_slot;           /* REPORT_WL_SLOTS: a row's index + 1 at its hash's slot, 0 free */
	int n_wl;
	uint64_t wl_overflow;

	struct host_row hosts[REPORT_HOSTS_MAX];
	int n_hosts;
	uint8_t host_slot[REPORT_HOST_SLOTS]; /* row + 1 by hash, 0 free */
	uint64_t hosts_other;

	struct hist *wall;           /* by wall-clock time */
	struct hist *up;             /* by uptime, for events without a wall time */
	uint64_t untimed_events;     /* neither */
};

/* The lane of a host in the histograms (HIST_LANES - 1: the rest). */
int report_host_lane(const struct report *r, const char *host);

/*
 * One line per (cause, subject) of a group, busiest first: "memory cgroup
 * limit of session-2.scope reached (3)". Writes at most `max` row indexes
 * into idx (sorted) and returns how many rows the group has in all.
 */
int report_diag_rows(const struct report *r, int group, int *idx, int max);

/* The phrase of a diagnosis row ("no swap", "memory cgroup limit of X reached"). */
void report_diag_phrase(const struct diag_row *row, char *buf, size_t n);

/* The group line: "4 kills: memory cgroup limit of ... (3), no swap (1)";
 * returns 0, or -1 when the group has no events. */
int report_diag_line(const struct report *r, int group, int top, char *buf, size_t n);

/* The cross-event patterns, one sentence each, into lines[max][n]. Returns
 * the number written. */
int report_patterns(const struct report *r, const struct store *st, char (*lines)[512], int max);

/* Workload rows, busiest first: writes up to max indexes into r->wl and the
 * events of the rows past them into *rest. Returns the number of rows in
 * all. */
int report_workload_rows(const struct report *r, int *idx, int max, uint64_t *rest);

/* One process's events of the process table, by family of kind. */
struct proc_row {
	char comm[STORE_LABEL_MAX];
	uint64_t kills, failures, other;
	int64_t max_rss_kb;
};

/* The process table's series folded into one row per process, busiest
 * first, into rows (room for STORE_SERIES_MAX). Returns the count. */
int report_process_rows(const struct store *st, struct proc_row *rows);

/* Lines read from every input, listed or not. */
uint64_t report_lines(const struct report *r);

#endif
