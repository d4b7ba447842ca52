/*
 * test_prom.c - Prometheus text and OpenMetrics rendering of a store:
 * escaping, every kind present at 0, HELP/TYPE on every family, the RSS
 * histogram, the OpenMetrics shape, the output cap, content negotiation, and
 * `promtool check metrics` on a rendering when promtool is installed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../store/store.h"
#include "../../exporter/procstat.h"
#include "../../exporter/prom.h"
#include "oomscan_revision.h"

#ifdef OOMSCAN_BUILD_JOURNAL
#define BUILD_JOURNAL "true"
#else
#define BUILD_JOURNAL "false"
#endif

static char *render(const struct store *st, enum prom_format fmt, int process)
{
	struct prom_opts o = { fmt, process, "1.2.3", 0 };
	struct prom_buf b = { 0 };

	assert_int_equal(prom_render(st, &o, &b), 0);
	assert_non_null(b.p);
	assert_int_equal(strlen(b.p), b.n);
	return b.p;
}

/* 1 when text holds line as a whole line. */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line)) != NULL) {
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

/* The value of the sample whose name and labels are exactly `series`. */
static double value_of(const char *text, const char *series)
{
	size_t n = strlen(series);
	const char *p = text;

	while ((p = strstr(p, series)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == ' ')
			return strtod(p + n + 1, NULL);
		p++;
	}
	fail_msg("series %s not found", series);
	return -1;
}

static struct store *rich_store(void)
{
	struct store *st = store_new(0);
	struct oom_event ev;
	struct store_source *src;

	assert_non_null(st);
	event_init(&ev, EV_MEMCG_OOM_KILL);
	snprintf(ev.comm, sizeof(ev.comm), "java");
	snprintf(ev.pod_uid, sizeof(ev.pod_uid), "0f9b1c2d-1111-2222-3333-444455556666");
	snprintf(ev.container_id, sizeof(ev.container_id), "abcdef0123456789abcdef");
	ev.time_sec = 1700000000;
	ev.anon_rss_kb = 2048;
	ev.file_rss_kb = 0;
	ev.shmem_rss_kb = 0;
	store_add_event(st, &ev);
	event_init(&ev, EV_OOM_KILL);
	snprintf(ev.comm, sizeof(ev.comm), "we\"ird\\na\nme");
	snprintf(ev.systemd_unit, sizeof(ev.systemd_unit), "foo.service");
	ev.anon_rss_kb = 5 * 1024 * 1024;
	store_add_event(st, &ev);
	event_init(&ev, EV_RUNTIME_OOM);
	snprintf(ev.comm, sizeof(ev.comm), "bad\xff\xfeutf8\xc3");
	store_add_event(st, &ev);
	src = store_source(st, "/var/log/kern.log");
	assert_non_null(src);
	src->lines = 10;
	src->bytes = 1000;
	src->up = 1;
	st->incomplete = 2;
	st->unrecognised = 3;
	return st;
}

static void test_every_kind_at_zero(void **state)
{
	struct store *st = store_new(0);
	char line[256];
	char *out;
	int k;

	(void)state;
	out = render(st, PROM_FMT_TEXT, 0);
	for (k = 0; k < EV_KIND_COUNT; k++) {
		snprintf(line, sizeof(line), "oomscan_events_total{kind=\"%s\"} 0",
			 event_kind_name((enum ev_kind)k));
		assert_true(has_line(out, line));
	}
	assert_true(has_line(out, "# TYPE oomscan_events_total counter"));
	assert_true(has_line(out, "oomscan_incomplete_reports_total 0"));
	assert_true(has_line(out, "oomscan_unrecognised_lines_total 0"));
	assert_true(has_line(out, "oomscan_state_write_errors_total 0"));
	snprintf(line, sizeof(line), "oomscan_build_info{version=\"1.2.3\",revision=\"%s\",journal=\"false\"} 1",
		 OOMSCAN_REVISION);
	assert_true(has_line(out, line));
	/* No timestamps: every sample line has exactly name{...} value. */
	assert_null(strstr(out, "# EOF"));
	assert_null(strstr(out, "\nprocess_"));
	free(out);
	store_free(st);
}

/* Every sample belongs to a family announced by HELP and TYPE before it. */
static void check_families(const char *out, int om)
{
	char help[256], type[256], fam[256];
	const char *p = out;

	help[0] = type[0] = '\0';
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n;

		assert_non_null(nl);
		n = (size_t)(nl - p);
		if (n > 7 && strncmp(p, "# HELP ", 7) == 0) {
			snprintf(help, sizeof(help), "%.*s", (int)strcspn(p + 7, " \n"), p + 7);
		} else if (n > 7 && strncmp(p, "# TYPE ", 7) == 0) {
			snprintf(type, sizeof(type), "%.*s", (int)strcspn(p + 7, " \n"), p + 7);
			assert_string_equal(help, type);
		} else if (n == 5 && strncmp(p, "# EOF", 5) == 0) {
			assert_true(om);
			assert_string_equal(nl + 1, "");
		} else {
			size_t fn = strcspn(p, "{ ");

			assert_true(p[0] != '#');
			snprintf(fam, sizeof(fam), "%.*s", (int)fn, p);
			/* The sample's name is the family or family + a suffix. */
			assert_true(strncmp(fam, type, strlen(type)) == 0);
			if (strlen(fam) > strlen(type)) {
				const char *suf = fam + strlen(type);

				assert_true(strcmp(suf, "_bucket") == 0 || strcmp(suf, "_sum") == 0 ||
					    strcmp(suf, "_count") == 0 ||
					    (om && strcmp(suf, "_total") == 0));
			}
		}
		p = nl + 1;
	}
}

