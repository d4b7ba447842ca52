/*
 * journal.c - reads the kernel's messages (and chosen units') from the
 * systemd journal with sd-journal (match _TRANSPORT=kernel) and hands each
 * line of them on as rsyslog writes it, with the entry's wall-clock time
 * and host; resumes by cursor. For batch runs, a
 * journal file or directory named as an input is read whole as text
 * (journal_text_*): every entry, as rsyslog would have written it.
 *
 * Trusts libsystemd; the message bytes may be anything and are cut to
 * JOURNAL_LINE_MAX (the text reader: to sd-journal's 64 KiB data
 * threshold, and the line reader's cap after it). Not thread-safe: one
 * reader per thread. Compiled only with OOMSCAN_HAVE_SYSTEMD (without it,
 * the source row says so and the text reader opens nothing).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "journal.h"
#include "source.h"

#include <stdio.h>

#ifdef OOMSCAN_HAVE_SYSTEMD

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-journal.h>

#include "../core/dynlib.h"

#define JOURNAL_TAG_MAX 200 /* "HOST IDENT[PID]: " */
#define JOURNAL_PREFIX_MAX (64 + JOURNAL_TAG_MAX) /* "TIME HOST IDENT[PID]: " */
#define JOURNAL_LINE_MARK " +" /* a cursor's suffix: " +N", N lines of its entry handed out */
#define JOURNAL_CURSOR_MAX 512 /* as struct state_cursor's journal */

/*
 * libsystemd is opened at the first journal_open (core/dynlib.h): a run
 * that reads no journal never maps it. Every sd_ call goes through these
 * pointers, typed from sd-journal.h.
 */
#define SDJ_FUNCS(X) \
	X(journal_add_disjunction) X(journal_add_match) X(journal_close) X(journal_get_cursor) \
	X(journal_get_data) X(journal_get_fd) X(journal_get_realtime_usec) X(journal_next) \
	X(journal_open) X(journal_open_directory) X(journal_open_directory_fd) X(journal_open_files_fd) \
	X(journal_previous) X(journal_process) \
	X(journal_seek_cursor) X(journal_seek_head) X(journal_seek_monotonic_usec) \
	X(journal_test_cursor) X(id128_get_boot)

static struct {
#define X(f) __typeof__(&sd_##f) f;
	SDJ_FUNCS(X)
#undef X
} sdj;
static struct dynlib sdj_lib = DYNLIB_INIT;

/* 0 once the functions are resolved, else -1 with err set. */
static int sdj_load(char *err, size_t errn)
{
	static const char *const names[] = {
#define X(f) "sd_" #f,
		SDJ_FUNCS(X)
#undef X
	};
	void *const slot[] = {
#define X(f) &sdj.f,
		SDJ_FUNCS(X)
#undef X
	};

	return dynlib_load(&sdj_lib, OOMSCAN_SYSTEMD_SONAME, names, slot, (int)(sizeof(names) / sizeof(names[0])), err, errn);
}

struct journal {
	sd_journal *j;
	int have_entry;   /* the read position is at an entry already returned */
	/* With a pattern among the units, sd-journal matches nothing (it
	 * knows no patterns): every entry is read, and kept when it is the
	 * kernel's or its unit matches one of these. */
	char globs[JOURNAL_MAX_UNITS][JOURNAL_UNIT_MAX + 1];
	int n_globs;
	/* The entry being handed out, a line of its message a call: its
	 * prefix, its message (cut to JOURNAL_LINE_MAX), where its next line
	 * starts and how many went out (the cursor then says so). */
	int pending;
	char pre[JOURNAL_PREFIX_MAX];
	size_t pre_n;
	char msg[JOURNAL_LINE_MAX];
	size_t msg_n, msg_at;
	int msg_cut;
	long msg_lines;
	char line[JOURNAL_PREFIX_MAX + JOURNAL_LINE_MAX];
};

/* 1 when unit is a shell pattern (holds '*', '?' or '['), not a name. */
static int unit_is_glob(const char *unit)
{
	return strpbrk(unit, "*?[") != NULL;
}

/* _TRANSPORT=kernel OR _SYSTEMD_UNIT=u1 OR u2 ...; with a pattern among
 * the units, no match at all and the units kept in jr->globs. */
