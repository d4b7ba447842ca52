/*
 * test_store.c - the aggregation store: counters, label caps and __other__,
 * the RSS histogram, the recent ring and snapshot copies; the series
 * lookup index against a full table and after a copy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../store/store.h"
#include "helpers.h"

static void mk(struct oom_event *ev, enum ev_kind kind, const char *comm,
	       int64_t pid)
{
	event_init(ev, kind);
	if (comm)
		snprintf(ev->comm, sizeof(ev->comm), "%s", comm);
	ev->pid = pid;
}

static const struct store_series *find(const struct store_series *tab, int n,
				       int kind, int wl, const char *label)
{
	int i;

	for (i = 0; i < n; i++) {
		if (tab[i].kind == kind && tab[i].wl_type == wl &&
		    strcmp(tab[i].label, label) == 0)
			return &tab[i];
	}
	return NULL;
}

/*
 * The comm table against a model that looks every series up by a scan:
 * random kills of a few hundred names under every kind, with a label cap
 * that fills and a table that reaches its hard cap, so the one probe that
 * finds a series and tells whether its name is known under another kind
 * is compared in every state (found, known elsewhere, new, __other__).
 */
struct model_row {
	int kind;
	char label[STORE_LABEL_MAX];
	uint64_t count;
};

static int model_find(const struct model_row *m, int n, int kind, const char *label)
{
	int i;

	for (i = 0; i < n; i++)
		if (m[i].kind == kind && strcmp(m[i].label, label) == 0)
			return i;
	return -1;
}

static int model_known(const struct model_row *m, int n, const char *label)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(m[i].label, label) == 0)
			return 1;
	return 0;
}

static void test_series_against_scan_model(void **state)
{
	static struct model_row m[STORE_SERIES_MAX];
	const int reserved = EV_KIND_COUNT * WL_TYPE_COUNT;
	uint64_t rng = 0x243F6A8885A308D3ull, overflow = 0;
	int caps[] = { 5, 200, STORE_SERIES_MAX }, c, i, n, labels, kind, row;
	char name[16];
	struct oom_event ev;

	(void)state;
	for (c = 0; c < 3; c++) {
		struct store *st = store_new(caps[c]);

		assert_non_null(st);
		n = labels = 0;
		overflow = 0;
		for (i = 0; i < 20000; i++) {
			kind = (int)(th_rand64(&rng) % EV_KIND_COUNT);
			snprintf(name, sizeof(name), "p%u", (unsigned)(th_rand64(&rng) % 400));
			mk(&ev, (enum ev_kind)kind, name, i);
			store_add_event(st, &ev);
			row = model_find(m, n, kind, name);
			if (row < 0 && n < STORE_SERIES_MAX - reserved &&
			    (model_known(m, n, name) || labels < caps[c])) {
				if (!model_known(m, n, name))
					labels++;
				row = n++;
				m[row].kind = kind;
				snprintf(m[row].label, sizeof(m[row].label), "%s", name);
				m[row].count = 0;
			} else if (row < 0) {
				overflow++;
				row = model_find(m, n, kind, STORE_OTHER_LABEL);
				if (row < 0) {
					row = n++;
					m[row].kind = kind;
					snprintf(m[row].label, sizeof(m[row].label), "%s", STORE_OTHER_LABEL);
					m[row].count = 0;
				}
			}
			m[row].count++;
		}
		assert_int_equal(st->n_comm, n);
		assert_int_equal(st->n_comm_labels, labels);
		assert_int_equal(st->comm_overflow, overflow);
		for (i = 0; i < n; i++) {
			assert_int_equal(st->comm[i].kind, m[i].kind);
			assert_string_equal(st->comm[i].label, m[i].label);
			assert_int_equal(st->comm[i].count, m[i].count);
		}
		store_free(st);
	}
}

