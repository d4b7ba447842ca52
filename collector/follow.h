/*
 * follow.h - follow one log file by name with tail -F semantics: across
 * rename-and-create and copytruncate rotation, a file that does not exist
 * yet and one that is deleted. The rest of a rotated file is read before the
 * new file, so a line is neither lost nor read twice; a position can be saved
 * and resumed across restarts (struct follow_pos).
 *
 * Return convention: follow_new returns NULL on allocation failure;
 * follow_next returns 1 (a line), 0 (none now) or -1 (a read error, counted
 * and retried); the other int functions return 0, or -1 as each states, and
 * predicates 1 or 0.
 */
#ifndef OOMSCAN_COLLECTOR_FOLLOW_H
#define OOMSCAN_COLLECTOR_FOLLOW_H

#include <stddef.h>
#include <stdint.h>

#include "../core/span.h"

#define FOLLOW_FP_LEN 64             /* bytes of the file's start kept as its fingerprint */
#define FOLLOW_DEFAULT_MAX_LINE 65536 /* default cap of one line */

/* Where reading stands: the first byte not yet returned as a line. */
struct follow_pos {
	uint64_t dev;
	uint64_t ino;
	int64_t offset;
	int64_t line;    /* number of the next line, from 1 */
	unsigned char fp[FOLLOW_FP_LEN];
	size_t fp_len;   /* 0 .. FOLLOW_FP_LEN: the file may be shorter */
};

struct follow_stats {
	uint64_t bytes;      /* bytes read */
	uint64_t rotations;  /* rename or delete-and-create seen */
	uint64_t truncations;
};

struct follow;

/* max_line: cap of one line (0 = FOLLOW_DEFAULT_MAX_LINE). path is copied.
 * Returns NULL on allocation failure. */
struct follow *follow_new(const char *path, size_t max_line);
void follow_free(struct follow *f);

/*
 * Opens the file. With pos (from a state file) reading resumes there; when
 * the file at path is no longer the one pos describes, the rotated file (a
 * sibling in the same directory with pos's inode, or with pos's fingerprint
 * and at least pos->offset bytes) is read from pos->offset first, then the
 * new file from its start. Without pos, reading starts at the file's end, or
 * at its start when from_start is set. A file that does not exist yet is
 * read from its start once it appears. Returns 0 (a missing file is not an
 * error).
 */
int follow_start(struct follow *f, const struct follow_pos *pos, int from_start);

/*
 * Returns 1 and the next complete line (without its newline; the span stays
 * valid until the next call) with *cut set when the line was longer than the
 * cap (the rest of it is skipped) and *lineno its number in the file; 0 when
 * no complete line is available now (rotation and truncation are checked
 * then); -1 on a read error (counted; the file is reopened on the next
 * call).
 */
int follow_next(struct follow *f, struct span *line, int *cut, int64_t *lineno);

/* The position after the last line returned. Returns 0, or -1 when no file
 * has been opened yet (pos is then zeroed). A position with dev and ino 0
 * means "the next file from its start" and follow_start takes it so. */
int follow_get_pos(struct follow *f, struct follow_pos *pos);

/* Closes and reopens the file by name (SIGHUP), continuing at the same
 * position when it is still the same file. */
void follow_reopen(struct follow *f);

/* 1 while a file is open (a pipe that reached its end is not). */
int follow_is_open(const struct follow *f);

/* 1 when the input is a pipe or device that reached its end (standard
 * input closed by its writer); its last line was returned even without a
 * newline, and nothing more will come. */
int follow_ended(const struct follow *f);

/*
 * A descriptor that polls readable when the file may have more to read (its
 * directory changed: a write, a rotation, the file appearing), so a reader
 * wakes at once instead of on its timer; -1 when there is none (a pipe, or
 * inotify is unavailable or out of watches: poll on a timer then). Created
 * on the first call, owned by the follower. follow_wait_ack empties it
 * before the reader reads the file.
 */
int follow_wait_fd(struct follow *f);
void follow_wait_ack(struct follow *f);

const struct follow_stats *follow_stats(const struct follow *f);
const char *follow_path(const struct follow *f);

#endif
