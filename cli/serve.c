/*
 * serve.c - `oomscan serve`: opens the sources (/dev/kmsg, followed files,
 * standard input, the journal), feeds one scanner per source on the main
 * thread, counts events in the live store, publishes a snapshot copy for the
 * HTTP threads and keeps the resume state file.
 *
 * Exactly once: the state file pairs each source's cursor with the counters
 * of exactly the lines before it. Before a save every scanner is flushed
 * (scan_flush(s, 0) releases kills held for their oom_reaper line) and its
 * events are counted, so a kill -9 after the save re-reads only lines whose
 * events were not counted. A report still open at the save (header read,
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

#include "../collector/follow.h"
#include "../collector/k8snames.h"
#include "../collector/kmsg.h"
#include "../collector/state.h"
#include "../store/store.h"
#ifdef OOMSCAN_HAVE_SYSTEMD
#include "../collector/journal.h"
#endif
#include "../core/log.h"
#include "../exporter/http.h"
#include "../parsers/apprules.h"
#include "../parsers/scan.h"

#ifndef OOMSCAN_VERSION
#define OOMSCAN_VERSION "0.0.0"
#endif

#define SERVE_MAX_FOLLOW (STORE_SOURCES_MAX - 4)
#define JOURNAL_MAX_UNITS_OPT 16   /* --journal-unit; JOURNAL_MAX_UNITS */
#define SERVE_POLL_MS 100          /* longest sleep between looks at files */
#define SERVE_IDLE_FLUSH_MS 300    /* a source this quiet releases held events */
#define SERVE_SAVE_MIN_MS 1000     /* a state write a second while lines come in */
#define SERVE_SAVE_EVENTS 2000     /* ... or sooner once this many events were counted */
#define SERVE_SAVE_SOON_MS 250     /* the least time between writes (file switch, many events) */
#define SERVE_SAVE_MAX_MS 5000     /* a write at least this often while a backlog is read */
#define SERVE_PUBLISH_MS 100       /* snapshot copies at most this often */
#define SERVE_LINES_PER_ROUND 4096 /* per source, so none starves the others */
#define SERVE_MAX_LINE 65536
#define SERVE_CATCHUP_MS 10000     /* longest read of the backlog before serving */

enum src_type { SRC_KMSG, SRC_FILE, SRC_STDIN, SRC_JOURNAL };

struct source {
	enum src_type type;
	char name[256];
	struct scanner *sc;
	struct kmsg *km;
	struct follow *fw;
#ifdef OOMSCAN_HAVE_SYSTEMD
	struct journal *jr;
#endif
	int64_t next_line;
	int64_t last_data_ms;
	int idle_flushed;
	uint64_t lost_base;  /* records_lost restored from the state */
	uint64_t switches;   /* rotations and truncations seen so far */
	int failed;          /* a read error was logged */
	struct scan_stats seen; /* the scanner's stats already added to the store */
};

struct options {
	int kmsg;
	const char *kmsg_path;
	const char *follow[SERVE_MAX_FOLLOW];
	int n_follow;
	int journal;
	const char *journal_dir;   /* --journal=DIR, NULL: the local journal */
	const char *journal_units[JOURNAL_MAX_UNITS_OPT];
	int n_journal_units;
	int use_stdin;
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
	struct source src[STORE_SOURCES_MAX];
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
	int save_failing;
	int save_soon;  /* a file was switched: save at the next idle moment */
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
		"  --journal-unit UNIT          also read the messages of UNIT (repeatable; implies --journal)\n"
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
#ifdef OOMSCAN_HAVE_SYSTEMD
		"",
#else
		" (not in this build)",
#endif
		STATE_DEFAULT_PATH, STORE_DEFAULT_MAX_LABELS, K8S_DEFAULT_REFRESH_SEC,
		HTTP_DEFAULT_LISTEN,
		HTTP_DEFAULT_TELEMETRY_PATH, HTTP_DEFAULT_MAX_REQUESTS);
}

static void version(void)
{
	printf("oomscan serve version %s (git %s)\n", OOMSCAN_VERSION, OOMSCAN_REVISION);
#ifdef OOMSCAN_HAVE_SYSTEMD
	printf("features: kmsg, follow, stdin, journal\n");
#else
	printf("features: kmsg, follow, stdin (built without libsystemd: no --journal)\n");
#endif
}

