/*
 * fuzz_apprules.c - libFuzzer target for the application message rules:
 * splits the input at newlines, parses each line's prefix and feeds it to
 * one assembler (so incidents merge across lines as in real use), pops every
 * event, and checks what an event must hold: a known kind, a line number the
 * input has, NUL-terminated strings, at most EV_MAX_CONSUMERS consumers.
 *
 * Trusts nothing in the input. Single-threaded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../parsers/apprules.h"
#include "../../parsers/prefix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct oom_event *ev, int64_t lines)
{
	if ((unsigned)ev->kind >= EV_KIND_COUNT)
		abort();
	if (ev->line < 1 || ev->line > lines)
		abort();
	if (ev->n_consumers < 0 || ev->n_consumers > EV_MAX_CONSUMERS)
		abort();
	if (!memchr(ev->comm, 0, sizeof(ev->comm)) || !memchr(ev->detail, 0, sizeof(ev->detail)) ||
	    !memchr(ev->systemd_unit, 0, sizeof(ev->systemd_unit)) ||
	    !memchr(ev->runtime, 0, sizeof(ev->runtime)) || !memchr(ev->killer, 0, sizeof(ev->killer)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct app_rules *rules;
	struct prefix_parser *pp;
	struct app_asm *a;
	struct line_meta m;
	struct oom_event ev;
	const char *p = (const char *)data, *end = p + size, *nl;
	int64_t line = 0;
	char err[160];

	if (!rules) {
		rules = app_rules_new(err, sizeof(err));
		if (!rules)
			abort(); /* the table must always compile */
	}
	pp = prefix_new(2024, 1735689600);
	a = app_asm_new(rules, size & 1 ? "hint" : NULL);
	if (!pp || !a)
		goto out;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		prefix_parse(pp, span_make(p, (size_t)(nl - p)), &m);
		app_rules_may_match(rules, m.msg);
		app_asm_push(a, "fuzz", ++line, &m);
		while (app_asm_pop(a, &ev))
			check(&ev, line);
		p = nl + 1;
	}
	app_asm_flush(a, 1);
	while (app_asm_pop(a, &ev))
		check(&ev, line);
out:
	app_asm_free(a);
	prefix_free(pp);
	return 0;
}
