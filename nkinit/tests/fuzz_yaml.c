// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: nkinit's init.yaml front end and checker. */
#include <stddef.h>
#include <stdint.h>

#include "nkinit.h"

/* the program name in nkpolicy compiler messages (policy/nkpolicy.h) */
const char *prog = "fuzz_yaml";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nki_diag d = { NULL, 0 };
	struct nki_solution sol;

	if (!nki_parse("fuzz.yaml", (const char *)data, size, &sol, &d))
		nki_check(&sol, &d);
	nki_free(&sol);
	return 0;
}