static int add_matches(struct journal *jr, const char *const *units, int n_units)
{
	sd_journal *j = jr->j;
	char match[300];
	int i, r;

	if (n_units > JOURNAL_MAX_UNITS)
		n_units = JOURNAL_MAX_UNITS;
	for (i = 0; i < n_units && !unit_is_glob(units[i]); i++)
		;
	if (i < n_units) {
		for (i = 0; i < n_units; i++)
			snprintf(jr->globs[i], sizeof(jr->globs[i]), "%s", units[i]);
		jr->n_globs = n_units;
		return 0;
	}
	r = sdj.journal_add_match(j, "_TRANSPORT=kernel", 0);
	if (r < 0 || n_units <= 0)
		return r;
	r = sdj.journal_add_disjunction(j);
	for (i = 0; r >= 0 && i < n_units; i++) {
		snprintf(match, sizeof(match), "_SYSTEMD_UNIT=%s", units[i]);
		r = sdj.journal_add_match(j, match, 0);
	}
	return r;
}

static int take_entry(struct journal *jr);
static void next_line(struct journal *jr, struct span *line, int *cut);

/* Splits a saved cursor into sd-journal's cursor (into at) and the lines
 * of its entry that went out (*done, 0 when the entry went out whole).
 * 0, or -1 for a cursor too long. */
static int split_cursor(const char *cursor, char *at, size_t n, long *done)
{
	const char *mark = strstr(cursor, JOURNAL_LINE_MARK);
	size_t len = mark ? (size_t)(mark - cursor) : strlen(cursor);

	if (len >= n)
		return -1;
	memcpy(at, cursor, len);
	at[len] = '\0';
	*done = mark ? strtol(mark + strlen(JOURNAL_LINE_MARK), NULL, 10) : 0;
	if (*done < 0)
		*done = 0;
	return 0;
}

struct journal *journal_open(const char *dir, const char *const *units, int n_units,
			     const char *cursor, char *err, size_t errn)
{
	struct journal *jr = calloc(1, sizeof(*jr));
	char at[JOURNAL_CURSOR_MAX];
	struct span skip;
	sd_id128_t boot;
	long done = 0;
	int r, cut;

	if (!jr) {
		snprintf(err, errn, "out of memory");
		return NULL;
	}
	if (sdj_load(err, errn))
		goto fail;
	r = dir ? sdj.journal_open_directory(&jr->j, dir, 0)
		: sdj.journal_open(&jr->j, SD_JOURNAL_LOCAL_ONLY);
	if (r < 0) {
		snprintf(err, errn, "%s%s: %s", dir ? "journal directory " : "sd_journal_open",
			 dir ? dir : "", strerror(-r));
		goto fail;
	}
	r = add_matches(jr, units, n_units);
	if (r < 0) {
		snprintf(err, errn, "sd_journal_add_match: %s", strerror(-r));
		goto fail;
	}
	if (cursor && cursor[0] && split_cursor(cursor, at, sizeof(at), &done) == 0 &&
	    sdj.journal_seek_cursor(jr->j, at) >= 0) {
		/* The entry at the cursor was read before: step onto it, and
		 * skip it when it is still there, or hand out the lines of it
		 * the cursor says did not go out. */
		if (sdj.journal_next(jr->j) > 0 && sdj.journal_test_cursor(jr->j, at) <= 0)
			sdj.journal_previous(jr->j);
		else if (done > 0 && take_entry(jr) == 0)
			while (jr->pending && jr->msg_lines < done)
				next_line(jr, &skip, &cut);
		jr->have_entry = 1;
		return jr;
	}
	/* First start: this boot's messages of the local journal, all of a
	 * directory's (another machine's, or files of an earlier boot). */
	if (!dir && sdj.id128_get_boot(&boot) >= 0)
		sdj.journal_seek_monotonic_usec(jr->j, boot, 0);
	else
		sdj.journal_seek_head(jr->j);
	return jr;
fail:
	journal_close(jr);
	return NULL;
}

void journal_close(struct journal *jr)
{
	if (!jr)
		return;
	if (jr->j)
		sdj.journal_close(jr->j);
	free(jr);
}

int journal_fd(struct journal *jr)
{
	int fd = sdj.journal_get_fd(jr->j);

	return fd < 0 ? -1 : fd;
}

/* Copies a journal field's value (without "NAME=") into buf, cut to n - 1
 * bytes and stopped at a space or control byte; "" when absent. */
static void field(sd_journal *j, const char *name, char *buf, size_t n)
{
	const void *data;
	size_t len, k = strlen(name) + 1, i;

	buf[0] = '\0';
	if (sdj.journal_get_data(j, name, &data, &len) < 0 || len <= k)
		return;
	for (i = 0; i + k < len && i + 1 < n; i++) {
		char c = ((const char *)data)[k + i];

		if ((unsigned char)c <= ' ')
			break;
		buf[i] = c;
	}
	buf[i] = '\0';
}

