/*
 * decomp.h - the compressed inputs besides gzip (zlib's, in lines.c): xz,
 * zstd and bzip2 streams, as logrotate's compresscmd and sosreport-style
 * archives leave them. Each is recognised by its magic bytes, never by the
 * file's name, and decoded as it is read, in constant memory (each
 * decoder's window has a cap).
 *
 * The decoders' libraries (liblzma, libzstd, libbz2) are opened with
 * dlopen at the first such input (core/dynlib.h): a run over plain text
 * never maps them.
 *
 * Return convention: decomp_new returns NULL with err set; decomp_read
 * returns the bytes decoded (> 0), 0 at the end of the stream, or -1 with
 * err set (a corrupt or truncated stream, a window past the cap, a read
 * error).
 */
#ifndef OOMSCAN_COLLECTOR_DECOMP_H
#define OOMSCAN_COLLECTOR_DECOMP_H

#include <stddef.h>
#include <sys/types.h>

enum decomp_kind {
	DECOMP_NONE,
	DECOMP_XZ,
	DECOMP_ZSTD,
	DECOMP_BZIP2,
};

/* The bytes decomp_sniff and decomp_journal_file look at. */
#define DECOMP_MAGIC_MAX 10

/* The most memory a decoder may use for its window: xz -9's and zstd -19's
 * fit; a stream that needs more is refused with a clear error. */
#define DECOMP_MEM_MAX (128u << 20)

/* The kind of stream p[0, n) starts (DECOMP_NONE for anything else). */
enum decomp_kind decomp_sniff(const unsigned char *p, size_t n);

/* "xz", "zstd" or "bzip2" (the tool a user would run), "" for none. */
const char *decomp_name(enum decomp_kind k);

/* 1 when p[0, n) starts a systemd journal file (binary, not text). */
int decomp_journal_file(const unsigned char *p, size_t n);

/* 1 when this build can decode k (its library's headers were there). */
int decomp_built(enum decomp_kind k);

/*
 * The compressed bytes, read by the decoder as it needs them: up to n
 * bytes into buf; returns how many, 0 at the input's end, or -1 with errno
 * set.
 */
typedef ssize_t (*decomp_raw_fn)(void *ctx, void *buf, size_t n);

struct decomp;

/*
 * A decoder of kind k reading its input through raw(ctx, ...), after the
 * pre_n bytes at pre (at most DECOMP_MAGIC_MAX: what was read to sniff
 * the kind). NULL with err set when the library cannot be loaded or
 * memory runs out.
 */
struct decomp *decomp_new(enum decomp_kind k, decomp_raw_fn raw, void *ctx, const void *pre, size_t pre_n,
			  char *err, size_t errn);

/* Decodes up to cap bytes into out (see the return convention). Streams
 * written one after another (xz's and bzip2's concatenated streams,
 * zstd's frames) read as one. */
ssize_t decomp_read(struct decomp *d, void *out, size_t cap, char *err, size_t errn);

void decomp_free(struct decomp *d);

#endif
