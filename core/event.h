/*
 * event.h - the fixed-size out-of-memory event record (../shared/spec/events.md).
 *
 * An event is a plain value: every string lives inside the struct, cut to its
 * buffer and flagged in `cut` when longer, so copying one out raises no
 * ownership question. Integer fields hold EV_NONE when the log text does not
 * carry them; string fields are "" when absent.
 *
 * Return convention: the setters return 1 when the value was cut to fit and
 * 0 when it fit (never an error); event_kind_parse returns the kind or -1;
 * event_format_time returns 0, or -1 when the event has no time; names and
 * paths are never NULL.
 */
#ifndef OOMSCAN_CORE_EVENT_H
#define OOMSCAN_CORE_EVENT_H

#include <stdint.h>

#define EV_NONE INT64_MIN

enum ev_kind {
	EV_OOM_KILL = 0,
	EV_MEMCG_OOM_KILL,
	EV_USERSPACE_OOM_KILL,
	EV_ALLOC_FAILURE,
	EV_COMMIT_LIMIT,
	EV_RUNTIME_OOM,
	EV_MEMORY_WARNING,
	EV_OOM_REAP,
	EV_KIND_COUNT
};

/* Bits of oom_event.cut: which string fields were cut to fit. */
enum ev_cut {
	EV_CUT_COMM = 1 << 0,
	EV_CUT_TASK_MEMCG = 1 << 1,
	EV_CUT_OOM_MEMCG = 1 << 2,
	EV_CUT_DETAIL = 1 << 3,
	EV_CUT_OTHER = 1 << 4,
};

#define EV_MAX_CONSUMERS 3
#define EV_MEMCG_INLINE 256      /* bytes of a cgroup path kept in the event */
#define EV_MEMCG_MAX 4096        /* longest cgroup path kept whole (PATH_MAX) */
#define EV_MEMCG_STORE (1 << 20) /* bytes of the store of long paths */

/* One of the top memory consumers a Windows event 2004 names. */
struct ev_consumer {
	char name[64];
	int64_t pid;
	int64_t bytes;
};

struct oom_event {
	enum ev_kind kind;
	const char *source; /* owned by whoever opened the source; outlives events */
	int64_t line;
	char host[64];
	int64_t time_sec;    /* Unix seconds (UTC) or EV_NONE */
	int32_t time_nsec;   /* with time_sec */
	int time_year_assumed; /* 1: the stamp had no year; time_sec's came from elsewhere */
	int64_t uptime_usec; /* microseconds since boot or EV_NONE */

	int64_t pid;
	char comm[64];
	int64_t uid;
	int64_t trigger_pid;
	char trigger_comm[64];
	char gfp_mask[24];
	int64_t order;
	char constraint[32];
	/* cgroup paths: the first EV_MEMCG_INLINE - 1 bytes inline; a longer
	 * path (up to EV_MEMCG_MAX bytes: kind, Podman) is kept whole in the
	 * interned store and named by the *_long pointer. Read them with
	 * event_oom_memcg / event_task_memcg. */
	char oom_memcg[EV_MEMCG_INLINE];
	char task_memcg[EV_MEMCG_INLINE];
	const char *oom_memcg_long;  /* whole path, or NULL when it fits inline */
	const char *task_memcg_long;
	char container_id[72];
	char pod_uid[40];
	char pod_qos[16]; /* guaranteed, burstable, besteffort */
	char systemd_unit[128];
	/* Kubernetes names for pod_uid / container_id, from the node's
	 * /var/log/pods tree (serve --kubernetes.pods-dir); "" when unknown. */
	char k8s_namespace[64];
	char k8s_pod[128];
	char k8s_container[64];

	int64_t total_vm_kb;
	int64_t anon_rss_kb;
	int64_t file_rss_kb;
	int64_t shmem_rss_kb;
	int64_t pgtables_kb;
	int64_t oom_score_adj;
	int64_t score;
	int reaped; /* 0 or 1 */
	int64_t swap_total_kb;
	int64_t swap_free_kb;
	int64_t memcg_usage_kb;
	int64_t memcg_limit_kb;

