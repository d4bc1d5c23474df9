/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * coresrv/time/time_api.h - time since start (the part of the KasperskyOS
 * time API that IPC programs use for timeouts).
 */
#ifndef CORESRV_TIME_TIME_API_H
#define CORESRV_TIME_TIME_API_H

#include <rtl/stddef.h>
#include <rtl/retcode.h>

/* Timeouts are in milliseconds; this one waits forever (as coresrv/syscalls.h). */
#define INFINITE_TIMEOUT	((nk_uint32_t)-1)

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Milliseconds elapsed since the system started (Linux: CLOCK_MONOTONIC,
 * which does not count suspend).
 */
rtl_size_t KnGetMSecSinceStart(void);

#ifdef __cplusplus
}
#endif

#endif /* CORESRV_TIME_TIME_API_H */
