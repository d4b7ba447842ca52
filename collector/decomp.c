/*
 * decomp.c - xz, zstd and bzip2 streams decoded as they are read (see
 * decomp.h).
 *
 * Trusts the libraries to keep within the buffers they are given and
 * nothing in the bytes: a decoder's memory is capped (DECOMP_MEM_MAX), a
 * truncated or corrupt stream ends with an error after what decoded
 * before it, and the compressed bytes are read DECOMP_IN at a time. Not
 * thread-safe per decoder; the libraries are loaded once, under a lock.
 */
#include "decomp.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/dynlib.h"

#ifdef OOMSCAN_HAVE_XZ
#include <lzma.h>
#endif
#ifdef OOMSCAN_HAVE_ZSTD
#include <zstd.h>
#endif
#ifdef OOMSCAN_HAVE_BZIP2
#include <bzlib.h>
#endif

#define DECOMP_IN (64 * 1024) /* compressed bytes read at once */

static const unsigned char xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const unsigned char zstd_magic[4] = { 0x28, 0xb5, 0x2f, 0xfd };
/* bzip2: "BZh", the block size '1'..'9', then a block's magic (pi's
 * digits) or the end of an empty stream's (sqrt(pi)'s). */
static const unsigned char bz_block[6] = { 0x31, 0x41, 0x59, 0x26, 0x53, 0x59 };
static const unsigned char bz_end[6] = { 0x17, 0x72, 0x45, 0x38, 0x50, 0x90 };
static const unsigned char journal_magic[8] = { 'L', 'P', 'K', 'S', 'H', 'H', 'R', 'H' };

enum decomp_kind decomp_sniff(const unsigned char *p, size_t n)
{
	if (n >= sizeof(xz_magic) && memcmp(p, xz_magic, sizeof(xz_magic)) == 0)
		return DECOMP_XZ;
	if (n >= sizeof(zstd_magic) && memcmp(p, zstd_magic, sizeof(zstd_magic)) == 0)
		return DECOMP_ZSTD;
	/* a skippable frame (0x184D2A50..5F, little-endian) may open a file */
	if (n >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d && p[3] == 0x18)
		return DECOMP_ZSTD;
	if (n >= 10 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' && p[3] >= '1' && p[3] <= '9' &&
	    (memcmp(p + 4, bz_block, 6) == 0 || memcmp(p + 4, bz_end, 6) == 0))
		return DECOMP_BZIP2;
	return DECOMP_NONE;
}

const char *decomp_name(enum decomp_kind k)
{
	switch (k) {
	case DECOMP_XZ:
		return "xz";
	case DECOMP_ZSTD:
		return "zstd";
	case DECOMP_BZIP2:
		return "bzip2";
	case DECOMP_NONE:
		break;
	}
	return "";
}

int decomp_journal_file(const unsigned char *p, size_t n)
{
	return n >= sizeof(journal_magic) && memcmp(p, journal_magic, sizeof(journal_magic)) == 0;
}

int decomp_built(enum decomp_kind k)
{
	switch (k) {
#ifdef OOMSCAN_HAVE_XZ
	case DECOMP_XZ:
		return 1;
#endif
#ifdef OOMSCAN_HAVE_ZSTD
	case DECOMP_ZSTD:
		return 1;
#endif
#ifdef OOMSCAN_HAVE_BZIP2
	case DECOMP_BZIP2:
		return 1;
#endif
	default:
		break;
	}
	return 0;
}

/* ---- the libraries, opened at first use (core/dynlib.h) ---- */

/* A library's functions FUNCS(X, name) as pointers typed from its header
 * (the struct name), and name_load, which resolves them at the first call:
 * 0, or -1 with err set. */
#define LIB_PTR(o, f) __typeof__(&f) f;
#define LIB_NAME(o, f) #f,
#define LIB_SLOT(o, f) &o.f,
#define LIB_LOADER(name, soname, FUNCS)                                                               \
	static struct {                                                                               \
		FUNCS(LIB_PTR, name)                                                                  \
	} name;                                                                                       \
	static struct dynlib name##_lib = DYNLIB_INIT;                                                \
	static int name##_load(char *err, size_t errn)                                                \
	{                                                                                             \
		static const char *const names[] = { FUNCS(LIB_NAME, name) };                         \
		void *const slot[] = { FUNCS(LIB_SLOT, name) };                                       \
		return dynlib_load(&name##_lib, soname, names, slot, (int)(sizeof(names) / sizeof(names[0])), \
				   err, errn);                                                        \
	}