/*
 * Matches argv[*i] against "--name VALUE" or "--name=VALUE". Returns 1 with
 * *val set, 0 when it is another flag, -1 when the value is missing.
 */
static int flag_value(int argc, char **argv, int *i, const char *name,
		      const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*val = argv[++*i];
	return 1;
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

/* Returns 0, 1 when done (help/version printed), or 2 on a bad flag. */
static int parse_flags(int argc, char **argv, struct options *o)
{
	const char *v;
	int i, r;

	memset(o, 0, sizeof(*o));
	o->state_file = STATE_DEFAULT_PATH;
	o->max_labels = STORE_DEFAULT_MAX_LABELS;
	o->level = LOG_INFO;
	o->format = LOG_FMT_LOGFMT;
	o->http.version = OOMSCAN_VERSION;
#ifdef OOMSCAN_HAVE_SYSTEMD
	o->http.have_journal = 1;
#endif
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

#define VALUE(name) ((r = flag_value(argc, argv, &i, (name), &v)) != 0)
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 1;
		} else if (strcmp(a, "--version") == 0) {
			version();
			return 1;
		} else if (strcmp(a, "-") == 0) {
			o->use_stdin = 1;
		} else if (strcmp(a, "--kmsg") == 0) {
			o->kmsg = 1;
			o->kmsg_path = KMSG_DEFAULT_PATH;
		} else if (strncmp(a, "--kmsg=", 7) == 0) {
			o->kmsg = 1;
			o->kmsg_path = a + 7;
			if (!*o->kmsg_path) {
				fprintf(stderr, "oomscan serve: --kmsg= needs a path\n");
				return 2;
			}
		} else if (strcmp(a, "--journal") == 0 || strncmp(a, "--journal=", 10) == 0 ||
			   strcmp(a, "--journal-unit") == 0 || strncmp(a, "--journal-unit=", 15) == 0) {
#ifdef OOMSCAN_HAVE_SYSTEMD
			o->journal = 1;
			if (strncmp(a, "--journal=", 10) == 0) {
				o->journal_dir = a + 10;
				if (!*o->journal_dir) {
					fprintf(stderr, "oomscan serve: --journal= needs a directory\n");
					return 2;
				}
			} else if (strncmp(a, "--journal-unit", 14) == 0) {
				if (flag_value(argc, argv, &i, "--journal-unit", &v) < 0 || !*v)
					goto missing;
				if (o->n_journal_units >= JOURNAL_MAX_UNITS_OPT) {
					fprintf(stderr, "oomscan serve: at most %d --journal-unit\n",
						JOURNAL_MAX_UNITS_OPT);
					return 2;
				}
				o->journal_units[o->n_journal_units++] = v;
			}
#else
			fprintf(stderr, "oomscan serve: %s: this build has no "
					"journal support (built without libsystemd)\n", a);
			return 2;
#endif
		} else if (strcmp(a, "--host-label") == 0) {
			o->host_label = 1;
		} else if (strcmp(a, "--from-start") == 0) {
			o->from_start = 1;
		} else if (VALUE("--follow")) {
			if (r < 0 || !*v)
				goto missing;
			if (o->n_follow >= SERVE_MAX_FOLLOW) {
				fprintf(stderr, "oomscan serve: at most %d --follow files\n",
					SERVE_MAX_FOLLOW);
				return 2;
			}
			for (r = 0; r < o->n_follow; r++) {
				if (strcmp(o->follow[r], v) == 0)
					break;
			}
			if (r == o->n_follow) /* a path named twice is one source */
				o->follow[o->n_follow++] = v;
		} else if (VALUE("--state-file")) {
			if (r < 0)
				goto missing;
			o->state_file = v;
		} else if (VALUE("--kubernetes.pods-dir")) {
			if (r < 0 || !*v)
				goto missing;
			o->pods_dir = v;
		} else if (VALUE("--kubernetes.refresh")) {
			if (r < 0)
				goto missing;
			if (parse_int(v, 1, 86400, &o->pods_refresh) < 0) {
				fprintf(stderr, "oomscan serve: --kubernetes.refresh: "
					"want 1..86400 seconds, got \"%s\"\n", v);
				return 2;
			}
		} else if (VALUE("--max-label-values")) {
			if (r < 0)
				goto missing;
			if (parse_int(v, 1, STORE_SERIES_MAX, &o->max_labels) < 0) {
				fprintf(stderr, "oomscan serve: --max-label-values: "
					"want 1..%d, got \"%s\"\n", STORE_SERIES_MAX, v);
				return 2;
			}
		} else if (VALUE("--web.listen-address")) {
			if (r < 0 || !*v)
				goto missing;
			if (o->http.n_listen >= HTTP_MAX_LISTEN) {
				fprintf(stderr, "oomscan serve: at most %d "
					"--web.listen-address\n", HTTP_MAX_LISTEN);
				return 2;
			}
			o->http.listen[o->http.n_listen++] = v;
		} else if (VALUE("--web.telemetry-path")) {
			if (r < 0)
				goto missing;
			if (v[0] != '/') {
				fprintf(stderr, "oomscan serve: --web.telemetry-path "
					"must start with /: \"%s\"\n", v);
				return 2;
			}
			o->http.telemetry_path = v;
		} else if (VALUE("--web.config.file")) {
			if (r < 0)
				goto missing;
			o->http.web_config_file = *v ? v : NULL;
		} else if (VALUE("--web.max-requests")) {
			if (r < 0)
				goto missing;
			if (parse_int(v, 1, 100000, &o->http.max_requests) < 0) {
				fprintf(stderr, "oomscan serve: --web.max-requests: "
					"want a positive number, got \"%s\"\n", v);
				return 2;
			}
		} else if (VALUE("--log.level")) {
			if (r < 0)
				goto missing;
			if (log_parse_level(v, &o->level) < 0) {
				fprintf(stderr, "oomscan serve: --log.level: want debug, "
					"info, warn or error, got \"%s\"\n", v);
				return 2;
			}
		} else if (VALUE("--log.format")) {
			if (r < 0)
				goto missing;
			if (log_parse_format(v, &o->format) < 0) {
				fprintf(stderr, "oomscan serve: --log.format: want logfmt "
					"or json, got \"%s\"\n", v);
				return 2;
			}
		} else {
			fprintf(stderr, "oomscan serve: unknown flag \"%s\" "
				"(oomscan serve --help)\n", a);
			return 2;
		}
#undef VALUE
		continue;
missing:
		fprintf(stderr, "oomscan serve: %s needs a value\n", a);
		return 2;
	}
	if (!o->kmsg && !o->n_follow && !o->journal && !o->use_stdin) {
		if (access(KMSG_DEFAULT_PATH, R_OK) != 0) {
			fprintf(stderr, "oomscan serve: no source named and %s cannot be "
				"read: name --kmsg, --follow PATH, --journal or -\n",
				KMSG_DEFAULT_PATH);
			return 2;
		}
		o->kmsg = 1;
		o->kmsg_path = KMSG_DEFAULT_PATH;
	}
	return 0;
}

