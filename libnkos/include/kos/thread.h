/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kos/thread.h - the KasperskyOS thread interface (Kos* functions), over
 * the native thread API of coresrv/thread/thread_api.h.
 */
#ifndef KOS_THREAD_H
#define KOS_THREAD_H

#include <rtl/compiler.h>
#include <rtl/stddef.h>
#include <rtl/retcode.h>
#include <coresrv/time/time_api.h>
#include <coresrv/thread/thread_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Create a thread running @routine(@context); @priority is ignored,
 * @stackSize 0 gives ThreadStackSizeDefault, @suspended 1 creates it
 * suspended (KosThreadResume starts it).  Release it with KosThreadWait.
 */
Retcode KosThreadCreate(Tid *tid, rtl_uint32_t priority,
			rtl_uint32_t stackSize, ThreadRoutine routine,
			void *context, int suspended);
/* The calling thread's id. */
Tid KosThreadCurrentId(void);
/* Start a thread created suspended. */
Retcode KosThreadResume(Tid tid);
/* End the calling thread with @exitCode (does not return). */
void KosThreadExit(rtl_int32_t exitCode);
/*
 * Wait up to @timeout ms (INFINITE_TIMEOUT: no limit) for thread @tid to
 * end: rcOk or rcTimeout (rcResourceNotFound for an unknown tid).
 */
int KosThreadWait(rtl_uint32_t tid, rtl_uint32_t timeout);
/* Sleep @mdelay milliseconds: rcOk. */
Retcode KosThreadSleep(rtl_uint32_t mdelay);
/* Yield the processor to another thread. */
void KosThreadYield(void);

#ifdef __cplusplus
}
#endif

#endif /* KOS_THREAD_H */
