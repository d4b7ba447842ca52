/*
 * textstate.h - batch --state-file: the textfile collector's counters never
 * go down. The state keeps every counter and, per input file, how many
 * lines were counted, the bytes they took, and the file's size and
 * modification time when it was read to its end, keyed by the file's first
 * bytes (not its name or inode, so kern.log read again as kern.log.1, or
 * compressed as kern.log.2.gz, is still recognised). The next run counts
 * only the lines after those, on top of the saved counters.
 */
#ifndef OOMSCAN_CLI_TEXTSTATE_H
#define OOMSCAN_CLI_TEXTSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "../collector/state.h"
#include "../store/store.h"

struct textstate {
	const char *path;
	struct state st;
	int used[STATE_MAX_CURSORS]; /* cursors matched or made in this run */
};

/*
 * Loads path's counters into store (a missing file: a fresh start; a bad
 * one: a warning and a fresh start). Returns 0, or -1 when path is a
 * directory or cannot be read for another reason than not existing.
 */
int textstate_load(struct textstate *t, const char *path, struct store *store);

/* What earlier runs counted of one input. */
struct textstate_seen {
	int64_t lines;  /* lines counted (0: a file never seen) */
	int64_t offset; /* the bytes of its content they took (0: not known,
			 * as in a state written before offsets were kept) */
	int64_t size;   /* its size on disk and modification time when a run */
	int64_t mtime;  /* read it to its end (0: not known) */
};

/*
 * What earlier runs counted of the file at path (all 0 for a file never
 * seen) into *seen, and its fingerprint (the first FOLLOW_FP_LEN bytes) in
 * fp / *fp_len.
 */
void textstate_counted(struct textstate *t, const char *path, unsigned char *fp, size_t *fp_len,
		       struct textstate_seen *seen);

/* Records what is now counted of the file with this fingerprint. */
void textstate_set(struct textstate *t, const unsigned char *fp, size_t fp_len,
		   const struct textstate_seen *seen);

/* Writes the counters and cursors atomically. Returns 0 or -1 (err set). */
int textstate_save(struct textstate *t, const struct store *store,
		   char *err, size_t errn);

#endif
