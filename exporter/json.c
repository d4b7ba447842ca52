/*
 * json.c - events and notes as JSON objects, field names per
 * ../shared/spec/events.md. Absent fields are left out.
 *
 * Trusts that events come from event_init (NUL-terminated strings in
 * arrays it zeroed, which the text writer reads whole, past each NUL; a NUL
 * of the input stored as C0 80); string bytes may be anything: control
 * characters are escaped, and what is not UTF-8 becomes U+FFFD and a stored
 * NUL \u0000 in the same pass (jb_text). Thread-safe: no shared state.
 */
#include "json.h"

#include <assert.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../store/metrics.h"
#include "../store/store.h"
#include "../core/diagnosis.h"
#include "../core/invariant.h"
#include "../core/prefault.h"
#include "../core/text.h"

/* --- one field list, two writers ---------------------------------------
 *
 * walk_event names every field of an event once. Its struct jout either
 * appends JSON text to a json_buf (the batch output: no tree, no malloc per
 * event) or builds a cJSON tree (json_event, for the API's documents); both
 * give the same bytes once printed (a unit test compares them on random
 * events).
 */

#define JOUT_DEPTH 4 /* event, diagnosis or top_consumers, one consumer */

/* The writers of one field, inlined where walk_event names the field: the
 * key's literal and length become constants and no call is paid per field
 * (an event has about fifty). */
#define JO_INLINE static inline __attribute__((always_inline))

struct jout {
	struct json_buf *b;         /* text mode when set */
	cJSON *node[JOUT_DEPTH];    /* tree mode: the open objects and arrays */
	/* text mode: where each open object or array begins, its bracket not
	 * yet written (jo_close puts it over its first member's comma) */
	size_t open_at[JOUT_DEPTH];
	int depth;
	int err;
	/* text mode: a string of the event needed escaping or fixing, or was
	 * not looked at (then the diagnosis's texts are looked at) */
	int strings_not_plain;
	/* text mode: what is left of JO_ROOM to the bounded writes, counted
	 * by their reservations */
	ptrdiff_t room;
};

static char *jb_grow(struct json_buf *b, size_t n);
JO_INLINE void jb_put(struct json_buf *b, const char *s, size_t n);
/* How jb_text writes: a quoted, escaped JSON string, the UTF-8 fix. */
enum { JB_QUOTE = 1, JB_FIX = 2 };
static void jb_text(struct json_buf *b, const char *s, unsigned how, size_t keep);
JO_INLINE size_t field_plain(char *w, const char *s, size_t cap);
static inline int plain_all(const unsigned char *p, size_t n);
JO_INLINE size_t put_i64(char *w, int64_t v);
static void jb_double(struct json_buf *b, double d);
static void jb_uptime(struct json_buf *b, int64_t usec);

/* Room for n more bytes: where they go, or NULL (b->err set) when the
 * buffer cannot grow. The caller sets b->n past what it wrote. */
JO_INLINE char *jb_reserve(struct json_buf *b, size_t n)
{
	if (!b->err && b->cap - b->n > n)
		return b->p + b->n;
	return jb_grow(b, n);
}

/* Copies n bytes (at most 32) from s to w with moves of fixed size, which
 * the compiler writes inline: two overlapping ones cover any length. */
