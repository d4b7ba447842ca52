/*
 * test_json.c - unit tests for exporter/json.c's compact printer: the same
 * bytes as cJSON_PrintUnformatted on random trees (numbers of every
 * magnitude, integral and not, NaN and infinities, strings with every byte,
 * raw items, nesting) and on an event, and json_print's UTF-8 fix on top;
 * the event writer without a tree (json_event_append) against
 * json_print(json_event()) on random events.
 *
 * Single-threaded test program.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../core/diagnosis.h"
#include "../../core/text.h"
#include "../../exporter/json.h"
#include "../../store/store.h"
#include "helpers.h"

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
	return th_rand64(&rng);
}

static double random_number(void)
{
	static const double fixed[] = {
		0.0, -0.0, 1.0, -1.0, 2147483647.0, 2147483648.0, -2147483648.0,
		-2147483649.0, 999999999999999.0, 1e15, 1e15 + 1, 9007199254740993.0,
		0.1, 1.0 / 3.0, 880211.530118, 1e-7, 1e300, -1e-300, 5e-324,
	};
	uint64_t r = next();
	double d;

	switch (r % 6) {
	case 0:
		return fixed[(r >> 8) % (sizeof(fixed) / sizeof(fixed[0]))];
	case 1:
		return (double)(int64_t)(next() >> (r >> 8) % 64) * ((r & 0x100) ? -1 : 1);
	case 2:
		return (double)(next() % 100000000) / 1000000.0;
	case 3:
		memcpy(&d, &(uint64_t){ next() }, sizeof(d));
		return d; /* any bit pattern: NaN, infinities, subnormals */
	case 4:
		return ldexp((double)(next() % 1000000), (int)(r % 120) - 60);
	default:
		return (double)(int64_t)(next() % 2000000000000000ULL) - 1e15;
	}
}

static void random_string(char *s, size_t cap)
{
	size_t n = next() % cap, i;

	for (i = 0; i < n; i++) {
		s[i] = (char)(next() % 255 + 1); /* every byte but NUL */
		if (next() % 3 == 0)
			s[i] = "ab\"\\\b\f\n\r\t\x01\x1f\x7f \xc3\xa9"[next() % 16];
		if (!s[i])
			s[i] = 'z';
	}
	s[n] = '\0';
}

static cJSON *random_tree(int depth)
{
	char s[64], key[16];
	cJSON *o;
	int i, n;

	switch (next() % (depth > 3 ? 5 : 8)) {
	case 0:
		return cJSON_CreateNumber(random_number());
	case 1:
		random_string(s, sizeof(s));
		return cJSON_CreateString(s);
	case 2:
		return cJSON_CreateBool(next() & 1);
	case 3:
		return cJSON_CreateNull();
	case 4:
		snprintf(s, sizeof(s), "%lld", (long long)(int64_t)next());
		return cJSON_CreateRaw(s);
	case 5:
	case 6:
		o = cJSON_CreateObject();
		n = (int)(next() % 5);
		for (i = 0; i < n; i++) {
			random_string(key, sizeof(key));
			cJSON_AddItemToObject(o, key, random_tree(depth + 1));
		}
		return o;
	default:
		o = cJSON_CreateArray();
		n = (int)(next() % 5);
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(o, random_tree(depth + 1));
		return o;
	}
}

/* 20,000 random trees print the same bytes through both printers. */
static void test_compact_as_cjson(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		cJSON *t = random_tree(0);
		char *want = cJSON_PrintUnformatted(t);
		char *got = json_print_compact(t);

		assert_non_null(want);
		assert_non_null(got);
		if (strcmp(want, got) != 0)
			fail_msg("tree %d: cJSON %s, ours %s", i, want, got);
		free(want);
		free(got);
		cJSON_Delete(t);
	}
}

/* json_print, formatted and not, gives text_json_fix over cJSON's own
 * printers on 20,000 random trees (strings of any byte). */
static void test_print_as_cjson_fixed(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		cJSON *t = random_tree(0);
		int fmt = i % 2;
		char *raw = fmt ? cJSON_Print(t) : cJSON_PrintUnformatted(t), *want, *got;
		size_t wn = 0, gn = 0;

		assert_non_null(raw);
		want = text_json_fix(raw, strlen(raw), &wn);
		got = json_print(t, fmt, &gn);
		assert_non_null(want);
		assert_non_null(got);
		if (wn != gn || strcmp(want, got) != 0)
			fail_msg("tree %d (formatted %d): cJSON %s, ours %s", i, fmt, want, got);
		free(raw);
		free(want);
		free(got);
		cJSON_Delete(t);
	}
}

