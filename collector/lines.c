/*
 * lines.c - a bounded line reader over plain files, compressed files (gzip
 * here with zlib; xz, zstd and bzip2 through decomp.c), systemd journal
 * files and directories (as text, through journal.c) and stdin.
 *
 * Trusts nothing in the bytes: lines longer than LINES_MAX_LINE are cut and
 * the rest of them skipped; NUL bytes are passed through. A compression or
 * a systemd journal file is recognised by its magic bytes, in a file and on
 * standard input alike (a journal on standard input is refused: sd-journal
 * maps its files); UTF-16 content (a mark, or ASCII with zero bytes
 * between) is transcoded to UTF-8, a lone surrogate half as U+FFFD. Not
 * thread-safe: one reader per thread.
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
#include "journal.h"

#define BUF_SIZE LINES_BLOCK_MAX
#define STAGE_SIZE BUF_SIZE /* UTF-16 content read ahead of its transcoding (a stream's first read whole) */
#define UTF16_LE 1
#define UTF16_BE 2

struct line_reader {
	int fd;
	gzFile gz;         /* gzip, or standard input or a pipe (zlib passes plain bytes through) */
	struct decomp *dc; /* xz, zstd or bzip2: reads through gz, else fd */
	enum decomp_kind decomp_kind; /* dc's */
	struct journal_text *jt; /* a journal file or directory, read as text from fd */
	int sniff;         /* standard input or a pipe: its first bytes not yet looked at */
	int stream;        /* gz or dc: UTF-16 is looked for in the first bytes read */
	int utf16;         /* UTF16_LE or UTF16_BE: the content is transcoded to UTF-8, else 0 */
	unsigned char *stage;      /* utf16: content bytes read, not yet transcoded: [stage_at, stage_n) */
	size_t stage_at, stage_n;
	int stage_eof;     /* utf16: the content ended after the staged bytes */
	int at_start;      /* utf16: the next unit is the content's first (a mark is dropped) */
	unsigned high;     /* utf16: a high surrogate half waiting for its low one, or 0 */
	char spill[8];     /* utf16: the rest of a code point the buffer's end cut */
	size_t spill_n;
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
 * refused (on standard input: a named one is read by journal_open_text), an xz, zstd or bzip2
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
			 "%s%sa systemd journal file, which can be read from a file only: name it"
			 " (oomscan %s), or pipe journalctl's text (journalctl --file %s -o short-iso | oomscan -)",
			 path ? path : "", path ? ": " : "", path ? path : "FILE", path ? path : "FILE");
		return -1;
	}
	if (k == DECOMP_NONE)
		return 0;
	lr->decomp_kind = k;
	lr->dc = decomp_new(k, raw, lr, p, pre_n, why, sizeof(why));
	if (!lr->dc) {
		snprintf(err, errn, "%s%s%s", path ? path : "", path ? ": " : "", why);
		return -1;
	}
	return 0;
}

/* Reads the journal file (or with dir, the directory of journal files)
 * open on lr->fd as text. 0, or -1 with err set, naming path. */
static int journal_open_text(struct line_reader *lr, const char *path, int dir, char *err, size_t errn)
{
	char why[300];

	lr->jt = journal_text_open(lr->fd, dir, why, sizeof(why));
	if (lr->jt)
		return 0;
	snprintf(err, errn, "%s: cannot read this systemd journal %s (%s); try journalctl %s %s -o short-iso | oomscan -",
		 path, dir ? "directory" : "file", why, dir ? "-D" : "--file", path);
	return -1;
}

static int utf16_form(const unsigned char *p, size_t n);
static int utf16_start(struct line_reader *lr, int form, const void *pre, size_t pre_n, char *err, size_t errn);