JO_INLINE void copy_short(char *w, const char *s, size_t n)
{
	if (n >= 16) {
		memcpy(w, s, 16);
		memcpy(w + n - 16, s + n - 16, 16);
	} else if (n >= 8) {
		memcpy(w, s, 8);
		memcpy(w + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(w, s, 4);
		memcpy(w + n - 4, s + n - 4, 4);
	} else if (n) {
		w[0] = s[0];
		w[n / 2] = s[n / 2];
		w[n - 1] = s[n - 1];
	}
}

/*
 * Keys are written as one literal with their separator and quotes,
 * ,"name": (JK below gives it and the name's length), so the text writer
 * copies it whole, without the comma when it opens its object; the tree
 * writer takes the name from between the quotes.
 */
#define JK(name) ",\"" name "\":", (sizeof(name) - 1)
#define JK_MAX 28 /* a name and its NUL: its literal fits copy_short */

/*
 * The room the text writer keeps for the writes of an event whose size is
 * bounded: every key, number and bool, each field field_plain copies whole
 * (at most its array), a diagnosis text (at most its array), the braces.
 * json_event_append reserves it before the event and each write of
 * unbounded size (jb_text) reserves it again past its own bytes, so a
 * bounded write never looks for room; jo_key counts what they reserve.
 */
#define JO_KEYS_MAX (64 + 4 * EV_MAX_CONSUMERS)
#define JO_ROOM (sizeof(struct oom_event) + sizeof(struct diagnosis) + JO_KEYS_MAX * (JK_MAX + 4 + 32))

/*
 * Text mode: the comma and "key": (an array element: the comma), with room
 * for more (at most a field's array) bytes of its value, which JO_ROOM
 * holds. Every member is written with its comma, a literal of constant
 * length; the first one's becomes its object's brace (jo_close). Returns
 * where the value goes (b->n is past the key).
 */
JO_INLINE char *jo_key(struct jout *o, const char *dk, size_t kn, size_t more)
{
	struct json_buf *b = o->b;
	size_t len = dk ? kn + 4 : 1;
	char *w = b->p + b->n;

	assert(!dk || kn < JK_MAX);
	assert(b->p && b->cap - b->n > JK_MAX + 4 + more);
	o->room -= (ptrdiff_t)(JK_MAX + 4 + more);
	assert(o->room >= 0);
	if (dk)
		copy_short(w, dk, len);
	else
		*w = ',';
	b->n += len;
	return w + len;
}

/* Tree mode: the bare name of a key literal, NUL-terminated, in buf. */
static const char *jo_name(char *buf, const char *dk, size_t kn)
{
	assert(kn < JK_MAX);
	memcpy(buf, dk + 2, kn);
	buf[kn] = '\0';
	return buf;
}

static void jo_tree(struct jout *o, int ok)
{
	if (!ok)
		o->err = 1;
}

JO_INLINE void jo_str(struct jout *o, const char *dk, size_t kn, const char *v)
{
	char k[JK_MAX];

	if (!v || !v[0])
		return;
	if (o->b) {
		jo_key(o, dk, kn, 0);
		jb_text(o->b, v, JB_QUOTE | JB_FIX, JO_ROOM);
		o->room = JO_ROOM;
		return;
	}
	jo_tree(o, cJSON_AddStringToObject(o->node[o->depth], jo_name(k, dk, kn), v) != NULL);
}

/*
 * A string held in a char array of cap bytes (an event's or diagnosis's
 * field, zeroed before it was written): as jo_str, but the text writer may
 * read the whole array, past the string's NUL. JF(field) gives both.
 */
#define JF(field) (field), sizeof(field)

JO_INLINE void jo_field(struct jout *o, const char *dk, size_t kn, const char *v, size_t cap)
{
	char *w;
	size_t n;

	if (!v[0])
		return;
	if (o->b) {
		/* The key, and room for the string when it needs nothing. */
		w = jo_key(o, dk, kn, cap + 2);
		n = field_plain(w, v, cap);
		if (n) {
			o->b->n += n;
		} else {
			jb_text(o->b, v, JB_QUOTE | JB_FIX, JO_ROOM);
			o->room = JO_ROOM;
			o->strings_not_plain = 1;
		}
		return;
	}
	jo_str(o, dk, kn, v);
}

/* A string of n bytes (its strlen), known to need nothing when plain is
 * set: the text writer copies it whole behind the key, after a look at its
 * bytes only when plain is 0. */
JO_INLINE void jo_text(struct jout *o, const char *dk, size_t kn, const char *v, size_t n, int plain)
{
	char *w;

	if (!n)
		return;
	if (o->b && (plain || plain_all((const unsigned char *)v, n))) {
		w = jo_key(o, dk, kn, n + 2);
		w[0] = '"';
		memcpy(w + 1, v, n);
		w[n + 1] = '"';
		o->b->n += n + 2;
		return;
	}
	jo_str(o, dk, kn, v);
}

/* A name of the contract's ("oom_kill", "memcg_limit"): lower-case ASCII
 * and underscores, plain. */
JO_INLINE void jo_ident(struct jout *o, const char *dk, size_t kn, const char *v)
{
	jo_text(o, dk, kn, v, strlen(v), 1);
}

/* An integer, or nothing for EV_NONE. A double holds integers exactly only
 * up to 2^53: larger ones (a saturated size) are written digit for digit,
 * the rest as the number cJSON prints. */
static int tree_int(cJSON *parent, const char *k, int64_t v)
{
	const int64_t exact = INT64_C(1) << 53;
	char raw[24];

	if (v > exact || v < -exact) {
		snprintf(raw, sizeof(raw), "%" PRId64, v);
		return cJSON_AddRawToObject(parent, k, raw) != NULL;
	}
	return cJSON_AddNumberToObject(parent, k, (double)v) != NULL;
}

JO_INLINE void jo_int(struct jout *o, const char *dk, size_t kn, int64_t v)
{
	const int64_t exact = INT64_C(1) << 53;
	char k[JK_MAX], *w;

	if (v == EV_NONE)
		return;
	if (o->b) {
		/* The key and the digits (at most 20 and a sign) at once. */
		w = jo_key(o, dk, kn, 24);
		/* Below 1e15 jb_double writes the integer's digits too. */
		if ((v < INT64_C(1000000000000000) && v > -INT64_C(1000000000000000)) || v > exact || v < -exact)
			o->b->n += put_i64(w, v);
		else
			jb_double(o->b, (double)v);
		return;
	}
	jo_tree(o, tree_int(o->node[o->depth], jo_name(k, dk, kn), v));
}

JO_INLINE void jo_bool(struct jout *o, const char *dk, size_t kn, int v)
{
	char k[JK_MAX], *w;

	if (o->b) {
		w = jo_key(o, dk, kn, 5);
		memcpy(w, v ? "true" : "false", 5); /* "true" and its NUL, or "false" */
		o->b->n += v ? 4 : 5;
		return;
	}
	jo_tree(o, cJSON_AddBoolToObject(o->node[o->depth], jo_name(k, dk, kn), v) != NULL);
}

/* Seconds since boot from microseconds, as the number usec / 1e6. */
JO_INLINE void jo_uptime(struct jout *o, const char *dk, size_t kn, int64_t usec)
{
	char k[JK_MAX];

	if (o->b) {
		jo_key(o, dk, kn, 0);
		jb_uptime(o->b, usec);
		return;
	}
	jo_tree(o, cJSON_AddNumberToObject(o->node[o->depth], jo_name(k, dk, kn), (double)usec / 1e6) != NULL);
}

/* Opens an object (array 0) or array (1) under key dk, or as an element of
 * the open array when dk is NULL. */
static void jo_open(struct jout *o, const char *dk, size_t kn, int array)
{
	cJSON *parent = o->node[o->depth], *c = NULL;
	char kb[JK_MAX];

	if (o->depth + 1 >= JOUT_DEPTH) {
		assert(!"jout nested too deep");
		o->err = 1;
		return;
	}
	if (o->b) {
		jo_key(o, dk, kn, 1);
	} else if (dk) {
		c = array ? cJSON_AddArrayToObject(parent, jo_name(kb, dk, kn))
			  : cJSON_AddObjectToObject(parent, jo_name(kb, dk, kn));
	} else if ((c = cJSON_CreateObject()) && !cJSON_AddItemToArray(parent, c)) {
		cJSON_Delete(c);
		c = NULL;
	}
	if (!o->b && !c) {
		o->err = 1;
		return;
	}
	o->depth++;
	o->node[o->depth] = c;
	if (o->b)
		o->open_at[o->depth] = o->b->n;
}

/* Text mode: the open bracket over the comma of the first member (each
 * member's comma is its first byte), or both brackets when there is none;
 * then the closing one. */
static void jo_close_text(struct json_buf *b, size_t at, int array)
{
	if (b->err)
		return;
	if (b->n == at) {
		jb_put(b, array ? "[]" : "{}", 2);
		return;
	}
	assert(b->p[at] == ',');
	b->p[at] = array ? '[' : '{';
	jb_put(b, array ? "]" : "}", 1);
}

static void jo_close(struct jout *o, int array)
{
	if (o->err)
		return;
	if (o->b)
		jo_close_text(o->b, o->open_at[o->depth], array);
	o->depth--;
}

/* The event's diagnosis (../shared/spec/events.md): cause, summary,
 * evidence, remedy; always present, "unknown" when nothing settles it. */
static void walk_diagnosis(struct jout *o, const struct oom_event *ev, const struct diagnosis *given)
{
	struct diagnosis own;
	const struct diagnosis *d = given;
	/* The texts are literals, numbers and pieces of the event's strings
	 * named in diagnosis.h, all written above: plain when those were. */
	int plain = !o->strings_not_plain;

	if (!d) {
		diagnose(ev, &own);
		d = &own;
	}
	jo_open(o, JK("diagnosis"), 0);
	if (o->err)
		return;
	jo_ident(o, JK("cause"), diag_cause_name(d->cause));
	jo_text(o, JK("summary"), d->summary, d->len[DIAG_SUMMARY], plain);
	jo_text(o, JK("evidence"), d->evidence, d->len[DIAG_EVIDENCE], plain);
	jo_text(o, JK("remedy"), d->remedy, d->len[DIAG_REMEDY], plain);
	jo_close(o, 0);
}

static void walk_consumers(struct jout *o, const struct oom_event *ev)
{
	int i;

	if (ev->n_consumers <= 0)
		return;
	jo_open(o, JK("top_consumers"), 1);
	for (i = 0; !o->err && i < ev->n_consumers && i < EV_MAX_CONSUMERS; i++) {
		jo_open(o, NULL, 0, 0);
		if (o->err)
			return;
		jo_field(o, JK("comm"), JF(ev->consumers[i].name));
		jo_int(o, JK("pid"), ev->consumers[i].pid);
		jo_int(o, JK("bytes"), ev->consumers[i].bytes);
		jo_close(o, 0);
	}
	jo_close(o, 1);
}

/* Every field of the event in the contract's order; absent ones left out.
 * The caller has opened the event's object. */
static void walk_event(struct jout *o, const struct oom_event *ev, const struct diagnosis *d)
{
	char ts[48] = { 0 }; /* zeroed: jo_field reads it whole */

	jo_ident(o, JK("kind"), event_kind_name(ev->kind));
	jo_str(o, JK("source"), ev->source);
	jo_int(o, JK("line"), ev->line);
	jo_field(o, JK("host"), JF(ev->host));
	if (event_format_time(ev, ts, sizeof(ts)) == 0) {
		jo_field(o, JK("time"), JF(ts));
		if (ev->time_year_assumed)
			jo_bool(o, JK("time_year_assumed"), 1);
	}
	if (ev->uptime_usec != EV_NONE)
		jo_uptime(o, JK("uptime"), ev->uptime_usec);
	jo_int(o, JK("pid"), ev->pid);
	jo_field(o, JK("comm"), JF(ev->comm));
	jo_int(o, JK("uid"), ev->uid);
	jo_int(o, JK("trigger_pid"), ev->trigger_pid);
	jo_field(o, JK("trigger_comm"), JF(ev->trigger_comm));
	jo_field(o, JK("gfp_mask"), JF(ev->gfp_mask));
	jo_int(o, JK("order"), ev->order);
	jo_field(o, JK("constraint"), JF(ev->constraint));
	if (ev->oom_memcg_long) {
		jo_str(o, JK("oom_memcg"), ev->oom_memcg_long);
		o->strings_not_plain = 1;
	} else {
		jo_field(o, JK("oom_memcg"), JF(ev->oom_memcg));
	}
	if (ev->task_memcg_long) {
		jo_str(o, JK("task_memcg"), ev->task_memcg_long);
		o->strings_not_plain = 1;
	} else {
		jo_field(o, JK("task_memcg"), JF(ev->task_memcg));
	}
	jo_field(o, JK("container_id"), JF(ev->container_id));
	jo_field(o, JK("pod_uid"), JF(ev->pod_uid));
	jo_field(o, JK("pod_qos"), JF(ev->pod_qos));
	jo_field(o, JK("systemd_unit"), JF(ev->systemd_unit));
	jo_field(o, JK("namespace"), JF(ev->k8s_namespace));
	jo_field(o, JK("pod"), JF(ev->k8s_pod));
	jo_field(o, JK("container"), JF(ev->k8s_container));
	jo_int(o, JK("total_vm_kb"), ev->total_vm_kb);
	jo_int(o, JK("anon_rss_kb"), ev->anon_rss_kb);
	jo_int(o, JK("file_rss_kb"), ev->file_rss_kb);
	jo_int(o, JK("shmem_rss_kb"), ev->shmem_rss_kb);
	jo_int(o, JK("pgtables_kb"), ev->pgtables_kb);
	jo_int(o, JK("oom_score_adj"), ev->oom_score_adj);
	jo_int(o, JK("score"), ev->score);
	if (event_is_kill(ev->kind) && memcmp(ev->killer, "kernel", 7) == 0) /* the NUL too */
		jo_bool(o, JK("reaped"), ev->reaped);
	jo_int(o, JK("swap_total_kb"), ev->swap_total_kb);
	jo_int(o, JK("swap_free_kb"), ev->swap_free_kb);
	jo_int(o, JK("memcg_usage_kb"), ev->memcg_usage_kb);
	jo_int(o, JK("memcg_limit_kb"), ev->memcg_limit_kb);
	jo_field(o, JK("killer"), JF(ev->killer));
	jo_int(o, JK("requested_bytes"), ev->requested_bytes);
	jo_int(o, JK("errno"), ev->errno_code);
	jo_field(o, JK("runtime"), JF(ev->runtime));
	jo_field(o, JK("detail"), JF(ev->detail));
	walk_consumers(o, ev);
	if (ev->cut)
		jo_bool(o, JK("truncated"), 1);
	walk_diagnosis(o, ev, d);
}

cJSON *json_event(const struct oom_event *ev)
{
	struct jout o = { 0 };

	o.node[0] = cJSON_CreateObject();
	if (!o.node[0])
		return NULL;
	walk_event(&o, ev, NULL);
	if (o.err) {
		cJSON_Delete(o.node[0]);
		return NULL;
	}
	return o.node[0];
}

int json_event_append(struct json_buf *b, const struct oom_event *ev, const struct diagnosis *d)
{
	struct jout o = { 0 };
	size_t start = b->n;

	/* The room of the event's bounded writes (JO_ROOM), its brace too. */
	if (!jb_reserve(b, JO_ROOM + 2))
		return -1;
	o.b = b;
	o.open_at[0] = b->n;
	o.room = JO_ROOM;
	walk_event(&o, ev, d);
	jo_close_text(b, o.open_at[0], 0);
	/* JO_ROOM held every bounded write: the event with every field at its
	 * longest (a unit test writes it) checks the constant. */
	OOMSCAN_ASSERT(o.room >= 0);
	if (o.err || b->err) {
		b->n = start; /* what bounded writes put after a failure */
		return -1;
	}
	return 0;
}

int json_buf_put(struct json_buf *b, const char *s, size_t n)
{
	jb_put(b, s, n);
	return b->err ? -1 : 0;
}

void json_buf_free(struct json_buf *b)
{
	if (!b)
		return;
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
	b->err = 0;
}

static int add_int(cJSON *o, const char *k, int64_t v)
{
	if (v == EV_NONE)
		return 0;
	return tree_int(o, k, v) ? 0 : -1;
}

static int add_str(cJSON *o, const char *k, const char *v)
{
	if (!v || !v[0])
		return 0;
	return cJSON_AddStringToObject(o, k, v) ? 0 : -1;
}

cJSON *json_note(const struct oom_note *note)
{
	cJSON *o = cJSON_CreateObject();
	int err = 0;

	if (!o)
		return NULL;
	err |= add_str(o, "type", note->type == NOTE_INCOMPLETE ? "incomplete" : "unrecognised");
	err |= add_str(o, "source", note->source);
	err |= add_int(o, "line", note->line);
	err |= add_str(o, "host", note->host);
	err |= add_str(o, "reason", note->reason);
	err |= add_str(o, "text", note->text);
	if (err) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* --- the compact printer ---------------------------------------------------
 *
 * The same bytes as cJSON_PrintUnformatted (a unit test compares them on
 * random trees), without its cost per number: cJSON prints every number that
 * is not an int with "%1.15g" and reads it back with sscanf, which was a
 * quarter of a dense log's analysis in --format json. An integral value
 * below 1e15 prints the same digits either way, so it is written directly;
 * other values take cJSON's own route.
 */

#define JSON_MAX_DEPTH 64 /* our trees are three deep */
#define JB_PREFAULT_AT ((size_t)64 << 10) /* buffers this large grow mapped (prefault.h) */

/* jb_reserve when the room is short: grows the buffer. */
static char *jb_grow(struct json_buf *b, size_t n)
{
	if (b->err)
		return NULL;
	if (b->cap - b->n <= n) {
		size_t cap = b->cap ? b->cap : 1024;
		char *p;

		if (n > ((size_t)-1) / 4 - b->n) {
			b->err = 1;
			return NULL;
		}
		while (cap - b->n <= n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->err = 1;
			return NULL;
		}
		/* a large buffer is filled in order: the room past its text
		 * mapped in one call, not faulted in a page at a time */
		if (cap >= JB_PREFAULT_AT)
			prefault(p + b->n, cap - b->n);
		b->p = p;
		b->cap = cap;
	}
	return b->p + b->n;
}

JO_INLINE void jb_put(struct json_buf *b, const char *s, size_t n)
{
	char *w = jb_reserve(b, n);

	if (!w)
		return;
	memcpy(w, s, n);
	b->n += n;
}

/* What a byte of a string needs: 0 as is, 1 an escape (the quote, the
 * backslash, a control), 2 a look at its UTF-8 sequence. */
static inline unsigned byte_class(unsigned char c)
{
	if (c >= 0x80)
		return 2;
	return c < 0x20 || c == '"' || c == '\\';
}

/* The escape of an ASCII byte of class 1 into e (6 bytes); its length. */
static size_t escape_ascii(unsigned char c, char *e)
{
	static const char hex[] = "0123456789abcdef";

	e[0] = '\\';
	switch (c) {
	case '"': e[1] = '"'; return 2;
	case '\\': e[1] = '\\'; return 2;
	case '\b': e[1] = 'b'; return 2;
	case '\f': e[1] = 'f'; return 2;
	case '\n': e[1] = 'n'; return 2;
	case '\r': e[1] = 'r'; return 2;
	case '\t': e[1] = 't'; return 2;
	default:
		memcpy(e + 1, "u00", 3);
		e[4] = hex[c >> 4];
		e[5] = hex[c & 15];
		return 6;
	}
}

/* 1 when none of the 8 bytes at p needs anything: no control, quote,
 * backslash or byte of 0x80 and above (the bit tricks of "Bit Twiddling
 * Hacks" in a form without borrows, which the integer sanitizer would
 * flag: a byte below 0x20, a zero byte of x ^ '"' or x ^ '\\'). */
static inline int plain8v(uint64_t x)
{
	const uint64_t lows = 0x7f7f7f7f7f7f7f7full, highs = 0x8080808080808080ull;
	const uint64_t ones = 0x0101010101010101ull;
	uint64_t low, ctl, q, bs;

	/* per byte without carries between them (nothing wraps): the high
	 * bit of (b & 0x7f) + 0x60 is set when b & 0x7f >= 0x20, that of
	 * (b & 0x7f) + 0x7f when b & 0x7f is not zero */
	low = x & lows;
	ctl = ~(low + ones * 0x60);
	q = (x ^ (ones * '"')) & lows;
	bs = (x ^ (ones * '\\')) & lows;
	q = ~((q + lows) | (x ^ (ones * '"')));
	bs = ~((bs + lows) | (x ^ (ones * '\\')));
	return (ctl | q | bs | x) & highs ? 0 : 1;
}

static inline int plain8(const unsigned char *p)
{
	uint64_t x;

	memcpy(&x, p, 8);
	return plain8v(x);
}

/*
 * 1 when none of the n bytes at p needs anything: blocks of sixteen (SSE2)
 * or eight, the last one overlapping the one before, so no byte past p + n
 * is read and no byte is looked at alone unless n < 4.
 */
static inline int plain_all(const unsigned char *p, size_t n)
{
	uint32_t a, z;
	size_t i;

#if defined(__SSE2__)
	if (n >= 16) {
		const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"');
		const __m128i bslash = _mm_set1_epi8('\\');
		__m128i bad = _mm_setzero_si128();

		for (i = 0;; i += 16) {
			__m128i x;

			if (i + 16 > n)
				i = n - 16;
			x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmplt_epi8(x, space),
				_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash))));
			if (i + 16 >= n)
				break;
		}
		return _mm_movemask_epi8(bad) == 0;
	}
