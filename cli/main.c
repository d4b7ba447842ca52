/*
 * main.c - the oomscan command: batch analysis of log files (the default)
 * and `oomscan serve` (cli/serve.c).
 *
 * Batch: every input is read through its own pipeline (pipeline/: lines ->
 * scanner -> store, the same glue serve uses); events
 * pass the filters, are counted in the store and either streamed (jsonl,
 * json) or kept, up to a cap, for the text report. Memory stays constant
 * whatever the input size.
 *
 * Trusts nothing from the command line or the inputs: a bad flag or an
 * unreadable input is a message and exit status 2 (the other inputs are
 * still analysed). Single-threaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../collector/decomp.h"
#include "../collector/lines.h"
#include "../collector/machine.h"
#include "../store/store.h"
#include "../core/atomicfile.h"
#include "../core/diagnosis.h"
#include "../core/log.h"
#include "../core/timefmt.h"
#include "../exporter/json.h"
#include "../exporter/prom.h"
#include "../parsers/apprules.h"
#include "../parsers/scan.h"
#include "../pipeline/pipeline.h"
#include "report.h"
#include "serve.h"
#include "textstate.h"
#include "oomscan_revision.h"

enum out_format { OUT_TEXT = 0, OUT_JSONL, OUT_JSON, OUT_PROM, OUT_HTML };

struct batch {
	enum out_format format;
	const char *output;
	const char *process_hint;
	int64_t since, until; /* Unix seconds or EV_NONE */
	const char *host;
	const char *comm;
	unsigned kinds;       /* bit per kind; 0 = all */
	int max_shown;
	int max_shown_set;
	int top;
	int no_prefilter;
	int unwrap;           /* --unwrap: SCAN_UNWRAP_AUTO (default), 0 (off) or a width */
	int year;             /* --year: for stamps without one; 0 = the file's mtime */
	int jobs;             /* -j: threads (0 until set: one per CPU) */
	int jobs_set;         /* -j given: a lone small input gets its reader thread too */
	int host_label;       /* --host-label */
	const char *state_file; /* --state-file (prom only) */
	struct textstate *ts;

	FILE *out;
	struct atomic_file af; /* the -o file being written */
	struct store *st;
	struct report *rep;
	int n_json;           /* events written to the json array */
	struct json_buf jb;   /* the events not yet written out (jsonl, json) */
	int out_tty;          /* the output is a terminal: each event goes out at once */
	uint64_t filtered_out;
	uint64_t untimed_out;
	uint64_t lines, bytes, inputs, inputs_failed;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: oomscan [options] [FILE...]    analyse logs (FILE may be gzip, xz, zstd or bzip2,\n"
		"                                       a journal file or directory; - or none = stdin,\n"
		"                                       or this machine's log when stdin is a terminal)\n"
		"       oomscan serve [options]         run the live exporter (oomscan serve --help)\n"
		"\n"
		"options:\n"
		"  -f, --format FMT     text (default), jsonl, json, prom or html (one self-contained page)\n"
		"  -o, --output PATH    write the output to PATH atomically (temporary file + rename)\n"
		"      --since TIME     only events at or after TIME (RFC 3339, YYYY-MM-DD or Unix seconds)\n"
		"      --until TIME     only events before TIME\n"
		"      --host NAME      only events of this host\n"
		"      --comm PATTERN   only events whose process matches PATTERN (shell glob)\n"
		"      --kind KIND[,..] only these kinds: oom_kill, memcg_oom_kill, userspace_oom_kill,\n"
		"                       alloc_failure, commit_limit, runtime_oom, memory_warning, oom_reap\n"
		"      --process NAME   process name for application logs that do not name it\n"
		"      --max-events N   event blocks shown in the text report (default 200; html: 1000)\n"
		"      --top N          rows of each table in the text and html reports (default 20)\n"
		"      --host-label     label --format prom series with each event's host (central\n"
		"                       syslog files holding many hosts)\n"
		"      --state-file PATH  with --format prom: keep the counters and how far each input\n"
		"                       was read in PATH, so the next run adds only new lines and the\n"
		"                       counters never go down (for a textfile collector timer)\n"
		"      --no-prefilter   run every line through the parsers (slower; for checking\n"
		"                       that the literal prefilter loses nothing)\n"
		"      --unwrap WHAT    a paste a mail client or terminal hard-wrapped: auto (default)\n"
		"                       joins the lines it broke when the input looks wrapped, off\n"
		"                       never does, a number joins lines broken at spaces before\n"
		"                       that column\n"
		"      --root DIR       read the log of the machine whose root directory is DIR (a\n"
		"                       dead host's disk): its journal, else var/log/syslog, messages\n"
		"                       or kern.log; with no FILE on a terminal, this machine's (/)\n"
		"      --year YYYY      the year of stamps that carry none (syslog, journalctl short,\n"
		"                       logcat, dmesg -H); default: the file's modification time\n"
		"  -j, --jobs N         threads (default: one per CPU, at most 4): N inputs at once,\n"
		"                       or one input with a reader thread ahead of the scanner (by\n"
		"                       default not for a file under 2 MiB); -j 1 is one thread.\n"
		"                       The output is -j 1's whatever N\n"
		"  -h, --help           this help\n"
		"  -V, --version        version and build features\n"
		"\n"
		"Exit status: 0 after a complete run (events found or not), 2 for a bad flag or an\n"
		"input that cannot be read (the other inputs are still analysed), 1 when the output\n"
		"cannot be written.\n");
}

