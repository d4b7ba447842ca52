/*
 * unwrap.c - a paste hard-wrapped at a column (see unwrap.h). Trusts
 * nothing in the bytes: every line is measured within its span, the head
 * is read to UNWRAP_HEAD_LINES lines and UNWRAP_HEAD_BYTES at most, a
 * lead is compared to UNWRAP_LEAD_MAX bytes, and nothing is allocated.
 */
#include "unwrap.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#define WORD_MIN UNWRAP_WORD_MIN
#define WORD_MAX UNWRAP_WORD_MAX
#define BARE_MAX 100 /* the widest mail wrap taken in a text without prefixes */
#define CUT_MIN 40   /* the narrowest terminal or console taken (80 is usual) */
#define CUT_MAX 250
#define WALL 12      /* a mail-wrapped line ends within this many columns of the width */
/* The width found is the longest line's, which may fall short of the
 * wrapper's by a column or two (and a flowed line's trailing space counts
 * there): a next word that would have fitted by up to SLACK columns still
 * tells a break. */
#define SLACK 1

size_t unwrap_cols(struct span line, int trim)
{
	size_t i, n = 0;

	if (trim)
		line = span_rtrim(line);
	else if (line.n && line.p[line.n - 1] == '\r')
		line.n--;
	for (i = 0; i < line.n; i++)
		n += ((unsigned char)line.p[i] & 0xc0) != 0x80;
	return n;
}

/* One step of 32-bit FNV-1a, h below 2^32: the product fits 64 bits, so
 * nothing wraps (-fsanitize=integer checks unsigned overflow too). */
#define FNV_BASIS 2166136261u
static uint64_t fnv_step(uint64_t h, unsigned char c)
{
	return ((h ^ c) * 16777619u) & 0xffffffffu;
}

/* FNV-1a of l's bytes but its digits, trailing blanks aside: a status
 * line repeated with other numbers hashes the same. */
static uint64_t hash_line(struct span l)
{
	uint64_t h = FNV_BASIS;
	size_t i;

	l = span_rtrim(l);
	for (i = 0; i < l.n; i++)
		if (l.p[i] < '0' || l.p[i] > '9')
			h = fnv_step(h, (unsigned char)l.p[i]);
	return h;
}

/* A hash of the first ECHO_BYTES bytes after t's first word that are not
 * digits (t: a line's text, its lead taken off), or 0 when fewer follow
 * it: a status line repeated with other numbers says the same. */
#define ECHO_BYTES 24
static uint64_t echo_of(struct span t)
{
	const char *sp = memchr(t.p, ' ', t.n);
	uint64_t h = FNV_BASIS;
	size_t i, k = 0;

	if (!sp)
		return 0;
	for (i = (size_t)(sp - t.p); i < t.n && k < ECHO_BYTES; i++) {
		if (t.p[i] >= '0' && t.p[i] <= '9')
			continue;
		h = fnv_step(h, (unsigned char)t.p[i]);
		k++;
	}
	return k < 8 ? 0 : h | 1;
}

/* The length of l's lead: blanks and mail quote markers ('>'). */
static size_t lead_len(struct span l)
{
	size_t i = 0;

	while (i < l.n && (l.p[i] == ' ' || l.p[i] == '\t' || l.p[i] == '>'))
		i++;
	return i;
}

struct unwrap_prev unwrap_prev_of(struct span line)
{
	struct span t = span_rtrim(line);
	struct unwrap_prev v = { unwrap_cols(line, 1), 0, 0, 0, 0, { 0 }, 0 };

	v.lead_n = lead_len(t);
	v.echo = echo_of(span_skip(t, v.lead_n));
	v.soft = t.n && t.p[t.n - 1] == '=';
	v.word_end = t.n && isalnum((unsigned char)t.p[t.n - 1]);
	v.hyphen = t.n > 1 && t.p[t.n - 1] == '-' && isalnum((unsigned char)t.p[t.n - 2]);
	memcpy(v.lead, line.p, v.lead_n < UNWRAP_LEAD_MAX ? v.lead_n : UNWRAP_LEAD_MAX);
	return v;
}

/* 1 when l holds a space between two words (after its quote marker and
 * indentation): a mail client could have broken it. */
static int breakable(struct span l)
{
	struct span t = span_rtrim(span_skip(l, lead_len(l)));

	return t.n > 2 && memchr(t.p, ' ', t.n) != NULL;
}

/* The columns of the first word of t. */
static size_t first_word_cols(struct span t)
{
	const char *sp = memchr(t.p, ' ', t.n);

	return unwrap_cols(span_make(t.p, sp ? (size_t)(sp - t.p) : t.n), 1);
}

int unwrap_joins(struct prefix_parser *pp, const struct unwrap_shape *u, struct unwrap_prev prev,
		 struct span next, struct span *rest, int *space)
{
	size_t ln = lead_len(next);
	struct span t = span_rtrim(span_skip(next, ln));
	struct line_meta m;