#endif
	if (n >= 8) {
		for (i = 0; i + 8 < n; i += 8)
			if (!plain8(p + i))
				return 0;
		return plain8(p + n - 8);
	}
	if (n >= 4) {
		memcpy(&a, p, 4);
		memcpy(&z, p + n - 4, 4);
		return plain8v((uint64_t)a | (uint64_t)z << 32);
	}
	for (i = 0; i < n; i++)
		if (byte_class(p[i]))
			return 0;
	return 1;
}

/* The number of bytes from p (before end) that need nothing: sixteen at a
 * time with SSE2 (a signed compare below 0x20 also catches 0x80 and up),
 * else eight at a time with plain8, then byte by byte. */
static inline size_t plain_len(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p;

#if defined(__SSE2__)
	const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\');

	while (end - q >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			_mm_cmplt_epi8(x, space),
			_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash))));

		if (m)
			return (size_t)(q - p) + (size_t)__builtin_ctz(m);
		q += 16;
	}
#endif
	while (end - q >= 8 && plain8(q))
		q += 8;
	while (q < end && byte_class(*q) == 0)
		q++;
	return (size_t)(q - p);
}

/*
 * With JB_QUOTE, a string as cJSON escapes it: the quote, backslash and the
 * five named controls by name, other bytes below 0x20 as \u00xx, the rest
 * as is; without, the text as is (a raw item). With JB_FIX, also what
 * text_json_fix does to the printed text, in the same pass: a stored NUL
 * (C0 80) becomes \u0000 and each invalid UTF-8 sequence U+FFFD (the bytes
 * after a string are ASCII, which no sequence continues into, so fixing the
 * string alone gives the same bytes). Runs of bytes that need nothing are
 * copied whole, found eight bytes at a time. keep more bytes of room are
 * left after the text (JO_ROOM in the event writer, else 0).
 */