static void test_counts_by_kind_and_comm(void **state)
{
	struct store *st = store_new(0);
	struct oom_event ev;
	const struct store_series *s;
	int k;

	(void)state;
	assert_non_null(st);
	assert_int_equal(st->max_labels, STORE_DEFAULT_MAX_LABELS);
	for (k = 0; k < EV_KIND_COUNT; k++)
		assert_int_equal(st->events[k], 0);

	mk(&ev, EV_OOM_KILL, "java", 10);
	ev.time_sec = 1700000000;
	store_add_event(st, &ev);
	mk(&ev, EV_OOM_KILL, "java", 11);
	ev.time_sec = 1600000000; /* older: last time must not go back */
	store_add_event(st, &ev);
	mk(&ev, EV_MEMCG_OOM_KILL, "java", 12);
	store_add_event(st, &ev);
	mk(&ev, EV_RUNTIME_OOM, NULL, 13); /* no comm: no comm series */
	store_add_event(st, &ev);

	assert_int_equal(st->events[EV_OOM_KILL], 2);
	assert_int_equal(st->events[EV_MEMCG_OOM_KILL], 1);
	assert_int_equal(st->events[EV_RUNTIME_OOM], 1);
	assert_true(st->last_event_time[EV_OOM_KILL] == 1700000000.0);
	assert_true(st->last_event_time[EV_MEMCG_OOM_KILL] == 0.0);
	assert_int_equal(st->n_comm, 2);
	s = find(st->comm, st->n_comm, EV_OOM_KILL, 0, "java");
	assert_non_null(s);
	assert_int_equal(s->count, 2);
	assert_int_equal(s->last_time, 1700000000);
	s = find(st->comm, st->n_comm, EV_MEMCG_OOM_KILL, 0, "java");
	assert_non_null(s);
	assert_int_equal(s->count, 1);
	assert_int_equal(st->n_comm_labels, 1);
	store_free(st);
}

static void test_label_cap_other(void **state)
{
	struct store *st = store_new(3);
	struct oom_event ev;
	const struct store_series *s;
	char name[32];
	int i;

	(void)state;
	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "proc%d", i);
		mk(&ev, EV_OOM_KILL, name, 100 + i);
		store_add_event(st, &ev);
	}
	/* A known label keeps getting its own series under another kind. */
	mk(&ev, EV_MEMCG_OOM_KILL, "proc1", 1);
	store_add_event(st, &ev);
	mk(&ev, EV_MEMCG_OOM_KILL, "proc9", 1);
	store_add_event(st, &ev);

	assert_int_equal(st->n_comm_labels, 3);
	assert_non_null(find(st->comm, st->n_comm, EV_OOM_KILL, 0, "proc0"));
	assert_non_null(find(st->comm, st->n_comm, EV_OOM_KILL, 0, "proc2"));
	assert_null(find(st->comm, st->n_comm, EV_OOM_KILL, 0, "proc3"));
	s = find(st->comm, st->n_comm, EV_OOM_KILL, 0, STORE_OTHER_LABEL);
	assert_non_null(s);
	assert_int_equal(s->count, 7);
	assert_non_null(find(st->comm, st->n_comm, EV_MEMCG_OOM_KILL, 0, "proc1"));
	s = find(st->comm, st->n_comm, EV_MEMCG_OOM_KILL, 0, STORE_OTHER_LABEL);
	assert_non_null(s);
	assert_int_equal(s->count, 1);
	assert_int_equal(st->comm_overflow, 8);
	assert_int_equal(st->events[EV_OOM_KILL], 10);
	store_free(st);
}

static void test_label_hard_cap(void **state)
{
	struct store *st = store_new(100000);
	struct oom_event ev;
	char name[32];
	uint64_t sum = 0;
	int i;

	(void)state;
	assert_int_equal(st->max_labels, STORE_SERIES_MAX);
	for (i = 0; i < 3 * STORE_SERIES_MAX; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		mk(&ev, (enum ev_kind)(i % EV_KIND_COUNT), name, i);
		store_add_event(st, &ev);
	}
	assert_true(st->n_comm <= STORE_SERIES_MAX);
	for (i = 0; i < st->n_comm; i++)
		sum += st->comm[i].count;
	assert_int_equal(sum, 3 * STORE_SERIES_MAX);
	assert_true(st->comm_overflow > 0);
	store_free(st);
}

