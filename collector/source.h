/*
 * source.h - one interface for every input of `oomscan serve`: open with the
 * cursor the state file kept, read the next line (a span, its cut flag and
 * its line number when the source numbers lines), save the cursor back,
 * report health (up, records lost, file switches), close. /dev/kmsg
 * (kmsg.c), a followed file and standard input (follow.c) and the systemd
 * journal (journal.c) each fill in one struct source_type; source.c lists
 * them in one table. Adding a source is one new file with its row, plus
 * that row in source.c's table.
 *
 * Return contract of the whole interface: 0 or a count on success, -1 on
 * failure with a message in err where one is taken; source_next's 1 / 0 /
 * -1 are "a line", "nothing now", "read error".
 */
#ifndef OOMSCAN_COLLECTOR_SOURCE_H
#define OOMSCAN_COLLECTOR_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/span.h"
#include "cursor.h"

#define SOURCE_MAX_UNITS 16 /* journal units one source reads */

/* What the command line asks of one source. */
struct source_spec {
	const char *path;               /* a device, file or directory; NULL: the type's default */
	const char *units[SOURCE_MAX_UNITS]; /* the journal's extra units */
	int n_units;
	int from_start;                 /* no cursor: read a file from its start */
	size_t max_line;                /* cap of one line (0: the type's default) */
};

struct source_health {
	int open;            /* 0 once the input ended (standard input closed) */
	uint64_t lost;       /* records lost before they were read (ring overruns) */
	uint64_t switches;   /* rotations and truncations: the cursor names another file */
	int fd;              /* the fd to poll for POLLIN, or -1: poll by timeout */
};

/* One row: a source type and its operations on its own state (impl). */
struct source_type {
	const char *name;        /* "kmsg", "file", "stdin", "journal" */
	const char *title;       /* for messages: "cannot open <title>: ..." */
	const char *feature;     /* --version's feature name ("follow") */
	const char *fixed_name;  /* the source's name ("kmsg"); NULL: the spec's path */
	int has_cursor;          /* 1: saves a cursor of type cursor_type */
	enum state_src cursor_type;
	const char *not_built;   /* NULL when built; else why not ("built without libsystemd") */

	/* Opens; c is the state file's cursor of this source or NULL. Returns
	 * the impl, or NULL with a message in err. */
	void *(*open)(const struct source_spec *spec, const struct state_cursor *c,
		      char *err, size_t errn);
	int (*next)(void *impl, struct span *line, int *cut, int64_t *lineno);
	/* Fills c's fields of this type; -1 when there is no position yet. */
	int (*save)(void *impl, struct state_cursor *c);
	void (*health)(const void *impl, struct source_health *h);
	void (*reopen)(void *impl);          /* SIGHUP; NULL: nothing to do */
	int64_t (*boot_usec)(const void *impl); /* wall clock at boot; NULL: 0 */
	void (*close)(void *impl);
};

/* The rows, defined beside each reader. */
extern const struct source_type source_type_kmsg;
extern const struct source_type source_type_file;
extern const struct source_type source_type_stdin;
extern const struct source_type source_type_journal;

/* The table of source types (source.c), in the order serve opens them. */
extern const struct source_type *const source_types[];
extern const int source_type_count;

/* The row named name, or NULL. */
const struct source_type *source_type_find(const char *name);

struct source;

/* Opens a source of type t. Returns NULL with a message in err (the type's
 * title, what failed). */
struct source *source_open(const struct source_type *t, const char *name,
			   const struct source_spec *spec, const struct state_cursor *c,
			   char *err, size_t errn);
void source_close(struct source *s);

const char *source_name(const struct source *s);
const struct source_type *source_type(const struct source *s);

/* Returns 1 with the next line (valid until the next call; *lineno the
 * line's number in its file, or -1 when the source does not number lines),
 * 0 when there is none now, -1 on a read error. */
int source_next(struct source *s, struct span *line, int *cut, int64_t *lineno);

/* Fills c (type, name and position) with where reading stands. Returns 0,
 * or -1 when the source keeps no cursor or has none yet. */
int source_save(struct source *s, struct state_cursor *c);

void source_health(const struct source *s, struct source_health *h);
void source_reopen(struct source *s);

/* What the source knows of the boot, for scan_config.boot_usec (0: none). */
int64_t source_boot_usec(const struct source *s);

#endif
