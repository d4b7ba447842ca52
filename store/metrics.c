/*
 * metrics.c - the table of the store's metrics (see metrics.h) and the
 * samples of its table-shaped rows.
 *
 * Trusts the store's counts and table sizes (clamped to their caps here);
 * label values are handed on as stored, the renderer escapes them.
 * Thread-safe: the table is constant, the le labels are spelled once
 * (pthread_once), and a store is only read.
 */
#include "metrics.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static const char *const type_names[] = { "counter", "gauge", "histogram" };

const char *metric_type_name(enum metric_type t)
{
	return (unsigned)t < sizeof(type_names) / sizeof(type_names[0]) ? type_names[t] : "untyped";
}

static struct metric_value val_u(uint64_t u)
{
	struct metric_value v = { 0, u, 0 };

	return v;
}

static struct metric_value val_d(double d)
{
	struct metric_value v = { 1, 0, d };

	return v;
}

static int rows_of(int n, int max)
{
	return n < 0 ? 0 : n > max ? max : n;
}

static const char *kind_name(unsigned k)
{
	return event_kind_name((enum ev_kind)k);
}

/* --- samples of the custom rows ----------------------------------------- */

static void last_event_samples(const struct store *st, metric_emit_fn emit, void *ctx)
{
	struct metric_label l[1];
	int k;

	for (k = 0; k < EV_KIND_COUNT; k++) {
		if (!(st->last_event_time[k] > 0))
			continue;
		l[0] = (struct metric_label){ "kind", kind_name((unsigned)k) };
		emit(ctx, "", l, 1, val_d(st->last_event_time[k]));
	}
}

static void host_samples(const struct store *st, metric_emit_fn emit, void *ctx)
{
	struct metric_label l[2];
	int i, n = rows_of(st->n_hosts, STORE_SERIES_MAX);

	for (i = 0; i < n; i++) {
		l[0] = (struct metric_label){ "kind", kind_name(st->hosts[i].kind) };
		l[1] = (struct metric_label){ "host", st->hosts[i].label };
		emit(ctx, "", l, 2, val_u(st->hosts[i].count));
	}
}

static void process_samples(const struct store *st, metric_emit_fn emit, void *ctx)
{
	struct metric_label l[3];
	int i, j, n = rows_of(st->n_comm, STORE_SERIES_MAX);

	for (i = 0; i < n; i++) {
		const struct store_series *s = &st->comm[i];

		j = 0;
		l[j++] = (struct metric_label){ "kind", kind_name(s->kind) };
		if (st->host_label)
			l[j++] = (struct metric_label){ "host", s->host };
		l[j++] = (struct metric_label){ "comm", s->label };
		emit(ctx, "", l, j, val_u(s->count));
	}
}

/* One family per workload type, so that sum() over a family counts each
 * event once. */
static void workload_samples(const struct store *st, unsigned t, metric_emit_fn emit,
			     void *ctx)
{
	struct metric_label l[5];
	int i, j, n = rows_of(st->n_work, STORE_SERIES_MAX);

	for (i = 0; i < n; i++) {
		const struct store_series *s = &st->work[i];

		if (s->wl_type != t)
			continue;
		j = 0;
		l[j++] = (struct metric_label){ "kind", kind_name(s->kind) };
		if (st->host_label)
			l[j++] = (struct metric_label){ "host", s->host };
		if (t == WL_SYSTEMD_UNIT) {
			l[j++] = (struct metric_label){ "unit", s->label };
		} else if (t == WL_POD) {
			l[j++] = (struct metric_label){ "namespace", s->ns };
			l[j++] = (struct metric_label){ "pod", s->label };
			l[j++] = (struct metric_label){ "container", s->sub };
		} else {
			l[j++] = (struct metric_label){ "container", s->label };
		}
		emit(ctx, "", l, j, val_u(s->count));
	}
}

static void unit_samples(const struct store *st, metric_emit_fn emit, void *ctx)
{
	workload_samples(st, WL_SYSTEMD_UNIT, emit, ctx);
}

