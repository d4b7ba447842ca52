/*
 * apprules.c - finds programs' out-of-memory, allocation-failure and
 * commit-limit messages and merges each incident's lines into one event.
 *
 * The rules are data (apprules_table.c): each row is compiled with PCRE2
 * (JIT when available, with a match and depth limit) the first time a line
 * passes its literal test, so a run pays only for the rows its input
 * reaches, and only runs on lines that pass a cheap case-insensitive
 * literal prefilter (a bigram bitmap over a handful of anchor fragments). An incident stays open for a
 * bounded window of lines so its follow-up lines (a Go crash's fatal error,
 * an hs_err header, systemd's three lines per kill) join it; then it is
 * released, oldest line first.
 *
 * Trusts nothing about its input: lines are byte spans of any content and
 * length; every buffer is fixed and every copy is cut to fit (flagged in
 * ev->cut). The rules (struct app_rules) can be shared between threads:
 * apart from each row's compiled pattern they never change after
 * app_rules_new, and a pattern is published once, with a compare-and-swap
 * (a thread that loses the race frees its own copy and takes the winner's),
 * then never changes either. An assembler (struct app_asm) belongs to one
 * thread at a time.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/evqueue.h"
#include "../core/log.h"
#include "apprules.h"
#include "apprules_int.h"
#include "prefilter.h"

#define APP_WINDOW 40        /* lines an incident waits for follow-up lines */
#define APP_EVAPP_WINDOW 6   /* lines from an event record's "Application: X.exe" to its exception */
#define APP_TIME_SLACK 5     /* seconds two lines of one incident may differ */
#define APP_OPEN_MAX 16      /* incidents open at once per assembler */
#define APP_READY_MAX 64     /* released events waiting to be popped */
#define APP_MATCH_LIMIT 200000
#define APP_DEPTH_LIMIT 5000
#define APP_KERN_MAX 16      /* rows that may read kernel lines */
#define APP_MAX_GROUPS 16    /* capture groups a pattern may have (the match data's size) */

/*
 * Named groups a row's pattern may use: pid, comm (the process the message
 * is about), prog (a program the incident's context names, weaker than
 * comm: a Go crash's main package), bytes (decimal), size ("2G"), errno,
 * errhex, unit, cgroup, uid, adj (the victim's oom_score_adj), tpid and
 * tcomm (the task a kill was made for: trigger_pid, trigger_comm).
 */
enum app_field {
	FLD_PID = 0,
	FLD_COMM,
	FLD_PROG,
	FLD_BYTES,
	FLD_SIZE,
	FLD_HEXBYTES,
	FLD_ERRNO,
	FLD_ERRHEX,
	FLD_UNIT,
	FLD_CGROUP,
	FLD_UID,
	FLD_ADJ,
	FLD_TPID,
	FLD_TCOMM,
	FLD_COUNT
};

static const char *const field_names[FLD_COUNT] = {
	"pid", "comm", "prog", "bytes", "size", "hexbytes", "errno", "errhex", "unit", "cgroup", "uid", "adj",
	"tpid", "tcomm",
};

#define GROUPS_PER_NAME 4

/* A row's pattern as compiled on its first use. */
struct app_code {
	pcre2_code *re;                      /* NULL: it did not compile (reported once) */
	int grp[FLD_COUNT][GROUPS_PER_NAME]; /* capture numbers per name, 0 = none */
	char err[160];                       /* why it did not compile */
};

struct app_rule {
	const struct app_rule_def *def;
	size_t literal_len;
	unsigned lit_bigram; /* hash of the literal's first two bytes, folded; see line_bigrams */
	_Atomic(struct app_code *) code; /* NULL until the row first runs; then never changes */
};

/*
 * Prefilter anchors: every row's literal contains one of these (ignoring
 * ASCII case), except context rows, which only run while their group has an
 * open incident. tests/unit/test_apprules.c checks that each row's example
 * passes the prefilter. A word that holds another anchor needs no needle of
 * its own ("E_OUTOFMEMORY" holds "memory", "OOMController" "oom").
 */
static const char *const anchors[] = {
	"memory", "oom", "virtualalloc", "mmap(", "os thread", "_pid" /* hs_err_pid, java_pid */,
	"jvmdump", "out of swap", "instantiate heap", "preloadlibrary", "createprocess error",
	"byte allocation", "mark-", "scavenge", "allocation failed", "winerror",
	"heap space" /* Gradle's and scalac's bare OOME detail */, "paging file", "fork", "request of size", "malloc" /* xmalloc too */,
	"memalign", "code=killed", "commit pages", "map pages", "class space", "object heap",
	"xrealloc", "to process", "killing " /* process, '...' */, "dryrun",
	"exhaust" /* Resource-Exhaustion-Detector, GHC's "Heap exhausted;" */, "event" /* Event ID, EventID */, "2004", "pool was empty", "hcsshim",
	"1455", "5af", "commitment_limit", "c000012d", "-1073741523", "8007000e",
	"insufficient", "not enough", "allocerror", "d_alloc",
	"allocat" /* R's "cannot allocate vector", compiler-rt's "Sanitizer failed to allocate 0x",
		   * PyTorch's "DefaultCPUAllocator: " */,
	"<jemalloc>",
	"killed /", "heap overflow", "enomem", "to the victim", "pbs: job killed",
	/* localized "paging file is too small" (UTF-8) */
	"\xe9\xa1\xb5\xe9\x9d\xa2\xe6\x96\x87\xe4\xbb\xb6", /* 页面文件 */
	"\xe5\x88\x86\xe9\xa1\xb5\xe6\x96\x87\xe4\xbb\xb6", /* 分页文件 */
	"\xe9\xa0\x81\xe9\x9d\xa2\xe6\xaa\x94",             /* 頁面檔 */
	"\xe3\x83\x9a\xe3\x83\xbc\xe3\x82\xb8\xe3\x83\xb3\xe3\x82\xb0", /* ページング */
	"auslagerungsdatei", "fichier de pagination", "archivo de paginaci",
	"\xd0\xbf\xd0\xbe\xd0\xb4\xd0\xba\xd0\xb0\xd1\x87\xd0\xba\xd0\xb8", /* подкачки */
	"file di paging", "arquivo de pagina",
	"\xe5\x86\x85\xe5\xad\x98", /* 内存 ("memory"): zh strerror(ENOMEM), Windows error 8's text */
};
#define N_ANCHORS (sizeof(anchors) / sizeof(anchors[0]))
_Static_assert(N_ANCHORS <= PREFILTER_MAX_NEEDLES, "the anchors fit one prefilter");

struct app_rules {
	struct app_rule *rules; /* n rows, then the consumer list's pattern */
	int n;
	pcre2_match_context *mctx;
	struct prefilter *pf; /* the anchors, each cut to PREFILTER_MAX_LEN */
	int has_ctx[APP_G_COUNT];
	int kern_rows[APP_KERN_MAX]; /* rows flagged APP_F_KERNEL, in table order */
	int n_kern;
	/* The kernel rows' literals (cut), or NULL when a row has none: a
	 * kernel line holding none of them matches no kernel row. */
	struct prefilter *kern_pf;
};

/* ---- compilation ---- */

/* The anchors' prefilter (parsers/prefilter.c, the scanner's too), each cut
 * to the prefilter's longest needle: a cut anchor lets more lines through,
 * never fewer. The copies are this call's own; the prefilter copies them. */
static struct prefilter *anchors_prefilter(void)
{
	char cut[N_ANCHORS][PREFILTER_MAX_LEN + 1];
	const char *nd[N_ANCHORS];
	size_t i;

	for (i = 0; i < N_ANCHORS; i++) {
		snprintf(cut[i], sizeof(cut[i]), "%.*s", PREFILTER_MAX_LEN, anchors[i]);
		nd[i] = cut[i];
	}
	return prefilter_new(nd, (int)N_ANCHORS);
}

/* The prefilter of the kernel rows' literals, each cut to the prefilter's
 * longest needle (a cut literal lets more lines through, never fewer).
 * None when a kernel row has no literal of two bytes or more: then every
 * kernel line tries the rows. Returns 0, or -1 when out of memory. */
static int kern_prefilter(struct app_rules *r)
{
	char cut[APP_KERN_MAX][PREFILTER_MAX_LEN + 1];
	const char *nd[APP_KERN_MAX];
	int k;

	for (k = 0; k < r->n_kern; k++) {
		const struct app_rule *ru = &r->rules[r->kern_rows[k]];

		if (ru->literal_len < 2)
			return 0;
		snprintf(cut[k], sizeof(cut[k]), "%.*s", PREFILTER_MAX_LEN, ru->def->literal);
		nd[k] = cut[k];
	}
	if (r->n_kern == 0 || r->n_kern > PREFILTER_MAX_NEEDLES)
		return 0;
	r->kern_pf = prefilter_new(nd, r->n_kern);
	return r->kern_pf ? 0 : -1;
}

/* A 10-bit hash of two bytes, ASCII case folded. */
static unsigned bigram_hash(unsigned char x, unsigned char y)
{
	if (x >= 'A' && x <= 'Z')
		x = (unsigned char)(x + 32);
	if (y >= 'A' && y <= 'Z')
		y = (unsigned char)(y + 32);
	return ((unsigned)x * 31u + (unsigned)y) & 1023u;
}

