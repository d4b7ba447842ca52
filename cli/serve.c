/*
 * serve.c - `oomscan serve`: turns its flags (getopt_long) into sources of
 * the table in collector/source.c (/dev/kmsg, followed files, standard
 * input, the journal), reads each through its own pipeline (source ->
 * scanner -> live store, pipeline/) on the main thread, publishes a snapshot
 * copy for the HTTP threads and keeps the resume state file. It knows no
 * source type: opening, reading, cursors and health go through source.h.
 *
 * Exactly once: the state file pairs each source's cursor with the counters
 * of exactly the lines before it. Serve's scanners publish a kill at once
 * (scan_config.publish_early) and its later oom_reaper line amends it
 * (count_amend). Before a save every scanner is flushed (pipeline_flush(p,
 * 0) releases what is still held, such as an allocation failure waiting for
 * its Mem-Info lines) and its events are counted, so a kill -9 after the
 * save re-reads only lines whose events were not counted. A report still open at the save (header read,
 * kill record not yet) is completed after a restart by its kill record,
 * which is what anchors the event, so it is counted once. Back-pressure:
 * every event a line releases is counted before the next line is read, so
 * no queue drops.
 *
 * Trusts its flags only after checking them (a bad one: exit 2); trusts no
 * input line. Threads: the main thread owns sources, scanners, the live
 * store and the state; HTTP threads only copy the published snapshot under
 * pub_lock, which the main thread holds only while copying into it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "serve.h"

#include "oomscan_revision.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "../collector/journal.h"
#include "../collector/k8snames.h"
#include "../collector/kmsg.h"
#include "../collector/source.h"
#include "../collector/state.h"
#include "../store/store.h"
#include "../core/log.h"
#include "../exporter/http.h"
#include "../parsers/apprules.h"
#include "../parsers/scan.h"
#include "../pipeline/pipeline.h"

#ifndef OOMSCAN_VERSION
#define OOMSCAN_VERSION "0.0.0"
#endif

#define SERVE_MAX_FOLLOW (STORE_SOURCES_MAX - 4)
#define JOURNAL_MAX_UNITS_OPT SOURCE_MAX_UNITS /* --journal-unit */
#define SERVE_POLL_MS 100          /* longest sleep between looks at files */
#define SERVE_IDLE_FLUSH_MS 300    /* a source this quiet releases held events */
#define SERVE_SAVE_MIN_MS 1000     /* a state write a second while lines come in */
#define SERVE_SAVE_EVENTS 2000     /* ... or sooner once this many events were counted */
#define SERVE_SAVE_SOON_MS 250     /* the least time between writes for many events */
#define SERVE_SAVE_MAX_MS 5000     /* a write at least this often while a backlog is read */
#define SERVE_PUBLISH_MS 100       /* snapshot copies at most this often */
#define SERVE_LINES_PER_ROUND 4096 /* per source, so none starves the others */
#define SERVE_MAX_LINE 65536
#define SERVE_CATCHUP_MS 10000     /* longest read of the backlog before serving */

/* One opened source and its scanner. */
struct input {
	struct serve *sv;
	const char *name;    /* the source's */
	struct source *src;
	struct pipeline *pl; /* its scanner, into the live store */
	int64_t last_data_ms;
	int idle_flushed;
	uint64_t lost_base;  /* records_lost restored from the state */
	uint64_t switches;   /* rotations and truncations seen so far */
	int failed;          /* a read error was logged */
	struct source_health health;
};

/* A source the flags name: its type and what to open. */
struct want {
	const struct source_type *t;
	struct source_spec spec;
};

struct options {
	struct want want[STORE_SOURCES_MAX];
	int n_want;
	int n_follow;
	int from_start;
	const char *state_file;
	const char *pods_dir;  /* --kubernetes.pods-dir, NULL: no names */
	int pods_refresh;      /* --kubernetes.refresh seconds */
	int host_label;        /* --host-label */
	int max_labels;
	struct http_config http;
	enum log_level level;
	enum log_format format;
};

