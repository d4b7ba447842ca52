/*
 * metrics.h - every metric of the store, declared once: name, type, help,
 * labels and where its values live (a field of struct store, or a small
 * samples callback for the tables). /metrics and --format prom
 * (exporter/prom.c), the JSON summary (exporter/json.c: /api/v1/summary and
 * --format json) and the state file's counters (collector/state.c) all render
 * from store_metrics[].
 *
 * Adding a metric: one row in store/metrics.c (in exposition order) and its
 * writer in store/store.c; a row with a json or state key is in the summary
 * and the state file without more code. The README's Metrics table must name
 * it (tests/e2e/readme_metrics.sh checks).
 */
#ifndef OOMSCAN_STORE_METRICS_H
#define OOMSCAN_STORE_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct store;

enum metric_type {
	METRIC_COUNTER = 0,
	METRIC_GAUGE,
	METRIC_HISTOGRAM,
};

/* Where a row's values are read. */
enum metric_shape {
	METRIC_SCALAR = 0, /* one uint64_t at off in struct store, no labels */
	METRIC_BY_KIND,    /* uint64_t[EV_KIND_COUNT] at off: one series per kind, label kind */
	METRIC_BY_SOURCE,  /* a uint64_t at off in each struct store_source: label source */
	METRIC_CUSTOM,     /* the row's samples callback lists its series */
};

/* Row flags. */
#define METRIC_HOST_LABEL_ONLY 1u /* present only when the store has host_label */

struct metric_label {
	const char *name;
	const char *value;
};

/* A sample's value: an integer count, or a double when is_double. */
struct metric_value {
	int is_double;
	uint64_t u;
	double d;
};

/*
 * Receives one sample of a metric: suffix is appended to the metric's name
 * ("" or "_bucket", "_sum", "_count"), labels in exposition order.
 */
typedef void (*metric_emit_fn)(void *ctx, const char *suffix,
			       const struct metric_label *labels, int n_labels,
			       struct metric_value v);

struct metric_def {
	const char *name;   /* the family's name as exposed (counters end in _total) */
	enum metric_type type;
	const char *labels; /* label names, space separated ("" for none): docs and tests */
	enum metric_shape shape;
	size_t off;         /* SCALAR, BY_KIND: in struct store; BY_SOURCE: in struct store_source */
	const char *json;   /* key in the JSON summary (in each source's object for BY_SOURCE), or NULL */
	const char *state;  /* key in the state file's counters, or NULL */
	unsigned flags;
	/* METRIC_CUSTOM: emits every sample of the metric for st. */
	void (*samples)(const struct store *st, metric_emit_fn emit, void *ctx);
	const char *help;
};

/* The table, in exposition order, and its length. */
extern const struct metric_def store_metrics[];
extern const size_t store_metrics_n;

/* 1 when the metric is exposed for st (host-label-only rows need host_label). */
int metric_present(const struct metric_def *m, const struct store *st);

/* Emits every sample of m for st, whatever its shape. */
void metric_samples(const struct metric_def *m, const struct store *st,
		    metric_emit_fn emit, void *ctx);

/*
 * The uint64_t of a SCALAR, BY_KIND or BY_SOURCE row: base is the struct
 * store (SCALAR, BY_KIND) or the struct store_source (BY_SOURCE); i the kind
 * for BY_KIND, else 0. metric_set writes it (the state file's reader).
 */
uint64_t metric_get(const struct metric_def *m, const void *base, int i);
void metric_set(const struct metric_def *m, void *base, int i, uint64_t v);

/* "counter", "gauge", "histogram". */
const char *metric_type_name(enum metric_type t);

#endif
