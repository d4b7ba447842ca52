/*
 * kernel_int.h - the shape of one row of the kernel report table
 * (parsers/kernel_table.c), shared by the table, the assembler
 * (parsers/kernel.c) and the tests only. Not part of the public interface.
 */
#ifndef OOMSCAN_PARSERS_KERNEL_INT_H
#define OOMSCAN_PARSERS_KERNEL_INT_H

#include <stddef.h>

#include "../core/span.h"

/* What a line of the shape is to the assembler; one handler per role. */
enum kern_role {
	KR_HEADER = 0,  /* "<comm> invoked oom-killer: gfp_mask=..., order=N, ..." */
	KR_HEADER_BARE, /* "oom-killer: gfp_mask=0x..., order=N" (2.6 before the comm was printed) */
	KR_KILL,        /* "[<why>: ]Killed process N (comm) ..." */
	KR_VM_KILL,     /* 2.4 page fault path: "VM: killing process <comm>" (no pid) */
	KR_OVZ_KILL,    /* OpenVZ/Virtuozzo: "[Out of memory in UB N: ]OOM killed process N (comm)
			 * [score S ]vm:NkB, rss:NkB, swap:NkB" */
	KR_OVZ_HEAD,    /* "Out of memory in UB N: OOM" with its record wrapped onto the next line */
	KR_SUMMARY,     /* "oom-kill:constraint=...,task=C,pid=N,uid=N" (5.0+) */
	KR_REAPER,      /* "oom_reaper: reaped process N (C), now anon-rss:..." */
	KR_SELECT,      /* "<why>: Kill process N (C) score S ..." */
	KR_ALLOC,       /* "<comm>: page allocation failure...", vmalloc, vmemmap */
	KR_ALLOC_BARE,  /* "__alloc_pages: N-order allocation failed (gfp=0x../N)" (2.4, 2.6.early) */
	KR_ALLOC_PRE,   /* 3.x "vmalloc: allocation failure: N bytes" before its "<comm>: page allocation failure" */
	KR_SLUB,        /* "SLUB: Unable to allocate memory on node N (gfp=0x..)": a failed slab allocation */
	KR_VM_ENOUGH,   /* "__vm_enough_memory: pid: N, comm: C, bytes: B not enough memory ..." */
	KR_NO_KILLABLE, /* "Out of memory and no killable processes..." */
	KR_EXITING,     /* "... OOM victim N (C) is already exiting. Skip killing the task" */
	KR_PANIC,       /* "Kernel panic - not syncing: Out of memory ...", "System is deadlocked" */
	KR_CPU,         /* "CPU: n PID: p Comm: X ...", "Pid: p, comm: X ..." */
	KR_TASK_IN,     /* "Task in X killed as a result of limit of Y" */
	KR_MEMCG_AT,    /* "Memory limit reached of cgroup X" */
	KR_MEMCG_USAGE, /* "memory: usage N kB, limit N kB, failcnt N" */
	KR_SWAP_FREE,   /* "Free swap  = NkB" */
	KR_SWAP_TOTAL,  /* "Total swap = NkB" (ends show_mem: closes an allocation failure) */
	KR_KILL_CONT,   /* the rest of a kill record wrapped onto the next lines of a paste */
	KR_SUMMARY_CONT, /* the task part of an oom-kill: summary wrapped onto the next line */
	KR_HEADER_CONT, /* the gfp_mask/order of a header wrapped onto the next line */
	KR_ALLOC_CONT,  /* the mode/order of an allocation failure wrapped onto the next line */
	KR_KILL_HEAD,   /* a kill record a paste wrapped right after its "Killed" */
	KR_OOM_GROUP,   /* "Tasks in P are going to be killed due to memory.oom.group set" */
	KR_KNOWN,       /* a kernel OOM line that carries nothing kept: consumed */
	KR_FILLER,      /* a line of an open report carrying nothing kept: consumed */
};
#define KR_COUNT (KR_FILLER + 1)

/*
 * 1 for the roles whose lines are anchors of the ledger (kern_asm_ledger):
 * a line of such a role that its handler takes is counted once, in the
 * dispatcher, and leaves as one event, one line folded into another's event
 * or incomplete report, or one incomplete report. A handler that would take
 * a line without it being an anchor (a reaper line naming no pid, an
 * exiting victim with no report open) declines it, and a later row of a
 * role that is no anchor takes it. Lines that only add to an anchor's event
 * (stack header, memcg block, Mem-Info, continuations of a wrapped line,
 * the 3.x vmalloc size line) and known or filler lines are not anchors.
 */
extern const unsigned char kern_role_anchor[KR_COUNT];