struct serve {
	struct options opt;
	struct app_rules *rules;
	struct k8s_names *k8s;
	struct input src[STORE_SOURCES_MAX];
	int n_src;
	struct store *live;
	struct store *pub;
	pthread_mutex_t pub_lock;
	atomic_int ready;
	struct state state;
	int64_t last_save_ms;
	int64_t last_pub_ms;
	int dirty;      /* counted lines not in the state file yet */
	uint64_t counted; /* events and notes counted since the last state write */
	int pub_dirty;  /* changes not in the published snapshot yet */
	int pub_events; /* events or amendments among them */
	int save_failing;
	int save_soon;  /* a file was switched: save at the end of this round */
	int caught_up;  /* the last round read every source to its end */
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: oomscan serve [options] [-]\n"
		"\n"
		"Sources (default: --kmsg when /dev/kmsg can be read):\n"
		"  --kmsg[=PATH]                read kernel records from /dev/kmsg (or PATH)\n"
		"  --follow PATH                follow a log file across rotation (repeatable)\n"
		"  --journal[=DIR]              read kernel messages from the systemd journal, or from\n"
		"                               the journal files in DIR%s\n"
		"  --journal-unit UNIT          also read the messages of UNIT, or of the units a shell pattern\n"
		"                               matches ('*', 'redis-*.service') (repeatable; implies --journal)\n"
		"  -                            read standard input\n"
		"  --from-start                 read followed files from their start on first run\n"
		"\n"
		"State and limits:\n"
		"  --state-file PATH            resume state (default %s; \"\" for none)\n"
		"  --max-label-values N         distinct label values per table (default %d)\n"
		"  --host-label                 label series with the host each log line names\n"
		"                               (central syslog files holding many hosts)\n"
		"\n"
		"Kubernetes:\n"
		"  --kubernetes.pods-dir DIR    name pods and containers from the kubelet's log tree\n"
		"                               (/var/log/pods; links in DIR/../containers)\n"
		"  --kubernetes.refresh SECS    rescan it at least this often (default %d)\n"
		"\n"
		"Web:\n"
		"  --web.listen-address ADDR    address to listen on (repeatable, default %s)\n"
		"  --web.telemetry-path PATH    metrics path (default %s)\n"
		"  --web.config.file FILE       TLS and basic auth config (exporter-toolkit format)\n"
		"  --web.max-requests N         concurrent requests (default %d)\n"
		"\n"
		"Logging and info:\n"
		"  --log.level LEVEL            debug, info, warn, error (default info)\n"
		"  --log.format FORMAT          logfmt or json (default logfmt)\n"
		"  --version                    version and build features\n"
		"  -h, --help                   this help\n",
		source_type_journal.not_built ? " (not in this build)" : "",
		STATE_DEFAULT_PATH, STORE_DEFAULT_MAX_LABELS, K8S_DEFAULT_REFRESH_SEC,
		HTTP_DEFAULT_LISTEN,
		HTTP_DEFAULT_TELEMETRY_PATH, HTTP_DEFAULT_MAX_REQUESTS);
}

