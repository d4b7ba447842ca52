/*
 * machine.h - where a Linux machine keeps the log oomscan reads when no
 * file is named: its journal (persistent, else volatile), else the syslog
 * file of all its messages (Debian's syslog, Red Hat's messages), else its
 * kernel's (kern.log). For this machine ("/") and for one whose root
 * directory is mounted elsewhere (a dead host's disk).
 *
 * Return convention: machine_log returns 0, or -1 when the machine has
 * none of them (or the path would not fit).
 */
#ifndef OOMSCAN_COLLECTOR_MACHINE_H
#define OOMSCAN_COLLECTOR_MACHINE_H

#include <stddef.h>

/* The log of the machine whose root directory is root, as a path under it,
 * into path (n bytes): a journal directory that holds journal files (when
 * this build reads them), else the first of var/log/syslog, messages and
 * kern.log that can be read. */
int machine_log(const char *root, char *path, size_t n);

#endif
