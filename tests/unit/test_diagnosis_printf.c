/*
 * test_diagnosis_printf.c - the diagnosis written piece by piece
 * (core/diagnosis.c) gives the bytes of the printf formulation it replaced
 * (diagnosis_printf.inc, libc's snprintf): every kind with every
 * constraint, killer and runtime, and around each of them events whose
 * other fields are drawn from edge values (absent, zero, extremes, strings
 * that fill their arrays, cgroup paths past every buffer), so every branch
 * and every cut is compared.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../core/diagnosis.h"
#include "helpers.h"
#include "../../core/event.h"

/* The oracle, its exported names renamed. Its texts, and the fields set
 * below, are cut on purpose. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#define diagnose ref_diagnose
#define diag_cause_name ref_diag_cause_name
#define diag_cause_label ref_diag_cause_label
#define diag_rules_matching ref_diag_rules_matching
enum diag_cause ref_diagnose(const struct oom_event *ev, struct diagnosis *d);
const char *ref_diag_cause_name(enum diag_cause c);
const char *ref_diag_cause_label(enum diag_cause c);
int ref_diag_rules_matching(const struct oom_event *ev);
#include "diagnosis_printf.inc"
#undef diagnose
#undef diag_cause_name
#undef diag_cause_label
#undef diag_rules_matching

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const constraints[] = {
	"", "CONSTRAINT_NONE", "CONSTRAINT_MEMCG", "CONSTRAINT_CPUSET", "CONSTRAINT_MEMORY_POLICY",
};
static const char *const killers[] = {
	"", "kernel", "systemd-oomd", "earlyoom", "lmkd", "lowmemorykiller", "oomkiller9000",
};
static const char *const runtimes[] = {
	"", "kernel", "linux", "jvm", "node", "v8", "php", "redis", "valkey", "windows", "python",
};
static const char *const details[] = {
	"",
	"Java heap space",
	"GC overhead limit exceeded",
	"Metaspace",
	"Compressed class space",
	"Direct buffer memory",
	"io.netty.util.internal.OutOfDirectMemoryError: failed",
	"Reached heap limit Allocation failed",
	"FATAL ERROR: JavaScript heap out of memory",
	"Allowed memory size of 134217728 bytes exhausted",
	"OOM command not allowed when used memory > 'maxmemory'",
	"The paging file is too small for this operation to complete.",
	"error 0x5AF",
	"error 0x5af",
	"error 0x5aF",
	"status 0xC000012D",
	"status 0xc000012d",
	"0x0x5AF",
	"x0x",
	"ERROR_COMMITMENT_LIMIT",
	"__vm_enough_memory: pid: 1, comm: x, not enough memory",
	"page allocation failure: order:0, mode:0x480020(GFP_ATOMIC)",
	"page allocation failure: order:1, mode:0x0(GFP_NOWAIT)",
	"page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)",
	"Can't save in background: fork: Cannot allocate memory",
	"WARNING overcommit_memory is set to 0! Background save may fail",
	"WARNING Memory overcommit must be enabled!",
	"Killed process 1 (x) due to memory pressure for /a.slice being 71% > 50%",
	"low memory: mem avail 100 MiB, swap free 0 MiB",
	"A process of this unit has been killed by the OOM killer.",
	"Java heap space; The paging file is too small",
	"Metaspace (jvm) fork overcommit pressure swap GFP_ATOMIC",
	"Java heap space \"q\" \\ \x01 \xff paging file GFP_ATOMIC has been killed by the OOM killer",
};
static const char *const comms[] = {
	"", "java", "redis-server", "valkey-server", "a\"b\\c",
	"ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", /* 63 */
};
static const char *const units[] = {
	"", "session-3.scope", "redis.service",
};
static const char *const masks[] = { "", "0x0", "0x10", "0x400", "0x40cc0", "0x100cca", "zz", "0x" };
static const int64_t pids[] = { EV_NONE, 0, 42, -7, INT64_MAX, INT64_MIN };
static const int64_t orders[] = { EV_NONE, 0, 1, 2, 3, 4, 10 };
static const int64_t sizes[] = {
	EV_NONE, 0, 1, 1023, 1024, 1000, 524288, INT64_C(3) << 30, INT64_C(1) << 53,
	(INT64_C(1) << 53) + 1, INT64_MAX / 1024, INT64_MAX, -5,
};
static const int64_t errnos[] = { EV_NONE, 12, 1455 };

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static unsigned pick(unsigned n)
{
	return (unsigned)(th_rand64(&rng) % n);
}

