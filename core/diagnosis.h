/*
 * diagnosis.h - why an out-of-memory event happened and what to change,
 * from the evidence in that event's own fields (../shared/spec/events.md,
 * "diagnosis causes").
 *
 * A diagnosis is a pure function of one event: nothing is kept in the event
 * record, every output (text, JSON, HTML, the API) computes it when it
 * writes the event. The rules are one table in diagnosis.c; each row names
 * its cause and its evidence test, and the tests are disjoint (at most one
 * matches any event; the unit test checks it), so the table's order carries
 * no meaning. An event that no rule settles is DIAG_UNKNOWN, and its
 * diagnosis says what evidence is missing: a rule never guesses past the
 * text (a global kill without its Mem-Info swap lines is unknown, not
 * no_swap).
 *
 * Return convention: nothing here fails; each function returns its result
 * (a cause, a name or label that is never NULL, a count).
 */
#ifndef OOMSCAN_CORE_DIAGNOSIS_H
#define OOMSCAN_CORE_DIAGNOSIS_H

#include <stddef.h>

#include "event.h"

enum diag_cause {
	DIAG_UNKNOWN = 0,
	DIAG_MEMCG_LIMIT,
	DIAG_NO_SWAP,
	DIAG_SWAP_EXHAUSTED,
	DIAG_OVERCOMMIT_STRICT,
	DIAG_FORK_OVERCOMMIT,
	DIAG_PAGEFILE_COMMIT,
	DIAG_RUNTIME_LIMIT,
	DIAG_FRAGMENTATION,
	DIAG_ATOMIC_TRANSIENT,
	DIAG_PRESSURE_KILL,
	DIAG_CAUSE_COUNT
};

/* The texts of a diagnosis, as indexes of its len[]. */
enum diag_text { DIAG_SUMMARY = 0, DIAG_EVIDENCE, DIAG_REMEDY, DIAG_TEXTS };

struct diagnosis {
	enum diag_cause cause;
	/* What the cause is about, for one line of a summary: the cgroup's
	 * unit/pod/container/path for memcg_limit, the runtime setting for
	 * runtime_limit, else "". */
	char subject[128];
	char summary[384];  /* one sentence a person reads */
	char evidence[384]; /* the facts used, as the log spells them */
	char remedy[448];   /* the setting or action, named exactly */
	/* strlen of summary, evidence and remedy, by enum diag_text: a
	 * writer takes the texts by length, not by their arrays. The texts
	 * hold ASCII literals without a quote or backslash, numbers, and
	 * pieces of only these strings of the event: comm, systemd_unit,
	 * pod_uid, container_id, oom_memcg, task_memcg, constraint, gfp_mask,
	 * killer, runtime. A JSON writer that found those plain takes the
	 * texts as plain (test_diagnosis_printf holds this). */
	size_t len[DIAG_TEXTS];
};

/*
 * Diagnoses one event into d (every string NUL-terminated, cut to fit;
 * the bytes after a NUL are left as they were). Returns d->cause. Never
 * fails; thread-safe.
 */
enum diag_cause diagnose(const struct oom_event *ev, struct diagnosis *d);

/*
 * The cause and d->subject that diagnose gives ev, without the texts (the
 * summary, evidence and remedy are "", their len 0): for a writer that
 * counts causes and subjects but prints no text. Returns d->cause. Never
 * fails; thread-safe.
 */
enum diag_cause diagnose_subject(const struct oom_event *ev, struct diagnosis *d);

/* The contract's code of a cause ("memcg_limit", ...); never NULL. */
const char *diag_cause_name(enum diag_cause c);

/* A short phrase for summaries ("no swap", "memory cgroup limit reached"). */
const char *diag_cause_label(enum diag_cause c);

/*
 * For tests: the number of rules whose evidence test matches ev (0 or 1 when
 * the table is disjoint, as it must be).
 */
int diag_rules_matching(const struct oom_event *ev);

#endif