static void pod_samples(const struct store *st, metric_emit_fn emit, void *ctx)
{
	workload_samples(st, WL_POD, emit, ctx);
}

static void container_samples(const struct store *st, metric_emit_fn emit, void *ctx)
{
	workload_samples(st, WL_CONTAINER, emit, ctx);
}

static void overflow_samples(const struct store *st, metric_emit_fn emit, void *ctx)
{
	struct metric_label l[1] = { { "table", "process" } };

	emit(ctx, "", l, 1, val_u(st->comm_overflow));
	l[0].value = "workload";
	emit(ctx, "", l, 1, val_u(st->work_overflow));
}

static void label_limit_samples(const struct store *st, metric_emit_fn emit, void *ctx)
{
	emit(ctx, "", NULL, 0, val_u((uint64_t)(st->max_labels > 0 ? st->max_labels : 0)));
}

/*
 * Formats a finite double as Go's strconv.FormatFloat(v, 'g', -1, 64), the
 * way client_golang (and so node_exporter) spells a histogram's le label:
 * shortest round-trip digits, exponent form from 1e+06 ("1.048576e+06").
 * Prometheus 2.x compares le as a string, so only this spelling lines up
 * with other exporters' buckets in one heatmap.
 */
static void fmt_le(char *out, size_t n, double v)
{
	char tmp[40];
	int p, e, dec;

	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p - 1, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	e = atoi(strchr(tmp, 'e') + 1);
	if (e < -4 || e >= 6) {
		snprintf(out, n, "%s", tmp);
		return;
	}
	dec = p - 1 - e;
	snprintf(out, n, "%.*f", dec > 0 ? dec : 0, v);
}

/* The le labels of the RSS buckets, spelled once: fmt_le's search costs
 * up to seventeen printf and strtod calls a bound, on every scrape. */
static char rss_le[STORE_RSS_BUCKETS][48];
static pthread_once_t rss_le_once = PTHREAD_ONCE_INIT;

static void rss_le_init(void)
{
	int i;

	for (i = 0; i < STORE_RSS_BUCKETS; i++)
		if (!isinf(store_rss_bounds[i]))
			fmt_le(rss_le[i], sizeof(rss_le[i]), store_rss_bounds[i]);
}

static void rss_samples(const struct store *st, metric_emit_fn emit, void *ctx)
{
	struct metric_label l[1];
	int i;

	pthread_once(&rss_le_once, rss_le_init);
	for (i = 0; i < STORE_RSS_BUCKETS; i++) {
		if (isinf(store_rss_bounds[i]))
			break;
		l[0] = (struct metric_label){ "le", rss_le[i] };
		emit(ctx, "_bucket", l, 1, val_u(st->rss_bucket[i]));
	}
	/* By definition the +Inf bucket holds every observation. */
	l[0] = (struct metric_label){ "le", "+Inf" };
	emit(ctx, "_bucket", l, 1, val_u(st->rss_count));
	emit(ctx, "_sum", NULL, 0, val_d(st->rss_sum_bytes));
	emit(ctx, "_count", NULL, 0, val_u(st->rss_count));
}

static void source_up_samples(const struct store *st, metric_emit_fn emit, void *ctx)
{
	struct metric_label l[1];
	int i, n = rows_of(st->n_sources, STORE_SOURCES_MAX);

	for (i = 0; i < n; i++) {
		l[0] = (struct metric_label){ "source", st->sources[i].name };
		emit(ctx, "", l, 1, val_u(st->sources[i].up ? 1 : 0));
	}
}

/* --- the table ------------------------------------------------------------ */

#define SOFF(f) offsetof(struct store, f)
#define SRCOFF(f) offsetof(struct store_source, f)

/* ROW(name, type, labels, shape, offset, json key, state key, flags, samples, help) */
#define ROW(name, type, labels, shape, off, json, state, flags, fn, help) \
	{ name, type, labels, shape, off, json, state, flags, fn, help }