static int is_kernel(sd_journal *j)
{
	char t[16];

	field(j, "_TRANSPORT", t, sizeof(t));
	return strcmp(t, "kernel") == 0;
}

/*
 * The entry's line prefix as rsyslog writes it, "YYYY-MM-DDTHH:MM:SS.uuuuuu+00:00
 * HOST IDENT[PID]: " (UTC; the kernel's IDENT "kernel", no pid), into out
 * (JOURNAL_PREFIX_MAX bytes); returns its length.
 */
static size_t entry_prefix(sd_journal *j, char *out)
{
	char host[64], ident[64], pid[24];
	uint64_t usec;
	struct tm tm;
	time_t t;
	size_t n;
	int k;

	if (sdj.journal_get_realtime_usec(j, &usec) < 0)
		usec = 0;
	t = (time_t)(usec / 1000000);
	gmtime_r(&t, &tm);
	n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(out + n, 32, ".%06u+00:00 ", (unsigned)(usec % 1000000));
	field(j, "_HOSTNAME", host, sizeof(host));
	pid[0] = '\0';
	if (is_kernel(j)) {
		snprintf(ident, sizeof(ident), "kernel");
	} else {
		field(j, "SYSLOG_IDENTIFIER", ident, sizeof(ident));
		if (!ident[0])
			field(j, "_COMM", ident, sizeof(ident));
		field(j, "_PID", pid, sizeof(pid));
	}
	k = snprintf(out + n, JOURNAL_PREFIX_MAX - n, "%s %s%s%s%s: ", host[0] ? host : "localhost",
		     ident[0] ? ident : "unknown", pid[0] ? "[" : "", pid, pid[0] ? "]" : "");
	return k < 0 ? n : n + (size_t)k < JOURNAL_PREFIX_MAX ? n + (size_t)k : JOURNAL_PREFIX_MAX - 1;
}

/* 1 when the entry's unit matches one of jr's patterns. */
static int unit_matches(struct journal *jr)
{
	char unit[JOURNAL_UNIT_MAX + 1];
	int i;

	field(jr->j, "_SYSTEMD_UNIT", unit, sizeof(unit));
	for (i = 0; unit[0] && i < jr->n_globs; i++)
		if (fnmatch(jr->globs[i], unit, 0) == 0)
			return 1;
	return 0;
}

/* Takes the entry at the read position as jr's pending one: its prefix
 * and message (0), or -1 when it has no MESSAGE. */
static int take_entry(struct journal *jr)
{
	const void *data;
	size_t len;

	jr->pre_n = entry_prefix(jr->j, jr->pre);
	if (sdj.journal_get_data(jr->j, "MESSAGE", &data, &len) < 0 || len < 8)
		return -1;
	len -= 8;
	/* (a message's last newline ends its last line, no empty one after) */
	if (len && ((const char *)data)[8 + len - 1] == '\n')
		len--;
	jr->msg_cut = len > JOURNAL_LINE_MAX;
	jr->msg_n = jr->msg_cut ? JOURNAL_LINE_MAX : len;
	memcpy(jr->msg, (const char *)data + 8, jr->msg_n);
	jr->msg_at = 0;
	jr->msg_lines = 0;
	jr->pending = 1;
	return 0;
}

/* The pending entry's next line, behind its prefix, into *line. */
static void next_line(struct journal *jr, struct span *line, int *cut)
{
	const char *nl = memchr(jr->msg + jr->msg_at, '\n', jr->msg_n - jr->msg_at);
	size_t end = nl ? (size_t)(nl - jr->msg) : jr->msg_n;

	memcpy(jr->line, jr->pre, jr->pre_n);
	memcpy(jr->line + jr->pre_n, jr->msg + jr->msg_at, end - jr->msg_at);
	*line = span_make(jr->line, jr->pre_n + end - jr->msg_at);
	jr->msg_lines++;
	jr->msg_at = nl ? end + 1 : end;
	jr->pending = nl != NULL;
	*cut = !jr->pending && jr->msg_cut;
}

int journal_next(struct journal *jr, struct span *line, int *cut)
{
	int r;

	for (;;) {
		if (jr->pending) {
			next_line(jr, line, cut);
			return 1;
		}
		r = sdj.journal_next(jr->j);
		if (r < 0)
			return -1;
		if (r == 0) {
			sdj.journal_process(jr->j);
			return 0;
		}
		jr->have_entry = 1;
		if (jr->n_globs && !is_kernel(jr->j) && !unit_matches(jr))
			continue;
		(void)take_entry(jr);
	}
}