static void version(void)
{
	static const enum decomp_kind kinds[] = { DECOMP_XZ, DECOMP_ZSTD, DECOMP_BZIP2 };
	size_t i;

	printf("oomscan %s (git %s)\n", OOMSCAN_VERSION, OOMSCAN_REVISION);
	printf("features: gzip");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (decomp_built(kinds[i]))
			printf(", %s", decomp_name(kinds[i]));
#ifdef OOMSCAN_HAVE_SYSTEMD
	printf(", pcre2-jit, journal\n");
#else
	printf(", pcre2-jit (built without libsystemd: no --journal)\n");
#endif
}

/* Parses RFC 3339, "YYYY-MM-DD[ HH:MM[:SS]]" or Unix seconds (core/timefmt.h;
 * a fraction of a second is dropped). 0, or -1. */
static int parse_time(const char *s, int64_t *out)
{
	int32_t nsec;

	return timefmt_parse(span_from_cstr(s), out, &nsec);
}

static int parse_kinds(const char *s, unsigned *kinds)
{
	char buf[256], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int k = event_kind_parse(tok);

		if (k < 0)
			return -1;
		*kinds |= 1u << k;
	}
	return 0;
}

static int keep(struct batch *b, const struct oom_event *ev)
{
	if (b->kinds && !(b->kinds & (1u << ev->kind)))
		return 0;
	if (b->host && strcmp(ev->host, b->host) != 0)
		return 0;
	if (b->comm && fnmatch(b->comm, ev->comm, 0) != 0 &&
	    fnmatch(b->comm, ev->systemd_unit, 0) != 0)
		return 0;
	if (b->since != EV_NONE || b->until != EV_NONE) {
		if (ev->time_sec == EV_NONE) {
			b->untimed_out++;
			return 0;
		}
		if (b->since != EV_NONE && ev->time_sec < b->since)
			return 0;
		if (b->until != EV_NONE && ev->time_sec >= b->until)
			return 0;
	}
	return 1;
}

/* The events held in b->jb out to the output, one write (the stream has no
 * buffer of its own, output_buffer). Returns 0, or -1 on a write failure. */
static int flush_events(struct batch *b)
{
	size_t n = b->jb.n;

	b->jb.n = 0;
	return n && fwrite(b->jb.p, 1, n, b->out) != n ? -1 : 0;
}

/* Held JSON is written out once it reaches this, in writes this large:
 * ext4 takes 49 MB in 256 KiB writes in about 8 ms, in 64 KiB writes in
 * 10.4 (README, tenth round). */
#define JSON_FLUSH_AT ((size_t)1 << 18)

/* The event as JSON appended to b->jb, after the prefix of its line: a
 * jsonl line is the object alone and its newline, a json array element
 * follows its comma and indent. The events are held until JSON_FLUSH_AT
 * bytes are (at once on a terminal). Returns 0, or -1 on a write or
 * allocation failure. */
static int write_json_event(struct batch *b, const struct oom_event *ev, const struct diagnosis *d)
{
	const char *pre = b->format == OUT_JSONL ? "" : b->n_json ? ",\n    " : "\n    ";
	size_t held = b->jb.n;

	if (json_buf_put(&b->jb, pre, strlen(pre)) < 0 || json_event_append(&b->jb, ev, d) < 0 ||
	    (b->format == OUT_JSONL && json_buf_put(&b->jb, "\n", 1) < 0)) {
		/* what was held before the event still goes out */
		b->jb.n = held;
		b->jb.err = 0;
		return -1;
	}
	if (b->out_tty || b->jb.n >= JSON_FLUSH_AT)
		return flush_events(b);
	return 0;
}

static int emit_event(struct batch *b, const struct oom_event *ev)
{
	struct diagnosis d;
	int rc;

	if (!keep(b, ev)) {
		b->filtered_out++;
		return 0;
	}
	store_add_event(b->st, ev);
	switch (b->format) {
	case OUT_JSONL:
		return write_json_event(b, ev, NULL);
	case OUT_JSON:
		/* One diagnosis for the event's object and the summary's counts. */
		diagnose(ev, &d);
		rc = write_json_event(b, ev, &d);
		b->n_json++;
		report_add_diagnosis(b->rep, ev, &d);
		return rc;
	case OUT_TEXT:
	case OUT_HTML:
		report_add_event(b->rep, ev, NULL);
		return 0;
	case OUT_PROM:
		return 0;
	}
	return 0;
}

static void emit_note(struct batch *b, const struct oom_note *n)
{
	if (b->host && strcmp(n->host, b->host) != 0)
		return;
	store_add_note(b->st, n);
	report_add_note(b->rep, n);
}

/* The pipeline's sink for one input. Events and notes name their source by
 * the path string from argv, which outlives the scanner (the text report
 * prints them at the end). */
struct batch_input {
	struct batch *b;
	const char *path;
	int *write_failed;
};

static void sink_event(void *arg, struct oom_event *ev)
{
	struct batch_input *in = arg;

	ev->source = in->path;
	if (emit_event(in->b, ev) < 0)
		*in->write_failed = 1;
}

static void sink_note(void *arg, struct oom_note *n)
{
	struct batch_input *in = arg;

	n->source = in->path;
	emit_note(in->b, n);
}

/* An input's fingerprint, and what earlier runs counted of it. */
struct input_fp {
	unsigned char fp[FOLLOW_FP_LEN];
	size_t n;
	struct textstate_seen seen;
};