static void test_help_and_type_everywhere(void **state)
{
	struct store *st = rich_store();
	char *out;

	(void)state;
	out = render(st, PROM_FMT_TEXT, 1);
	check_families(out, 0);
	free(out);
	out = render(st, PROM_FMT_OPENMETRICS, 1);
	check_families(out, 1);
	free(out);
	store_free(st);
}

static void test_escaping(void **state)
{
	struct store *st = rich_store();
	struct prom_buf b = { 0 };
	char *out;

	(void)state;
	out = render(st, PROM_FMT_TEXT, 0);
	assert_true(has_line(out,
		"oomscan_process_events_total{kind=\"oom_kill\",comm=\"we\\\"ird\\\\na\\nme\"} 1"));
	/* Invalid UTF-8 bytes become the text \xNN (a backslash escaped). */
	assert_true(has_line(out,
		"oomscan_process_events_total{kind=\"runtime_oom\",comm=\"bad\\\\xff\\\\xfeutf8\\\\xc3\"} 1"));
	assert_true(has_line(out, "oomscan_source_lines_total{source=\"/var/log/kern.log\"} 10"));
	assert_true(has_line(out, "oomscan_source_up{source=\"/var/log/kern.log\"} 1"));
	free(out);

	assert_int_equal(prom_escape(&b, "a\"b\\c\nd", 0), 0);
	assert_string_equal(b.p, "a\\\"b\\\\c\\nd");
	prom_buf_free(&b);
	/* HELP text keeps quotes in the text format. */
	assert_int_equal(prom_escape(&b, "a\"b\\c\nd", 1), 0);
	assert_string_equal(b.p, "a\"b\\\\c\\nd");
	prom_buf_free(&b);
	/* Valid multi-byte UTF-8 passes through; overlong forms do not. */
	assert_int_equal(prom_escape(&b, "\xc3\xa9t\xc3\xa9 \xc0\xaf", 0), 0);
	assert_string_equal(b.p, "\xc3\xa9t\xc3\xa9 \\\\xc0\\\\xaf");
	prom_buf_free(&b);
	store_free(st);
}

