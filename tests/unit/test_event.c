/*
 * test_event.c - the event record helpers: workload attribution from cgroup
 * paths, RFC 3339 time (against strftime), field cutting, kind names, and
 * the JSON object.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem, in the reference attribution */
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../core/event.h"
#include "../../core/span.h"
#include "../../exporter/json.h"
#include "helpers.h"

#include "attr_reference.inc"

struct attr_case {
	const char *path;
	const char *container, *pod, *qos, *unit;
};

static const struct attr_case cases[] = {
	/* Docker, cgroupfs driver */
	{ "/docker/6895a3e13439535852d3184ac2aadd26d7363cc035f171545ec7d4ce74073b0b",
	  "6895a3e13439535852d3184ac2aadd26d7363cc035f171545ec7d4ce74073b0b", "", "", "" },
	/* Docker, systemd driver */
	{ "/system.slice/docker-1e479e759020fa0b6c72def90973540a2d33982fea2ad67a96373b4da751a820.scope",
	  "1e479e759020fa0b6c72def90973540a2d33982fea2ad67a96373b4da751a820", "", "", "" },
	/* Kubernetes cgroupfs v1, burstable */
	{ "/kubepods/burstable/pod95387fa4-da9c-11e7-9d36-5254b24cbf5e/6895a3e13439535852d3184ac2aadd26d7363cc035f171545ec7d4ce74073b0b",
	  "6895a3e13439535852d3184ac2aadd26d7363cc035f171545ec7d4ce74073b0b",
	  "95387fa4-da9c-11e7-9d36-5254b24cbf5e", "burstable", "" },
	/* Kubernetes cgroupfs, guaranteed (no QoS level) */
	{ "/kubepods/pod95387fa4-da9c-11e7-9d36-5254b24cbf5e/6895a3e13439",
	  "6895a3e13439", "95387fa4-da9c-11e7-9d36-5254b24cbf5e", "guaranteed", "" },
	/* Kubernetes systemd driver with containerd */
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0a1b2c3d_4e5f_6789_abcd_ef0123456789.slice/cri-containerd-aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899.scope",
	  "aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899",
	  "0a1b2c3d-4e5f-6789-abcd-ef0123456789", "besteffort", "" },
	/* CRI-O */
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0a1b2c3d_4e5f_6789_abcd_ef0123456789.slice/crio-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope",
	  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	  "0a1b2c3d-4e5f-6789-abcd-ef0123456789", "burstable", "" },
	/* systemd service and session scope */
	{ "/system.slice/nginx.service", "", "", "", "nginx.service" },
	{ "/user.slice/user-1000.slice/session-2.scope", "", "", "", "session-2.scope" },
	{ "/user.slice/user-1000.slice", "", "", "", "user-1000.slice" },
	/* LXC, old and new layouts */
	{ "/lxc/web01", "web01", "", "", "" },
	{ "/lxc.payload.db02/system.slice/mysql.service", "db02", "", "", "mysql.service" },
	/* Docker cgroupfs with a short id */
	{ "/docker/6895a3e13439", "6895a3e13439", "", "", "" },
	/* a hex name outside a runtime's parent is not a container */
	{ "/user.slice/user-1000.slice/deadbeefcafe1234.scope", "", "", "", "deadbeefcafe1234.scope" },
	{ "/build/0123456789abcdef0123", "", "", "", "" },
	/* nothing to attribute */
	{ "/", "", "", "", "" },
	{ "/leaker", "", "", "", "" },
};

static void test_attribution(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct oom_event ev;

		event_init(&ev, EV_MEMCG_OOM_KILL);
		snprintf(ev.task_memcg, sizeof(ev.task_memcg), "%s", cases[i].path);
		event_attribute_cgroup(&ev);
		if (strcmp(ev.container_id, cases[i].container) || strcmp(ev.pod_uid, cases[i].pod) ||
		    strcmp(ev.pod_qos, cases[i].qos) || strcmp(ev.systemd_unit, cases[i].unit))
			fail_msg("%s: got container=%s pod=%s qos=%s unit=%s", cases[i].path, ev.container_id,
				 ev.pod_uid, ev.pod_qos, ev.systemd_unit);
	}
}