/* Row flags. */
enum kern_flag {
	KS_START = 1 << 0,    /* may start or anchor an event: its anchor joins kern_may_start */
	KS_OPEN = 1 << 1,     /* only inside an open report or failure of the same host */
	KS_BOUND = 1 << 2,    /* the byte before the phrase is none or not a word byte */
	KS_NOANCHOR = 1 << 3, /* holds no prefilter anchor: read only when the scanner passes it */
	KS_GLUE = 1 << 4,     /* the message may come glued onto the one before it without a
			       * line break ("(qemu)Killed process"): its example's lead-in
			       * before the phrase ("Out of memory: "), or the phrase when
			       * the example starts with it, marks where a second one starts */
};

/* The line the self-test pushes before and after a row's example. */
enum kern_ctx {
	KX_NONE = 0,   /* the example alone */
	KX_REPORT,     /* inside a report: a selection line before, a kill record after */
	KX_ALLOC,      /* right after a page allocation failure line */
	KX_SELECT,     /* right after a selection line, nothing after */
	KX_KILL,       /* right after a kill record cut before its sizes */
	KX_HEADER,     /* right after a header cut before its gfp_mask, a kill record after */
	KX_ALLOC_CUT,  /* right after a page allocation failure line cut before its mode */
	KX_HEADER_ORDER, /* right after a header cut before its order, a kill record after */
	KX_SUMMARY_HEAD, /* right after "oom-kill:" alone */
	KX_SUMMARY_MID,  /* right after an oom-kill: summary cut before global_oom */
	KX_SUMMARY_CUT,  /* right after an oom-kill: summary cut before its task_memcg */
	KX_SUMMARY_TASK, /* right after an oom-kill: summary cut before its task= */
	KX_SUMMARY_OOM,  /* right after an oom-kill: summary cut before its oom_memcg= */
	KX_SUMMARY_PATH, /* right after an oom-kill: summary cut inside its task_memcg path */
};

struct kern_shape {
	const char *name;    /* "kill-5.4", ...: one per shape and era */
	const char *era;     /* kernels that print it ("5.4+", "2.6.32", "RHEL 6") */
	const char *anchor;  /* 2..16 bytes every line of the shape holds (any case) */
	const char *phrase;  /* the literal that anchors the line, found anywhere in it */
	enum kern_role role;
	unsigned flags;      /* enum kern_flag */
	enum kern_ctx ctx;
	const char *example; /* one line of the shape as the kernel printed it */
	const char *expect;  /* the event it gives: "kind=oom_kill;pid=1;comm=x", or "none" */
};

extern const struct kern_shape kern_shapes[];
extern const size_t kern_nshapes;

/*
 * For tests: what the assembler's one pass over a line (kern_classify)
 * finds. The dispatch steps are the table's rows in order, one per distinct
 * (phrase, role); a step's needle is its phrase without a lead space (a
 * phrase of over two bytes starting with one).
 */
#define KERN_PROBE_STEPS 128
#define KERN_PROBE_SHORT -2 /* a needle too short to key: searched on every line */

struct kern_probe {
	int n_steps;
	const struct kern_shape *row[KERN_PROBE_STEPS]; /* each step's first row */
	long at[KERN_PROBE_STEPS]; /* the first offset of the step's needle, -1 when
				    * absent, or KERN_PROBE_SHORT */
	int glue;   /* holds a KS_GLUE row's lead-in (the example's text before its phrase) */
	int strong; /* holds a KS_START row's anchor in any case (kern_may_start) */
};

/* Fills *out for msg. */
void kern_pass_probe(struct span msg, struct kern_probe *out);

/* Fills *out for msg with the pass the assembler k takes for a message
 * line: remembered in its memo, or made and then remembered there.
 * Returns 1 when the memo held msg's pass before the call, else 0. */
struct kern_asm;
int kern_asm_pass_probe(struct kern_asm *k, struct span msg, struct kern_probe *out);

/*
 * For tests: the sizes and uid a kill record's text after its comm (from
 * the ")" on) gives, starting from uid (EV_NONE or an id a RHEL 6 record
 * put before the comm): read in one pass of the 5.x form (ordered = 1;
 * returns -1 when the text is not in that form) or key by key (ordered =
 * 0). out: uid, total-vm, anon-rss, file-rss, shmem-rss, pgtables,
 * oom_score_adj. Returns 0 when out was filled.
 */
int kern_kill_sizes_probe(struct span r, int ordered, int64_t uid, int64_t out[7]);

/* 1 if kern_asm_pop would return nothing now, by its rule found anew
 * (parsers/kernel.c): what kern_asm_pending's "no events" must imply. */
int kern_asm_pop_waits(const struct kern_asm *k);

#endif