#ifdef OOMSCAN_HAVE_XZ
#define XZ_FUNCS(X, o) X(o, lzma_stream_decoder) X(o, lzma_code) X(o, lzma_end)
LIB_LOADER(xz, OOMSCAN_XZ_SONAME, XZ_FUNCS)
#endif
#ifdef OOMSCAN_HAVE_ZSTD
#define ZSTD_FUNCS(X, o)                                                                              \
	X(o, ZSTD_createDStream) X(o, ZSTD_freeDStream) X(o, ZSTD_initDStream) X(o, ZSTD_decompressStream) \
	X(o, ZSTD_isError) X(o, ZSTD_getErrorName) X(o, ZSTD_DCtx_setParameter)
LIB_LOADER(zs, OOMSCAN_ZSTD_SONAME, ZSTD_FUNCS)
#define ZSTD_WINDOW_LOG 27 /* 2^27 bytes: DECOMP_MEM_MAX */
_Static_assert((1u << ZSTD_WINDOW_LOG) == DECOMP_MEM_MAX, "zstd's window cap is DECOMP_MEM_MAX");
#endif
#ifdef OOMSCAN_HAVE_BZIP2
#define BZ_FUNCS(X, o) X(o, BZ2_bzDecompressInit) X(o, BZ2_bzDecompress) X(o, BZ2_bzDecompressEnd)
LIB_LOADER(bz, OOMSCAN_BZIP2_SONAME, BZ_FUNCS)
#endif

struct decomp {
	enum decomp_kind kind;
	decomp_raw_fn raw;
	void *ctx;
	int raw_eof;   /* raw returned 0 */
	int ended;     /* the last stream ended: decomp_read returns 0 */
	int failed;    /* an error ended the stream: decomp_read returns -1 with msg */
	int open;      /* the codec's state is initialised */
	int in_frame;  /* zstd: a frame is under way; bzip2: a stream is */
	char msg[160]; /* the error, once failed */
	const unsigned char *at; /* the compressed bytes not yet decoded: at[0, left) */
	size_t left;
#ifdef OOMSCAN_HAVE_XZ
	lzma_stream xz;
#endif
#ifdef OOMSCAN_HAVE_ZSTD
	ZSTD_DStream *zs;
#endif
#ifdef OOMSCAN_HAVE_BZIP2
	bz_stream bz;
#endif
	unsigned char in[DECOMP_IN];
};

/* Records the stream's error (the first one stands). */
static void fail(struct decomp *d, const char *why)
{
	if (!d->failed)
		snprintf(d->msg, sizeof(d->msg), "%s: %s", decomp_name(d->kind), why);
	d->failed = 1;
}

/* Reads more compressed bytes when fewer than want are left (the ones
 * left move to the buffer's start): 0, or -1 with the error recorded. At
 * the input's end raw_eof is set and left may stay under want. */
static int top_up(struct decomp *d, size_t want)
{
	ssize_t n;

	if (d->left >= want || d->raw_eof)
		return 0;
	memmove(d->in, d->at, d->left);
	d->at = d->in;
	while (d->left < want && !d->raw_eof) {
		n = d->raw(d->ctx, d->in + d->left, sizeof(d->in) - d->left);
		if (n < 0) {
			char why[120];

			snprintf(why, sizeof(why), "read error: %s", strerror(errno));
			fail(d, why);
			return -1;
		}
		if (n == 0)
			d->raw_eof = 1;
		d->left += (size_t)n;
	}
	return 0;
}

/* Reads more compressed bytes when none are left (see top_up). */
static int refill(struct decomp *d)
{
	return top_up(d, 1);
}