int journal_cursor(struct journal *jr, char *buf, size_t n)
{
	char *c = NULL;

	buf[0] = '\0';
	if (!jr->have_entry || sdj.journal_get_cursor(jr->j, &c) < 0 || !c)
		return -1;
	/* In the middle of an entry's lines: how many went out, so that a
	 * restart hands out the rest (and not those again). */
	if (jr->pending)
		snprintf(buf, n, "%s%s%ld", c, JOURNAL_LINE_MARK, jr->msg_lines);
	else
		snprintf(buf, n, "%s", c);
	free(c);
	return 0;
}

/* --- a journal file or directory read whole, as text ------------------------- */

/* Where journal_text_read is in an entry's text. */
enum { JT_NEXT, JT_PREFIX, JT_BODY, JT_NEWLINE };

struct journal_text {
	sd_journal *j;
	int phase;
	int failed;              /* an error ended the entries: told at the next read */
	char why[128];
	const char *msg;         /* the entry's MESSAGE bytes (sd-journal's until the next entry) */
	size_t msg_n, msg_at;
	char pre[JOURNAL_PREFIX_MAX]; /* "TIME HOST IDENT[PID]: ", before each of its lines */
	size_t pre_n, pre_at;
};

/* 1 when name is a journal file's ("*.journal", or "*.journal~": one
 * journald set aside as unclean). */
static int journal_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 8 && strcmp(name + n - 8, ".journal") == 0) || (n > 9 && strcmp(name + n - 9, ".journal~") == 0);
}

/* 1 when name is a machine id (32 hex digits): journald's folder of one
 * machine's files under /var/log/journal. */
static int machine_id_name(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++)
		if (!strchr("0123456789abcdef", name[i]))
			return 0;
	return i == 32;
}

/* 1 when dir/name is a journal file this process may read. */
static int readable_journal(const char *dir, const char *name)
{
	char p[4096];

	return journal_name(name) && (size_t)snprintf(p, sizeof(p), "%s/%s", dir, name) < sizeof(p) &&
	       access(p, R_OK) == 0;
}

int journal_dir_holds(const char *path)
{
	DIR *d = opendir(path), *sub;
	struct dirent *e, *f;
	char p[4096];
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d)) != NULL) {
		if (readable_journal(path, e->d_name)) {
			found = 1;
		} else if (machine_id_name(e->d_name) && (size_t)snprintf(p, sizeof(p), "%s/%s", path, e->d_name) < sizeof(p) &&
			   (sub = opendir(p)) != NULL) {
			while (!found && (f = readdir(sub)) != NULL)
				found = readable_journal(p, f->d_name);
			closedir(sub);
		}
	}
	closedir(d);
	return found;
}

struct journal_text *journal_text_open(int fd, int dir, char *err, size_t errn)
{
	struct journal_text *jt = calloc(1, sizeof(*jt));
	int r;

	if (!jt) {
		snprintf(err, errn, "out of memory");
		return NULL;
	}
	if (sdj_load(err, errn))
		goto fail;
	/* (sd-journal does not take the descriptor: the line reader closes it) */
	r = dir ? sdj.journal_open_directory_fd(&jt->j, fd, 0) : sdj.journal_open_files_fd(&jt->j, &fd, 1, 0);
	if (r < 0) {
		snprintf(err, errn, "sd-journal: %s", strerror(-r));
		goto fail;
	}
	r = sdj.journal_seek_head(jt->j);
	if (r < 0) {
		snprintf(err, errn, "sd_journal_seek_head: %s", strerror(-r));
		goto fail;
	}
	return jt;
fail:
	journal_text_free(jt);
	return NULL;
}

void journal_text_free(struct journal_text *jt)
{
	if (!jt)
		return;
	if (jt->j)
		sdj.journal_close(jt->j);
	free(jt);
}

/* Steps to the next entry with a MESSAGE and makes its prefix: 1, 0 at the
 * end, -1 with jt->why set. */
