/*
 * machine.c - the log a machine keeps (machine.h). Trusts nothing under
 * root: a path that does not fit, a file that cannot be read or a journal
 * directory without journal files is passed over.
 */
#include "machine.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"

/* Where the log may be, in the order taken: the journal holds every
 * message; syslog and messages every message rsyslog kept; kern.log the
 * kernel's only. (One is read: the kernel's lines stand in each of them,
 * and would count twice.) */
static const char *const journals[] = { "var/log/journal", "run/log/journal" };
static const char *const syslogs[] = { "var/log/syslog", "var/log/messages", "var/log/kern.log" };

/* root/rel into path; 0, or -1 when it does not fit. */
static int join(const char *root, const char *rel, char *path, size_t n)
{
	size_t k = 0;

	while (root[k])
		k++;
	return (size_t)snprintf(path, n, "%s%s%s", root, k && root[k - 1] == '/' ? "" : "/", rel) < n ? 0 : -1;
}

int machine_log(const char *root, char *path, size_t n)
{
	struct stat st;
	size_t i;

	/* (without libsystemd no directory holds journal files it reads) */
	for (i = 0; i < sizeof(journals) / sizeof(journals[0]); i++)
		if (join(root, journals[i], path, n) == 0 && journal_dir_holds(path))
			return 0;
	for (i = 0; i < sizeof(syslogs) / sizeof(syslogs[0]); i++)
		if (join(root, syslogs[i], path, n) == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(path, R_OK) == 0)
			return 0;
	return -1;
}