static void test_workload(void **state)
{
	struct store *st = store_new(2);
	struct oom_event ev;
	const struct store_series *s;

	(void)state;
	mk(&ev, EV_MEMCG_OOM_KILL, "nginx", 5);
	snprintf(ev.systemd_unit, sizeof(ev.systemd_unit), "nginx.service");
	snprintf(ev.container_id, sizeof(ev.container_id), "%s",
		 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	snprintf(ev.pod_uid, sizeof(ev.pod_uid), "1b2c3d4e-aaaa-bbbb-cccc-0123456789ab");
	store_add_event(st, &ev);
	s = find(st->work, st->n_work, EV_MEMCG_OOM_KILL, WL_SYSTEMD_UNIT, "nginx.service");
	assert_non_null(s);
	assert_int_equal(s->count, 1);
	/* A pod's container is a label of the pod's one series, not a
	 * series of its own: sum() over pods counts the kill once. */
	assert_null(find(st->work, st->n_work, EV_MEMCG_OOM_KILL, WL_CONTAINER, "0123456789ab"));
	s = find(st->work, st->n_work, EV_MEMCG_OOM_KILL, WL_POD,
		 "1b2c3d4e-aaaa-bbbb-cccc-0123456789ab");
	assert_non_null(s);
	assert_string_equal(s->sub, "0123456789ab");
	assert_string_equal(s->ns, "");
	/* Caps are per workload type. */
	mk(&ev, EV_MEMCG_OOM_KILL, "a", 6);
	snprintf(ev.systemd_unit, sizeof(ev.systemd_unit), "a.service");
	store_add_event(st, &ev);
	mk(&ev, EV_MEMCG_OOM_KILL, "b", 7);
	snprintf(ev.systemd_unit, sizeof(ev.systemd_unit), "b.service");
	store_add_event(st, &ev);
	assert_null(find(st->work, st->n_work, EV_MEMCG_OOM_KILL, WL_SYSTEMD_UNIT, "b.service"));
	s = find(st->work, st->n_work, EV_MEMCG_OOM_KILL, WL_SYSTEMD_UNIT, STORE_OTHER_LABEL);
	assert_non_null(s);
	assert_int_equal(s->count, 1);
	assert_int_equal(st->work_overflow, 1);
	assert_string_equal(store_workload_name(WL_POD), "pod");
	store_free(st);
}

/* Names from the pods tree key the pod series; a container outside any pod
 * has a container series; two containers of one pod are two series. */
static void test_pod_names(void **state)
{
	struct store *st = store_new(0);
	struct oom_event ev;
	const struct store_series *s;
	int i, pods = 0, containers = 0;

	(void)state;
	for (i = 0; i < 3; i++) {
		mk(&ev, EV_MEMCG_OOM_KILL, "redis-server", 10 + i);
		snprintf(ev.pod_uid, sizeof(ev.pod_uid), "6d5c4b3a-2f1e-4d0c-8b9a-7f6e5d4c3b2a");
		snprintf(ev.container_id, sizeof(ev.container_id), "5c2a1e9f8d7b6a5c");
		snprintf(ev.k8s_namespace, sizeof(ev.k8s_namespace), "shop");
		snprintf(ev.k8s_pod, sizeof(ev.k8s_pod), "cart-7d4b9");
		snprintf(ev.k8s_container, sizeof(ev.k8s_container), i == 2 ? "app" : "redis");
		store_add_event(st, &ev);
	}
	mk(&ev, EV_MEMCG_OOM_KILL, "java", 20);
	snprintf(ev.container_id, sizeof(ev.container_id), "abcdefabcdefabcdef");
	store_add_event(st, &ev);
	for (i = 0; i < st->n_work; i++) {
		pods += st->work[i].wl_type == WL_POD ? (int)st->work[i].count : 0;
		containers += st->work[i].wl_type == WL_CONTAINER ? (int)st->work[i].count : 0;
	}
	assert_int_equal(pods, 3);
	assert_int_equal(containers, 1);
	s = find(st->work, st->n_work, EV_MEMCG_OOM_KILL, WL_POD, "cart-7d4b9");
	assert_non_null(s);
	assert_string_equal(s->ns, "shop");
	assert_string_equal(s->sub, "redis");
	assert_int_equal(s->count, 2);
	s = find(st->work, st->n_work, EV_MEMCG_OOM_KILL, WL_CONTAINER, "abcdefabcdef");
	assert_non_null(s);
	assert_int_equal(s->count, 1);
	store_free(st);
}

static void test_histogram(void **state)
{
	struct store *st = store_new(0);
	struct oom_event ev;
	int i;

	(void)state;
	for (i = 1; i < STORE_RSS_BUCKETS; i++)
		assert_true(store_rss_bounds[i] > store_rss_bounds[i - 1]);
	assert_true(store_rss_bounds[STORE_RSS_BUCKETS - 1] > 1e300);

	mk(&ev, EV_OOM_KILL, "a", 1);
	ev.anon_rss_kb = 512; /* 512 KiB: first bucket */
	store_add_event(st, &ev);
	mk(&ev, EV_OOM_KILL, "a", 2);
	ev.anon_rss_kb = 3000; /* ~2.9 MiB: <= 4 MiB */
	ev.file_rss_kb = 0;
	store_add_event(st, &ev);
	mk(&ev, EV_OOM_KILL, "a", 3); /* no RSS: not in the histogram */
	store_add_event(st, &ev);
	mk(&ev, EV_ALLOC_FAILURE, "a", 4); /* not a kill */
	ev.anon_rss_kb = 1;
	store_add_event(st, &ev);

	assert_int_equal(st->rss_count, 2);
	assert_int_equal(st->rss_bucket[0], 1);
	assert_int_equal(st->rss_bucket[2], 1); /* 2 MiB */
	assert_int_equal(st->rss_bucket[3], 2); /* 3 MiB */
	assert_int_equal(st->rss_bucket[STORE_RSS_BUCKETS - 1], 2);
	assert_true(st->rss_sum_bytes == (512.0 + 3000.0) * 1024.0);
	store_free(st);
}

/*
 * The buckets are fine enough for histogram_quantile: one 8.8 GiB victim
 * gives a p95 within 40% of its size (the old x4 buckets said 15.9 GB).
 */
static void test_histogram_resolution(void **state)
{
	struct store *st = store_new(0);
	struct oom_event ev;
	double rss = 8.8 * 1073741824.0, lo = 0, q;
	int i;

	(void)state;
	mk(&ev, EV_OOM_KILL, "big", 1);
	ev.anon_rss_kb = (int64_t)(rss / 1024);
	store_add_event(st, &ev);
	for (i = 0; i < STORE_RSS_BUCKETS && st->rss_bucket[i] == 0; i++)
		lo = store_rss_bounds[i];
	assert_true(i < STORE_RSS_BUCKETS - 1);
	/* Prometheus interpolates linearly inside the bucket. */
	q = lo + (store_rss_bounds[i] - lo) * 0.95;
	assert_true(q >= rss);
	assert_true(q < rss * 1.4);
	/* Each step is at most x1.5. */
	for (i = 1; i < STORE_RSS_BUCKETS - 1; i++)
		assert_true(store_rss_bounds[i] <= store_rss_bounds[i - 1] * 1.5);
	store_free(st);
}

/* A kill counted before its reaper line: the amendment marks the newest
 * kill of that host and pid reaped and counts it once; one for a kill not in
 * the ring (filtered out, or another host's) counts nothing. */
static void test_amend_reaped(void **state)
{
	struct store *st = store_new(0);
	struct oom_event ev;
	struct oom_amend a;
	int first, n;

	(void)state;
	assert_non_null(st);
	mk(&ev, EV_MEMCG_OOM_KILL, "w", 77);
	snprintf(ev.host, sizeof(ev.host), "node-a");
	store_add_event(st, &ev);
	mk(&ev, EV_OOM_KILL, "w", 77);
	snprintf(ev.host, sizeof(ev.host), "node-b");
	store_add_event(st, &ev);
	assert_int_equal(st->reaped, 0);

	memset(&a, 0, sizeof(a));
	a.pid = 77;
	snprintf(a.host, sizeof(a.host), "node-a");
	assert_int_equal(store_amend_reaped(st, &a), 1);
	assert_int_equal(st->reaped, 1);
	assert_int_equal(store_amend_reaped(st, &a), 1); /* already marked */
	assert_int_equal(st->reaped, 1);
	n = store_recent(st, &first);
	assert_int_equal(n, 2);
	assert_true(st->recent[first].reaped);
	assert_false(st->recent[first + 1].reaped);

	snprintf(a.host, sizeof(a.host), "node-c");
	assert_int_equal(store_amend_reaped(st, &a), 0);
	a.pid = 78;
	snprintf(a.host, sizeof(a.host), "node-b");
	assert_int_equal(store_amend_reaped(st, &a), 0);
	assert_int_equal(st->reaped, 1);
	store_free(st);
}

static void test_ring_wrap_and_copy(void **state)
{
	struct store *st = store_new(0);
	struct store *cp = store_new(0);
	struct oom_event ev;
	struct oom_note note;
	int first, n, i;

	(void)state;
	n = store_recent(st, &first);
	assert_int_equal(n, 0);
	for (i = 0; i < 5; i++) {
		mk(&ev, EV_OOM_KILL, "x", i);
		store_add_event(st, &ev);
	}
	n = store_recent(st, &first);
	assert_int_equal(n, 5);
	assert_int_equal(first, 0);
	assert_int_equal(st->recent[first].pid, 0);

	for (i = 5; i < STORE_RECENT_MAX + 10; i++) {
		mk(&ev, EV_OOM_KILL, "x", i);
		store_add_event(st, &ev);
	}
	n = store_recent(st, &first);
	assert_int_equal(n, STORE_RECENT_MAX);
	assert_int_equal(st->recent[first].pid, 10);
	assert_int_equal(st->recent[(first + n - 1) % STORE_RECENT_MAX].pid,
			 STORE_RECENT_MAX + 9);

	memset(&note, 0, sizeof(note));
	note.type = NOTE_INCOMPLETE;
	store_add_note(st, &note);
	note.type = NOTE_UNRECOGNISED;
	store_add_note(st, &note);
	store_add_note(st, &note);
	assert_int_equal(st->incomplete, 1);
	assert_int_equal(st->unrecognised, 2);

	assert_non_null(store_source(st, "kmsg"));
	store_source(st, "kmsg")->lines = 42;
	store_copy(cp, st);
	/* The copy is independent of the live store. */
	store_add_event(st, &ev);
	store_source(st, "kmsg")->lines++;
	assert_int_equal(cp->events[EV_OOM_KILL], STORE_RECENT_MAX + 10);
	assert_int_equal(st->events[EV_OOM_KILL], STORE_RECENT_MAX + 11);
	assert_int_equal(cp->n_sources, 1);
	assert_int_equal(cp->sources[0].lines, 42);
	assert_int_equal(cp->unrecognised, 2);
	store_free(cp);
	store_free(st);
}

static void test_sources_cap(void **state)
{
	struct store *st = store_new(0);
	char name[300];
	int i;
	struct store_source *other;
	struct store_counts c = { .lines = 5, .bytes = 50 };

	(void)state;
	for (i = 0; i < STORE_SOURCES_MAX - 1; i++) {
		snprintf(name, sizeof(name), "/var/log/f%d", i);
		assert_ptr_equal(store_source(st, name), &st->sources[i]);
	}
	/* Past the cap every new name shares one row: its lines still count,
	 * and it is up only while every source in it is. */
	other = store_source(st, "/one/too/many");
	assert_ptr_equal(other, &st->sources[STORE_SOURCES_MAX - 1]);
	assert_string_equal(other->name, STORE_OTHER_LABEL);
	assert_int_equal(other->up, 1);
	assert_ptr_equal(store_source(st, "/two/too/many"), other);
	assert_int_equal(st->n_sources, STORE_SOURCES_MAX);
	assert_int_equal(store_add_counts(st, store_source(st, "/one/too/many"), &c), 1);
	assert_int_equal(store_add_counts(st, store_source(st, "/two/too/many"), &c), 1);
	assert_int_equal(other->lines, 10);
	assert_int_equal(other->bytes, 100);
	store_source_health(store_source(st, "/one/too/many"), 1, 0);
	store_source_health(store_source(st, "/two/too/many"), 0, 0);
	store_source_health(store_source(st, "/three/too/many"), 1, 0);
	assert_int_equal(other->up, 0);
	assert_ptr_equal(store_source(st, "/var/log/f3"), &st->sources[3]);
	store_free(st);

	/* A name longer than the slot is cut, and found again. */
	st = store_new(0);
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_ptr_equal(store_source(st, name), store_source(st, name));
	assert_int_equal(st->n_sources, 1);
	store_free(st);
}

/* A counters snapshot carries no ring: its copy costs the counters and the
 * used series rows only, and it answers the same counts. */
static void test_counters_snapshot_has_no_ring(void **state)
{
	struct store *st = store_new(0);
	struct store *cp = store_new_ringless(0);
	struct oom_event ev;
	int first, i;

	(void)state;
	assert_non_null(st->recent);
	assert_null(cp->recent);
	for (i = 0; i < STORE_RECENT_MAX + 3; i++) {
		mk(&ev, EV_OOM_KILL, i % 2 ? "a" : "b", i);
		store_add_event(st, &ev);
	}
	/* Rows past the used ones must stay as they were (not copied). */
	memset(&cp->comm[5], 0x5a, sizeof(cp->comm[5]));
	store_copy_counters(cp, st);
	assert_null(cp->recent);
	assert_int_equal(store_recent(cp, &first), 0);
	assert_int_equal(cp->recent_total, STORE_RECENT_MAX + 3);
	assert_int_equal(cp->events[EV_OOM_KILL], STORE_RECENT_MAX + 3);
	assert_int_equal(cp->n_comm, 2);
	assert_string_equal(cp->comm[0].label, "b");
	assert_int_equal(cp->comm[1].count, (STORE_RECENT_MAX + 3) / 2);
	assert_int_equal(((unsigned char *)&cp->comm[5])[0], 0x5a);
	/* A ring-less store counts events all the same. */
	store_add_event(cp, &ev);
	assert_int_equal(cp->events[EV_OOM_KILL], STORE_RECENT_MAX + 4);
	store_free(cp);
	store_free(st);
}

/* store_publish brings an earlier copy up to date with only the new ring
 * slots, and ends equal to a whole copy, across the ring's wrap. */
static void test_publish_incremental(void **state)
{
	struct store *st = store_new(0), *pub = store_new(0), *whole = store_new(0);
	struct oom_event ev;
	int step, i, n, first, n2, first2;

	(void)state;
	for (step = 0; step < 6; step++) {
		int add = step == 3 ? STORE_RECENT_MAX + 7 : 37 * step + 1;

		for (i = 0; i < add; i++) {
			mk(&ev, EV_OOM_KILL, "x", (int64_t)st->recent_total);
			store_add_event(st, &ev);
		}
		store_publish(pub, st);
		store_copy(whole, st);
		n = store_recent(pub, &first);
		n2 = store_recent(whole, &first2);
		assert_int_equal(n, n2);
		assert_int_equal(first, first2);
		assert_int_equal(pub->recent_total, st->recent_total);
		for (i = 0; i < n; i++)
			assert_int_equal(pub->recent[(first + i) % STORE_RECENT_MAX].pid,
					 (int64_t)(st->recent_total - (uint64_t)n + (uint64_t)i));
		assert_int_equal(pub->events[EV_OOM_KILL], st->events[EV_OOM_KILL]);
	}
	/* A kill amended in place (its reaper line came after it was
	 * published) reaches the next publish though no slot was added. */
	{
		struct oom_amend a;
		int64_t pid = (int64_t)st->recent_total - 5;

		memset(&a, 0, sizeof(a));
		a.pid = pid;
		assert_int_equal(store_amend_reaped(st, &a), 1);
		store_publish(pub, st);
		n = store_recent(pub, &first);
		for (i = 0; i < n; i++) {
			const struct oom_event *e = &pub->recent[(first + i) % STORE_RECENT_MAX];

			assert_int_equal(e->reaped, e->pid == pid);
		}
		assert_int_equal(pub->reaped, 1);
		assert_int_equal(st->recent_changed, 0);
	}
	/* The events API's copy: the ring only. */
	store_free(whole);
	whole = store_new(0);
	store_copy_recent(whole, st);
	assert_int_equal(whole->recent_total, st->recent_total);
	assert_int_equal(whole->events[EV_OOM_KILL], 0);
	assert_int_equal(store_recent(whole, &first), STORE_RECENT_MAX);
	assert_int_equal(whole->recent[first].pid, (int64_t)(st->recent_total - STORE_RECENT_MAX));
	store_free(whole);
	store_free(pub);
	store_free(st);
}

/* A full table of series (every label in every kind) is found again row
 * for row through the index, and a copy (which does not carry the index)
 * finds its own rows when it counts more. */
static void test_index_full_table_and_copy(void **state)
{
	struct store *st = store_new(STORE_SERIES_MAX), *cp = store_new_ringless(0);
	const struct store_series *s;
	struct oom_event ev;
	char comm[16];
	int i, round, n;

	(void)state;
	assert_non_null(st);
	assert_non_null(cp);
	for (round = 0; round < 2; round++)
		for (i = 0; i < STORE_SERIES_MAX; i++) {
			snprintf(comm, sizeof(comm), "w%d", i / 2);
			mk(&ev, i % 2 ? EV_OOM_KILL : EV_MEMCG_OOM_KILL, comm, i);
			store_add_event(st, &ev);
		}
	n = st->n_comm;
	/* Rows past the reserve for __other__ joined it, twice as often. */
	assert_true(n > STORE_SERIES_MAX - 2 * EV_KIND_COUNT * WL_TYPE_COUNT);
	for (i = 0; i < n; i++)
		if (strcmp(st->comm[i].label, STORE_OTHER_LABEL) != 0)
			assert_int_equal(st->comm[i].count, 2);
	store_copy_counters(cp, st);
	mk(&ev, EV_OOM_KILL, "w7", 1);
	store_add_event(cp, &ev);
	s = find(cp->comm, cp->n_comm, EV_OOM_KILL, 0, "w7");
	assert_non_null(s);
	assert_int_equal(s->count, 3);
	assert_int_equal(cp->n_comm, n);
	s = find(st->comm, st->n_comm, EV_OOM_KILL, 0, "w7");
	assert_int_equal(s->count, 2);
	store_free(cp);
	store_free(st);
}

/*
 * A store is cleared only up to its tables: whatever its table and
 * index memory holds (0xa5 here), it counts like a zeroed store, filled
 * directly (the state file's scratch store) or after a copy (a scrape's
 * snapshot) and counting on.
 */
static void test_counters_store_on_dirty_memory(void **state)
{
	struct store *ref = store_new_ringless(0), *cp = store_new_ringless(0), *fresh = store_new_ringless(0);
	const size_t head = offsetof(struct store, comm);
	struct oom_event ev;
	char comm[16];
	int i;

	(void)state;
	assert_non_null(ref);
	assert_non_null(cp);
	assert_non_null(fresh);
	memset((char *)cp + head, 0xa5, sizeof(*cp) - head);
	memset((char *)fresh + head, 0xa5, sizeof(*fresh) - head);
	/* the copy's index is stale until a lookup rebuilds it */
	cp->idx_rows[0] = cp->idx_rows[1] = cp->idx_rows[2] = -1;
	fresh->idx_rows[0] = fresh->idx_rows[1] = fresh->idx_rows[2] = -1;
	for (i = 0; i < 300; i++) {
		snprintf(comm, sizeof(comm), "p%d", i % 37);
		mk(&ev, i % 3 ? EV_OOM_KILL : EV_MEMCG_OOM_KILL, comm, i);
		snprintf(ev.systemd_unit, sizeof(ev.systemd_unit), "u%d.service", i % 11);
		store_add_event(ref, &ev);
		store_add_event(fresh, &ev);
		if (i == 150)
			store_copy_counters(cp, ref);
		else if (i > 150)
			store_add_event(cp, &ev);
	}
	for (i = 0; i < 2; i++) {
		const struct store *t = i ? cp : fresh;

		assert_memory_equal(t->events, ref->events, sizeof(ref->events));
		assert_int_equal(t->n_comm, ref->n_comm);
		assert_memory_equal(t->comm, ref->comm, (size_t)ref->n_comm * sizeof(ref->comm[0]));
		assert_int_equal(t->n_work, ref->n_work);
		assert_memory_equal(t->work, ref->work, (size_t)ref->n_work * sizeof(ref->work[0]));
		assert_memory_equal(t->rss_bucket, ref->rss_bucket, sizeof(ref->rss_bucket));
	}
	store_free(ref);
	store_free(cp);
	store_free(fresh);
}

/*
 * A store without the ring counts as one with it: the same counters, tables
 * and histogram (each bucket holding every size at or below its bound, sizes
 * on and around the bounds included), and no recent events.
 */
static void test_ringless_counts_the_same(void **state)
{
	struct store *a = store_new(STORE_SERIES_MAX), *b = store_new_ringless(STORE_SERIES_MAX);
	struct oom_event ev;
	uint64_t want[STORE_RSS_BUCKETS] = { 0 };
	char comm[16];
	int i, j, first;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_null(b->recent);
	for (i = 0; i < 3 * STORE_RSS_BUCKETS; i++) {
		int64_t kb = (int64_t)(store_rss_bounds[i % (STORE_RSS_BUCKETS - 1)] / 1024.0) + i % 3 - 1;

		snprintf(comm, sizeof(comm), "p%d", i % 7);
		mk(&ev, i % 5 ? EV_OOM_KILL : EV_MEMCG_OOM_KILL, comm, i);
		ev.anon_rss_kb = kb;
		snprintf(ev.systemd_unit, sizeof(ev.systemd_unit), "u%d.service", i % 4);
		store_add_event(a, &ev);
		store_add_event(b, &ev);
		for (j = 0; j < STORE_RSS_BUCKETS; j++)
			if ((double)kb * 1024.0 <= store_rss_bounds[j])
				want[j]++;
	}
	assert_memory_equal(b->rss_bucket, want, sizeof(want));
	assert_memory_equal(a->rss_bucket, b->rss_bucket, sizeof(want));
	assert_memory_equal(a->events, b->events, sizeof(a->events));
	assert_int_equal(a->n_comm, b->n_comm);
	assert_memory_equal(a->comm, b->comm, (size_t)a->n_comm * sizeof(a->comm[0]));
	assert_int_equal(a->n_work, b->n_work);
	assert_memory_equal(a->work, b->work, (size_t)a->n_work * sizeof(a->work[0]));
	assert_int_equal(store_recent(a, &first), STORE_RECENT_MAX < 3 * STORE_RSS_BUCKETS ? STORE_RECENT_MAX : 3 * STORE_RSS_BUCKETS);
	assert_int_equal(store_recent(b, &first), 0);
	store_free(a);
	store_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_by_kind_and_comm),
		cmocka_unit_test(test_series_against_scan_model),
		cmocka_unit_test(test_amend_reaped),
		cmocka_unit_test(test_label_cap_other),
		cmocka_unit_test(test_label_hard_cap),
		cmocka_unit_test(test_workload),
		cmocka_unit_test(test_histogram),
		cmocka_unit_test(test_histogram_resolution),
		cmocka_unit_test(test_pod_names),
		cmocka_unit_test(test_ring_wrap_and_copy),
		cmocka_unit_test(test_sources_cap),
		cmocka_unit_test(test_counters_snapshot_has_no_ring),
		cmocka_unit_test(test_counters_store_on_dirty_memory),
		cmocka_unit_test(test_publish_incremental),
		cmocka_unit_test(test_index_full_table_and_copy),
		cmocka_unit_test(test_ringless_counts_the_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