static void version(void)
{
	int i, n = 0;

	printf("oomscan serve version %s (git %s)\n", OOMSCAN_VERSION, OOMSCAN_REVISION);
	printf("features:");
	for (i = 0; i < source_type_count; i++) {
		if (!source_types[i]->not_built)
			printf("%s %s", n++ ? "," : "", source_types[i]->feature);
	}
	for (i = 0; i < source_type_count; i++) {
		if (source_types[i]->not_built)
			printf(" (%s: no --%s)", source_types[i]->not_built,
			       source_types[i]->feature);
	}
	printf("\n");
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* The want of a type that is opened once (kmsg, stdin, the journal),
 * created on first use; NULL when the type is not in this build (after a
 * message naming flag) or the table is full. */
static struct want *want_once(struct options *o, const char *type, const char *flag)
{
	const struct source_type *t = source_type_find(type);
	int i;

	if (t->not_built) {
		fprintf(stderr, "oomscan serve: %s: this build has no %s support (%s)\n",
			flag, t->name, t->not_built);
		return NULL;
	}
	for (i = 0; i < o->n_want; i++) {
		if (o->want[i].t == t)
			return &o->want[i];
	}
	if (o->n_want >= STORE_SOURCES_MAX)
		return NULL;
	o->want[o->n_want].t = t;
	return &o->want[o->n_want++];
}

/* --follow PATH: a path named twice is one source. Returns 0 or 2. */
static int want_follow(struct options *o, const char *path)
{
	int i;

	if (o->n_follow >= SERVE_MAX_FOLLOW) {
		fprintf(stderr, "oomscan serve: at most %d --follow files\n", SERVE_MAX_FOLLOW);
		return 2;
	}
	for (i = 0; i < o->n_want; i++) {
		if (o->want[i].t == &source_type_file && strcmp(o->want[i].spec.path, path) == 0)
			return 0;
	}
	o->want[o->n_want].t = &source_type_file;
	o->want[o->n_want++].spec.path = path;
	o->n_follow++;
	return 0;
}

enum {
	OPT_KMSG = 256, OPT_FOLLOW, OPT_JOURNAL, OPT_JOURNAL_UNIT, OPT_FROM_START,
	OPT_STATE_FILE, OPT_MAX_LABELS, OPT_HOST_LABEL, OPT_PODS_DIR, OPT_PODS_REFRESH,
	OPT_LISTEN, OPT_TELEMETRY, OPT_WEB_CONFIG, OPT_MAX_REQUESTS, OPT_LOG_LEVEL,
	OPT_LOG_FORMAT, OPT_VERSION,
};

static const struct option serve_opts[] = {
	{ "kmsg", optional_argument, NULL, OPT_KMSG },
	{ "follow", required_argument, NULL, OPT_FOLLOW },
	{ "journal", optional_argument, NULL, OPT_JOURNAL },
	{ "journal-unit", required_argument, NULL, OPT_JOURNAL_UNIT },
	{ "from-start", no_argument, NULL, OPT_FROM_START },
	{ "state-file", required_argument, NULL, OPT_STATE_FILE },
	{ "max-label-values", required_argument, NULL, OPT_MAX_LABELS },
	{ "host-label", no_argument, NULL, OPT_HOST_LABEL },
	{ "kubernetes.pods-dir", required_argument, NULL, OPT_PODS_DIR },
	{ "kubernetes.refresh", required_argument, NULL, OPT_PODS_REFRESH },
	{ "web.listen-address", required_argument, NULL, OPT_LISTEN },
	{ "web.telemetry-path", required_argument, NULL, OPT_TELEMETRY },
	{ "web.config.file", required_argument, NULL, OPT_WEB_CONFIG },
	{ "web.max-requests", required_argument, NULL, OPT_MAX_REQUESTS },
	{ "log.level", required_argument, NULL, OPT_LOG_LEVEL },
	{ "log.format", required_argument, NULL, OPT_LOG_FORMAT },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The long name of option val, for messages. */
static const char *opt_name(int val)
{
	int i;

	for (i = 0; serve_opts[i].name; i++) {
		if (serve_opts[i].val == val)
			return serve_opts[i].name;
	}
	return "?";
}

/* Takes one flag's value. Returns 0, or 2 after a message. */
static int take_value(struct options *o, int c, const char *v)
{
	struct want *w;

	switch (c) {
	case OPT_KMSG:
		if (v && !*v) {
			fprintf(stderr, "oomscan serve: --kmsg= needs a path\n");
			return 2;
		}
		w = want_once(o, "kmsg", "--kmsg");
		if (!w)
			return 2;
		w->spec.path = v;
		return 0;
	case OPT_JOURNAL:
		w = want_once(o, "journal", "--journal");
		if (!w)
			return 2;
		if (v && !*v) {
			fprintf(stderr, "oomscan serve: --journal= needs a directory\n");
			return 2;
		}
		if (v)
			w->spec.path = v;
		return 0;
	case OPT_JOURNAL_UNIT:
		w = want_once(o, "journal", "--journal-unit");
		if (!w)
			return 2;
		if (w->spec.n_units >= JOURNAL_MAX_UNITS_OPT) {
			fprintf(stderr, "oomscan serve: at most %d --journal-unit\n",
				JOURNAL_MAX_UNITS_OPT);
			return 2;
		}
		if (!v[0] || strlen(v) > JOURNAL_UNIT_MAX) {
			fprintf(stderr, "oomscan serve: --journal-unit: a unit name or pattern of 1 to %d bytes\n",
				JOURNAL_UNIT_MAX);
			return 2;
		}
		w->spec.units[w->spec.n_units++] = v;
		return 0;
	case OPT_FOLLOW:
		return want_follow(o, v);
	case OPT_STATE_FILE:
		o->state_file = v;
		return 0;
	case OPT_PODS_DIR:
		o->pods_dir = v;
		return 0;
	case OPT_PODS_REFRESH:
		if (parse_int(v, 1, 86400, &o->pods_refresh) < 0) {
			fprintf(stderr, "oomscan serve: --kubernetes.refresh: "
				"want 1..86400 seconds, got \"%s\"\n", v);
			return 2;
		}
		return 0;
	case OPT_MAX_LABELS:
		if (parse_int(v, 1, STORE_SERIES_MAX, &o->max_labels) < 0) {
			fprintf(stderr, "oomscan serve: --max-label-values: "
				"want 1..%d, got \"%s\"\n", STORE_SERIES_MAX, v);
			return 2;
		}
		return 0;
	case OPT_LISTEN:
		if (o->http.n_listen >= HTTP_MAX_LISTEN) {
			fprintf(stderr, "oomscan serve: at most %d "
				"--web.listen-address\n", HTTP_MAX_LISTEN);
			return 2;
		}
		o->http.listen[o->http.n_listen++] = v;
		return 0;
	case OPT_TELEMETRY:
		if (v[0] != '/') {
			fprintf(stderr, "oomscan serve: --web.telemetry-path "
				"must start with /: \"%s\"\n", v);
			return 2;
		}
		o->http.telemetry_path = v;
		return 0;
	case OPT_WEB_CONFIG:
		o->http.web_config_file = *v ? v : NULL;
		return 0;
	case OPT_MAX_REQUESTS:
		if (parse_int(v, 1, 100000, &o->http.max_requests) < 0) {
			fprintf(stderr, "oomscan serve: --web.max-requests: "
				"want a positive number, got \"%s\"\n", v);
			return 2;
		}
		return 0;
	case OPT_LOG_LEVEL:
		if (log_parse_level(v, &o->level) < 0) {
			fprintf(stderr, "oomscan serve: --log.level: want debug, "
				"info, warn or error, got \"%s\"\n", v);
			return 2;
		}
		return 0;
	case OPT_LOG_FORMAT:
		if (log_parse_format(v, &o->format) < 0) {
			fprintf(stderr, "oomscan serve: --log.format: want logfmt "
				"or json, got \"%s\"\n", v);
			return 2;
		}
		return 0;
	}
	return 0;
}

/* Flags whose value must not be empty. */
static int needs_nonempty(int c)
{
	return c == OPT_FOLLOW || c == OPT_JOURNAL_UNIT || c == OPT_PODS_DIR ||
	       c == OPT_LISTEN;
}

/* Returns 0, 1 when done (help/version printed), or 2 on a bad flag. */
static int parse_flags(int argc, char **argv, struct options *o)
{
	int c, r;

	memset(o, 0, sizeof(*o));
	o->state_file = STATE_DEFAULT_PATH;
	o->max_labels = STORE_DEFAULT_MAX_LABELS;
	o->level = LOG_INFO;
	o->format = LOG_FMT_LOGFMT;
	o->http.version = OOMSCAN_VERSION;
	o->http.have_journal = !source_type_journal.not_built;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", serve_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 1;
		case OPT_VERSION:
			version();
			return 1;
		case OPT_FROM_START:
			o->from_start = 1;
			break;
		case OPT_HOST_LABEL:
			o->host_label = 1;
			break;
		case ':':
			fprintf(stderr, "oomscan serve: --%s needs a value\n", opt_name(optopt));
			return 2;
		case '?':
			if (optopt && optopt < 256)
				fprintf(stderr, "oomscan serve: unknown flag \"-%c\" "
					"(oomscan serve --help)\n", optopt);
			else
				fprintf(stderr, "oomscan serve: unknown flag \"%s\" "
					"(oomscan serve --help)\n", argv[optind - 1]);
			return 2;
		default:
			if (optarg && !*optarg && needs_nonempty(c)) {
				fprintf(stderr, "oomscan serve: --%s needs a value\n", opt_name(c));
				return 2;
			}
			r = take_value(o, c, optarg);
			if (r)
				return r;
		}
	}
	/* The one operand is "-": standard input. */
	for (; optind < argc; optind++) {
		if (strcmp(argv[optind], "-") != 0) {
			fprintf(stderr, "oomscan serve: unknown flag \"%s\" "
				"(oomscan serve --help)\n", argv[optind]);
			return 2;
		}
		if (!want_once(o, "stdin", "-"))
			return 2;
	}
	if (!o->n_want) {
		if (access(KMSG_DEFAULT_PATH, R_OK) != 0) {
			fprintf(stderr, "oomscan serve: no source named and %s cannot be "
				"read: name --kmsg, --follow PATH, --journal or -\n",
				KMSG_DEFAULT_PATH);
			return 2;
		}
		want_once(o, "kmsg", "--kmsg");
	}
	return 0;
}

