/*
 * procstat.c - process_* values (CPU time, memory, start time, file
 * descriptors) of the calling process from /proc/self, like the Go client
 * library's process collector.
 *
 * Trusts the kernel's /proc formats only as far as the bytes read: a short
 * or odd file clears the value's bit. Thread-safe: no shared state.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "procstat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Reads at most n - 1 bytes of a /proc file; returns the length or -1. */
static long read_proc(const char *path, char *buf, size_t n)
{
	size_t at = 0;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (at + 1 < n) {
		r = read(fd, buf + at, n - 1 - at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		at += (size_t)r;
	}
	close(fd);
	buf[at] = '\0';
	return (long)at;
}

/* Parses an unsigned decimal at *p; returns 0 and advances, or -1. */
static int take_u64(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	const char *q = *p;

	if (q >= end || *q < '0' || *q > '9')
		return -1;
	while (q < end && *q >= '0' && *q <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*q - '0');
		q++;
	}
	*p = q;
	*out = v;
	return 0;
}

int procstat_parse_stat(const char *text, unsigned long n, long ticks,
			long page_size, double boot_time, struct procstat *ps)
{
	const char *end = text + n, *p = NULL, *q;
	uint64_t v, utime = 0, stime = 0, start = 0, vsize = 0, rss = 0;
	int field;

	/* comm may hold spaces and ')': the fields start after the last ')'. */
	for (q = text; q < end; q++)
		if (*q == ')')
			p = q;
	if (!p || ticks <= 0)
		return -1;
	p++;
	/* Field 3 (state) is the first after the comm. */
	for (field = 3; field <= 24; field++) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			return -1;
		if (field == 3) {
			while (p < end && *p != ' ')
				p++;
			continue;
		}
		if (*p == '-') /* signed fields (priority, nice) */
			p++;
		if (take_u64(&p, end, &v))
			return -1;
		switch (field) {
		case 14: utime = v; break;
		case 15: stime = v; break;
		case 22: start = v; break;
		case 23: vsize = v; break;
		case 24: rss = v; break;
		default: break;
		}
	}
	ps->cpu_seconds = (double)(utime + stime) / (double)ticks;
	ps->virtual_bytes = (double)vsize;
	ps->resident_bytes = (double)rss * (double)page_size;
	ps->have |= PROCSTAT_CPU | PROCSTAT_VSIZE | PROCSTAT_RSS;
	if (boot_time > 0) {
		ps->start_time = boot_time + (double)start / (double)ticks;
		ps->have |= PROCSTAT_START;
	}
	return 0;
}

static double boot_time(void)
{
	char buf[8192];
	const char *p, *end;
	uint64_t v;
	long n;

	n = read_proc("/proc/stat", buf, sizeof(buf));
	if (n <= 0)
		return 0;
	end = buf + n;
	p = strstr(buf, "\nbtime ");
	if (!p)
		return 0;
	p += 7;
	if (take_u64(&p, end, &v))
		return 0;
	return (double)v;
}

static int count_fds(double *out)
{
	struct dirent *de;
	DIR *d;
	long n = 0;
	int self;

	d = opendir("/proc/self/fd");
	if (!d)
		return -1;
	self = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (atoi(de->d_name) == self)
			continue;
		n++;
	}
	closedir(d);
	*out = (double)n;
	return 0;
}

int procstat_read(struct procstat *ps)
{
	char buf[2048];
	struct rlimit rl;
	long n;

	memset(ps, 0, sizeof(*ps));
	n = read_proc("/proc/self/stat", buf, sizeof(buf));
	if (n > 0)
		procstat_parse_stat(buf, (unsigned long)n, sysconf(_SC_CLK_TCK),
				    sysconf(_SC_PAGESIZE), boot_time(), ps);
	if (count_fds(&ps->open_fds) == 0)
		ps->have |= PROCSTAT_FDS;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		ps->max_fds = rl.rlim_cur == RLIM_INFINITY ? 1.8446744073709552e19
							   : (double)rl.rlim_cur;
		ps->have |= PROCSTAT_MAX_FDS;
	}
	return ps->have == (PROCSTAT_CPU | PROCSTAT_RSS | PROCSTAT_VSIZE |
			    PROCSTAT_START | PROCSTAT_FDS | PROCSTAT_MAX_FDS) ? 0 : -1;
}
