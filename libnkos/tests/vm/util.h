/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util.h - helpers of the libnkos VM tests: names, server processes, sync. */
#ifndef NKOS_VM_UTIL_H
#define NKOS_VM_UTIL_H

#include <sys/types.h>

#include "echo.h"

/* "prefix.PID.N", unique per process and call. */
const char *uniq(const char *prefix);

/* Run NkKosDoDispatch for the echo entity on @handle in @threads threads
 * (the caller's included); returns when all of them end. */
void serve_echo(Handle handle, int threads, unsigned int delay_us);

/* A child process that registers @channel (ServiceLocatorRegister, the
 * KOS flow) and serves it with @threads threads until killed. */
pid_t spawn_sl_server(const char *channel, int threads, unsigned int delay_us);
/* SIGKILL and reap. */
void stop_child(pid_t pid);
/* 0 if the child exited with status 0. */
int wait_child(pid_t pid);
/* SIGKILL every other process of the caller's process group. */
void kill_own_group(void);

/* One-byte pipe signalling between processes. */
struct sync_pipe {
	int fd[2];
};
void sync_init(struct sync_pipe *p);
void sync_post(struct sync_pipe *p);
int sync_wait(struct sync_pipe *p);	/* 0 when posted, -1 on EOF */

#endif