/* The set of (hashed, folded) byte pairs of a line: a row whose literal
 * starts with a pair the line lacks is skipped without searching. */
struct line_bigrams {
	uint64_t bits[16];
};

static void line_bigrams_fill(struct line_bigrams *b, struct span msg)
{
	size_t i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i + 1 < msg.n; i++) {
		unsigned h = bigram_hash((unsigned char)msg.p[i], (unsigned char)msg.p[i + 1]);

		b->bits[h >> 6] |= (uint64_t)1 << (h & 63);
	}
}

static int line_bigrams_may(const struct line_bigrams *b, const struct app_rule *ru)
{
	if (ru->literal_len < 2)
		return 1;
	return (b->bits[ru->lit_bigram >> 6] >> (ru->lit_bigram & 63)) & 1;
}

static int collect_names(struct app_code *c)
{
	uint32_t count = 0, size = 0, i;
	PCRE2_SPTR table = NULL;

	memset(c->grp, 0, sizeof(c->grp));
	if (pcre2_pattern_info(c->re, PCRE2_INFO_NAMECOUNT, &count) != 0 ||
	    pcre2_pattern_info(c->re, PCRE2_INFO_NAMEENTRYSIZE, &size) != 0 ||
	    pcre2_pattern_info(c->re, PCRE2_INFO_NAMETABLE, &table) != 0)
		return -1;
	for (i = 0; i < count; i++) {
		PCRE2_SPTR e = table + (size_t)i * size;
		int num = (e[0] << 8) | e[1], f, k;

		for (f = 0; f < FLD_COUNT; f++)
			if (strcmp((const char *)e + 2, field_names[f]) == 0)
				break;
		if (f == FLD_COUNT)
			return -1; /* a name the engine does not know: a table bug */
		for (k = 0; k < GROUPS_PER_NAME && c->grp[f][k]; k++)
			;
		if (k == GROUPS_PER_NAME)
			return -1;
		c->grp[f][k] = num;
	}
	return 0;
}

/*
 * Compiles one row's pattern (JIT when available: without it the
 * interpreter runs the same pattern, only slower). Returns the code, with
 * re NULL and the reason in err when the row is broken (a table bug), or
 * NULL when out of memory.
 */
static struct app_code *compile_code(const struct app_rule_def *d)
{
	struct app_code *c = calloc(1, sizeof(*c));
	uint32_t cap = 0;
	PCRE2_SIZE off;
	int ec;

	if (!c)
		return NULL;
	c->re = pcre2_compile((PCRE2_SPTR)d->pattern, PCRE2_ZERO_TERMINATED, PCRE2_DUPNAMES, &ec, &off,
			      NULL);
	if (!c->re) {
		PCRE2_UCHAR msg[120];

		pcre2_get_error_message(ec, msg, sizeof(msg));
		snprintf(c->err, sizeof(c->err), "rule %s: %s at offset %zu", d->family,
			 (const char *)msg, (size_t)off);
		return c;
	}
	if (collect_names(c) != 0)
		snprintf(c->err, sizeof(c->err), "rule %s: unknown or repeated group name", d->family);
	else if (pcre2_pattern_info(c->re, PCRE2_INFO_CAPTURECOUNT, &cap) != 0 || cap > APP_MAX_GROUPS)
		snprintf(c->err, sizeof(c->err), "rule %s: more than %d capture groups", d->family,
			 APP_MAX_GROUPS);
	if (c->err[0]) {
		pcre2_code_free(c->re);
		c->re = NULL;
		return c;
	}
	(void)pcre2_jit_compile(c->re, PCRE2_JIT_COMPLETE);
	return c;
}

static void code_free(struct app_code *c)
{
	if (!c)
		return;
	pcre2_code_free(c->re);
	free(c);
}

/*
 * A row's code, compiled on its first use. Threads that reach a row at
 * once may each compile it; the first to publish wins and the others free
 * their copy, so every thread then uses the one published code. A broken
 * row is logged once (by the thread that published it) and never matches.
 * Returns NULL only when memory runs out (the row is tried again next time).
 */
static struct app_code *publish(struct app_rule *ru, struct app_code *mine)
{
	struct app_code *c = NULL;

	if (atomic_compare_exchange_strong_explicit(&ru->code, &c, mine, memory_order_acq_rel,
						    memory_order_acquire))
		return mine;
	code_free(mine);
	return c;
}

static const struct app_code *rule_code(struct app_rule *ru)
{
	struct app_code *c = atomic_load_explicit(&ru->code, memory_order_acquire), *mine;

	if (c)
		return c;
	mine = compile_code(ru->def);
	if (!mine)
		return NULL;
	c = publish(ru, mine);
	if (c == mine && !c->re)
		log_msg(LOG_ERROR, "message rules: %s; the rule is skipped", c->err);
	return c;
}

/* The pattern of the list of "NAME (PID) consumed N bytes" (event 2004). */
static const struct app_rule_def consumer_def = {
	.family = "consumer list",
	.literal = "",
	.pattern = "([^\\s,:()][^,:()]*?)\\s+\\((\\d+|[xX#*?]+)\\)\\s+consumed\\s+(\\d+) bytes",
	.errno_def = -1,
};

struct app_rules *app_rules_new(char *err, size_t errn)
{
	struct app_rules *r;
	size_t i;

	if (errn)
		err[0] = '\0';
	r = calloc(1, sizeof(*r));
	if (!r)
		goto oom;
	r->rules = calloc(app_rule_ndefs + 1, sizeof(*r->rules));
	r->mctx = pcre2_match_context_create(NULL);
	if (!r->rules || !r->mctx)
		goto oom;
	pcre2_set_match_limit(r->mctx, APP_MATCH_LIMIT);
	pcre2_set_depth_limit(r->mctx, APP_DEPTH_LIMIT);
	for (i = 0; i <= app_rule_ndefs; i++) {
		struct app_rule *ru = &r->rules[i];

		ru->def = i < app_rule_ndefs ? &app_rule_defs[i] : &consumer_def;
		atomic_init(&ru->code, NULL);
		ru->literal_len = strlen(ru->def->literal);
		if (ru->literal_len >= 2)
			ru->lit_bigram = bigram_hash((unsigned char)ru->def->literal[0],
						     (unsigned char)ru->def->literal[1]);
		if (i == app_rule_ndefs)
			break;
		r->n++;
		if (ru->def->action == APP_A_CTX)
			r->has_ctx[ru->def->group] = 1;
		if (ru->def->flags & APP_F_KERNEL) {
			if (r->n_kern == APP_KERN_MAX) {
				snprintf(err, errn, "rule %s: more than %d kernel rows", ru->def->family,
					 APP_KERN_MAX);
				goto fail;
			}
			r->kern_rows[r->n_kern++] = (int)i;
		}
	}
	r->pf = anchors_prefilter();
	if (!r->pf)
		goto oom;
	if (kern_prefilter(r) < 0)
		goto oom;
	return r;
oom:
	snprintf(err, errn, "out of memory");
fail:
	app_rules_free(r);
	return NULL;
}

int app_rules_compile_all(struct app_rules *r, char *err, size_t errn)
{
	int i;

	if (errn)
		err[0] = '\0';
	for (i = 0; i <= r->n; i++) {
		struct app_rule *ru = &r->rules[i];
		struct app_code *c = atomic_load_explicit(&ru->code, memory_order_acquire);

		if (!c) {
			c = compile_code(ru->def);
			if (!c) {
				snprintf(err, errn, "out of memory");
				return -1;
			}
			c = publish(ru, c);
		}
		if (!c->re) {
			snprintf(err, errn, "%s", c->err);
			return -1;
		}
	}
	return 0;
}

int app_rules_compiled(const struct app_rules *r)
{
	int i, n = 0;

	for (i = 0; r && i < r->n; i++)
		if (atomic_load_explicit(&r->rules[i].code, memory_order_acquire))
			n++;
	return n;
}

void app_rules_free(struct app_rules *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; r->rules && i <= (int)app_rule_ndefs; i++)
		code_free(atomic_load_explicit(&r->rules[i].code, memory_order_relaxed));
	free(r->rules);
	pcre2_match_context_free(r->mctx);
	prefilter_free(r->pf);
	prefilter_free(r->kern_pf);
	free(r);
}

int app_rules_count(const struct app_rules *r)
{
	return r ? r->n : 0;
}

int app_rules_kernel_literals(const struct app_rules *r, const char **lit, int max)
{
	int k;

	if (!r || r->n_kern > max)
		return -1;
	for (k = 0; k < r->n_kern; k++) {
		const struct app_rule *ru = &r->rules[r->kern_rows[k]];

		if (ru->literal_len < 2)
			return -1;
		lit[k] = ru->def->literal;
	}
	return r->n_kern;
}

/* ---- prefilter ---- */

int app_rules_may_match(const struct app_rules *r, struct span msg)
{
	return r && prefilter_any(r->pf, msg);
}

/* ---- assembler ---- */

struct app_fields {
	int64_t pid, bytes, errno_code, uid, adj, tpid;
	struct span comm, prog, unit, cgroup, tcomm;
};

