/*
 * lines.c - a bounded line reader over plain files, gzip files and stdin.
 *
 * Trusts nothing in the bytes: lines longer than LINES_MAX_LINE are cut and
 * the rest of them skipped; NUL bytes are passed through. gzip is recognised
 * by its magic bytes. Not thread-safe: one reader per thread.
 */
#include "lines.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "../core/prefault.h"

#define BUF_SIZE LINES_BLOCK_MAX

struct line_reader {
	int fd;
	gzFile gz;
	int eof;
	int skipping;      /* inside the cut-off tail of a long line */
	long long mtime;
	long long size;    /* lines_size: -1 unless a regular file */
	long long read;    /* bytes read into buf (decompressed), lines_seek's off included */
	char *buf;         /* BUF_SIZE + 1 */
	size_t start, end; /* unread bytes are buf[start, end) */
};

struct line_reader *lines_open(const char *path, char *err, size_t errn)
{
	struct line_reader *lr = calloc(1, sizeof(*lr));
	unsigned char magic[2];
	struct stat st;
	int is_gz = 0;

	if (!lr || !(lr->buf = malloc(BUF_SIZE + 1))) {
		snprintf(err, errn, "%s: out of memory", path);
		goto fail;
	}
	lr->size = -1;
	if (strcmp(path, "-") == 0) {
		lr->fd = dup(STDIN_FILENO);
		if (lr->fd < 0) {
			snprintf(err, errn, "standard input: %s", strerror(errno));
			goto fail;
		}
		is_gz = 1; /* zlib passes plain input through unchanged */
	} else {
		lr->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (lr->fd < 0) {
			snprintf(err, errn, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (fstat(lr->fd, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				snprintf(err, errn, "%s: is a directory", path);
				close(lr->fd);
				goto fail;
			}
			lr->mtime = (long long)st.st_mtime;
			if (S_ISREG(st.st_mode)) {
				is_gz = pread(lr->fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
				posix_fadvise(lr->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
				lr->size = (long long)st.st_size;
				/* a file that fills the buffer touches all of it */
				if (!is_gz && st.st_size > BUF_SIZE)
					prefault(lr->buf, BUF_SIZE + 1);
			} else {
				is_gz = 1;
			}
		}
	}
	if (is_gz) {
		lr->gz = gzdopen(lr->fd, "rb");
		if (!lr->gz) {
			snprintf(err, errn, "%s: cannot open for decompression", path);
			close(lr->fd);
			goto fail;
		}
		gzbuffer(lr->gz, 128 * 1024);
	}
	return lr;
fail:
	if (lr)
		free(lr->buf);
	free(lr);
	return NULL;
}

void lines_close(struct line_reader *lr)
{
	if (!lr)
		return;
	if (lr->gz)
		gzclose(lr->gz);
	else
		close(lr->fd);
	free(lr->buf);
	free(lr);
}

long long lines_mtime(const struct line_reader *lr)
{
	return lr->mtime;
}

long long lines_size(const struct line_reader *lr)
{
	return lr->size;
}

int lines_gzip(const struct line_reader *lr)
{
	return lr->gz != NULL;
}

long long lines_offset(const struct line_reader *lr)
{
	return lr->read - (long long)(lr->end - lr->start);
}

int lines_seek(struct line_reader *lr, long long off)
{
	struct stat st;
	char before = '\n';

	if (lr->gz || lr->size < 0 || off < 0 || lr->read != 0 || fstat(lr->fd, &st) != 0 ||
	    (long long)st.st_size < off)
		return -1;
	if (off > 0 && pread(lr->fd, &before, 1, (off_t)off - 1) != 1)
		return -1;
	if (lseek(lr->fd, (off_t)off, SEEK_SET) != (off_t)off)
		return -1;
	lr->read = off;
	lr->start = lr->end = 0;
	lr->eof = 0;
	lr->skipping = before != '\n';
	return 0;
}

char *lines_swap_buffer(struct line_reader *lr, char *fresh)
{
	char *old = lr->buf;
	size_t n = lr->end - lr->start;

	memcpy(fresh, lr->buf + lr->start, n);
	lr->buf = fresh;
	lr->start = 0;
	lr->end = n;
	return old;
}

/* Refills the buffer after moving the unread bytes to its start. */
static int fill(struct line_reader *lr, char *err, size_t errn)
{
	ssize_t n;

	if (lr->start > 0) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
	}
	if (lr->end == BUF_SIZE)
		return 0;
	if (lr->gz) {
		int e;

		n = gzread(lr->gz, lr->buf + lr->end, (unsigned)(BUF_SIZE - lr->end));
		if (n < 0) {
			snprintf(err, errn, "read error: %s", gzerror(lr->gz, &e));
			return -1;
		}
		if (n == 0) {
			const char *msg = gzerror(lr->gz, &e);

			/* A cut or corrupt gzip stream ends without an error
			 * from gzread; what it held is already analysed. */
			if (e != Z_OK && e != Z_STREAM_END) {
				const char *colon = msg ? strstr(msg, ">: ") : NULL;

				/* zlib names the descriptor ("<fd:3>: "); the caller names the file. */
				if (colon)
					msg = colon + 3;
				snprintf(err, errn, "gzip: %s", msg && *msg ? msg : "corrupt or truncated input");
				lr->eof = 1;
				return -1;
			}
		}
	} else {
		do
			n = read(lr->fd, lr->buf + lr->end, BUF_SIZE - lr->end);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			snprintf(err, errn, "read error: %s", strerror(errno));
			return -1;
		}
	}
	if (n == 0)
		lr->eof = 1;
	lr->end += (size_t)n;
	lr->read += n;
	return 0;
}

int lines_next(struct line_reader *lr, struct span *line, int *cut, char *err, size_t errn)
{
	for (;;) {
		char *p = lr->buf + lr->start;
		size_t avail = lr->end - lr->start;
		char *nl = memchr(p, '\n', avail);

		if (nl) {
			size_t n = (size_t)(nl - p);

			lr->start += n + 1;
			if (lr->skipping) {
				lr->skipping = 0;
				continue;
			}
			*cut = 0;
			if (n > LINES_MAX_LINE) {
				n = LINES_MAX_LINE;
				*cut = 1;
			}
			*line = span_make(p, n);
			return 1;
		}
		if (avail >= LINES_MAX_LINE && !lr->skipping) {
			/* A line longer than the cap: hand out its head, skip the rest. */
			*line = span_make(p, LINES_MAX_LINE);
			*cut = 1;
			lr->start = lr->end;
			lr->skipping = 1;
			return 1;
		}
		if (lr->skipping) {
			lr->start = lr->end;
		}
		if (lr->eof) {
			if (avail == 0 || lr->skipping)
				return 0;
			*line = span_make(p, avail);
			*cut = 0;
			lr->start = lr->end;
			return 1;
		}
		if (fill(lr, err, errn) < 0)
			return -1;
	}
}

int lines_next_block(struct line_reader *lr, struct span *blk, char *err, size_t errn)
{
	for (;;) {
		char *p = lr->buf + lr->start;
		size_t avail = lr->end - lr->start;
		char *last;

		if (lr->skipping)
			return 2;
		if (avail == 0 && lr->eof)
			return 0;
		last = avail ? memrchr(p, '\n', avail) : NULL;
		if (last) {
			size_t n = (size_t)(last - p) + 1;

			*blk = span_make(p, n);
			lr->start += n;
			return 1;
		}
		if (lr->eof || avail >= LINES_MAX_LINE)
			return 2; /* a last line without newline, or an over-long one */
		if (fill(lr, err, errn) < 0)
			return -1;
	}
}
