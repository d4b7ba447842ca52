/*
 * apprules.h - out-of-memory, allocation-failure and commit-limit messages
 * of programs (Go, JVM, Node, Python, .NET, Redis, PostgreSQL, nginx,
 * systemd, systemd-oomd, earlyoom, Windows, ...), driven by one rule table
 * (PCRE2 with JIT, each row compiled once, on first use) and run only on
 * lines that pass a literal prefilter.
 *
 * Return convention: _new returns the object, or NULL (with a message when
 * it takes err); app_asm_push returns an enum app_push_result (bad input is
 * never an error: it is counted or left alone); pops return 1 when they
 * copied an event out, 0 when there was none; predicates return 1 or 0.
 */
#ifndef OOMSCAN_PARSERS_APPRULES_H
#define OOMSCAN_PARSERS_APPRULES_H

#include <stddef.h>
#include <stdint.h>

#include "../core/event.h"
#include "../core/span.h"
#include "prefix.h"

/* The rule table, safe to share between threads and assemblers. Each
 * row's pattern is compiled the first time a line passes the row's literal
 * (any thread may do it; all then use the one compiled copy): a run pays
 * only for the rows its input reaches. A row whose pattern does not
 * compile (a table bug: tests/unit/test_apprules.c compiles them all) is
 * logged once as an error and never matches. */
struct app_rules;

/* Sets the table up (no pattern is compiled yet). Returns NULL and a
 * message in err on failure. */
struct app_rules *app_rules_new(char *err, size_t errn);
void app_rules_free(struct app_rules *r);

/* Compiles every row not compiled yet (tests, and a caller that would
 * rather pay up front). Returns 0, or -1 with the first broken row (or
 * "out of memory") in err. Thread-safe. */
int app_rules_compile_all(struct app_rules *r, char *err, size_t errn);

/* The number of rules (for --version and tests). */
int app_rules_count(const struct app_rules *r);

/* The number of rows compiled so far (for tests). */
int app_rules_compiled(const struct app_rules *r);

/*
 * Cheap literal check: 1 if msg could match some rule, else 0.
 * Most log lines are settled here without running any regex.
 */
int app_rules_may_match(const struct app_rules *r, struct span msg);

/*
 * The literals of the rows that also read kernel lines, into lit (at most
 * max; they live as long as the program): a kernel line holding none of
 * them (ignoring ASCII case; a literal cut short still counts) is no
 * application line, which a caller that tested that already passes on as
 * APP_HINT_NO_KERNEL_LITERAL. Returns their number, or -1 when there are
 * more than max or a kernel row has no literal of two bytes or more (no
 * literal test can rule its lines out).
 */
int app_rules_kernel_literals(const struct app_rules *r, const char **lit, int max);

/* Per-stream state that merges one incident's lines into one event. */
struct app_asm;

/* process_hint: the --process NAME fallback, or NULL. */
struct app_asm *app_asm_new(const struct app_rules *r, const char *process_hint);
void app_asm_free(struct app_asm *a);

enum app_push_result {
	APP_NONE = 0,    /* the line is not about memory */
	APP_CONSUMED,    /* recognised: part of an event or a known non-event */
};

/*
 * Feeds one line (its prefix already parsed into m). Returns an
 * enum app_push_result. Finished events become available via app_asm_pop;
 * an event may be held back a few lines to merge its follow-up lines.
 */
int app_asm_push(struct app_asm *a, const char *source, int64_t line,
		 const struct line_meta *m);

/* What the caller already knows of a line (app_asm_push_hint). */
enum app_hint {
	/* a kernel line holding none of app_rules_kernel_literals() */
	APP_HINT_NO_KERNEL_LITERAL = 1 << 0,
};

/* app_asm_push with hints (enum app_hint bits): the same result, without
 * tests the caller made already. */
int app_asm_push_hint(struct app_asm *a, const char *source, int64_t line,
		      const struct line_meta *m, unsigned hint);

/* Pops one finished event into *out. Returns 1 if one was popped, else 0. */
int app_asm_pop(struct app_asm *a, struct oom_event *out);

/* 0 when app_asm_pop can return nothing (until the next push or flush), else 1. */
int app_asm_pending(const struct app_asm *a);

/* Where app_asm_pending's answer can be read without a call: the number of
 * finished events, nonzero exactly when app_asm_pending is 1; valid while a
 * lives. */
const int *app_asm_pending_word(const struct app_asm *a);

/* 1 when no incident is open: a kernel line then reaches only the rows that
 * read kernel lines (app_rules_kernel_literals). */
int app_asm_idle(const struct app_asm *a);

/*
 * Whether the row that would take msg reads it across a break: msg is two
 * pieces of a line joined, the first ending at offset from, the second
 * starting at offset to (from <= to: a space put back between them, or
 * none). The rows are tried as app_asm_push tries them with a's incidents
 * as they stand (kernel: a kernel line, only the rows that read kernel
 * lines), without changing anything. Returns 1 when the first row that
 * matches msg (or a row that only remembers context, before it) matches
 * from before from to after to, else 0: no row matches, or the match lies
 * within one piece. a NULL: 0.
 */
int app_asm_reads_across(struct app_asm *a, struct span msg, int kernel, size_t from, size_t to);

/* Releases held events (final: end of input). */
void app_asm_flush(struct app_asm *a, int final);

/* Events dropped because the caller did not pop (the ready queue's cap). */
uint64_t app_asm_dropped(const struct app_asm *a);

#endif