#define PICK(a) (a)[pick(N(a))]

static void set(char *field, size_t n, const char *v)
{
	snprintf(field, n, "%s", v);
}
#define SET(ev, f, v) set((ev)->f, sizeof((ev)->f), (v))

/* A string of n bytes (n < cap) filling much of a field, in buf. */
static const char *filler(char *buf, size_t cap, size_t n, char c)
{
	if (n >= cap)
		n = cap - 1;
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* A cgroup path of one of a few lengths, up to past the remedy's buffer
 * and the inline array (kept whole in the store). */
static void set_memcg(struct oom_event *ev, enum ev_memcg which)
{
	static const size_t lens[] = { 0, 0, 1, 30, 254, 255, 256, 300, 500 };
	char path[600];
	size_t n = PICK(lens);

	memset(path, which == EV_OOM_MEMCG ? 'o' : 't', n);
	if (n)
		path[0] = '/';
	event_set_memcg(ev, which, path, n);
}

static void random_event(struct oom_event *ev, int kind, const char *constraint,
			 const char *killer, const char *runtime)
{
	char buf[256];

	event_init(ev, (enum ev_kind)kind);
	SET(ev, constraint, constraint);
	SET(ev, killer, killer);
	SET(ev, runtime, runtime);
	SET(ev, detail, PICK(details));
	SET(ev, comm, PICK(comms));
	SET(ev, gfp_mask, PICK(masks));
	ev->pid = PICK(pids);
	ev->order = PICK(orders);
	ev->swap_total_kb = PICK(sizes);
	ev->swap_free_kb = PICK(sizes);
	ev->memcg_usage_kb = PICK(sizes);
	ev->memcg_limit_kb = PICK(sizes);
	ev->anon_rss_kb = PICK(sizes);
	ev->file_rss_kb = pick(2) ? EV_NONE : PICK(sizes);
	ev->errno_code = PICK(errnos);
	ev->requested_bytes = PICK(sizes);
	switch (pick(4)) {
	case 0:
		break;
	case 1:
		SET(ev, systemd_unit, PICK(units));
		break;
	case 2:
		SET(ev, systemd_unit, filler(buf, sizeof(ev->systemd_unit), 60 + pick(68), 'u'));
		break;
	default:
		SET(ev, systemd_unit, filler(buf, sizeof(ev->systemd_unit), 127, 'v'));
	}
	if (pick(3) == 0)
		SET(ev, pod_uid, "0b5c9a1e-8a2b-4c1d-9e3f-000000000001");
	if (pick(2) == 0)
		SET(ev, container_id, pick(2) ? "abc" : filler(buf, sizeof(ev->container_id), 64, 'f'));
	if (pick(2) == 0)
		set_memcg(ev, EV_OOM_MEMCG);
	if (pick(2) == 0)
		set_memcg(ev, EV_TASK_MEMCG);
}

/* 1 when no byte of s needs anything in a JSON string. */
static int plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x80 || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

/* The event strings diagnosis.h says the texts may quote. */
static int quoted_fields_plain(const struct oom_event *ev)
{
	return plain(ev->comm) && plain(ev->systemd_unit) && plain(ev->pod_uid) &&
	       plain(ev->container_id) && plain(event_oom_memcg(ev)) && plain(event_task_memcg(ev)) &&
	       plain(ev->constraint) && plain(ev->gfp_mask) && plain(ev->killer) && plain(ev->runtime);
}

static unsigned long n_plain_checked;

/* The lengths are the texts' own, and the texts are plain when the event
 * strings they may quote are (whatever the rest holds: detail has quotes,
 * controls and bytes past ASCII). */
static void check_lengths(const struct oom_event *ev, const struct diagnosis *d)
{
	assert_int_equal(d->len[DIAG_SUMMARY], strlen(d->summary));
	assert_int_equal(d->len[DIAG_EVIDENCE], strlen(d->evidence));
	assert_int_equal(d->len[DIAG_REMEDY], strlen(d->remedy));
	if (!quoted_fields_plain(ev))
		return;
	n_plain_checked++;
	if (!plain(d->summary) || !plain(d->evidence) || !plain(d->remedy))
		fail_msg("plain fields, texts not: %s | %s | %s", d->summary, d->evidence, d->remedy);
}

static void compare(const struct oom_event *ev)
{
	struct diagnosis got, want;

	assert_int_equal(diagnose(ev, &got), ref_diagnose(ev, &want));
	assert_int_equal(got.cause, want.cause);
	assert_string_equal(got.subject, want.subject);
	assert_string_equal(got.summary, want.summary);
	assert_string_equal(got.evidence, want.evidence);
	assert_string_equal(got.remedy, want.remedy);
	assert_int_equal(diag_rules_matching(ev), ref_diag_rules_matching(ev));
	check_lengths(ev, &got);
	/* The cause and subject alone, texts left out. */
	memset(&got, 'x', sizeof(got));
	assert_int_equal(diagnose_subject(ev, &got), want.cause);
	assert_int_equal(got.cause, want.cause);
	assert_string_equal(got.subject, want.subject);
	assert_string_equal(got.summary, "");
	assert_int_equal(got.len[DIAG_SUMMARY] + got.len[DIAG_EVIDENCE] + got.len[DIAG_REMEDY], 0);
}

static void test_every_combination(void **state)
{
	struct oom_event ev;
	unsigned k, c, x, r, i;
	unsigned long causes = 0;

	(void)state;
	for (k = 0; k < EV_KIND_COUNT; k++)
		for (c = 0; c < N(constraints); c++)
			for (x = 0; x < N(killers); x++)
				for (r = 0; r < N(runtimes); r++)
					for (i = 0; i < 24; i++) {
						random_event(&ev, (int)k, constraints[c], killers[x], runtimes[r]);
						compare(&ev);
						causes |= 1ul << diagnose(&ev, &(struct diagnosis){ 0 });
					}
	/* Every cause was reached, so every explanation was compared. */
	assert_int_equal(causes, (1ul << DIAG_CAUSE_COUNT) - 1);
	assert_true(n_plain_checked > 10000);
}

/* Every field of the texts cut at each length: a unit and a comm of every
 * size under the memcg, no-swap and unknown texts. */
static void test_every_cut(void **state)
{
	struct oom_event ev;
	char buf[256];
	size_t u, c;
	int kind;

	(void)state;
	for (kind = 0; kind < EV_KIND_COUNT; kind++)
		for (u = 0; u < 128; u += 3)
			for (c = 0; c < 64; c += 7) {
				random_event(&ev, kind, pick(2) ? "CONSTRAINT_NONE" : "", "kernel", "");
				SET(&ev, systemd_unit, filler(buf, sizeof(ev.systemd_unit), u, 'u'));
				SET(&ev, comm, filler(buf, sizeof(ev.comm), c, 'c'));
				compare(&ev);
			}
}

static void test_names(void **state)
{
	int c;

	(void)state;
	for (c = 0; c <= DIAG_CAUSE_COUNT; c++) {
		assert_string_equal(diag_cause_name((enum diag_cause)c), ref_diag_cause_name((enum diag_cause)c));
		assert_string_equal(diag_cause_label((enum diag_cause)c), ref_diag_cause_label((enum diag_cause)c));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_combination),
		cmocka_unit_test(test_every_cut),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