static void test_attribution_keeps_set_fields(void **state)
{
	struct oom_event ev;

	(void)state;
	event_init(&ev, EV_OOM_KILL);
	snprintf(ev.systemd_unit, sizeof(ev.systemd_unit), "given.service");
	snprintf(ev.oom_memcg, sizeof(ev.oom_memcg), "/system.slice/other.service");
	event_attribute_cgroup(&ev);
	assert_string_equal(ev.systemd_unit, "given.service");
}

static void test_time_and_kinds(void **state)
{
	struct oom_event ev;
	char buf[64];
	int k;

	(void)state;
	event_init(&ev, EV_OOM_KILL);
	assert_int_equal(event_format_time(&ev, buf, sizeof(buf)), -1);
	ev.time_sec = 1700000000;
	assert_int_equal(event_format_time(&ev, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "2023-11-14T22:13:20Z");
	ev.time_nsec = 123456000;
	event_format_time(&ev, buf, sizeof(buf));
	assert_string_equal(buf, "2023-11-14T22:13:20.123456Z");
	for (k = 0; k < EV_KIND_COUNT; k++)
		assert_int_equal(event_kind_parse(event_kind_name((enum ev_kind)k)), k);
	assert_int_equal(event_kind_parse("nope"), -1);
	assert_true(event_is_kill(EV_USERSPACE_OOM_KILL));
	assert_false(event_is_kill(EV_OOM_REAP));
}

static void test_set_str_cuts_on_utf8_boundary(void **state)
{
	struct oom_event ev;
	char long_comm[100];

	(void)state;
	event_init(&ev, EV_RUNTIME_OOM);
	/* 40 two-byte characters: 80 bytes, more than comm holds. */
	for (int i = 0; i < 40; i++) {
		long_comm[2 * i] = (char)0xc3;
		long_comm[2 * i + 1] = (char)0xa9;
	}
	assert_int_equal(EVENT_SET(&ev, comm, long_comm, 80, EV_CUT_COMM), 1);
	assert_true(ev.cut & EV_CUT_COMM);
	assert_int_equal(strlen(ev.comm) % 2, 0);
	assert_true(strlen(ev.comm) < sizeof(ev.comm));
}

static void test_rss(void **state)
{
	struct oom_event ev;

	(void)state;
	event_init(&ev, EV_OOM_KILL);
	assert_true(event_rss_kb(&ev) == EV_NONE);
	ev.anon_rss_kb = 100;
	ev.shmem_rss_kb = 5;
	assert_int_equal(event_rss_kb(&ev), 105);
	/* Huge sizes saturate instead of overflowing (undefined behaviour). */
	ev.anon_rss_kb = INT64_MAX - 1;
	ev.file_rss_kb = INT64_MAX;
	ev.shmem_rss_kb = 7;
	assert_true(event_rss_kb(&ev) == INT64_MAX);
	ev.anon_rss_kb = INT64_MIN + 1;
	ev.file_rss_kb = -5;
	ev.shmem_rss_kb = EV_NONE;
	assert_true(event_rss_kb(&ev) != EV_NONE && event_rss_kb(&ev) < 0);
}

static void test_take_i64_sat(void **state)
{
	struct span s = span_from_cstr("18446744073709551615 bytes");
	int64_t v = 0;

	(void)state;
	assert_int_equal(span_take_i64_sat(&s, &v), 1);
	assert_true(v == INT64_MAX);
	assert_true(SPAN_EQ(s, " bytes")); /* every digit consumed */
	s = span_from_cstr("-99999999999999999999x");
	assert_int_equal(span_take_i64_sat(&s, &v), 1);
	assert_true(v == INT64_MIN);
	assert_true(SPAN_EQ(s, "x"));
	s = span_from_cstr("9223372036854775807");
	assert_int_equal(span_take_i64_sat(&s, &v), 0);
	assert_true(v == INT64_MAX);
	s = span_from_cstr("9223372036854775808");
	assert_int_equal(span_take_i64_sat(&s, &v), 1);
	assert_true(v == INT64_MAX);
	s = span_from_cstr("-9223372036854775808");
	assert_int_equal(span_take_i64_sat(&s, &v), 0);
	assert_true(v == INT64_MIN);
	s = span_from_cstr("-42,");
	assert_int_equal(span_take_i64_sat(&s, &v), 0);
	assert_int_equal(v, -42);
	s = span_from_cstr("x1");
	assert_int_equal(span_take_i64_sat(&s, &v), -1);
	assert_true(SPAN_EQ(s, "x1"));
}

/* Integers past 2^53 are written exactly, not as a rounded double. */
static void test_json_big_int(void **state)
{
	struct oom_event ev;
	cJSON *o;
	char *txt;

	(void)state;
	event_init(&ev, EV_ALLOC_FAILURE);
	ev.source = "x";
	ev.requested_bytes = INT64_MAX;
	ev.pid = 7;
	o = json_event(&ev);
	assert_non_null(o);
	txt = cJSON_PrintUnformatted(o);
	assert_non_null(txt);
	assert_non_null(strstr(txt, "\"requested_bytes\":9223372036854775807"));
	assert_non_null(strstr(txt, "\"pid\":7"));
	free(txt);
	cJSON_Delete(o);
}

static void test_json_object(void **state)
{
	struct oom_event ev;
	cJSON *o, *it;

	(void)state;
	event_init(&ev, EV_MEMCG_OOM_KILL);
	ev.source = "kern.log";
	ev.line = 12;
	ev.pid = 42;
	snprintf(ev.comm, sizeof(ev.comm), "a\"b\\c");
	snprintf(ev.killer, sizeof(ev.killer), "kernel");
	ev.reaped = 1;
	ev.uptime_usec = 1500000;
	o = json_event(&ev);
	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "kind")->valuestring, "memcg_oom_kill");
	assert_int_equal(cJSON_GetObjectItem(o, "pid")->valueint, 42);
	assert_string_equal(cJSON_GetObjectItem(o, "comm")->valuestring, "a\"b\\c");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "reaped")));
	assert_true(cJSON_GetObjectItem(o, "uptime")->valuedouble > 1.49);
	/* absent fields are left out, never invented */
	assert_null(cJSON_GetObjectItem(o, "uid"));
	assert_null(cJSON_GetObjectItem(o, "time"));
	assert_null(cJSON_GetObjectItem(o, "host"));
	it = cJSON_GetObjectItem(o, "line");
	assert_int_equal(it->valueint, 12);
	cJSON_Delete(o);
}

