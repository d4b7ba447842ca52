/*
 * test_decomp.c - the xz, zstd and bzip2 decoders: recognition by magic
 * bytes, whole streams read in pieces of every size, streams one after
 * another, truncated and corrupt input (what decoded before comes out,
 * then an error), the window cap, trailing bytes, a read error, and the
 * bytes read to sniff handed back; then through the line reader: files
 * and standard input of each kind, a broken journal file and one on
 * standard input refused with how to read them. Streams are made with
 * the libraries' own encoders; a kind this build lacks is skipped.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "helpers.h"

#include "../../collector/decomp.h"
#include "../../collector/lines.h"

#ifdef OOMSCAN_HAVE_XZ
#include <lzma.h>
#endif
#ifdef OOMSCAN_HAVE_ZSTD
#include <zstd.h>
#endif
#ifdef OOMSCAN_HAVE_BZIP2
#include <bzlib.h>
#endif

static const enum decomp_kind kinds[] = { DECOMP_XZ, DECOMP_ZSTD, DECOMP_BZIP2 };
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

/* Compressed bytes served from memory, at most chunk at a time; fail: the
 * end of the bytes is a read error instead of the input's end. */
struct mem {
	const unsigned char *p;
	size_t n, at, chunk;
	int fail;
};

static ssize_t mem_raw(void *ctx, void *buf, size_t n)
{
	struct mem *m = ctx;
	size_t k = m->n - m->at;

	if (k == 0) {
		if (m->fail) {
			errno = EIO;
			return -1;
		}
		return 0;
	}
	if (k > n)
		k = n;
	if (k > m->chunk)
		k = m->chunk;
	memcpy(buf, m->p + m->at, k);
	m->at += k;
	return (ssize_t)k;
}

/* Some log text of n bytes (lines of a kernel log, the last one cut to
 * fit). */
static unsigned char *make_text(size_t n)
{
	unsigned char *t = malloc(n);
	size_t i = 0;
	unsigned line = 0;

	assert_non_null(t);
	while (i < n) {
		char l[96];
		int k = snprintf(l, sizeof(l), "Nov  1 00:%02u:%02u node%02u kernel: [%8u.%06u] line %u of the text\n",
				 line / 60 % 60, line % 60, line % 50, line, (line * 7919u) % 1000000u, line);
		size_t take = (size_t)k < n - i ? (size_t)k : n - i;

		memcpy(t + i, l, take);
		i += take;
		line++;
	}
	t[n - 1] = '\n'; /* whole lines */
	return t;
}

/* The stream of kind k holding t[0, n), in *out (malloc'd); its size. 0
 * when this build lacks k. */
static size_t compress_kind(enum decomp_kind k, const unsigned char *t, size_t n, unsigned char **out)
{
	size_t cap = n + n / 2 + 1024, got = 0;
	unsigned char *o = malloc(cap);

	assert_non_null(o);
	*out = o;
	switch (k) {
#ifdef OOMSCAN_HAVE_XZ
	case DECOMP_XZ:
		assert_int_equal(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, NULL, t, n, o, &got, cap), LZMA_OK);
		break;
#endif
#ifdef OOMSCAN_HAVE_ZSTD
	case DECOMP_ZSTD: {
		ZSTD_CCtx *c = ZSTD_createCCtx();

		assert_non_null(c);
		assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)));
		got = ZSTD_compress2(c, o, cap, t, n);
		assert_false(ZSTD_isError(got));
		ZSTD_freeCCtx(c);
		break;
	}
#endif
#ifdef OOMSCAN_HAVE_BZIP2
	case DECOMP_BZIP2: {
		unsigned int dl = (unsigned int)cap;

		assert_int_equal(BZ2_bzBuffToBuffCompress((char *)o, &dl, (char *)(uintptr_t)t, (unsigned)n, 9, 0, 0),
				 BZ_OK);
		got = dl;
		break;
	}
#endif
	default:
		break;
	}
	return got;
}