	char killer[24];
	int64_t requested_bytes;
	int64_t errno_code;
	char runtime[16];
	char detail[256];

	int n_consumers;
	struct ev_consumer consumers[EV_MAX_CONSUMERS];

	unsigned cut; /* enum ev_cut bits */
};

/* A note about OOM text that did not become an event. */
enum note_type {
	NOTE_INCOMPLETE = 0, /* a report began and never reached its kill record */
	NOTE_UNRECOGNISED,   /* OOM-like text that matches no known shape */
};

struct oom_note {
	enum note_type type;
	const char *source;
	int64_t line;
	char host[64];
	char text[200]; /* the header or the line, cut */
	char reason[64];
};

/*
 * An amendment to a kill already published: its oom_reaper line came after
 * the kill left the assembler (serve publishes kills at once; a batch kill
 * leaves early when the next kill or a full queue pushes it out). The kill
 * is the newest one of `pid` on `host`.
 */
struct oom_amend {
	const char *source;
	int64_t line;   /* the reaper line */
	char host[64];
	int64_t pid;
};

/* Resets every field to "absent". */
void event_init(struct oom_event *ev, enum ev_kind kind);

/* The contract's name of a kind ("oom_kill", ...); never NULL. */
const char *event_kind_name(enum ev_kind kind);

/* Parses a kind name; returns the kind or -1. */
int event_kind_parse(const char *name);

/* 1 for the three kinds that kill a process. */
int event_is_kill(enum ev_kind kind);

/*
 * Victim RSS in kB (anon + file + shmem) or EV_NONE when no part is known.
 */
int64_t event_rss_kb(const struct oom_event *ev);

/*
 * Copies a NUL-terminated or span string into a field, flagging `cutbit` in
 * ev->cut when it did not fit. Returns 1 if cut.
 */
int event_set_str(struct oom_event *ev, char *field, unsigned fieldn,
		  const char *s, unsigned long n, unsigned cutbit);
#define EVENT_SET(ev, field, s, n, bit) \
	event_set_str((ev), (ev)->field, sizeof((ev)->field), (s), (n), (bit))

enum ev_memcg { EV_OOM_MEMCG = 0, EV_TASK_MEMCG };

/*
 * Sets a cgroup path. Paths longer than the inline field are interned whole
 * (up to EV_MEMCG_MAX bytes) in a process-wide store that is never freed,
 * so a copied event stays valid on any thread; equal paths share one copy.
 * When the path is longer than EV_MEMCG_MAX or the store (EV_MEMCG_STORE
 * bytes) is full, the path is cut and flagged like any field. Returns 1 if
 * cut. Thread-safe.
 */
int event_set_memcg(struct oom_event *ev, enum ev_memcg which, const char *s, unsigned long n);

/* The whole path ("" when absent). Never NULL. */
const char *event_oom_memcg(const struct oom_event *ev);
const char *event_task_memcg(const struct oom_event *ev);

/* Long paths that could not be kept whole because the store was full. */
unsigned long event_memcg_store_full(void);

/*
 * Fills container_id, pod_uid and systemd_unit from task_memcg (or oom_memcg
 * when task_memcg is empty), for Docker, containerd, CRI-O, Kubernetes
 * (cgroupfs and systemd drivers), systemd units and LXC. Leaves fields that
 * are already set. Pure function of the paths.
 */
void event_attribute_cgroup(struct oom_event *ev);

/*
 * Formats time_sec/time_nsec as RFC 3339 UTC ("2024-01-02T03:04:05.123456Z",
 * microseconds only when non-zero) into buf. Returns 0, or -1 when the event
 * has no time.
 */
int event_format_time(const struct oom_event *ev, char *buf, unsigned n);

#endif
