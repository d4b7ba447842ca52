/*
 * fuzz_prefix.c - libFuzzer target for the line-prefix parser: splits the
 * input at newlines and parses each line, checking that every span the
 * parser returns lies inside the line or inside the parser's own buffers,
 * and that a plain line prefix_kernel_line takes reads as a kernel syslog
 * line whose message lies after the offset it gives; prefix_kernel_msg's
 * guess lies inside the line; a pretty-printed object's members read
 * around a text member (prefix_json_object) lie inside the input.
 *
 * Trusts nothing in the input. Single-threaded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../parsers/prefix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when sp is empty or lies inside [p, p + n). */
static int within(struct span sp, const char *p, size_t n)
{
	return sp.n == 0 || (sp.p >= p && sp.p + sp.n <= p + n);
}

static void check_line(struct prefix_parser *pp, struct span all, const char *p, size_t n)
{
	struct line_meta m;
	struct oom_event ev;
	struct span g;
	volatile unsigned sum = 0;
	size_t i, quick = prefix_line_plain(span_make(p, n)) ? prefix_kernel_line(pp, span_make(p, n)) : 0;

	prefix_parse(pp, span_make(p, n), &m);
	if ((unsigned)m.fmt >= PREFIX_FMT_COUNT)
		abort();
	/* a text member's object: its members' spans lie in the input */
	if (m.json_member) {
		struct line_meta o = m;

		prefix_json_object(all, span_make(p, n), &o);
		if ((!within(o.host, all.p, all.n) && !within(o.host, p, n) && !prefix_owns(pp, o.host)) ||
		    (!within(o.tag, all.p, all.n) && !prefix_owns(pp, o.tag) && !SPAN_EQ(o.tag, "kernel")))
			abort();
		for (i = 0; i < o.host.n; i++)
			sum += (unsigned char)o.host.p[i];
		for (i = 0; i < o.tag.n; i++)
			sum += (unsigned char)o.tag.p[i];
	}
	if (quick && (m.fmt != PREFIX_SYSLOG || !m.is_kernel || quick > n || m.msg.p < p + quick ||
		      m.msg.p + m.msg.n > p + n))
		abort();
	/* Every span lies within the line or in the parser's own buffers (a
	 * decoded or copied message: journal and other JSON records, kmsg
	 * escapes, logcat, a line without its ANSI escapes or entities); a
	 * tag may be one of the names the parser knows (its literals). */
	if ((!within(m.msg, p, n) && !prefix_owns(pp, m.msg)) || (!within(m.host, p, n) && !prefix_owns(pp, m.host)) ||
	    (!within(m.tag, p, n) && !prefix_owns(pp, m.tag) && !SPAN_EQ(m.tag, "kernel") && !SPAN_EQ(m.tag, "php") &&
	     !SPAN_EQ(m.tag, "php-fpm") && !SPAN_EQ(m.tag, "httpd") && !SPAN_EQ(m.tag, "-")))
		abort();
	g = prefix_kernel_msg(span_make(p, n));
	if (!within(g, p, n))
		abort();
	for (i = 0; i < g.n; i++)
		sum += (unsigned char)g.p[i];
	/* Touch every byte so ASan sees a span that points outside memory. */
	for (i = 0; i < m.msg.n; i++)
		sum += (unsigned char)m.msg.p[i];
	for (i = 0; i < m.host.n; i++)
		sum += (unsigned char)m.host.p[i];
	for (i = 0; i < m.tag.n; i++)
		sum += (unsigned char)m.tag.p[i];
	(void)sum;
	event_init(&ev, EV_OOM_KILL);
	line_meta_stamp(&m, "fuzz", 1, &ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prefix_parser *pp;
	const char *p = (const char *)data;
	const char *end = p + size, *nl;

	if (!pp) {
		pp = prefix_new(2024, 1735689600);
		if (!pp)
			return 0;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		check_line(pp, span_make((const char *)data, size), p, (size_t)(nl - p));
		p = nl + 1;
	}
	return 0;
}