struct line_reader *lines_open(const char *path, char *err, size_t errn)
{
	struct line_reader *lr = calloc(1, sizeof(*lr));
	unsigned char magic[DECOMP_MAGIC_MAX];
	struct stat st;
	ssize_t got;
	int is_gz = 0, form;

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
			lr->mtime = (long long)st.st_mtime;
			if (S_ISDIR(st.st_mode)) {
				if (!journal_dir_holds(path)) {
					snprintf(err, errn, "%s: is a directory (and holds no journal files)", path);
					goto fail;
				}
				if (journal_open_text(lr, path, 1, err, errn) < 0)
					goto fail;
				return lr;
			}
			if (S_ISREG(st.st_mode)) {
				got = pread(lr->fd, magic, sizeof(magic), 0);
				if (got < 0)
					got = 0;
				if (decomp_journal_file(magic, (size_t)got)) {
					if (journal_open_text(lr, path, 0, err, errn) < 0)
						goto fail;
					lr->size = (long long)st.st_size;
					return lr;
				}
				is_gz = got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;
				if (!is_gz && sniff_open(lr, path, magic, (size_t)got, raw_fd, 0, err, errn) < 0)
					goto fail;
				if (!is_gz && !lr->dc && (form = utf16_form(magic, (size_t)got)) != 0 &&
				    utf16_start(lr, form, NULL, 0, err, errn) < 0)
					goto fail;
				lr->stream = lr->dc != NULL;
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
		lr->stream = 1;
	}
	return lr;
fail:
	if (lr) {
		journal_text_free(lr->jt);
		if (lr->fd >= 0)
			close(lr->fd);
		decomp_free(lr->dc);
		free(lr->stage);
		free(lr->buf);
	}
	free(lr);
	return NULL;
}

void lines_close(struct line_reader *lr)
{
	if (!lr)
		return;
	journal_text_free(lr->jt);
	decomp_free(lr->dc);
	free(lr->stage);
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
	return lr->gz != NULL || lr->dc != NULL || lr->jt != NULL || lr->utf16;
}

const char *lines_decoding(const struct line_reader *lr, char *buf, size_t n)
{
	const char *z = lr->jt				? "journal"
			: lr->dc			? decomp_name(lr->decomp_kind)
			: lr->gz && !gzdirect(lr->gz)	? "gzip"
							: "";
	const char *u = lr->utf16 == UTF16_LE ? "UTF-16LE" : lr->utf16 == UTF16_BE ? "UTF-16BE" : "";

	snprintf(buf, n, "%s%s%s", z, *z && *u ? ", " : "", u);
	return buf;
}

long long lines_offset(const struct line_reader *lr)
{
	return lr->read - (long long)(lr->end - lr->start);
}