static void jb_text(struct json_buf *b, const char *s, unsigned how, size_t keep)
{
	int fix = (how & JB_FIX) != 0, quote = (how & JB_QUOTE) != 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *end = p + strlen((const char *)p), *run = p;
	size_t n = (size_t)(end - p);
	char *w;

	/* At most 6 bytes out per byte in (\u00xx), plus the quotes. */
	if (n > ((size_t)-1) / 8 - keep || !(w = jb_reserve(b, 6 * n + 2 + keep))) {
		b->err = 1;
		return;
	}
	if (quote)
		*w++ = '"';
	/* Most strings need nothing: one look, one copy. */
	if (plain_all(p, n)) {
		if (n <= 32)
			copy_short(w, (const char *)p, n);
		else
			memcpy(w, p, n);
		w += n;
		if (quote)
			*w++ = '"';
		b->n = (size_t)(w - b->p);
		return;
	}
	while (p < end) {
		unsigned cls;
		size_t len, bad;

		p += plain_len(p, end);
		if (p == end)
			break;
		cls = byte_class(*p);
		if (cls == 0 || (cls == 2 && !fix) || (cls == 1 && !quote)) {
			p++;
			continue;
		}
		if (cls == 2) {
			len = text_utf8_len(p, (size_t)(end - p), &bad);
			if (len) {
				p += len;
				continue;
			}
		}
		memcpy(w, run, (size_t)(p - run));
		w += p - run;
		if (cls == 1) {
			w += escape_ascii(*p, w);
			p++;
		} else if (p[0] == TEXT_NUL0 && end - p >= 2 && p[1] == TEXT_NUL1) {
			memcpy(w, "\\u0000", 6);
			w += 6;
			p += 2;
		} else {
			memcpy(w, "\xEF\xBF\xBD", 3);
			w += 3;
			p += bad;
		}
		run = p;
	}
	memcpy(w, run, (size_t)(p - run));
	w += p - run;
	if (quote)
		*w++ = '"';
	b->n = (size_t)(w - b->p);
}