/*
 * Decodes m's bytes as kind k, cap bytes a call, into out (outn bytes):
 * the bytes decoded before the end or an error in *got; 0 at the end, -1
 * at an error (its message in err).
 */
static int decode_all(enum decomp_kind k, struct mem *m, size_t cap, unsigned char *out, size_t outn, size_t *got,
		      char *err, size_t errn)
{
	struct decomp *d;
	ssize_t r;
	int rc = 0;

	*got = 0;
	d = decomp_new(k, mem_raw, m, NULL, 0, err, errn);
	assert_non_null(d);
	for (;;) {
		size_t room = outn - *got < cap ? outn - *got : cap;

		r = decomp_read(d, out + *got, room, err, errn);
		if (r < 0) {
			rc = -1;
			break;
		}
		if (r == 0) {
			/* no room left is not the end: more would have come */
			assert_true(room > 0);
			break;
		}
		assert_true((size_t)r <= room);
		*got += (size_t)r;
	}
	/* the end stays the end, an error stays an error */
	r = decomp_read(d, out, 1, err, errn);
	assert_int_equal(r, rc);
	decomp_free(d);
	return rc;
}

static void test_sniff(void **state)
{
	static const unsigned char xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00, 0x00, 0x04 };
	static const unsigned char zs[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x04 };
	static const unsigned char skippable[] = { 0x5a, 0x2a, 0x4d, 0x18, 0x00 };
	static const unsigned char gz[] = { 0x1f, 0x8b, 0x08, 0x00 };

	(void)state;
	assert_int_equal(decomp_sniff(xz, sizeof(xz)), DECOMP_XZ);
	assert_int_equal(decomp_sniff(xz, 5), DECOMP_NONE);
	assert_int_equal(decomp_sniff(zs, sizeof(zs)), DECOMP_ZSTD);
	assert_int_equal(decomp_sniff(skippable, sizeof(skippable)), DECOMP_ZSTD);
	assert_int_equal(decomp_sniff((const unsigned char *)"BZh91AY&SY", 10), DECOMP_BZIP2);
	assert_int_equal(decomp_sniff((const unsigned char *)"BZh1\x17\x72\x45\x38\x50\x90", 10), DECOMP_BZIP2);
	/* text that starts like bzip2 but has no block after it */
	assert_int_equal(decomp_sniff((const unsigned char *)"BZh9 is not a block", 19), DECOMP_NONE);
	assert_int_equal(decomp_sniff((const unsigned char *)"BZh0AY&SY\x00", 10), DECOMP_NONE);
	assert_int_equal(decomp_sniff(gz, sizeof(gz)), DECOMP_NONE);
	assert_int_equal(decomp_sniff((const unsigned char *)"Nov  1 00:00:00 h kernel:", 25), DECOMP_NONE);
	assert_int_equal(decomp_sniff(NULL, 0), DECOMP_NONE);
	assert_true(decomp_journal_file((const unsigned char *)"LPKSHHRH\x01\x00", 10));
	assert_false(decomp_journal_file((const unsigned char *)"LPKSHHR", 7));
	assert_false(decomp_journal_file((const unsigned char *)"lpkshhrh", 8));
	assert_string_equal(decomp_name(DECOMP_XZ), "xz");
	assert_string_equal(decomp_name(DECOMP_ZSTD), "zstd");
	assert_string_equal(decomp_name(DECOMP_BZIP2), "bzip2");
	assert_string_equal(decomp_name(DECOMP_NONE), "");
}

/* Every kind decodes to the text whatever the sizes of the reads on
 * either side: one byte, odd sizes, whole buffers. */
