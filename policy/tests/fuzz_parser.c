// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the policy compiler (lexer, parser, name resolution)
 * and the JSON reader must reject any input cleanly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "nkpolicy.h"

const char *prog = "fuzz_parser";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *incdirs[] = { NULL };
	struct compile_opts co = { incdirs, 0 };
	struct diag d = { NULL, 0 };
	struct cpolicy p;
	char err[128];
	struct json *j;

	if (!incdirs[0])
		incdirs[0] = getenv("FUZZ_EDL_DIR");
	co.n_incdirs = incdirs[0] ? 1 : 0;
	j = json_parse((const char *)data, size, err, sizeof(err));
	json_free(j);
	policy_compile("fuzz.policy", (const char *)data, size, &co, &p, &d);
	cpolicy_free(&p);
	return 0;
}
