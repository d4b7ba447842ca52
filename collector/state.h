/*
 * state.h - the resume state of `oomscan serve` (--state-file): a cursor per
 * source (kmsg boot id and next sequence number, a followed file's device,
 * inode, offset, line and fingerprint, a journal cursor) and the store's
 * counters, so every _total stays monotonic across restarts. Stored as JSON
 * (cJSON), written atomically.
 *
 * Return convention: the load, parse and save functions return 0, or -1
 * with a message in err (a state that cannot be read starts fresh; one that
 * cannot be written leaves the old file); lookups return a pointer or NULL.
 */
#ifndef OOMSCAN_COLLECTOR_STATE_H
#define OOMSCAN_COLLECTOR_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "../store/store.h"

#define STATE_DEFAULT_PATH "/var/lib/oomscan/state.json"
#define STATE_MAX_CURSORS STORE_SOURCES_MAX
#define STATE_MAX_BYTES (8 << 20) /* a larger state file is not read */

struct state {
	int n;
	struct state_cursor cur[STATE_MAX_CURSORS];
};

/*
 * Reads path into s and restores the counters into st (a fresh store).
 * Returns 0 when loaded, 1 when the file does not exist (s and st left
 * empty), -1 when it cannot be read or is not a valid state (err says why;
 * s is emptied and st is left as it was, so the caller starts fresh).
 */
int state_load(const char *path, struct state *s, struct store *st,
	       char *err, size_t errn);

/* Same as state_load for text in memory (n bytes, no NUL needed). Returns 0
 * or -1. */
int state_parse(const char *text, size_t n, struct state *s, struct store *st,
		char *err, size_t errn);

/*
 * Writes s and st's counters to path atomically (core/atomicfile.h: a
 * temporary file in the same directory, fsync, rename, fsync of the
 * directory; a symbolic link is written through to its existing target).
 * Creates the directory (one level) when missing. Returns 0, or -1 with
 * err set (the old file is then untouched).
 */
int state_save(const char *path, const struct state *s, const struct store *st,
	       char *err, size_t errn);

/* The cursor for name, or NULL. */
struct state_cursor *state_find(struct state *s, const char *name);

/* The cursor for name, created (zeroed, with type) on first use; NULL when
 * the table is full. */
struct state_cursor *state_cursor(struct state *s, const char *name,
				  enum state_src type);

#endif
