/*
 * apprules_int.h - the shape of one row of the application message table
 * (parsers/apprules_table.c), shared by the table and the engine
 * (parsers/apprules.c) only. Not part of the public interface.
 */
#ifndef OOMSCAN_PARSERS_APPRULES_INT_H
#define OOMSCAN_PARSERS_APPRULES_INT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/event.h"

/* What a matching line does to the incidents being assembled. */
enum app_action {
	APP_A_OPEN = 0, /* always starts a new incident */
	APP_A_ATTACH,   /* joins a compatible open incident of its group, else starts one */
	APP_A_ENRICH,   /* only adds fields to a compatible open incident */
	APP_A_CTX,      /* like ENRICH, but tried without the prefilter while its group is open */
	APP_A_PRE,      /* context printed before an incident (Node's GC trace): remembered */
	APP_A_SUPPRESS, /* a known non-event that mentions memory: consumed, nothing emitted */
	APP_A_CANCEL,   /* withdraws the newest open incident of its group (earlyoom dry run) */
};

/* Incident groups: rows of one group merge into one event. */
enum app_group {
	APP_G_NONE = 0, /* every line is an event of its own, released at once */
	APP_G_GO,
	APP_G_WIN,
	APP_G_WIN2004,
	APP_G_JVM,
	APP_G_JVMOOME,
	APP_G_NODE,
	APP_G_DOTNET,
	APP_G_REDIS,
	APP_G_PG,
	APP_G_MYSQL,
	APP_G_SYSD,
	APP_G_OOMD,
	APP_G_EARLY,
	APP_G_CXX,
	APP_G_LMK,
	APP_G_MALLOC,
	APP_G_ELECTRON,
	APP_G_ERLANG,
	APP_G_ZIG,
	APP_G_CONDOR,
	APP_G_K8SEVICT,
	APP_G_GAE,
	APP_G_PHP,
	APP_G_RAY,
	APP_G_CADV,
	APP_G_DART,
	APP_G_SBCL,
	APP_G_YARN,
	APP_G_COUNT
};

/* Row flags. */
enum app_flag {
	APP_F_NOTAG = 1 << 0,    /* the syslog tag is the reporter, not the subject */
	APP_F_CI = 1 << 1,       /* the literal is matched ignoring ASCII case */
	APP_F_KEYUNIT = 1 << 2,  /* merge only with an incident about the same unit tree */
	APP_F_CONSUMERS = 1 << 3,/* list of "NAME (PID) consumed N bytes" (event 2004) */
	APP_F_KERNEL = 1 << 4,   /* also runs on kernel lines (Android's in-kernel killer; PHP
	                          * behind an Apache stamp read as dmesg -T) */
	APP_F_NEEDPRE = 1 << 5,  /* opens an incident only right after its group's PRE line */
	APP_F_XMLCONS = 1 << 6,  /* an XML <Name>/<ID>/<CommitCharge> element of event 2004 */
	APP_F_LEAD = 1 << 7,     /* heads an incident: joins only one made of lower-prio lines */
	APP_F_OOMD = 1 << 8,     /* may also join a systemd-oomd kill of the same unit */
	APP_F_REPEAT = 1 << 9,   /* a repeat (same or no size) joins the incident that has it */
	APP_F_TRAIL = 1 << 10,   /* never joins an incident a higher-prio line already leads */
	APP_F_ENDS = 1 << 11,    /* (a context row) another record's head: releases the group's
	                          * open incidents and lets the line go on to the other rows */
	APP_F_NOPIDREP = 1 << 12,/* (with APP_F_REPEAT) a repeat joins only an incident that names
	                          * no pid yet: a crash report that named its process is over */
	APP_F_TAGSUB = 1 << 13,  /* (with APP_F_NOTAG) a "reporter/subject" tag (a Heroku log
	                          * drain's "heroku/web.1"): the part after the slash is the subject */
	APP_F_EXPLAINS = 1 << 14,/* (a suppress row) prose explaining a code; when the line ends
	                          * in ':', or the code stands alone on it (a list of codes),
	                          * the quote of the code's text may follow */
	APP_F_DEFQUOTE = 1 << 15,/* a system message that, alone on the line right after an
	                          * explanation ending in ':', is that explanation's quote */
	APP_F_VMDIES = 1 << 16,  /* the JVM's own fatal native allocation failure (hs_err):
	                          * an OutOfMemoryError just above is the same exhaustion */
};

struct app_rule_def {
	const char *family;  /* "go-virtualalloc", ...: one per documented shape */
	const char *runtime; /* "go", "jvm", ...; names the default process too */
	enum ev_kind kind;
	enum app_action action;
	enum app_group group;
	int slot;            /* 0..31: which part of its group's incident this line is */
	int prio;            /* the incident's identifying line is its highest-prio line */
	unsigned flags;
	int64_t errno_def;   /* errno the text implies (12 for strerror(ENOMEM)), or -1 */
	const char *comm;    /* fixed process name ("redis-server"), or NULL */
	const char *killer;  /* for kills, or NULL */
	const char *literal; /* must occur in the line before the pattern runs */
	const char *pattern; /* PCRE2; named groups pid comm prog bytes size hexbytes errno errhex unit
	                      * cgroup uid adj (see parsers/apprules.c, read_fields) */
	const char *example; /* one real-shaped line, for tests and docs */
};

extern const struct app_rule_def app_rule_defs[];
extern const size_t app_rule_ndefs;

/* The process a runtime's message names when nothing else does ("java"). */
const char *app_runtime_comm(const char *runtime);

#endif