/* An event with every number field and a diagnosis, as the jsonl output
 * writes it, and json_print's fix of a byte that is not UTF-8. */
static void test_event_and_fix(void **state)
{
	struct oom_event ev;
	cJSON *o;
	char *want, *got, *fixed;
	size_t n;

	(void)state;
	event_init(&ev, EV_MEMCG_OOM_KILL);
	ev.line = 12;
	ev.pid = 4242;
	ev.uptime_usec = 880211530118;
	ev.time_sec = 1772619462;
	ev.anon_rss_kb = INT64_C(1) << 54; /* past 2^53: written digit for digit */
	ev.file_rss_kb = 3120;
	snprintf(ev.comm, sizeof(ev.comm), "w\xff\"x");
	snprintf(ev.host, sizeof(ev.host), "node-a");
	o = json_event(&ev);
	assert_non_null(o);
	want = cJSON_PrintUnformatted(o);
	got = json_print_compact(o);
	assert_string_equal(got, want);
	fixed = json_print(o, 0, &n);
	assert_non_null(fixed);
	assert_int_equal(n, strlen(fixed));
	assert_non_null(strstr(fixed, "\"comm\":\"w\xef\xbf\xbd\\\"x\""));
	assert_non_null(strstr(fixed, "\"anon_rss_kb\":18014398509481984"));
	free(want);
	free(got);
	free(fixed);
	cJSON_Delete(o);
}

/* A raw item without text and a tree too deep are errors, not output. */
static void test_errors(void **state)
{
	cJSON *raw = cJSON_CreateRaw("1"), *deep = cJSON_CreateArray(), *a = deep;
	int i;

	(void)state;
	free(raw->valuestring);
	raw->valuestring = NULL;
	assert_null(json_print_compact(raw));
	cJSON_Delete(raw);
	for (i = 0; i < 70; i++) {
		cJSON *b = cJSON_CreateArray();

		cJSON_AddItemToArray(a, b);
		a = b;
	}
	assert_null(json_print_compact(deep));
	cJSON_Delete(deep);
}

/* Bytes a string field may hold: anything but NUL, with the hard cases
 * (quotes, controls, stored NULs, UTF-8 good, cut and bad) often. */
static void random_field(char *s, size_t cap)
{
	static const char *const bits[] = {
		"\"", "\\\\", "\n", "\x01", "\x1f", "\x7f", "\xc0\x80", "\xc3\xa9", "\xe2\x82\xac",
		"\xf0\x9f\x98\x80", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc1", "\xff",
		"\xc0", "kernel", "GFP_ATOMIC", "Java heap space", "paging file", "fork", "pressure",
	};
	size_t n = 0, want = next() % cap, k;

	if (next() % 4 == 0)
		want = 0;
	while (n < want) {
		const char *b = bits[next() % (sizeof(bits) / sizeof(bits[0]))];
		char c = (char)(next() % 255 + 1);

		if (next() % 2) {
			b = &c;
			k = 1;
		} else {
			k = strlen(b);
		}
		if (n + k >= cap)
			break;
		memcpy(s + n, b, k);
		n += k;
	}
	s[n] = '\0';
}

static const char *pick(const char *const *v, size_t n)
{
	return v[next() % n];
}

#define PICK(v) pick((v), sizeof(v) / sizeof((v)[0]))

static int64_t random_int(void)
{
	static const int64_t edge[] = {
		0, 1, -1, 99, 100, 999999, 1000000, 1000001, INT64_C(999999999999999),
		INT64_C(1000000000000000), INT64_C(1000000000000001), INT64_C(9007199254740992),
		INT64_C(9007199254740993), -INT64_C(9007199254740993), INT64_MAX, INT64_MIN + 1,
		EV_NONE,
	};
	uint64_t r = next();

	switch (r % 4) {
	case 0:
		return edge[(r >> 8) % (sizeof(edge) / sizeof(edge[0]))];
	case 1:
		return EV_NONE;
	case 2:
		return (int64_t)(next() % 100000000);
	default:
		return (int64_t)(next() >> (r >> 8) % 64) * ((r & 0x100) ? -1 : 1);
	}
}