	if (!u->width || prev.soft || !t.n || prev.lead_n > UNWRAP_LEAD_MAX ||
	    (u->bare && prev.echo && echo_of(t) == prev.echo))
		return 0;
	/* the lead of prev's line; after a quoted line, a part of it (a
	 * client that wrapped the line after quoting it left the pieces
	 * without the markers it added); with unindent, none */
	if (ln > prev.lead_n || memcmp(next.p, prev.lead, ln) != 0 ||
	    (ln < prev.lead_n && !memchr(prev.lead + ln, '>', prev.lead_n - ln) && !(u->unindent && !ln)))
		return 0;
	if (u->cut) {
		if (prev.cols != (size_t)u->width)
			return 0;
	} else if (prev.cols * 2 < (size_t)u->width || prev.cols > (size_t)u->width ||
		   prev.cols + 1 + first_word_cols(t) + SLACK <= (size_t)u->width) {
		return 0;
	}
	/* a line of its own: a stamp, a host, a kernel or program tag, a
	 * pretty-printed object's text member */
	prefix_parse(pp, next, &m);
	if (m.fmt != PREFIX_BARE || m.host.n || m.tag.n || m.time_sec != INT64_MIN || m.uptime_usec != INT64_MIN ||
	    m.json_member)
		return 0;
	*rest = t;
	*space = !u->cut && !prev.hyphen;
	return 1;
}

/* The column of the first space between two words of l (after its
 * lead; its trailing blanks aside), where a mail client could break it,
 * or its columns when it has none. */
static size_t first_break(struct span l)
{
	size_t ln = lead_len(l), i, c = 0;
	struct span t = span_rtrim(l);

	for (i = 0; i < t.n; i++) {
		if (((unsigned char)t.p[i] & 0xc0) == 0x80)
			continue;
		if (t.p[i] == ' ' && i > ln)
			return c;
		c++;
	}
	return c;
}

/* 1 for a line of text kept HTML-escaped: its widths are not the ones it
 * was wrapped at (a quote marker is "&gt; "). */
static int html_kept(struct span line)
{
	return memchr(line.p, '&', line.n) && (SPAN_FIND(line, "&gt;") >= 0 || SPAN_FIND(line, "&lt;") >= 0 ||
					       SPAN_FIND(line, "&amp;") >= 0 || SPAN_FIND(line, "&nbsp;") >= 0);
}

/* The next line of head from *pos (no newline), or 0 at its end. */
static int next_line(struct span head, size_t *pos, struct span *line)
{
	const char *nl;

	if (*pos >= head.n)
		return 0;
	nl = memchr(head.p + *pos, '\n', head.n - *pos);
	*line = span_make(head.p + *pos, nl ? (size_t)(nl - head.p) - *pos : head.n - *pos);
	*pos = nl ? (size_t)(nl - head.p) + 1 : head.n;
	return 1;
}

/*
 * A mail wrap leaves a wall: many lines end within WALL columns of the
 * width, none past it, and most of those go on to a line without a prefix
 * whose first word would not have fitted; where the log has prefixes, a
 * line with one leads some of them. A log's own long lines go on to lines
 * with prefixes; where it has none, they thin out towards its longest
 * (fewer within WALL of it than in the 2 * WALL columns below), so a text
 * without prefixes must show the wall itself, at a mail client's width,
 * below its longest line, and not as one line repeated nor as indented
 * lines (a traceback's file lines) each followed by a line of its own. A
 * terminal leaves lines that fill its width to the last column (a
 * terminal that pads lines with blanks pads the ones it did not cut too),
 * each going on to the rest, most of them in the middle of a word, and
 * not the same line over and over (with other numbers in it or not).
 */
