// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * thread.c - KnThreadCreate/KosThreadCreate and friends over POSIX
 * threads, KnSleep, KnGetMSecSinceStart.
 *
 * A thread created here has a slot in a small table: its pthread, its
 * Tid (the kernel thread id, known once the thread runs), its exit code
 * and state.  The creator waits until the thread has published its Tid,
 * so *tid is valid on return.  KnThreadWait joins the thread and frees
 * the slot; a slot is only waited for by one caller at a time.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include <coresrv/thread/thread_api.h>
#include <kos/thread.h>

struct nk_thread {
	struct nk_thread *next;	/* nk_threads, under nk_threads_lock */
	pthread_t pthread;
	Tid tid;		/* INVALID_TID until the thread runs */
	ThreadRoutine routine;
	void *context;
	int suspended;		/* waits in nk_thread_start until cleared */
	int done;
	int waited;		/* a KnThreadWait is in progress */
	rtl_uint32_t exit_code;
};

static pthread_mutex_t nk_threads_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t nk_threads_cond;	/* CLOCK_MONOTONIC */
static pthread_once_t nk_threads_once = PTHREAD_ONCE_INIT;
static struct nk_thread *nk_threads;
static __thread struct nk_thread *nk_thread_self;

static void nk_threads_init(void)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&nk_threads_cond, &a);
	pthread_condattr_destroy(&a);
}

static Tid nk_gettid(void)
{
	return (Tid)syscall(SYS_gettid);
}

/* The slot of @tid, under nk_threads_lock; NULL if none. */
static struct nk_thread *nk_thread_find(Tid tid)
{
	struct nk_thread *t;

	for (t = nk_threads; t; t = t->next)
		if (t->tid == tid && tid != INVALID_TID)
			return t;
	return NULL;
}

static void nk_thread_finish(struct nk_thread *t, rtl_uint32_t code)
{
	pthread_mutex_lock(&nk_threads_lock);
	t->exit_code = code;
	t->done = 1;
	pthread_cond_broadcast(&nk_threads_cond);
	pthread_mutex_unlock(&nk_threads_lock);
}

static void *nk_thread_start(void *arg)
{
	struct nk_thread *t = arg;
	int code;

	nk_thread_self = t;
	pthread_mutex_lock(&nk_threads_lock);
	t->tid = nk_gettid();
	pthread_cond_broadcast(&nk_threads_cond);
	while (t->suspended)
		pthread_cond_wait(&nk_threads_cond, &nk_threads_lock);
	pthread_mutex_unlock(&nk_threads_lock);

	code = t->routine(t->context);
	nk_thread_finish(t, (rtl_uint32_t)code);
	return NULL;
}

Retcode KnThreadCreate(Tid *tid, ThreadPriority priority,
		       rtl_uint32_t stackSize, void (*startRoutine)(void),
		       ThreadRoutine routine, void *context,
		       rtl_uint32_t flags)
{
	struct nk_thread *t;
	pthread_attr_t attr;
	size_t stack;
	int err;

	(void)priority;
	if (!tid || !routine || (flags & ~(rtl_uint32_t)ThreadFlagCreateSuspended))
		return rcInvalidArgument;
	if (startRoutine)
		return rcUnimplemented;
	pthread_once(&nk_threads_once, nk_threads_init);
	stack = stackSize ? stackSize : ThreadStackSizeDefault;
	if (stack < (size_t)PTHREAD_STACK_MIN)
		stack = (size_t)PTHREAD_STACK_MIN;

	t = calloc(1, sizeof(*t));
	if (!t)
		return rcOutOfMemory;
	t->tid = INVALID_TID;
	t->routine = routine;
	t->context = context;
	t->suspended = !!(flags & ThreadFlagCreateSuspended);

	if (pthread_attr_init(&attr)) {
		free(t);
		return rcOutOfMemory;
	}
	err = pthread_attr_setstacksize(&attr, stack);
	pthread_mutex_lock(&nk_threads_lock);
	if (!err)
		err = pthread_create(&t->pthread, &attr, nk_thread_start, t);
	if (err) {
		pthread_mutex_unlock(&nk_threads_lock);
		pthread_attr_destroy(&attr);
		free(t);
		return err == EINVAL ? rcInvalidArgument : rcOutOfMemory;
	}
	t->next = nk_threads;
	nk_threads = t;
	while (t->tid == INVALID_TID)
		pthread_cond_wait(&nk_threads_cond, &nk_threads_lock);
	*tid = t->tid;
	pthread_mutex_unlock(&nk_threads_lock);
	pthread_attr_destroy(&attr);
	return rcOk;
}

