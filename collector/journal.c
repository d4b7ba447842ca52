/*
 * journal.c - reads the kernel's messages from the systemd journal with
 * sd-journal (match _TRANSPORT=kernel) and hands them on as dmesg-iso lines
 * with the entry's wall-clock time; resumes by cursor.
 *
 * Trusts libsystemd; the message bytes may be anything and are cut to
 * JOURNAL_LINE_MAX. Not thread-safe: one reader per thread. Compiled only
 * with OOMSCAN_HAVE_SYSTEMD.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "journal.h"

#ifdef OOMSCAN_HAVE_SYSTEMD

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-journal.h>

#include "state.h"

struct journal {
	sd_journal *j;
	int have_entry;   /* the read position is at an entry already returned */
	char line[JOURNAL_LINE_MAX + 64];
};

struct journal *journal_open(const char *cursor, char *err, size_t errn)
{
	struct journal *jr = calloc(1, sizeof(*jr));
	char boot[64], match[80];
	int r;

	if (!jr) {
		snprintf(err, errn, "out of memory");
		return NULL;
	}
	r = sd_journal_open(&jr->j, SD_JOURNAL_LOCAL_ONLY);
	if (r < 0) {
		snprintf(err, errn, "sd_journal_open: %s", strerror(-r));
		goto fail;
	}
	r = sd_journal_add_match(jr->j, "_TRANSPORT=kernel", 0);
	if (r < 0) {
		snprintf(err, errn, "sd_journal_add_match: %s", strerror(-r));
		goto fail;
	}
	if (cursor && cursor[0] && sd_journal_seek_cursor(jr->j, cursor) >= 0) {
		/* The entry at the cursor was read before: step onto it, and
		 * skip it when it is still there. */
		if (sd_journal_next(jr->j) > 0 &&
		    sd_journal_test_cursor(jr->j, cursor) <= 0)
			sd_journal_previous(jr->j);
		jr->have_entry = 1;
		return jr;
	}
	if (state_boot_id(boot, sizeof(boot)) == 0) {
		char *p, *q;

		/* The journal spells boot ids without dashes. */
		for (p = q = boot; *p; p++) {
			if (*p != '-')
				*q++ = *p;
		}
		*q = '\0';
		snprintf(match, sizeof(match), "_BOOT_ID=%s", boot);
		sd_journal_add_match(jr->j, match, 0);
	}
	sd_journal_seek_head(jr->j);
	return jr;
fail:
	journal_close(jr);
	return NULL;
}

void journal_close(struct journal *jr)
{
	if (!jr)
		return;
	if (jr->j)
		sd_journal_close(jr->j);
	free(jr);
}

int journal_fd(struct journal *jr)
{
	int fd = sd_journal_get_fd(jr->j);

	return fd < 0 ? -1 : fd;
}

int journal_next(struct journal *jr, struct span *line, int *cut)
{
	const void *data;
	size_t len, hl;
	uint64_t usec;
	time_t t;
	struct tm tm;
	int r;

	for (;;) {
		r = sd_journal_next(jr->j);
		if (r < 0)
			return -1;
		if (r == 0) {
			sd_journal_process(jr->j);
			return 0;
		}
		jr->have_entry = 1;
		if (sd_journal_get_data(jr->j, "MESSAGE", &data, &len) < 0 || len < 8)
			continue;
		data = (const char *)data + 8;
		len -= 8;
		if (sd_journal_get_realtime_usec(jr->j, &usec) < 0)
			usec = 0;
		t = (time_t)(usec / 1000000);
		gmtime_r(&t, &tm);
		hl = strftime(jr->line, 32, "%Y-%m-%dT%H:%M:%S", &tm);
		hl += (size_t)snprintf(jr->line + hl, 32, ",%06u+00:00 ",
				       (unsigned)(usec % 1000000));
		*cut = len > JOURNAL_LINE_MAX;
		if (*cut)
			len = JOURNAL_LINE_MAX;
		memcpy(jr->line + hl, data, len);
		*line = span_make(jr->line, hl + len);
		return 1;
	}
}

int journal_cursor(struct journal *jr, char *buf, size_t n)
{
	char *c = NULL;

	buf[0] = '\0';
	if (!jr->have_entry || sd_journal_get_cursor(jr->j, &c) < 0 || !c)
		return -1;
	snprintf(buf, n, "%s", c);
	free(c);
	return 0;
}

#endif