/* Any bytes after the string's NUL up to the end of its array: the
 * writer may read them (it looks at arrays sixteen bytes at a time) but
 * must write the same text whatever they are. */
static void junk_tail(char *s, size_t cap)
{
	size_t i;

	for (i = strlen(s) + 1; i < cap; i++)
		s[i] = (char)(next() % 4 ? "\"\\\x01\xc3 a"[next() % 6] : (char)next());
}

#define JUNK(f) junk_tail((f), sizeof(f))

/* An event with every field random: strings of any bytes or of the values
 * the diagnosis tests for, integers of every size, absent or not. */
static void random_event(struct oom_event *ev)
{
	static const char *const killers[] = { "", "kernel", "systemd-oomd", "earlyoom", "lmkd", "lowmemorykiller" };
	static const char *const runtimes[] = { "", "kernel", "jvm", "linux", "redis", "node", "php" };
	static const char *const constraints[] = { "", "CONSTRAINT_NONE", "CONSTRAINT_MEMCG", "CONSTRAINT_CPUSET" };
	static const char *const gfps[] = { "", "0x100cca", "0xa20", "0x40cc0", "zz" };
	char path[600];
	int i;

	event_init(ev, (enum ev_kind)(next() % EV_KIND_COUNT));
	ev->source = next() % 8 ? "/var/log/kern.log" : NULL;
	ev->line = random_int();
	random_field(ev->host, sizeof(ev->host));
	ev->time_sec = next() % 3 ? (int64_t)(next() % 4000000000ULL) : EV_NONE;
	ev->time_nsec = next() % 2 ? (int)(next() % 1000000000) : 0;
	ev->time_year_assumed = (int)(next() % 2);
	ev->uptime_usec = random_int();
	if (next() % 3 == 0)
		ev->uptime_usec = (int64_t)(next() % 1000000000000ULL);
	ev->pid = random_int();
	random_field(ev->comm, 16);
	ev->uid = random_int();
	ev->trigger_pid = random_int();
	random_field(ev->trigger_comm, 16);
	snprintf(ev->gfp_mask, sizeof(ev->gfp_mask), "%s", PICK(gfps));
	ev->order = next() % 2 ? (int64_t)(next() % 11) : random_int();
	snprintf(ev->constraint, sizeof(ev->constraint), "%s", PICK(constraints));
	for (i = 0; i < 2; i++) {
		random_field(path, next() % 4 ? 64 : sizeof(path));
		event_set_memcg(ev, i ? EV_TASK_MEMCG : EV_OOM_MEMCG, path, strlen(path));
	}
	random_field(ev->container_id, sizeof(ev->container_id));
	random_field(ev->pod_uid, sizeof(ev->pod_uid));
	random_field(ev->pod_qos, sizeof(ev->pod_qos));
	random_field(ev->systemd_unit, sizeof(ev->systemd_unit));
	random_field(ev->k8s_namespace, sizeof(ev->k8s_namespace));
	random_field(ev->k8s_pod, sizeof(ev->k8s_pod));
	random_field(ev->k8s_container, sizeof(ev->k8s_container));
	ev->total_vm_kb = random_int();
	ev->anon_rss_kb = random_int();
	ev->file_rss_kb = random_int();
	ev->shmem_rss_kb = random_int();
	ev->pgtables_kb = random_int();
	ev->oom_score_adj = random_int();
	ev->score = random_int();
	ev->reaped = (int)(next() % 2);
	ev->swap_total_kb = next() % 2 ? (int64_t)(next() % 3) * 1000 : random_int();
	ev->swap_free_kb = next() % 2 ? (int64_t)(next() % 3) * 10 : random_int();
	ev->memcg_usage_kb = random_int();
	ev->memcg_limit_kb = random_int();
	snprintf(ev->killer, sizeof(ev->killer), "%s", PICK(killers));
	ev->requested_bytes = random_int();
	ev->errno_code = next() % 4 ? EV_NONE : 1455;
	snprintf(ev->runtime, sizeof(ev->runtime), "%s", PICK(runtimes));
	random_field(ev->detail, sizeof(ev->detail));
	ev->n_consumers = (int)(next() % (EV_MAX_CONSUMERS + 2));
	for (i = 0; i < EV_MAX_CONSUMERS; i++) {
		random_field(ev->consumers[i].name, sizeof(ev->consumers[i].name));
		ev->consumers[i].pid = random_int();
		ev->consumers[i].bytes = random_int();
	}
	ev->cut = (unsigned)(next() % 2);
	if (next() % 2) {
		JUNK(ev->host);
		JUNK(ev->comm);
		JUNK(ev->trigger_comm);
		JUNK(ev->gfp_mask);
		JUNK(ev->constraint);
		JUNK(ev->oom_memcg);
		JUNK(ev->task_memcg);
		JUNK(ev->container_id);
		JUNK(ev->pod_uid);
		JUNK(ev->pod_qos);
		JUNK(ev->systemd_unit);
		JUNK(ev->k8s_namespace);
		JUNK(ev->k8s_pod);
		JUNK(ev->k8s_container);
		JUNK(ev->killer);
		JUNK(ev->runtime);
		JUNK(ev->detail);
		for (i = 0; i < EV_MAX_CONSUMERS; i++)
			JUNK(ev->consumers[i].name);
	}
}