/*
 * --state-file: skips the lines of this input that earlier runs counted: a
 * plain file by seeking past their bytes, when the state knows them and
 * the file still holds them; a gzip file that has not changed since a run
 * read it to its end, whole (it is not decompressed again); otherwise (a
 * gzip file that changed, an older state) by reading them. Returns 1 when
 * nothing is left to read, 0 when the rest is, or -1 on a read error.
 */
static int skip_counted(struct batch *b, struct line_reader *lr, struct pipeline *p,
			const char *path, struct input_fp *fp)
{
	struct textstate_seen *seen = &fp->seen;
	char err[512];
	struct span line;
	int64_t i;
	int cut, rc;

	textstate_counted(b->ts, path, fp->fp, &fp->n, seen);
	if (seen->lines > 0 && lines_compressed(lr) && seen->size > 0 && seen->size == lines_size(lr) &&
	    seen->mtime == lines_mtime(lr))
		return 1;
	if (seen->lines > 0 && seen->offset > 0 && lines_seek(lr, seen->offset) == 0) {
		pipeline_set_line(p, seen->lines + 1);
		return 0;
	}
	for (i = 0; i < seen->lines; i++) {
		rc = lines_next(lr, &line, &cut, err, sizeof(err));
		if (rc < 0) {
			log_error("%s: %s", path, err);
			return -1;
		}
		if (rc == 0)
			break;
	}
	seen->lines = i;
	pipeline_set_line(p, i + 1);
	return 0;
}

/* The scanner's configuration for one input: stamps without a year take
 * the input's modification time (or --year). */
static void input_config(const struct batch *b, const struct app_rules *rules,
			 const struct line_reader *lr, struct scan_config *cfg)
{
	time_t ref = lines_mtime(lr) ? (time_t)lines_mtime(lr) : time(NULL);
	struct tm tm;

	gmtime_r(&ref, &tm);
	memset(cfg, 0, sizeof(*cfg));
	cfg->rules = rules;
	cfg->process_hint = b->process_hint;
	cfg->year_hint = tm.tm_year + 1900;
	cfg->ref_time = (int64_t)ref;
	if (b->year) {
		/* The year given is the year: no step back for dates past ref. */
		cfg->year_hint = b->year;
		cfg->ref_time = 0;
	}
	cfg->no_prefilter = b->no_prefilter;
	cfg->unwrap = b->unwrap;
}

/*
 * Whether an input with a thread to spare gets a reader thread: yes,
 * unless -j was left to its default and the input is a plain file under
 * AHEAD_MIN bytes. Below about that a second thread's start and stop cost
 * more than it saves (bench/genlog.py logs, 21 alternating runs: at 1 MiB
 * 7.8 ms with the thread against 7.1 ms without it, the dense one 14.0 ms
 * against 10.8 ms; at 4 MiB the same, and 1.5 ms faster dense). The
 * output is the same either way.
 */
#define AHEAD_MIN (2 * 1024 * 1024)
static int reader_thread(const struct batch *b, const struct line_reader *lr)
{
	long long size = lines_size(lr);

	return b->jobs_set || size < 0 || lines_compressed(lr) || size >= AHEAD_MIN;
}

/* Analyses one input. Returns 0, or -1 when it could not be read. */
static int analyse(struct batch *b, const struct app_rules *rules, const char *path,
		   int *write_failed)
{
	char err[512], decoding[24];
	struct line_reader *lr = lines_open(path, err, sizeof(err));
	struct batch_input in = { b, path, write_failed };
	struct pipeline_sink sink = { .event = sink_event, .note = sink_note, .arg = &in };
	struct scan_config cfg;
	struct pipeline *p = NULL;
	struct store_source *src;
	const struct scan_stats *ss;
	struct input_fp fp = { { 0 }, 0, { 0, 0, 0, 0 } };
	struct stat st;
	int rc, ret = -1, whole = 0;

	if (!lr) {
		log_error("%s", err);
		return -1;
	}
	/* A journal directory's text loses its start when journald deletes
	 * its oldest files: the lines counted before could not be found. */
	if (b->ts && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		log_error("%s: --state-file cannot follow a journal directory (deleting its oldest files shifts "
			  "what was counted): name its files, or run oomscan serve --journal=%s",
			  path, path);
		lines_close(lr);
		return -1;
	}
	input_config(b, rules, lr, &cfg);
	p = pipeline_new(&cfg, path, b->st, &sink);
	if (!p) {
		log_error("%s: out of memory", path);
		goto out;
	}
	if (b->ts && (whole = skip_counted(b, lr, p, path, &fp)) < 0)
		goto out;
	/* One input at a time: a second thread reads and indexes ahead. */
	if (whole)
		rc = 0;
	else if (b->jobs > 1 && reader_thread(b, lr))
		rc = pipeline_feed_ahead(p, lr, err, sizeof(err));
	else
		rc = pipeline_feed(p, lr, err, sizeof(err));
	pipeline_flush(p, 1);
	ss = pipeline_stats(p);
	b->lines += ss->lines;
	b->bytes += ss->bytes;
	src = pipeline_slot(p);
	if (src)
		store_source_health(src, rc == 0, src->records_lost);
	report_add_source(b->rep, path, ss, lines_decoding(lr, decoding, sizeof(decoding)));
	if (b->ts && rc == 0 && !whole) {
		fp.seen.lines += (int64_t)ss->lines;
		fp.seen.offset = lines_offset(lr);
		fp.seen.size = lines_size(lr);
		fp.seen.mtime = lines_mtime(lr);
	}
	if (b->ts && rc == 0)
		textstate_set(b->ts, fp.fp, fp.n, &fp.seen);
	if (rc < 0) {
		log_error("%s: %s", path, err);
		goto out;
	}
	ret = 0;
out:
	pipeline_free(p);
	lines_close(lr);
	return ret;
}