const struct metric_def store_metrics[] = {
	ROW("oomscan_events_total", METRIC_COUNTER, "kind", METRIC_BY_KIND, SOFF(events),
	    "events_by_kind", "events", 0, NULL,
	    "Out-of-memory events detected, by kind."),
	ROW("oomscan_last_event_timestamp_seconds", METRIC_GAUGE, "kind", METRIC_CUSTOM, 0,
	    NULL, NULL, 0, last_event_samples,
	    "Unix time of the last event of a kind that carried a wall-clock time."),
	ROW("oomscan_host_events_total", METRIC_COUNTER, "kind host", METRIC_CUSTOM, 0,
	    NULL, NULL, METRIC_HOST_LABEL_ONLY, host_samples,
	    "Events by kind and the host named in the log line (--host-label); hosts beyond the label cap count as __other__."),
	ROW("oomscan_process_events_total", METRIC_COUNTER, "kind comm", METRIC_CUSTOM, 0,
	    NULL, NULL, 0, process_samples,
	    "Events by kind and process name (comm); names beyond the label cap count as __other__."),
	ROW("oomscan_unit_events_total", METRIC_COUNTER, "kind unit", METRIC_CUSTOM, 0,
	    NULL, NULL, 0, unit_samples,
	    "Events by kind and systemd unit (the deepest unit of the cgroup); units beyond the label cap count as __other__."),
	ROW("oomscan_pod_events_total", METRIC_COUNTER, "kind namespace pod container", METRIC_CUSTOM, 0,
	    NULL, NULL, 0, pod_samples,
	    "Events in Kubernetes pods by kind, namespace, pod and container (names from the node's /var/log/pods, else pod UID and short container id); pods beyond the label cap count as __other__."),
	ROW("oomscan_container_events_total", METRIC_COUNTER, "kind container", METRIC_CUSTOM, 0,
	    NULL, NULL, 0, container_samples,
	    "Events in containers outside Kubernetes pods by kind and short container id; containers beyond the label cap count as __other__."),
	ROW("oomscan_label_overflow_events_total", METRIC_COUNTER, "table", METRIC_CUSTOM, 0,
	    NULL, NULL, 0, overflow_samples,
	    "Events counted under the __other__ label because a table reached its cap of distinct label values."),
	ROW("oomscan_label_values_limit", METRIC_GAUGE, "", METRIC_CUSTOM, 0,
	    NULL, NULL, 0, label_limit_samples,
	    "The cap of distinct label values per table (--max-label-values)."),
	ROW("oomscan_victim_rss_bytes", METRIC_HISTOGRAM, "le", METRIC_CUSTOM, 0,
	    NULL, NULL, 0, rss_samples,
	    "Resident memory (anon + file + shmem) of killed processes, when the report gives it."),
	ROW("oomscan_incomplete_reports_total", METRIC_COUNTER, "", METRIC_SCALAR, SOFF(incomplete),
	    "incomplete", "incomplete", 0, NULL,
	    "OOM reports that began but never reached their kill record (cut off, panic, no killable process)."),
	ROW("oomscan_unrecognised_lines_total", METRIC_COUNTER, "", METRIC_SCALAR, SOFF(unrecognised),
	    "unrecognised", "unrecognised", 0, NULL,
	    "Lines that look like out-of-memory messages but match no known shape."),
	ROW("oomscan_reaped_kills_total", METRIC_COUNTER, "", METRIC_SCALAR, SOFF(reaped),
	    "reaped", "reaped", 0, NULL,
	    "Kills whose victim the kernel's oom_reaper reported as reaped."),
	ROW("oomscan_events_dropped_total", METRIC_COUNTER, "", METRIC_SCALAR, SOFF(events_dropped),
	    "events_dropped", "events_dropped", 0, NULL,
	    "Events the collector could not queue and therefore did not count."),
	ROW("oomscan_notes_dropped_total", METRIC_COUNTER, "", METRIC_SCALAR, SOFF(notes_dropped),
	    "notes_dropped", "notes_dropped", 0, NULL,
	    "Incomplete-report and unrecognised-line notes the collector could not queue."),
	ROW("oomscan_hosts_evicted_total", METRIC_COUNTER, "", METRIC_SCALAR, SOFF(hosts_evicted),
	    "hosts_evicted", "hosts_evicted", 0, NULL,
	    "Hosts whose report state was given up because more hosts had reports open at once than the assembler tracks; their open reports count as incomplete."),
	ROW("oomscan_source_lines_total", METRIC_COUNTER, "source", METRIC_BY_SOURCE, SRCOFF(lines),
	    "lines", "lines", 0, NULL,
	    "Lines read from a source; sources past the cap of 31 names count as __other__."),
	ROW("oomscan_source_bytes_total", METRIC_COUNTER, "source", METRIC_BY_SOURCE, SRCOFF(bytes),
	    "bytes", "bytes", 0, NULL,
	    "Bytes read from a source."),
	ROW("oomscan_source_lines_cut_total", METRIC_COUNTER, "source", METRIC_BY_SOURCE, SRCOFF(lines_cut),
	    "lines_cut", "lines_cut", 0, NULL,
	    "Lines longer than the line buffer, cut to fit."),
	ROW("oomscan_source_records_lost_total", METRIC_COUNTER, "source", METRIC_BY_SOURCE, SRCOFF(records_lost),
	    "records_lost", "records_lost", 0, NULL,
	    "Records a source lost before oomscan read them (kmsg overruns, truncated or rotated-away data)."),
	ROW("oomscan_source_up", METRIC_GAUGE, "source", METRIC_CUSTOM, 0,
	    NULL, NULL, 0, source_up_samples,
	    "1 when the source is open and being read, 0 otherwise."),
	ROW("oomscan_state_write_errors_total", METRIC_COUNTER, "", METRIC_SCALAR, SOFF(state_write_errors),
	    "state_write_errors", "state_write_errors", 0, NULL,
	    "Failed writes of the resume state file."),
};