static void test_span_helpers(void **state)
{
	struct span s = span_from_cstr("total-vm:1234kB, anon-rss:-5kB x");
	int64_t v;
	uint64_t h;
	struct span hx = span_from_cstr("0x1100cca(GFP)");

	(void)state;
	assert_int_equal(SPAN_INT_AFTER(s, "total-vm:", &v), 0);
	assert_int_equal(v, 1234);
	assert_int_equal(SPAN_INT_AFTER(s, "anon-rss:", &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(SPAN_INT_AFTER(s, "nope:", &v), -1);
	assert_int_equal(span_take_hex(&hx, &h), 0);
	assert_int_equal(h, 0x1100cca);
	assert_int_equal(SPAN_FIND(s, "kB"), 13);
	assert_int_equal(span_rfind(s, "kB", 2), 28);
	assert_int_equal(span_find_ci(s, "ANON", 4), 17);
	s = span_from_cstr("99999999999999999999");
	assert_int_equal(span_take_i64(&s, &v), -1);
}

/* The stamp gmtime_r and strftime give, as event_format_time wrote it
 * before its direct path. */
static void reference_time(int64_t sec, int nsec, char *buf, size_t n)
{
	time_t t = (time_t)sec;
	struct tm tm;
	size_t len;

	assert_non_null(gmtime_r(&t, &tm));
	len = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
	if (nsec > 0)
		snprintf(buf + len, n - len, ".%06dZ", nsec / 1000);
	else
		snprintf(buf + len, n - len, "Z");
}

/* The direct path gives gmtime_r's and strftime's stamp on every day of
 * 1970 to 2099 and every 37th day to 9999 (at a random second), and at
 * the edges around that range. */
static void test_time_as_strftime(void **state)
{
	static const int64_t edge[] = { 0, 59, 86399, 86400, 951782400, 951868799, 4107542399,
					4107542400, INT64_C(253402300799), INT64_C(253402300800), -1,
					-86401 };
	uint64_t r = 0x2545F4914F6CDD1DULL;
	struct oom_event ev;
	char want[64], got[64];
	int64_t day;
	size_t i;

	(void)state;
	event_init(&ev, EV_OOM_KILL);
	for (day = 0; day < INT64_C(2932897); day += day < 47482 ? 1 : 37) {
		th_rand64(&r);
		ev.time_sec = day * 86400 + (int64_t)(r % 86400);
		ev.time_nsec = (int32_t)(r >> 20) % 1000000000 * (int32_t)(day % 3 != 0);
		reference_time(ev.time_sec, ev.time_nsec, want, sizeof(want));
		assert_int_equal(event_format_time(&ev, got, sizeof(got)), 0);
		if (strcmp(want, got) != 0)
			fail_msg("%lld: strftime %s, ours %s", (long long)ev.time_sec, want, got);
	}
	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
		ev.time_sec = edge[i];
		ev.time_nsec = i % 2 ? 999999999 : 0;
		reference_time(ev.time_sec, ev.time_nsec, want, sizeof(want));
		assert_int_equal(event_format_time(&ev, got, sizeof(got)), 0);
		assert_string_equal(got, want);
	}
}

/* ---- the attribution against the reference (attr_reference.inc) ---- */

static void ar_hex(uint64_t *x, char *b, size_t n, int upper)
{
	static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (upper ? up : lo)[th_rand64(x) % 16];
	b[n] = '\0';
}

/* One random component, from the shapes the runtimes and systemd use and
 * near misses of them. */
static void ar_comp(uint64_t *x, char *out, size_t outn)
{
	static const char *const fixed[] = {
		"kubepods", "kubepods.slice", "kubepods-burstable.slice", "kubepods-besteffort.slice",
		"burstable", "besteffort", "guaranteed", "docker", "lxc", "lxc.payload", "system.slice",
		"nginx.service", "x.socket", "y.mount", "z.swap", "session-3.scope", "user-1000.slice",
		"kubelet.slice", "kubelet-kubepods.slice", "init.scope", "pod", "-pod", "podpod-pod",
		"crio-", "docker-", ".scope", ".slice", "libpod-conmon-x.scope", "machine.slice",
	};
	static const char *const pre[] = { "docker-", "cri-containerd-", "crio-conmon-", "crio-", "libpod-",
					   "containerd-", "", "x-", "kubepods-burstable-pod",
					   "kubepods-pod", "pod", "lxc.payload.", "kubelet-kubepods-besteffort-pod" };
	static const char *const suf[] = { "", ".scope", ".slice", ".service", "", "-pod", "_x" };
	static const size_t hexn[] = { 0, 4, 11, 12, 13, 32, 36, 63, 64, 65 };
	char hex[80];
	int r = (int)(th_rand64(x) % 8);

	if (r < 3) {
		snprintf(out, outn, "%s", fixed[th_rand64(x) % (sizeof(fixed) / sizeof(fixed[0]))]);
		return;
	}
	ar_hex(x, hex, hexn[th_rand64(x) % (sizeof(hexn) / sizeof(hexn[0]))], th_rand64(x) % 9 == 0);
	if (r == 3 && strlen(hex) > 8) { /* a pod uid, with '-' or '_' */
		size_t i;

		for (i = 8; i < strlen(hex); i += 5)
			hex[i] = th_rand64(x) % 2 ? '_' : '-';
	}
	snprintf(out, outn, "%s%s%s", pre[th_rand64(x) % (sizeof(pre) / sizeof(pre[0]))], hex,
		 suf[th_rand64(x) % (sizeof(suf) / sizeof(suf[0]))]);
	if (r == 7 && out[0]) /* a byte changed */
		out[th_rand64(x) % strlen(out)] = "-_./pdx9"[th_rand64(x) % 8];
}

static void ar_expect_same(const struct oom_event *got, const struct oom_event *want, const char *path)
{
	if (strcmp(got->container_id, want->container_id) || strcmp(got->pod_uid, want->pod_uid) ||
	    strcmp(got->pod_qos, want->pod_qos) || strcmp(got->systemd_unit, want->systemd_unit) ||
	    got->cut != want->cut)
		fail_msg("%s: got container=%s pod=%s qos=%s unit=%s cut=%x, want %s %s %s %s %x", path,
			 got->container_id, got->pod_uid, got->pod_qos, got->systemd_unit, (unsigned)got->cut,
			 want->container_id, want->pod_uid, want->pod_qos, want->systemd_unit,
			 (unsigned)want->cut);
}

/* Random paths of up to 40 components (past the 32 attributed), empty
 * components, both memcg fields, long paths in the store, fields set
 * before: the same container, pod, QoS, unit and cut flags as the
 * reference. */
static void test_attribution_as_reference(void **state)
{
	static char path[EV_MEMCG_MAX + 1];
	uint64_t x = 0x2545f4914f6cdd1dull;
	int round, found = 0;

	(void)state;
	for (round = 0; round < 20000; round++) {
		struct oom_event got, want;
		int nc = 1 + (int)(th_rand64(&x) % (round % 50 == 0 ? 40 : 6)), i;
		size_t at = 0;

		path[0] = '\0';
		for (i = 0; i < nc && at < sizeof(path) - 200; i++) {
			char c[160];

			ar_comp(&x, c, sizeof(c));
			at += (size_t)snprintf(path + at, sizeof(path) - at, "%s%s", th_rand64(&x) % 13 ? "/" : "//",
					       c);
		}
		if (th_rand64(&x) % 11 == 0)
			at += (size_t)snprintf(path + at, sizeof(path) - at, "/");
		event_init(&got, EV_MEMCG_OOM_KILL);
		event_set_memcg(&got, th_rand64(&x) % 3 ? EV_TASK_MEMCG : EV_OOM_MEMCG, path, at);
		if (th_rand64(&x) % 10 == 0)
			snprintf(got.systemd_unit, sizeof(got.systemd_unit), "given.service");
		if (th_rand64(&x) % 10 == 0)
			snprintf(got.pod_qos, sizeof(got.pod_qos), "burstable");
		want = got;
		event_attribute_cgroup(&got);
		ref_event_attribute_cgroup(&want);
		ar_expect_same(&got, &want, path);
		found += got.container_id[0] && got.pod_uid[0];
	}
	/* the generator reaches the interesting shapes */
	assert_true(found > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attribution),
		cmocka_unit_test(test_attribution_keeps_set_fields),
		cmocka_unit_test(test_attribution_as_reference),
		cmocka_unit_test(test_time_and_kinds),
		cmocka_unit_test(test_time_as_strftime),
		cmocka_unit_test(test_set_str_cuts_on_utf8_boundary),
		cmocka_unit_test(test_rss),
		cmocka_unit_test(test_take_i64_sat),
		cmocka_unit_test(test_json_big_int),
		cmocka_unit_test(test_json_object),
		cmocka_unit_test(test_span_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