static void test_roundtrip(void **state)
{
	static const size_t chunks[] = { 1, 4093, 1 << 20 }, caps[] = { 1, 7, 256 * 1024 };
	const size_t n = 300 * 1024;
	unsigned char *t = make_text(n), *z, *out = malloc(n + 16);
	char err[256];
	size_t i, c, a, zn, got;

	(void)state;
	assert_non_null(out);
	for (i = 0; i < N_KINDS; i++) {
		if (!decomp_built(kinds[i]))
			continue;
		zn = compress_kind(kinds[i], t, n, &z);
		assert_true(zn > 0 && zn < n);
		assert_int_equal(decomp_sniff(z, zn), kinds[i]);
		for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++)
			for (a = 0; a < sizeof(caps) / sizeof(caps[0]); a++) {
				struct mem m = { z, zn, 0, chunks[c], 0 };

				/* one byte at a time both ways is slow and proves nothing more */
				if (chunks[c] == 1 && caps[a] == 1)
					continue;
				assert_int_equal(decode_all(kinds[i], &m, caps[a], out, n + 16, &got, err, sizeof(err)), 0);
				assert_int_equal(got, n);
				assert_memory_equal(out, t, n);
			}
		free(z);
	}
	free(out);
	free(t);
}

/* Two streams one after another read as one text; bytes after bzip2's
 * last stream are ignored (as bzip2 -d does), after xz's and zstd's they
 * are an error, once the text before them is out. */
static void test_concatenated(void **state)
{
	const size_t n = 70 * 1024;
	unsigned char *t = make_text(n), *z, *two, *out = malloc(3 * n);
	char err[256];
	size_t i, zn, got;

	(void)state;
	assert_non_null(out);
	for (i = 0; i < N_KINDS; i++) {
		if (!decomp_built(kinds[i]))
			continue;
		zn = compress_kind(kinds[i], t, n, &z);
		two = malloc(2 * zn + 5);
		assert_non_null(two);
		memcpy(two, z, zn);
		memcpy(two + zn, z, zn);
		{
			struct mem m = { two, 2 * zn, 0, 1000, 0 };

			assert_int_equal(decode_all(kinds[i], &m, 4096, out, 3 * n, &got, err, sizeof(err)), 0);
			assert_int_equal(got, 2 * n);
			assert_memory_equal(out, t, n);
			assert_memory_equal(out + n, t, n);
		}
		memcpy(two + 2 * zn, "junk\n", 5);
		{
			struct mem m = { two, 2 * zn + 5, 0, 1 << 20, 0 };
			int rc = decode_all(kinds[i], &m, 1 << 20, out, 3 * n, &got, err, sizeof(err));

			assert_int_equal(got, 2 * n);
			if (kinds[i] == DECOMP_BZIP2) {
				assert_int_equal(rc, 0);
			} else {
				assert_int_equal(rc, -1);
				assert_non_null(strstr(err, decomp_name(kinds[i])));
			}
		}
		free(two);
		free(z);
	}
	free(out);
	free(t);
}

/* A stream cut short: what decoded before the cut comes out (the text's
 * start), then an error that says so. */
static void test_truncated(void **state)
{
	const size_t n = 400 * 1024;
	unsigned char *t = make_text(n), *z, *out = malloc(n);
	char err[256];
	size_t i, zn, got;

	(void)state;
	assert_non_null(out);
	for (i = 0; i < N_KINDS; i++) {
		if (!decomp_built(kinds[i]))
			continue;
		zn = compress_kind(kinds[i], t, n, &z);
		{
			struct mem m = { z, zn * 3 / 4, 0, 8192, 0 };

			assert_int_equal(decode_all(kinds[i], &m, 65536, out, n, &got, err, sizeof(err)), -1);
			assert_non_null(strstr(err, "truncated"));
			assert_non_null(strstr(err, decomp_name(kinds[i])));
			assert_true(got < n);
			/* bzip2 hands out a block (900 kB) whole: nothing of one cut */
			if (kinds[i] != DECOMP_BZIP2)
				assert_true(got > n / 4);
			assert_memory_equal(out, t, got);
		}
		free(z);
	}
	free(out);
	free(t);
}

