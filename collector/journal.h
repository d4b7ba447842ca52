/*
 * journal.h - kernel messages from the systemd journal (sd-journal,
 * _TRANSPORT=kernel), resumed by cursor. Only built with libsystemd
 * (OOMSCAN_HAVE_SYSTEMD).
 */
#ifndef OOMSCAN_COLLECTOR_JOURNAL_H
#define OOMSCAN_COLLECTOR_JOURNAL_H

#include <stddef.h>

#include "../core/span.h"

#define JOURNAL_LINE_MAX 16384

struct journal;

/*
 * Opens the local journal. With a cursor, reading resumes after that entry;
 * without one, it starts at this boot's first kernel message. Returns NULL
 * with a message in err.
 */
struct journal *journal_open(const char *cursor, char *err, size_t errn);
void journal_close(struct journal *j);

/* The fd to poll, or -1. */
int journal_fd(struct journal *j);

/*
 * Returns 1 and the next kernel message as a line
 * "YYYY-MM-DDTHH:MM:SS,uuuuuu+00:00 MESSAGE" (dmesg's iso format, which the
 * prefix parser reads as kernel text with a time; valid until the next
 * call; *cut when cut to JOURNAL_LINE_MAX), 0 when there is none now, -1 on
 * an error.
 */
int journal_next(struct journal *j, struct span *line, int *cut);

/* Copies the cursor of the last entry returned into buf ("" when none).
 * Returns 0 or -1. */
int journal_cursor(struct journal *j, char *buf, size_t n);

#endif
