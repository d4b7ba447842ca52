/*
 * fuzz_state.c - libFuzzer target: arbitrary bytes as a state file. Parsing
 * must never crash or leak, whatever the JSON holds.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../collector/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct state s;
	struct store *st = store_new(0);
	char err[256];

	if (!st)
		return 0;
	(void)state_parse((const char *)data, size, &s, st, err, sizeof(err));
	store_free(st);
	return 0;
}
