/*
 * fuzz_scan.c - libFuzzer target for the whole scanner pipeline (prefix,
 * kernel assembler, application rules, systemd notice folding): the input
 * goes line by line through one scanner and as one block through
 * scan_block_push in another, and in a third that joins a hard-wrapped
 * paste's pieces when it finds the input wrapped (scan_config.unwrap);
 * each pops after every push, flushes at the end and pops everything.
 * Checks each event's kind, line and strings, and that the scanners
 * count the same lines, and that every event's diagnosis
 * matches at most one rule and fills its texts.
 *
 * Trusts nothing in the input. Single-threaded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/diagnosis.h"
#include "../../parsers/apprules.h"
#include "../../parsers/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define STR_OK(f) (memchr((f), '\0', sizeof(f)) != NULL)

static void check_event(const struct oom_event *ev, int64_t lines)
{
	if ((unsigned)ev->kind >= EV_KIND_COUNT)
		abort();
	if (ev->line < 1 || ev->line > lines)
		abort();
	if (!STR_OK(ev->host) || !STR_OK(ev->comm) || !STR_OK(ev->trigger_comm) ||
	    !STR_OK(ev->gfp_mask) || !STR_OK(ev->constraint) || !STR_OK(ev->oom_memcg) ||
	    !STR_OK(ev->task_memcg) || !STR_OK(ev->container_id) || !STR_OK(ev->pod_uid) ||
	    !STR_OK(ev->pod_qos) || !STR_OK(ev->systemd_unit) || !STR_OK(ev->killer) ||
	    !STR_OK(ev->runtime) || !STR_OK(ev->detail))
		abort();
	if (ev->n_consumers < 0 || ev->n_consumers > EV_MAX_CONSUMERS)
		abort();
	{
		struct diagnosis d;

		diagnose(ev, &d);
		if (diag_rules_matching(ev) > 1 || !d.summary[0] || !d.evidence[0] || !d.remedy[0] ||
		    !STR_OK(d.summary) || !STR_OK(d.remedy) || !STR_OK(d.subject))
			abort();
	}
}

static void drain(struct scanner *s, int64_t lines)
{
	struct oom_event ev;
	struct oom_note n;

	while (scan_pop(s, &ev))
		check_event(&ev, lines);
	while (scan_pop_note(s, &n))
		if (n.line < 1 || n.line > lines || !STR_OK(n.text))
			abort();
}

/* The block path wants whole lines: gives b the input up to its last
 * newline as one block, then the rest as one line; returns the lines
 * counted. */
static uint64_t feed_block(struct scanner *b, const uint8_t *data, size_t size)
{
	const char *last = size ? memrchr(data, '\n', size) : NULL;
	size_t head = last ? (size_t)(last - (const char *)data) + 1 : 0;
	int64_t blines = 0;

	if (head) {
		struct scan_block blk;
		int more;

		/* It may stop early to let events be popped. */
		scan_block_init(&blk, span_make((const char *)data, head), NULL);
		do {
			more = scan_block_push(b, &blk);
			drain(b, (int64_t)blk.lines);
		} while (more);
		blines = (int64_t)blk.lines;
	}
	if (head < size) {
		scan_push(b, span_make((const char *)data + head, size - head), 0);
		blines++;
		drain(b, blines);
	}
	scan_flush(b, 1);
	drain(b, blines);
	return scan_stats(b)->lines;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct app_rules *rules;
	struct scan_config cfg;
	struct scanner *s, *b, *u = NULL;
	const char *p = (const char *)data;
	const char *end = p + size, *nl;
	int64_t lines = 0;

	if (!rules) {
		char err[256];

		rules = app_rules_new(err, sizeof(err));
		if (!rules)
			abort();
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.rules = rules;
	cfg.year_hint = 2024;
	cfg.ref_time = 1735689600;
	s = scan_new(&cfg, "fuzz");
	b = scan_new(&cfg, "fuzz-block");
	cfg.unwrap = SCAN_UNWRAP_AUTO;
	u = scan_new(&cfg, "fuzz-unwrap");
	if (!s || !b || !u)
		goto out;

	while (p < end) {
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		scan_push(s, span_make(p, n), 0);
		lines++;
		drain(s, lines);
		p += n + (nl ? 1 : 0);
	}
	scan_flush(s, 1);
	drain(s, lines);

	if (feed_block(b, data, size) != scan_stats(s)->lines || feed_block(u, data, size) != scan_stats(s)->lines)
		abort();
out:
	scan_free(s);
	scan_free(b);
	scan_free(u);
	return 0;
}