static void test_workloads_and_labels(void **state)
{
	struct store *st = rich_store();
	char *out;

	(void)state;
	out = render(st, PROM_FMT_TEXT, 0);
	/* One family per identity kind; the pod's container is its label. */
	assert_true(has_line(out,
		"oomscan_pod_events_total{kind=\"memcg_oom_kill\",namespace=\"\",pod=\"0f9b1c2d-1111-2222-3333-444455556666\",container=\"abcdef012345\"} 1"));
	assert_true(has_line(out,
		"oomscan_unit_events_total{kind=\"oom_kill\",unit=\"foo.service\"} 1"));
	assert_true(has_line(out, "# TYPE oomscan_container_events_total counter"));
	assert_null(strstr(out, "oomscan_container_events_total{"));
	assert_null(strstr(out, "oomscan_workload_events_total"));
	assert_true(has_line(out, "oomscan_label_overflow_events_total{table=\"process\"} 0"));
	assert_true(has_line(out, "oomscan_last_event_timestamp_seconds{kind=\"memcg_oom_kill\"} 1700000000"));
	/* Kinds that never had a timed event have no timestamp series. */
	assert_null(strstr(out, "oomscan_last_event_timestamp_seconds{kind=\"oom_kill\"}"));
	/* No pid label anywhere. */
	assert_null(strstr(out, "pid=\""));
	free(out);
	store_free(st);
}

static void test_histogram(void **state)
{
	static const int64_t rss_kb[] = { 100, 1024, 1025, 300000, 5000000, 2000000000 };
	struct store *st = store_new(0);
	struct oom_event ev;
	char series[128];
	double prev = 0, sum = 0;
	char *out;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(rss_kb) / sizeof(rss_kb[0]); i++) {
		event_init(&ev, EV_OOM_KILL);
		ev.anon_rss_kb = rss_kb[i];
		store_add_event(st, &ev);
		sum += (double)rss_kb[i] * 1024;
	}
	/* An event without an RSS is not observed. */
	event_init(&ev, EV_OOM_KILL);
	store_add_event(st, &ev);
	out = render(st, PROM_FMT_TEXT, 0);
	assert_true(has_line(out, "# TYPE oomscan_victim_rss_bytes histogram"));
	/* le as client_golang spells it (Go's 'g', shortest), never "1048576". */
	assert_non_null(strstr(out, "_bucket{le=\"1.048576e+06\"} "));
	assert_non_null(strstr(out, "_bucket{le=\"1.572864e+06\"} "));
	assert_non_null(strstr(out, "_bucket{le=\"1.099511627776e+12\"} "));
	assert_null(strstr(out, "le=\"1048576\""));
	for (j = 0; j < STORE_RSS_BUCKETS - 1; j++) {
		double want = 0, got;
		char num[64];
		int e;

		for (i = 0; i < sizeof(rss_kb) / sizeof(rss_kb[0]); i++)
			want += (double)rss_kb[i] * 1024 <= store_rss_bounds[j];
		/* Every bound is >= 1e6: Go writes the shortest %e form. */
		for (e = 0; e < 17; e++) {
			snprintf(num, sizeof(num), "%.*e", e, store_rss_bounds[j]);
			if (strtod(num, NULL) == store_rss_bounds[j])
				break;
		}
		snprintf(series, sizeof(series), "oomscan_victim_rss_bytes_bucket{le=\"%s\"}", num);
		got = value_of(out, series);
		assert_true(got == want);
		assert_true(got >= prev);
		prev = got;
	}
	assert_true(value_of(out, "oomscan_victim_rss_bytes_bucket{le=\"+Inf\"}") == 6);
	assert_true(value_of(out, "oomscan_victim_rss_bytes_count") == 6);
	assert_true(value_of(out, "oomscan_victim_rss_bytes_sum") == sum);
	assert_true(prev <= 6);
	free(out);
	store_free(st);
}

/* A float sample is spelled as "%.15g" (or "%.17g" when that does not read
 * back the same) spells it, whole numbers by the short road included. */
static void test_double_spelling(void **state)
{
	static const double vals[] = { 0, 1, 9, 10, 1024, 123456789012345.0, 999999999999999.0, 1e15,
				       2.5, 1796084349.66, 0.1, 1e20, 4503599627370497.0 };
	struct store *st = store_new(0);
	char want[128], ref[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		char *out;

		st->rss_sum_bytes = vals[i];
		snprintf(ref, sizeof(ref), "%.15g", vals[i]);
		if (strtod(ref, NULL) != vals[i])
			snprintf(ref, sizeof(ref), "%.17g", vals[i]);
		snprintf(want, sizeof(want), "oomscan_victim_rss_bytes_sum %s", ref);
		out = render(st, PROM_FMT_TEXT, 0);
		if (!has_line(out, want))
			fail_msg("no line \"%s\"", want);
		free(out);
	}
	store_free(st);
}