/* --- -j N: worker threads -------------------------------------------------
 *
 * With more than one thread and more than one input, the inputs are
 * analysed here (a lone input goes to analyse, whose reader thread reads
 * and indexes ahead while this thread scans and writes: a third thread for
 * the writing costs more than it saves on two cores). Worker threads each run one input's pipeline at a time (no store: the
 * scanner's totals are added afterwards) and queue what it releases; the
 * main thread takes the inputs in order and writes each one's events and
 * notes through the same emit_event/emit_note as -j 1, then its counters,
 * so output and store are those of -j 1. Memory is bounded: when an input's
 * queue is full before its turn to be written, its worker goes on and
 * appends what it releases to the input's spill file (an unlinked temporary
 * file, read back in order when the input is written) instead of waiting
 * for every input before it; the spill file has a cap, and a worker waits
 * when it is reached, or when the queue is full while its input is being
 * written (the output then sets the pace). No worker starts an input more
 * than jobs inputs ahead of the one being written.
 */

#define PAR_QUEUE 128 /* events and notes one input holds in memory until it is written */
#define PAR_WAKE 32   /* queued items that wake the output (fewer: it sleeps on, so a
		       * dense log costs one wake-up per PAR_WAKE items, not per item) */
_Static_assert(PAR_WAKE <= PAR_QUEUE, "a full queue wakes the output");
#define PAR_SPILL_MAX 16384 /* and in its spill file (each item about 2 KiB) */
#define JOBS_MAX 64
#define JOBS_DEFAULT_MAX 4 /* -j unset: one per CPU up to this */

struct par_item {
	int is_note;
	union {
		struct oom_event ev;
		struct oom_note note;
	};
};

struct par_input {
	const char *path;
	struct par_item *q; /* PAR_QUEUE, while the input is in the window */
	int head, n;
	int spill;          /* fd of the items past the full queue, in order, or -1 */
	int spilling;       /* items go to the spill file from now on (their order) */
	int spill_failed;   /* a write failed: the worker waits instead from then on */
	int spill_lost;     /* a read back failed: the input is reported failed */
	long spilled, unspilled; /* items written to it, and read back */
	int done;           /* the worker finished the input */
	int opened;         /* lines_open succeeded */
	char decoding[24];  /* lines_decoding's, once read */
	int nomem;          /* no pipeline could be made */
	int rc;             /* pipeline_feed's return */
	char err[512];
	struct scan_stats stats;
};

