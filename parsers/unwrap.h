/*
 * unwrap.h - a paste that a mail client or a terminal hard-wrapped at a
 * column: each long line of the log was broken into pieces, the rest
 * carried onto the lines after it without a prefix of its own. A mail
 * client breaks at the last space before the column (and drops it); a
 * terminal cuts at the column itself, mid-word.
 *
 * unwrap_detect tells such a text from its head (a batch input's first
 * block); unwrap_joins tells, line by line, whether a line continues the
 * one before. Both are pure functions of the bytes: the prefix parser
 * they are given only reads each line's shape (use one of their own, so
 * no stamp cache of the scanner's sees the lines twice).
 *
 * Return convention: unwrap_detect returns 1 with *out filled when the
 * head is wrapped, else 0 with out->width 0; unwrap_joins returns 1 when
 * next continues prev, else 0.
 */
#ifndef OOMSCAN_PARSERS_UNWRAP_H
#define OOMSCAN_PARSERS_UNWRAP_H

#include <stddef.h>
#include <stdint.h>

#include "../core/span.h"
#include "prefix.h"

#define UNWRAP_HEAD_LINES 1024 /* the lines of the head unwrap_detect reads, at most */
#define UNWRAP_HEAD_BYTES 65536 /* and their bytes: a wrapped paste shows itself early */

struct unwrap_shape {
	int width; /* the column the text was wrapped at; 0: not wrapped */
	int cut;   /* 1: cut at the column, mid-word (a terminal); 0: broken at spaces (mail) */
	int bare;  /* 1: its lines have no prefixes (see unwrap_joins) */
	/* 1: a piece may start at the margin under an indented line (a
	 * wrapper that did not carry the line's blanks onto its pieces; the
	 * scanner's guessed widths only, where a join needs evidence) */
	int unindent;
};

/* The columns of a line: its UTF-8 characters, a trailing CR aside, and
 * its trailing blanks too when trim. */
size_t unwrap_cols(struct span line, int trim);

/* What unwrap_joins needs of the line before: its columns (trailing
 * blanks aside); soft: it ends in '=' (a quoted-printable soft break, which the
 * scanner's decoder joins); hyphen: it ends in a word and '-' (a mail
 * client breaks there too, keeping the '-'); echo: a hash of what
 * follows its first word (0: nothing), for telling a message repeated
 * with another subject ("swapper/1: page allocation failure: ..."). */
#define UNWRAP_LEAD_MAX 15
struct unwrap_prev {
	size_t cols;
	int soft, hyphen;
	uint64_t echo;
	int word_end; /* it ends in a letter or digit */
	/* its lead: the blanks and mail quote markers it starts with (a
	 * piece carries the lead of its line, or none where a client wrapped
	 * a quoted line after quoting it); lead_n > UNWRAP_LEAD_MAX: too
	 * long to compare */
	char lead[UNWRAP_LEAD_MAX];
	size_t lead_n;
};
struct unwrap_prev unwrap_prev_of(struct span line);

int unwrap_detect(struct prefix_parser *pp, struct span head, struct unwrap_shape *out);

/*
 * A head unwrap_detect does not find wrapped may still be a mail client's
 * wrap: a short paste has too few breaks to show a wall. unwrap_guess
 * tells the widths such a wrap may have had: a mail client wrapping at w
 * leaves every line w columns wide or less, or without a break (a space
 * between words) before column w. Joins at a guessed width need evidence
 * of their own (the scanner's: a message that only the joined line
 * makes). Returns 1 with out->ok[w] set for each width w from
 * UNWRAP_WORD_MIN to UNWRAP_WORD_MAX the head allows, when there is one
 * and a line with a break is UNWRAP_WORD_MIN columns wide or more; else 0
 * (the text kept HTML-escaped too).
 */
#define UNWRAP_WORD_MIN 40  /* the narrowest mail wrap taken (72 and 76-80 are usual) */
#define UNWRAP_WORD_MAX 120 /* the widest */
struct unwrap_widths {
	unsigned char ok[UNWRAP_WORD_MAX + 1];
};
int unwrap_guess(struct span head, struct unwrap_widths *out);

/* The narrowest width of u that is cols columns or more, or 0: none. */
int unwrap_width_from(const struct unwrap_widths *u, size_t cols);

/*
 * Whether next continues prev (the line before it, itself perhaps a
 * piece) in a text of shape u: next has no prefix of its own, starts with
 * prev's lead (or a part of it without its quote markers, or, with
 * u->unindent, none under a lead of blanks) and not indented past it, and prev ended where the wrapper broke it (mail:
 * next's first word would not have fitted on prev; terminal: prev fills
 * the width to its last column). In a text without prefixes (u->bare), a
 * line that says what prev says after its first word (prev.echo) is a
 * message repeated, not a piece. On 1, *rest is the part of next that
 * goes on (its lead taken off) and *space is 1 when a space goes between (the one the mail
 * client dropped).
 */
int unwrap_joins(struct prefix_parser *pp, const struct unwrap_shape *u, struct unwrap_prev prev,
		 struct span next, struct span *rest, int *space);

#endif