/* --- the snapshot the HTTP threads read ----------------------------------- */

static void snap_copy(void *arg, struct store *dst)
{
	struct serve *sv = arg;

	pthread_mutex_lock(&sv->pub_lock);
	store_copy_counters(dst, sv->pub);
	pthread_mutex_unlock(&sv->pub_lock);
}

static void snap_copy_recent(void *arg, struct store *dst)
{
	struct serve *sv = arg;

	pthread_mutex_lock(&sv->pub_lock);
	store_copy_recent(dst, sv->pub);
	pthread_mutex_unlock(&sv->pub_lock);
}

static int snap_ready(void *arg)
{
	struct serve *sv = arg;

	return atomic_load(&sv->ready);
}

static void publish(struct serve *sv, int64_t now)
{
	pthread_mutex_lock(&sv->pub_lock);
	store_publish(sv->pub, sv->live);
	pthread_mutex_unlock(&sv->pub_lock);
	sv->pub_dirty = 0;
	sv->pub_events = 0;
	sv->last_pub_ms = now;
}

/* --- sources -------------------------------------------------------------- */

/* Writes "%lld" of v into buf, or "" when the log did not carry it. */
static const char *num_or_empty(char *buf, size_t n, int64_t v)
{
	if (v == EV_NONE)
		buf[0] = '\0';
	else
		snprintf(buf, n, "%lld", (long long)v);
	return buf;
}