/* 20,000 random events: the writer without a tree gives the bytes of the
 * tree printed and fixed, with its own diagnosis or one given, into a
 * buffer reused from event to event. */
static void test_event_append_as_tree(void **state)
{
	struct json_buf b = { NULL, 0, 0, 0 };
	struct oom_event ev;
	struct diagnosis d;
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		cJSON *o;
		char *want;
		size_t n = 0, start;

		random_event(&ev);
		if (i % 7 == 0) {
			/* a consumer with nothing known: an empty object */
			ev.n_consumers = 1 + i % EV_MAX_CONSUMERS;
			ev.consumers[0].name[0] = '\0';
			ev.consumers[0].pid = ev.consumers[0].bytes = EV_NONE;
		}
		o = json_event(&ev);
		assert_non_null(o);
		want = json_print(o, 0, &n);
		assert_non_null(want);
		/* after text already held, as the batch holds many events */
		b.n = 0;
		if (i % 3 == 0)
			assert_int_equal(json_buf_put(&b, ",\n    ", 6), 0);
		start = b.n;
		if (i % 2) {
			diagnose(&ev, &d);
			JUNK(d.summary);
			JUNK(d.evidence);
			JUNK(d.remedy);
			assert_int_equal(json_event_append(&b, &ev, &d), 0);
		} else {
			assert_int_equal(json_event_append(&b, &ev, NULL), 0);
		}
		if (b.n - start != n || memcmp(b.p + start, want, n) != 0 ||
		    (start && memcmp(b.p, ",\n    ", 6) != 0))
			fail_msg("event %d: tree %s, writer %.*s", i, want, (int)b.n, b.p);
		free(want);
		cJSON_Delete(o);
	}
	json_buf_free(&b);
	assert_null(b.p);
}

/* Every string field filled to its array's end with plain bytes, every
 * number at its longest, every consumer: the event that takes the most of
 * the writer's room for bounded writes (json_event_append aborts past it),
 * written as the tree prints it, for every kind, with the killer's own
 * field full and as "kernel" (which adds "reaped"). */