struct app_incident {
	int used;
	int group;
	int cancelled;
	int notag;
	int tagsub; /* the tag is "reporter/subject": the subject names the process */
	int xml_cur; /* current consumer of the XML shape, or -1 */
	int cons_from_msg;
	unsigned slots;
	int64_t first_line, last_line, id_line;
	int id_prio;
	int rank;
	int64_t time_sec;
	int64_t tag_pid;
	const char *strong;
	const char *weak;
	char tag_comm[64];
	char shell[64];
	char prog[64];
	char unit[128];
	struct oom_event ev;
};

struct app_pre {
	int64_t line; /* 0 = none */
	int64_t pid;
};

struct app_asm {
	const struct app_rules *r;
	pcre2_match_data *md;
	char hint[64];
	char shell[64];
	char cc[16]; /* the GCC compiler proper the last compile command runs */
	char evapp[64];         /* "Application: X.exe" of a .NET Runtime event record */
	int64_t evapp_line;     /* its line, 0 = none */
	struct app_pre pre[APP_G_COUNT];
	int explain_pending;    /* the last program line explained a code and ended in ':' */
	int after_explain;      /* this line follows such a line */
	int open_in_group[APP_G_COUNT];
	int n_open;             /* incidents open (used) in inc[] */
	struct app_incident inc[APP_OPEN_MAX];
	struct evqueue ready;   /* released events in line order (dropped: a stalled caller) */
	struct oom_event ready_slot[APP_READY_MAX];
};

struct app_asm *app_asm_new(const struct app_rules *r, const char *process_hint)
{
	struct app_asm *a;

	if (!r)
		return NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->r = r;
	evq_init(&a->ready, a->ready_slot, APP_READY_MAX);
	a->md = pcre2_match_data_create(APP_MAX_GROUPS + 1, NULL);
	if (!a->md) {
		free(a);
		return NULL;
	}
	if (process_hint)
		snprintf(a->hint, sizeof(a->hint), "%s", process_hint);
	return a;
}

void app_asm_free(struct app_asm *a)
{
	if (!a)
		return;
	pcre2_match_data_free(a->md);
	free(a);
}

uint64_t app_asm_dropped(const struct app_asm *a)
{
	return a ? a->ready.dropped : 0;
}

static int kind_rank(enum ev_kind k)
{
	switch (k) {
	case EV_COMMIT_LIMIT:
		return 5;
	case EV_OOM_KILL:
	case EV_MEMCG_OOM_KILL:
	case EV_USERSPACE_OOM_KILL:
		return 4;
	case EV_ALLOC_FAILURE:
		return 3;
	case EV_RUNTIME_OOM:
		return 2;
	default:
		return 1;
	}
}

static int is_commit_code(int64_t e)
{
	return e == 1455 || e == 0xC000012D || e == 0x800705AF;
}

/* The caller pops after every push; only a stalled caller fills the queue. */
static void ready_push(struct app_asm *a, const struct oom_event *ev)
{
	evq_push(&a->ready, ev);
}

static void set_comm(struct oom_event *ev, const char *s, size_t n)
{
	event_set_str(ev, ev->comm, sizeof(ev->comm), s, n, EV_CUT_COMM);
}

static void release(struct app_asm *a, struct app_incident *in)
{
	struct oom_event *ev = &in->ev;

	in->used = 0;
	a->open_in_group[in->group]--;
	a->n_open--;
	if (in->cancelled)
		return;
	if (!ev->comm[0] && ev->n_consumers > 0) {
		set_comm(ev, ev->consumers[0].name, strlen(ev->consumers[0].name));
		if (ev->pid == EV_NONE)
			ev->pid = ev->consumers[0].pid;
	}
	if (!ev->comm[0] && !ev->systemd_unit[0] && !in->unit[0]) {
		const char *c = NULL;
		const char *sub = in->tagsub ? strrchr(in->tag_comm, '/') : NULL;

		if (!in->notag && in->tag_comm[0])
			c = in->tag_comm;
		else if (sub && sub[1])
			c = sub + 1;
		else if (in->strong)
			c = in->strong;
		else if (in->shell[0] && !in->notag)
			c = in->shell; /* a reporter's line names its subject itself */
		else if (in->prog[0])
			c = in->prog;
		else if (a->hint[0])
			c = a->hint;
		else if (in->weak)
			c = in->weak;
		if (c)
			set_comm(ev, c, strlen(c));
	}
	if (ev->pid == EV_NONE && !in->notag && in->tag_pid > 0)
		ev->pid = in->tag_pid;
	if (is_commit_code(ev->errno_code) && !event_is_kill(ev->kind))
		ev->kind = EV_COMMIT_LIMIT;
	if (ev->task_memcg[0])
		event_attribute_cgroup(ev);
	if (in->unit[0] && !ev->systemd_unit[0])
		EVENT_SET(ev, systemd_unit, in->unit, strlen(in->unit), EV_CUT_OTHER);
	if (event_is_kill(ev->kind))
		ev->runtime[0] = '\0';
	ready_push(a, ev);
}

/*
 * Numbers never drop an event (spec): every decimal field is read with the
 * saturating parser. A count (pid, uid, errno) that does not fit is absent;
 * a size saturates at INT64_MAX.
 */
enum num_kind { NUM_ID, NUM_SIGNED, NUM_SIZE, NUM_HEX };

#define ID_MAX 0xFFFFFFFFLL /* pids and uids are 32-bit; larger is a parse slip */

static int64_t take_num(struct span s, enum num_kind k)
{
	int64_t v;
	uint64_t u;
	int rc;

	if (k == NUM_HEX) {
		if (span_take_hex(&s, &u) != 0 || u > (uint64_t)INT64_MAX)
			return EV_NONE;
		return (int64_t)u;
	}
	rc = span_take_i64_sat(&s, &v);
	if (rc < 0)
		return EV_NONE;
	switch (k) {
	case NUM_ID:
		return (rc == 0 && v >= 0 && v <= ID_MAX) ? v : EV_NONE;
	case NUM_SIGNED:
		return rc == 0 ? v : EV_NONE;
	default:
		return v < 0 ? EV_NONE : v;
	}
}

/* "2G" -> bytes, saturated at INT64_MAX; EV_NONE when it does not parse. */
static int64_t take_size(struct span s)
{
	int64_t v;
	int shift = 0;

	if (span_take_i64_sat(&s, &v) < 0 || v < 0)
		return EV_NONE;
	if (s.n) {
		switch (s.p[0]) {
		case 'K': case 'k': shift = 10; break;
		case 'M': case 'm': shift = 20; break;
		case 'G': case 'g': shift = 30; break;
		case 'T': case 't': shift = 40; break;
		default: break;
		}
	}
	if (shift && v > (INT64_MAX >> shift))
		return INT64_MAX;
	return v << shift;
}

static int group_span(const struct app_code *c, pcre2_match_data *md, struct span line,
		      int f, struct span *out)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	uint32_t n = pcre2_get_ovector_count(md);
	int k;

	for (k = 0; k < GROUPS_PER_NAME && c->grp[f][k]; k++) {
		uint32_t g = (uint32_t)c->grp[f][k];

		if (g >= n || ov[2 * g] == PCRE2_UNSET || ov[2 * g + 1] < ov[2 * g])
			continue;
		*out = span_make(line.p + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
		return 1;
	}
	return 0;
}

static void read_fields(const struct app_rule *ru, pcre2_match_data *md, struct span line,
			struct app_fields *f)
{
	/* The row ran on this line: its code is there. */
	const struct app_code *c = atomic_load_explicit(&ru->code, memory_order_acquire);
	struct span s;

	memset(f, 0, sizeof(*f));
	f->pid = f->bytes = f->errno_code = f->uid = f->adj = f->tpid = EV_NONE;
	if (group_span(c, md, line, FLD_PID, &s))
		f->pid = take_num(s, NUM_ID);
	if (group_span(c, md, line, FLD_COMM, &s))
		f->comm = s;
	if (group_span(c, md, line, FLD_PROG, &s))
		f->prog = s;
	if (group_span(c, md, line, FLD_BYTES, &s))
		f->bytes = take_num(s, NUM_SIZE);
	else if (group_span(c, md, line, FLD_SIZE, &s))
		f->bytes = take_size(s);
	else if (group_span(c, md, line, FLD_HEXBYTES, &s))
		f->bytes = take_num(s, NUM_HEX);
	if (group_span(c, md, line, FLD_ERRNO, &s))
		f->errno_code = take_num(s, NUM_ID);
	else if (group_span(c, md, line, FLD_ERRHEX, &s))
		f->errno_code = take_num(s, NUM_HEX);
	if (f->errno_code == EV_NONE && ru->def->errno_def >= 0)
		f->errno_code = ru->def->errno_def;
	if (group_span(c, md, line, FLD_UID, &s))
		f->uid = take_num(s, NUM_ID);
	if (group_span(c, md, line, FLD_ADJ, &s))
		f->adj = take_num(s, NUM_SIGNED);
	if (group_span(c, md, line, FLD_TPID, &s))
		f->tpid = take_num(s, NUM_ID);
	if (group_span(c, md, line, FLD_TCOMM, &s))
		f->tcomm = s;
	if (group_span(c, md, line, FLD_UNIT, &s))
		f->unit = s;
	if (group_span(c, md, line, FLD_CGROUP, &s)) {
		struct span b = s;
		long k;

		f->cgroup = s;
		while (b.n && b.p[b.n - 1] == '/')
			b.n--;
		k = span_rfind(b, "/", 1);
		if (k >= 0)
			b = span_skip(b, (size_t)k + 1);
		/* A systemd unit names the cgroup; a pod's or container's
		 * directory is attributed from the path instead. */
		if (b.n && (SPAN_ENDS(b, ".service") || SPAN_ENDS(b, ".scope") || SPAN_ENDS(b, ".slice")))
			f->unit = b;
	}
}