/*
 * A string in an array of cap bytes that may all be read, quoted at w (room
 * for cap + 2 bytes) when it needs nothing: with SSE2 one pass of sixteen
 * bytes at a time finds its NUL and any byte that needs something, storing
 * each block as it is looked at. Returns the bytes written, or 0 when the
 * string needs jb_text (a byte to escape or fix, or no SSE2).
 */
JO_INLINE size_t field_plain(char *w, const char *s, size_t cap)
{
#if defined(__SSE2__)
	const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\'), zero = _mm_setzero_si128();
	size_t i, len;

	if (cap < 16)
		return 0;
	*w++ = '"';
	for (i = 0;; i += 16) {
		__m128i x;
		unsigned m, z;

		if (i + 16 > cap)
			i = cap - 16; /* the last block overlaps the one before */
		x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		_mm_storeu_si128((__m128i *)(void *)(w + i), x);
		/* a byte below 0x20 (the NUL too, and 0x80 and up), a quote
		 * or a backslash */
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(x, space),
			_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash))));
		if (m) {
			z = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, zero));
			if (!z)
				return 0;
			len = (size_t)__builtin_ctz(z);
			if (m & ((1u << len) - 1u))
				return 0; /* something before the NUL */
			len += i;
			break;
		}
		if (i + 16 >= cap)
			return 0; /* no NUL in the array */
	}
	w[len] = '"';
	return len + 2;
