/*
 * json.c - events and notes as JSON objects, field names per
 * ../shared/spec/events.md. Absent fields are left out.
 *
 * Trusts that events come from event_init (NUL-terminated strings); string
 * bytes are escaped by cJSON. Thread-safe: no shared state.
 */
#include "json.h"

#include <stdlib.h>
#include <string.h>

static int add_int(cJSON *o, const char *k, int64_t v)
{
	if (v == EV_NONE)
		return 0;
	return cJSON_AddNumberToObject(o, k, (double)v) ? 0 : -1;
}

static int add_str(cJSON *o, const char *k, const char *v)
{
	if (!v || !v[0])
		return 0;
	return cJSON_AddStringToObject(o, k, v) ? 0 : -1;
}

static int add_consumers(cJSON *o, const struct oom_event *ev)
{
	cJSON *arr;
	int i;

	if (ev->n_consumers <= 0)
		return 0;
	arr = cJSON_AddArrayToObject(o, "top_consumers");
	if (!arr)
		return -1;
	for (i = 0; i < ev->n_consumers && i < EV_MAX_CONSUMERS; i++) {
		cJSON *c = cJSON_CreateObject();

		if (!c)
			return -1;
		cJSON_AddItemToArray(arr, c);
		if (add_str(c, "comm", ev->consumers[i].name) || add_int(c, "pid", ev->consumers[i].pid) ||
		    add_int(c, "bytes", ev->consumers[i].bytes))
			return -1;
	}
	return 0;
}

cJSON *json_event(const struct oom_event *ev)
{
	cJSON *o = cJSON_CreateObject();
	char ts[48];
	int err = 0;

	if (!o)
		return NULL;
	err |= add_str(o, "kind", event_kind_name(ev->kind));
	err |= add_str(o, "source", ev->source);
	err |= add_int(o, "line", ev->line);
	err |= add_str(o, "host", ev->host);
	if (event_format_time(ev, ts, sizeof(ts)) == 0)
		err |= add_str(o, "time", ts);
	if (ev->uptime_usec != EV_NONE)
		err |= cJSON_AddNumberToObject(o, "uptime", (double)ev->uptime_usec / 1e6) ? 0 : -1;
	err |= add_int(o, "pid", ev->pid);
	err |= add_str(o, "comm", ev->comm);
	err |= add_int(o, "uid", ev->uid);
	err |= add_int(o, "trigger_pid", ev->trigger_pid);
	err |= add_str(o, "trigger_comm", ev->trigger_comm);
	err |= add_str(o, "gfp_mask", ev->gfp_mask);
	err |= add_int(o, "order", ev->order);
	err |= add_str(o, "constraint", ev->constraint);
	err |= add_str(o, "oom_memcg", ev->oom_memcg);
	err |= add_str(o, "task_memcg", ev->task_memcg);
	err |= add_str(o, "container_id", ev->container_id);
	err |= add_str(o, "pod_uid", ev->pod_uid);
	err |= add_str(o, "pod_qos", ev->pod_qos);
	err |= add_str(o, "systemd_unit", ev->systemd_unit);
	err |= add_str(o, "namespace", ev->k8s_namespace);
	err |= add_str(o, "pod", ev->k8s_pod);
	err |= add_str(o, "container", ev->k8s_container);
	err |= add_int(o, "total_vm_kb", ev->total_vm_kb);
	err |= add_int(o, "anon_rss_kb", ev->anon_rss_kb);
	err |= add_int(o, "file_rss_kb", ev->file_rss_kb);
	err |= add_int(o, "shmem_rss_kb", ev->shmem_rss_kb);
	err |= add_int(o, "pgtables_kb", ev->pgtables_kb);
	err |= add_int(o, "oom_score_adj", ev->oom_score_adj);
	err |= add_int(o, "score", ev->score);
	if (event_is_kill(ev->kind) && ev->killer[0] && strcmp(ev->killer, "kernel") == 0)
		err |= cJSON_AddBoolToObject(o, "reaped", ev->reaped) ? 0 : -1;
	err |= add_int(o, "swap_total_kb", ev->swap_total_kb);
	err |= add_int(o, "swap_free_kb", ev->swap_free_kb);
	err |= add_int(o, "memcg_usage_kb", ev->memcg_usage_kb);
	err |= add_int(o, "memcg_limit_kb", ev->memcg_limit_kb);
	err |= add_str(o, "killer", ev->killer);
	err |= add_int(o, "requested_bytes", ev->requested_bytes);
	err |= add_int(o, "errno", ev->errno_code);
	err |= add_str(o, "runtime", ev->runtime);
	err |= add_str(o, "detail", ev->detail);
	err |= add_consumers(o, ev);
	if (ev->cut)
		err |= cJSON_AddBoolToObject(o, "truncated", 1) ? 0 : -1;
	if (err) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
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

int json_write_event_line(FILE *f, const struct oom_event *ev)
{
	cJSON *o = json_event(ev);
	char *s;
	int rc = -1;

	if (!o)
		return -1;
	s = cJSON_PrintUnformatted(o);
	if (!s)
		goto out;
	if (fputs(s, f) >= 0 && fputc('\n', f) != EOF)
		rc = 0;
	free(s);
out:
	cJSON_Delete(o);
	return rc;
}
