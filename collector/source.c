/*
 * source.c - the table of source types and the calls through a row (see
 * source.h). Trusts its rows: each is checked by the unit test for the
 * operations it must have. Not thread-safe: a source belongs to one thread.
 */
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every source type, one row each; serve opens them in this order. */
const struct source_type *const source_types[] = {
	&source_type_kmsg,
	&source_type_file,
	&source_type_stdin,
	&source_type_journal,
};
const int source_type_count = (int)(sizeof(source_types) / sizeof(source_types[0]));

struct source {
	const struct source_type *t;
	char name[256];
	void *impl;
};

const struct source_type *source_type_find(const char *name)
{
	int i;

	for (i = 0; i < source_type_count; i++) {
		if (strcmp(source_types[i]->name, name) == 0)
			return source_types[i];
	}
	return NULL;
}

struct source *source_open(const struct source_type *t, const char *name,
			   const struct source_spec *spec, const struct state_cursor *c,
			   char *err, size_t errn)
{
	struct source *s;

	if (t->not_built) {
		snprintf(err, errn, "%s: not in this build (%s)", t->name, t->not_built);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errn, "out of memory");
		return NULL;
	}
	s->t = t;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->impl = t->open(spec, c, err, errn);
	if (!s->impl) {
		free(s);
		return NULL;
	}
	return s;
}

void source_close(struct source *s)
{
	if (!s)
		return;
	s->t->close(s->impl);
	free(s);
}

const char *source_name(const struct source *s)
{
	return s->name;
}

const struct source_type *source_type(const struct source *s)
{
	return s->t;
}

int source_next(struct source *s, struct span *line, int *cut, int64_t *lineno)
{
	*cut = 0;
	*lineno = -1;
	return s->t->next(s->impl, line, cut, lineno);
}

int source_save(struct source *s, struct state_cursor *c)
{
	memset(c, 0, sizeof(*c));
	if (!s->t->has_cursor || !s->t->save || s->t->save(s->impl, c) < 0)
		return -1;
	snprintf(c->name, sizeof(c->name), "%s", s->name);
	c->type = s->t->cursor_type;
	return 0;
}

void source_health(const struct source *s, struct source_health *h)
{
	memset(h, 0, sizeof(*h));
	h->open = 1;
	h->fd = -1;
	s->t->health(s->impl, h);
}

void source_reopen(struct source *s)
{
	if (s->t->reopen)
		s->t->reopen(s->impl);
}

int64_t source_boot_usec(const struct source *s)
{
	return s->t->boot_usec ? s->t->boot_usec(s->impl) : 0;
}
