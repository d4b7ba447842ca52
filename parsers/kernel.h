/*
 * kernel.h - assemble the kernel's multi-line OOM reports (2.6.32 to 6.x)
 * into one event each, per host: kills (global, cpuset, mempolicy, memcg),
 * oom_reaper lines, page allocation / vmalloc / vmemmap failures and
 * __vm_enough_memory commit failures.
 *
 * Return convention: kern_asm_new returns NULL on allocation failure;
 * kern_asm_push returns an enum kern_push_result (bad input is never an
 * error: it is left alone or counted); pops return 1 when they copied an
 * event or note out, 0 when there was none; predicates return 1 or 0.
 */
#ifndef OOMSCAN_PARSERS_KERNEL_H
#define OOMSCAN_PARSERS_KERNEL_H

#include <stdint.h>

#include "../core/event.h"
#include "../core/span.h"
#include "prefix.h"

struct kern_asm;

/* Returns NULL on allocation failure. */
struct kern_asm *kern_asm_new(void);
/* Back to the state kern_asm_new gives, in place (about 3.5 MiB: a
 * caller that runs many short inputs spares itself the allocations). */
void kern_asm_reset(struct kern_asm *k);
void kern_asm_free(struct kern_asm *k);

/*
 * 1 if the message could start or anchor a kernel OOM event; a cheap literal
 * check, no regex.
 */
int kern_may_start(struct span msg);

/*
 * 1 if a row's phrase (parsers/kernel_table.c) stands in msg from before
 * offset from to after offset to (from <= to <= msg.n): msg is two pieces
 * of a line joined, the first ending at from, the second starting at to,
 * and the phrase is there only joined. No regex; thread-safe.
 */
int kern_phrase_across(struct span msg, size_t from, size_t to);

/*
 * The phrases (their text without a lead space) of the steps that can take
 * a line of a host with nothing open: a line that holds none of them is
 * not kernel OOM text unless its host is busy (kern_asm_may_pass). Fills out
 * (static strings) and returns their number, or -1 when they do not fit max
 * or a step's phrase is too short to be searched for (every line may then
 * take one).
 */
int kern_outside_phrases(const char **out, int max);

/*
 * 1 when a kernel line from host (empty: none named) that holds none of
 * kern_outside_phrases can change nothing: neither its host nor the unnamed
 * one has a report, held kill or failure open, and no flush is under way.
 * Such a line goes to kern_asm_pass instead of kern_asm_push.
 */
int kern_asm_may_pass(const struct kern_asm *k, struct span host);

/* 1 when no host has anything open and no flush is under way: then
 * kern_asm_may_pass holds for every host. */
int kern_asm_idle(const struct kern_asm *k);

/* 1 while the assembler holds back an event from before line (a kill
 * waiting for its reaper line, a failure for its Mem-Info): an event of
 * another assembler at line waits for it, so that events leave in input
 * order. */
int kern_asm_holds_before(struct kern_asm *k, int64_t line);

/* The line of a message a paste wrapped right after its lead-in (an
 * oom-kill: summary cut before its task part, OpenVZ's "Out of memory in
 * UB N: OOM"), when the line after it has not been pushed yet, else 0: that
 * line must be pushed whatever it holds (it need not hold an anchor). */
int64_t kern_asm_wrap_line(const struct kern_asm *k);

/* Keeps the assembler's time for line number `line`, as kern_asm_push
 * does for every line. */
void kern_asm_pass(struct kern_asm *k, int64_t line);

enum kern_push_result {
	KERN_NONE = 0, /* not kernel OOM text */
	KERN_CONSUMED, /* part of a report, or a known line */
};

/*
 * Feeds one line. Returns an enum kern_push_result. Finished events are popped
 * with kern_asm_pop, notes with kern_asm_pop_note.
 */
int kern_asm_push(struct kern_asm *k, const char *source, int64_t line,
		  const struct line_meta *m);

/*
 * The kernel pass over one message (the table's phrases it holds, and
 * where), made ahead on another thread: kern_pre_make reads only msg, the
 * built table and its memo. kern_asm_push_pre is kern_asm_push with it: the pass is
 * taken from pre when pre (may be NULL) was made on the very span of the
 * line's message, and made anew otherwise, so the answer is the same.
 */
