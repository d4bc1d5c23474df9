/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unloading and reloading nkipc.ko from a test.  The module is reloaded
 * from $NKIPC_KO (vm-run exports the file it inserted; else
 * $TOP/nkipc.ko) with $NKIPC_PARAMS, the way vm-run loaded it, so the
 * suites after this one see the same module.
 */
#ifndef NKT_RELOAD_H
#define NKT_RELOAD_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline bool nkt_module_loaded(void)
{
	char line[256];
	bool found = false;
	FILE *f = fopen("/proc/modules", "r");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "nkipc ", 6))
			found = true;
	fclose(f);
	return found;
}

/* 0 or -errno of delete_module(2) (O_NONBLOCK: never wait). */
static inline int nkt_module_unload(void)
{
	return syscall(SYS_delete_module, "nkipc", O_NONBLOCK) ? -errno : 0;
}

/* insmod with @params (NULL: $NKIPC_PARAMS); returns insmod's status. */
static inline int nkt_module_load(const char *params)
{
	const char *top = getenv("TOP");
	const char *ko = getenv("NKIPC_KO");
	char cmd[1024];

	if (!params)
		params = getenv("NKIPC_PARAMS") ?: "";
	if (ko && *ko)
		snprintf(cmd, sizeof(cmd), "insmod %s %s 2>/dev/null", ko,
			 params);
	else
		snprintf(cmd, sizeof(cmd), "insmod %s/nkipc.ko %s 2>/dev/null",
			 top ? top : ".", params);
	return system(cmd);
}

/* Back to the module as vm-run loaded it, whatever state it is in. */
static inline bool nkt_module_restore(void)
{
	if (nkt_module_loaded())
		nkt_module_unload();
	return !nkt_module_load(NULL) && nkt_module_loaded();
}

#endif /* NKT_RELOAD_H */
