/*
 * follow.c - follow a log file by name (tail -F): reads complete lines,
 * notices rename-and-create and copytruncate rotation and deletion at end of
 * file, reads the rest of a rotated file (found by inode or by the
 * fingerprint of its first bytes) before the new one, and saves and resumes
 * positions.
 *
 * Trusts nothing about the file's bytes: lines are cut at the cap (the rest
 * skipped and the cut flagged), NUL bytes are passed on, a line is complete
 * only with its newline (or at the end of a pipe, or of a rotated file whose
 * writer has moved on). A copytruncate is seen when the file shrank below
 * what was read, or no longer starts with the bytes it started with, or no
 * longer holds the bytes read last. Not thread-safe: a
 * follower belongs to one thread.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "follow.h"
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/log.h"

/* Files above this size are not scanned for their line count when reading
 * starts at their end; line numbers then count from the end. */
#define FOLLOW_COUNT_LINES_MAX (256LL << 20)
/* How long an unfinished last line of a rotated file is waited for. */
#define FOLLOW_DRAIN_WAIT_MS 5000

struct follow {
	char *path;
	char *dir;
	char *base;
	size_t cap;        /* line cap = buffer size */
	char *buf;
	size_t start, end; /* unread bytes are buf[start..end) */
	int fd;
	uint64_t dev, ino;
	int64_t read_off;  /* file offset of buf[end] */
	int64_t line;      /* number of the next line */
	int skipping;      /* discarding the rest of a cut line */
	int draining;      /* fd is a rotated file: at its end, open path anew */
	int resume;        /* after a read error: continue at resume_off if same file */
	int was_open;      /* some file has been open */
	int64_t resume_off;
	unsigned char fp[FOLLOW_FP_LEN];
	size_t fp_len;
	/* The last bytes read, ending at read_off: a file rewritten from its
	 * start (copytruncate) whose first bytes match fp and whose size has
	 * passed read_off again differs here. */
	unsigned char tail[FOLLOW_FP_LEN];
	size_t tail_len;
	int stream;        /* fd is a pipe or device: its end is the end */
	int ended;         /* the stream reached its end */
	int64_t drain_wait_ms; /* when a rotated file's unfinished last line was first seen */
	int wfd;           /* inotify on the file's directory, or -1 */
	int wfd_failed;    /* inotify could not watch it: the caller's timer only */
	int waiting;       /* the last read found nothing: ack wfd before the next */
	struct follow_stats stats;
};

struct follow *follow_new(const char *path, size_t max_line)
{
	struct follow *f = calloc(1, sizeof(*f));
	char *slash;

	if (!f)
		return NULL;
	if (max_line == 0)
		max_line = FOLLOW_DEFAULT_MAX_LINE;
	f->cap = max_line;
	f->fd = -1;
	f->wfd = -1;
	f->line = 1;
	f->path = strdup(path);
	f->buf = malloc(f->cap);
	if (!f->path || !f->buf)
		goto fail;
	slash = strrchr(f->path, '/');
	if (slash) {
		f->dir = slash == f->path ? strdup("/") : strndup(f->path, (size_t)(slash - f->path));
		f->base = strdup(slash + 1);
	} else {
		f->dir = strdup(".");
		f->base = strdup(f->path);
	}
	if (!f->dir || !f->base)
		goto fail;
	return f;
fail:
	follow_free(f);
	return NULL;
}

void follow_free(struct follow *f)
{
	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
	if (f->wfd >= 0)
		close(f->wfd);
	free(f->path);
	free(f->dir);
	free(f->base);
	free(f->buf);
	free(f);
}

const struct follow_stats *follow_stats(const struct follow *f)
{
	return &f->stats;
}

const char *follow_path(const struct follow *f)
{
	return f->path;
}

int follow_is_open(const struct follow *f)
{
	return f->fd >= 0 && !f->ended;
}

