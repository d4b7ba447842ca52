/*
 * lines.h - read an input (a file, a gzip, xz, zstd or bzip2 file, a
 * systemd journal file or directory, or "-" for standard input) as a
 * stream of lines, with a fixed buffer: lines longer than the cap are cut
 * (the rest skipped) and flagged.
 *
 * Return convention: lines_open returns NULL with a message in err; the
 * readers return 1 (a line or block), 0 (end of input) or -1 (a read
 * error, message in err), and lines_next_block 2 when the next line must
 * be read with lines_next.
 */
#ifndef OOMSCAN_COLLECTOR_LINES_H
#define OOMSCAN_COLLECTOR_LINES_H

#include <stddef.h>

#include "../core/span.h"

#define LINES_MAX_LINE (64 * 1024) /* longer lines are cut */
#define LINES_BLOCK_MAX (256 * 1024) /* the most lines_next_block hands out at once */

struct line_reader;

/*
 * Opens path ("-" = standard input). Compressed input (gzip, xz, zstd,
 * bzip2) is recognised by its magic bytes, whatever the name, on standard
 * input too. A systemd journal file (by its magic bytes), or a directory
 * holding journal files, is read as text (journal.h: each entry's lines as
 * rsyslog writes them); on standard input one is refused with a message
 * saying how to read it. Any other directory is refused. Returns NULL with
 * a message in err on failure.
 */
struct line_reader *lines_open(const char *path, char *err, size_t errn);
void lines_close(struct line_reader *lr);

/*
 * The next line, without its newline (a final line without one counts).
 * Returns 1 and sets *line (valid until the next call) and *cut, 0 at end of
 * input, -1 on a read error (message in err).
 */
int lines_next(struct line_reader *lr, struct span *line, int *cut, char *err, size_t errn);

/*
 * The next block of whole lines (each ending in '\n'), valid until the next
 * call. Returns 1 with *blk set, 0 at end of input, 2 when the next line must
 * be read with lines_next (an over-long line, or a last line without a
 * newline), -1 on a read error (message in err).
 */
int lines_next_block(struct line_reader *lr, struct span *blk, char *err, size_t errn);

/*
 * Gives the reader a fresh buffer of LINES_BLOCK_MAX + 1 bytes (the bytes
 * not yet handed out move into it) and returns its old one, which the
 * caller now owns: the block lines_next_block just handed out stays valid
 * in it, with no copy. Only right after lines_next_block returned 1.
 */
char *lines_swap_buffer(struct line_reader *lr, char *fresh);

/* Modification time of the input (Unix seconds), or 0 when unknown. */
long long lines_mtime(const struct line_reader *lr);

/* The bytes a regular file held when opened (a compressed file's
 * compressed bytes), or -1 for anything else (standard input, a pipe). */
long long lines_size(const struct line_reader *lr);

/* 1 when the input is decompressed as it is read (a compressed file, and
 * standard input or a pipe, which zlib passes through), else 0. */
int lines_compressed(const struct line_reader *lr);

/* What the input is read through, for the report: "gzip", "xz", "zstd" or
 * "bzip2", "UTF-16LE" or "UTF-16BE", or a compression and an encoding
 * ("xz, UTF-16LE"); "" for plain text. Complete once reading began (a
 * stream's are known from its first bytes). Returns buf. */
const char *lines_decoding(const struct line_reader *lr, char *buf, size_t n);
/* Where the input's next unread byte lies in its content (a compressed
 * file's: in what it decompresses to): the bytes handed out so far, cut-off tails
 * of long lines and newlines included. */
long long lines_offset(const struct line_reader *lr);

/*
 * Moves a plain regular file's fresh reader to byte off of its content, as
 * if every byte before off had been handed out; when the byte before off
 * is not a newline, the line off cuts is skipped to its end (the next
 * line read is the one after it). Returns 0, or -1 when the input cannot
 * seek (compressed input, standard input, a pipe) or is now shorter than off
 * (the reader is then unchanged).
 */
int lines_seek(struct line_reader *lr, long long off);

#endif
