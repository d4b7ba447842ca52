/*
 * fuzz_json.c - libFuzzer target for safe output: any bytes put into an
 * event's strings (as the parsers copy them, NUL included) must print as
 * JSON that is valid UTF-8 and parses back (the tree printed, and the same
 * bytes from the writer without a tree), and as terminal text without
 * control characters or escape sequences.
 *
 * Trusts nothing in the input. Single-threaded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/event.h"
#include "../../core/text.h"
#include "../../exporter/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int valid_utf8(const char *s, size_t n)
{
	size_t i = 0, bad, len;

	while (i < n) {
		len = text_utf8_len((const unsigned char *)s + i, n - i, &bad);
		if (!len)
			return 0;
		i += len;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct oom_event ev;
	struct json_buf jb = { NULL, 0, 0, 0 };
	char term[1024];
	const char *p = (const char *)data;
	size_t half = size / 2, n = 0, i;
	cJSON *o, *back;
	char *js;

	event_init(&ev, EV_OOM_KILL);
	EVENT_SET(&ev, comm, p, half, EV_CUT_COMM);
	EVENT_SET(&ev, detail, p + half, size - half, EV_CUT_DETAIL);
	EVENT_SET(&ev, host, p, size, EV_CUT_OTHER);
	/* Stored strings never hold a NUL byte before their end. */
	if (strlen(ev.comm) >= sizeof(ev.comm) || strlen(ev.detail) >= sizeof(ev.detail))
		abort();
	o = json_event(&ev);
	if (!o)
		return 0;
	js = json_print(o, 0, &n);
	cJSON_Delete(o);
	if (!js)
		return 0;
	if (!valid_utf8(js, n) || strlen(js) != n)
		abort();
	back = cJSON_Parse(js);
	if (!back)
		abort();
	cJSON_Delete(back);
	if (json_event_append(&jb, &ev, NULL) == 0 && (jb.n != n || memcmp(jb.p, js, n) != 0))
		abort();
	json_buf_free(&jb);
	free(js);
	text_terminal(term, sizeof(term), ev.detail);
	for (i = 0; term[i]; i++)
		if ((unsigned char)term[i] < 0x20 || term[i] == 0x7f)
			abort();
	if (!valid_utf8(term, strlen(term)))
		abort();
	return 0;
}