#define FILL(f) (memset((f), 'a', sizeof(f) - 1), (f)[sizeof(f) - 1] = '\0')
static void test_event_append_fullest(void **state)
{
	struct json_buf b = { NULL, 0, 0, 0 };
	struct oom_event ev;
	struct diagnosis d;
	const int64_t big = INT64_MIN + 1;
	int kind, kernel, i;

	(void)state;
	for (kind = 0; kind < EV_KIND_COUNT; kind++)
		for (kernel = 0; kernel < 2; kernel++) {
			cJSON *o;
			char *want;
			size_t n = 0;

			event_init(&ev, (enum ev_kind)kind);
			ev.source = "/var/log/kern.log";
			ev.line = big;
			FILL(ev.host);
			ev.time_sec = 4000000000;
			ev.time_nsec = 123456789;
			ev.time_year_assumed = 1;
			ev.uptime_usec = INT64_C(999999999999999);
			ev.pid = ev.uid = ev.trigger_pid = ev.order = big;
			FILL(ev.comm);
			FILL(ev.trigger_comm);
			FILL(ev.gfp_mask);
			FILL(ev.constraint);
			FILL(ev.oom_memcg);
			FILL(ev.task_memcg);
			FILL(ev.container_id);
			FILL(ev.pod_uid);
			FILL(ev.pod_qos);
			FILL(ev.systemd_unit);
			FILL(ev.k8s_namespace);
			FILL(ev.k8s_pod);
			FILL(ev.k8s_container);
			ev.total_vm_kb = ev.anon_rss_kb = ev.file_rss_kb = ev.shmem_rss_kb = big;
			ev.pgtables_kb = ev.oom_score_adj = ev.score = big;
			ev.reaped = 1;
			ev.swap_total_kb = ev.swap_free_kb = ev.memcg_usage_kb = ev.memcg_limit_kb = big;
			if (kernel)
				snprintf(ev.killer, sizeof(ev.killer), "kernel");
			else
				FILL(ev.killer);
			ev.requested_bytes = ev.errno_code = big;
			FILL(ev.runtime);
			FILL(ev.detail);
			ev.n_consumers = EV_MAX_CONSUMERS;
			for (i = 0; i < EV_MAX_CONSUMERS; i++) {
				FILL(ev.consumers[i].name);
				ev.consumers[i].pid = ev.consumers[i].bytes = big;
			}
			ev.cut = 1;
			o = json_event(&ev);
			assert_non_null(o);
			want = json_print(o, 0, &n);
			assert_non_null(want);
			diagnose(&ev, &d);
			b.n = 0;
			assert_int_equal(json_event_append(&b, &ev, &d), 0);
			if (b.n != n || memcmp(b.p, want, n) != 0)
				fail_msg("kind %d: tree %s, writer %.*s", kind, want, (int)b.n, b.p);
			free(want);
			cJSON_Delete(o);
		}
	json_buf_free(&b);
}

/* The writer copies kind and cause names without a look (jo_ident): each
 * is lower-case ASCII and underscores. */
static void test_names_are_identifiers(void **state)
{
	const char *name;
	int i;

	(void)state;
	for (i = 0; i <= EV_KIND_COUNT + DIAG_CAUSE_COUNT; i++) {
		name = i <= EV_KIND_COUNT ? event_kind_name((enum ev_kind)i)
					  : diag_cause_name((enum diag_cause)(i - EV_KIND_COUNT - 1));
		assert_true(name[0] != '\0');
		assert_int_equal(strspn(name, "abcdefghijklmnopqrstuvwxyz_"), strlen(name));
	}
}

/* json_buf_put appends bytes as they are around the writer's objects, in
 * one buffer: a jsonl line is the object and its newline. */
static void test_buf_put(void **state)
{
	struct json_buf b = { NULL, 0, 0, 0 };
	struct oom_event ev;
	cJSON *o;
	char *want;
	size_t n = 0;

	(void)state;
	random_event(&ev);
	o = json_event(&ev);
	assert_non_null(o);
	want = json_print(o, 0, &n);
	assert_non_null(want);
	assert_int_equal(json_buf_put(&b, ",\n    ", 6), 0);
	assert_int_equal(json_event_append(&b, &ev, NULL), 0);
	assert_int_equal(json_buf_put(&b, "\n", 1), 0);
	assert_int_equal(b.n, n + 7);
	assert_memory_equal(b.p, ",\n    ", 6);
	assert_memory_equal(b.p + 6, want, n);
	assert_int_equal(b.p[n + 6], '\n');
	free(want);
	cJSON_Delete(o);
	json_buf_free(&b);
}

/* A row of json_series as it was first built, every key and value copied
 * (cJSON_Add*ToObject): the reference of the rows built without copies. */
static void old_row(cJSON *o, const struct store_series *s, int workload)
{
	cJSON_AddStringToObject(o, "kind", event_kind_name((enum ev_kind)s->kind));
	if (workload) {
		cJSON_AddStringToObject(o, "type", store_workload_name((enum store_workload)s->wl_type));
		cJSON_AddStringToObject(o, "name", s->label);
		if (s->ns[0])
			cJSON_AddStringToObject(o, "namespace", s->ns);
		if (s->sub[0])
			cJSON_AddStringToObject(o, "container", s->sub);
	} else {
		cJSON_AddStringToObject(o, "comm", s->label);
	}
	cJSON_AddNumberToObject(o, "events", (double)s->count);
	if (s->last_time > 0)
		cJSON_AddNumberToObject(o, "last_time", (double)s->last_time);
	if (s->max_rss_kb >= 0)
		cJSON_AddNumberToObject(o, "max_rss_kb", (double)s->max_rss_kb);
}