/* --- the snapshot the HTTP threads read ----------------------------------- */

static void snap_copy(void *arg, struct store *dst)
{
	struct serve *sv = arg;

	pthread_mutex_lock(&sv->pub_lock);
	store_copy(dst, sv->pub);
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
	store_copy(sv->pub, sv->live);
	pthread_mutex_unlock(&sv->pub_lock);
	sv->pub_dirty = 0;
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
static void log_event(const struct source *s, const struct oom_event *ev)
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

static void count_event(struct serve *sv, struct source *s, struct oom_event *ev)
{
	double now;

	if (sv->k8s && (ev->pod_uid[0] || ev->container_id[0]))
		name_workload(sv->k8s, ev);
	store_add_event(sv->live, ev);
	/* Events without a time of their own count as seen now for the
	 * last-event gauge (the event itself keeps no invented time). */
	if (ev->time_sec == EV_NONE && (unsigned)ev->kind < EV_KIND_COUNT) {
		now = (double)time(NULL);
		if (now > sv->live->last_event_time[ev->kind])
			sv->live->last_event_time[ev->kind] = now;
	}
	log_event(s, ev);
}

#define ADD_DELTA(dst, cur, seen, f) ((dst) += (cur)->f - (seen)->f, (cur)->f != (seen)->f)

/* Adds what the scanner counted since the last call (drops, which never
 * happen while the loop pops after every line, hosts evicted, the ledger)
 * to the store. Returns the number of counters that moved. */
static int add_stats(struct store *st, const struct scan_stats *cur, struct scan_stats *seen)
{
	int n = 0;

	n += ADD_DELTA(st->events_dropped, cur, seen, events_dropped);
	n += ADD_DELTA(st->notes_dropped, cur, seen, notes_dropped);
	n += ADD_DELTA(st->hosts_evicted, cur, seen, hosts_evicted);
	n += ADD_DELTA(st->ledger.anchors, cur, seen, anchors);
	n += ADD_DELTA(st->ledger.events, cur, seen, events);
	n += ADD_DELTA(st->ledger.folded, cur, seen, folded);
	n += ADD_DELTA(st->ledger.incomplete, cur, seen, incomplete);
	n += ADD_DELTA(st->ledger.unrecognised, cur, seen, unrecognised);
	*seen = *cur;
	return n;
}

static int drain_scanner(struct serve *sv, struct source *s)
{
	struct oom_event ev;
	struct oom_note note;
	int n = 0, got;

	/* Until both are empty: popping a note can release more events. */
	do {
		got = 0;
		while (scan_pop(s->sc, &ev)) {
			count_event(sv, s, &ev);
			got++;
		}
		while (scan_pop_note(s->sc, &note)) {
			store_add_note(sv->live, &note);
			got++;
		}
		n += got;
	} while (got);
	sv->counted += (uint64_t)n;
	n += add_stats(sv->live, scan_stats(s->sc), &s->seen);
	if (n)
		sv->pub_dirty = 1;
	return n;
}

static int source_next(struct source *s, struct span *line, int *cut, int64_t *ln)
{
	*ln = -1;
	*cut = 0;
	switch (s->type) {
	case SRC_KMSG:
		return kmsg_next(s->km, line, cut);
	case SRC_FILE:
	case SRC_STDIN:
		return follow_next(s->fw, line, cut, ln);
	case SRC_JOURNAL:
#ifdef OOMSCAN_HAVE_SYSTEMD
		return journal_next(s->jr, line, cut);
#else
		return 0;
#endif
	}
	return 0;
}

/* Reads what a source has now (bounded); returns the number of lines. */
static int source_read(struct serve *sv, struct source *s, int64_t now)
{
	struct store_source *ss = store_source(sv->live, s->name);
	struct span line;
	int64_t ln;
	int cut, r = 0, n = 0;

	while (n < SERVE_LINES_PER_ROUND) {
		r = source_next(s, &line, &cut, &ln);
		if (r <= 0)
			break;
		if (ln > 0 && ln != s->next_line)
			scan_set_line(s->sc, ln);
		s->next_line = ln > 0 ? ln + 1 : s->next_line + 1;
		/* Back-pressure: what a line releases is counted before the
		 * next line is read, so no queue ever runs full. */
		if (scan_push(s->sc, line, cut) > 0)
			drain_scanner(sv, s);
		if (ss) {
			ss->lines++;
			ss->bytes += line.n + 1;
			if (cut)
				ss->lines_cut++;
		}
		n++;
	}
	if (r < 0 && !s->failed) {
		log_warn("read error on source %s: %s", s->name, strerror(errno));
		s->failed = 1;
	} else if (n > 0) {
		s->failed = 0;
	}
	if (ss) {
		if (s->km)
			ss->records_lost = s->lost_base + kmsg_lost(s->km);
		ss->up = !s->failed && (!s->fw || follow_is_open(s->fw)); /* 0 once stdin ended */
	}
	drain_scanner(sv, s);
	if (s->fw && s->type == SRC_FILE) {
		const struct follow_stats *fs = follow_stats(s->fw);

		/* The cursor now names another file: the old one may be gone
		 * soon, so the state should not keep pointing at it. */
		if (fs->rotations + fs->truncations != s->switches) {
			s->switches = fs->rotations + fs->truncations;
			sv->save_soon = 1;
		}
	}
	if (n > 0) {
		s->last_data_ms = now;
		s->idle_flushed = 0;
		sv->dirty = 1;
		sv->pub_dirty = 1;
	} else if (!s->idle_flushed && now - s->last_data_ms >= SERVE_IDLE_FLUSH_MS) {
		scan_flush(s->sc, 0);
		drain_scanner(sv, s);
		s->idle_flushed = 1;
	}
	return n;
}

static struct source *source_add(struct serve *sv, enum src_type type,
				 const char *name, int64_t boot_usec)
{
	struct scan_config cfg;
	struct source *s;
	struct tm tm;
	time_t t = time(NULL);

	if (sv->n_src >= STORE_SOURCES_MAX)
		return NULL;
	s = &sv->src[sv->n_src];
	memset(s, 0, sizeof(*s));
	s->type = type;
	snprintf(s->name, sizeof(s->name), "%s", name);
	gmtime_r(&t, &tm);
	memset(&cfg, 0, sizeof(cfg));
	cfg.rules = sv->rules;
	cfg.year_hint = tm.tm_year + 1900;
	cfg.ref_time = (int64_t)t;
	cfg.boot_usec = boot_usec;
	s->sc = scan_new(&cfg, name);
	if (!s->sc)
		return NULL;
	s->next_line = 1;
	s->last_data_ms = now_ms();
	sv->n_src++;
	return s;
}

static int sources_open(struct serve *sv, int have_state)
{
	const struct options *o = &sv->opt;
	struct state_cursor *c;
	struct store_source *ss;
	struct source *s;
	char err[512];
	int i;

	if (o->kmsg) {
		struct kmsg *km;

		c = state_find(&sv->state, "kmsg");
		km = kmsg_open(o->kmsg_path, c ? c->boot_id : NULL,
			       c ? c->next_seq : 0, err, sizeof(err));
		if (!km) {
			log_error("cannot open kernel log: %s", err);
			return -1;
		}
		s = source_add(sv, SRC_KMSG, "kmsg", kmsg_boot_usec(km));
		if (!s) {
			kmsg_close(km);
			goto nomem;
		}
		s->km = km;
		if (c && strcmp(c->boot_id, kmsg_boot_id(s->km)) != 0)
			log_info("new boot since the state was saved: reading the "
				 "kernel ring from its start");
		ss = store_source(sv->live, "kmsg");
		if (ss)
			s->lost_base = ss->records_lost;
	}
	for (i = 0; i < o->n_follow; i++) {
		s = source_add(sv, SRC_FILE, o->follow[i], 0);
		if (!s)
			goto nomem;
		s->fw = follow_new(o->follow[i], SERVE_MAX_LINE);
		if (!s->fw)
			goto nomem;
		c = state_find(&sv->state, o->follow[i]);
		follow_start(s->fw, c && c->type == STATE_SRC_FILE ? &c->pos : NULL,
			     o->from_start && !(have_state && c));
		if (!follow_is_open(s->fw))
			log_warn("%s does not exist yet: following it by name",
				 o->follow[i]);
	}
	if (o->use_stdin) {
		s = source_add(sv, SRC_STDIN, "-", 0);
		if (!s)
			goto nomem;
		s->fw = follow_new("/dev/stdin", SERVE_MAX_LINE);
		if (!s->fw)
			goto nomem;
		follow_start(s->fw, NULL, 1);
	}
#ifdef OOMSCAN_HAVE_SYSTEMD
	if (o->journal) {
		s = source_add(sv, SRC_JOURNAL, "journal", 0);
		if (!s)
			goto nomem;
		c = state_find(&sv->state, "journal");
		s->jr = journal_open(o->journal_dir, o->journal_units, o->n_journal_units,
				     c ? c->journal : NULL, err, sizeof(err));
		if (!s->jr) {
			log_error("cannot open the journal: %s", err);
			return -1;
		}
	}
#endif
	for (i = 0; i < sv->n_src; i++) {
		ss = store_source(sv->live, sv->src[i].name);
		if (ss)
			ss->up = 1;
	}
	return 0;
nomem:
	log_error("out of memory opening sources");
	return -1;
}

static void sources_close(struct serve *sv)
{
	int i;

	for (i = 0; i < sv->n_src; i++) {
		struct source *s = &sv->src[i];

		scan_free(s->sc);
		kmsg_close(s->km);
		follow_free(s->fw);
#ifdef OOMSCAN_HAVE_SYSTEMD
		journal_close(s->jr);
#endif
	}
	sv->n_src = 0;
}

/* --- the state file ------------------------------------------------------- */

static void state_update(struct serve *sv)
{
	struct state_cursor *c;
	struct follow_pos pos;
	int i;

	for (i = 0; i < sv->n_src; i++) {
		struct source *s = &sv->src[i];

		switch (s->type) {
		case SRC_KMSG:
			c = state_cursor(&sv->state, s->name, STATE_SRC_KMSG);
			if (c) {
				c->type = STATE_SRC_KMSG;
				snprintf(c->boot_id, sizeof(c->boot_id), "%s",
					 kmsg_boot_id(s->km));
				c->next_seq = kmsg_next_seq(s->km);
			}
			break;
		case SRC_FILE:
			if (follow_get_pos(s->fw, &pos) < 0)
				break;
			c = state_cursor(&sv->state, s->name, STATE_SRC_FILE);
			if (c) {
				c->type = STATE_SRC_FILE;
				c->pos = pos;
			}
			break;
		case SRC_JOURNAL:
#ifdef OOMSCAN_HAVE_SYSTEMD
			c = state_cursor(&sv->state, s->name, STATE_SRC_JOURNAL);
			if (c) {
				c->type = STATE_SRC_JOURNAL;
				journal_cursor(s->jr, c->journal, sizeof(c->journal));
			}
#endif
			break;
		case SRC_STDIN:
			break;
		}
	}
}

/* Flushes held events, then writes cursors and counters together. */
static void state_write(struct serve *sv, int64_t now)
{
	char err[512];
	int i;

	for (i = 0; i < sv->n_src; i++) {
		scan_flush(sv->src[i].sc, 0);
		drain_scanner(sv, &sv->src[i]);
	}
	sv->last_save_ms = now;
	if (!sv->opt.state_file || !sv->opt.state_file[0]) {
		sv->dirty = 0;
		return;
	}
	state_update(sv);
	if (state_save(sv->opt.state_file, &sv->state, sv->live, err, sizeof(err)) < 0) {
		sv->live->state_write_errors++;
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

static int all_idle(const struct serve *sv)
{
	int i;

	for (i = 0; i < sv->n_src; i++) {
		if (!sv->src[i].idle_flushed)
			return 0;
	}
	return 1;
}

/*
 * Saving follows what was counted: once a second while lines come in (busy
 * or idle), sooner after a file switch or once SERVE_SAVE_EVENTS events and
 * notes were counted, so a kill -9 re-reads at most about a second of lines.
 * A write releases the kills held for their oom_reaper lines, so it waits
 * for a round that read every source to its end (a reaper line in the next
 * round of a backlog would come too late to fold), except every
 * SERVE_SAVE_MAX_MS.
 */
static int save_due(const struct serve *sv, int64_t now)
{
	int64_t since = now - sv->last_save_ms;

	if (!sv->dirty)
		return 0;
	if (since >= SERVE_SAVE_MAX_MS)
		return 1;
	if (!sv->caught_up || since < SERVE_SAVE_SOON_MS)
		return 0;
	return since >= SERVE_SAVE_MIN_MS || (sv->save_soon && all_idle(sv)) ||
	       sv->counted >= SERVE_SAVE_EVENTS;
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
		scan_flush(sv->src[i].sc, 0);
		drain_scanner(sv, &sv->src[i]);
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
			int fd = -1;

			if (sv->src[i].km)
				fd = kmsg_fd(sv->src[i].km);
#ifdef OOMSCAN_HAVE_SYSTEMD
			if (sv->src[i].jr)
				fd = journal_fd(sv->src[i].jr);
#endif
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
					for (i = 0; i < sv->n_src; i++) {
						if (sv->src[i].type == SRC_FILE)
							follow_reopen(sv->src[i].fw);
					}
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
		if (sv->pub_dirty && (!got || now - sv->last_pub_ms >= SERVE_PUBLISH_MS))
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
	sv->live->host_label = sv->pub->host_label = sv->opt.host_label;
	if (pthread_mutex_init(&sv->pub_lock, NULL) != 0)
		goto out;
	lock_init = 1;

	r = 1;
	if (sv->opt.state_file && sv->opt.state_file[0]) {
		r = state_load(sv->opt.state_file, &sv->state, restored, err, sizeof(err));
		if (r < 0) {
			log_warn("ignoring the state file and starting fresh: %s", err);
		} else if (r == 0) {
			restored->max_labels = sv->live->max_labels;
			restored->host_label = sv->live->host_label;
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
