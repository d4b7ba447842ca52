/*
 * fuzz_kernel.c - libFuzzer target for the kernel OOM report assembler:
 * splits the input at newlines, parses each line's prefix and pushes it
 * into a fresh kern_asm, popping after every line; a 0x01 byte at the start
 * of a line asks for a non-final flush first. At the end it flushes, pops
 * everything and checks each event: a known kind, a line inside the input,
 * NUL-terminated strings. A second assembler takes every line with the
 * kernel pass made ahead (kern_pre_make over prefix_kernel_msg's guess,
 * through a memo kept across inputs as the reader thread's is;
 * kern_asm_push_pre) and must release the same events and notes.
 *
 * Trusts nothing in the input. Single-threaded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../parsers/kernel.h"
#include "../../parsers/prefix.h"

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
}

static void check_note(const struct oom_note *n, int64_t lines)
{
	if (n->type != NOTE_INCOMPLETE && n->type != NOTE_UNRECOGNISED)
		abort();
	if (n->line < 1 || n->line > lines)
		abort();
	if (!STR_OK(n->host) || !STR_OK(n->text) || !STR_OK(n->reason))
		abort();
}

/* Pops k and twin in step: the same events and notes, each checked. */
static void drain(struct kern_asm *k, struct kern_asm *twin, int64_t lines)
{
	struct oom_event ev, ev2;
	struct oom_note n, n2;

	while (kern_asm_pop(k, &ev)) {
		check_event(&ev, lines);
		if (!kern_asm_pop(twin, &ev2) || ev2.kind != ev.kind || ev2.line != ev.line || ev2.pid != ev.pid ||
		    ev2.anon_rss_kb != ev.anon_rss_kb || strcmp(ev2.comm, ev.comm) != 0 ||
		    strcmp(ev2.host, ev.host) != 0 || strcmp(ev2.task_memcg, ev.task_memcg) != 0)
			abort();
	}
	if (kern_asm_pop(twin, &ev2))
		abort();
	while (kern_asm_pop_note(k, &n)) {
		check_note(&n, lines);
		if (!kern_asm_pop_note(twin, &n2) || n2.type != n.type || n2.line != n.line)
			abort();
	}
	if (kern_asm_pop_note(twin, &n2))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prefix_parser *pp;
	static struct kern_asm *k, *twin;
	static struct kern_memo *memo;
	struct kern_pre pre;
	const char *p = (const char *)data;
	const char *end = p + size, *nl;
	struct line_meta m;
	int64_t line = 0;

	if (!pp) {
		pp = prefix_new(2024, 1735689600);
		if (!pp)
			return 0;
	}
	/* Two assemblers for the whole run, reset for each input: a new
	 * pair per input (3.5 MiB each) cost the sanitizer build a minute. */
	if (!k)
		k = kern_asm_new();
	if (!twin)
		twin = kern_asm_new();
	if (!memo)
		memo = kern_memo_new();
	if (!k || !twin || !memo)
		return 0;
	kern_asm_reset(k);
	kern_asm_reset(twin);
	while (p < end) {
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n && p[0] == '\x01') {
			kern_asm_flush(k, 0);
			kern_asm_flush(twin, 0);
			p++;
			n--;
		}
		kern_pre_make(memo, prefix_kernel_msg(span_make(p, n)), &pre);
		prefix_parse(pp, span_make(p, n), &m);
		kern_asm_push(k, "fuzz", ++line, &m);
		kern_asm_push_pre(twin, "fuzz", line, &m, &pre);
		drain(k, twin, line);
		p += n + (nl ? 1 : 0);
	}
	kern_asm_flush(k, 1);
	kern_asm_flush(twin, 1);
	drain(k, twin, line);
	/* Everything has left after a final flush and a full drain. */
	{
		struct oom_event ev;

		if (kern_asm_pop(k, &ev))
			abort();
	}
	return 0;
}