static int is_slice(const char *p, size_t n)
{
	return n >= 6 && memcmp(p + n - 6, ".slice", 6) == 0;
}

/*
 * The slice systemd puts a service or scope in when its name says so:
 * user@UID.service in user-UID.slice, an instance NAME@X.service in
 * system-NAME.slice. Returns the length written to buf, or 0 when the name
 * does not tell (a plain service may name any slice in Slice=).
 */
static size_t slice_of(struct span u, char *buf, size_t n)
{
	long at = span_find(u, "@", 1);
	int w;

	if (at <= 0 || !SPAN_ENDS(u, ".service"))
		return 0;
	if (at == 4 && SPAN_STARTS(u, "user@"))
		w = snprintf(buf, n, "user-%.*s.slice", (int)(u.n - 5 - 8), u.p + 5);
	else
		w = snprintf(buf, n, "system-%.*s.slice", (int)at, u.p);
	return w > 0 && (size_t)w < n ? (size_t)w : 0;
}

/* 1 if slice s (NUL-free span) is an ancestor of unit u. */
static int slice_above(struct span s, struct span u)
{
	char buf[160];
	size_t n;

	if (!is_slice(s.p, s.n))
		return 0;
	if (s.n == 7 && memcmp(s.p, "-.slice", 7) == 0)
		return 1;
	if (!is_slice(u.p, u.n)) {
		/* A service or scope: its slice is in its name only sometimes. */
		if ((n = slice_of(u, buf, sizeof(buf))) > 0) {
			struct span p = span_make(buf, n);

			return (p.n == s.n && memcmp(p.p, s.p, s.n) == 0) || slice_above(s, p);
		}
		if (SPAN_STARTS(u, "session-") && SPAN_ENDS(u, ".scope"))
			return SPAN_EQ(s, "user.slice") || SPAN_STARTS(s, "user-");
		return 1;
	}
	s.n -= 6;
	return u.n > s.n + 1 && memcmp(u.p, s.p, s.n) == 0 && u.p[s.n] == '-';
}

enum unit_rel { REL_NONE, REL_SAME, REL_ABOVE, REL_BELOW };

static enum unit_rel unit_relation(const char *old, struct span nu)
{
	struct span o = span_from_cstr(old);

	if (o.n == nu.n && memcmp(o.p, nu.p, o.n) == 0)
		return REL_SAME;
	if (slice_above(nu, o))
		return REL_ABOVE;
	if (slice_above(o, nu))
		return REL_BELOW;
	return REL_NONE;
}

/* Whether msg is the line the incident's event was taken from (its detail,
 * which keeps the line's first bytes). */
static int same_as_detail(const struct app_incident *in, struct span msg)
{
	size_t n = strnlen(in->ev.detail, sizeof(in->ev.detail));

	msg = span_trim(msg);
	if (n == 0 || msg.n < n || memcmp(msg.p, in->ev.detail, n) != 0)
		return 0;
	return msg.n == n || n + 1 >= sizeof(in->ev.detail);
}

/* The Spark executor a line names ("Lost executor 9 on", "executor 9):"),
 * -1 when it names none. */
static long spark_executor(struct span s)
{
	long i = SPAN_FIND(s, "executor ");
	long v = -1;
	size_t j;

	if (i < 0)
		return -1;
	for (j = (size_t)i + 9; j < s.n && s.p[j] >= '0' && s.p[j] <= '9' && v < 100000000; j++)
		v = (v < 0 ? 0 : v * 10) + (s.p[j] - '0');
	return v;
}

/* The words from "Container killed by YARN" to the line's end (the usage
 * and the limit), empty when the line has none. */
static struct span yarn_reason(struct span s)
{
	long i = SPAN_FIND(s, "Container killed by YARN");

	if (i < 0)
		return span_make(s.p, 0);
	return span_trim(span_make(s.p + i, s.n - (size_t)i));
}

/*
 * Whether msg reports the YARN kill the incident holds: Spark logs it as
 * the scheduler's "Lost executor 9 on HOST: Container killed by YARN ..."
 * and again as each of that executor's tasks' ExecutorLostFailure with
 * the same reason. The same reason (usage and limit) is the same kill
 * unless both lines name executors and they differ: other executors'
 * kills, often at the same limit and usage, stay their own. A line that
 * names none (a hard wrap left "executor 9" on the piece before) has
 * nothing that tells it apart from the kill with its reason.
 */
static int same_yarn_kill(const struct app_incident *in, struct span msg)
{
	struct span d = span_make(in->ev.detail, strnlen(in->ev.detail, sizeof(in->ev.detail)));
	struct span rd = yarn_reason(d), rm = yarn_reason(msg);
	long x = spark_executor(d), y = spark_executor(msg);

	if (x >= 0 && y >= 0 && x != y)
		return 0;
	return rd.n && rd.n == rm.n && memcmp(rd.p, rm.p, rd.n) == 0;
}

static int compatible(const struct app_incident *in, const struct app_rule_def *d,
		      const struct app_fields *f, const struct line_meta *m, int cause)
{
	int64_t dt;

	if (!in->used || in->cancelled)
		return 0;
	if (in->group != (int)d->group) {
		/* systemd's unit result for a unit systemd-oomd killed is that kill. */
		if (!(d->flags & APP_F_OOMD) || in->group != APP_G_OOMD || !f->unit.n ||
		    unit_relation(in->unit, f->unit) != REL_SAME)
			return 0;
		return 1;
	}
	if (in->time_sec != INT64_MIN && m->time_sec != INT64_MIN) {
		dt = in->time_sec - m->time_sec;
		if (dt > APP_TIME_SLACK || dt < -APP_TIME_SLACK)
			return 0;
	}
	if (f->pid != EV_NONE && in->ev.pid != EV_NONE && f->pid != in->ev.pid)
		return 0;
	if (d->group == APP_G_YARN)
		return same_yarn_kill(in, m->msg);
	/* A "Caused by:" line continues the chain of the exception above it. */
	if (cause)
		return 1;
	/* The same line again (an hs_err file's copy of its banner, a rethrow
	 * of one exception object) with nothing that tells it apart. */
	if ((d->flags & APP_F_REPEAT) && (in->slots & (1u << d->slot)) &&
	    (f->bytes == EV_NONE || in->ev.requested_bytes == EV_NONE || f->bytes == in->ev.requested_bytes) &&
	    !((d->flags & APP_F_NOPIDREP) && in->ev.pid != EV_NONE))
		return 1;
	/* A crash console's summary of a throw ("OutOfMemoryError: Failed to
	 * allocate a N byte allocation ...", one line) then the throw itself in
	 * another wording with the same size: one throw, while the summary is
	 * still alone. The same line twice is two throws. */
	if (d->group == APP_G_JVMOOME && f->bytes != EV_NONE && f->bytes == in->ev.requested_bytes &&
	    in->first_line == in->last_line && !same_as_detail(in, m->msg))
		return 1;
	if ((d->flags & APP_F_LEAD) && in->id_prio >= d->prio)
		return 0;
	if ((d->flags & APP_F_TRAIL) && in->id_prio > d->prio)
		return 0;
	if ((d->flags & APP_F_KEYUNIT) && f->unit.n && in->unit[0]) {
		enum unit_rel rel = unit_relation(in->unit, f->unit);

		if (rel == REL_NONE)
			return 0;
		if (rel == REL_SAME && (in->slots & (1u << d->slot)))
			return 0;
		return 1;
	}
	/* Context lines (stack frames, XML elements) repeat within one incident. */
	return d->action == APP_A_CTX || !(in->slots & (1u << d->slot));
}

/*
 * An exception's lines join only the newest throw: once another throw has
 * been logged, an earlier one is over, and a line that cannot join the
 * newest starts a throw of its own rather than reach back past it.
 */
static struct app_incident *newest_throw(struct app_asm *a, const struct app_rule_def *d,
					 const struct app_fields *f, const struct line_meta *m,
					 int cause)
{
	struct app_incident *newest = NULL;
	int i;

	for (i = 0; i < APP_OPEN_MAX; i++) {
		struct app_incident *in = &a->inc[i];

		if (in->used && !in->cancelled && in->group == APP_G_JVMOOME &&
		    (!newest || in->last_line > newest->last_line))
			newest = in;
	}
	if (newest && compatible(newest, d, f, m, cause))
		return newest;
	return NULL;
}

static struct app_incident *find_open(struct app_asm *a, const struct app_rule_def *d,
				      const struct app_fields *f, const struct line_meta *m, int cause)
{
	struct app_incident *best = NULL;
	int i;

	if (!a->open_in_group[d->group] && !((d->flags & APP_F_OOMD) && a->open_in_group[APP_G_OOMD]))
		return NULL;
	if (d->group == APP_G_JVMOOME)
		return newest_throw(a, d, f, m, cause);
	for (i = 0; i < APP_OPEN_MAX; i++) {
		struct app_incident *in = &a->inc[i];

		if (compatible(in, d, f, m, cause) && (!best || in->last_line > best->last_line))
			best = in;
	}
	return best;
}

