/*
 * lines.c - a bounded line reader over plain files, compressed files (gzip
 * here with zlib; xz, zstd and bzip2 through decomp.c) and stdin.
 *
 * Trusts nothing in the bytes: lines longer than LINES_MAX_LINE are cut and
 * the rest of them skipped; NUL bytes are passed through. A compression or
 * a systemd journal file is recognised by its magic bytes, in a file and on
 * standard input alike. Not thread-safe: one reader per thread.
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
#include "decomp.h"

#define BUF_SIZE LINES_BLOCK_MAX

struct line_reader {
	int fd;
	gzFile gz;         /* gzip, or standard input or a pipe (zlib passes plain bytes through) */
	struct decomp *dc; /* xz, zstd or bzip2: reads through gz, else fd */
	int sniff;         /* standard input or a pipe: its first bytes not yet looked at */
	int eof;
	int skipping;      /* inside the cut-off tail of a long line */
	long long mtime;
	long long size;    /* lines_size: -1 unless a regular file */
	long long read;    /* bytes read into buf (decompressed), lines_seek's off included */
	char *buf;         /* BUF_SIZE + 1 */
	size_t start, end; /* unread bytes are buf[start, end) */
};

/* The compressed bytes of a file (decomp_raw_fn): read(2) on its fd. */
static ssize_t raw_fd(void *ctx, void *buf, size_t n)
{
	struct line_reader *lr = ctx;
	ssize_t r;

	do
		r = read(lr->fd, buf, n);
	while (r < 0 && errno == EINTR);
	return r;
}

/* The compressed bytes of standard input or a pipe (decomp_raw_fn):
 * through zlib, which passes them on as they are (gzdirect). */
static ssize_t raw_gz(void *ctx, void *buf, size_t n)
{
	struct line_reader *lr = ctx;
	int r = gzread(lr->gz, buf, (unsigned)(n > (1u << 30) ? 1u << 30 : n));

	if (r < 0)
		errno = EIO;
	return r;
}

/*
 * Looks at an input's first bytes p[0, n): a systemd journal file is
 * refused (it is binary: journalctl reads it), an xz, zstd or bzip2
 * stream gets its decoder (the pre_n bytes of pre handed to it first), a
 * gzip stream or text passes. 0, or -1 with err set, starting with path
 * when there is one (standard input's caller names it).
 */
static int sniff_open(struct line_reader *lr, const char *path, const unsigned char *p, size_t n,
		      decomp_raw_fn raw, size_t pre_n, char *err, size_t errn)
{
	enum decomp_kind k = decomp_sniff(p, n);
	char why[400];

	if (decomp_journal_file(p, n)) {
		snprintf(err, errn,
			 "%s%sa systemd journal file, not text: read it with journalctl"
			 " (journalctl --file %s -o short-iso | oomscan -)",
			 path ? path : "", path ? ": " : "", path ? path : "FILE");
		return -1;
	}
	if (k == DECOMP_NONE)
		return 0;
	lr->dc = decomp_new(k, raw, lr, p, pre_n, why, sizeof(why));
	if (!lr->dc) {
		snprintf(err, errn, "%s%s%s", path ? path : "", path ? ": " : "", why);
		return -1;
	}
	return 0;
}

struct line_reader *lines_open(const char *path, char *err, size_t errn)
{
	struct line_reader *lr = calloc(1, sizeof(*lr));
	unsigned char magic[DECOMP_MAGIC_MAX];
	struct stat st;
	ssize_t got;
	int is_gz = 0;

	if (lr)
		lr->fd = -1;
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
				goto fail;
			}
			lr->mtime = (long long)st.st_mtime;
			if (S_ISREG(st.st_mode)) {
				got = pread(lr->fd, magic, sizeof(magic), 0);
				if (got < 0)
					got = 0;
				is_gz = got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;
				if (!is_gz && sniff_open(lr, path, magic, (size_t)got, raw_fd, 0, err, errn) < 0)
					goto fail;
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
			goto fail;
		}
		gzbuffer(lr->gz, 128 * 1024);
		lr->sniff = lr->size < 0;
	}
	return lr;
fail:
	if (lr) {
		if (lr->fd >= 0)
			close(lr->fd);
		decomp_free(lr->dc);
		free(lr->buf);
	}
	free(lr);
	return NULL;
}

void lines_close(struct line_reader *lr)
{
	if (!lr)
		return;
	decomp_free(lr->dc);
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

int lines_compressed(const struct line_reader *lr)
{
	return lr->gz != NULL || lr->dc != NULL;
}

long long lines_offset(const struct line_reader *lr)
{
	return lr->read - (long long)(lr->end - lr->start);
}

int lines_seek(struct line_reader *lr, long long off)
{
	struct stat st;
	char before = '\n';

	if (lr->gz || lr->dc || lr->size < 0 || off < 0 || lr->read != 0 || fstat(lr->fd, &st) != 0 ||
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
	if (lr->sniff) {
		/* Standard input or a pipe: its first bytes, through zlib, tell
		 * a compression zlib passes on as it is. */
		unsigned char magic[DECOMP_MAGIC_MAX];

		lr->sniff = 0;
		n = gzread(lr->gz, magic, sizeof(magic));
		if (n > 0 && gzdirect(lr->gz) &&
		    sniff_open(lr, NULL, magic, (size_t)n, raw_gz, (size_t)n, err, errn) < 0) {
			lr->eof = 1;
			return -1;
		}
		if (n > 0 && !lr->dc) {
			memcpy(lr->buf + lr->end, magic, (size_t)n);
			lr->end += (size_t)n;
			lr->read += n;
			return 0;
		}
	}
	if (lr->dc) {
		/* The buffer filled whole, as gzread and a file's read fill
		 * it: the blocks handed out, and so the output, do not hang
		 * on where the decoder's pieces end. */
		ssize_t got = 0;

		do {
			n = decomp_read(lr->dc, lr->buf + lr->end + got, BUF_SIZE - lr->end - (size_t)got, err, errn);
			got += n > 0 ? n : 0;
		} while (n > 0 && lr->end + (size_t)got < BUF_SIZE);
		if (n < 0 && got == 0) {
			/* what decoded before is analysed; the caller names the file */
			lr->eof = 1;
			return -1;
		}
		n = got;
	} else if (lr->gz) {
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