struct par {
	const struct batch *b;
	const struct app_rules *rules;
	struct par_input *in;
	int n, jobs;
	int next;    /* the next input a worker takes */
	int cur;     /* the input the main thread writes */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

struct par_sink {
	struct par *par;
	struct par_input *in;
};

/* 1 when an item goes to the spill file: the queue is full (or spilling
 * began) before the input's turn, or during it while the file holds under
 * a queue's worth, and the file is under its cap. Called locked. */
static int par_may_spill(const struct par *par, const struct par_input *in)
{
	int writing = in == &par->in[par->cur];

	if (in->spill < 0 || in->spill_failed)
		return 0;
	if (!in->spilling && (in->n < PAR_QUEUE || writing))
		return 0;
	return in->spilled - in->unspilled < (writing ? PAR_QUEUE : PAR_SPILL_MAX);
}

/* Writes one item at the spill file's end (only the input's worker writes
 * it; the main thread reads only items before `spilled`). 0 or -1. */
static int par_spill_write(const struct par_input *in, const struct par_item *it, long at)
{
	return pwrite(in->spill, it, sizeof(*it), (off_t)at * (off_t)sizeof(*it)) == (ssize_t)sizeof(*it)
		       ? 0
		       : -1;
}

/* Copies the event ev or the note n (the other NULL) into it. */
static void par_fill(struct par_item *it, const struct oom_event *ev, const struct oom_note *n)
{
	it->is_note = n != NULL;
	if (n)
		it->note = *n;
	else
		it->ev = *ev;
}

/* Queues the event ev or the note n (the other NULL): copied once, into
 * the queue's slot or, past it, into the spill file. */
static void par_put(struct par_sink *k, const struct oom_event *ev, const struct oom_note *n)
{
	struct par *par = k->par;
	struct par_input *in = k->in;
	struct par_item it;
	long at;
	int rc;

	pthread_mutex_lock(&par->mu);
	for (;;) {
		if (!in->spilling && in->n < PAR_QUEUE) {
			par_fill(&in->q[(in->head + in->n) % PAR_QUEUE], ev, n);
			in->n++;
			/* the output waits for PAR_WAKE items or the end */
			if (in->n < PAR_WAKE) {
				pthread_mutex_unlock(&par->mu);
				return;
			}
			break;
		}
		if (par_may_spill(par, in)) {
			in->spilling = 1;
			at = in->spilled;
			pthread_mutex_unlock(&par->mu);
			par_fill(&it, ev, n);
			rc = par_spill_write(in, &it, at);
			pthread_mutex_lock(&par->mu);
			if (rc == 0) {
				in->spilled++;
				break;
			}
			/* Back to the queue once what was spilled is written
			 * (the order of the items). */
			in->spill_failed = 1;
			log_warn("%s: spill file: %s; waiting for the output instead", in->path, strerror(errno));
			continue;
		}
		if (in->spilling && in->spill_failed && in->spilled == in->unspilled && in->n == 0)
			in->spilling = 0;
		else
			pthread_cond_wait(&par->cv, &par->mu);
	}
	pthread_cond_broadcast(&par->cv);
	pthread_mutex_unlock(&par->mu);
}

static void par_event(void *arg, struct oom_event *ev)
{
	par_put(arg, ev, NULL);
}

static void par_note(void *arg, struct oom_note *n)
{
	par_put(arg, NULL, n);
}

/* An unlinked temporary file in $TMPDIR (or /tmp) for an input's spilled
 * items, or -1 (then its worker waits for the output, as with no file). */
static int spill_open(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	if (snprintf(path, sizeof(path), "%s/oomscan-spill-XXXXXX", dir) >= (int)sizeof(path))
		return -1;
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static void par_run_input(struct par *par, struct par_input *in)
{
	struct par_sink k = { par, in };
	struct pipeline_sink sink = { .event = par_event, .note = par_note, .arg = &k };
	struct line_reader *lr = lines_open(in->path, in->err, sizeof(in->err));
	struct scan_config cfg;
	struct pipeline *p;

	if (!lr)
		return;
	in->opened = 1;
	in->q = malloc(PAR_QUEUE * sizeof(*in->q));
	if (!in->q) {
		in->nomem = 1;
		lines_close(lr);
		return;
	}
	if (par->n > 1)
		in->spill = spill_open();
	input_config(par->b, par->rules, lr, &cfg);
	p = pipeline_new(&cfg, in->path, NULL, &sink);
	if (!p) {
		in->nomem = 1;
		lines_close(lr);
		return;
	}
	/* Threads to spare (fewer inputs than jobs): a reader thread too. */
	in->rc = par->jobs > par->n && reader_thread(par->b, lr) ? pipeline_feed_ahead(p, lr, in->err, sizeof(in->err))
				    : pipeline_feed(p, lr, in->err, sizeof(in->err));
	pipeline_flush(p, 1);
	in->stats = *pipeline_stats(p);
	pipeline_free(p);
	lines_decoding(lr, in->decoding, sizeof(in->decoding));
	lines_close(lr);
}

static void *par_worker(void *arg)
{
	struct par *par = arg;
	struct par_input *in;

	for (;;) {
		pthread_mutex_lock(&par->mu);
		while (par->next < par->n && par->next >= par->cur + par->jobs)
			pthread_cond_wait(&par->cv, &par->mu);
		if (par->next >= par->n) {
			pthread_mutex_unlock(&par->mu);
			return NULL;
		}
		in = &par->in[par->next++];
		pthread_mutex_unlock(&par->mu);
		par_run_input(par, in);
		pthread_mutex_lock(&par->mu);
		in->done = 1;
		pthread_cond_broadcast(&par->cv);
		pthread_mutex_unlock(&par->mu);
	}
}

/* Writes the items queued now where they stand: the worker fills only
 * the slots after them until they are given back. Called and returns
 * locked. */
static void par_write_queued(struct par *par, struct par_input *in, struct batch_input *bi)
{
	int k = in->n, i;

	pthread_mutex_unlock(&par->mu);
	for (i = 0; i < k; i++) {
		struct par_item *it = &in->q[(in->head + i) % PAR_QUEUE];

		if (it->is_note)
			sink_note(bi, &it->note);
		else
			sink_event(bi, &it->ev);
	}
	pthread_mutex_lock(&par->mu);
	in->head = (in->head + k) % PAR_QUEUE;
	in->n -= k;
	pthread_cond_broadcast(&par->cv);
}

/* Writes one input's events and notes as they come, then its counters, as
 * analyse() does. Returns 0, or -1 when the input could not be read. */
static int par_write_input(struct batch *b, struct par *par, struct par_input *in,
			   int *write_failed)
{
	struct batch_input bi = { b, in->path, write_failed };
	static const struct scan_stats zero;
	struct store_source *src;
	struct par_item it;

	pthread_mutex_lock(&par->mu);
	for (;;) {
		/* Woken by PAR_WAKE queued items, a spilled one or the end;
		 * what is queued is written before waiting again. */
		while (in->n == 0 && in->unspilled == in->spilled && !in->done)
			pthread_cond_wait(&par->cv, &par->mu);
		if (in->n > 0) {
			/* the queue's items are older than any spilled one */
			par_write_queued(par, in, &bi);
			continue;
		} else if (in->unspilled < in->spilled) {
			long at = in->unspilled;
			ssize_t got;

			pthread_mutex_unlock(&par->mu);
			got = pread(in->spill, &it, sizeof(it), (off_t)at * (off_t)sizeof(it));
			pthread_mutex_lock(&par->mu);
			in->unspilled++;
			if (got != (ssize_t)sizeof(it)) {
				in->spill_lost++;
				pthread_cond_broadcast(&par->cv);
				continue;
			}
		} else {
			break;
		}
		pthread_cond_broadcast(&par->cv);
		pthread_mutex_unlock(&par->mu);
		if (it.is_note)
			sink_note(&bi, &it.note);
		else
			sink_event(&bi, &it.ev);
		pthread_mutex_lock(&par->mu);
	}
	pthread_mutex_unlock(&par->mu);
	if (!in->opened) {
		log_error("%s", in->err);
		return -1;
	}
	if (in->spill_lost) {
		log_error("%s: %d events or notes could not be read back from the spill file", in->path,
			  in->spill_lost);
		return -1;
	}
	src = store_source(b->st, in->path);
	if (in->nomem) {
		log_error("%s: out of memory", in->path);
		return -1;
	}
	b->lines += in->stats.lines;
	b->bytes += in->stats.bytes;
	pipeline_add_stats(b->st, src, &in->stats, &zero);
	if (src)
		store_source_health(src, in->rc == 0, src->records_lost);
	report_add_source(b->rep, in->path, &in->stats, in->decoding);
	if (in->rc < 0) {
		log_error("%s: %s", in->path, in->err);
		return -1;
	}
	return 0;
}

/* Analyses paths[0..n) with jobs threads. Returns the number of inputs
 * that could not be read, or -1 when the threads could not start (nothing
 * was read then). */
static int analyse_parallel(struct batch *b, const struct app_rules *rules,
			    char **paths, int n, int jobs, int *write_failed)
{
	pthread_t th[JOBS_MAX];
	struct par par;
	int i, started = 0, failed = 0;

	memset(&par, 0, sizeof(par));
	par.b = b;
	par.rules = rules;
	par.n = n;
	par.jobs = jobs;
	par.in = calloc((size_t)n, sizeof(*par.in));
	if (!par.in)
		return -1;
	for (i = 0; i < n; i++) {
		par.in[i].path = paths[i];
		par.in[i].spill = -1;
	}
	if (pthread_mutex_init(&par.mu, NULL) != 0) {
		free(par.in);
		return -1;
	}
	if (pthread_cond_init(&par.cv, NULL) != 0) {
		pthread_mutex_destroy(&par.mu);
		free(par.in);
		return -1;
	}
	for (started = 0; started < jobs && started < n; started++) {
		if (pthread_create(&th[started], NULL, par_worker, &par) != 0)
			break;
	}
	if (started == 0) {
		failed = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		b->inputs++;
		if (par_write_input(b, &par, &par.in[i], write_failed) < 0) {
			b->inputs_failed++;
			failed++;
		}
		/* The input leaves the window: the one jobs ahead may start. */
		pthread_mutex_lock(&par.mu);
		free(par.in[i].q);
		par.in[i].q = NULL;
		if (par.in[i].spill >= 0)
			close(par.in[i].spill);
		par.in[i].spill = -1;
		par.cur = i + 1;
		pthread_cond_broadcast(&par.cv);
		pthread_mutex_unlock(&par.mu);
	}
out:
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_cond_destroy(&par.cv);
	pthread_mutex_destroy(&par.mu);
	for (i = 0; i < n; i++) {
		free(par.in[i].q);
		if (par.in[i].spill >= 0)
			close(par.in[i].spill);
	}
	free(par.in);
	return failed;
}

static const char *file_type(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/*
 * Checks the output path before anything is read: it must be a regular file
 * or not exist yet (a device, FIFO or directory is left alone), and must not
 * be one of the inputs (same device and inode). Returns 0, or -1 with a
 * message.
 */
static int check_output(const struct batch *b, char **inputs, int n_inputs)
{
	struct stat out, in;
	int i;

	if (stat(b->output, &out) != 0) {
		if (errno == ENOENT)
			return 0;
		log_error("%s: %s", b->output, strerror(errno));
		return -1;
	}
	if (!S_ISREG(out.st_mode)) {
		log_error("%s: is %s; -o writes only regular files (-o - for standard output)",
			  b->output, file_type(out.st_mode));
		return -1;
	}
	/* No file named: standard input is the input. */
	for (i = 0; i < (n_inputs ? n_inputs : 1); i++) {
		const char *path = n_inputs ? inputs[i] : "-";
		int r = strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &in) : stat(path, &in);

		if (r == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
			log_error("%s: is also an input (%s); the report would replace it",
				  b->output, strcmp(path, "-") == 0 ? "standard input" : path);
			return -1;
		}
	}
	return 0;
}

/* -o PATH: through core/atomicfile.h (a symbolic link is written through
 * to its existing target); standard output otherwise. 0 or -1. */
/* Output not to a terminal goes out in 64 KiB writes: stdio's 4 KiB cost
 * a system call every two or three events of a dense log. The text
 * formats write through this buffer, which outlives the stream (stdout is
 * flushed at exit; a batch run has one output). jsonl and json hold their
 * events in b->jb and write them JSON_FLUSH_AT at a time, so their stream
 * has no buffer: each write goes out whole, without a copy. */
static void output_buffer(struct batch *b)
{
	static char buf[1 << 16];

	b->out_tty = isatty(fileno(b->out));
	if (b->out_tty)
		return;
	if (b->format == OUT_JSONL || b->format == OUT_JSON)
		setvbuf(b->out, NULL, _IONBF, 0);
	else
		setvbuf(b->out, buf, _IOFBF, sizeof(buf));
}

static int open_output(struct batch *b)
{
	char err[512];

	if (!b->output) {
		b->out = stdout;
		output_buffer(b);
		return 0;
	}
	if (atomic_open(&b->af, b->output, 0644, 0, err, sizeof(err)) < 0) {
		log_error("%s", err);
		return -1;
	}
	b->out = atomic_stream(&b->af);
	if (!b->out) {
		log_error("%s: %s", b->output, strerror(errno));
		atomic_abort(&b->af);
		return -1;
	}
	output_buffer(b);
	return 0;
}

/* Renames the -o file into place when ok, else removes it. 0 or -1. */
static int close_output(struct batch *b, int ok)
{
	char err[512];

	if (!b->output)
		return fflush(b->out) != 0 || ferror(b->out) ? -1 : 0;
	if (!ok) {
		atomic_abort(&b->af);
		return 0;
	}
	if (atomic_commit(&b->af, err, sizeof(err)) < 0) {
		log_error("%s", err);
		return -1;
	}
	return 0;
}

static int write_json_tail(struct batch *b)
{
	cJSON *sum = report_summary_json(b->rep, b->st);
	char *s;
	size_t n = 0;
	int rc = -1;

	if (!sum)
		return -1;
	s = json_print(sum, 1, &n);
	/* three writes: the stream has no buffer (output_buffer) */
	if (s && fputs("\n  ],\n  \"summary\": ", b->out) >= 0 && fwrite(s, 1, n, b->out) == n &&
	    fputs("\n}\n", b->out) >= 0)
		rc = 0;
	free(s);
	cJSON_Delete(sum);
	return rc;
}

static int batch_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "since", required_argument, NULL, 1 },
		{ "until", required_argument, NULL, 2 },
		{ "host", required_argument, NULL, 3 },
		{ "comm", required_argument, NULL, 4 },
		{ "kind", required_argument, NULL, 5 },
		{ "process", required_argument, NULL, 6 },
		{ "max-events", required_argument, NULL, 7 },
		{ "no-prefilter", no_argument, NULL, 8 },
		{ "top", required_argument, NULL, 9 },
		{ "year", required_argument, NULL, 10 },
		{ "host-label", no_argument, NULL, 11 },
		{ "state-file", required_argument, NULL, 12 },
		{ "unwrap", required_argument, NULL, 13 },
		{ "root", required_argument, NULL, 14 },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct batch b;
	struct app_rules *rules = NULL;
	static char dash[] = "-";
	char *stdin_only[] = { dash };
	static char machine[4096];
	char *machine_only[] = { machine };
	const char *root = NULL;
	char err[256], **paths;
	int c, i, n_paths, status = 0, write_failed = 0;
	char *end;