static struct app_incident *open_new(struct app_asm *a, const struct app_rule_def *d,
				     const char *source, int64_t line, const struct line_meta *m)
{
	struct app_incident *in = NULL, *oldest = NULL;
	struct app_pre *pre = &a->pre[d->group];
	int i;

	for (i = 0; i < APP_OPEN_MAX; i++) {
		if (!a->inc[i].used) {
			in = &a->inc[i];
			break;
		}
		if (!oldest || a->inc[i].first_line < oldest->first_line)
			oldest = &a->inc[i];
	}
	if (!in) {
		release(a, oldest);
		in = oldest;
	}
	memset(in, 0, sizeof(*in));
	in->used = 1;
	in->group = d->group;
	in->first_line = in->last_line = in->id_line = line;
	in->id_prio = -1;
	in->xml_cur = -1;
	in->time_sec = m->time_sec;
	in->tag_pid = -1;
	snprintf(in->shell, sizeof(in->shell), "%s", a->shell);
	/* GCC's own messages come from the compiler proper (cc1, cc1plus),
	 * never from the driver or make that ran it. */
	if (d->runtime && strcmp(d->runtime, "gcc") == 0)
		snprintf(in->shell, sizeof(in->shell), "%s", a->cc);
	event_init(&in->ev, d->kind);
	in->rank = kind_rank(d->kind);
	line_meta_stamp(m, source, line, &in->ev);
	a->open_in_group[d->group]++;
	a->n_open++;
	/* The .NET Runtime event (1026) names its program above the exception:
	 * "Application: X.exe", "Framework Version: ...", "Description: ...",
	 * "Exception Info: System.OutOfMemoryException". */
	if (d->group == APP_G_DOTNET && a->evapp_line && line >= a->evapp_line &&
	    line - a->evapp_line <= APP_EVAPP_WINDOW)
		set_comm(&in->ev, a->evapp, strlen(a->evapp));
	a->evapp_line = 0;
	if (pre->line && line - pre->line <= APP_WINDOW && pre->pid > 0)
		in->ev.pid = pre->pid;
	pre->line = 0;
	return in;
}

static void add_consumer(struct oom_event *ev, struct span name, int64_t pid, int64_t bytes)
{
	struct ev_consumer *c;

	if (ev->n_consumers >= EV_MAX_CONSUMERS)
		return;
	c = &ev->consumers[ev->n_consumers++];
	if (span_copy(c->name, sizeof(c->name), span_trim(name)))
		ev->cut |= EV_CUT_OTHER;
	c->pid = pid;
	c->bytes = bytes;
}

static void parse_consumers(struct app_asm *a, struct app_incident *in, struct span msg)
{
	const struct app_code *c = rule_code(&a->r->rules[a->r->n]);
	PCRE2_SIZE off = 0, *ov;
	pcre2_match_data *md = a->md;

	if (in->ev.n_consumers > 0 && in->cons_from_msg)
		return;
	in->ev.n_consumers = 0;
	if (!c || !c->re)
		return;
	while (off < msg.n && in->ev.n_consumers < EV_MAX_CONSUMERS) {
		struct span name, spid, sbytes;

		if (pcre2_match(c->re, (PCRE2_SPTR)msg.p, msg.n, off, 0, md, a->r->mctx) < 0)
			break;
		ov = pcre2_get_ovector_pointer(md);
		name = span_make(msg.p + ov[2], ov[3] - ov[2]);
		spid = span_make(msg.p + ov[4], ov[5] - ov[4]);
		sbytes = span_make(msg.p + ov[6], ov[7] - ov[6]);
		if (SPAN_STARTS(name, "and "))
			name = span_skip(name, 4);
		add_consumer(&in->ev, name, take_num(spid, NUM_ID), take_num(sbytes, NUM_SIZE));
		if (ov[1] <= off)
			break;
		off = ov[1];
	}
	if (in->ev.n_consumers)
		in->cons_from_msg = 1;
}

/* <Name>x</Name>, <ID>n</ID>, <CommitCharge>n</CommitCharge> of event 2004's XML. */
static void parse_xml_consumer(struct app_incident *in, struct span msg)
{
	static const char *const tags[] = { "<Name>", "<ID>", "<CommitCharge>" };
	struct oom_event *ev = &in->ev;
	int t;

	if (in->cons_from_msg)
		return;
	for (t = 0; t < 3; t++) {
		long at = span_find(msg, tags[t], strlen(tags[t]));
		struct span v;
		long end;

		if (at < 0)
			continue;
		v = span_skip(msg, (size_t)at + strlen(tags[t]));
		end = SPAN_FIND(v, "<");
		if (end < 0)
			continue;
		v.n = (size_t)end;
		if (t == 0) {
			if (ev->n_consumers >= EV_MAX_CONSUMERS) {
				in->xml_cur = -1;
				continue;
			}
			add_consumer(ev, v, EV_NONE, EV_NONE);
			in->xml_cur = ev->n_consumers - 1;
		} else if (in->xml_cur >= 0) {
			if (t == 1)
				ev->consumers[in->xml_cur].pid = take_num(v, NUM_ID);
			else
				ev->consumers[in->xml_cur].bytes = take_num(v, NUM_SIZE);
		}
	}
}

/*
 * The program name in a captured span: quotes, a login shell's '-' and the
 * directories of a path go (".exe" stays: the log spells it so); a log level or a word
 * like "error" is no program (an unknown prefix in front of the phrase is
 * never the process). Returns an empty span when nothing usable is left.
 */
static struct span prog_name(struct span c)
{
	static const char *const words[] = { "error", "err", "fatal", "warning", "warn", "info",
					     "debug", "notice", "crit", "critical", "alert", "emerg",
					     "panic", "severe", "exception", "caused", "message",
					     "msg", "stderr", "stdout", "log", "e", "w", "f", "i" };
	long k;
	size_t i;

	c = span_trim(c);
	while (c.n && (c.p[0] == '"' || c.p[0] == '\'' || c.p[0] == '`'))
		c = span_skip(c, 1);
	while (c.n && (c.p[c.n - 1] == '"' || c.p[c.n - 1] == '\'' || c.p[c.n - 1] == '`'))
		c.n--;
	for (k = (long)c.n - 1; k >= 0; k--)
		if (c.p[k] == '/' || c.p[k] == '\\') {
			c = span_skip(c, (size_t)k + 1);
			break;
		}
	if (c.n > 1 && c.p[0] == '-')
		c = span_skip(c, 1);
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i]), j;

		if (c.n != n)
			continue;
		for (j = 0; j < n && (c.p[j] | 0x20) == words[i][j]; j++)
			;
		if (j == n)
			return span_make(c.p, 0);
	}
	return c;
}

static void merge(struct app_asm *a, struct app_incident *in, const struct app_rule_def *d,
		  const struct app_fields *f, const char *source, int64_t line,
		  const struct line_meta *m, struct span msg)
{
	struct oom_event *ev = &in->ev;

	in->slots |= 1u << d->slot;
	in->last_line = line;
	if (kind_rank(d->kind) > in->rank && d->action != APP_A_ENRICH && d->action != APP_A_CTX) {
		in->rank = kind_rank(d->kind);
		ev->kind = d->kind;
	}
	if (d->prio > in->id_prio) {
		struct span det = span_trim(msg);

		in->id_prio = d->prio;
		in->id_line = line;
		line_meta_stamp(m, source, line, ev);
		ev->cut &= ~(unsigned)EV_CUT_DETAIL;
		event_set_str(ev, ev->detail, sizeof(ev->detail), det.p, det.n, EV_CUT_DETAIL);
		/* The runtime is the identifying line's: an allocator's words
		 * (tcmalloc) give way to the program's own that follow. */
		if (d->runtime)
			EVENT_SET(ev, runtime, d->runtime, strlen(d->runtime), EV_CUT_OTHER);
	}
	if (in->time_sec == INT64_MIN)
		in->time_sec = m->time_sec;
	if (f->pid != EV_NONE && f->pid > 0 && ev->pid == EV_NONE)
		ev->pid = f->pid;
	if (f->comm.n && !ev->comm[0]) {
		struct span c = prog_name(f->comm);

		if (c.n)
			set_comm(ev, c.p, c.n);
	}
	if (f->prog.n && !in->prog[0]) {
		struct span c = prog_name(f->prog);

		if (c.n)
			span_copy(in->prog, sizeof(in->prog), c);
	}
	if (f->uid != EV_NONE && ev->uid == EV_NONE)
		ev->uid = f->uid;
	if (f->adj != EV_NONE && ev->oom_score_adj == EV_NONE)
		ev->oom_score_adj = f->adj;
	if (f->tpid != EV_NONE && ev->trigger_pid == EV_NONE)
		ev->trigger_pid = f->tpid;
	if (f->tcomm.n && !ev->trigger_comm[0])
		EVENT_SET(ev, trigger_comm, f->tcomm.p, f->tcomm.n, EV_CUT_OTHER);
	if (f->bytes != EV_NONE && ev->requested_bytes == EV_NONE)
		ev->requested_bytes = f->bytes;
	if (f->errno_code != EV_NONE && ev->errno_code == EV_NONE)
		ev->errno_code = f->errno_code;
	if (d->comm && !in->strong)
		in->strong = d->comm;
	if (!in->weak)
		in->weak = app_runtime_comm(d->runtime);
	if (!ev->runtime[0] && d->runtime)
		EVENT_SET(ev, runtime, d->runtime, strlen(d->runtime), EV_CUT_OTHER);
	if (d->killer && !ev->killer[0])
		EVENT_SET(ev, killer, d->killer, strlen(d->killer), EV_CUT_OTHER);
	if (d->flags & APP_F_NOTAG)
		in->notag = 1;
	if (d->flags & APP_F_TAGSUB)
		in->tagsub = 1;
	/* A log level where a tag stands ("2024-...Z sbcl ERROR: Heap ...",
	 * a stamp, then a word read as the host and the level as the tag)
	 * names no program, as in prog_name. */
	if (m->tag.n && !in->tag_comm[0] && !m->is_kernel && m->fmt != PREFIX_LOGCAT &&
	    prog_name(m->tag).n) {
		span_copy(in->tag_comm, sizeof(in->tag_comm), m->tag);
		in->tag_pid = m->tag_pid;
	} else if (m->fmt == PREFIX_LOGCAT && !in->tag_comm[0] && in->tag_pid <= 0 && !event_is_kill(ev->kind)) {
		/* logcat's PID column (and Android Studio's package name): the
		 * logging process, which is the one that failed when a program
		 * reports its own failure (a runtime, an engine in the app); a
		 * kill is reported by another process (lmkd, ActivityManager)
		 * and names its victim */
		if (m->tag.n)
			span_copy(in->tag_comm, sizeof(in->tag_comm), m->tag);
		in->tag_pid = m->tag_pid;
	}
	if (f->unit.n && (!in->unit[0] || unit_relation(in->unit, f->unit) == REL_BELOW))
		span_copy(in->unit, sizeof(in->unit), f->unit);
	if (f->cgroup.n && !ev->task_memcg[0])
		event_set_memcg(ev, EV_TASK_MEMCG, f->cgroup.p, f->cgroup.n);
	if (d->flags & APP_F_CONSUMERS)
		parse_consumers(a, in, msg);
	if (d->flags & APP_F_XMLCONS)
		parse_xml_consumer(in, msg);
}