/* A byte changed inside the stream: an error (each kind's check catches
 * it; what a stream hands out before its check comes may differ from the
 * text, of any length). */
static void test_corrupt(void **state)
{
	const size_t n = 200 * 1024;
	unsigned char *t = make_text(n), *z, *out = malloc(4 * n);
	char err[256];
	size_t i, zn, got;

	(void)state;
	assert_non_null(out);
	for (i = 0; i < N_KINDS; i++) {
		if (!decomp_built(kinds[i]))
			continue;
		zn = compress_kind(kinds[i], t, n, &z);
		z[zn / 2] ^= 0x55;
		{
			struct mem m = { z, zn, 0, 1 << 20, 0 };

			assert_int_equal(decode_all(kinds[i], &m, 65536, out, 4 * n, &got, err, sizeof(err)), -1);
			assert_non_null(strstr(err, decomp_name(kinds[i])));
			assert_true(got < 4 * n);
		}
		free(z);
	}
	free(out);
	free(t);
}

/* The window cap: a zstd frame that declares a 2^27-byte window decodes,
 * one that declares 2^28 is refused; an xz block whose dictionary is 2 GiB
 * (its header patched, its CRC32 made again) is refused. */
static void test_window_cap(void **state)
{
	/* magic, no content size or checksum, the window, a last raw block of 5 */
	unsigned char frame[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x88, 0x29, 0x00, 0x00, 'h', 'e', 'l', 'l', 'o' };
	unsigned char out[16];
	char err[256];
	size_t got;

	(void)state;
	if (decomp_built(DECOMP_ZSTD)) {
		struct mem m = { frame, sizeof(frame), 0, 64, 0 };

		assert_int_equal(decode_all(DECOMP_ZSTD, &m, sizeof(out), out, sizeof(out), &got, err, sizeof(err)), 0);
		assert_int_equal(got, 5);
		assert_memory_equal(out, "hello", 5);
		frame[5] = 0x90; /* exponent 18: 2^28 */
		m.at = 0;
		assert_int_equal(decode_all(DECOMP_ZSTD, &m, sizeof(out), out, sizeof(out), &got, err, sizeof(err)),
				 -1);
		assert_int_equal(got, 0);
		assert_non_null(strstr(err, "128 MiB"));
	}
#ifdef OOMSCAN_HAVE_XZ
	{
		unsigned char z[256], *b = z + 12; /* the block header, after the stream's */
		size_t zn = 0, hs, q;
		uint32_t crc;

		assert_int_equal(lzma_easy_buffer_encode(0, LZMA_CHECK_CRC32, NULL, (const uint8_t *)"hello\n", 6, z,
							 &zn, sizeof(z)),
				 LZMA_OK);
		hs = ((size_t)b[0] + 1) * 4;
		q = 2;
		/* the compressed and the uncompressed size, when present (VLIs) */
		if (b[1] & 0x40)
			while (b[q++] & 0x80)
				;
		if (b[1] & 0x80)
			while (b[q++] & 0x80)
				;
		assert_int_equal(b[q], 0x21); /* LZMA2 */
		assert_int_equal(b[q + 1], 1);
		b[q + 2] = 38; /* 2^31 bytes */
		crc = (uint32_t)crc32(0, b, (uInt)(hs - 4));
		b[hs - 4] = (unsigned char)crc;
		b[hs - 3] = (unsigned char)(crc >> 8);
		b[hs - 2] = (unsigned char)(crc >> 16);
		b[hs - 1] = (unsigned char)(crc >> 24);
		{
			struct mem m = { z, zn, 0, 64, 0 };

			assert_int_equal(decode_all(DECOMP_XZ, &m, sizeof(out), out, sizeof(out), &got, err, sizeof(err)),
					 -1);
			assert_int_equal(got, 0);
			assert_non_null(strstr(err, "128 MiB"));
		}
	}
#endif
}

/* A read error of the compressed input ends the stream with its reason,
 * after what decoded before it; the bytes read to sniff, handed back,
 * are decoded first. */
