/*
 * procstat.h - the standard process_* metrics of the running process, read
 * from /proc/self (Linux).
 */
#ifndef OOMSCAN_EXPORTER_PROCSTAT_H
#define OOMSCAN_EXPORTER_PROCSTAT_H

/* Bits of procstat.have: which values could be read. */
enum procstat_have {
	PROCSTAT_CPU = 1 << 0,
	PROCSTAT_RSS = 1 << 1,
	PROCSTAT_VSIZE = 1 << 2,
	PROCSTAT_START = 1 << 3,
	PROCSTAT_FDS = 1 << 4,
	PROCSTAT_MAX_FDS = 1 << 5,
};

struct procstat {
	double cpu_seconds;    /* user + system */
	double resident_bytes;
	double virtual_bytes;
	double start_time;     /* Unix seconds */
	double open_fds;
	double max_fds;        /* soft RLIMIT_NOFILE */
	unsigned have;         /* enum procstat_have bits */
};

/*
 * Reads the values of the calling process. Returns 0 when every value was
 * read, -1 when some could not be (those bits are clear in have).
 * Thread-safe.
 */
int procstat_read(struct procstat *ps);

/*
 * Parses the text of a /proc/PID/stat file (n bytes) with the clock tick
 * rate, page size and boot time given. Returns 0 or -1. Pure.
 */
int procstat_parse_stat(const char *text, unsigned long n, long ticks,
			long page_size, double boot_time, struct procstat *ps);

#endif