static int text_entry(struct journal_text *jt)
{
	const void *data;
	size_t len, hl;
	int r;

	for (;;) {
		r = sdj.journal_next(jt->j);
		if (r <= 0) {
			if (r < 0)
				snprintf(jt->why, sizeof(jt->why), "reading the journal: %s", strerror(-r));
			return r;
		}
		/* (the prefix first: MESSAGE's bytes last only until the next get_data) */
		hl = entry_prefix(jt->j, jt->pre);
		if (sdj.journal_get_data(jt->j, "MESSAGE", &data, &len) < 0 || len < 8)
			continue;
		jt->pre_n = hl;
		jt->msg = (const char *)data + 8;
		jt->msg_n = len - 8;
		/* (a message's last newline ends its last line, no empty one after) */
		if (jt->msg_n && jt->msg[jt->msg_n - 1] == '\n')
			jt->msg_n--;
		jt->msg_at = 0;
		return 1;
	}
}

ssize_t journal_text_read(struct journal_text *jt, char *out, size_t n, char *err, size_t errn)
{
	size_t got = 0, k;
	const char *nl;
	int r;

	while (got < n) {
		switch (jt->phase) {
		case JT_NEXT:
			if (jt->failed)
				goto failed;
			r = text_entry(jt);
			if (r == 0)
				return (ssize_t)got;
			if (r < 0) {
				jt->failed = 1;
				continue;
			}
			jt->pre_at = 0;
			jt->phase = JT_PREFIX;
			break;
		case JT_PREFIX:
			k = jt->pre_n - jt->pre_at < n - got ? jt->pre_n - jt->pre_at : n - got;
			memcpy(out + got, jt->pre + jt->pre_at, k);
			got += k;
			jt->pre_at += k;
			if (jt->pre_at == jt->pre_n)
				jt->phase = JT_BODY;
			break;
		case JT_BODY:
			nl = memchr(jt->msg + jt->msg_at, '\n', jt->msg_n - jt->msg_at);
			k = (nl ? (size_t)(nl - jt->msg) : jt->msg_n) - jt->msg_at;
			if (k > n - got)
				k = n - got;
			memcpy(out + got, jt->msg + jt->msg_at, k);
			got += k;
			jt->msg_at += k;
			if (jt->msg_at == jt->msg_n || jt->msg[jt->msg_at] == '\n')
				jt->phase = JT_NEWLINE;
			break;
		default: /* JT_NEWLINE: each of the message's lines has the prefix */
			out[got++] = '\n';
			if (jt->msg_at < jt->msg_n) {
				jt->msg_at++; /* its newline */
				jt->pre_at = 0;
				jt->phase = JT_PREFIX;
			} else {
				jt->phase = JT_NEXT;
			}
			break;
		}
	}
	return (ssize_t)got;
failed:
	if (got)
		return (ssize_t)got;
	snprintf(err, errn, "%s", jt->why);
	return -1;
}

/* --- the source row ---------------------------------------------------------- */

static void *src_open(const struct source_spec *spec, const struct state_cursor *c,
		      char *err, size_t errn)
{
	return journal_open(spec->path, spec->units, spec->n_units,
			    c ? c->journal : NULL, err, errn);
}

static int src_next(void *impl, struct span *line, int *cut, int64_t *lineno)
{
	(void)lineno;
	return journal_next(impl, line, cut);
}

/* The cursor is written even when empty (no entry read yet), as before. */
static int src_save(void *impl, struct state_cursor *c)
{
	journal_cursor(impl, c->journal, sizeof(c->journal));
	return 0;
}

static void src_health(const void *impl, struct source_health *h)
{
	h->fd = journal_fd((struct journal *)(uintptr_t)impl);
}

static void src_close(void *impl)
{
	journal_close(impl);
}

const struct source_type source_type_journal = {
	.name = "journal",
	.title = "the journal",
	.feature = "journal",
	.fixed_name = "journal",
	.has_cursor = 1,
	.cursor_type = STATE_SRC_JOURNAL,
	.open = src_open,
	.next = src_next,
	.save = src_save,
	.health = src_health,
	.close = src_close,
};

#else

int journal_dir_holds(const char *path)
{
	(void)path;
	return 0;
}

struct journal_text *journal_text_open(int fd, int dir, char *err, size_t errn)
{
	(void)fd;
	(void)dir;
	snprintf(err, errn, "this build has no libsystemd");
	return NULL;
}

ssize_t journal_text_read(struct journal_text *jt, char *out, size_t n, char *err, size_t errn)
{
	(void)jt;
	(void)out;
	(void)n;
	snprintf(err, errn, "built without libsystemd");
	return -1;
}

void journal_text_free(struct journal_text *jt)
{
	(void)jt;
}

/* Built without libsystemd: the row says so and has no operations. */
const struct source_type source_type_journal = {
	.name = "journal",
	.title = "the journal",
	.feature = "journal",
	.fixed_name = "journal",
	.not_built = "built without libsystemd",
};

#endif