static void test_openmetrics_shape(void **state)
{
	struct store *st = rich_store();
	char *out;
	size_t n;

	(void)state;
	out = render(st, PROM_FMT_OPENMETRICS, 1);
	n = strlen(out);
	assert_true(n > 6);
	assert_string_equal(out + n - 6, "# EOF\n");
	assert_true(has_line(out, "# TYPE oomscan_events counter"));
	assert_null(strstr(out, "# TYPE oomscan_events_total"));
	assert_true(has_line(out, "# TYPE process_cpu_seconds counter"));
	assert_true(has_line(out, "# TYPE oomscan_victim_rss_bytes histogram"));
	assert_true(has_line(out, "oomscan_events_total{kind=\"oom_kill\"} 1"));
	assert_true(has_line(out, "# TYPE process_resident_memory_bytes gauge"));
	free(out);
	store_free(st);
}

static void test_process_metrics(void **state)
{
	struct store *st = store_new(0);
	char *out;

	(void)state;
	out = render(st, PROM_FMT_TEXT, 1);
	assert_true(value_of(out, "process_resident_memory_bytes") > 0);
	assert_true(value_of(out, "process_virtual_memory_bytes") >=
		    value_of(out, "process_resident_memory_bytes"));
	assert_true(value_of(out, "process_open_fds") >= 1);
	assert_true(value_of(out, "process_max_fds") >= value_of(out, "process_open_fds"));
	assert_true(value_of(out, "process_start_time_seconds") > 1e9);
	assert_true(value_of(out, "process_cpu_seconds_total") >= 0);
	assert_true(has_line(out, "# TYPE process_cpu_seconds_total counter"));
	free(out);
	store_free(st);
}

static void test_procstat_parse(void **state)
{
	/* A comm with spaces and parentheses; utime 250, stime 150, start
	 * 1000 ticks after boot, vsize 8 MiB, rss 300 pages. */
	static const char stat[] =
		"1234 (a) (b c) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 150 0 0 "
		"20 0 1 0 1000 8388608 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3\n";
	struct procstat ps;

	(void)state;
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(procstat_parse_stat(stat, sizeof(stat) - 1, 100, 4096, 1.7e9, &ps), 0);
	assert_true(ps.cpu_seconds == 4.0);
	assert_true(ps.virtual_bytes == 8388608.0);
	assert_true(ps.resident_bytes == 300.0 * 4096);
	assert_true(ps.start_time == 1.7e9 + 10);
	assert_true(ps.have & PROCSTAT_START);

	/* Short or malformed files are refused, never over-read. */
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(procstat_parse_stat(stat, 40, 100, 4096, 1.7e9, &ps), -1);
	assert_int_equal(procstat_parse_stat("1234 no paren", 13, 100, 4096, 0, &ps), -1);
	assert_int_equal(procstat_parse_stat("1 (x) S 1 x", 11, 100, 4096, 0, &ps), -1);
	assert_int_equal(ps.have, 0);
}

static void test_cap_keeps_whole_lines(void **state)
{
	struct store *st = rich_store();
	struct prom_opts o = { PROM_FMT_TEXT, 0, NULL, 0 };
	struct prom_buf b = { 0 };

	(void)state;
	b.max = 700;
	assert_int_equal(prom_render(st, &o, &b), -1);
	assert_true(b.toobig);
	assert_true(b.n > 0 && b.n <= 700);
	assert_int_equal(b.p[b.n - 1], '\n');
	assert_int_equal(strlen(b.p), b.n);
	prom_buf_free(&b);
	assert_int_equal(b.max, 700);
	store_free(st);
}

