/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * coresrv/thread/thread_api.h - the native thread API, the part that IPC
 * programs use: create a thread, wait for it, sleep.
 *
 * On Linux a thread is a POSIX thread and its Tid is its kernel thread id
 * (gettid()).  Priorities are accepted and ignored (every thread runs
 * under the normal Linux scheduler).  See docs/kos-api.md.
 */
#ifndef CORESRV_THREAD_THREAD_API_H
#define CORESRV_THREAD_THREAD_API_H

#include <rtl/stddef.h>
#include <rtl/retcode.h>
#include <coresrv/handle/handletype.h>
#include <coresrv/time/time_api.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef rtl_uint32_t Tid;

#define INVALID_TID		((Tid)-1)
#define InvalidTid		(INVALID_TID)
/* Stack size used when 0 is passed (1 MiB, as on KOS). */
#define ThreadStackSizeDefault	(0x100000)

typedef enum EThreadPriority {
	ThreadPriorityLowest = 0,
	ThreadPriorityNormal = 10,
	ThreadPriorityHighest = 15,
} ThreadPriority;

enum EThreadCreationFlags {
	/* start only after KnThreadResume / KosThreadResume */
	ThreadFlagCreateSuspended = 0x1,
};

/* A thread's routine: its return value is the thread's exit code. */
typedef int (*ThreadRoutine)(void *context);

/*
 * Create a thread running @routine(@context).  @priority is ignored;
 * @stackSize 0 gives ThreadStackSizeDefault; @startRoutine must be
 * RTL_NULL (the default start routine; anything else: rcUnimplemented);
 * @flags 0 or ThreadFlagCreateSuspended.  *@tid receives the new
 * thread's id.  Wait for every thread created here with KnThreadWait (or
 * KosThreadWait): that releases it.
 */
Retcode KnThreadCreate(Tid *tid, ThreadPriority priority,
		       rtl_uint32_t stackSize, void (*startRoutine)(void),
		       ThreadRoutine routine, void *context,
		       rtl_uint32_t flags);
/* Start a thread created suspended: rcOk, rcResourceNotFound, rcFail. */
Retcode KnThreadResume(Tid tid);
/*
 * Wait up to @msDelay ms (INFINITE_TIMEOUT: no limit, 0: do not wait) for
 * thread @tid (created by KnThreadCreate or KosThreadCreate) to end:
 * rcOk and its exit code in *@exitCode (may be RTL_NULL), rcTimeout, or
 * rcResourceNotFound for a tid that is not such a thread or is already
 * being waited for.
 */
Retcode KnThreadWait(Tid tid, rtl_uint32_t msDelay, rtl_uint32_t *exitCode);
/* End the calling thread with exit code @code (does not return). */
Retcode KnThreadExit(rtl_uint32_t code);
/* Sleep @mdelay milliseconds (restarted after signals): rcOk. */
Retcode KnSleep(rtl_uint32_t mdelay);
/* The calling thread's id. */
Tid KnThreadCurrent(void);

#ifdef __cplusplus
}
#endif

#endif /* CORESRV_THREAD_THREAD_API_H */
