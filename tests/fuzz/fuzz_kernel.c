/*
 * fuzz_kernel.c - libFuzzer target for the kernel OOM report assembler:
 * splits the input at newlines, parses each line's prefix and pushes it
 * into a fresh kern_asm, popping after every line; a 0x01 byte at the start
 * of a line asks for a non-final flush first. At the end it flushes, pops
 * everything and checks each event: a known kind, a line inside the input,
 * NUL-terminated strings.
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

static void drain(struct kern_asm *k, int64_t lines)
{
	struct oom_event ev;
	struct oom_note n;

	while (kern_asm_pop(k, &ev))
		check_event(&ev, lines);
	while (kern_asm_pop_note(k, &n))
		check_note(&n, lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prefix_parser *pp;
	struct kern_asm *k;
	const char *p = (const char *)data;
	const char *end = p + size, *nl;
	struct line_meta m;
	int64_t line = 0;

	if (!pp) {
		pp = prefix_new(2024, 1735689600);
		if (!pp)
			return 0;
	}
	k = kern_asm_new();
	if (!k)
		return 0;
	while (p < end) {
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n && p[0] == '\x01') {
			kern_asm_flush(k, 0);
			p++;
			n--;
		}
		prefix_parse(pp, span_make(p, n), &m);
		kern_asm_push(k, "fuzz", ++line, &m);
		drain(k, line);
		p += n + (nl ? 1 : 0);
	}
	kern_asm_flush(k, 1);
	drain(k, line);
	/* Everything has left after a final flush and a full drain. */
	{
		struct oom_event ev;

		if (kern_asm_pop(k, &ev))
			abort();
	}
	kern_asm_free(k);
	return 0;
}
