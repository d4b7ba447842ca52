/*
 * atomicfile.h - writes a file so that readers see the old contents or the
 * new, never a part: a temporary file in the same directory, fsync,
 * rename over the name, fsync of the directory (the state file, the
 * textfile collector's .prom, every -o output).
 *
 * A name that is a symbolic link is written through: the link stays and
 * its target (resolved whole, links in the directories too) is replaced.
 * A link whose target does not exist is refused, as is a target that is
 * not a regular file, so a link never turns into a file nor a device into
 * a regular file.
 *
 * Return convention: 0 success, -1 failure with a message in err (naming
 * the path and the reason) and nothing left behind: the old file stays as
 * it was and the temporary file is removed.
 *
 * Not thread-safe per struct atomic_file; two writers of one name race
 * only on the rename, and the last one wins whole.
 */
#ifndef OOMSCAN_CORE_ATOMICFILE_H
#define OOMSCAN_CORE_ATOMICFILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

enum atomicfile_flag {
	AF_MKDIR = 1 << 0, /* create the file's directory (one level) when missing */
};

struct atomic_file {
	char *path; /* the name written: the caller's, or its link's target */
	char *tmp;  /* the temporary file, NULL once renamed or removed */
	char *dir;  /* the directory both live in */
	int fd;
	FILE *fp;   /* the stream over fd, from atomic_stream */
};

/*
 * Creates the temporary file for path with the given mode bits (umask
 * aside: they are set with fchmod). 0 with af ready, or -1 (err set, af
 * holds nothing to release).
 */
int atomic_open(struct atomic_file *af, const char *path, mode_t mode, unsigned flags,
		char *err, size_t errn);

/* A stdio stream over the temporary file (made on first call), or NULL. */
FILE *atomic_stream(struct atomic_file *af);

/*
 * Flushes, fsyncs and closes the temporary file, renames it over the name
 * and fsyncs the directory, then releases af (also on failure). 0 or -1.
 */
int atomic_commit(struct atomic_file *af, char *err, size_t errn);

/* Closes and removes the temporary file and releases af; NULL-safe fields. */
void atomic_abort(struct atomic_file *af);

/* atomic_open, one write of data[0, n), atomic_commit. 0 or -1. */
int atomic_write(const char *path, const void *data, size_t n, mode_t mode, unsigned flags,
		 char *err, size_t errn);

#endif