int follow_ended(const struct follow *f)
{
	return f->ended;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Keeps the last bytes read, those just before read_off. */
static void tail_refresh(struct follow *f)
{
	size_t n = FOLLOW_FP_LEN;
	ssize_t got;

	if (f->stream)
		return;
	/* buf[0, end) holds the file's bytes up to read_off. */
	if (f->end >= n) {
		memcpy(f->tail, f->buf + f->end - n, n);
		f->tail_len = n;
		return;
	}
	if ((int64_t)n > f->read_off)
		n = (size_t)f->read_off;
	got = pread(f->fd, f->tail, n, f->read_off - (int64_t)n);
	f->tail_len = got == (ssize_t)n ? n : 0;
}

/* 1 when the file still holds the bytes last read just before read_off. */
static int tail_match(const struct follow *f)
{
	unsigned char tmp[FOLLOW_FP_LEN];
	ssize_t n;

	if (f->tail_len == 0 || f->read_off < (int64_t)f->tail_len)
		return 1;
	n = pread(f->fd, tmp, f->tail_len, f->read_off - (int64_t)f->tail_len);
	return n == (ssize_t)f->tail_len && memcmp(tmp, f->tail, f->tail_len) == 0;
}

static void fp_refresh(struct follow *f)
{
	ssize_t n;

	if (f->fd < 0 || f->fp_len == FOLLOW_FP_LEN)
		return;
	n = pread(f->fd, f->fp, FOLLOW_FP_LEN, 0);
	f->fp_len = n > 0 ? (size_t)n : 0;
}

/* 1 when the file on fd starts with the fp_len bytes of fp. */
static int fp_match(int fd, const unsigned char *fp, size_t fp_len)
{
	unsigned char tmp[FOLLOW_FP_LEN];
	ssize_t n;

	if (fp_len == 0)
		return 1;
	n = pread(fd, tmp, fp_len, 0);
	return n == (ssize_t)fp_len && memcmp(tmp, fp, fp_len) == 0;
}

/* Makes fd the current file, positioned at off. */
static void use_fd(struct follow *f, int fd, const struct stat *st, int64_t off,
		   int64_t line)
{
	if (f->fd >= 0 && f->fd != fd)
		close(f->fd);
	f->fd = fd;
	f->was_open = 1;
	f->dev = (uint64_t)st->st_dev;
	f->ino = (uint64_t)st->st_ino;
	f->read_off = off;
	f->start = f->end = 0;
	f->line = line;
	f->fp_len = 0;
	f->tail_len = 0;
	f->stream = !S_ISREG(st->st_mode);
	f->ended = 0;
	f->drain_wait_ms = 0;
	fp_refresh(f);
}

static int open_file(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0 || !(S_ISREG(st->st_mode) || S_ISFIFO(st->st_mode) ||
				   S_ISCHR(st->st_mode))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Opens path from its start; returns 0, or -1 when it is not there. */
static int open_path_start(struct follow *f)
{
	struct stat st;
	int fd = open_file(f->path, &st);

	if (fd < 0)
		return -1;
	if (f->resume && (uint64_t)st.st_dev == f->dev && (uint64_t)st.st_ino == f->ino &&
	    st.st_size >= f->resume_off) {
		f->resume = 0;
		use_fd(f, fd, &st, f->resume_off, f->line);
		return 0;
	}
	f->resume = 0;
	use_fd(f, fd, &st, 0, 1);
	return 0;
}

static int compressed_name(const char *name)
{
	static const char *const ext[] = { ".gz", ".xz", ".bz2", ".zst", ".lz4", ".Z" };
	size_t n = strlen(name), i, k;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		k = strlen(ext[i]);
		if (n >= k && strcmp(name + n - k, ext[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * Finds the rotated file in the directory: first by (dev, ino), then a file
 * named base* with the fingerprint and at least min_size bytes that is not
 * the inode skip_ino. Returns an open fd (and *st), or -1.
 */
static int find_rotated(struct follow *f, uint64_t dev, uint64_t ino,
			const unsigned char *fp, size_t fp_len, int64_t min_size,
			uint64_t skip_ino, struct stat *st)
{
	DIR *d = opendir(f->dir);
	struct dirent *de;
	char path[4096];
	size_t bl = strlen(f->base);
	int pass, fd = -1;

	if (!d)
		return -1;
	for (pass = 0; pass < 2 && fd < 0; pass++) {
		rewinddir(d);
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, f->base) == 0 ||
			    strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			if (pass == 0 && (uint64_t)de->d_ino != ino)
				continue;
			if (pass == 1 && (strncmp(de->d_name, f->base, bl) != 0 ||
					  compressed_name(de->d_name) ||
					  (uint64_t)de->d_ino == skip_ino))
				continue;
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", f->dir,
					     de->d_name) >= sizeof(path))
				continue;
			fd = open_file(path, st);
			if (fd < 0)
				continue;
			if (S_ISREG(st->st_mode) && st->st_size >= min_size &&
			    fp_match(fd, fp, fp_len) &&
			    (pass == 1 || ((uint64_t)st->st_dev == dev &&
					   (uint64_t)st->st_ino == ino)))
				break;
			close(fd);
			fd = -1;
		}
	}
	closedir(d);
	return fd;
}

/* Lines in the first off bytes of fd, plus one. */
static int64_t count_lines(int fd, int64_t off)
{
	char buf[65536];
	int64_t pos = 0, line = 1;
	ssize_t n;
	const char *p, *e;

	while (pos < off) {
		size_t want = sizeof(buf);

		if ((int64_t)want > off - pos)
			want = (size_t)(off - pos);
		n = pread(fd, buf, want, pos);
		if (n <= 0)
			break;
		p = buf;
		e = buf + n;
		while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
			line++;
			p++;
		}
		pos += n;
	}
	return line;
}

int follow_start(struct follow *f, const struct follow_pos *pos, int from_start)
{
	struct stat st;
	int fd, rfd;

	fd = open_file(f->path, &st);
	/* A saved position without a file: read the next file from its start. */
	if (pos && !pos->ino && !pos->dev)
		from_start = 1;
	if (pos && (pos->ino || pos->dev)) {
		size_t fpl = pos->fp_len > FOLLOW_FP_LEN ? FOLLOW_FP_LEN : pos->fp_len;

		if (fd >= 0 && (uint64_t)st.st_dev == pos->dev &&
		    (uint64_t)st.st_ino == pos->ino && st.st_size >= pos->offset &&
		    pos->offset >= 0 && fp_match(fd, pos->fp, fpl)) {
			use_fd(f, fd, &st, pos->offset, pos->line > 0 ? pos->line : 1);
			return 0;
		}
		rfd = find_rotated(f, pos->dev, pos->ino, pos->fp, fpl,
				   pos->offset < 0 ? 0 : pos->offset,
				   fd >= 0 ? (uint64_t)st.st_ino : 0, &st);
		if (rfd >= 0) {
			if (fd >= 0)
				close(fd);
			use_fd(f, rfd, &st, pos->offset, pos->line > 0 ? pos->line : 1);
			f->draining = 1;
			f->stats.rotations++;
			return 0;
		}
		/* Neither the file nor its rotated copy: a new file. */
		from_start = 1;
		if (fd >= 0 && fstat(fd, &st) < 0) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0)
		return 0; /* read from its start once it appears */
	if (from_start || !S_ISREG(st.st_mode)) {
		use_fd(f, fd, &st, 0, 1);
		return 0;
	}
	use_fd(f, fd, &st, st.st_size,
	       st.st_size <= FOLLOW_COUNT_LINES_MAX ? count_lines(fd, st.st_size) : 1);
	return 0;
}

/* Takes a line out of the buffer; returns 1 if there was one. */
static int take_line(struct follow *f, struct span *line, int *cut, int64_t *lineno,
		     int at_eof)
{
	char *nl;
	size_t n;

	while (f->skipping && f->start < f->end) {
		nl = memchr(f->buf + f->start, '\n', f->end - f->start);
		if (!nl) {
			f->start = f->end;
			return 0;
		}
		f->start = (size_t)(nl - f->buf) + 1;
		f->skipping = 0;
	}
	if (f->start >= f->end)
		return 0;
	nl = memchr(f->buf + f->start, '\n', f->end - f->start);
	if (nl) {
		n = (size_t)(nl - (f->buf + f->start));
		*line = span_make(f->buf + f->start, n);
		*cut = 0;
		f->start += n + 1;
	} else if (f->start == 0 && f->end == f->cap) {
		*line = span_make(f->buf, f->cap);
		*cut = 1;
		f->start = f->end;
		f->skipping = 1;
	} else if (at_eof) {
		/* The last line of a rotated file, without its newline. */
		*line = span_make(f->buf + f->start, f->end - f->start);
		*cut = 0;
		f->start = f->end;
	} else {
		return 0;
	}
	*lineno = f->line++;
	return 1;
}

/*
 * At the end of the current file: 1 when reading should go on (the file was
 * rotated or truncated and fd has changed), 0 when there is nothing new.
 * only_trunc: look at the open file only (truncated, or rewritten from its
 * start), not at the name.
 */
static int check_rotation(struct follow *f, int only_trunc)
{
	struct stat st, rst;
	int64_t consumed = f->read_off - (int64_t)(f->end - f->start);
	unsigned char oldfp[FOLLOW_FP_LEN];
	size_t oldfp_len = f->fp_len;
	int rfd;

	if (!only_trunc) {
		if (stat(f->path, &st) < 0)
			return 0; /* deleted or renamed: keep reading the old file */
		if ((uint64_t)st.st_ino != f->ino || (uint64_t)st.st_dev != f->dev) {
			f->draining = 1;
			f->stats.rotations++;
			return 1;
		}
	} else if (fstat(f->fd, &st) < 0) {
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return 0;
	memcpy(oldfp, f->fp, oldfp_len);
	/* Same file when it did not shrink below what was read, starts with
	 * the same bytes and still holds the bytes last read. */
	if (st.st_size >= f->read_off && fp_match(f->fd, oldfp, oldfp_len) && tail_match(f)) {
		fp_refresh(f);
		return 0;
	}
	/* Truncated (copytruncate): read the rest from the copy if there is one. */
	f->stats.truncations++;
	rfd = find_rotated(f, 0, 0, oldfp, oldfp_len, consumed, f->ino, &rst);
	if (rfd >= 0) {
		int cur = f->fd;

		f->fd = -1;
		close(cur);
		use_fd(f, rfd, &rst, consumed, f->line);
		f->draining = 1;
		return 1;
	}
	f->start = f->end = 0;
	f->read_off = 0;
	f->line = 1;
	f->fp_len = 0;
	f->tail_len = 0;
	f->skipping = 0;
	fp_refresh(f);
	return 1;
}

/* 1 when the file now at path has bytes (its writer has moved on) or is gone. */
static int new_file_started(const struct follow *f)
{
	struct stat st;

	return stat(f->path, &st) < 0 || st.st_size > 0;
}

int follow_next(struct follow *f, struct span *line, int *cut, int64_t *lineno)
{
	ssize_t n;
	int rounds = 0, checked = 0;

	for (;;) {
		if (f->fd < 0 && open_path_start(f) < 0)
			return 0;
		if (take_line(f, line, cut, lineno, 0))
			return 1;
		/* Before reading new bytes: was the file truncated and written
		 * again past our offset since the last look? */
		if (!checked && !f->draining) {
			checked = 1;
			check_rotation(f, 1);
		}
		if (f->start > 0) {
			memmove(f->buf, f->buf + f->start, f->end - f->start);
			f->end -= f->start;
			f->start = 0;
		}
		n = pread(f->fd, f->buf + f->end, f->cap - f->end, f->read_off);
		if (n < 0 && errno == ESPIPE)
			n = read(f->fd, f->buf + f->end, f->cap - f->end);
		if (n > 0) {
			f->end += (size_t)n;
			f->read_off += n;
			f->stats.bytes += (uint64_t)n;
			tail_refresh(f);
			continue;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			/* Reopen by name later, where we were if it is the
			 * same file. */
			f->resume = !f->draining;
			f->resume_off = f->read_off - (int64_t)(f->end - f->start);
			f->draining = 0;
			close(f->fd);
			f->fd = -1;
			return -1;
		}
		/* End of file. */
		if (f->stream) {
			/* A pipe's end is final: its last line counts even
			 * without a newline. */
			f->ended = 1;
			return take_line(f, line, cut, lineno, 1);
		}
		if (f->draining) {
			/* The writer may still finish the last line of the
			 * rotated file: wait for it while the new file is
			 * empty, up to FOLLOW_DRAIN_WAIT_MS. */
			if (f->start < f->end && !f->skipping && !new_file_started(f)) {
				int64_t t = mono_ms();

				if (!f->drain_wait_ms)
					f->drain_wait_ms = t;
				if (t - f->drain_wait_ms < FOLLOW_DRAIN_WAIT_MS)
					return 0;
			}
			if (take_line(f, line, cut, lineno, 1))
				return 1;
			f->draining = 0;
			f->skipping = 0;
			close(f->fd);
			f->fd = -1;
			if (open_path_start(f) < 0)
				return 0;
			continue;
		}
		/* Bounded: a file rotated again and again while we look. */
		if (++rounds > 4 || !check_rotation(f, 0))
			return 0;
	}
}

int follow_get_pos(struct follow *f, struct follow_pos *pos)
{
	memset(pos, 0, sizeof(*pos));
	if (f->fd < 0) {
		if (f->resume) {
			/* Closed after a read error: where reading will go on. */
			pos->dev = f->dev;
			pos->ino = f->ino;
			pos->offset = f->resume_off;
			pos->line = f->line;
			memcpy(pos->fp, f->fp, f->fp_len);
			pos->fp_len = f->fp_len;
			return 0;
		}
		if (!f->was_open)
			return -1;
		/* The old file is read to its end and the new one is not
		 * there yet: it will be read from its start. */
		pos->line = 1;
		return 0;
	}
	fp_refresh(f);
	pos->dev = f->dev;
	pos->ino = f->ino;
	pos->offset = f->read_off - (int64_t)(f->end - f->start);
	pos->line = f->line;
	memcpy(pos->fp, f->fp, f->fp_len);
	pos->fp_len = f->fp_len;
	return 0;
}

void follow_reopen(struct follow *f)
{
	struct stat st;

	if (f->fd < 0 || f->draining)
		return;
	if (stat(f->path, &st) == 0 &&
	    ((uint64_t)st.st_ino != f->ino || (uint64_t)st.st_dev != f->dev)) {
		f->draining = 1;
		f->stats.rotations++;
	}
}

/*
 * The directory is watched rather than the file: writes to the file, and the
 * rename, create and delete of a rotation, all show there, whichever inode
 * the name holds now (or whether it exists yet).
 */
int follow_wait_fd(struct follow *f)
{
	if (f->wfd >= 0 || f->wfd_failed || f->stream)
		return f->stream ? -1 : f->wfd;
	f->wfd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (f->wfd < 0)
		goto fail;
	if (inotify_add_watch(f->wfd, f->dir, IN_MODIFY | IN_CREATE | IN_MOVED_TO |
			      IN_MOVED_FROM | IN_DELETE | IN_CLOSE_WRITE | IN_ATTRIB) < 0)
		goto fail;
	return f->wfd;
fail:
	if (f->wfd >= 0)
		close(f->wfd);
	f->wfd = -1;
	f->wfd_failed = 1;
	return -1;
}

void follow_wait_ack(struct follow *f)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));

	if (f->wfd < 0)
		return;
	while (read(f->wfd, buf, sizeof(buf)) > 0)
		;
}

