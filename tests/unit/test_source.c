/*
 * test_source.c - the source interface: every row of the table of source
 * types has the operations it must have (or says why it is not built), a
 * followed file and a /dev/kmsg-like file read through the interface, their
 * cursors saved and resumed; and the pipeline: source -> scanner -> store,
 * the store's counters written only through store functions, kmsg events
 * stamped with the boot time the source gives.
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

#include "../../collector/source.h"
#include "../../parsers/apprules.h"
#include "../../pipeline/pipeline.h"

static char dir[256];
static char path[300];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/oomscan-source-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/kern.log", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *p, const char *text, const char *mode)
{
	FILE *fp = fopen(p, mode);

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Every row: a unique name, a title and feature for messages, and either
 * the operations or the reason it is not built. */
static void test_table(void **state)
{
	int i, k;

	(void)state;
	assert_true(source_type_count >= 4);
	for (i = 0; i < source_type_count; i++) {
		const struct source_type *t = source_types[i];

		assert_non_null(t->name);
		assert_non_null(t->title);
		assert_non_null(t->feature);
		assert_ptr_equal(source_type_find(t->name), t);
		for (k = 0; k < i; k++)
			assert_string_not_equal(source_types[k]->name, t->name);
		if (t->not_built)
			continue;
		assert_non_null(t->open);
		assert_non_null(t->next);
		assert_non_null(t->health);
		assert_non_null(t->close);
		if (t->has_cursor)
			assert_non_null(t->save);
	}
	assert_null(source_type_find("nosuch"));
}

static int read_lines(struct source *s, int64_t *last)
{
	struct span l;
	int cut, n = 0;
	int64_t ln;

	while (source_next(s, &l, &cut, &ln) == 1) {
		*last = ln;
		n++;
	}
	return n;
}

/* A followed file: numbered lines, a cursor with the file's position, and
 * a restart from that cursor reads only what came after it. */
