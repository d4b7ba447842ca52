/*
 * cursor.h - where one source stands, as the state file keeps it: kmsg's
 * boot id and next sequence number, a followed file's position, a journal
 * cursor. Sources fill and read it (source.h); state.c stores it. It holds
 * no counters, so a source needs neither the state nor the store.
 */
#ifndef OOMSCAN_COLLECTOR_CURSOR_H
#define OOMSCAN_COLLECTOR_CURSOR_H

#include <stdint.h>

#include "follow.h"

enum state_src {
	STATE_SRC_KMSG = 0,
	STATE_SRC_FILE,
	STATE_SRC_JOURNAL,
};

struct state_cursor {
	char name[256];          /* the source's name: "kmsg", a path, "journal" */
	enum state_src type;
	char boot_id[40];        /* kmsg: /proc/sys/kernel/random/boot_id */
	int64_t next_seq;        /* kmsg: first sequence number not yet read */
	struct follow_pos pos;   /* file */
	/* file, batch --state-file: the input's size on disk and modification
	 * time when a run read it to its end (0: not known) */
	int64_t size, mtime;
	char journal[512];       /* journal cursor, "" when none */
};

#endif