Retcode KnThreadResume(Tid tid)
{
	struct nk_thread *t;
	Retcode rc = rcResourceNotFound;

	pthread_once(&nk_threads_once, nk_threads_init);
	pthread_mutex_lock(&nk_threads_lock);
	t = nk_thread_find(tid);
	if (t) {
		rc = t->suspended ? rcOk : rcFail;
		t->suspended = 0;
		pthread_cond_broadcast(&nk_threads_cond);
	}
	pthread_mutex_unlock(&nk_threads_lock);
	return rc;
}

/* Absolute CLOCK_MONOTONIC time @ms from now. */
static struct timespec nk_deadline(rtl_uint32_t ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

Retcode KnThreadWait(Tid tid, rtl_uint32_t msDelay, rtl_uint32_t *exitCode)
{
	struct timespec deadline = nk_deadline(msDelay);
	struct nk_thread *t, **pp;
	int err = 0;

	pthread_once(&nk_threads_once, nk_threads_init);
	pthread_mutex_lock(&nk_threads_lock);
	t = nk_thread_find(tid);
	if (!t || t->waited || t == nk_thread_self) {
		pthread_mutex_unlock(&nk_threads_lock);
		return rcResourceNotFound;
	}
	t->waited = 1;
	while (!t->done && err != ETIMEDOUT) {
		if (msDelay == INFINITE_TIMEOUT)
			pthread_cond_wait(&nk_threads_cond, &nk_threads_lock);
		else if (msDelay == 0)
			err = ETIMEDOUT;
		else
			err = pthread_cond_timedwait(&nk_threads_cond,
						     &nk_threads_lock, &deadline);
	}
	if (!t->done) {
		t->waited = 0;
		pthread_mutex_unlock(&nk_threads_lock);
		return rcTimeout;
	}
	for (pp = &nk_threads; *pp != t; pp = &(*pp)->next)
		;
	*pp = t->next;
	pthread_mutex_unlock(&nk_threads_lock);

	pthread_join(t->pthread, NULL);
	if (exitCode)
		*exitCode = t->exit_code;
	free(t);
	return rcOk;
}

Retcode KnThreadExit(rtl_uint32_t code)
{
	if (nk_thread_self)
		nk_thread_finish(nk_thread_self, code);
	pthread_exit(NULL);
}

Retcode KnSleep(rtl_uint32_t mdelay)
{
	struct timespec ts = { mdelay / 1000, (long)(mdelay % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
	return rcOk;
}

Tid KnThreadCurrent(void)
{
	return nk_gettid();
}

rtl_size_t KnGetMSecSinceStart(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (rtl_size_t)ts.tv_sec * 1000 + (rtl_size_t)(ts.tv_nsec / 1000000);
}

/* ---- kos/thread.h ---- */

Retcode KosThreadCreate(Tid *tid, rtl_uint32_t priority,
			rtl_uint32_t stackSize, ThreadRoutine routine,
			void *context, int suspended)
{
	(void)priority;
	return KnThreadCreate(tid, ThreadPriorityNormal, stackSize, NULL,
			      routine, context,
			      suspended ? ThreadFlagCreateSuspended : 0);
}

Tid KosThreadCurrentId(void)
{
	return KnThreadCurrent();
}

Retcode KosThreadResume(Tid tid)
{
	return KnThreadResume(tid);
}

void KosThreadExit(rtl_int32_t exitCode)
{
	KnThreadExit((rtl_uint32_t)exitCode);
	__builtin_unreachable();
}

int KosThreadWait(rtl_uint32_t tid, rtl_uint32_t timeout)
{
	return KnThreadWait(tid, timeout, NULL);
}

Retcode KosThreadSleep(rtl_uint32_t mdelay)
{
	return KnSleep(mdelay);
}

void KosThreadYield(void)
{
	sched_yield();
}