/* One info line per event, its fields as separate keys (logfmt or JSON). */
static void log_event(const struct input *s, const struct oom_event *ev)
{
	char line[24], pid[24], rss[24], uid[24], when[40];
	struct log_field f[] = {
		{ "kind", event_kind_name(ev->kind) },
		{ "source", s->name },
		{ "line", num_or_empty(line, sizeof(line), ev->line) },
		{ "host", ev->host },
		{ "time", event_format_time(ev, when, sizeof(when)) == 0 ? when : "" },
		{ "comm", ev->comm },
		{ "pid", num_or_empty(pid, sizeof(pid), ev->pid) },
		{ "uid", num_or_empty(uid, sizeof(uid), ev->uid) },
		{ "rss_kb", num_or_empty(rss, sizeof(rss), event_rss_kb(ev)) },
		{ "systemd_unit", ev->systemd_unit },
		{ "namespace", ev->k8s_namespace },
		{ "pod", ev->k8s_pod },
		{ "container", ev->k8s_container },
		{ "pod_uid", ev->pod_uid },
		{ "container_id", ev->container_id },
		{ "constraint", ev->constraint },
		{ "killer", ev->killer },
		{ "runtime", ev->runtime },
	};

	log_fields(LOG_INFO, "oom event", f, (int)(sizeof(f) / sizeof(f[0])));
}

/* Fills the event's Kubernetes names from the pods tree, when known. */
static void name_workload(struct k8s_names *k, struct oom_event *ev)
{
	struct k8s_identity id;

	if (!k8s_names_lookup(k, ev->pod_uid, ev->container_id, (int64_t)time(NULL), &id))
		return;
	EVENT_SET(ev, k8s_namespace, id.namespace_, strlen(id.namespace_), EV_CUT_OTHER);
	EVENT_SET(ev, k8s_pod, id.pod, strlen(id.pod), EV_CUT_OTHER);
	EVENT_SET(ev, k8s_container, id.container, strlen(id.container), EV_CUT_OTHER);
}

/* The pipeline's sink: names the workload, counts the event, logs it. */
static void count_event(void *arg, struct oom_event *ev)
{
	struct input *s = arg;
	struct serve *sv = s->sv;

	sv->counted++;
	sv->pub_dirty = 1;
	sv->pub_events = 1;
	if (sv->k8s && (ev->pod_uid[0] || ev->container_id[0]))
		name_workload(sv->k8s, ev);
	store_add_event(sv->live, ev);
	/* Events without a time of their own count as seen now for the
	 * last-event gauge (the event itself keeps no invented time). */
	if (ev->time_sec == EV_NONE)
		store_mark_seen(sv->live, ev->kind, (double)time(NULL));
	log_event(s, ev);
}

static void count_note(void *arg, struct oom_note *note)
{
	struct input *s = arg;

	s->sv->counted++;
	s->sv->pub_dirty = 1;
	store_add_note(s->sv->live, note);
}

/* A kill counted before its oom_reaper line came: count it reaped. */
static void count_amend(void *arg, const struct oom_amend *a)
{
	struct input *s = arg;

	if (store_amend_reaped(s->sv->live, a)) {
		s->sv->pub_dirty = 1;
		s->sv->pub_events = 1;
	}
}

/* Counts what the source's scanner released (the sink marks the snapshot
 * stale for events and notes; here for the other counters). */
static void drain_scanner(struct serve *sv, struct input *s)
{
	int moved;

	pipeline_drain(s->pl, &moved);
	if (moved)
		sv->pub_dirty = 1;
}

/* Releases what the scanner still holds (an allocation failure waiting for
 * its Mem-Info lines; kills leave at once in serve) and counts it. */
