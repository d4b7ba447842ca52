/*
 * kmsg.c - /dev/kmsg reader: one read() per record into a 16 KiB buffer,
 * only facility 0 (the kernel's own records) handed on, the first line of
 * each record (the dictionary's " KEY=value" lines are dropped), sequence
 * gaps (EPIPE overruns, records overwritten while stopped) counted as lost.
 *
 * Trusts the kernel's record header only as far as parsing it checks; a
 * record that does not parse is skipped. Not thread-safe: one reader per
 * thread.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "kmsg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "follow.h"
#include "source.h"
#include "../core/log.h"

struct kmsg {
	int fd;                /* the character device, or -1 */
	struct follow *file;   /* a regular file of records instead */
	char buf[KMSG_RECORD_MAX];
	char boot_id[40];
	int64_t skip_below;    /* resume: records below this seq are skipped */
	int64_t expect;        /* next seq expected, or -1 before the first */
	uint64_t lost;
	int64_t boot_usec;     /* wall clock at boot, microseconds */
};

int kmsg_read_boot_id(char *buf, size_t n)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "re");
	size_t len;

	if (!f)
		return -1;
	if (!fgets(buf, (int)n, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	len = strcspn(buf, "\n");
	buf[len] = '\0';
	return len ? 0 : -1;
}

static int64_t boot_time_usec(void)
{
	struct timespec rt, bt;

	if (clock_gettime(CLOCK_REALTIME, &rt) < 0 ||
	    clock_gettime(CLOCK_BOOTTIME, &bt) < 0)
		return 0;
	return ((int64_t)rt.tv_sec - bt.tv_sec) * 1000000 +
	       ((int64_t)rt.tv_nsec - bt.tv_nsec) / 1000;
}

struct kmsg *kmsg_open(const char *path, const char *boot_id, int64_t next_seq,
		       char *err, size_t errn)
{
	struct kmsg *k = calloc(1, sizeof(*k));
	struct stat st;

	if (!k) {
		snprintf(err, errn, "out of memory");
		return NULL;
	}
	k->fd = -1;
	k->expect = -1;
	if (kmsg_read_boot_id(k->boot_id, sizeof(k->boot_id)) < 0)
		k->boot_id[0] = '\0';
	if (boot_id && boot_id[0] && k->boot_id[0] &&
	    strcmp(boot_id, k->boot_id) == 0 && next_seq > 0) {
		k->skip_below = next_seq;
		k->expect = next_seq;
	}
	k->boot_usec = boot_time_usec();
	if (stat(path, &st) < 0) {
		snprintf(err, errn, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (S_ISREG(st.st_mode)) {
		k->file = follow_new(path, KMSG_RECORD_MAX);
		if (!k->file) {
			snprintf(err, errn, "out of memory");
			goto fail;
		}
		follow_start(k->file, NULL, 1);
		return k;
	}
	k->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0) {
		int e = errno;

		snprintf(err, errn, "%s: %s%s", path, strerror(e),
			 e == EPERM || e == EACCES ? KMSG_PERMISSION_HINT : "");
		goto fail;
	}
	return k;
fail:
	kmsg_close(k);
	return NULL;
}

void kmsg_close(struct kmsg *k)
{
	if (!k)
		return;
	if (k->fd >= 0)
		close(k->fd);
	follow_free(k->file);
	free(k);
}

int kmsg_fd(const struct kmsg *k)
{
	return k->fd;
}

int64_t kmsg_next_seq(const struct kmsg *k)
{
	return k->expect < 0 ? 0 : k->expect;
}

const char *kmsg_boot_id(const struct kmsg *k)
{
	return k->boot_id;
}

uint64_t kmsg_lost(const struct kmsg *k)
{
	return k->lost;
}

int64_t kmsg_boot_usec(const struct kmsg *k)
{
	return k->boot_usec;
}

/* Parses "prio,seq,": returns 0 with facility and seq, or -1. */
static int parse_head(const char *p, size_t n, int *facility, int64_t *seq)
{
	struct span s = span_make(p, n);
	int64_t prio;

	if (span_take_i64(&s, &prio) < 0 || prio < 0 || !SPAN_TAKE(&s, ",") ||
	    span_take_i64(&s, seq) < 0 || *seq < 0 || !SPAN_TAKE(&s, ","))
		return -1;
	*facility = (int)(prio >> 3);
	return 0;
}

/*
 * Accounts one record: 1 when it should be handed on (new and from the
 * kernel), 0 when it is skipped.
 */
static int take_record(struct kmsg *k, const char *p, size_t n)
{
	int facility;
	int64_t seq;

	if (parse_head(p, n, &facility, &seq) < 0)
		return 0;
	if (seq < k->skip_below)
		return 0;
	if (k->expect >= 0 && seq > k->expect)
		k->lost += (uint64_t)(seq - k->expect);
	if (k->expect < 0 || seq >= k->expect)
		k->expect = seq + 1;
	else
		return 0; /* older than what was read: a replay */
	return facility == 0;
}

int kmsg_next(struct kmsg *k, struct span *line, int *cut)
{
	ssize_t n;
	const char *nl;
	int64_t ln;
	int r;

	if (k->file) {
		while ((r = follow_next(k->file, line, cut, &ln)) == 1) {
			if (line->n && line->p[0] == ' ')
				continue; /* a dictionary line */
			if (take_record(k, line->p, line->n))
				return 1;
		}
		return r;
	}
	for (;;) {
		n = read(k->fd, k->buf, sizeof(k->buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* Overrun: the gap shows in the next record's seq. */
			if (errno == EPIPE)
				continue;
			if (errno == EAGAIN)
				return 0;
			/* EINVAL: a record larger than the buffer, which
			 * the kernel does not skip; an error like others. */
			return -1;
		}
		if (n == 0)
			return 0;
		if (!take_record(k, k->buf, (size_t)n))
			continue;
		nl = memchr(k->buf, '\n', (size_t)n);
		*line = span_make(k->buf, nl ? (size_t)(nl - k->buf) : (size_t)n);
		*cut = 0;
		return 1;
	}
}

/* --- the source row -------------------------------------------------------- */

static void *src_open(const struct source_spec *spec, const struct state_cursor *c,
		      char *err, size_t errn)
{
	struct kmsg *k = kmsg_open(spec->path ? spec->path : KMSG_DEFAULT_PATH,
				   c ? c->boot_id : NULL, c ? c->next_seq : 0, err, errn);

	if (k && c && strcmp(c->boot_id, k->boot_id) != 0)
		log_info("new boot since the state was saved: reading the "
			 "kernel ring from its start");
	return k;
}

static int src_next(void *impl, struct span *line, int *cut, int64_t *lineno)
{
	(void)lineno;
	return kmsg_next(impl, line, cut);
}

static int src_save(void *impl, struct state_cursor *c)
{
	const struct kmsg *k = impl;

	snprintf(c->boot_id, sizeof(c->boot_id), "%s", k->boot_id);
	c->next_seq = kmsg_next_seq(k);
	return 0;
}

static void src_health(const void *impl, struct source_health *h)
{
	const struct kmsg *k = impl;

	h->lost = k->lost;
	h->fd = k->fd;
}

static int64_t src_boot_usec(const void *impl)
{
	return kmsg_boot_usec(impl);
}

static void src_close(void *impl)
{
	kmsg_close(impl);
}

const struct source_type source_type_kmsg = {
	.name = "kmsg",
	.title = "kernel log",
	.feature = "kmsg",
	.fixed_name = "kmsg",
	.has_cursor = 1,
	.cursor_type = STATE_SRC_KMSG,
	.open = src_open,
	.next = src_next,
	.save = src_save,
	.health = src_health,
	.boot_usec = src_boot_usec,
	.close = src_close,
};