static int literal_in(const struct app_rule *ru, struct span msg)
{
	const struct app_rule_def *d = ru->def;
	size_t n = ru->literal_len;

	if (!n)
		return 1;
	if (d->flags & APP_F_CI)
		return span_find_ci(msg, d->literal, n) >= 0;
	return span_find(msg, d->literal, n) >= 0;
}

static int run_rule(struct app_asm *a, struct app_rule *ru, struct span msg)
{
	const struct app_code *c;

	if (!literal_in(ru, msg))
		return 0;
	c = rule_code(ru);
	if (!c || !c->re)
		return 0;
	return pcre2_match(c->re, (PCRE2_SPTR)msg.p, msg.n, 0, 0, a->md, a->r->mctx) >= 0;
}

/* 1 when the last match covers its line but for quote markers, bullets,
 * quotes and spaces before it and closing punctuation after it: the line
 * is the message and nothing else ("> The paging file is too small ..."). */
static int match_is_line(pcre2_match_data *md, struct span msg)
{
	const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	size_t i;

	if (ov[0] > msg.n || ov[1] > msg.n || ov[0] > ov[1])
		return 0;
	for (i = 0; i < ov[0]; i++)
		if (!msg.p[i] || !strchr(" \t>|*-\"'`", msg.p[i]))
			return 0;
	for (i = ov[1]; i < msg.n; i++)
		if (!msg.p[i] || !strchr(" \t.\"'`*", msg.p[i]))
			return 0;
	return 1;
}

/* The incident `in` just took its pid from a line printed after it: an
 * open incident of its group right before it (within ECHO_SPAN lines) with
 * no pid and the same message is the same line printed twice (a build
 * tool's echo of its child's stderr) and names the same process. A
 * different message, or one farther up, may be another process's. */
#define ECHO_SPAN 2
static void echo_pid(struct app_asm *a, const struct app_incident *in)
{
	int i;

	for (i = 0; i < APP_OPEN_MAX; i++) {
		struct app_incident *o = &a->inc[i];

		if (o == in || !o->used || o->cancelled || o->group != in->group || o->ev.pid != EV_NONE ||
		    o->id_line >= in->id_line || in->id_line - o->id_line > ECHO_SPAN ||
		    strcmp(o->ev.detail, in->ev.detail))
			continue;
		o->ev.pid = in->ev.pid;
	}
}

/*
 * The JVM's own fatal native allocation failure (a row with APP_F_VMDIES:
 * the hs_err banner and its lines) opened at most THROW_FOLD_SPAN lines
 * under the last line of an OutOfMemoryError throw is the same exhaustion
 * seen by the VM a moment later ("Internal error: java.lang.OutOfMemoryError:
 * unable to create new native thread", "#", "# There is insufficient ..."):
 * one incident, whose allocation failure outranks the throw. The throw is
 * dropped, its pid and name go to the failure when it has none. A heap
 * the next JVM cannot reserve at start-up is another process's failure.
 */
#define THROW_FOLD_SPAN 3
static void fold_throw(struct app_asm *a, const struct app_rule_def *d, struct app_incident *in)
{
	int i;

	if (!(d->flags & APP_F_VMDIES) || in->group != APP_G_JVM || !a->open_in_group[APP_G_JVMOOME])
		return;
	for (i = 0; i < APP_OPEN_MAX; i++) {
		struct app_incident *o = &a->inc[i];

		if (!o->used || o->cancelled || o->group != APP_G_JVMOOME || o->last_line >= in->first_line ||
		    in->first_line - o->last_line > THROW_FOLD_SPAN ||
		    (o->ev.pid != EV_NONE && in->ev.pid != EV_NONE && o->ev.pid != in->ev.pid))
			continue;
		if (in->ev.pid == EV_NONE)
			in->ev.pid = o->ev.pid;
		if (!in->ev.comm[0] && o->ev.comm[0])
			set_comm(&in->ev, o->ev.comm, strlen(o->ev.comm));
		o->cancelled = 1;
		release(a, o);
	}
}

static int apply(struct app_asm *a, const struct app_rule *ru, const char *source, int64_t line,
		 const struct line_meta *m, struct span msg)
{
	const struct app_rule_def *d = ru->def;
	struct app_incident *in;
	struct app_fields f;
	int i, cause;

	read_fields(ru, a->md, msg, &f);
	if (d->action == APP_A_SUPPRESS) {
		/* An explanation ending in ':', or a code's name or number alone
		 * on its line (a list of error codes: name, code, then the text
		 * on the next line), introduces the code's text as a quote. */
		if ((d->flags & APP_F_EXPLAINS) && msg.n && (msg.p[msg.n - 1] == ':' || match_is_line(a->md, msg)))
			a->explain_pending = 1;
		return APP_CONSUMED;
	}
	if ((d->flags & APP_F_DEFQUOTE) && a->after_explain && match_is_line(a->md, msg))
		return APP_CONSUMED;
	if (d->flags & APP_F_ENDS) {
		/* Another record has begun: the group's incidents are complete. */
		for (i = 0; a->open_in_group[d->group] && i < APP_OPEN_MAX; i++)
			if (a->inc[i].used && a->inc[i].group == (int)d->group)
				release(a, &a->inc[i]);
		return APP_NONE;
	}
	cause = d->group == APP_G_JVMOOME && SPAN_FIND(msg, "Caused by: ") >= 0;
	switch (d->action) {
	case APP_A_CANCEL:
		in = NULL;
		for (i = 0; i < APP_OPEN_MAX; i++)
			if (a->inc[i].used && a->inc[i].group == (int)d->group && !a->inc[i].cancelled &&
			    (!in || a->inc[i].last_line > in->last_line))
				in = &a->inc[i];
		if (in) {
			in->cancelled = 1;
			release(a, in);
		}
		return APP_CONSUMED;
	case APP_A_PRE:
		a->pre[d->group].line = line;
		a->pre[d->group].pid = f.pid;
		/* Printed after its incident's first line (stderr flushed
		 * first): it still names that incident's process. */
		in = find_open(a, d, &f, m, 1);
		if (in && in->ev.pid == EV_NONE && f.pid > 0) {
			in->ev.pid = f.pid;
			echo_pid(a, in);
		}
		return APP_CONSUMED;
	case APP_A_ENRICH:
	case APP_A_CTX:
		in = find_open(a, d, &f, m, cause);
		if (!in)
			return d->action == APP_A_CTX ? APP_NONE : APP_CONSUMED;
		break;
	case APP_A_ATTACH:
		in = find_open(a, d, &f, m, cause);
		if (in)
			break;
		if ((d->flags & APP_F_NEEDPRE) &&
		    !(a->pre[d->group].line && line - a->pre[d->group].line <= APP_WINDOW))
			return APP_NONE;
		in = open_new(a, d, source, line, m);
		break;
	default:
		in = open_new(a, d, source, line, m);
		break;
	}
	merge(a, in, d, &f, source, line, m, msg);
	if (in->first_line == line)
		fold_throw(a, d, in);
	if (d->group == APP_G_NONE)
		release(a, in);
	return APP_CONSUMED;
}

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == '+';
}