int unwrap_detect(struct prefix_parser *pp, struct span head, struct unwrap_shape *out)
{
	struct unwrap_shape word = { 0, 0, 0, 0 }, bare = { 0, 0, 1, 0 }, cut = { 0, 1, 0, 0 };
	struct span line, rest;
	struct unwrap_prev prev = { 0, 0, 0, 0, 0, { 0 }, 0 };
	size_t pos = 0, wmax = 0, rmax = 0, c;
	size_t near_len = 0;
	unsigned n = 0, near = 0, below = 0, near_lens = 0, own = 0;
	unsigned word_pairs = 0, flat_pairs = 0, edge = 0, cut_pairs = 0, mid = 0;
	unsigned own_pairs = 0; /* pairs whose first line has a prefix: a wrapped record's first piece */
	unsigned edges = 0;     /* edge lines unlike the edge line before (a log repeats its lines) */
	uint64_t edge_hash = 0;
	int prev_own = 0, is_own, at_wall, space, have_prev = 0;
	struct line_meta m;

	out->width = 0;
	out->cut = 0;
	out->bare = 0;
	if (head.n > UNWRAP_HEAD_BYTES)
		head.n = UNWRAP_HEAD_BYTES;
	while (n < UNWRAP_HEAD_LINES && next_line(head, &pos, &line)) {
		n++;
		if (html_kept(line))
			return 0;
		if ((c = unwrap_cols(line, 1)) > rmax)
			rmax = c;
		if (c > wmax && breakable(line))
			wmax = c;
		/* a log's own long lines: neither shape can hold */
		if (rmax > CUT_MAX && wmax > WORD_MAX)
			return 0;
	}
	if (rmax >= CUT_MIN && rmax <= CUT_MAX)
		cut.width = (int)rmax;
	if (wmax >= WORD_MIN && wmax <= WORD_MAX)
		word.width = bare.width = (int)wmax;
	if (!cut.width && !word.width)
		return 0;
	pos = 0;
	for (n = 0; n < UNWRAP_HEAD_LINES && next_line(head, &pos, &line); n++, have_prev = 1) {
		if (word.width && breakable(line) && !unwrap_prev_of(line).soft) {
			c = unwrap_cols(line, 1);
			near += c + WALL >= wmax;
			if (c + WALL >= wmax && c != near_len) {
				near_lens++;
				near_len = c;
			}
			below += c + WALL < wmax && c + 3 * WALL >= wmax;
		}
		if (cut.width && unwrap_cols(line, 1) == rmax) {
			uint64_t h = hash_line(line);

			edge++;
			edges += h != edge_hash;
			edge_hash = h;
		}
		prefix_parse(pp, line, &m);
		is_own = m.fmt != PREFIX_BARE || m.host.n || m.time_sec != INT64_MIN || m.uptime_usec != INT64_MIN ||
			 m.json_member;
		own += is_own;
		if (have_prev) {
			/* evidence: a break where the wall is (a long first word
			 * would tell nothing) */
			at_wall = prev.cols + WALL >= wmax;
			if (unwrap_joins(pp, &word, prev, line, &rest, &space)) {
				word_pairs++;
				own_pairs += prev_own && at_wall;
			}
			/* (in a text without prefixes, a word of a word-like
			 * length: a label or a path runs past the wall anyway;
			 * and a line below the longest: after the longest any
			 * word would not have fitted) */
			flat_pairs += at_wall && prev.cols + 2 <= wmax && lead_len(line) == prev.lead_n &&
				      unwrap_joins(pp, &bare, prev, line, &rest, &space) &&
				      first_word_cols(rest) <= WALL;
			if (unwrap_joins(pp, &cut, prev, line, &rest, &space)) {
				cut_pairs++;
				/* (the message's first byte: a label grep or cat put on
				 * the line is not the piece's) */
				mid += prev.word_end || (m.msg.n && isalnum((unsigned char)m.msg.p[0]));
			}
		}
		prev = unwrap_prev_of(line);
		prev_own = is_own;
	}
	if (cut.width && edges >= 3 && cut_pairs >= 2 && cut_pairs * 4 >= edge * 3 && mid * 2 >= cut_pairs) {
		*out = cut;
		out->bare = own < 2 || own * 3 < cut_pairs;
		return 1;
	}
	if (word.width && near >= 3 && word_pairs >= 2 && word_pairs * 2 >= near && own_pairs >= 2 &&
	    own * 3 >= word_pairs) {
		*out = word;
		return 1;
	}
	if (bare.width && near >= 3 && near > below && near_lens >= 2 && wmax <= BARE_MAX && flat_pairs >= 3 &&
	    flat_pairs * 2 >= near) {
		*out = bare;
		return 1;
	}
	return 0;
}

/*
 * A line is as a mail client wrapping at w left it when it is w columns
 * wide or less, or has no break before column w: a line whose first break
 * is at column f and that is c columns wide rules out the widths past f
 * and below c (cut[]: +1 where such a run starts, -1 past its end).
 */
int unwrap_guess(struct span head, struct unwrap_widths *out)
{
	int cut[WORD_MAX + 2] = { 0 }, in = 0, any = 0;
	struct span line;
	size_t pos = 0, f, c, w, wide = 0;
	unsigned n = 0;

	memset(out->ok, 0, sizeof(out->ok));
	if (head.n > UNWRAP_HEAD_BYTES)
		head.n = UNWRAP_HEAD_BYTES;
	while (n++ < UNWRAP_HEAD_LINES && next_line(head, &pos, &line)) {
		if (html_kept(line))
			return 0;
		c = unwrap_cols(line, 1);
		if ((f = first_break(line)) >= c || f >= WORD_MAX)
			continue;
		/* (a log's own long lines: every width ruled out) */
		if (f < WORD_MIN && c > WORD_MAX)
			return 0;
		if (c > wide)
			wide = c;
		cut[f + 1]++;
		cut[c < WORD_MAX + 1 ? c : WORD_MAX + 1]--;
	}
	for (w = 0; w <= WORD_MAX; w++) {
		in += cut[w];
		if (w >= WORD_MIN && !in) {
			out->ok[w] = 1;
			any = 1;
		}
	}
	return any && wide >= WORD_MIN;
}

/* The widths from cols (WORD_MIN at least) on, narrowest first. */
int unwrap_width_from(const struct unwrap_widths *u, size_t cols)
{
	size_t w;

	for (w = cols > WORD_MIN ? cols : WORD_MIN; w <= WORD_MAX; w++)
		if (u->ok[w])
			return (int)w;
	return 0;
}