#else
	(void)w;
	(void)s;
	(void)cap;
	return 0;
#endif
}


/* Writes v in decimal at w (room for 24 bytes), no NUL; returns its length.
 * As text_i64, but back to front into a scratch buffer and moved whole:
 * no count of the digits first. */
JO_INLINE size_t put_i64(char *w, int64_t v)
{
	char buf[TEXT_I64_MAX], *end = buf + sizeof(buf), *t = text_i64_back(end, v);

	copy_short(w, t, (size_t)(end - t));
	return (size_t)(end - t);
}

/* cJSON's print_number ("%1.15g", read back, else "%1.17g"), with integral
 * values below 1e15 written directly. */
static void jb_double(struct json_buf *b, double d)
{
	double back;
	char num[32];
	int len;

	if (isnan(d) || isinf(d)) {
		len = snprintf(num, sizeof(num), "null");
	} else if (d == 0 && signbit(d)) {
		len = snprintf(num, sizeof(num), "-0");
	} else if (d == trunc(d) && fabs(d) < 1e15) {
		/* What "%1.15g" gives an integer of at most 15 digits. */
		len = (int)text_i64(num, (int64_t)d);
	} else {
		len = snprintf(num, sizeof(num), "%1.15g", d);
		back = strtod(num, NULL);
		if (fabs(back - d) > fmax(fabs(back), fabs(d)) * DBL_EPSILON)
			len = snprintf(num, sizeof(num), "%1.17g", d);
	}
	jb_put(b, num, (size_t)len);
}

/*
 * The number usec / 1e6 as jb_double prints it. From 100 to 10^15 - 1
 * microseconds (at most 15 digits, at least 1e-4 so no exponent) "%1.15g"
 * gives the decimal digits of usec with the point six places from the
 * right and trailing zeros dropped (a decimal of at most 15 digits comes
 * back from its nearest double unchanged, DBL_DIG), so it is written from
 * the integer; other values take jb_double.
 */
static void jb_uptime(struct json_buf *b, int64_t usec)
{
	char num[40], *p = num;
	int64_t whole, frac;
	int i;

	if (usec < 100 || usec >= INT64_C(1000000000000000) || usec % 1000000 == 0) {
		jb_double(b, (double)usec / 1e6);
		return;
	}
	whole = usec / 1000000;
	frac = usec % 1000000;
	p += text_i64(p, whole);
	*p++ = '.';
	for (i = 5; i >= 0; i--) {
		p[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	i = 6;
	while (p[i - 1] == '0')
		i--;
	jb_put(b, num, (size_t)(p - num) + (size_t)i);
}

/* A raw item's text: as is, through jb_text's fix when it holds a byte of
 * 0x80 and up (ASCII needs no fix, and a raw text no escapes), found eight
 * bytes at a time. */
static void jb_raw(struct json_buf *b, const char *s, unsigned how)
{
	size_t n = strlen(s), i;
	uint64_t x, hi = 0;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&x, s + i, 8);
		hi |= x;
	}
	for (; i < n; i++)
		hi |= (unsigned char)s[i];
	if (hi & 0x8080808080808080ull)
		jb_text(b, s, how & ~(unsigned)JB_QUOTE, 0);
	else
		jb_put(b, s, n);
}