int lines_seek(struct line_reader *lr, long long off)
{
	struct stat st;
	char before = '\n';

	if (lr->gz || lr->dc || lr->jt || lr->utf16 || lr->size < 0 || off < 0 || lr->read != 0 || fstat(lr->fd, &st) != 0 ||
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

/*
 * The input's next content bytes (decompressed when it is compressed), up
 * to n into out: how many, 0 at its end, or -1 with err set (an error that
 * ends the input also sets lr->eof).
 */
static ssize_t read_content(struct line_reader *lr, char *out, size_t n, char *err, size_t errn)
{
	ssize_t r;

	if (lr->sniff) {
		/* Standard input or a pipe: its first bytes, through zlib, tell
		 * a compression zlib passes on as it is. */
		unsigned char magic[DECOMP_MAGIC_MAX];

		lr->sniff = 0;
		r = gzread(lr->gz, magic, (unsigned)(n < sizeof(magic) ? n : sizeof(magic)));
		if (r > 0 && gzdirect(lr->gz) &&
		    sniff_open(lr, NULL, magic, (size_t)r, raw_gz, (size_t)r, err, errn) < 0) {
			lr->eof = 1;
			return -1;
		}
		if (r > 0 && !lr->dc) {
			memcpy(out, magic, (size_t)r);
			return r;
		}
	}
	if (lr->jt) {
		/* (filled whole, as below) */
		r = journal_text_read(lr->jt, out, n, err, errn);
		if (r < 0)
			lr->eof = 1;
		return r;
	}
	if (lr->dc) {
		/* The buffer filled whole, as gzread and a file's read fill
		 * it: the blocks handed out, and so the output, do not hang
		 * on where the decoder's pieces end. */
		ssize_t got = 0;

		do {
			r = decomp_read(lr->dc, out + got, n - (size_t)got, err, errn);
			got += r > 0 ? r : 0;
		} while (r > 0 && (size_t)got < n);
		if (r < 0 && got == 0) {
			/* what decoded before is analysed; the caller names the file */
			lr->eof = 1;
			return -1;
		}
		return got;
	}
	if (lr->gz) {
		int e;

		r = gzread(lr->gz, out, (unsigned)n);
		if (r < 0) {
			snprintf(err, errn, "read error: %s", gzerror(lr->gz, &e));
			return -1;
		}
		if (r == 0) {
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
		return r;
	}
	do
		r = read(lr->fd, out, n);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		snprintf(err, errn, "read error: %s", strerror(errno));
	return r;
}

/*
 * The UTF-16 form that p[0, n), an input's first content bytes, starts:
 * a byte-order mark, or four ASCII characters each with a zero byte on
 * the same side (text a Windows tool wrote: PowerShell's ">" and
 * Out-File, Notepad's "Unicode"). 0 for anything else.
 */
static int utf16_form(const unsigned char *p, size_t n)
{
	int le = 1, be = 1;
	size_t i;

	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe && !(n >= 4 && p[2] == 0 && p[3] == 0))
		return UTF16_LE; /* (FF FE 00 00 is UTF-32's mark) */
	if (n >= 2 && p[0] == 0xfe && p[1] == 0xff)
		return UTF16_BE;
	if (n < 8)
		return 0;
	for (i = 0; i < 8; i += 2) {
		le &= p[i] && p[i] < 0x80 && !p[i + 1];
		be &= !p[i] && p[i + 1] && p[i + 1] < 0x80;
	}
	return le ? UTF16_LE : be ? UTF16_BE : 0;
}

/* Starts transcoding an input whose content is UTF-16 (form): the pre_n
 * bytes at pre, already read, are its first. 0, or -1 with err set. */
static int utf16_start(struct line_reader *lr, int form, const void *pre, size_t pre_n, char *err, size_t errn)
{
	lr->stage = malloc(STAGE_SIZE);
	if (!lr->stage) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	if (pre_n)
		memcpy(lr->stage, pre, pre_n);
	lr->stage_at = 0;
	lr->stage_n = pre_n;
	lr->utf16 = form;
	lr->at_start = 1;
	return 0;
}

/* Appends code point c to out as UTF-8; the bytes written (1 to 4). */
static size_t put_utf8(char *out, unsigned c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

#define REPLACEMENT 0xfffd /* for a lone surrogate half or a last odd byte */

/* The UTF-8 of the next staged unit into out (6 bytes of room): the bytes
 * written, 0 for a mark at the content's start or a high half kept for
 * the unit after it. */
static size_t utf16_unit(struct line_reader *lr, char *out)
{
	const unsigned char *st = lr->stage + lr->stage_at;
	unsigned u = lr->utf16 == UTF16_LE ? (unsigned)st[0] | (unsigned)st[1] << 8 : (unsigned)st[0] << 8 | (unsigned)st[1];
	size_t o = 0;

	lr->stage_at += 2;
	if (lr->at_start) {
		lr->at_start = 0;
		if (u == 0xfeff)
			return 0;
	}
	if (lr->high) {
		if (u >= 0xdc00 && u <= 0xdfff) {
			o = put_utf8(out, 0x10000 + ((lr->high - 0xd800) << 10) + (u - 0xdc00));
			lr->high = 0;
			return o;
		}
		o = put_utf8(out, REPLACEMENT);
		lr->high = 0;
	}
	if (u >= 0xd800 && u <= 0xdbff)
		lr->high = u;
	else
		o += put_utf8(out + o, u >= 0xdc00 && u <= 0xdfff ? REPLACEMENT : u);
	return o;
}

/*
 * Transcodes the staged UTF-16 units into out (room bytes) as UTF-8 until
 * it is full: a code point cut by its end is finished in spill, the next
 * call's first bytes. So the buffer fills as a UTF-8 file's read fills it.
 * The bytes written.
 */
static size_t utf16_step(struct line_reader *lr, char *out, size_t room)
{
	size_t o = 0, k;

	k = lr->spill_n < room ? lr->spill_n : room;
	memcpy(out, lr->spill, k);
	memmove(lr->spill, lr->spill + k, lr->spill_n - k);
	lr->spill_n -= k;
	o = k;
	while (o < room && lr->stage_at + 2 <= lr->stage_n) {
		if (room - o >= 6) {
			o += utf16_unit(lr, out + o);
			continue;
		}
		k = utf16_unit(lr, lr->spill);
		lr->spill_n = k;
		k = k < room - o ? k : room - o;
		memcpy(out + o, lr->spill, k);
		memmove(lr->spill, lr->spill + k, lr->spill_n - k);
		lr->spill_n -= k;
		o += k;
	}
	return o;
}

/* Refills a UTF-16 input's buffer: its staged bytes topped up and
 * transcoded until the buffer is full or the content ends (lr->eof). 0,
 * or -1 with err set. */
static int fill_utf16(struct line_reader *lr, char *err, size_t errn)
{
	size_t made = 0;
	ssize_t n;

	while (lr->end + made < BUF_SIZE) {
		if (!lr->stage_eof && lr->stage_n - lr->stage_at < STAGE_SIZE / 2) {
			memmove(lr->stage, lr->stage + lr->stage_at, lr->stage_n - lr->stage_at);
			lr->stage_n -= lr->stage_at;
			lr->stage_at = 0;
			n = read_content(lr, (char *)lr->stage + lr->stage_n, STAGE_SIZE - lr->stage_n, err, errn);
			if (n < 0) {
				if (made)
					break; /* what came before is handed out first */
				return -1;
			}
			lr->stage_eof = n == 0;
			lr->stage_n += (size_t)n;
		}
		made += utf16_step(lr, lr->buf + lr->end + made, BUF_SIZE - lr->end - made);
		if (!lr->stage_eof || lr->stage_n - lr->stage_at >= 2 || lr->spill_n)
			continue;
		/* the end: a high half or an odd byte left over is U+FFFD */
		if (lr->high || lr->stage_n > lr->stage_at) {
			lr->spill_n = put_utf8(lr->spill, REPLACEMENT);
			lr->high = 0;
			lr->stage_at = lr->stage_n;
			continue;
		}
		if (!made)
			lr->eof = 1;
		break;
	}
	lr->end += made;
	lr->read += (long long)made;
	return 0;
}

/* Refills the buffer after moving the unread bytes to its start. */
static int fill(struct line_reader *lr, char *err, size_t errn)
{
	ssize_t n;
	int form;

	if (lr->start > 0) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
	}
	if (lr->end == BUF_SIZE)
		return 0;
	if (lr->utf16)
		return fill_utf16(lr, err, errn);
	n = read_content(lr, lr->buf + lr->end, BUF_SIZE - lr->end, err, errn);
	if (n < 0)
		return -1;
	/* a stream's first bytes may show UTF-16 (a file's were looked at
	 * when it was opened) */
	if (lr->read == 0 && lr->stream && n > 0 &&
	    (form = utf16_form((const unsigned char *)lr->buf + lr->end, (size_t)n)) != 0) {
		if (utf16_start(lr, form, lr->buf + lr->end, (size_t)n, err, errn) < 0)
			return -1;
		return fill_utf16(lr, err, errn);
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
