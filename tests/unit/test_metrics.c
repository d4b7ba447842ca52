/*
 * test_metrics.c - the store's metrics table (store/metrics.c): names unique
 * and well formed, every sample's labels declared in its row, every row in
 * /metrics (text and OpenMetrics) with its HELP and TYPE, the table-driven
 * summary keys, and a metric rendered from a counters snapshot (no ring)
 * exactly as from the live store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "../../store/metrics.h"
#include "../../store/store.h"
#include "../../exporter/json.h"
#include "../../exporter/prom.h"

/* A store with something in every table, with or without host labels. */
static struct store *full_store(int host_label)
{
	struct store *st = store_new(0);
	struct oom_event ev;
	struct store_source *src;

	assert_non_null(st);
	st->host_label = host_label;
	event_init(&ev, EV_MEMCG_OOM_KILL);
	snprintf(ev.comm, sizeof(ev.comm), "java");
	snprintf(ev.host, sizeof(ev.host), "web1");
	snprintf(ev.pod_uid, sizeof(ev.pod_uid), "0f9b1c2d-1111-2222-3333-444455556666");
	snprintf(ev.container_id, sizeof(ev.container_id), "abcdef0123456789abcdef");
	ev.time_sec = 1700000000;
	ev.anon_rss_kb = 2048;
	store_add_event(st, &ev);
	event_init(&ev, EV_OOM_KILL);
	snprintf(ev.comm, sizeof(ev.comm), "postgres");
	snprintf(ev.systemd_unit, sizeof(ev.systemd_unit), "postgresql.service");
	ev.reaped = 1;
	store_add_event(st, &ev);
	event_init(&ev, EV_OOM_KILL);
	snprintf(ev.comm, sizeof(ev.comm), "redis");
	snprintf(ev.container_id, sizeof(ev.container_id), "0123456789abcdef");
	store_add_event(st, &ev);
	src = store_source(st, "/var/log/kern.log");
	assert_non_null(src);
	src->lines = 10;
	src->up = 1;
	st->incomplete = 2;
	return st;
}

static void test_table_well_formed(void **state)
{
	size_t i, j, n;

	(void)state;
	assert_true(store_metrics_n >= 20);
	for (i = 0; i < store_metrics_n; i++) {
		const struct metric_def *m = &store_metrics[i];

		assert_non_null(m->name);
		assert_int_equal(strncmp(m->name, "oomscan_", 8), 0);
		assert_true(m->help && m->help[0]);
		n = strlen(m->name);
		/* Counters end in _total, nothing else does. */
		assert_int_equal(m->type == METRIC_COUNTER,
				 n > 6 && strcmp(m->name + n - 6, "_total") == 0);
		assert_true(m->shape != METRIC_CUSTOM || m->samples);
		assert_true(m->shape == METRIC_CUSTOM || !m->samples);
		for (j = 0; j < i; j++) {
			assert_string_not_equal(m->name, store_metrics[j].name);
			if (m->json && store_metrics[j].json && m->shape == store_metrics[j].shape)
				assert_string_not_equal(m->json, store_metrics[j].json);
		}
	}
}

struct label_check {
	const struct metric_def *m;
	int host_label;
	int samples;
};

/* 1 when name is one of the space-separated words of list. */
static int has_word(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while ((p = strstr(p, name)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

static void check_labels(void *ctx, const char *suffix, const struct metric_label *l,
			 int n, struct metric_value v)
{
	struct label_check *c = ctx;
	int i;

	(void)suffix;
	(void)v;
	c->samples++;
	for (i = 0; i < n; i++) {
		if (c->host_label && strcmp(l[i].name, "host") == 0)
			continue;
		if (!has_word(c->m->labels, l[i].name))
			fail_msg("%s: label %s not in its row's labels \"%s\"", c->m->name,
				 l[i].name, c->m->labels);
	}
}

/* Every label a row emits is declared in its row; with something in every
 * table, every row has a sample. */
static void test_samples_match_labels(void **state)
{
	int hl;
	size_t i;

	(void)state;
	for (hl = 0; hl < 2; hl++) {
		struct store *st = full_store(hl);

		for (i = 0; i < store_metrics_n; i++) {
			struct label_check c = { &store_metrics[i], hl, 0 };

			if (!metric_present(c.m, st))
				continue;
			metric_samples(c.m, st, check_labels, &c);
			if (c.samples == 0)
				fail_msg("%s: no sample", c.m->name);
		}
		store_free(st);
	}
}

static char *render(const struct store *st, enum prom_format f)
{
	struct prom_opts o = { f, 0, "1.2.3", 0 };
	struct prom_buf b = { 0 };

	assert_int_equal(prom_render(st, &o, &b), 0);
	return b.p;
}

/* Every row of the table is in /metrics with its HELP and TYPE, in both
 * formats, in table order. */
static void test_every_row_exposed(void **state)
{
	struct store *st = full_store(1);
	char want[256];
	const char *at, *prev;
	size_t i, n;
	int f;

	(void)state;
	for (f = 0; f < 2; f++) {
		char *out = render(st, f ? PROM_FMT_OPENMETRICS : PROM_FMT_TEXT);

		prev = out;
		for (i = 0; i < store_metrics_n; i++) {
			const struct metric_def *m = &store_metrics[i];

			n = strlen(m->name);
			if (f && m->type == METRIC_COUNTER)
				n -= 6; /* OpenMetrics names the counter family without _total */
			snprintf(want, sizeof(want), "# HELP %.*s ", (int)n, m->name);
			at = strstr(out, want);
			if (!at)
				fail_msg("%s: no HELP", m->name);
			assert_true(at >= prev);
			prev = at;
			snprintf(want, sizeof(want), "\n# TYPE %.*s %s\n", (int)n, m->name,
				 metric_type_name(m->type));
			if (!strstr(out, want))
				fail_msg("%s: no TYPE %s", m->name, metric_type_name(m->type));
		}
		free(out);
	}
	store_free(st);
}

/* A counters snapshot (no ring) renders byte for byte what the live store
 * does, and a row's json key is in the summary with the row's value. */
static void test_snapshot_renders_same(void **state)
{
	struct store *st = full_store(0), *snap = store_new_ringless(0);
	char *a, *b;
	cJSON *o;
	size_t i;

	(void)state;
	store_copy_counters(snap, st);
	assert_null(snap->recent);
	a = render(st, PROM_FMT_TEXT);
	b = render(snap, PROM_FMT_TEXT);
	assert_string_equal(a, b);
	free(a);
	free(b);

	o = cJSON_CreateObject();
	assert_int_equal(json_summary_counters(o, snap), 0);
	for (i = 0; i < store_metrics_n; i++) {
		const struct metric_def *m = &store_metrics[i];

		if (!m->json || m->shape != METRIC_SCALAR)
			continue;
		assert_true(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, m->json)) ==
			    (double)metric_get(m, st, 0));
	}
	assert_true(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(o, "events_by_kind"), "oom_kill")) == 2);
	assert_true(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "reaped")) == 1);
	assert_true(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "incomplete")) == 2);
	cJSON_Delete(o);
	store_free(snap);
	store_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_well_formed),
		cmocka_unit_test(test_samples_match_labels),
		cmocka_unit_test(test_every_row_exposed),
		cmocka_unit_test(test_snapshot_renders_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