/* The last command of a ; or && list, before any pipe, outside quotes. */
static struct span last_command(struct span s)
{
	size_t i, start = 0;
	char q = 0;

	for (i = 0; i < s.n; i++) {
		char c = s.p[i];

		if (q) {
			if (c == q)
				q = 0;
			continue;
		}
		if (c == '\'' || c == '"') {
			q = c;
		} else if (c == ';') {
			start = i + 1;
		} else if (c == '&' && i + 1 < s.n && s.p[i + 1] == '&') {
			start = i + 2;
			i++;
		} else if (c == '|') {
			break;
		}
	}
	return span_make(s.p + start, i - start);
}

/*
 * The GCC compiler proper a command line runs: "cc1plus" for g++/c++ or a
 * C++ source, "cc1" for gcc/cc, "f951" for gfortran; NULL when the word is
 * no GCC driver. w is the command's basename, args the rest of its line.
 * Target prefixes and version suffixes are ignored
 * (x86_64-linux-gnu-g++-12).
 */
static const char *gcc_proper(struct span w, struct span args)
{
	static const char *const cxx_ext[] = { ".cpp", ".cc", ".cxx", ".C", ".c++", ".cp", ".CPP", ".ii" };
	long k;
	size_t i;

	if (SPAN_ENDS(w, ".exe"))
		w.n -= 4;
	/* version suffix: -12, -9.3 */
	for (k = (long)w.n - 1; k > 0 && ((w.p[k] >= '0' && w.p[k] <= '9') || w.p[k] == '.'); k--)
		;
	if (k > 0 && k < (long)w.n - 1 && w.p[k] == '-')
		w.n = (size_t)k;
	k = span_rfind(w, "-", 1);
	if (k >= 0)
		w = span_skip(w, (size_t)k + 1);
	if (SPAN_EQ(w, "g++") || SPAN_EQ(w, "c++"))
		return "cc1plus";
	if (SPAN_EQ(w, "gfortran"))
		return "f951";
	if (!SPAN_EQ(w, "gcc") && !SPAN_EQ(w, "cc"))
		return NULL;
	while (args.n) {
		struct span a;

		args = span_ltrim(args);
		for (i = 0; i < args.n && args.p[i] != ' ' && args.p[i] != '\t'; i++)
			;
		a = span_make(args.p, i);
		args = span_skip(args, i);
		for (i = 0; i < sizeof(cxx_ext) / sizeof(cxx_ext[0]); i++)
			if (span_ends(a, cxx_ext[i], strlen(cxx_ext[i])))
				return "cc1plus";
	}
	return "cc1";
}

/* The first word of s (its basename) and the rest after it. */
static struct span first_word(struct span s, struct span *rest)
{
	struct span w;
	size_t i;
	long k;

	s = span_ltrim(s);
	for (i = 0; i < s.n && s.p[i] != ' ' && s.p[i] != '\t'; i++)
		;
	w = span_make(s.p, i);
	*rest = span_skip(s, i);
	for (k = (long)w.n - 1; k >= 0; k--)
		if (w.p[k] == '/' || w.p[k] == '\\') {
			w = span_skip(w, (size_t)k + 1);
			break;
		}
	return w;
}

/*
 * A compile command echoed by make ("g++ -O2 -c big.cpp -o big.o"), or
 * automake's and CMake's short forms ("  CXX      x.lo", "Building CXX
 * object x.o"): remembers the compiler proper for GCC's messages after it.
 */
static void take_compile_echo(struct app_asm *a, struct span msg)
{
	struct span rest, w = first_word(msg, &rest);
	const char *cc = NULL;

	if (SPAN_EQ(w, "CXX") || SPAN_FIND(msg, "Building CXX object") >= 0)
		cc = "cc1plus";
	else if (SPAN_EQ(w, "CC") || SPAN_FIND(msg, "Building C object") >= 0)
		cc = "cc1";
	else if (SPAN_FIND(rest, " -c ") >= 0 || SPAN_FIND(rest, " -o ") >= 0)
		cc = gcc_proper(w, rest);
	if (cc)
		snprintf(a->cc, sizeof(a->cc), "%s", cc);
}

/*
 * The first field of a Windows event record's message as Event Viewer
 * shows it for the .NET Runtime (event 1026) and for Application Error:
 * "Application: X.exe" alone on its line. Remembers X.exe and the line,
 * which name the process of a .NET exception reported right below;
 * anything else on the line (prose, "Application: foo failed") does not.
 */
static void take_event_app(struct app_asm *a, int64_t line, struct span msg)
{
	struct span v;
	size_t i;

	msg = span_trim(msg);
	if (!SPAN_STARTS(msg, "Application: "))
		return;
	v = span_trim(span_skip(msg, strlen("Application: ")));
	if (v.n < 5 || v.n >= sizeof(a->evapp) || strncasecmp(v.p + v.n - 4, ".exe", 4) != 0)
		return;
	for (i = 0; i < v.n; i++)
		if (v.p[i] == ' ' || v.p[i] == '\t' || v.p[i] == ':' || v.p[i] == '/' || v.p[i] == '\\')
			return;
	span_copy(a->evapp, sizeof(a->evapp), v);
	a->evapp_line = line;
}

/*
 * A shell prompt line of a console transcript ("$ cmd", "PS C:\x> cmd",
 * "C:\x>cmd", "user@host:~$ cmd"): remembers the program the command runs,
 * which names the process of what follows when nothing else does. zsh's
 * "% cmd" is not read: "% " is too common a byte pair for the scanner's
 * prefilter, and a prompt must name the same process with or without it.
 * Returns 1 if the line was a prompt.
 */
static int take_prompt(struct app_asm *a, struct span msg)
{
	static const char *const skip[] = { "sudo", "env", "time", "nohup", "exec", "nice", "command",
					    "ionice", "taskset", "stdbuf", "setsid", "chrt", "runuser",
					    "timeout", "doas", "numactl", "cgexec", "systemd-run", "unshare",
					    "prlimit", "strace", "ltrace", "valgrind", "perf", "gdb" };
	/* Short options of those wrappers that take the next word as value. */
	static const char valued[] = "ugnpkscCTgDo";
	static const char *const tools[] = { "cat", "less", "more", "tail", "head", "grep", "egrep",
					     "zcat", "zgrep", "journalctl", "dmesg", "docker", "kubectl",
					     "sed", "awk", "echo", "type", "Get-Content", "Get-WinEvent",
					     "cd", "ls", "free", "ps", "top", "kill", "cut", "sort",
					     "uniq", "wc", "tee", "ssh", "scp", "podman", "crictl" };
	struct span s = msg, w;
	long k;
	size_t i;
	int again;

	if (SPAN_TAKE(&s, "$ ")) {
		;
	} else if (msg.n > 3 && ((msg.p[0] >= 'A' && msg.p[0] <= 'Z') && msg.p[1] == ':' && msg.p[2] == '\\')) {
		k = SPAN_FIND(msg, ">");
		if (k < 0)
			return 0;
		s = span_skip(msg, (size_t)k + 1);
	} else if (SPAN_STARTS(msg, "PS ") && msg.n > 5 && msg.p[4] == ':') {
		k = SPAN_FIND(msg, "> ");
		if (k < 0)
			return 0;
		s = span_skip(msg, (size_t)k + 2);
	} else {
		/* user@host:path$ cmd */
		for (i = 0; i < msg.n && i < 64 && word_char(msg.p[i]); i++)
			;
		if (i == 0 || i >= msg.n || msg.p[i] != '@')
			return 0;
		k = SPAN_FIND(msg, "$ ");
		if (k < 0 || k > 200 || !memchr(msg.p, ':', (size_t)k))
			return 0;
		s = span_skip(msg, (size_t)k + 2);
	}
	a->shell[0] = '\0';
	a->cc[0] = '\0';
	s = last_command(s);
	int wrapped = 0, take_value = 0;

	do {
		s = span_ltrim(s);
		for (i = 0; i < s.n && s.p[i] != ' ' && s.p[i] != '\t'; i++)
			;
		w = span_make(s.p, i);
		again = memchr(w.p, '=', w.n) != NULL && w.n && w.p[0] != '=';
		for (k = 0; !again && k < (long)(sizeof(skip) / sizeof(skip[0])); k++)
			if (span_eq(w, skip[k], strlen(skip[k])))
				again = wrapped = 1;
		/* After a wrapper: its options ("sudo -u app", "nice -n 5"),
		 * and a bare duration or number ("timeout 60", "taskset 0x3"). */
		if (!again && wrapped && w.n) {
			if (take_value) {
				again = 1;
				take_value = 0;
			} else if (w.p[0] == '-') {
				again = 1;
				take_value = w.n == 2 && memchr(valued, w.p[1], sizeof(valued) - 1) != NULL;
			} else if (w.p[0] >= '0' && w.p[0] <= '9') {
				again = 1;
			}
		}
		if (again)
			s = span_skip(s, i);
	} while (again && s.n);
	/* basename, unquoted */
	while (w.n && (w.p[0] == '"' || w.p[0] == '\''))
		w = span_skip(w, 1);
	while (w.n && (w.p[w.n - 1] == '"' || w.p[w.n - 1] == '\''))
		w.n--;
	for (k = (long)w.n - 1; k >= 0; k--)
		if (w.p[k] == '/' || w.p[k] == '\\') {
			w = span_skip(w, (size_t)k + 1);
			break;
		}
	if (!w.n || w.n >= sizeof(a->shell))
		return 1;
	for (i = 0; i < w.n; i++)
		if (!word_char(w.p[i]))
			return 1;
	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (span_eq(w, tools[i], strlen(tools[i])))
			return 1;
	{
		struct span rest, w0 = first_word(s, &rest), sub = first_word(rest, &rest);
		const char *cc = gcc_proper(w0, rest);

		if (cc)
			snprintf(a->cc, sizeof(a->cc), "%s", cc);
		/* "go run" and "go test" build and run another program: the
		 * crash's own lines name it, not the go command. */
		if (SPAN_EQ(w, "go") && (SPAN_EQ(sub, "run") || SPAN_EQ(sub, "test")))
			return 1;
	}
	span_copy(a->shell, sizeof(a->shell), w);
	return 1;
}

