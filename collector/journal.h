/*
 * journal.h - kernel messages, and the messages of chosen units, from the
 * systemd journal (sd-journal: _TRANSPORT=kernel OR _SYSTEMD_UNIT=...), of
 * this machine or of a directory of journal files, resumed by cursor; and
 * a journal file or directory read whole as text (journal_text_*). Only
 * built with libsystemd (OOMSCAN_HAVE_SYSTEMD); without it the text reader
 * opens nothing and says why.
 *
 * Return convention: journal_open and journal_text_open return NULL with a
 * message in err; journal_next returns 1 (a line), 0 (none now) or -1 (an
 * error); the other int functions return 0 or -1 (journal_fd: an fd or -1).
 */
#ifndef OOMSCAN_COLLECTOR_JOURNAL_H
#define OOMSCAN_COLLECTOR_JOURNAL_H

#include <stddef.h>
#include <sys/types.h>

#include "../core/span.h"

#define JOURNAL_LINE_MAX 16384
#define JOURNAL_MAX_UNITS 16
#define JOURNAL_UNIT_MAX 255 /* systemd's longest unit name */

struct journal;

/*
 * Opens the local journal, or with dir the journal files in that directory
 * (journald's or systemd-journal-remote's), reading kernel messages and
 * those of the n_units units named (at most JOURNAL_MAX_UNITS, each at
 * most JOURNAL_UNIT_MAX bytes; a shell pattern, "*" or "redis-*.service",
 * matches units by fnmatch, and the journal's every entry is then read to
 * find them). With a
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
 * Returns 1 and the next line (valid until the next call; *cut when its
 * message was cut to JOURNAL_LINE_MAX), 0 when there is none now, -1 on
 * an error. Each line of a message as rsyslog writes it,
 * "YYYY-MM-DDTHH:MM:SS.uuuuuu+00:00 HOST IDENT[PID]: LINE" (the kernel's
 * IDENT "kernel"), so a report names its machine (journal-remote's files
 * hold many) and a program is named by its syslog identifier.
 */
int journal_next(struct journal *j, struct span *line, int *cut);

/* Copies the cursor of the last entry returned into buf ("" when none;
 * " +N" after it while N of its message's lines, not all, went out).
 * Returns 0 or -1. */
int journal_cursor(struct journal *j, char *buf, size_t n);

/*
 * A journal file, or a directory of them (journalctl -D's: its machine-id
 * folders too, the files interleaved by time), read whole as text for a
 * batch run: every entry of every transport, each line of its MESSAGE as
 * rsyslog writes it, "YYYY-MM-DDTHH:MM:SS.uuuuuu+00:00 HOST IDENT[PID]:
 * LINE\n" (the kernel's IDENT is "kernel"), in the journal's order.
 */
struct journal_text;

/* 1 when the directory path holds journal files ("*.journal" or
 * "*.journal~") this process may read, itself or in a machine-id folder
 * in it. */
int journal_dir_holds(const char *path);

/* Reads the journal file open on fd, or with dir the directory open on
 * fd (the caller keeps fd open until journal_text_free, and closes it).
 * NULL with err set (a file sd-journal refuses, no libsystemd). */
struct journal_text *journal_text_open(int fd, int dir, char *err, size_t errn);

/* Up to n bytes of the text into out: how many (n unless the entries
 * ended), 0 at the end, or -1 with err set (an error that ends the
 * entries; the text before it was handed out first). */
ssize_t journal_text_read(struct journal_text *jt, char *out, size_t n, char *err, size_t errn);

void journal_text_free(struct journal_text *jt);

#endif