static void test_read_error_and_pre(void **state)
{
	const size_t n = 100 * 1024;
	unsigned char *t = make_text(n), *z, *out = malloc(n + 16);
	char err[256];
	size_t i, zn, got;

	(void)state;
	assert_non_null(out);
	for (i = 0; i < N_KINDS; i++) {
		if (!decomp_built(kinds[i]))
			continue;
		zn = compress_kind(kinds[i], t, n, &z);
		{
			struct mem m = { z, zn / 2, 0, 4096, 1 };

			assert_int_equal(decode_all(kinds[i], &m, 65536, out, n + 16, &got, err, sizeof(err)), -1);
			assert_non_null(strstr(err, "read error"));
			assert_memory_equal(out, t, got);
		}
		{
			struct mem m = { z + DECOMP_MAGIC_MAX, zn - DECOMP_MAGIC_MAX, 0, 4096, 0 };
			struct decomp *d = decomp_new(kinds[i], mem_raw, &m, z, DECOMP_MAGIC_MAX, err, sizeof(err));
			ssize_t r;

			assert_non_null(d);
			got = 0;
			while ((r = decomp_read(d, out + got, n + 16 - got, err, sizeof(err))) > 0)
				got += (size_t)r;
			assert_int_equal(r, 0);
			assert_int_equal(got, n);
			assert_memory_equal(out, t, n);
			decomp_free(d);
		}
		free(z);
	}
	free(out);
	free(t);
}

/* A kind the build lacks says how to read the file instead. */
static void test_not_built(void **state)
{
	char err[256];
	size_t i;

	(void)state;
	assert_null(decomp_new(DECOMP_NONE, mem_raw, NULL, NULL, 0, err, sizeof(err)));
	for (i = 0; i < N_KINDS; i++)
		if (!decomp_built(kinds[i])) {
			assert_null(decomp_new(kinds[i], mem_raw, NULL, NULL, 0, err, sizeof(err)));
			assert_non_null(strstr(err, "decompress it first"));
		}
	decomp_free(NULL);
}

static char dir[] = "/tmp/oomscan-test-decomp-XXXXXX";

/* Writes n bytes at p to the file name in dir; its path. */
static const char *put_file(const char *name, const void *p, size_t n)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
	return path;
}

/* Reads every line of lr back into out, newlines restored; the
 * reader's last return (0 at the end, -1 at an error, message in err). */
static int read_lines(struct line_reader *lr, unsigned char *out, size_t outn, size_t *got, char *err, size_t errn)
{
	struct span line;
	int cut, rc;

	*got = 0;
	while ((rc = lines_next(lr, &line, &cut, err, errn)) == 1) {
		assert_false(cut);
		assert_true(*got + line.n + 1 <= outn);
		memcpy(out + *got, line.p, line.n);
		*got += line.n;
		out[(*got)++] = '\n';
	}
	return rc;
}

/* lines_open on standard input fed from a pipe holding p[0, n) (under a
 * pipe's buffer, written whole before the read). */
static struct line_reader *open_stdin_with(const void *p, size_t n, char *err, size_t errn)
{
	struct line_reader *lr;
	int fd[2], saved;

	assert_true(n < 60000);
	assert_int_equal(pipe(fd), 0);
	assert_int_equal(write(fd[1], p, n), (ssize_t)n);
	close(fd[1]);
	saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd[0], STDIN_FILENO), STDIN_FILENO);
	lr = lines_open("-", err, errn);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	close(fd[0]);
	return lr;
}

/* A compressed file, and the same bytes on standard input, read as the
 * text's lines; a file cut short gives its lines, then the error. The
 * file cannot seek (a --state-file run reads it again unless unchanged). */