static void jb_tabs(struct json_buf *b, int n)
{
	static const char tabs[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

	for (; n > 16; n -= 16)
		jb_put(b, tabs, 16);
	jb_put(b, tabs, (size_t)n);
}

/*
 * The item as cJSON_PrintUnformatted (fmt 0) or cJSON_Print (fmt 1) prints
 * it, through jb_text's how for strings, keys and raw text. depth counts
 * the open objects and arrays, as cJSON's own indentation does.
 */
static void jb_item(struct json_buf *b, const cJSON *it, int depth, int fmt, unsigned how)
{
	const cJSON *c;

	if (depth > JSON_MAX_DEPTH) {
		b->err = 1;
		return;
	}
	switch (it->type & 0xFF) {
	case cJSON_NULL:
		jb_put(b, "null", 4);
		return;
	case cJSON_False:
		jb_put(b, "false", 5);
		return;
	case cJSON_True:
		jb_put(b, "true", 4);
		return;
	case cJSON_Number:
		jb_double(b, it->valuedouble);
		return;
	case cJSON_Raw:
		if (!it->valuestring)
			b->err = 1;
		else
			jb_raw(b, it->valuestring, how);
		return;
	case cJSON_String:
		jb_text(b, it->valuestring, how, 0);
		return;
	case cJSON_Array:
		jb_put(b, "[", 1);
		for (c = it->child; c; c = c->next) {
			jb_item(b, c, depth + 1, fmt, how);
			if (c->next)
				jb_put(b, ", ", fmt ? 2 : 1);
		}
		jb_put(b, "]", 1);
		return;
	case cJSON_Object:
		jb_put(b, "{\n", fmt ? 2 : 1);
		for (c = it->child; c; c = c->next) {
			if (fmt)
				jb_tabs(b, depth + 1);
			jb_text(b, c->string, how, 0);
			jb_put(b, ":\t", fmt ? 2 : 1);
			jb_item(b, c, depth + 1, fmt, how);
			if (c->next)
				jb_put(b, ",", 1);
			if (fmt)
				jb_put(b, "\n", 1);
		}
		if (fmt)
			jb_tabs(b, depth);
		jb_put(b, "}", 1);
		return;
	default:
		b->err = 1;
	}
}

/* The printed item NUL-terminated, *n its length when n is not NULL; NULL
 * on failure. */
static char *jb_print(const cJSON *o, int fmt, unsigned how, size_t *n)
{
	struct json_buf b = { NULL, 0, 0, 0 };

	jb_item(&b, o, 0, fmt, how);
	jb_put(&b, "", 1); /* the NUL */
	if (b.err) {
		free(b.p);
		return NULL;
	}
	if (n)
		*n = b.n - 1;
	return b.p;
}

char *json_print_compact(const cJSON *o)
{
	return jb_print(o, 0, JB_QUOTE, NULL);
}

char *json_print(const cJSON *o, int formatted, size_t *n)
{
	return jb_print(o, formatted, JB_QUOTE | JB_FIX, n);
}

cJSON *json_ledger(const struct store *st)
{
	const struct store_ledger *l = &st->ledger;
	cJSON *o = cJSON_CreateObject();
	int64_t open = store_ledger_open(l);

	if (!o)
		return NULL;
	if (!cJSON_AddNumberToObject(o, "anchors", (double)l->anchors) ||
	    !cJSON_AddNumberToObject(o, "events", (double)l->events) ||
	    !cJSON_AddNumberToObject(o, "folded", (double)l->folded) ||
	    !cJSON_AddNumberToObject(o, "incomplete", (double)l->incomplete) ||
	    !cJSON_AddNumberToObject(o, "unrecognised", (double)l->unrecognised) ||
	    !cJSON_AddNumberToObject(o, "open", (double)open) ||
	    !cJSON_AddNumberToObject(o, "events_dropped", (double)st->events_dropped) ||
	    !cJSON_AddNumberToObject(o, "notes_dropped", (double)st->notes_dropped) ||
	    !cJSON_AddBoolToObject(o, "balanced",
				   open == 0 && st->events_dropped == 0 && st->notes_dropped == 0)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

int json_summary_counters(cJSON *o, const struct store *st)
{
	size_t i;
	int k;

	for (i = 0; i < store_metrics_n; i++) {
		const struct metric_def *m = &store_metrics[i];
		cJSON *by;

		if (!m->json)
			continue;
		if (m->shape == METRIC_SCALAR) {
			if (!cJSON_AddNumberToObject(o, m->json, (double)metric_get(m, st, 0)))
				return -1;
		} else if (m->shape == METRIC_BY_KIND) {
			if (!(by = cJSON_AddObjectToObject(o, m->json)))
				return -1;
			for (k = 0; k < EV_KIND_COUNT; k++)
				if (!cJSON_AddNumberToObject(by, event_kind_name((enum ev_kind)k),
							     (double)metric_get(m, st, k)))
					return -1;
		}
	}
	return 0;
}

int json_source_counters(cJSON *o, const struct store_source *s)
{
	size_t i;

	for (i = 0; i < store_metrics_n; i++) {
		const struct metric_def *m = &store_metrics[i];

		if (m->json && m->shape == METRIC_BY_SOURCE &&
		    !cJSON_AddNumberToObject(o, m->json, (double)metric_get(m, s, 0)))
			return -1;
	}
	return 0;
}

/*
 * Adds item under k, a string literal: the key is neither copied nor freed
 * (a summary has a row per series and each row up to eight keys). Returns
 * 0, or -1 with item freed (NULL is an allocation that failed).
 */
static int add_cs(cJSON *o, const char *k, cJSON *item)
{
	if (!item)
		return -1;
	if (!cJSON_AddItemToObjectCS(o, k, item)) {
		cJSON_Delete(item);
		return -1;
	}
	return 0;
}

/* A string value, left out when empty; lit 1 when v is a string literal,
 * which the tree then refers to instead of copying. */
static int add_cs_str(cJSON *o, const char *k, const char *v, int lit)
{
	if (!v || !v[0])
		return 0;
	return add_cs(o, k, lit ? cJSON_CreateStringReference(v) : cJSON_CreateString(v));
}

/* One row of by_process / by_workload. */
static int series_row(cJSON *o, const struct store_series *s, int workload)
{
	int err = 0;

	err |= add_cs_str(o, "kind", event_kind_name((enum ev_kind)s->kind), 1);
	if (workload) {
		err |= add_cs(o, "type", cJSON_CreateStringReference(
			store_workload_name((enum store_workload)s->wl_type)));
		err |= add_cs(o, "name", cJSON_CreateString(s->label));
		err |= add_cs_str(o, "namespace", s->ns, 0);
		err |= add_cs_str(o, "container", s->sub, 0);
	} else {
		err |= add_cs(o, "comm", cJSON_CreateString(s->label));
	}
	err |= add_cs(o, "events", cJSON_CreateNumber((double)s->count));
	if (s->last_time > 0)
		err |= add_cs(o, "last_time", cJSON_CreateNumber((double)s->last_time));
	if (s->max_rss_kb >= 0)
		err |= add_cs(o, "max_rss_kb", cJSON_CreateNumber((double)s->max_rss_kb));
	return err;
}

/* The keys of a series row, each as the formatted printer writes it after
 * the member before: ",\n", the tabs of its depth, the quoted name, ":\t". */
enum { SK_KIND, SK_TYPE, SK_NAME, SK_NAMESPACE, SK_CONTAINER, SK_COMM, SK_EVENTS, SK_LAST_TIME,
       SK_MAX_RSS_KB, SK_COUNT };
static const char *const series_keys[SK_COUNT] = { "kind", "type", "name", "namespace", "container",
						   "comm", "events", "last_time", "max_rss_kb" };
#define SERIES_TABS 16 /* deepest row the key table is made for (ours: 2) */
#define SERIES_KEY_MAX (2 + SERIES_TABS + 1 + 12 + 3)

/* A member whose value is a name of the contract (a kind, a workload type:
 * plain ASCII, at most 20 bytes), key and quoted value in one piece. */
#define SERIES_NAMED_MAX (SERIES_KEY_MAX + 24)

struct series_keys {
	char k[SK_COUNT][SERIES_KEY_MAX];
	size_t n[SK_COUNT];
	/* the row's opening brace and its "kind" member, per kind (an
	 * unknown one as its name, "unknown", the last) */
	char kind[EV_KIND_COUNT + 1][SERIES_NAMED_MAX];
	size_t kind_n[EV_KIND_COUNT + 1];
	char type[WL_TYPE_COUNT + 1][SERIES_NAMED_MAX]; /* the "type" member */
	size_t type_n[WL_TYPE_COUNT + 1];
};

/* key (one of sk->k) and name quoted into out; the length. */
static size_t series_named(char *out, const char *key, size_t kn, const char *name)
{
	size_t n = strlen(name);

	assert(kn + n + 2 <= SERIES_NAMED_MAX);
	memcpy(out, key, kn);
	out[kn] = '"';
	memcpy(out + kn + 1, name, n);
	out[kn + 1 + n] = '"';
	return kn + n + 2;
}

static void series_keys_make(struct series_keys *sk, int depth)
{
	int i;

	for (i = 0; i < SK_COUNT; i++) {
		char *w = sk->k[i];
		size_t kn = strlen(series_keys[i]);

		*w++ = ',';
		*w++ = '\n';
		memset(w, '\t', (size_t)depth);
		w += depth;
		*w++ = '"';
		memcpy(w, series_keys[i], kn);
		w += kn;
		memcpy(w, "\":\t", 3);
		w += 3;
		sk->n[i] = (size_t)(w - sk->k[i]);
	}
	for (i = 0; i <= EV_KIND_COUNT; i++) {
		/* "{" over the key's comma */
		sk->kind_n[i] = series_named(sk->kind[i], sk->k[SK_KIND], sk->n[SK_KIND],
					     event_kind_name((enum ev_kind)i));
		sk->kind[i][0] = '{';
	}
	for (i = 0; i <= WL_TYPE_COUNT; i++)
		sk->type_n[i] = series_named(sk->type[i], sk->k[SK_TYPE], sk->n[SK_TYPE],
					     store_workload_name((enum store_workload)i));
}

/* A count or time of a row (at least 0) as jb_double prints it. */
static void series_num(struct json_buf *b, uint64_t v)
{
	char *w;

	if (v >= UINT64_C(1000000000000000)) {
		jb_double(b, (double)v);
		return;
	}
	w = jb_reserve(b, 24);
	if (w)
		b->n += put_i64(w, (int64_t)v);
}

/* Text of series_row's object as jb_item prints it formatted at depth: a
 * member per line, tabbed one deeper; the first key goes without its comma
 * and line break, after the brace's. */
static void series_text(struct json_buf *b, const struct store_series *s, int workload, int depth,
			const struct series_keys *sk)
{
	const unsigned how = JB_QUOTE | JB_FIX;
	unsigned i;

#define ROW_KEY(i) jb_put(b, sk->k[i], sk->n[i])
	i = s->kind < EV_KIND_COUNT ? s->kind : EV_KIND_COUNT;
	jb_put(b, sk->kind[i], sk->kind_n[i]);
	if (workload) {
		i = s->wl_type < WL_TYPE_COUNT ? s->wl_type : WL_TYPE_COUNT;
		jb_put(b, sk->type[i], sk->type_n[i]);
		ROW_KEY(SK_NAME);
		jb_text(b, s->label, how, 0);
		if (s->ns[0]) {
			ROW_KEY(SK_NAMESPACE);
			jb_text(b, s->ns, how, 0);
		}
		if (s->sub[0]) {
			ROW_KEY(SK_CONTAINER);
			jb_text(b, s->sub, how, 0);
		}
	} else {
		ROW_KEY(SK_COMM);
		jb_text(b, s->label, how, 0);
	}
	ROW_KEY(SK_EVENTS);
	series_num(b, s->count);
	if (s->last_time > 0) {
		ROW_KEY(SK_LAST_TIME);
		series_num(b, (uint64_t)s->last_time);
	}
	if (s->max_rss_kb >= 0) {
		ROW_KEY(SK_MAX_RSS_KB);
		series_num(b, (uint64_t)s->max_rss_kb);
	}
#undef ROW_KEY
	/* the closing brace on a line of its own, at the row's depth */
	jb_put(b, sk->k[SK_KIND] + 1, (size_t)depth + 1);
	jb_put(b, "}", 1);
}

cJSON *json_series_raw(const struct store_series *tab, int n, int workload, int depth)
{
	struct json_buf b = { NULL, 0, 0, 0 };
	struct series_keys sk;
	cJSON *raw = NULL;
	int i;

	if (depth < 0 || depth + 2 > SERIES_TABS)
		return NULL;
	series_keys_make(&sk, depth + 2);
	jb_put(&b, "[", 1);
	for (i = 0; i < n && i < STORE_SERIES_MAX; i++) {
		if (i)
			jb_put(&b, ", ", 2);
		series_text(&b, &tab[i], workload, depth + 1, &sk);
	}
	jb_put(&b, "]", 2); /* and the NUL */
	if (!b.err)
		raw = cJSON_CreateRaw(b.p);
	free(b.p);
	return raw;
}

cJSON *json_series(const struct store_series *tab, int n, int workload)
{
	cJSON *arr = cJSON_CreateArray();
	int i;

	if (!arr)
		return NULL;
	for (i = 0; i < n && i < STORE_SERIES_MAX; i++) {
		cJSON *o = cJSON_CreateObject();

		if (!o)
			goto fail;
		if (!cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			goto fail;
		}
		if (series_row(o, &tab[i], workload))
			goto fail;
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}