#ifdef OOMSCAN_HAVE_XZ
static ssize_t xz_read(struct decomp *d, unsigned char *out, size_t cap)
{
	size_t made;
	lzma_ret r;

	d->xz.next_out = out;
	d->xz.avail_out = cap;
	for (;;) {
		if (refill(d) < 0)
			break;
		d->xz.next_in = d->at;
		d->xz.avail_in = d->left;
		r = xz.lzma_code(&d->xz, d->raw_eof ? LZMA_FINISH : LZMA_RUN);
		d->at = d->xz.next_in;
		d->left = d->xz.avail_in;
		made = cap - d->xz.avail_out;
		if (r == LZMA_STREAM_END) {
			d->ended = 1;
			break;
		}
		if (r == LZMA_MEMLIMIT_ERROR) {
			fail(d, "the stream needs more than 128 MiB to decode: decompress it first (xz -dc)");
			break;
		}
		if (r == LZMA_BUF_ERROR && d->raw_eof) {
			fail(d, "truncated input");
			break;
		}
		if (r != LZMA_OK && r != LZMA_BUF_ERROR) {
			fail(d, r == LZMA_MEM_ERROR ? "out of memory" : "corrupt input");
			break;
		}
		if (made == cap || (made && !d->left))
			break;
	}
	return (ssize_t)(cap - d->xz.avail_out);
}
#endif

#ifdef OOMSCAN_HAVE_ZSTD
static ssize_t zstd_read(struct decomp *d, unsigned char *out, size_t cap)
{
	ZSTD_outBuffer ob = { out, cap, 0 };

	for (;;) {
		ZSTD_inBuffer ib;
		size_t r;

		if (!d->left && d->raw_eof) {
			if (d->in_frame)
				fail(d, "truncated input");
			else
				d->ended = 1;
			break;
		}
		if (refill(d) < 0)
			break;
		if (!d->left)
			continue;
		ib.src = d->at;
		ib.size = d->left;
		ib.pos = 0;
		r = zs.ZSTD_decompressStream(d->zs, &ob, &ib);
		d->at += ib.pos;
		d->left -= ib.pos;
		if (zs.ZSTD_isError(r)) {
			char why[120];

			snprintf(why, sizeof(why), "%s (a window over 128 MiB needs zstd -dc first)",
				 zs.ZSTD_getErrorName(r));
			fail(d, why);
			break;
		}
		/* 0: a frame ended and everything it held is out */
		d->in_frame = r != 0;
		if (ob.pos == cap || (ob.pos && !d->left))
			break;
	}
	return (ssize_t)ob.pos;
}
#endif

#ifdef OOMSCAN_HAVE_BZIP2
static ssize_t bz_read(struct decomp *d, unsigned char *out, size_t cap)
{
	size_t made = 0;
	int r;

	for (;;) {
		if (refill(d) < 0)
			break;
		if (!d->left && d->raw_eof) {
			if (d->in_frame)
				fail(d, "truncated input");
			else
				d->ended = 1;
			break;
		}
		if (!d->open) {
			/* Another stream after the last (pbzip2 writes one per
			 * block run); bytes that start none are ignored, as
			 * bzip2 -d ignores trailing garbage. */
			if (top_up(d, 3) < 0)
				break;
			if (d->left < 3 || memcmp(d->at, "BZh", 3) != 0) {
				d->ended = 1;
				break;
			}
			memset(&d->bz, 0, sizeof(d->bz));
			if (bz.BZ2_bzDecompressInit(&d->bz, 0, 0) != BZ_OK) {
				fail(d, "out of memory");
				break;
			}
			d->open = 1;
		}
		d->bz.next_in = (char *)(uintptr_t)d->at;
		d->bz.avail_in = (unsigned)d->left;
		d->bz.next_out = (char *)out + made;
		d->bz.avail_out = (unsigned)(cap - made);
		r = bz.BZ2_bzDecompress(&d->bz);
		d->at = (const unsigned char *)d->bz.next_in;
		d->left = d->bz.avail_in;
		made = cap - d->bz.avail_out;
		d->in_frame = 1;
		if (r == BZ_STREAM_END) {
			bz.BZ2_bzDecompressEnd(&d->bz);
			d->open = 0;
			d->in_frame = 0;
			if (made == cap)
				break;
			continue;
		}
		if (r != BZ_OK) {
			fail(d, r == BZ_MEM_ERROR ? "out of memory" : "corrupt input");
			break;
		}
		if (made == cap || (made && !d->left))
			break;
	}
	return (ssize_t)made;
}
#endif