	memset(&b, 0, sizeof(b));
	b.since = b.until = EV_NONE;
	b.max_shown = 200;
	b.top = 20;
	b.unwrap = SCAN_UNWRAP_AUTO;
	while ((c = getopt_long(argc, argv, "f:o:j:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				b.format = OUT_TEXT;
			else if (strcmp(optarg, "jsonl") == 0)
				b.format = OUT_JSONL;
			else if (strcmp(optarg, "json") == 0)
				b.format = OUT_JSON;
			else if (strcmp(optarg, "prom") == 0)
				b.format = OUT_PROM;
			else if (strcmp(optarg, "html") == 0)
				b.format = OUT_HTML;
			else {
				log_error("--format: unknown format '%s' (text, jsonl, json, prom, html)", optarg);
				return 2;
			}
			break;
		case 'o':
			b.output = optarg;
			break;
		case 1:
		case 2:
			if (parse_time(optarg, c == 1 ? &b.since : &b.until) < 0) {
				log_error("--%s: cannot read time '%s' (RFC 3339, YYYY-MM-DD or Unix seconds)",
					  c == 1 ? "since" : "until", optarg);
				return 2;
			}
			break;
		case 3:
			b.host = optarg;
			break;
		case 4:
			b.comm = optarg;
			break;
		case 5:
			if (parse_kinds(optarg, &b.kinds) < 0) {
				log_error("--kind: unknown kind in '%s'", optarg);
				return 2;
			}
			break;
		case 6:
			b.process_hint = optarg;
			break;
		case 7:
			b.max_shown = (int)strtol(optarg, &end, 10);
			if (*end || b.max_shown < 0) {
				log_error("--max-events: not a count: '%s'", optarg);
				return 2;
			}
			b.max_shown_set = 1;
			break;
		case 9:
			b.top = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || b.top < 1 || b.top > 100000) {
				log_error("--top: not a count from 1 to 100000: '%s'", optarg);
				return 2;
			}
			break;
		case 8:
			b.no_prefilter = 1;
			break;
		case 10:
			b.year = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || b.year < 1970 || b.year > 9999) {
				log_error("--year: not a year from 1970 to 9999: '%s'", optarg);
				return 2;
			}
			break;
		case 11:
			b.host_label = 1;
			break;
		case 12:
			b.state_file = optarg;
			break;
		case 13:
			if (strcmp(optarg, "auto") == 0) {
				b.unwrap = SCAN_UNWRAP_AUTO;
			} else if (strcmp(optarg, "off") == 0) {
				b.unwrap = 0;
			} else {
				b.unwrap = (int)strtol(optarg, &end, 10);
				if (*end || end == optarg || b.unwrap < 20 || b.unwrap > 1000) {
					log_error("--unwrap: not auto, off or a column from 20 to 1000: '%s'", optarg);
					return 2;
				}
			}
			break;
		case 14:
			root = optarg;
			break;
		case 'j':
			b.jobs = (int)strtol(optarg, &end, 10);
			b.jobs_set = 1;
			if (*end || end == optarg || b.jobs < 1 || b.jobs > JOBS_MAX) {
				log_error("--jobs: not a count from 1 to %d: '%s'", JOBS_MAX, optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			version();
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	/* --root DIR, or no input named on a terminal: the machine's own log
	 * (that of the disk mounted at DIR, or this one's). */
	if (root && optind < argc) {
		log_error("--root: name no files with it (it reads the log of the machine under DIR)");
		return 2;
	}
	if (root && machine_log(root, machine, sizeof(machine)) < 0) {
		log_error("--root %s: no log found under it that can be read: no journal files in "
			  "var/log/journal or run/log/journal, no var/log/syslog, messages or kern.log",
			  root);
		return 2;
	}
	if (!root && optind == argc && isatty(STDIN_FILENO)) {
		if (machine_log("/", machine, sizeof(machine)) == 0) {
			root = "/";
			log_info("no input named and standard input is a terminal: reading this machine's log, %s "
				 "(name files, or pipe a log in, to read those instead)",
				 machine);
		} else {
			log_info("no input named: reading standard input, a terminal (paste a log and end it with "
				 "Ctrl-D, or name files: oomscan --help); no log of this machine could be read "
				 "(journal files, /var/log/syslog, messages or kern.log)");
		}
	}
	rules = app_rules_new(err, sizeof(err));
	if (!rules) {
		log_error("message rules: %s", err);
		return 2;
	}
	if (b.format == OUT_HTML && !b.max_shown_set)
		b.max_shown = 1000;
	/* only the text and html reports show event blocks: the others keep
	 * none (each is a copy of the event, and its pages faulted in) */
	if (b.format != OUT_TEXT && b.format != OUT_HTML)
		b.max_shown = 0;
	/* Counters and tables only: nothing in a batch run lists the ring. */
	b.st = store_new_ringless(STORE_SERIES_MAX);
	b.rep = report_new(b.max_shown);
	if (b.rep)
		report_set_top(b.rep, b.top);
	if (!b.st || !b.rep) {
		log_error("out of memory");
		status = 2;
		goto out;
	}
	if (b.output && strcmp(b.output, "-") == 0)
		b.output = NULL; /* -o - is standard output */
	if (b.output && check_output(&b, argv + optind, argc - optind) < 0) {
		status = 2;
		goto out;
	}
	store_set_labels(b.st, 0, b.host_label);
	if (b.state_file) {
		if (b.format != OUT_PROM) {
			log_error("--state-file: only with --format prom (counters kept across runs)");
			status = 2;
			goto out;
		}
		b.ts = calloc(1, sizeof(*b.ts));
		if (!b.ts || textstate_load(b.ts, b.state_file, b.st) < 0) {
			status = 2;
			goto out;
		}
		store_set_labels(b.st, STORE_SERIES_MAX, b.host_label);
	}
	if (open_output(&b) < 0) {
		status = 1;
		goto out;
	}
	if (!b.jobs) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		/* each job holds a scanner: a default that stays small */
		b.jobs = cpus < 1 ? 1 : cpus > JOBS_DEFAULT_MAX ? JOBS_DEFAULT_MAX : (int)cpus;
	}
	if (b.format == OUT_JSON)
		fprintf(b.out, "{\n  \"events\": [");
	/* No input named: standard input. With more than one thread and
	 * more than one input the inputs go to worker threads and this one
	 * writes what they find (analyse_parallel), the output as -j 1's; a
	 * lone input gets a reader thread (analyse); --state-file skips what
	 * earlier runs counted, input by input, on this thread. */
	paths = argv + optind;
	n_paths = argc - optind;
	if (n_paths == 0) {
		paths = root ? machine_only : stdin_only;
		n_paths = 1;
	}
	if (b.jobs > 1 && !b.ts && n_paths > 1) {
		int failed = analyse_parallel(&b, rules, paths, n_paths, b.jobs, &write_failed);

		if (failed > 0)
			status = 2;
		if (failed >= 0)
			n_paths = 0;
	}
	for (i = 0; i < n_paths; i++) {
		b.inputs++;
		if (analyse(&b, rules, paths[i], &write_failed) < 0) {
			b.inputs_failed++;
			status = 2;
		}
	}
	/* The events still held (jsonl, json) before anything follows them. */
	if (flush_events(&b) < 0)
		write_failed = 1;
	report_set_filtered(b.rep, b.filtered_out, b.untimed_out);
	switch (b.format) {
	case OUT_TEXT:
		if (report_write_text(b.rep, b.st, b.out) < 0)
			write_failed = 1;
		break;
	case OUT_JSON:
		if (write_json_tail(&b) < 0)
			write_failed = 1;
		break;
	case OUT_PROM:
		if (prom_write_file(b.out, b.st, NULL) < 0)
			write_failed = 1;
		break;
	case OUT_HTML:
		if (report_write_html(b.rep, b.st, b.out) < 0)
			write_failed = 1;
		break;
	case OUT_JSONL:
		break;
	}
	if (close_output(&b, !write_failed) < 0)
		write_failed = 1;
	/* The counters are saved only once the output holding them is out. */
	if (b.ts && !write_failed && textstate_save(b.ts, b.st, err, sizeof(err)) < 0) {
		log_error("--state-file: %s", err);
		write_failed = 1;
	}
	if (write_failed) {
		log_error("cannot write the output%s%s", b.output ? " to " : "", b.output ? b.output : "");
		if (status == 0)
			status = 1;
	}
out:
	json_buf_free(&b.jb);
	free(b.ts);
	report_free(b.rep);
	store_free(b.st);
	app_rules_free(rules);
	return status;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "serve") == 0)
		return serve_main(argc - 1, argv + 1);
	return batch_main(argc, argv);
}