/* n random rows in tab (zeroed first); kinds and types up to past more
 * than the enums hold. */
static void random_series(struct store_series *tab, int n, int past)
{
	memset(tab, 0, sizeof(*tab) * 64);
	for (int i = 0; i < n; i++) {
		tab[i].kind = (uint8_t)(next() % (uint64_t)(EV_KIND_COUNT + past));
		tab[i].wl_type = (uint8_t)(next() % (uint64_t)(WL_TYPE_COUNT + past));
		random_field(tab[i].label, sizeof(tab[i].label));
		if (next() % 2)
			random_field(tab[i].ns, sizeof(tab[i].ns));
		if (next() % 2)
			random_field(tab[i].sub, sizeof(tab[i].sub));
		tab[i].count = next() % 1000000;
		tab[i].last_time = next() % 3 ? (int64_t)(next() % 4000000000ULL) : 0;
		tab[i].max_rss_kb = next() % 3 ? (int64_t)(next() % 100000000) : -1;
	}
}
/* json_series prints the bytes of the rows built the first way, formatted
 * and not, on random tables of both shapes. */
static void test_series_as_copied_rows(void **state)
{
	static struct store_series tab[64];
	int t, i, n, workload;

	(void)state;
	for (t = 0; t < 200; t++) {
		cJSON *got, *want = cJSON_CreateArray();
		char *a, *b;

		workload = t % 2;
		n = (int)(next() % 64);
		random_series(tab, n, 0);
		for (i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();

			old_row(o, &tab[i], workload);
			cJSON_AddItemToArray(want, o);
		}
		got = json_series(tab, n, workload);
		assert_non_null(got);
		a = json_print(want, t % 4 < 2, NULL);
		b = json_print(got, t % 4 < 2, NULL);
		assert_non_null(a);
		assert_non_null(b);
		assert_string_equal(b, a);
		free(a);
		free(b);
		cJSON_Delete(want);
		cJSON_Delete(got);
	}
}

/* json_series_raw's text is what json_print formatted gives json_series's
 * array in its place, as a member at depth 1 and 2, on random tables of
 * both shapes (labels of any bytes: the fix of the printed text too). */
static void test_series_raw_as_tree(void **state)
{
	static struct store_series tab[64];
	int t, n, workload;

	(void)state;
	for (t = 0; t < 200; t++) {
		cJSON *want = cJSON_CreateObject(), *got = cJSON_CreateObject();
		cJSON *wi = want, *gi = got;
		char *a, *b;
		int depth = 1 + t % 2;

		workload = t % 4 < 2;
		n = (int)(next() % 64);
		/* a kind or type past the enums too: "unknown" */
		random_series(tab, n, 2);
		if (depth == 2) {
			wi = cJSON_AddObjectToObject(want, "outer");
			gi = cJSON_AddObjectToObject(got, "outer");
		}
		cJSON_AddNumberToObject(wi, "before", 1);
		cJSON_AddNumberToObject(gi, "before", 1);
		cJSON_AddItemToObject(wi, "rows", json_series(tab, n, workload));
		cJSON_AddItemToObject(gi, "rows", json_series_raw(tab, n, workload, depth));
		cJSON_AddNumberToObject(wi, "after", 2);
		cJSON_AddNumberToObject(gi, "after", 2);
		a = json_print(want, 1, NULL);
		b = json_print(got, 1, NULL);
		assert_non_null(a);
		assert_non_null(b);
		assert_string_equal(b, a);
		free(a);
		free(b);
		cJSON_Delete(want);
		cJSON_Delete(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compact_as_cjson),
		cmocka_unit_test(test_print_as_cjson_fixed),
		cmocka_unit_test(test_event_and_fix),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_event_append_as_tree),
		cmocka_unit_test(test_event_append_fullest),
		cmocka_unit_test(test_names_are_identifiers),
		cmocka_unit_test(test_buf_put),
		cmocka_unit_test(test_series_as_copied_rows),
		cmocka_unit_test(test_series_raw_as_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