struct decomp *decomp_new(enum decomp_kind k, decomp_raw_fn raw, void *ctx, const void *pre, size_t pre_n,
			  char *err, size_t errn)
{
	struct decomp *d = NULL;

	if (!decomp_built(k)) {
		snprintf(err, errn, "%s-compressed, and this build has no %s support: decompress it first (%s -dc)",
			 decomp_name(k), decomp_name(k), decomp_name(k));
		return NULL;
	}
	if (pre_n > DECOMP_MAGIC_MAX)
		pre_n = DECOMP_MAGIC_MAX;
	switch (k) {
#ifdef OOMSCAN_HAVE_XZ
	case DECOMP_XZ:
		if (xz_load(err, errn) < 0)
			return NULL;
		break;
#endif
#ifdef OOMSCAN_HAVE_ZSTD
	case DECOMP_ZSTD:
		if (zs_load(err, errn) < 0)
			return NULL;
		break;
#endif
#ifdef OOMSCAN_HAVE_BZIP2
	case DECOMP_BZIP2:
		if (bz_load(err, errn) < 0)
			return NULL;
		break;
#endif
	default:
		break;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		goto nomem;
	d->kind = k;
	d->raw = raw;
	d->ctx = ctx;
	if (pre_n)
		memcpy(d->in, pre, pre_n);
	d->at = d->in;
	d->left = pre_n;
#ifdef OOMSCAN_HAVE_XZ
	if (k == DECOMP_XZ) {
		lzma_stream init = LZMA_STREAM_INIT;

		d->xz = init;
		if (xz.lzma_stream_decoder(&d->xz, DECOMP_MEM_MAX, LZMA_CONCATENATED) != LZMA_OK)
			goto nomem;
		d->open = 1;
	}
#endif
#ifdef OOMSCAN_HAVE_ZSTD
	if (k == DECOMP_ZSTD) {
		if (!(d->zs = zs.ZSTD_createDStream()) || zs.ZSTD_isError(zs.ZSTD_initDStream(d->zs)) ||
		    zs.ZSTD_isError(zs.ZSTD_DCtx_setParameter(d->zs, ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG)))
			goto nomem;
		d->open = 1;
	}
#endif
	return d;
nomem:
	snprintf(err, errn, "%s: out of memory", decomp_name(k));
	decomp_free(d);
	return NULL;
}

ssize_t decomp_read(struct decomp *d, void *out, size_t cap, char *err, size_t errn)
{
	ssize_t n = 0;

	if (d->failed)
		goto failed;
	if (d->ended || cap == 0)
		return 0;
	switch (d->kind) {
#ifdef OOMSCAN_HAVE_XZ
	case DECOMP_XZ:
		n = xz_read(d, out, cap);
		break;
#endif
#ifdef OOMSCAN_HAVE_ZSTD
	case DECOMP_ZSTD:
		n = zstd_read(d, out, cap);
		break;
#endif
#ifdef OOMSCAN_HAVE_BZIP2
	case DECOMP_BZIP2:
		n = bz_read(d, out, cap);
		break;
#endif
	default:
		break;
	}
	/* what decoded before an error is handed out first */
	if (n > 0 || !d->failed)
		return n;
failed:
	snprintf(err, errn, "%s", d->msg);
	return -1;
}

void decomp_free(struct decomp *d)
{
	if (!d)
		return;
#ifdef OOMSCAN_HAVE_XZ
	if (d->kind == DECOMP_XZ && d->open)
		xz.lzma_end(&d->xz);
#endif
#ifdef OOMSCAN_HAVE_ZSTD
	if (d->kind == DECOMP_ZSTD && d->zs)
		zs.ZSTD_freeDStream(d->zs);
#endif
#ifdef OOMSCAN_HAVE_BZIP2
	if (d->kind == DECOMP_BZIP2 && d->open)
		bz.BZ2_bzDecompressEnd(&d->bz);
#endif
	free(d);
}