static void test_line_reader(void **state)
{
	const size_t n = 30 * 1024;
	unsigned char *t = make_text(n), *z, *out = malloc(n + 16);
	char err[256], name[32];
	struct line_reader *lr;
	struct stat st;
	const char *path;
	size_t i, zn, got;

	(void)state;
	assert_non_null(out);
	for (i = 0; i < N_KINDS; i++) {
		if (!decomp_built(kinds[i]))
			continue;
		zn = compress_kind(kinds[i], t, n, &z);
		snprintf(name, sizeof(name), "k.log.%s", decomp_name(kinds[i]));
		path = put_file(name, z, zn);
		assert_int_equal(stat(path, &st), 0);
		lr = lines_open(path, err, sizeof(err));
		assert_non_null(lr);
		assert_int_equal(lines_compressed(lr), 1);
		assert_int_equal(lines_size(lr), (long long)st.st_size);
		assert_int_equal(lines_seek(lr, 10), -1);
		assert_int_equal(read_lines(lr, out, n + 16, &got, err, sizeof(err)), 0);
		assert_int_equal(got, n);
		assert_memory_equal(out, t, n);
		assert_int_equal(lines_offset(lr), (long long)n);
		lines_close(lr);

		lr = open_stdin_with(z, zn, err, sizeof(err));
		assert_non_null(lr);
		assert_int_equal(read_lines(lr, out, n + 16, &got, err, sizeof(err)), 0);
		assert_int_equal(got, n);
		assert_memory_equal(out, t, n);
		lines_close(lr);

		path = put_file(name, z, zn / 2);
		lr = lines_open(path, err, sizeof(err));
		assert_non_null(lr);
		assert_int_equal(read_lines(lr, out, n + 16, &got, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "truncated"));
		assert_memory_equal(out, t, got);
		lines_close(lr);
		free(z);
	}
	/* plain text on standard input, its first bytes looked at and kept */
	lr = open_stdin_with("BZh9 is text\nline two\n", 22, err, sizeof(err));
	assert_non_null(lr);
	assert_int_equal(read_lines(lr, out, n + 16, &got, err, sizeof(err)), 0);
	assert_int_equal(got, 22);
	assert_memory_equal(out, "BZh9 is text\nline two\n", 22);
	lines_close(lr);
	lr = open_stdin_with("x\n", 2, err, sizeof(err));
	assert_non_null(lr);
	assert_int_equal(read_lines(lr, out, n + 16, &got, err, sizeof(err)), 0);
	assert_int_equal(got, 2);
	lines_close(lr);
	free(out);
	free(t);
}

/* A file that starts as a systemd journal file but is none sd-journal
 * opens (16 bytes of header) is refused, naming the file and how else to
 * read it; a journal file on standard input is refused (sd-journal maps
 * files), saying to name it. Real journal files: test_journal.c. */
static void test_journal_file(void **state)
{
	static const char head[] = "LPKSHHRH\0\0\0\0\0\0\0\0";
	const char *path = put_file("system.journal", head, sizeof(head));
	char err[512], want[400];
	struct line_reader *lr;
	size_t got;

	(void)state;
	assert_null(lines_open(path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: cannot read this systemd journal file (", path);
	assert_non_null(strstr(err, want));
	snprintf(want, sizeof(want), "journalctl --file %s -o short-iso | oomscan -", path);
	assert_non_null(strstr(err, want));
	lr = open_stdin_with(head, sizeof(head), err, sizeof(err));
	assert_non_null(lr);
	assert_int_equal(read_lines(lr, (unsigned char *)want, sizeof(want), &got, err, sizeof(err)), -1);
	assert_int_equal(got, 0);
	assert_non_null(strstr(err, "a systemd journal file, which can be read from a file only: name it"));
	lines_close(lr);
}

static int setup(void **state)
{
	(void)state;
	return th_tmpdir(dir);
}

static int teardown(void **state)
{
	(void)state;
	return th_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_concatenated),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_window_cap),
		cmocka_unit_test(test_read_error_and_pre),
		cmocka_unit_test(test_not_built),
		cmocka_unit_test(test_line_reader),
		cmocka_unit_test(test_journal_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