static void test_file_cursor(void **state)
{
	struct source_spec spec = { .path = path, .from_start = 1 };
	struct state_cursor c;
	struct source_health h;
	struct source *s;
	char err[256];
	int64_t last = 0;

	(void)state;
	write_file(path, "one\ntwo\nthree\n", "w");
	s = source_open(&source_type_file, path, &spec, NULL, err, sizeof(err));
	assert_non_null(s);
	assert_string_equal(source_name(s), path);
	assert_int_equal(read_lines(s, &last), 3);
	assert_int_equal(last, 3);
	source_health(s, &h);
	assert_int_equal(h.open, 1);
	assert_int_equal(h.switches, 0);
	assert_int_equal(source_boot_usec(s), 0);
	assert_int_equal(source_save(s, &c), 0);
	assert_int_equal(c.type, STATE_SRC_FILE);
	assert_string_equal(c.name, path);
	assert_int_equal(c.pos.line, 4);
	source_close(s);

	write_file(path, "four\n", "a");
	s = source_open(&source_type_file, path, &spec, &c, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(read_lines(s, &last), 1);
	assert_int_equal(last, 4);
	source_close(s);
}

static const char kmsg_records[] =
	"6,100,73301100221,-;e1000e: NIC Link is Up\n"
	"4,101,73301552101,-;gunicorn invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
	"6,102,73301552110,-;memory: usage 786432kB, limit 786432kB, failcnt 1187\n"
	"6,103,73301552119,-;Memory cgroup out of memory: Killed process 5112 (gunicorn) total-vm:1622012kB, "
	"anon-rss:779980kB, file-rss:3340kB, shmem-rss:0kB, UID:33 pgtables:1652kB oom_score_adj:0\n";

/* kmsg through the interface: no line numbers, a cursor of boot id and
 * sequence number, and the boot time for the scanner. */
static void test_kmsg_cursor(void **state)
{
	struct source_spec spec = { .path = path };
	struct state_cursor c;
	struct source *s;
	char err[256];
	int64_t last = 0;

	(void)state;
	write_file(path, kmsg_records, "w");
	s = source_open(&source_type_kmsg, "kmsg", &spec, NULL, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(read_lines(s, &last), 4);
	assert_int_equal(last, -1);
	assert_true(source_boot_usec(s) > 0);
	assert_int_equal(source_save(s, &c), 0);
	assert_int_equal(c.type, STATE_SRC_KMSG);
	assert_int_equal(c.next_seq, 104);
	source_close(s);
}

static void test_open_error(void **state)
{
	struct source_spec spec = { .path = "/nonexistent/kmsg" };
	char err[256] = "";

	(void)state;
	assert_null(source_open(&source_type_kmsg, "kmsg", &spec, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent/kmsg"));
	if (source_type_journal.not_built) {
		assert_null(source_open(&source_type_journal, "journal", &spec, NULL,
					err, sizeof(err)));
		assert_non_null(strstr(err, "not in this build"));
	}
}

struct sunk {
	struct store *st;
	int events, notes;
	struct oom_event last;
};

static void sink_event(void *arg, struct oom_event *ev)
{
	struct sunk *k = arg;

	k->events++;
	k->last = *ev;
	store_add_event(k->st, ev);
}

static void sink_note(void *arg, struct oom_note *n)
{
	struct sunk *k = arg;

	k->notes++;
	store_add_note(k->st, n);
}

/* kmsg -> scanner -> store: the event leaves the pipeline with its
 * wall-clock time, and the source's lines, bytes and ledger are in the
 * store, balanced. */
static void test_pipeline_kmsg(void **state)
{
	struct source_spec spec = { .path = path };
	struct scan_config cfg;
	struct pipeline_sink sink = { .event = sink_event, .note = sink_note };
	struct sunk k = { 0 };
	struct app_rules *rules;
	struct pipeline *p;
	struct store_source *ss;
	struct source *s;
	char err[256];
	int rc, n;

	(void)state;
	write_file(path, kmsg_records, "w");
	rules = app_rules_new(err, sizeof(err));
	assert_non_null(rules);
	k.st = store_new(0);
	assert_non_null(k.st);
	sink.arg = &k;
	s = source_open(&source_type_kmsg, "kmsg", &spec, NULL, err, sizeof(err));
	assert_non_null(s);
	memset(&cfg, 0, sizeof(cfg));
	cfg.rules = rules;
	cfg.year_hint = 2024;
	cfg.boot_usec = source_boot_usec(s);
	p = pipeline_new(&cfg, "kmsg", k.st, &sink);
	assert_non_null(p);
	n = pipeline_read(p, s, 2, &rc);
	assert_int_equal(n, 2);          /* bounded */
	n = pipeline_read(p, s, 100, &rc);
	assert_int_equal(n, 2);
	assert_int_equal(rc, 0);
	assert_true(pipeline_flush(p, 1) >= 0);
	assert_int_equal(k.events, 1);
	assert_int_equal(k.last.pid, 5112);
	assert_true(k.last.time_sec == cfg.boot_usec / 1000000 + 73301 ||
		    k.last.time_sec == cfg.boot_usec / 1000000 + 73302);
	ss = pipeline_slot(p);
	assert_non_null(ss);
	assert_int_equal(ss->lines, 4);
	assert_int_equal(ss->bytes, pipeline_stats(p)->bytes);
	assert_int_equal(k.st->ledger.events, 1);
	assert_true(k.st->ledger.anchors > 0);
	assert_int_equal(store_ledger_open(&k.st->ledger), 0);
	assert_int_equal(k.st->events[EV_MEMCG_OOM_KILL], 1);
	pipeline_free(p);
	source_close(s);
	store_free(k.st);
	app_rules_free(rules);
}

/* Batch: a line reader through the block path gives the same counts as
 * the same lines pushed one by one. */
static void test_pipeline_feed_equals_push(void **state)
{
	static const char text[] =
		"Mar  1 10:00:00 h kernel: [  100.000000] bash invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\n"
		"Mar  1 10:00:00 h kernel: [  100.000100] Out of memory: Killed process 42 (bash) total-vm:1000kB, anon-rss:500kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0\n"
		"Mar  1 10:00:01 h sshd[1]: nothing here\n"
		"Mar  1 10:00:02 h kernel: [  101.000000] Out of memory: Killed process 43 (cat) total-vm:1000kB, anon-rss:500kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0\n";
	struct scan_config cfg;
	struct pipeline_sink sink = { .event = sink_event, .note = sink_note };
	struct sunk a = { 0 }, b = { 0 };
	struct app_rules *rules;
	struct line_reader *lr;
	struct pipeline *p;
	char err[256];
	const char *l = text, *e;

	(void)state;
	write_file(path, text, "w");
	rules = app_rules_new(err, sizeof(err));
	assert_non_null(rules);
	memset(&cfg, 0, sizeof(cfg));
	cfg.rules = rules;
	cfg.year_hint = 2024;

	a.st = store_new(0);
	sink.arg = &a;
	p = pipeline_new(&cfg, path, a.st, &sink);
	lr = lines_open(path, err, sizeof(err));
	assert_non_null(lr);
	assert_int_equal(pipeline_feed(p, lr, err, sizeof(err)), 0);
	pipeline_flush(p, 1);
	lines_close(lr);
	pipeline_free(p);

	b.st = store_new(0);
	sink.arg = &b;
	p = pipeline_new(&cfg, path, b.st, &sink);
	while ((e = strchr(l, '\n')) != NULL) {
		pipeline_push(p, span_make(l, (size_t)(e - l)), 0);
		l = e + 1;
	}
	pipeline_flush(p, 1);
	pipeline_free(p);

	assert_int_equal(a.events, 2);
	assert_int_equal(b.events, 2);
	assert_int_equal(a.st->sources[0].lines, 4);
	assert_int_equal(b.st->sources[0].lines, 4);
	assert_int_equal(a.st->sources[0].bytes, sizeof(text) - 1);
	assert_int_equal(b.st->sources[0].bytes, sizeof(text) - 1);
	assert_int_equal(a.st->ledger.anchors, b.st->ledger.anchors);
	assert_int_equal(a.st->ledger.events, 2);
	assert_int_equal(store_ledger_open(&a.st->ledger), 0);
	store_free(a.st);
	store_free(b.st);
	app_rules_free(rules);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test_setup_teardown(test_file_cursor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kmsg_cursor, setup, teardown),
		cmocka_unit_test(test_open_error),
		cmocka_unit_test_setup_teardown(test_pipeline_kmsg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipeline_feed_equals_push, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