/* --- the source rows: a followed file, standard input ------------------------ */

static void *file_open(const struct source_spec *spec, const struct state_cursor *c,
		       char *err, size_t errn)
{
	struct follow *f = follow_new(spec->path, spec->max_line);

	if (!f) {
		snprintf(err, errn, "out of memory");
		return NULL;
	}
	follow_start(f, c ? &c->pos : NULL, spec->from_start);
	if (!follow_is_open(f))
		log_warn("%s does not exist yet: following it by name", spec->path);
	follow_wait_fd(f); /* -1 (no inotify): serve polls on its timer */
	return f;
}

static void *stdin_open(const struct source_spec *spec, const struct state_cursor *c,
			char *err, size_t errn)
{
	struct follow *f = follow_new("/dev/stdin", spec->max_line);

	(void)c;
	if (!f) {
		snprintf(err, errn, "out of memory");
		return NULL;
	}
	follow_start(f, NULL, 1);
	return f;
}

static int src_next(void *impl, struct span *line, int *cut, int64_t *lineno)
{
	return follow_next(impl, line, cut, lineno);
}

/* A followed file: the first read after "nothing now" empties the inotify
 * descriptor first, so a change that comes after it wakes the next poll. */
static int file_next(void *impl, struct span *line, int *cut, int64_t *lineno)
{
	struct follow *f = impl;
	int r;

	if (f->waiting) {
		follow_wait_ack(f);
		f->waiting = 0;
	}
	r = follow_next(f, line, cut, lineno);
	if (r == 0)
		f->waiting = 1;
	return r;
}

static int file_save(void *impl, struct state_cursor *c)
{
	return follow_get_pos(impl, &c->pos);
}

static void file_health(const void *impl, struct source_health *h)
{
	const struct follow *f = impl;

	h->open = follow_is_open(f);
	h->switches = f->stats.rotations + f->stats.truncations;
	h->fd = f->wfd;
}

static void stdin_health(const void *impl, struct source_health *h)
{
	h->open = follow_is_open(impl);
}

static void file_reopen(void *impl)
{
	follow_reopen(impl);
}

static void src_close(void *impl)
{
	follow_free(impl);
}

const struct source_type source_type_file = {
	.name = "file",
	.title = "a followed file",
	.feature = "follow",
	.has_cursor = 1,
	.cursor_type = STATE_SRC_FILE,
	.open = file_open,
	.next = file_next,
	.save = file_save,
	.health = file_health,
	.reopen = file_reopen,
	.close = src_close,
};

const struct source_type source_type_stdin = {
	.name = "stdin",
	.title = "standard input",
	.feature = "stdin",
	.fixed_name = "-",
	.open = stdin_open,
	.next = src_next,
	.health = stdin_health,
	.close = src_close,
};
