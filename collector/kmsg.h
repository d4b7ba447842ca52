/*
 * kmsg.h - read kernel log records from /dev/kmsg (one read() per record):
 * facility-0 (kernel) records only, resumed by boot id and sequence number,
 * records lost to ring overruns counted from the sequence gaps, and the
 * boot's wall-clock time for turning a record's microseconds into a time.
 *
 * Return convention: kmsg_open returns NULL with a message in err;
 * kmsg_next returns 1 (a record), 0 (none now) or -1 (a read error); the
 * accessors return their value (kmsg_fd: an fd or -1).
 */
#ifndef OOMSCAN_COLLECTOR_KMSG_H
#define OOMSCAN_COLLECTOR_KMSG_H

#include <stddef.h>
#include <stdint.h>

#include "../core/span.h"

#define KMSG_DEFAULT_PATH "/dev/kmsg"
#define KMSG_RECORD_MAX 16384 /* read buffer: one record with its dictionary */

struct kmsg;

/*
 * Opens path (a /dev/kmsg-like character device; a regular file of records,
 * one per line, is read the same way for tests). When boot_id equals this
 * boot's id, records before next_seq are skipped (the resume point); else
 * (no state, or a new boot) the whole ring is read. Returns NULL with a
 * message in err.
 */
/* What kmsg_open adds to a permission error (EPERM/EACCES) on the device. */
#define KMSG_PERMISSION_HINT \
	" (with kernel.dmesg_restrict=1 reading the kernel log needs CAP_SYSLOG: run as root, " \
	"give the service AmbientCapabilities=CAP_SYSLOG as deploy/systemd/oomscan.service does, " \
	"or setcap cap_syslog+ep the binary; or read --follow /var/log/kern.log or --journal instead)"

struct kmsg *kmsg_open(const char *path, const char *boot_id, int64_t next_seq,
		       char *err, size_t errn);
void kmsg_close(struct kmsg *k);

/* The fd to poll for POLLIN, or -1 (regular files: poll by timeout). */
int kmsg_fd(const struct kmsg *k);

/*
 * Returns 1 and the next kernel record's first line ("prio,seq,usec,flags;
 * text", valid until the next call; *cut when the record did not fit the
 * buffer), 0 when no record is available now, -1 on a read error.
 */
int kmsg_next(struct kmsg *k, struct span *line, int *cut);

/* The first sequence number not yet read (for the state file). */
int64_t kmsg_next_seq(const struct kmsg *k);

/* This boot's id as read at open ("" when unknown). */
const char *kmsg_boot_id(const struct kmsg *k);

/* Records lost so far: overwritten in the ring before they were read. */
uint64_t kmsg_lost(const struct kmsg *k);

/* The wall clock at boot in microseconds (0 when unknown): what a scanner
 * fed by this reader takes as scan_config.boot_usec, so its events leave it
 * with a wall-clock time. */
int64_t kmsg_boot_usec(const struct kmsg *k);

/* Reads this boot's id (/proc/sys/kernel/random/boot_id) into buf (>= 37
 * bytes). Returns 0 or -1. */
int kmsg_read_boot_id(char *buf, size_t n);

#endif
