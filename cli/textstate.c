/*
 * textstate.c - batch --state-file (see textstate.h).
 *
 * Trusts the state file only through state_load (which checks every
 * value); an input's fingerprint is read through the same line reader as
 * the analysis, so a .gz file is fingerprinted by its content. At most
 * STATE_MAX_CURSORS files are remembered: cursors not seen in a run are the
 * first to go. Single-threaded.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "textstate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../collector/lines.h"
#include "../core/log.h"

int textstate_load(struct textstate *t, const char *path, struct store *store)
{
	char err[512];
	struct stat sb;
	int r;

	memset(t, 0, sizeof(*t));
	t->path = path;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		log_error("--state-file %s: is a directory", path);
		return -1;
	}
	r = state_load(path, &t->st, store, err, sizeof(err));
	if (r < 0) {
		log_warn("ignoring the state file and counting from zero: %s", err);
		memset(&t->st, 0, sizeof(t->st));
	}
	return 0;
}

/* The first FOLLOW_FP_LEN bytes of the file's content, newlines included. */
static void fingerprint(const char *path, unsigned char *fp, size_t *n)
{
	char err[256];
	struct line_reader *lr = lines_open(path, err, sizeof(err));
	struct span line;
	int cut;

	*n = 0;
	if (!lr)
		return;
	while (*n < FOLLOW_FP_LEN && lines_next(lr, &line, &cut, err, sizeof(err)) == 1) {
		size_t k = line.n < FOLLOW_FP_LEN - *n ? line.n : FOLLOW_FP_LEN - *n;

		memcpy(fp + *n, line.p, k);
		*n += k;
		if (*n < FOLLOW_FP_LEN)
			fp[(*n)++] = '\n';
	}
	lines_close(lr);
}

/* A saved cursor whose fingerprint starts this file (the file may have
 * grown past a short fingerprint), or -1. */
static int find(const struct textstate *t, const unsigned char *fp, size_t n)
{
	int i;

	for (i = 0; i < t->st.n; i++) {
		const struct state_cursor *c = &t->st.cur[i];

		if (strncmp(c->name, "textfile:", 9) != 0 || c->pos.fp_len == 0 ||
		    c->pos.fp_len > n || memcmp(c->pos.fp, fp, c->pos.fp_len) != 0)
			continue;
		return i;
	}
	return -1;
}

void textstate_counted(struct textstate *t, const char *path, unsigned char *fp, size_t *fp_len,
		       struct textstate_seen *seen)
{
	const struct state_cursor *c;
	int i;

	memset(seen, 0, sizeof(*seen));
	fingerprint(path, fp, fp_len);
	if (*fp_len == 0 || (i = find(t, fp, *fp_len)) < 0)
		return;
	t->used[i] = 1;
	c = &t->st.cur[i];
	seen->lines = c->pos.line > 0 ? c->pos.line : 0;
	seen->offset = c->pos.offset;
	seen->size = c->size;
	seen->mtime = c->mtime;
}

void textstate_set(struct textstate *t, const unsigned char *fp, size_t fp_len,
		   const struct textstate_seen *seen)
{
	struct state_cursor *c;
	size_t k, j;
	int i = fp_len ? find(t, fp, fp_len) : -1;

	if (!fp_len)
		return;
	if (i < 0 && t->st.n < STATE_MAX_CURSORS) {
		i = t->st.n++;
	} else if (i < 0) {
		/* Full: reuse a cursor of a file this run did not name. */
		for (i = 0; i < t->st.n && t->used[i]; i++)
			;
		if (i == t->st.n) {
			log_warn("--state-file: more than %d inputs; the rest are counted from their start next time",
				 STATE_MAX_CURSORS);
			return;
		}
	}
	c = &t->st.cur[i];
	memset(c, 0, sizeof(*c));
	t->used[i] = 1;
	c->type = STATE_SRC_FILE;
	k = (size_t)snprintf(c->name, sizeof(c->name), "textfile:");
	for (j = 0; j < fp_len && k + 3 < sizeof(c->name); j++)
		k += (size_t)snprintf(c->name + k, sizeof(c->name) - k, "%02x", fp[j]);
	memcpy(c->pos.fp, fp, fp_len);
	c->pos.fp_len = fp_len;
	c->pos.line = seen->lines;
	c->pos.offset = seen->offset > 0 ? seen->offset : 0;
	c->size = seen->size > 0 ? seen->size : 0;
	c->mtime = c->size ? seen->mtime : 0;
}

int textstate_save(struct textstate *t, const struct store *store,
		   char *err, size_t errn)
{
	return state_save(t->path, &t->st, store, err, errn);
}