static void flush_input(struct serve *sv, struct input *s)
{
	if (pipeline_flush(s->pl, 0))
		sv->pub_dirty = 1;
}

/* Reads what a source has now (bounded); returns the number of lines. */
static int source_read(struct serve *sv, struct input *s, int64_t now)
{
	struct store_source *ss = pipeline_slot(s->pl);
	int r, n;

	n = pipeline_read(s->pl, s->src, SERVE_LINES_PER_ROUND, &r);
	if (r < 0 && !s->failed) {
		log_warn("read error on source %s: %s", s->name, strerror(errno));
		s->failed = 1;
	} else if (n > 0) {
		s->failed = 0;
	}
	source_health(s->src, &s->health);
	if (ss) /* not up once stdin ended */
		store_source_health(ss, !s->failed && s->health.open,
				    s->lost_base + s->health.lost);
	drain_scanner(sv, s);
	/* The cursor now names another file: the old one may be gone soon,
	 * so the state should not keep pointing at it. */
	if (s->health.switches != s->switches) {
		s->switches = s->health.switches;
		sv->save_soon = 1;
	}
	if (n > 0) {
		s->last_data_ms = now;
		s->idle_flushed = 0;
		sv->dirty = 1;
		sv->pub_dirty = 1;
	} else if (!s->idle_flushed && now - s->last_data_ms >= SERVE_IDLE_FLUSH_MS) {
		flush_input(sv, s);
		s->idle_flushed = 1;
	}
	return n;
}

/* Opens one source with its state cursor, then its scanner, configured
 * with what the source knows (the boot time of /dev/kmsg). */
static int source_add(struct serve *sv, const struct want *w, int have_state)
{
	const char *name = w->t->fixed_name ? w->t->fixed_name : w->spec.path;
	struct state_cursor *c = state_find(&sv->state, name);
	struct source_spec spec = w->spec;
	struct pipeline_sink sink = { .event = count_event, .note = count_note,
				      .amend = count_amend };
	struct store_source *ss;
	struct scan_config cfg;
	struct input *s;
	struct tm tm;
	time_t t = time(NULL);
	char err[512];

	if (sv->n_src >= STORE_SOURCES_MAX) {
		log_error("out of memory opening sources");
		return -1;
	}
	s = &sv->src[sv->n_src];
	memset(s, 0, sizeof(*s));
	s->sv = sv;
	sink.arg = s;
	spec.from_start = sv->opt.from_start && !(have_state && c);
	spec.max_line = SERVE_MAX_LINE;
	if (c && (!w->t->has_cursor || c->type != w->t->cursor_type))
		c = NULL;
	s->src = source_open(w->t, name, &spec, c, err, sizeof(err));
	if (!s->src) {
		log_error("cannot open %s: %s", w->t->title, err);
		return -1;
	}
	s->name = source_name(s->src);
	source_health(s->src, &s->health);
	gmtime_r(&t, &tm);
	memset(&cfg, 0, sizeof(cfg));
	cfg.rules = sv->rules;
	cfg.year_hint = tm.tm_year + 1900;
	cfg.ref_time = (int64_t)t;
	cfg.boot_usec = source_boot_usec(s->src);
	cfg.publish_early = 1; /* kills reach /metrics at once */
	s->pl = pipeline_new(&cfg, s->name, sv->live, &sink);
	if (!s->pl) {
		source_close(s->src);
		log_error("out of memory opening sources");
		return -1;
	}
	s->last_data_ms = now_ms();
	ss = pipeline_slot(s->pl);
	if (ss)
		s->lost_base = ss->records_lost;
	sv->n_src++;
	return 0;
}

/* Opens the sources the flags name, in the order of the table of types. */
static int sources_open(struct serve *sv, int have_state)
{
	const struct options *o = &sv->opt;
	struct store_source *ss;
	int i, k;

	for (k = 0; k < source_type_count; k++) {
		for (i = 0; i < o->n_want; i++) {
			if (o->want[i].t == source_types[k] &&
			    source_add(sv, &o->want[i], have_state) < 0)
				return -1;
		}
	}
	for (i = 0; i < sv->n_src; i++) {
		ss = pipeline_slot(sv->src[i].pl);
		if (ss)
			store_source_health(ss, 1, ss->records_lost);
	}
	return 0;
}

static void sources_close(struct serve *sv)
{
	int i;

	for (i = 0; i < sv->n_src; i++) {
		pipeline_free(sv->src[i].pl);
		source_close(sv->src[i].src);
	}
	sv->n_src = 0;
}

/* --- the state file ------------------------------------------------------- */