const size_t store_metrics_n = sizeof(store_metrics) / sizeof(store_metrics[0]);

/* --- reading the table ------------------------------------------------------ */

uint64_t metric_get(const struct metric_def *m, const void *base, int i)
{
	uint64_t v;

	memcpy(&v, (const char *)base + m->off + (size_t)i * sizeof(v), sizeof(v));
	return v;
}

void metric_set(const struct metric_def *m, void *base, int i, uint64_t v)
{
	memcpy((char *)base + m->off + (size_t)i * sizeof(v), &v, sizeof(v));
}

int metric_present(const struct metric_def *m, const struct store *st)
{
	return !(m->flags & METRIC_HOST_LABEL_ONLY) || st->host_label;
}

void metric_samples(const struct metric_def *m, const struct store *st,
		    metric_emit_fn emit, void *ctx)
{
	struct metric_label l[1];
	int i, n;

	switch (m->shape) {
	case METRIC_SCALAR:
		emit(ctx, "", NULL, 0, val_u(metric_get(m, st, 0)));
		break;
	case METRIC_BY_KIND:
		for (i = 0; i < EV_KIND_COUNT; i++) {
			l[0] = (struct metric_label){ "kind", kind_name((unsigned)i) };
			emit(ctx, "", l, 1, val_u(metric_get(m, st, i)));
		}
		break;
	case METRIC_BY_SOURCE:
		n = rows_of(st->n_sources, STORE_SOURCES_MAX);
		for (i = 0; i < n; i++) {
			l[0] = (struct metric_label){ "source", st->sources[i].name };
			emit(ctx, "", l, 1, val_u(metric_get(m, &st->sources[i], 0)));
		}
		break;
	case METRIC_CUSTOM:
		m->samples(st, emit, ctx);
		break;
	}
}