#define KERN_PRE_AT 12 /* phrases a message's pass keeps the offsets of (a 5.x summary holds 8) */
struct kern_pre {
	const char *p; /* the message's span */
	uint32_t n;
	uint8_t ok;    /* 0: the pass did not fit (or the table fell back): make it anew */
	uint8_t strong, glue, n_at;
	uint64_t step[2];
	uint16_t at[KERN_PRE_AT];
	uint8_t at_step[KERN_PRE_AT];
};
struct kern_memo;
void kern_pre_make(struct kern_memo *memo, struct span msg, struct kern_pre *out);

/*
 * Passes remembered by their message's bytes: a short message met again
 * word for word (a report's stack frames, headers and Mem-Info lines repeat
 * from report to report) takes its pass from kern_pre_make's memo (NULL:
 * none) instead of a new pass. A memo is one thread's; each assembler
 * keeps its own. kern_memo_new returns NULL when memory runs out.
 */
struct kern_memo *kern_memo_new(void);
void kern_memo_free(struct kern_memo *memo);
int kern_asm_push_pre(struct kern_asm *k, const char *source, int64_t line, const struct line_meta *m,
		      const struct kern_pre *pre);

/* Pops one finished event. Returns 1 if popped, else 0. */
int kern_asm_pop(struct kern_asm *k, struct oom_event *out);

/* The event kern_asm_pop would return, left in the queue (NULL if none):
 * the caller copies it where it goes and then calls kern_asm_drop, before
 * any other call on k. */
const struct oom_event *kern_asm_peek(struct kern_asm *k);
void kern_asm_drop(struct kern_asm *k);

/* Pops one note. Returns 1 if popped, else 0. */
int kern_asm_pop_note(struct kern_asm *k, struct oom_note *out);

/* What the pops may return (until the next push or flush): a cheap test
 * for a caller that would pop after every line. */
enum kern_pending {
	KERN_PENDING_EVENTS = 1 << 0, /* kern_asm_pop may return an event */
	KERN_PENDING_NOTES = 1 << 1,  /* kern_asm_pop_note may return a note */
};

/* enum kern_pending bits; 0 when neither pop can return anything. */
unsigned kern_asm_pending(const struct kern_asm *k);

/* Where k keeps kern_asm_pending's answer, current after every call on k:
 * a caller that asks after every line reads it without a call. */
const unsigned *kern_asm_pending_word(const struct kern_asm *k);

/*
 * Publish early (live use): a finished kill leaves at once instead of
 * waiting for its oom_reaper line (a context-less kill record still waits
 * for the kind of the next kill). Off by default.
 */
void kern_asm_publish_early(struct kern_asm *k, int on);

/*
 * Pops one amendment: an oom_reaper line for a kill already released. The
 * line itself is folded in the ledger. Returns 1 if popped, else 0.
 * Amendments beyond the queue's cap (a caller that did not pop) are counted
 * in kern_asm_amends_dropped.
 */
int kern_asm_pop_amend(struct kern_asm *k, struct oom_amend *out);
int kern_asm_amends_ready(const struct kern_asm *k);
uint64_t kern_asm_amends_dropped(const struct kern_asm *k);

/*
 * Releases events held for their follow-up lines (a kill waiting for its
 * oom_reaper line). final: the input ended, so open reports are closed as
 * incomplete too. After a non-final flush every finished event can be
 * popped (until the next line), so a reader that saves its cursor has
 * counted everything before it except reports still open.
 */
void kern_asm_flush(struct kern_asm *k, int final);

/*
 * Events and notes dropped because the caller did not pop (queue caps).
 * A caller that pops every event and note after each line loses none: the
 * queues keep room for what one line can release, and events held for
 * their follow-up lines leave early when the queue runs full.
 */
uint64_t kern_asm_dropped(const struct kern_asm *k);
uint64_t kern_asm_notes_dropped(const struct kern_asm *k);

/*
 * The ledger: anchor lines seen (header, kill record, oom-kill: summary,
 * selection, oom_reaper, allocation and commit failures, no-killable and
 * panic lines) and those folded into another anchor's event or incomplete
 * report. Every other anchor leaves as exactly one event or one incomplete
 * note, or is still open or held.
 */
void kern_asm_ledger(const struct kern_asm *k, uint64_t *anchors, uint64_t *folded);

/* Hosts whose state was evicted because the host table was full. */
uint64_t kern_asm_hosts_evicted(const struct kern_asm *k);

#endif