static void state_update(struct serve *sv)
{
	struct state_cursor pos, *c;
	int i;

	for (i = 0; i < sv->n_src; i++) {
		struct input *s = &sv->src[i];

		if (source_save(s->src, &pos) < 0)
			continue;
		c = state_cursor(&sv->state, s->name, pos.type);
		if (c)
			*c = pos;
	}
}

/* Flushes held events, then writes cursors and counters together. */
static void state_write(struct serve *sv, int64_t now)
{
	char err[512];
	int i;

	for (i = 0; i < sv->n_src; i++) {
		flush_input(sv, &sv->src[i]);
	}
	sv->last_save_ms = now;
	if (!sv->opt.state_file || !sv->opt.state_file[0]) {
		sv->dirty = 0;
		return;
	}
	state_update(sv);
	if (state_save(sv->opt.state_file, &sv->state, sv->live, err, sizeof(err)) < 0) {
		store_count_state_write_error(sv->live);
		sv->pub_dirty = 1;
		if (!sv->save_failing)
			log_warn("cannot write the state file: %s", err);
		sv->save_failing = 1;
		return;
	}
	if (sv->save_failing)
		log_info("state file written again: %s", sv->opt.state_file);
	sv->save_failing = 0;
	sv->dirty = 0;
	sv->save_soon = 0;
	sv->counted = 0;
}

/*
 * Saving follows what was counted: once a second while lines come in (busy
 * or idle), sooner once SERVE_SAVE_EVENTS events and notes were counted, so
 * a kill -9 re-reads at most about a second of lines. A write releases what
 * the scanners hold (allocation failures waiting for their Mem-Info lines),
 * so it waits for a round that read every source to its end (a follow-up
 * line in the next round of a backlog would come too late to fold), except
 * every SERVE_SAVE_MAX_MS. A file switch is saved at the end of the round
 * that saw it, before the new file's events are published: until then the
 * state names the old file, and a new file renamed away while the server is
 * down after a kill -9 would be tied to nothing (its lines lost).
 */
static int save_due(const struct serve *sv, int64_t now)
{
	int64_t since = now - sv->last_save_ms;

	if (!sv->dirty)
		return 0;
	if (since >= SERVE_SAVE_MAX_MS)
		return 1;
	if (!sv->caught_up)
		return 0;
	if (sv->save_soon)
		return 1;
	if (since < SERVE_SAVE_SOON_MS)
		return 0;
	return since >= SERVE_SAVE_MIN_MS || sv->counted >= SERVE_SAVE_EVENTS;
}

/*
 * Reads what the sources hold now and releases held events, before the first
 * snapshot is published: after a restart from an older state (kill -9), the
 * lines read since that state are counted again before anyone can scrape, so
 * no counter is ever seen going down. Bounded by SERVE_CATCHUP_MS.
 */
static void catch_up(struct serve *sv)
{
	int64_t start = now_ms(), now;
	int i, got;

	do {
		now = now_ms();
		got = 0;
		for (i = 0; i < sv->n_src; i++)
			got += source_read(sv, &sv->src[i], now);
	} while (got && now - start < SERVE_CATCHUP_MS);
	for (i = 0; i < sv->n_src; i++) {
		flush_input(sv, &sv->src[i]);
	}
}

/* --- main loop -------------------------------------------------------------- */

static int run(struct serve *sv, int sfd, struct http_server *http)
{
	struct pollfd pfd[STORE_SOURCES_MAX + 1];
	struct signalfd_siginfo si;
	int64_t now;
	int i, n, rd, got, timeout = 0;

	for (;;) {
		n = 0;
		pfd[n].fd = sfd;
		pfd[n++].events = POLLIN;
		for (i = 0; i < sv->n_src; i++) {
			int fd = sv->src[i].health.fd;

			if (fd >= 0) {
				pfd[n].fd = fd;
				pfd[n++].events = POLLIN;
			}
		}
		if (poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR) {
			log_error("poll: %s", strerror(errno));
			return 1;
		}
		if (pfd[0].revents & POLLIN) {
			while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
				if (si.ssi_signo == SIGHUP) {
					log_info("SIGHUP: reopening files and the web config");
					for (i = 0; i < sv->n_src; i++)
						source_reopen(sv->src[i].src);
					if (http)
						http_reload(http);
				} else {
					log_info("signal %u: saving state and exiting",
						 si.ssi_signo);
					state_write(sv, now_ms());
					publish(sv, now_ms());
					return 0;
				}
			}
		}
		now = now_ms();
		got = 0;
		sv->caught_up = 1;
		for (i = 0; i < sv->n_src; i++) {
			rd = source_read(sv, &sv->src[i], now);
			if (rd >= SERVE_LINES_PER_ROUND)
				sv->caught_up = 0;
			got += rd;
		}
		now = now_ms();
		if (save_due(sv, now))
			state_write(sv, now);
		/* A new event is published at once; other changes (line
		 * counts while a backlog is read) at most every SERVE_PUBLISH_MS. */
		if (sv->pub_dirty && (sv->pub_events || !got ||
				      now - sv->last_pub_ms >= SERVE_PUBLISH_MS))
			publish(sv, now);
		timeout = got ? 0 : SERVE_POLL_MS;
	}
}