/*
 * A kernel line: only rows flagged APP_F_KERNEL may read it: killers
 * inside the kernel, and phrases no kernel prints (PHP's) that a prefix
 * parser took for kernel text because of a bracketed date in front.
 */
static int push_kernel(struct app_asm *a, const char *source, int64_t line,
		       const struct line_meta *m, struct span msg, unsigned hint)
{
	const struct app_rules *r = a->r;
	int k;

	/* Most kernel lines reach here: the caller's test, or one prefilter
	 * pass over the line, settles those that hold none of these few
	 * rows' literals. */
	if (hint & APP_HINT_NO_KERNEL_LITERAL)
		return APP_NONE;
	if (r->kern_pf && !prefilter_any(r->kern_pf, msg))
		return APP_NONE;
	for (k = 0; k < r->n_kern; k++) {
		struct app_rule *ru = &r->rules[r->kern_rows[k]];

		if (ru->def->action == APP_A_CTX && !a->open_in_group[ru->def->group])
			continue;
		if (!run_rule(a, ru, msg))
			continue;
		if (apply(a, ru, source, line, m, msg) == APP_CONSUMED || ru->def->action != APP_A_CTX)
			return APP_CONSUMED;
	}
	return APP_NONE;
}

int app_asm_push(struct app_asm *a, const char *source, int64_t line, const struct line_meta *m)
{
	return app_asm_push_hint(a, source, line, m, 0);
}

/* app_asm_push_hint past its first test. Kept out of it (GCC, clang), so
 * that the common line does not pay for this frame. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int push_msg(struct app_asm *a, const char *source, int64_t line, const struct line_meta *m,
		    unsigned hint)
{
	const struct app_rules *r;
	struct span msg;
	struct line_bigrams bg;
	int i, ctx = 0, pre_seen = 0;

	r = a->r;
	for (i = 0; i < APP_OPEN_MAX && a->n_open; i++)
		if (a->inc[i].used && line - a->inc[i].last_line > APP_WINDOW)
			release(a, &a->inc[i]);
	msg = span_rtrim(m->msg);
	if (!msg.n) {
		a->explain_pending = 0;
		return APP_NONE;
	}
	if (m->is_kernel)
		return push_kernel(a, source, line, m, msg, hint);
	/* An explanation's quote is the program line right after it; a
	 * kernel line between (another source interleaved) does not count. */
	a->after_explain = a->explain_pending;
	a->explain_pending = 0;
	if (m->tag.n == 0 && take_prompt(a, msg)) {
		/* A new command: what the last one printed is complete. */
		app_asm_flush(a, 0);
		return APP_NONE;
	}
	if (m->tag.n == 0)
		take_compile_echo(a, msg);
	take_event_app(a, line, msg);
	for (i = 0; i < APP_G_COUNT && a->n_open; i++)
		if (r->has_ctx[i] && a->open_in_group[i])
			ctx = 1;
	if (ctx) {
		for (i = 0; i < r->n; i++) {
			struct app_rule *ru = &r->rules[i];

			if (ru->def->action != APP_A_CTX || !a->open_in_group[ru->def->group])
				continue;
			if (run_rule(a, ru, msg) && apply(a, ru, source, line, m, msg) == APP_CONSUMED)
				return APP_CONSUMED;
		}
	}
	if (!app_rules_may_match(r, msg))
		return APP_NONE;
	line_bigrams_fill(&bg, msg);
	for (i = 0; i < r->n; i++) {
		struct app_rule *ru = &r->rules[i];

		if (ru->def->action == APP_A_CTX || !line_bigrams_may(&bg, ru))
			continue;
		/* A row that only adds fields has nothing to add to. */
		if (ru->def->action == APP_A_ENRICH && !a->open_in_group[ru->def->group] &&
		    !((ru->def->flags & APP_F_OOMD) && a->open_in_group[APP_G_OOMD]))
			continue;
		if (!run_rule(a, ru, msg))
			continue;
		/* A row that only remembers context (a provider name, a GC
		 * trace) leaves the rest of its line to the other rows: an
		 * Event Viewer table prints provider, event id and message on
		 * one line. */
		if (ru->def->action != APP_A_PRE)
			return apply(a, ru, source, line, m, msg);
		apply(a, ru, source, line, m, msg);
		pre_seen = 1;
	}
	return pre_seen ? APP_CONSUMED : APP_NONE;
}

int app_asm_push_hint(struct app_asm *a, const char *source, int64_t line, const struct line_meta *m,
		      unsigned hint)
{
	if (!a || !m)
		return APP_NONE;
	/* The common line: a kernel line the caller settled, with no
	 * incident open to release. */
	if (m->is_kernel && (hint & APP_HINT_NO_KERNEL_LITERAL) && !a->n_open)
		return APP_NONE;
	return push_msg(a, source, line, m, hint);
}

/* 1 when ru matches msg (run_rule) from before from to after to. */
static int run_across(struct app_asm *a, struct app_rule *ru, struct span msg, size_t from, size_t to,
		      int *matched)
{
	const PCRE2_SIZE *ov;

	*matched = run_rule(a, ru, msg);
	if (!*matched)
		return 0;
	ov = pcre2_get_ovector_pointer(a->md);
	return ov[0] < from && ov[1] > to && ov[1] <= msg.n;
}

/* The rows in push_kernel's and push_msg's order, matched and not applied. */
int app_asm_reads_across(struct app_asm *a, struct span msg, int kernel, size_t from, size_t to)
{
	const struct app_rules *r;
	int i, k, matched;

	if (!a || from > to || to > msg.n)
		return 0;
	r = a->r;
	if (kernel) {
		if (r->kern_pf && !prefilter_any(r->kern_pf, msg))
			return 0;
		for (k = 0; k < r->n_kern; k++) {
			struct app_rule *ru = &r->rules[r->kern_rows[k]];

			if (ru->def->action == APP_A_CTX && !a->open_in_group[ru->def->group])
				continue;
			if (run_across(a, ru, msg, from, to, &matched))
				return 1;
			if (matched && ru->def->action != APP_A_CTX)
				return 0;
		}
		return 0;
	}
	for (i = 0; i < r->n && a->n_open; i++) {
		struct app_rule *ru = &r->rules[i];

		if (ru->def->action != APP_A_CTX || !a->open_in_group[ru->def->group])
			continue;
		if (run_across(a, ru, msg, from, to, &matched))
			return 1;
	}
	if (!app_rules_may_match(r, msg))
		return 0;
	for (i = 0; i < r->n; i++) {
		struct app_rule *ru = &r->rules[i];

		if (ru->def->action == APP_A_CTX)
			continue;
		if (ru->def->action == APP_A_ENRICH && !a->open_in_group[ru->def->group] &&
		    !((ru->def->flags & APP_F_OOMD) && a->open_in_group[APP_G_OOMD]))
			continue;
		if (run_across(a, ru, msg, from, to, &matched))
			return 1;
		if (matched && ru->def->action != APP_A_PRE)
			return 0;
	}
	return 0;
}

int app_asm_pending(const struct app_asm *a)
{
	return a && evq_len(&a->ready);
}

const int *app_asm_pending_word(const struct app_asm *a)
{
	return &a->ready.n;
}

int app_asm_idle(const struct app_asm *a)
{
	return !a || !a->n_open;
}

int app_asm_pop(struct app_asm *a, struct oom_event *out)
{
	int64_t gate = INT64_MAX;
	int i;

	if (!a || !evq_len(&a->ready))
		return 0;
	/* Keep input order: an open incident may still become an earlier event. */
	for (i = 0; i < APP_OPEN_MAX; i++)
		if (a->inc[i].used && !a->inc[i].cancelled && a->inc[i].first_line < gate)
			gate = a->inc[i].first_line;
	if (evq_peek_line(&a->ready) >= gate && evq_len(&a->ready) < APP_READY_MAX / 2)
		return 0;
	return evq_pop(&a->ready, out);
}

void app_asm_flush(struct app_asm *a, int final)
{
	int i;

	if (!a)
		return;
	/* n_open first: each incident is pages long, and a look at one never
	 * used is a page fault */
	for (i = 0; a->n_open && i < APP_OPEN_MAX; i++)
		if (a->inc[i].used)
			release(a, &a->inc[i]);
	if (final) {
		memset(a->pre, 0, sizeof(a->pre));
		a->shell[0] = '\0';
		a->cc[0] = '\0';
		a->evapp_line = 0;
	}
}
