/*
 * journal.h - kernel messages, and the messages of chosen units, from the
 * systemd journal (sd-journal: _TRANSPORT=kernel OR _SYSTEMD_UNIT=...), of
 * this machine or of a directory of journal files, resumed by cursor. Only
 * built with libsystemd (OOMSCAN_HAVE_SYSTEMD).
 *
 * Return convention: journal_open returns NULL with a message in err;
 * journal_next returns 1 (a line), 0 (none now) or -1 (an error); the other
 * int functions return 0 or -1 (journal_fd: an fd or -1).
 */
#ifndef OOMSCAN_COLLECTOR_JOURNAL_H
#define OOMSCAN_COLLECTOR_JOURNAL_H

#include <stddef.h>

#include "../core/span.h"

#define JOURNAL_LINE_MAX 16384
#define JOURNAL_MAX_UNITS 16

struct journal;

/*
 * Opens the local journal, or with dir the journal files in that directory
 * (journald's or systemd-journal-remote's), reading kernel messages and
 * those of the n_units units named (at most JOURNAL_MAX_UNITS). With a
 * cursor, reading resumes after that entry; without one, it starts at this
 * boot's start (the local journal) or at the first entry (a directory).
 * Returns NULL with a message in err.
 */
struct journal *journal_open(const char *dir, const char *const *units, int n_units,
			     const char *cursor, char *err, size_t errn);
void journal_close(struct journal *j);

/* The fd to poll, or -1. */
int journal_fd(struct journal *j);

/*
 * Returns 1 and the next message as a line (valid until the next call;
 * *cut when cut to JOURNAL_LINE_MAX), 0 when there is none now, -1 on an
 * error. Kernel messages: "YYYY-MM-DDTHH:MM:SS,uuuuuu+00:00 MESSAGE"
 * (dmesg's iso format); unit messages as rsyslog writes them,
 * "YYYY-MM-DDTHH:MM:SS.uuuuuu+00:00 HOST IDENT[PID]: MESSAGE", so the
 * program's name comes from its syslog identifier.
 */
int journal_next(struct journal *j, struct span *line, int *cut);

/* Copies the cursor of the last entry returned into buf ("" when none).
 * Returns 0 or -1. */
int journal_cursor(struct journal *j, char *buf, size_t n);

#endif