static void test_negotiate(void **state)
{
	(void)state;
	assert_int_equal(prom_negotiate(NULL), PROM_FMT_TEXT);
	assert_int_equal(prom_negotiate("*/*"), PROM_FMT_TEXT);
	assert_int_equal(prom_negotiate("text/plain;version=0.0.4"), PROM_FMT_TEXT);
	/* What Prometheus 2.x sends. */
	assert_int_equal(prom_negotiate(
		"application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
		"version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
		PROM_FMT_OPENMETRICS);
	assert_int_equal(prom_negotiate(
		"text/plain;version=0.0.4;q=1, application/openmetrics-text; version=1.0.0; q=0.5"),
		PROM_FMT_TEXT);
	assert_int_equal(prom_negotiate("application/openmetrics-text;q=0"), PROM_FMT_TEXT);
	assert_int_equal(prom_negotiate("APPLICATION/OpenMetrics-Text"), PROM_FMT_OPENMETRICS);
}

static void test_write_file(void **state)
{
	struct store *st = rich_store();
	char buf[65536], want[256];
	size_t n;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	assert_int_equal(prom_write_file(f, st, "9.9"), 0);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_true(has_line(buf, "oomscan_events_total{kind=\"memcg_oom_kill\"} 1"));
	/* Batch output says what this build has (journal="true" with libsystemd). */
	snprintf(want, sizeof(want), "oomscan_build_info{version=\"9.9\",revision=\"%s\",journal=\"%s\"} 1",
		 OOMSCAN_REVISION, BUILD_JOURNAL);
	assert_true(has_line(buf, want));
	assert_null(strstr(buf, "\nprocess_"));
	store_free(st);
}

/* --host-label: series carry the event's host, and a host family counts
 * each host's events once; without it no host label anywhere. */
static void test_host_label(void **state)
{
	static const char *const hosts[] = { "web01", "web02", "web01" };
	struct store *st = store_new(0);
	struct oom_event ev;
	char *out;
	size_t i;

	(void)state;
	st->host_label = 1;
	for (i = 0; i < 3; i++) {
		event_init(&ev, EV_OOM_KILL);
		snprintf(ev.host, sizeof(ev.host), "%s", hosts[i]);
		snprintf(ev.comm, sizeof(ev.comm), "java");
		snprintf(ev.systemd_unit, sizeof(ev.systemd_unit), "app.service");
		store_add_event(st, &ev);
	}
	out = render(st, PROM_FMT_TEXT, 0);
	assert_true(has_line(out, "oomscan_host_events_total{kind=\"oom_kill\",host=\"web01\"} 2"));
	assert_true(has_line(out, "oomscan_host_events_total{kind=\"oom_kill\",host=\"web02\"} 1"));
	assert_true(has_line(out, "oomscan_process_events_total{kind=\"oom_kill\",host=\"web01\",comm=\"java\"} 2"));
	assert_true(has_line(out, "oomscan_unit_events_total{kind=\"oom_kill\",host=\"web02\",unit=\"app.service\"} 1"));
	free(out);
	st->host_label = 0;
	store_free(st);
	st = store_new(0);
	store_add_event(st, &ev);
	out = render(st, PROM_FMT_TEXT, 0);
	assert_null(strstr(out, "host="));
	assert_null(strstr(out, "oomscan_host_events_total"));
	free(out);
	store_free(st);
}

/* promtool's linter and parser find nothing in a rich rendering. */
static void test_promtool(void **state)
{
	struct store *st;
	char path[] = "/tmp/oomscan-prom-XXXXXX";
	char cmd[256], out[4096];
	size_t n;
	FILE *p;
	char *text;
	int fd, status;

	(void)state;
	if (system("command -v promtool >/dev/null 2>&1") != 0) {
		skip();
		return;
	}
	st = rich_store();
	text = render(st, PROM_FMT_TEXT, 1);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	snprintf(cmd, sizeof(cmd), "promtool check metrics < %s 2>&1", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	status = pclose(p);
	unlink(path);
	if (n)
		print_message("promtool: %s\n", out);
	assert_int_equal(status, 0);
	assert_int_equal(n, 0);
	free(text);
	store_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_at_zero),
		cmocka_unit_test(test_help_and_type_everywhere),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_workloads_and_labels),
		cmocka_unit_test(test_histogram),
		cmocka_unit_test(test_double_spelling),
		cmocka_unit_test(test_openmetrics_shape),
		cmocka_unit_test(test_process_metrics),
		cmocka_unit_test(test_procstat_parse),
		cmocka_unit_test(test_cap_keeps_whole_lines),
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_write_file),
		cmocka_unit_test(test_host_label),
		cmocka_unit_test(test_promtool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
