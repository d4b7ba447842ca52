/*
 * fuzz_http_query.c - libFuzzer target for what the HTTP server parses from
 * a request besides MHD's own work: the API's time values (since, until)
 * and the Accept header's media-type negotiation. Any bytes must be
 * accepted or refused, never crash; an accepted time is finite.
 *
 * Trusts nothing in the input. Single-threaded.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../exporter/http.h"
#include "../../exporter/prom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	double t = 0;
	enum prom_format f;

	/* Query values and header values reach the handlers as C strings. */
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (http_parse_time(s, &t) == 0 && !isfinite(t))
		abort();
	f = prom_negotiate(s);
	if (f != PROM_FMT_TEXT && f != PROM_FMT_OPENMETRICS)
		abort();
	free(s);
	return 0;
}