int serve_main(int argc, char **argv)
{
	struct serve *sv;
	struct http_snapshot_source hs;
	struct http_server *http = NULL;
	struct store *restored = NULL;
	sigset_t mask;
	char err[512];
	int r, sfd = -1, ret = 1, lock_init = 0;

	sv = calloc(1, sizeof(*sv));
	if (!sv) {
		fprintf(stderr, "oomscan serve: out of memory\n");
		return 1;
	}
	r = parse_flags(argc, argv, &sv->opt);
	if (r) {
		free(sv);
		return r == 1 ? 0 : 2;
	}
	log_set_level(sv->opt.level);
	log_set_format(sv->opt.format);

	if (sv->opt.pods_dir) {
		sv->k8s = k8s_names_new(sv->opt.pods_dir, sv->opt.pods_refresh);
		if (!sv->k8s) {
			log_error("cannot start: out of memory (or a too long --kubernetes.pods-dir)");
			goto out;
		}
		if (k8s_names_scan(sv->k8s, (int64_t)time(NULL)) < 0)
			log_warn("cannot read %s yet: %s (pods are named once it can be read)",
				 sv->opt.pods_dir, strerror(errno));
	}
	sv->rules = app_rules_new(err, sizeof(err));
	sv->live = store_new(sv->opt.max_labels);
	sv->pub = store_new(sv->opt.max_labels);
	restored = store_new(sv->opt.max_labels);
	if (!sv->rules || !sv->live || !sv->pub || !restored) {
		log_error("cannot start: %s", sv->rules ? "out of memory" : err);
		goto out;
	}
	store_set_labels(sv->live, 0, sv->opt.host_label);
	store_set_labels(sv->pub, 0, sv->opt.host_label);
	if (pthread_mutex_init(&sv->pub_lock, NULL) != 0)
		goto out;
	lock_init = 1;

	r = 1;
	if (sv->opt.state_file && sv->opt.state_file[0]) {
		r = state_load(sv->opt.state_file, &sv->state, restored, err, sizeof(err));
		if (r < 0) {
			log_warn("ignoring the state file and starting fresh: %s", err);
		} else if (r == 0) {
			store_set_labels(restored, sv->live->max_labels, sv->live->host_label);
			store_copy(sv->live, restored);
			log_info("resumed from %s", sv->opt.state_file);
		}
	}

	/* Signals go to the signalfd; block them before any thread starts. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	signal(SIGPIPE, SIG_IGN);
	if (pthread_sigmask(SIG_BLOCK, &mask, NULL) != 0 ||
	    (sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0) {
		log_error("signalfd: %s", strerror(errno));
		goto out;
	}

	if (sources_open(sv, r == 0) < 0)
		goto out;
	catch_up(sv);
	publish(sv, now_ms());

	hs.copy = snap_copy;
	hs.copy_recent = snap_copy_recent;
	hs.ready = snap_ready;
	hs.arg = sv;
	http = http_start(&sv->opt.http, &hs, err, sizeof(err));
	if (!http) {
		log_error("cannot start the web server: %s", err);
		goto out;
	}
	atomic_store(&sv->ready, 1);
	log_info("oomscan serve %s started: %d source(s), state file %s",
		 OOMSCAN_VERSION, sv->n_src,
		 sv->opt.state_file && sv->opt.state_file[0] ? sv->opt.state_file : "(none)");
	sv->last_save_ms = now_ms() - SERVE_SAVE_MIN_MS;
	sv->dirty = 1;
	ret = run(sv, sfd, http);
out:
	http_stop(http);
	sources_close(sv);
	if (sfd >= 0)
		close(sfd);
	if (lock_init)
		pthread_mutex_destroy(&sv->pub_lock);
	store_free(restored);
	store_free(sv->pub);
	store_free(sv->live);
	app_rules_free(sv->rules);
	k8s_names_free(sv->k8s);
	free(sv);
	return ret;
}
