// SPDX-License-Identifier: GPL-2.0
/*
 * nkfuzz: a structured fuzzer for the nkipc ioctl ABI and the "nkipc"
 * generic netlink family, run inside the test VM.
 *
 * A supervisor forks NKFUZZ_WORKERS worker processes of NKFUZZ_THREADS
 * threads each, plus one policy worker, and respawns workers it kills with
 * SIGKILL at random moments.  Every worker thread has its own PRNG, seeded
 * from (run seed, worker slot, incarnation, thread), and issues random
 * valid and invalid operations on a small table of fds the worker owns:
 * /dev/nkipc contexts, server handles, client handles.  Operations: open,
 * close, dup, VERSION, REGISTER (valid and corrupt endpoint tables),
 * CONNECT, GET_RIID, CALL (0 .. a few hundred KiB, corrupt headers, short
 * timeouts), RECV, REPLY at once or later by txid (stale and random txids
 * too), NS_PUBLISH/UNPUBLISH/ENUM, CM_CONNECT/LISTEN/ACCEPT/DROP,
 * LAUNCH_CLASS, poll, fork (the child uses the inherited handles and may
 * be killed with SIGKILL), munmap/mprotect/MADV_DONTNEED of a buffer while
 * another thread has it in a CALL/RECV/REPLY, signals to sibling threads,
 * exit of the whole worker, random ioctl numbers with random structs, and
 * allocation failures injected with failslab where the kernel has it.
 * The policy worker loads, reloads, aborts and unloads random policies
 * over raw generic netlink from two racing threads, sends malformed
 * attributes and dumps the policy and the channels.
 *
 * Invariants checked (each a TAP line at the end):
 *  - every ioctl/netlink error is in the documented set for its command;
 *  - a CALL that returns 0 got a response whose header matches the sizes
 *    reported, within the caps, and (for fuzz responses) the bytes the
 *    server wrote for exactly this request; ENOBUFS reports sizes that do
 *    not fit; a RECV that returns 0 delivers the request intact;
 *  - no operation blocks much longer than its timeout (watchdog);
 *  - workers die only of our SIGKILLs or exit normally;
 *  - after every worker is gone: no named service, no name-server entry,
 *    no policy staging left, and the module's reference count is 0 (so
 *    rmmod would succeed; run-vm-tests checks that too).
 * vm-run checks the kernel log.
 *
 * Environment: NKFUZZ_OPS (operation budget, all workers together;
 * default bounded for `make check`), NKFUZZ_SEED (run seed; default from
 * the clock, printed first), NKFUZZ_WORKER=SLOT.INCARNATION (replay one
 * worker's sequence alone: no other workers, no kills), NKFUZZ_WORKERS,
 * NKFUZZ_THREADS, NKFUZZ_KILL_MS (mean interval between kills, 0: none),
 * NKFUZZ_FAULT (percent of operations run with failslab armed, if
 * /sys/kernel/debug/failslab exists), NKFUZZ_FAIL_PAGE=1 (also arm
 * fail_page_alloc: its failures print allocation warnings with call
 * traces, which the kernel-log check counts as splats), NKFUZZ_TIME
 * (seconds; stop early, reported, default 240), NKFUZZ_POLICY=0 (no
 * policy worker), NKFUZZ_SKIP=op,op (leave out operations by name),
 * NKFUZZ_TIME_SCALE (multiplies timeouts, kill interval, watchdog and the
 * default NKFUZZ_TIME; default NKIPC_TIME_SCALE or 1), NKFUZZ_MIN_CALLS
 * (completed calls per 1000 operations a run must reach; default 1),
 * NKFUZZ_PROGRESS (seconds between progress lines, 60; 0: none).
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nkipc.h>
#include <linux/nkipc_genl.h>
#include <linux/nkipc_layout.h>

#define MAX_WORKERS	16
#define MAX_THREADS	8
#define MAX_SLOTS	40
#define MAX_TXIDS	64
#define MAX_LISTENED	8
#define RING		24
#define PAGE		4096UL

#define CPART_CAP	(64UL << 10)
#define ARENA_CAP	(384UL << 10)
#define SCRIBBLE_LEN	(256UL << 10)

#define MAGIC		0xf0000000u
#define MAGIC_MASK	0xf0000000u
#define SEED_MASK	0x0fffffffu

#define DEFAULT_OPS	50000L
#define STUCK_SEC	60
/*
 * Completed calls per 1000 operations below which a run fails: measured
 * 7-9 on the stock kernel and about 3 on the debug kernel (TCG, shared
 * host); 0.04 when a header bug made nearly every call fail.  A run that
 * does not exchange messages proves little about the exchange.
 */
#define DEFAULT_MIN_CALLS	1

/* ---- operations ---- */

enum op {
	OP_OPEN, OP_CLOSE, OP_DUP, OP_VERSION, OP_REGISTER, OP_CONNECT,
	OP_GET_RIID, OP_CALL, OP_RECV, OP_REPLY, OP_NS_PUBLISH,
	OP_NS_UNPUBLISH, OP_NS_ENUM, OP_CM_CONNECT, OP_CM_LISTEN,
	OP_CM_ACCEPT, OP_CM_DROP, OP_LAUNCH, OP_POLL, OP_FORK, OP_TAMPER,
	OP_SIGNAL, OP_RAND_IOCTL, OP_EXIT,
	/* policy worker */
	OP_NL_STATE, OP_NL_LOAD, OP_NL_BAD, OP_NL_ABORT, OP_NL_UNLOAD,
	OP_NL_CONFIG, OP_NL_DUMP_POLICY, OP_NL_DUMP_CHANNELS, OP_NL_REOPEN,
	N_OPS
};

static const char *const op_names[N_OPS] = {
	"open", "close", "dup", "version", "register", "connect", "get_riid",
	"call", "recv", "reply", "ns_publish", "ns_unpublish", "ns_enum",
	"cm_connect", "cm_listen", "cm_accept", "cm_drop", "launch_class",
	"poll", "fork", "tamper", "signal", "rand_ioctl", "exit",
	"nl_state", "nl_load", "nl_bad", "nl_abort", "nl_unload",
	"nl_config", "nl_dump_policy", "nl_dump_channels", "nl_reopen",
};

/* Relative weights of the worker operations (NKFUZZ_SKIP zeroes some). */
static unsigned int op_weight[OP_EXIT + 1] = {
	[OP_OPEN] = 3, [OP_CLOSE] = 4, [OP_DUP] = 2, [OP_VERSION] = 1,
	[OP_REGISTER] = 5, [OP_CONNECT] = 6, [OP_GET_RIID] = 3,
	[OP_CALL] = 30, [OP_RECV] = 24, [OP_REPLY] = 8, [OP_NS_PUBLISH] = 3,
	[OP_NS_UNPUBLISH] = 2, [OP_NS_ENUM] = 2, [OP_CM_CONNECT] = 4,
	[OP_CM_LISTEN] = 4, [OP_CM_ACCEPT] = 4, [OP_CM_DROP] = 1,
	[OP_LAUNCH] = 1, [OP_POLL] = 2, [OP_FORK] = 1, [OP_TAMPER] = 3,
	[OP_SIGNAL] = 2, [OP_RAND_IOCTL] = 6, [OP_EXIT] = 0 /* see pick */,
};

/* ---- errno sets ---- */

#define NERR 160
struct errset {
	uint64_t m[(NERR + 63) / 64];
};

static void es_add(struct errset *s, ...)
{
	va_list ap;
	int e;

	va_start(ap, s);
	while ((e = va_arg(ap, int)) != 0)
		s->m[e / 64] |= 1ULL << (e % 64);
	va_end(ap);
}

static bool es_has(const struct errset *s, int e)
{
	return e > 0 && e < NERR && (s->m[e / 64] >> (e % 64) & 1);
}

/* Per command, from uapi/linux/nkipc.h, docs/uapi.md and the code. */
enum cmdset {
	CS_VERSION, CS_REGISTER, CS_CONNECT, CS_GET_RIID, CS_CALL, CS_RECV,
	CS_REPLY, CS_NS_PUBLISH, CS_NS_UNPUBLISH, CS_NS_ENUM, CS_CM_CONNECT,
	CS_CM_LISTEN, CS_CM_ACCEPT, CS_CM_DROP, CS_LAUNCH, CS_ANY, CS_NL,
	N_CS
};
static struct errset errsets[N_CS];

static void errsets_init(void)
{
	int i;

	/*
	 * Every command: bad pointer, bad argument, a struct larger than
	 * ours with a non-zero tail or larger than a page (E2BIG), unknown
	 * command (also a command sent to the wrong kind of fd), and
	 * allocation failure
	 * (not in the table of docs/uapi.md, but any command that allocates
	 * can fail so, and fault injection makes it happen).
	 */
	for (i = 0; i < N_CS; i++)
		es_add(&errsets[i], EFAULT, EINVAL, E2BIG, ENOTTY, ENOMEM, 0);
	es_add(&errsets[CS_REGISTER], EEXIST, EACCES, EMFILE, ENFILE, EDQUOT,
	       0);
	es_add(&errsets[CS_CONNECT], ENOENT, ETIMEDOUT, EINTR, EACCES, EMFILE,
	       ENFILE, 0);
	es_add(&errsets[CS_GET_RIID], ENOENT, 0);
	es_add(&errsets[CS_CALL], EMSGSIZE, EBADMSG, EPIPE, EDQUOT, EACCES,
	       ENOBUFS, ETIMEDOUT, EINTR, 0);
	es_add(&errsets[CS_RECV], ENOBUFS, EPIPE, ETIMEDOUT, EAGAIN, EINTR, 0);
	es_add(&errsets[CS_REPLY], EMSGSIZE, EBADMSG, ENOENT, EPIPE, EBUSY,
	       ENOBUFS, EACCES, 0);
	es_add(&errsets[CS_NS_PUBLISH], EACCES, EEXIST, ENOSPC, EDQUOT, 0);
	es_add(&errsets[CS_NS_UNPUBLISH], ENOENT, 0);
	es_add(&errsets[CS_NS_ENUM], ENOENT, 0);
	es_add(&errsets[CS_CM_CONNECT], ENOENT, EACCES, EPIPE, ETIMEDOUT, EINTR,
	       ECONNREFUSED, EMFILE, ENFILE, 0);
	es_add(&errsets[CS_CM_LISTEN], EINTR, ETIMEDOUT, EAGAIN, 0);
	es_add(&errsets[CS_CM_ACCEPT], ENOENT, EACCES, EBADF, EPIPE, EMFILE,
	       ENFILE, 0);
	es_add(&errsets[CS_CM_DROP], ENOENT, 0);
	/* LAUNCH_CLASS: uapi/linux/nkipc.h (DOC: trusted launcher) */
	es_add(&errsets[CS_LAUNCH], EPERM, ESRCH, EALREADY, ENOSPC, 0);
	for (i = 0; i < CS_ANY; i++) {
		int k;

		for (k = 0; k < 3; k++)
			errsets[CS_ANY].m[k] |= errsets[i].m[k];
	}
	/*
	 * generic netlink: policy checks, staging, permissions; ENOBUFS is
	 * netlink's own "no buffer space" (netlink(7)): the request's skb
	 * could not be allocated at send, or the kernel could not allocate
	 * the answer and flagged the socket (netlink_ack() sets sk_err).
	 */
	es_add(&errsets[CS_NL], ERANGE, ENOENT, ESTALE, EBUSY, ENOSPC, E2BIG,
	       EPERM, EOPNOTSUPP, EMSGSIZE, ENOBUFS, 0);
}

/* ---- shared state (supervisor and every worker) ---- */

struct thread_stat {
	_Atomic int64_t op_start_ns;	/* 0: idle */
	_Atomic int op;
	_Atomic int tid;
};

struct shared {
	_Atomic long ops_done;
	long budget;
	_Atomic int stop;
	_Atomic long violations;
	_Atomic long data_errors;
	_Atomic long op_count[N_OPS];
	_Atomic long op_ok[N_OPS];
	_Atomic long err_count[N_CS][NERR];
	_Atomic long calls_ok, recvs_ok, replies_ok, cm_ok, loads_ok;
	_Atomic long faults_armed;
	_Atomic int64_t fast_avg_ns;	/* moving average, see auto_scale */
	_Atomic long max_scale;
	_Atomic int policy_loaded;	/* roughly: last commit vs unload */
	struct thread_stat th[MAX_WORKERS + 1][MAX_THREADS];
	char first[512];
	_Atomic int have_first;
};

static struct shared *shm;

/* ---- configuration ---- */

static uint64_t run_seed;
static int n_workers = 4, n_threads = 3, kill_ms = 700, fault_pct = 2;
static bool fail_page;
static long time_limit = 240;
/*
 * NKFUZZ_TIME_SCALE (default NKIPC_TIME_SCALE, which the debug lane sets):
 * every timeout the workers pass to the kernel, the kill interval, the
 * watchdog and the default NKFUZZ_TIME are multiplied by it.  On a slow
 * kernel (KASAN + lockdep under TCG) the stock timeouts expire before a
 * server thread gets to RECV, and calls never complete.
 */
static long time_scale = 1;
/*
 * And, unless NKFUZZ_AUTO_SCALE=0, by how much slower than on the stock
 * kernel under TCG the operations that never wait run here (a moving
 * average of their duration, scheduling included, over FAST_REF_NS), up
 * to AUTO_SCALE_MAX: under KASAN + lockdep, with the host's cores shared,
 * an operation takes some 50 times longer, and a server thread is almost
 * never in RECV while a 4x-scaled call waits.
 */
static bool auto_scale = true;
#define FAST_REF_NS	2000000LL
#define AUTO_SCALE_MAX	100
/* NKFUZZ_MIN_CALLS: completed calls per 1000 operations a run must reach */
static long min_calls_permille = -1;

static long eff_scale(void)
{
	long k;

	if (!auto_scale)
		return time_scale;
	k = atomic_load(&shm->fast_avg_ns) / FAST_REF_NS;
	k = k < time_scale ? time_scale : k > AUTO_SCALE_MAX ? AUTO_SCALE_MAX : k;
	if (k > atomic_load(&shm->max_scale))
		atomic_store(&shm->max_scale, k);
	return k;
}

/* Operations that never wait in the kernel: their duration says how slow
 * this kernel and host are. */
static void fast_op_done(enum op op, int64_t ns)
{
	int64_t avg;

	switch (op) {
	case OP_OPEN: case OP_CLOSE: case OP_DUP: case OP_VERSION:
	case OP_REGISTER: case OP_GET_RIID: case OP_REPLY:
	case OP_NS_PUBLISH: case OP_NS_UNPUBLISH: case OP_NS_ENUM:
	case OP_CM_ACCEPT: case OP_CM_DROP:
		avg = atomic_load(&shm->fast_avg_ns);
		atomic_store(&shm->fast_avg_ns, avg ? avg + (ns - avg) / 64 : ns);
		break;
	default:
		break;
	}
}


/* @ms milliseconds, scaled, in ns */
static uint64_t ms_ns(uint64_t ms)
{
	return 1000000ULL * ms * eff_scale();
}
static int replay_slot = -1, replay_inc = -1;
static unsigned int run_id;
static bool have_failslab;
static bool policy_worker = true;
static long progress_s;		/* NKFUZZ_PROGRESS: seconds between progress lines */

/* ---- helpers ---- */

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* stdio takes locks: after fork() in a threaded worker only write(). */
static void say(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(STDOUT_FILENO, buf, n) < 0)
		return;
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

struct rng {
	uint64_t s;
};

static uint64_t rnd64(struct rng *r)
{
	return splitmix(&r->s);
}

static uint32_t rnd(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnd64(r) % n) : 0;
}

static bool chance(struct rng *r, uint32_t pct)
{
	return rnd(r, 100) < pct;
}

static uint64_t mix_seed(uint64_t seed, int slot, int inc, int thread)
{
	uint64_t s = seed ^ ((uint64_t)slot << 48) ^ ((uint64_t)inc << 16) ^
		     (uint64_t)thread;

	splitmix(&s);
	return splitmix(&s);
}

static uint8_t pat(uint32_t seed, int part, uint32_t off)
{
	return (uint8_t)((seed >> ((off & 3) * 8)) + off * 131 + part * 17);
}

static void pat_fill(uint8_t *p, uint32_t seed, int part, uint32_t from,
		     uint32_t to)
{
	uint32_t i;

	for (i = from; i < to; i++)
		p[i] = pat(seed, part, i);
}

/* Offset of the first byte that differs from the pattern, or @to. */
static uint32_t pat_diff(const uint8_t *p, uint32_t seed, int part,
			 uint32_t from, uint32_t to)
{
	uint32_t i;

	for (i = from; i < to; i++)
		if (p[i] != pat(seed, part, i))
			return i;
	return to;
}

static bool pat_ok(const uint8_t *p, uint32_t seed, int part, uint32_t from,
		   uint32_t to)
{
	return pat_diff(p, seed, part, from, to) == to;
}

static uint32_t reply_seed(uint32_t seed)
{
	return (seed ^ 0x05a5a5a5u) & SEED_MASK;
}

/* A region of @len bytes followed by a PROT_NONE guard page. */
static uint8_t *region(size_t len)
{
	uint8_t *p = mmap(NULL, len + PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	mprotect(p + len, PAGE, PROT_NONE);
	return p;
}

/*
 * Fresh zero pages at the same address (the guard page after it stays).
 * Pages the kernel has pinned stay with the kernel.  MAP_FIXED replaces
 * the mapping in one step, so no other thread's mmap() can land there in
 * between (which munmap() + mmap() would allow).
 */
static void refresh(uint8_t *p, size_t len, int prot)
{
	if (mmap(p, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		 0) == MAP_FAILED) {
		say("# worker: mmap(MAP_FIXED): %s", strerror(errno));
		_exit(3);
	}
}

/* ---- per worker state ---- */

enum slot_type { T_NONE, T_DEV, T_SRV, T_CLI };

struct slot {
	int type;
	int fd;
	int users;
	bool dead;
	uint32_t id;
	uint32_t chan;		/* channel name index (named servers) */
	bool std_table;		/* channel has the standard table */
};

struct txid_rec {
	uint32_t slot_id;
	uint32_t seed;		/* of the request, if known */
	uint64_t txid;
	uint16_t riid, mid;
	bool known;
};

struct listened {
	uint32_t dev_id;
	char client[NKIPC_CLASS_MAX];
	char service[NKIPC_NAME_MAX];
};

/* A thread's buffers; another thread may unmap them while in a call. */
enum buf_state { B_IDLE, B_INFLIGHT, B_TAMPERING, B_TAMPERED };

struct tbufs {
	uint8_t *cpart, *arena, *rcpart, *rarena;
	_Atomic int state;
	/*
	 * Which of the four the kernel only writes into in the current
	 * operation (bit i: region i): only those may lose their contents
	 * (MADV_DONTNEED) mid-call.  Zeroing a buffer the kernel is still
	 * reading (pinning or copying in) tears the message, which is the
	 * caller's doing, not something the receiver could check.
	 */
	_Atomic int zappable;
};

struct worker;

struct wthread {
	struct worker *w;
	int idx;
	pthread_t th;
	struct rng r;
	struct tbufs b;
	uint8_t *arg;		/* 2 pages + guard: ioctl structs */
	long nops;
	char ring[RING][112];
	unsigned int ring_pos;
	pid_t tid;
};

struct worker {
	int slot, inc;
	bool root;
	pthread_mutex_t lock;
	struct slot slots[MAX_SLOTS];
	uint32_t next_id;
	struct txid_rec txids[MAX_TXIDS];
	unsigned int n_txids;
	struct listened lst[MAX_LISTENED];
	unsigned int n_lst;
	struct wthread t[MAX_THREADS];
	int nthreads;
	uint8_t *scribble;	/* the kernel may write here */
	/*
	 * What mutated message pointers point to: read-only, 0x5a bytes, so
	 * a message read from it is never taken for a checked one (its
	 * status has no MAGIC) and the kernel cannot write into it.
	 */
	uint8_t *ro_scribble;
};

static struct worker *W;

static void ring_add(struct wthread *t, const char *fmt, ...)
{
	va_list ap;
	char *line = t->ring[t->ring_pos++ % RING];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(t->ring[0]), fmt, ap);
	va_end(ap);
}

static void ring_dump(struct wthread *t)
{
	unsigned int i, start = t->ring_pos > RING ? t->ring_pos - RING : 0;

	say("#   last operations of worker %d.%d thread %d (oldest first):",
	    t->w->slot, t->w->inc, t->idx);
	for (i = start; i < t->ring_pos; i++)
		say("#     %s", t->ring[i % RING]);
}

static void violation(struct wthread *t, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	atomic_fetch_add(&shm->violations, 1);
	say("# VIOLATION (worker %d.%d thread %d op %ld): %s", t->w->slot,
	    t->w->inc, t->idx, t->nops, msg);
	say("#   replay: NKFUZZ_SEED=%" PRIu64 " NKFUZZ_WORKER=%d.%d",
	    run_seed, t->w->slot, t->w->inc);
	ring_dump(t);
	if (!atomic_exchange(&shm->have_first, 1))
		snprintf(shm->first, sizeof(shm->first),
			 "%s; replay: NKFUZZ_SEED=%" PRIu64 " NKFUZZ_WORKER=%d.%d",
			 msg, run_seed, t->w->slot, t->w->inc);
}

/* Records the outcome of one ioctl / netlink request against its set. */
static int check_err(struct wthread *t, enum op op, enum cmdset cs, int ret,
		     int err)
{
	if (ret >= 0) {
		atomic_fetch_add(&shm->op_ok[op], 1);
		ring_add(t, "%s = %d", op_names[op], ret);
		return 0;
	}
	if (err > 0 && err < NERR)
		atomic_fetch_add(&shm->err_count[cs][err], 1);
	ring_add(t, "%s = -%s", op_names[op], strerrorname_np(err) ?: "?");
	if (!es_has(&errsets[cs], err))
		violation(t, "%s returned errno %d (%s), not documented for it",
			  op_names[op], err, strerrorname_np(err) ?: "?");
	return err;
}

/* ---- fault injection (failslab with task-filter) ---- */

static const char *const fi_dirs[] = {
	"/sys/kernel/debug/failslab", "/sys/kernel/debug/fail_page_alloc",
};

static int fi_write(const char *dir, const char *file, const char *val)
{
	char path[256];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = write(fd, val, strlen(val)) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

static void fi_setup(bool on)
{
	unsigned int i, n = fail_page ? 2 : 1;

	for (i = 0; i < n; i++) {
		const char *d = fi_dirs[i];

		if (access(d, F_OK))
			continue;
		if (!on) {
			fi_write(d, "probability", "0");
			fi_write(d, "task-filter", "N");
			continue;
		}
		fi_write(d, "task-filter", "Y");
		fi_write(d, "probability", "20");
		fi_write(d, "interval", "1");
		fi_write(d, "times", "-1");
		fi_write(d, "space", "0");
		fi_write(d, "verbose", "0");
		fi_write(d, "ignore-gfp-wait", "N");
		if (i == 1) {
			fi_write(d, "ignore-gfp-highmem", "N");
			fi_write(d, "min-order", "0");
		}
	}
}

/*
 * make-it-fail for the calling thread only (task-filter).  The file is
 * opened once per thread while nothing is armed: opening it to disarm
 * would itself allocate, fail, and leave the thread armed for good (its
 * own mmap, fork and every later call failing: seen on the debug kernel).
 */
static __thread int fi_fd = -1;
static __thread pid_t fi_tid;	/* whose file fi_fd is (a fork copies it) */

static void fi_arm(bool on)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);
	int tries;

	if (fi_fd >= 0 && fi_tid != tid) {
		close(fi_fd);
		fi_fd = -1;
	}
	if (fi_fd < 0) {
		if (!on)
			return;
		fi_fd = open("/proc/thread-self/make-it-fail",
			     O_WRONLY | O_CLOEXEC);
		if (fi_fd < 0)
			return;	/* not root after setuid: no fault injection */
		fi_tid = tid;
	}
	for (tries = 0; tries < 100; tries++)
		if (pwrite(fi_fd, on ? "1" : "0", 1, 0) == 1 || on)
			break;
}

/* ---- the fd table ---- */

static struct slot *slot_get(struct worker *w, struct rng *r, int type)
{
	struct slot *cand[MAX_SLOTS], *s = NULL;
	int i, n = 0;

	pthread_mutex_lock(&w->lock);
	for (i = 0; i < MAX_SLOTS; i++) {
		struct slot *x = &w->slots[i];

		if (x->type == T_NONE || x->dead)
			continue;
		if (type == T_NONE || x->type == type)
			cand[n++] = x;
	}
	if (n) {
		s = cand[rnd(r, n)];
		s->users++;
	}
	pthread_mutex_unlock(&w->lock);
	return s;
}

static void slot_free_locked(struct slot *s)
{
	close(s->fd);
	memset(s, 0, sizeof(*s));
}

static void slot_put(struct worker *w, struct slot *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&w->lock);
	if (--s->users == 0 && s->dead)
		slot_free_locked(s);
	pthread_mutex_unlock(&w->lock);
}

/* Adds @fd; when the table is full, it is closed instead. */
static void slot_add(struct worker *w, int type, int fd, uint32_t chan,
		     bool std)
{
	int i;

	pthread_mutex_lock(&w->lock);
	for (i = 0; i < MAX_SLOTS; i++) {
		struct slot *s = &w->slots[i];

		if (s->type != T_NONE)
			continue;
		s->type = type;
		s->fd = fd;
		s->users = 0;
		s->dead = false;
		s->id = ++w->next_id;
		s->chan = chan;
		s->std_table = std;
		pthread_mutex_unlock(&w->lock);
		return;
	}
	pthread_mutex_unlock(&w->lock);
	close(fd);
}

static struct slot *slot_by_id(struct worker *w, uint32_t id)
{
	struct slot *s = NULL;
	int i;

	pthread_mutex_lock(&w->lock);
	for (i = 0; i < MAX_SLOTS; i++)
		if (w->slots[i].type != T_NONE && !w->slots[i].dead &&
		    w->slots[i].id == id) {
			s = &w->slots[i];
			s->users++;
			break;
		}
	pthread_mutex_unlock(&w->lock);
	return s;
}

/* ---- names ---- */

#define N_CHANS		12
#define N_SERVERS	6
#define N_SERVICES	4

static void chan_name(char *buf, size_t len, uint32_t c)
{
	snprintf(buf, len, "fz%u.chan%u", run_id, c);
}

static void server_name(char *buf, size_t len, uint32_t c)
{
	snprintf(buf, len, "fz%u.srv%u", run_id, c);
}

static void service_name(char *buf, size_t len, uint32_t c)
{
	snprintf(buf, len, "fz.Svc%u", c);
}

/* A user pointer: mostly @valid, sometimes one that must fail or that
 * points into the scribble area (harmless to write to). */
static uint64_t ptr_mut(struct wthread *t, void *valid, uint32_t pct)
{
	if (!chance(&t->r, pct))
		return (uint64_t)(uintptr_t)valid;
	switch (rnd(&t->r, 7)) {
	case 0: return 0;
	case 1: return (uint64_t)(uintptr_t)(t->w->scribble + SCRIBBLE_LEN);
	case 2: return 0xffffffff81000000ULL;
	case 3: return 1ULL << 47;
	case 4: return (uint64_t)(uintptr_t)(t->w->scribble +
					     rnd(&t->r, SCRIBBLE_LEN));
	case 5: return (uint64_t)(uintptr_t)(t->w->ro_scribble +
					     rnd(&t->r, SCRIBBLE_LEN));
	default: return ~0ULL - rnd(&t->r, 4096);
	}
}

/* A message source pointer: like ptr_mut(), never into written memory. */
static uint64_t src_mut(struct wthread *t, void *valid, uint32_t pct)
{
	uint64_t p = ptr_mut(t, valid, pct);
	uintptr_t s = (uintptr_t)t->w->scribble;

	if (p >= s && p < s + SCRIBBLE_LEN)
		p = p - s + (uintptr_t)t->w->ro_scribble;
	return p;
}

/*
 * Places a struct of @len bytes in the thread's argument pages and maybe
 * corrupts it: size field, a flags/reserved byte, or the placement (so
 * that reading it crosses into the guard page).  Returns the pointer.
 */
static void *arg_place(struct wthread *t, const void *s, size_t len,
		       uint32_t pct, size_t flags_off)
{
	uint8_t *a = t->arg, *p;
	uint32_t size;

	memset(a, 0, 2 * PAGE);
	p = a;
	if (chance(&t->r, pct / 4 + 1) && rnd(&t->r, 2))
		p = a + 2 * PAGE - len + rnd(&t->r, len);	/* crosses guard */
	memcpy(p, s, len > 2 * PAGE - (p - a) ? 2 * PAGE - (p - a) : len);
	if (!chance(&t->r, pct))
		return p;
	switch (rnd(&t->r, 7)) {
	case 0: {
		static const uint32_t sizes[] = { 0, 4, 8, 16, 4097, 8192,
						  0xffffffffu };
		size = sizes[rnd(&t->r, 7)];
		if (p + 4 <= a + 2 * PAGE)
			memcpy(p, &size, 4);
		break;
	}
	case 1:		/* larger struct, zero tail: must be accepted */
		size = len + 8 * (1 + rnd(&t->r, 8));
		if (p + size <= a + 2 * PAGE)
			memcpy(p, &size, 4);
		break;
	case 2:		/* larger struct, non-zero tail */
		size = len + 8;
		if (p + size <= a + 2 * PAGE) {
			memcpy(p, &size, 4);
			p[len + rnd(&t->r, 8)] = 1 + rnd(&t->r, 255);
		}
		break;
	case 3:		/* shorter struct (an older caller) */
		size = 8 + rnd(&t->r, len - 8);
		if (p + 4 <= a + 2 * PAGE)
			memcpy(p, &size, 4);
		break;
	case 4:		/* unknown flag bits */
		if (flags_off && p + flags_off + 4 <= a + 2 * PAGE)
			p[flags_off + rnd(&t->r, 4)] ^= 1 << rnd(&t->r, 8);
		break;
	case 5:		/* a random byte anywhere */
		if (p + len <= a + 2 * PAGE)
			p[8 + rnd(&t->r, len - 8)] ^= 1 + rnd(&t->r, 255);
		break;
	default:
		return (void *)(uintptr_t)ptr_mut(t, p, 100);
	}
	return p;
}

static int xioctl(struct wthread *t, int fd, unsigned long cmd, void *arg,
		  int *err)
{
	bool armed = have_failslab && t->w->root && chance(&t->r, fault_pct);
	int ret;

	if (armed) {
		atomic_fetch_add(&shm->faults_armed, 1);
		fi_arm(true);
	}
	ret = ioctl(fd, cmd, arg);
	*err = ret < 0 ? errno : 0;
	if (armed)
		fi_arm(false);
	return ret;
}

/* ---- endpoint tables ---- */

/* Standard table: riid 0 "fz.A" (alias "pkg.fz.A") 4 methods, riid 1
 * "fz.B" 1 method, riid 2 a hole, riid 3 "fz.C" 200 methods. */
static unsigned int std_table(struct nkipc_endpoint *e)
{
	memset(e, 0, 4 * sizeof(*e));
	strcpy(e[0].name, "fz.A");
	strcpy(e[0].iface, "fz.IfA");
	e[0].n_methods = 4;
	strcpy(e[1].name, "pkg.fz.A");
	strcpy(e[1].iface, "fz.IfA");
	e[1].n_methods = 4;
	strcpy(e[2].name, "fz.B");
	strcpy(e[2].iface, "fz.IfB");
	e[2].riid = 1;
	e[2].n_methods = 1;
	strcpy(e[3].name, "fz.C");
	strcpy(e[3].iface, "fz.IfC");
	e[3].riid = 3;
	e[3].n_methods = 200;
	return 4;
}

/* A table for REGISTER / CM_ACCEPT in t->w->scribble-free memory @e
 * (room for NKIPC_MAX_ENDPOINTS + 1 rows); *std says if it is standard. */
static unsigned int make_table(struct wthread *t, struct nkipc_endpoint *e,
			       bool *std)
{
	unsigned int n, i;

	*std = false;
	switch (rnd(&t->r, 10)) {
	case 0:		/* random valid table */
		n = 1 + rnd(&t->r, 8);
		memset(e, 0, n * sizeof(*e));
		for (i = 0; i < n; i++) {
			snprintf(e[i].name, sizeof(e[i].name), "fz.R%u", i);
			snprintf(e[i].iface, sizeof(e[i].iface), "fz.If%u", i);
			e[i].riid = i * rnd(&t->r, 3);
			e[i].n_methods = rnd(&t->r, 3) ? rnd(&t->r, 10) : 0xffff;
			if (i && e[i].riid == e[i - 1].riid)
				e[i] = e[i - 1], snprintf(e[i].name, 16, "fz.Al%u", i);
		}
		return n;
	case 1:		/* corrupt */
		n = std_table(e);
		switch (rnd(&t->r, 7)) {
		case 0: e[rnd(&t->r, 4)].riid = NKIPC_MAX_ENDPOINTS + rnd(&t->r, 5); break;
		case 1: e[rnd(&t->r, 4)].n_methods = 0x10000 + rnd(&t->r, 9); break;
		case 2: e[1].n_methods = 5; break;	/* alias disagrees */
		case 3: memset(e[rnd(&t->r, 4)].name, 'x', NKIPC_NAME_MAX); break;
		case 4: e[rnd(&t->r, 4)].name[0] = 0; break;
		case 5: e[rnd(&t->r, 4)].flags = 1 << rnd(&t->r, 32); break;
		default: e[rnd(&t->r, 4)].reserved = 1; break;
		}
		return n;
	case 2:		/* the largest table */
		if (chance(&t->r, 30)) {
			n = NKIPC_MAX_ENDPOINTS + (chance(&t->r, 20) ? 1 : 0);
			memset(e, 0, n * sizeof(*e));
			for (i = 0; i < n; i++) {
				snprintf(e[i].name, sizeof(e[i].name), "fz.M%u", i);
				strcpy(e[i].iface, "fz.IfM");
				e[i].riid = i % NKIPC_MAX_ENDPOINTS;
				e[i].n_methods = 1;
			}
			return n;
		}
		/* fall through */
	default:
		*std = true;
		return std_table(e);
	}
}

/* ---- operations on /dev/nkipc ---- */

static void op_open(struct wthread *t)
{
	int fd = open(NKIPC_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		if (errno != ENOMEM && errno != EMFILE && errno != ENFILE)
			violation(t, "open(/dev/nkipc): %s", strerror(errno));
		return;
	}
	slot_add(t->w, T_DEV, fd, 0, false);
}

static void op_close(struct wthread *t)
{
	struct worker *w = t->w;
	struct slot *s = slot_get(w, &t->r, T_NONE);

	if (!s)
		return;
	pthread_mutex_lock(&w->lock);
	s->dead = true;
	if (--s->users == 0)
		slot_free_locked(s);
	pthread_mutex_unlock(&w->lock);
}

static void op_dup(struct wthread *t)
{
	struct slot *s = slot_get(t->w, &t->r, T_NONE);
	int fd;

	if (!s)
		return;
	fd = fcntl(s->fd, F_DUPFD_CLOEXEC, 3);
	if (fd >= 0)
		slot_add(t->w, s->type, fd, s->chan, s->std_table);
	slot_put(t->w, s);
}

static void op_version(struct wthread *t)
{
	struct slot *s = slot_get(t->w, &t->r, T_DEV);
	struct nkipc_version v = { .size = sizeof(v) };
	struct nkipc_version *p;
	int ret, err;

	if (!s)
		return;
	p = arg_place(t, &v, sizeof(v), 30, 4);
	ret = xioctl(t, s->fd, NKIPC_IOC_VERSION, p, &err);
	check_err(t, OP_VERSION, CS_VERSION, ret, err);
	if (!ret && p == (void *)t->arg && p->size == sizeof(v) &&
	    (p->abi_version != NKIPC_ABI_VERSION || p->max_msg_size < (4u << 20)))
		violation(t, "VERSION: abi %u max_msg_size %u", p->abi_version,
			  p->max_msg_size);
	slot_put(t->w, s);
}

static void op_register(struct wthread *t)
{
	static __thread struct nkipc_endpoint *tab;
	struct slot *s = slot_get(t->w, &t->r, T_DEV);
	struct nkipc_register r = { .size = sizeof(r) };
	char name[NKIPC_NAME_MAX + 8];
	uint32_t chan = rnd(&t->r, N_CHANS);
	unsigned int n;
	bool std;
	int ret, err;

	if (!s)
		return;
	if (!tab)
		tab = (void *)region(((NKIPC_MAX_ENDPOINTS + 1) * sizeof(*tab) +
				      PAGE - 1) & ~(PAGE - 1));
	chan_name(name, sizeof(name), chan);
	if (chance(&t->r, 5))
		memset(name, 'n', sizeof(name) - 1), name[sizeof(name) - 1] = 0;
	else if (chance(&t->r, 3))
		name[0] = 0;
	n = make_table(t, tab, &std);
	r.name = ptr_mut(t, name, 3);
	r.endpoints = ptr_mut(t, tab, 3);
	r.n_endpoints = chance(&t->r, 3) ? rnd(&t->r, 2000) : n;
	r.flags = chance(&t->r, 20) ? NKIPC_F_INHERIT : 0;
	ret = xioctl(t, s->fd, NKIPC_IOC_REGISTER,
		     arg_place(t, &r, sizeof(r), 10, 4), &err);
	check_err(t, OP_REGISTER, CS_REGISTER, ret, err);
	if (ret >= 0)
		slot_add(t->w, T_SRV, ret, chan, std);
	slot_put(t->w, s);
}

static void op_connect(struct wthread *t)
{
	struct slot *s = slot_get(t->w, &t->r, T_DEV);
	struct nkipc_connect c = { .size = sizeof(c) };
	char name[NKIPC_NAME_MAX];
	uint32_t chan = rnd(&t->r, N_CHANS);
	int ret, err;

	if (!s)
		return;
	chan_name(name, sizeof(name), chan);
	c.name = ptr_mut(t, name, 3);
	c.timeout_ns = rnd(&t->r, 3) ? 0 : ms_ns(1 + rnd(&t->r, 30));
	c.flags = chance(&t->r, 10) ? NKIPC_F_INHERIT : 0;
	ret = xioctl(t, s->fd, NKIPC_IOC_CONNECT,
		     arg_place(t, &c, sizeof(c), 8, 4), &err);
	check_err(t, OP_CONNECT, CS_CONNECT, ret, err);
	if (ret >= 0)
		slot_add(t->w, T_CLI, ret, chan, false);
	slot_put(t->w, s);
}

static void op_get_riid(struct wthread *t)
{
	static const char *const eps[] = { "fz.A", "pkg.fz.A", "fz.B", "fz.C",
					   "fz.R0", "fz.none" };
	struct slot *s = slot_get(t->w, &t->r, T_CLI);
	struct nkipc_get_riid g = { .size = sizeof(g) };
	char name[NKIPC_NAME_MAX];
	struct nkipc_get_riid *p;
	unsigned int which = rnd(&t->r, 6);
	int ret, err;

	if (!s)
		return;
	strcpy(name, eps[which]);
	g.name = ptr_mut(t, name, 5);
	p = arg_place(t, &g, sizeof(g), 10, 4);
	ret = xioctl(t, s->fd, NKIPC_IOC_GET_RIID, p, &err);
	check_err(t, OP_GET_RIID, CS_GET_RIID, ret, err);
	if (!ret && s->std_table && p == (void *)t->arg &&
	    p->size == sizeof(g) && which < 4) {
		static const uint32_t riid[] = { 0, 0, 1, 3 }, nm[] = { 4, 4, 1, 200 };

		if (p->riid != riid[which] || p->n_methods != nm[which])
			violation(t, "GET_RIID(%s) = riid %u, %u methods",
				  eps[which], p->riid, p->n_methods);
	}
	slot_put(t->w, s);
}

/* Buffers: set in flight before the ioctl, settled after it. */
#define Z_REQ	0x3	/* cpart, arena */
#define Z_RES	0xc	/* rcpart, rarena */
static void bufs_inflight(struct wthread *t, int zappable)
{
	atomic_store(&t->b.zappable, zappable);
	atomic_store(&t->b.state, B_INFLIGHT);
}

static bool bufs_settle(struct wthread *t)
{
	int exp = B_INFLIGHT;

	if (atomic_compare_exchange_strong(&t->b.state, &exp, B_IDLE))
		return true;
	while (atomic_load(&t->b.state) != B_TAMPERED)
		sched_yield();
	/* Fresh buffers for the next operation. */
	refresh(t->b.cpart, CPART_CAP, PROT_READ | PROT_WRITE);
	refresh(t->b.arena, ARENA_CAP, PROT_READ | PROT_WRITE);
	refresh(t->b.rcpart, CPART_CAP, PROT_READ | PROT_WRITE);
	refresh(t->b.rarena, ARENA_CAP, PROT_READ | PROT_WRITE);
	atomic_store(&t->b.state, B_IDLE);
	return false;
}

static uint32_t pick_len(struct wthread *t, uint32_t cap, bool arena)
{
	switch (rnd(&t->r, 10)) {
	case 0: case 1: case 2:
		return arena ? 0 : NKIPC_MSG_HDR_SIZE;
	case 3: case 4: case 5:
		return (arena ? 0 : NKIPC_MSG_HDR_SIZE) + rnd(&t->r, 1000);
	case 6: case 7:
		return (arena ? 0 : NKIPC_MSG_HDR_SIZE) + rnd(&t->r, 8192);
	case 8:
		return (arena ? 0 : NKIPC_MSG_HDR_SIZE) + rnd(&t->r, 1025) + 1000;
	default:
		return cap < NKIPC_MSG_HDR_SIZE ? cap :
		       NKIPC_MSG_HDR_SIZE + rnd(&t->r, cap - NKIPC_MSG_HDR_SIZE + 1);
	}
}

static void msg_fill(uint8_t *c, uint8_t *a, uint16_t riid, uint16_t mid,
		     uint32_t len, uint32_t alen, uint32_t seed, bool magic)
{
	struct nkipc_msg_hdr h = {
		.riid = riid, .mid = mid, .size = len, .arena_size = alen,
		.status = (magic ? MAGIC : 0) | seed,
	};

	memcpy(c, &h, sizeof(h));
	pat_fill(c, seed, 0, sizeof(h), len);
	pat_fill(a, seed, 1, 0, alen);
}

static void op_call(struct wthread *t)
{
	struct slot *s = slot_get(t->w, &t->r, chance(&t->r, 3) ? T_NONE : T_CLI);
	struct nkipc_call c = { .size = sizeof(c) }, *p;
	/*
	 * Who sent it, for the receiver's report, in the seed's low 16 bits:
	 * slot, thread, incarnation.  Not in the header's ncaps, which must
	 * be 0 (EBADMSG): carried there, it made every call fail but worker
	 * 0.0's first thread's (10 calls in 30,000 operations).
	 */
	uint32_t seed = rnd(&t->r, (SEED_MASK + 1) >> 16) << 16 |
			(t->w->slot & 0xf) << 12 | t->idx << 9 |
			(t->w->inc & 0x1ff);
	uint32_t len, alen;
	uint16_t riid, mid;
	bool mutated = chance(&t->r, 8), intact;
	int ret, err;

	if (!s)
		return;
	len = pick_len(t, CPART_CAP, false);
	alen = pick_len(t, ARENA_CAP, true);
	if (rnd(&t->r, 8)) {
		static const uint16_t ok_riid[] = { 0, 1, 3 }, nm[] = { 4, 1, 200 };
		unsigned int i = rnd(&t->r, 3);

		riid = ok_riid[i];
		mid = rnd(&t->r, nm[i]);
	} else {
		riid = rnd(&t->r, 8);
		mid = rnd(&t->r, 300);
	}
	msg_fill(t->b.cpart, t->b.arena, riid, mid, len, alen, seed, true);
	c.req = (uintptr_t)t->b.cpart;
	c.req_arena = (uintptr_t)t->b.arena;
	c.req_len = len;
	c.req_arena_len = alen;
	c.res = (uintptr_t)t->b.rcpart;
	c.res_arena = (uintptr_t)t->b.rarena;
	c.res_cap = rnd(&t->r, 4) ? CPART_CAP : rnd(&t->r, 200);
	c.res_arena_cap = rnd(&t->r, 4) ? ARENA_CAP : rnd(&t->r, 5000);
	c.timeout_ns = ms_ns(1 + rnd(&t->r, chance(&t->r, 10) ? 300 : 40));
	if (chance(&t->r, 6)) {		/* a corrupt header */
		struct nkipc_msg_hdr *h = (void *)t->b.cpart;

		switch (rnd(&t->r, 5)) {
		case 0: h->size++; break;
		case 1: h->arena_size ^= 1 << rnd(&t->r, 20); break;
		case 2: c.req_len = rnd(&t->r, NKIPC_MSG_HDR_SIZE); break;
		case 3: c.req_len = (4u << 20) + rnd(&t->r, 100); break;
		default: c.req_arena_len = 0xffffffffu - rnd(&t->r, 1000); break;
		}
		mutated = true;
	}
	if (mutated) {
		/* a mix of buffers: the receiver must not check it */
		((struct nkipc_msg_hdr *)t->b.cpart)->status &= ~MAGIC_MASK;
		c.req = src_mut(t, t->b.cpart, 20);
		c.req_arena = src_mut(t, t->b.arena, 20);
		c.res = ptr_mut(t, t->b.rcpart, 20);
		c.res_arena = ptr_mut(t, t->b.rarena, 20);
		if (chance(&t->r, 20))
			c.res_cap = rnd(&t->r, 2) ? CPART_CAP + PAGE + 1 : 0xffffffffu;
	}
	p = arg_place(t, &c, sizeof(c), mutated ? 30 : 0, 4);
	ring_add(t, "call fd %d riid %u mid %u len %u+%u caps %u+%u tmo %llums%s",
		 s->fd, riid, mid, c.req_len, c.req_arena_len, c.res_cap,
		 c.res_arena_cap, (unsigned long long)c.timeout_ns / 1000000,
		 mutated ? " (mutated)" : "");
	bufs_inflight(t, Z_RES);
	ret = xioctl(t, s->fd, NKIPC_IOC_CALL, p, &err);
	intact = bufs_settle(t);
	check_err(t, OP_CALL, CS_CALL, ret, err);
	/*
	 * A call withdrawn while a server thread was receiving it: that
	 * RECV still reads the pinned request pages.  Leave them to it, as a
	 * client must not expect a torn request to be received intact.
	 */
	if (ret < 0 && (err == ETIMEDOUT || err == EINTR) && intact) {
		refresh(t->b.cpart, CPART_CAP, PROT_READ | PROT_WRITE);
		refresh(t->b.arena, ARENA_CAP, PROT_READ | PROT_WRITE);
	}
	if (p != (void *)t->arg || mutated) {
		slot_put(t->w, s);
		return;
	}
	if (ret == 0) {
		struct nkipc_msg_hdr h;

		atomic_fetch_add(&shm->calls_ok, 1);
		if (p->res_len > c.res_cap || p->res_arena_len > c.res_arena_cap ||
		    p->res_len < NKIPC_MSG_HDR_SIZE) {
			violation(t, "CALL = 0 with res_len %u/%u arena %u/%u",
				  p->res_len, c.res_cap, p->res_arena_len,
				  c.res_arena_cap);
		} else if (intact) {
			memcpy(&h, t->b.rcpart, sizeof(h));
			if (h.size != p->res_len || h.arena_size != p->res_arena_len) {
				violation(t, "CALL = 0: header says %u+%u, kernel says %u+%u",
					  h.size, h.arena_size, p->res_len,
					  p->res_arena_len);
			} else if ((h.status & MAGIC_MASK) == MAGIC &&
				   ((h.status & SEED_MASK) != reply_seed(seed) ||
				    !pat_ok(t->b.rcpart, h.status & SEED_MASK, 0,
					    sizeof(h), h.size) ||
				    !pat_ok(t->b.rarena, h.status & SEED_MASK, 1,
					    0, h.arena_size))) {
				atomic_fetch_add(&shm->data_errors, 1);
				violation(t, "CALL = 0: response bytes wrong (seed %#x, expected %#x, %u+%u)",
					  h.status & SEED_MASK, reply_seed(seed),
					  h.size, h.arena_size);
			}
		}
	} else if (ret < 0 && err == ENOBUFS) {
		if (p->res_len <= c.res_cap && p->res_arena_len <= c.res_arena_cap)
			violation(t, "CALL ENOBUFS but needs %u+%u within caps %u+%u",
				  p->res_len, p->res_arena_len, c.res_cap,
				  c.res_arena_cap);
	}
	slot_put(t->w, s);
}

static void txid_add(struct worker *w, struct txid_rec rec)
{
	pthread_mutex_lock(&w->lock);
	w->txids[w->n_txids++ % MAX_TXIDS] = rec;
	pthread_mutex_unlock(&w->lock);
}

static struct txid_rec txid_take(struct wthread *t)
{
	struct worker *w = t->w;
	struct txid_rec rec = { 0 };
	unsigned int n;

	pthread_mutex_lock(&w->lock);
	n = w->n_txids < MAX_TXIDS ? w->n_txids : MAX_TXIDS;
	if (n) {
		unsigned int i = rnd(&t->r, n);

		rec = w->txids[i];
		if (rnd(&t->r, 5))	/* usually forget it; else a stale reply */
			w->txids[i] = (struct txid_rec){ 0 };
	}
	pthread_mutex_unlock(&w->lock);
	return rec;
}

static int do_reply(struct wthread *t, struct slot *s, uint64_t txid,
		    uint16_t riid, uint16_t mid, uint32_t reqseed, bool known)
{
	struct nkipc_reply rp = { .size = sizeof(rp) }, *p;
	uint32_t seed = known ? reply_seed(reqseed) : rnd(&t->r, SEED_MASK + 1);
	uint32_t len = pick_len(t, CPART_CAP, false);
	uint32_t alen = pick_len(t, ARENA_CAP, true);
	bool mutated = chance(&t->r, 8);
	int ret, err;

	if (rnd(&t->r, 4)) {	/* mostly fits the usual caller's caps */
		len = len > 4096 ? 4096 : len;
		alen = alen > 65536 ? 65536 : alen;
	}
	msg_fill(t->b.rcpart, t->b.rarena, riid, mid, len, alen, seed, known);
	rp.txid = txid;
	rp.res = (uintptr_t)t->b.rcpart;
	rp.res_arena = (uintptr_t)t->b.rarena;
	rp.res_len = len;
	rp.res_arena_len = alen;
	if (mutated) {
		struct nkipc_msg_hdr *h = (void *)t->b.rcpart;

		h->status &= ~MAGIC_MASK;	/* the caller must not check it */
		switch (rnd(&t->r, 4)) {
		case 0: h->size--; break;
		case 1: rp.res_len = rnd(&t->r, NKIPC_MSG_HDR_SIZE); break;
		case 2: rp.res_len = 5u << 20; break;
		default:
			rp.res = src_mut(t, t->b.rcpart, 100);
			rp.res_arena = src_mut(t, t->b.rarena, 50);
			break;
		}
	}
	p = arg_place(t, &rp, sizeof(rp), mutated ? 20 : 0, 4);
	ring_add(t, "reply fd %d txid %llu len %u+%u%s", s->fd,
		 (unsigned long long)txid, len, alen, mutated ? " (mutated)" : "");
	bufs_inflight(t, 0);
	ret = xioctl(t, s->fd, NKIPC_IOC_REPLY, p, &err);
	bufs_settle(t);
	check_err(t, OP_REPLY, CS_REPLY, ret, err);
	if (!ret)
		atomic_fetch_add(&shm->replies_ok, 1);
	return ret < 0 ? -err : 0;
}

static void op_recv(struct wthread *t)
{
	struct slot *s = slot_get(t->w, &t->r, chance(&t->r, 3) ? T_NONE : T_SRV);
	struct nkipc_recv r = { .size = sizeof(r) }, *p;
	bool mutated = chance(&t->r, 6), intact;
	struct nkipc_msg_hdr h;
	int ret, err;

	if (!s)
		return;
	r.req = (uintptr_t)t->b.cpart;
	r.req_arena = (uintptr_t)t->b.arena;
	r.req_cap = rnd(&t->r, 5) ? CPART_CAP : rnd(&t->r, 300);
	r.req_arena_cap = rnd(&t->r, 5) ? ARENA_CAP : rnd(&t->r, 3000);
	r.timeout_ns = rnd(&t->r, 6) ? ms_ns(rnd(&t->r, 30)) : 0;
	if (mutated) {
		r.req = ptr_mut(t, t->b.cpart, 40);
		r.req_arena = ptr_mut(t, t->b.arena, 40);
		if (chance(&t->r, 20))
			r.req_cap = 0xffffffffu;
	}
	p = arg_place(t, &r, sizeof(r), mutated ? 30 : 0, 4);
	ring_add(t, "recv fd %d caps %u+%u tmo %llums%s", s->fd, r.req_cap,
		 r.req_arena_cap, (unsigned long long)r.timeout_ns / 1000000,
		 mutated ? " (mutated)" : "");
	bufs_inflight(t, Z_REQ);
	ret = xioctl(t, s->fd, NKIPC_IOC_RECV, p, &err);
	intact = bufs_settle(t);
	check_err(t, OP_RECV, CS_RECV, ret, err);
	if (p != (void *)t->arg || mutated || s->type != T_SRV) {
		if (ret == 0 && p == (void *)t->arg)
			txid_add(t->w, (struct txid_rec){ .slot_id = s->id,
							  .txid = p->txid });
		slot_put(t->w, s);
		return;
	}
	if (ret < 0 && err == ENOBUFS &&
	    p->req_len <= r.req_cap && p->req_arena_len <= r.req_arena_cap)
		violation(t, "RECV ENOBUFS but needs %u+%u within caps %u+%u",
			  p->req_len, p->req_arena_len, r.req_cap, r.req_arena_cap);
	if (ret) {
		slot_put(t->w, s);
		return;
	}
	atomic_fetch_add(&shm->recvs_ok, 1);
	if (!p->txid || !p->src_class[0] ||
	    !memchr(p->src_class, 0, sizeof(p->src_class)))
		violation(t, "RECV = 0: txid %llu class '%.16s'",
			  (unsigned long long)p->txid, p->src_class);
	if (intact) {
		memcpy(&h, t->b.cpart, sizeof(h));
		if (h.size != p->req_len || h.arena_size != p->req_arena_len)
			violation(t, "RECV = 0: header says %u+%u, kernel says %u+%u",
				  h.size, h.arena_size, p->req_len,
				  p->req_arena_len);
		else if ((h.status & MAGIC_MASK) == MAGIC &&
			 (!pat_ok(t->b.cpart, h.status & SEED_MASK, 0, sizeof(h),
				  h.size) ||
			  !pat_ok(t->b.arena, h.status & SEED_MASK, 1, 0,
				  h.arena_size))) {
			uint32_t sd = h.status & SEED_MASK;
			uint32_t dc = pat_diff(t->b.cpart, sd, 0, sizeof(h), h.size);
			uint32_t da = pat_diff(t->b.arena, sd, 1, 0, h.arena_size);

			atomic_fetch_add(&shm->data_errors, 1);
			uint8_t *g = t->b.arena + (da < h.arena_size ? da : 0);
			uint32_t e = da < h.arena_size ? da : 0;

			violation(t, "RECV = 0: request bytes wrong (seed %#x, %u+%u, from worker %u.%u thread %u, policy %s): first bad byte: constant part %u (%#x, expected %#x), arena %u (%02x %02x %02x %02x, expected %02x %02x %02x %02x)",
				  sd, h.size, h.arena_size, (sd >> 12) & 0xf,
				  sd & 0x1ff, (sd >> 9) & 7,
				  atomic_load(&shm->policy_loaded) ? "loaded" : "none",
				  dc, dc < h.size ? t->b.cpart[dc] : 0,
				  dc < h.size ? pat(sd, 0, dc) : 0, da,
				  g[0], g[1], g[2], g[3], pat(sd, 1, e),
				  pat(sd, 1, e + 1), pat(sd, 1, e + 2),
				  pat(sd, 1, e + 3));
		}
	}
	if (chance(&t->r, 75) && intact)
		do_reply(t, s, p->txid, h.riid, h.mid, h.status & SEED_MASK,
			 (h.status & MAGIC_MASK) == MAGIC);
	else
		txid_add(t->w, (struct txid_rec){
			.slot_id = s->id, .txid = p->txid, .riid = h.riid,
			.mid = h.mid, .seed = h.status & SEED_MASK,
			.known = intact && (h.status & MAGIC_MASK) == MAGIC });
	slot_put(t->w, s);
}

static void op_reply(struct wthread *t)
{
	struct txid_rec rec = txid_take(t);
	struct slot *s = NULL;
	uint64_t txid;
	bool known;

	if (rec.slot_id && rnd(&t->r, 5))
		s = slot_by_id(t->w, rec.slot_id);
	if (!s)
		s = slot_get(t->w, &t->r, chance(&t->r, 5) ? T_NONE : T_SRV);
	if (!s)
		return;
	switch (rnd(&t->r, 8)) {
	case 0: txid = rnd64(&t->r); break;
	case 1: txid = rnd(&t->r, 100); break;
	default: txid = rec.txid; break;
	}
	/*
	 * txids are unique per service: the same slot (or a dup of it)
	 * names the same request.  Else the response carries no seed the
	 * caller would check.
	 */
	known = rec.known && txid == rec.txid && s->id == rec.slot_id;
	do_reply(t, s, txid, rec.riid, rec.mid, rec.seed, known);
	slot_put(t->w, s);
}

/* ---- name server and connection manager ---- */

static void ns_fill(struct wthread *t, struct nkipc_ns_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->size = sizeof(*e);
	server_name(e->server, sizeof(e->server), rnd(&t->r, N_SERVERS));
	service_name(e->service, sizeof(e->service), rnd(&t->r, N_SERVICES));
	snprintf(e->type, sizeof(e->type), "fz.T%u", rnd(&t->r, 3));
	if (chance(&t->r, 4))
		memset(e->type, 't', sizeof(e->type));
	if (chance(&t->r, 3))
		e->server[0] = 0;
}

static void op_ns(struct wthread *t, enum op op)
{
	struct slot *s = slot_get(t->w, &t->r, chance(&t->r, 5) ? T_NONE : T_DEV);
	int ret, err;

	if (!s)
		return;
	if (op == OP_NS_ENUM) {
		struct nkipc_ns_enum q = { .size = sizeof(q) };

		if (rnd(&t->r, 2))
			snprintf(q.type, sizeof(q.type), "fz.T%u", rnd(&t->r, 3));
		q.index = rnd(&t->r, 10) ? rnd(&t->r, 8) : rnd64(&t->r);
		ret = xioctl(t, s->fd, NKIPC_IOC_NS_ENUM,
			     arg_place(t, &q, sizeof(q), 10, 4), &err);
		check_err(t, op, CS_NS_ENUM, ret, err);
	} else {
		struct nkipc_ns_entry e;

		ns_fill(t, &e);
		ret = xioctl(t, s->fd, op == OP_NS_PUBLISH ? NKIPC_IOC_NS_PUBLISH :
			     NKIPC_IOC_NS_UNPUBLISH,
			     arg_place(t, &e, sizeof(e), 10, 4), &err);
		check_err(t, op, op == OP_NS_PUBLISH ? CS_NS_PUBLISH :
			  CS_NS_UNPUBLISH, ret, err);
	}
	slot_put(t->w, s);
}

static void op_cm_connect(struct wthread *t)
{
	struct slot *s = slot_get(t->w, &t->r, T_DEV);
	struct nkipc_cm_connect c = { .size = sizeof(c) }, *p;
	int ret, err;

	if (!s)
		return;
	server_name(c.server, sizeof(c.server), rnd(&t->r, N_SERVERS));
	service_name(c.service, sizeof(c.service), rnd(&t->r, N_SERVICES));
	c.timeout_ns = ms_ns(1 + rnd(&t->r, chance(&t->r, 20) ? 300 : 60));
	c.flags = chance(&t->r, 10) ? NKIPC_F_INHERIT : 0;
	p = arg_place(t, &c, sizeof(c), 8, 4);
	ret = xioctl(t, s->fd, NKIPC_IOC_CM_CONNECT, p, &err);
	check_err(t, OP_CM_CONNECT, CS_CM_CONNECT, ret, err);
	if (ret >= 0) {
		atomic_fetch_add(&shm->cm_ok, 1);
		if (p == (void *)t->arg && p->size >= sizeof(c) && p->fd != ret)
			violation(t, "CM_CONNECT returned fd %d but reports %d",
				  ret, p->fd);
		slot_add(t->w, T_CLI, ret, 0, false);
	}
	slot_put(t->w, s);
}

static void op_cm_answer(struct wthread *t, bool accept);

static void op_cm_listen(struct wthread *t)
{
	struct slot *s = slot_get(t->w, &t->r, T_DEV);
	struct nkipc_cm_listen l = { .size = sizeof(l) }, *p;
	struct worker *w = t->w;
	int ret, err;

	if (!s)
		return;
	l.timeout_ns = rnd(&t->r, 3) ? ms_ns(rnd(&t->r, 20)) : 0;
	p = arg_place(t, &l, sizeof(l), 8, 4);
	ret = xioctl(t, s->fd, NKIPC_IOC_CM_LISTEN, p, &err);
	check_err(t, OP_CM_LISTEN, CS_CM_LISTEN, ret, err);
	if (!ret && p == (void *)t->arg && p->size >= sizeof(l)) {
		struct listened *x;

		if (!memchr(p->client, 0, sizeof(p->client)) ||
		    !memchr(p->service, 0, sizeof(p->service)))
			violation(t, "CM_LISTEN: unterminated names");
		pthread_mutex_lock(&w->lock);
		x = &w->lst[w->n_lst++ % MAX_LISTENED];
		x->dev_id = s->id;
		memcpy(x->client, p->client, sizeof(x->client));
		memcpy(x->service, p->service, sizeof(x->service));
		x->client[sizeof(x->client) - 1] = 0;
		x->service[sizeof(x->service) - 1] = 0;
		pthread_mutex_unlock(&w->lock);
		slot_put(t->w, s);
		/* usually answered at once (the newest record is this one) */
		if (rnd(&t->r, 5))
			op_cm_answer(t, rnd(&t->r, 6));
		return;
	}
	slot_put(t->w, s);
}

static void op_cm_answer(struct wthread *t, bool accept)
{
	static __thread struct nkipc_endpoint tab[8];
	struct worker *w = t->w;
	struct slot *s = NULL, *lis = NULL;
	struct listened x = { 0 };
	int ret, err;

	pthread_mutex_lock(&w->lock);
	if (w->n_lst) {
		unsigned int n = w->n_lst < MAX_LISTENED ? w->n_lst : MAX_LISTENED;

		x = w->lst[rnd(&t->r, 3) ? (w->n_lst - 1) % MAX_LISTENED :
			   rnd(&t->r, n)];
	}
	pthread_mutex_unlock(&w->lock);
	if (x.dev_id && rnd(&t->r, 4))
		s = slot_by_id(w, x.dev_id);
	if (!s)
		s = slot_get(w, &t->r, T_DEV);
	if (!s)
		return;
	if (!x.client[0] || chance(&t->r, 10)) {
		strcpy(x.client, rnd(&t->r, 2) ? "nkipc.Unbound" : "fz.Nobody");
		service_name(x.service, sizeof(x.service), rnd(&t->r, N_SERVICES));
	}
	if (accept) {
		struct nkipc_cm_accept a = { .size = sizeof(a) };

		memcpy(a.client, x.client, sizeof(a.client));
		memcpy(a.service, x.service, sizeof(a.service));
		a.rsid = rnd(&t->r, 5) ? 0 : rnd(&t->r, 5);
		a.flags = chance(&t->r, 10) ? NKIPC_F_INHERIT : 0;
		if (rnd(&t->r, 3)) {
			a.listener = -1;
			std_table(tab);
			a.endpoints = ptr_mut(t, tab, 3);
			a.n_endpoints = chance(&t->r, 3) ? rnd(&t->r, 9) : 4;
		} else {
			lis = slot_get(w, &t->r, chance(&t->r, 20) ? T_NONE : T_SRV);
			a.listener = lis ? lis->fd : (int)rnd(&t->r, 200) - 2;
		}
		ret = xioctl(t, s->fd, NKIPC_IOC_CM_ACCEPT,
			     arg_place(t, &a, sizeof(a), 8, 4), &err);
		check_err(t, OP_CM_ACCEPT, CS_CM_ACCEPT, ret, err);
		if (ret >= 0)
			slot_add(w, T_SRV, ret, 0, a.listener == -1 ||
				 (lis && lis->std_table));
		slot_put(w, lis);
	} else {
		struct nkipc_cm_drop d = { .size = sizeof(d) };

		memcpy(d.client, x.client, sizeof(d.client));
		memcpy(d.service, x.service, sizeof(d.service));
		ret = xioctl(t, s->fd, NKIPC_IOC_CM_DROP,
			     arg_place(t, &d, sizeof(d), 8, 4), &err);
		check_err(t, OP_CM_DROP, CS_CM_DROP, ret, err);
	}
	slot_put(w, s);
}

/* ---- processes, memory, signals ---- */

static void op_launch(struct wthread *t)
{
	struct slot *s = slot_get(t->w, &t->r, T_DEV);
	struct nkipc_launch_class lc = { .size = sizeof(lc) };
	pid_t child = -1;
	int ret, err;

	if (!s)
		return;
	if (rnd(&t->r, 2)) {
		/*
		 * A child that waits (exec'ing nothing) until we kill it.  Not
		 * on a pipe: children forked meanwhile by other threads inherit
		 * its write end, and two such children wait for each other
		 * forever, keeping every inherited handle open.
		 */
		child = fork();
		if (child == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			for (int i = 0; i < 50; i++)
				usleep(100000);
			_exit(0);
		}
		lc.pid = child;
	} else {
		lc.pid = rnd(&t->r, 2) ? getppid() : (int)rnd(&t->r, 40000);
	}
	strcpy(lc.class_name, rnd(&t->r, 8) ? "fz.Launched" : "bad class!");
	ret = xioctl(t, s->fd, NKIPC_IOC_LAUNCH_CLASS,
		     arg_place(t, &lc, sizeof(lc), 15, 4), &err);
	check_err(t, OP_LAUNCH, CS_LAUNCH, ret, err);
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	slot_put(t->w, s);
}

static void op_poll(struct wthread *t)
{
	struct slot *s = slot_get(t->w, &t->r, T_NONE);
	struct pollfd pf;

	if (!s)
		return;
	pf.fd = s->fd;
	pf.events = POLLIN | POLLOUT;
	pf.revents = 0;
	if (poll(&pf, 1, rnd(&t->r, 3)) > 0) {
		if (s->type == T_CLI && (pf.revents & POLLIN))
			violation(t, "client handle polls POLLIN (%#x)", pf.revents);
		if (s->type == T_SRV && (pf.revents & (POLLOUT | POLLHUP)))
			violation(t, "server handle polls %#x", pf.revents);
	}
	slot_put(t->w, s);
}

/* A few operations with inherited handles in a forked child. */
static void child_ops(struct wthread *t)
{
	int n = 1 + rnd(&t->r, 6), i;

	for (i = 0; i < n; i++) {
		switch (rnd(&t->r, 5)) {
		case 0: case 1: op_call(t); break;
		case 2: op_recv(t); break;
		case 3: op_reply(t); break;
		default: op_close(t); break;
		}
	}
}

static void op_fork(struct wthread *t)
{
	struct worker *w = t->w;
	pid_t pid;
	int st;

	pthread_mutex_lock(&w->lock);
	pid = fork();
	if (pid == 0) {
		pthread_mutex_init(&w->lock, NULL);
		/* Only this thread exists: nobody tampers with its buffers. */
		t->ring_pos = 0;
		ring_add(t, "(forked child)");
		child_ops(t);
		_exit(0);
	}
	pthread_mutex_unlock(&w->lock);
	if (pid < 0)
		return;
	if (rnd(&t->r, 2)) {
		usleep(rnd(&t->r, 20000));
		kill(pid, SIGKILL);
	}
	if (waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) &&
	    WTERMSIG(st) != SIGKILL)
		violation(t, "forked child died of signal %d", WTERMSIG(st));
}

static void op_tamper(struct wthread *t)
{
	struct worker *w = t->w;
	struct wthread *v = &w->t[rnd(&t->r, w->nthreads)];
	size_t len[4] = { CPART_CAP, ARENA_CAP, CPART_CAP, ARENA_CAP };
	int exp = B_INFLIGHT;
	unsigned int i, k;
	uint8_t *reg[4];

	if (v == t)
		return;
	/* Give the victim a moment to get into the kernel. */
	if (rnd(&t->r, 2))
		usleep(rnd(&t->r, 2000));
	if (!atomic_compare_exchange_strong(&v->b.state, &exp, B_TAMPERING))
		return;
	/* Only now: the victim replaces its buffers after a tampering. */
	reg[0] = v->b.cpart;
	reg[1] = v->b.arena;
	reg[2] = v->b.rcpart;
	reg[3] = v->b.rarena;
	k = rnd(&t->r, 4);
	for (i = 0; i < 4; i++) {
		if (i != k && rnd(&t->r, 3))
			continue;
		switch (rnd(&t->r, 4)) {
		case 0: refresh(reg[i], len[i], PROT_NONE); break;	/* "munmap" */
		case 1: mprotect(reg[i], len[i], PROT_NONE); break;
		case 2: mprotect(reg[i], len[i], PROT_READ); break;
		default:
			if (atomic_load(&v->b.zappable) & (1 << i))
				madvise(reg[i], len[i], MADV_DONTNEED);
			else
				mprotect(reg[i], len[i], PROT_NONE);
			break;
		}
	}
	ring_add(t, "tamper: thread %d's buffers", v->idx);
	atomic_store(&v->b.state, B_TAMPERED);
}

static void op_signal(struct wthread *t)
{
	struct wthread *v = &t->w->t[rnd(&t->r, t->w->nthreads)];

	if (v != t && v->tid)
		syscall(SYS_tgkill, getpid(), v->tid, SIGUSR1);
}

/* ---- random ioctls ---- */

static const unsigned long known_cmds[] = {
	NKIPC_IOC_VERSION, NKIPC_IOC_REGISTER, NKIPC_IOC_CONNECT,
	NKIPC_IOC_CALL, NKIPC_IOC_GET_RIID, NKIPC_IOC_RECV, NKIPC_IOC_REPLY,
	NKIPC_IOC_LAUNCH_CLASS, NKIPC_IOC_NS_PUBLISH, NKIPC_IOC_NS_UNPUBLISH,
	NKIPC_IOC_NS_ENUM, NKIPC_IOC_CM_CONNECT, NKIPC_IOC_CM_LISTEN,
	NKIPC_IOC_CM_ACCEPT, NKIPC_IOC_CM_DROP,
};

/*
 * A random command number of type 'N' and a random struct.  The kernel
 * matches commands without their size bits, so a random number may be a
 * real command: then every 8-byte-aligned field might be a pointer or a
 * timeout, so those are drawn from values that are safe for this process
 * (no pointer into our own memory other than the scribble area, no
 * timeout longer than 50 ms (scaled), CALL/CM_CONNECT never 0 = infinite).
 */
static void op_rand_ioctl(struct wthread *t)
{
	struct slot *s = slot_get(t->w, &t->r, T_NONE);
	uint8_t *a = t->arg;
	unsigned long cmd;
	unsigned int i, len;
	int ret, err;

	if (!s)
		return;
	if (rnd(&t->r, 2)) {
		cmd = known_cmds[rnd(&t->r, sizeof(known_cmds) / sizeof(known_cmds[0]))];
		cmd = (cmd & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT)) |
		      ((unsigned long)rnd(&t->r, 1024) << _IOC_SIZESHIFT);
	} else {
		cmd = _IOC(rnd(&t->r, 4), NKIPC_IOC_MAGIC, rnd(&t->r, 256),
			   rnd(&t->r, 1024));
	}
	len = 8 + rnd(&t->r, 1024);
	memset(a, 0, 2 * PAGE);
	for (i = 0; i < len; i++)
		a[i] = chance(&t->r, 70) ? 0 : rnd(&t->r, 256);
	/* u64 fields: pointers into the scribble area, or failing ones */
	for (i = 8; i + 8 <= len; i += 8) {
		uint64_t v = ptr_mut(t, t->w->scribble + rnd(&t->r, 4096), 50);

		memcpy(a + i, &v, 8);
	}
	/* timeouts: offsets 8 (CM_LISTEN), 16 (CONNECT), 40 (RECV), 64
	 * (CALL), 264 (CM_CONNECT) */
	{
		static const unsigned int toff[] = { 8, 16, 40, 64, 264 };

		for (i = 0; i < 5; i++) {
			uint64_t v = 1 + rnd(&t->r, 50000000) * time_scale;

			if (toff[i] + 8 <= len)
				memcpy(a + toff[i], &v, 8);
		}
	}
	{
		uint32_t size = rnd(&t->r, 3) ? len : rnd(&t->r, 8192);

		memcpy(a, &size, 4);
	}
	ring_add(t, "ioctl fd %d cmd %#lx len %u", s->fd, cmd, len);
	bufs_inflight(t, 0);
	ret = xioctl(t, s->fd, cmd,
		     rnd(&t->r, 20) ? (void *)a : (void *)(uintptr_t)ptr_mut(t, a, 100),
		     &err);
	bufs_settle(t);
	check_err(t, OP_RAND_IOCTL, CS_ANY, ret, err);
	if (ret > 0)
		close(ret);	/* a handle made by chance */
	slot_put(t->w, s);
}

/* ---- worker threads ---- */

static unsigned int op_total;
static bool op_exit_on = true;

static enum op pick_op(struct wthread *t)
{
	unsigned int i, x;

	if (op_exit_on && rnd(&t->r, 4000) == 0)
		return OP_EXIT;
	x = rnd(&t->r, op_total);
	for (i = 0; i <= OP_EXIT; i++) {
		if (x < op_weight[i])
			return i;
		x -= op_weight[i];
	}
	return OP_CALL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

static bool budget_left(void)
{
	if (atomic_load(&shm->stop))
		return false;
	return atomic_fetch_add(&shm->ops_done, 1) < shm->budget;
}

static void *wthread_main(void *arg)
{
	struct wthread *t = arg;
	struct thread_stat *ts = &shm->th[t->w->slot][t->idx];
	sigset_t set;

	t->tid = syscall(SYS_gettid);
	atomic_store(&ts->tid, t->tid);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	while (budget_left()) {
		enum op op = pick_op(t);

		t->nops++;
		atomic_fetch_add(&shm->op_count[op], 1);
		atomic_store(&ts->op, op);
		atomic_store(&ts->op_start_ns, now_ns());
		switch (op) {
		case OP_OPEN: op_open(t); break;
		case OP_CLOSE: op_close(t); break;
		case OP_DUP: op_dup(t); break;
		case OP_VERSION: op_version(t); break;
		case OP_REGISTER: op_register(t); break;
		case OP_CONNECT: op_connect(t); break;
		case OP_GET_RIID: op_get_riid(t); break;
		case OP_CALL: op_call(t); break;
		case OP_RECV: op_recv(t); break;
		case OP_REPLY: op_reply(t); break;
		case OP_NS_PUBLISH:
		case OP_NS_UNPUBLISH:
		case OP_NS_ENUM: op_ns(t, op); break;
		case OP_CM_CONNECT: op_cm_connect(t); break;
		case OP_CM_LISTEN: op_cm_listen(t); break;
		case OP_CM_ACCEPT: op_cm_answer(t, true); break;
		case OP_CM_DROP: op_cm_answer(t, false); break;
		case OP_LAUNCH: op_launch(t); break;
		case OP_POLL: op_poll(t); break;
		case OP_FORK: op_fork(t); break;
		case OP_TAMPER: op_tamper(t); break;
		case OP_SIGNAL: op_signal(t); break;
		case OP_RAND_IOCTL: op_rand_ioctl(t); break;
		case OP_EXIT:
			ring_add(t, "exit");
			_exit(0);
		default: break;
		}
		fast_op_done(op, now_ns() - atomic_load(&ts->op_start_ns));
		atomic_store(&ts->op_start_ns, 0);
	}
	return NULL;
}

static int wthread_init(struct worker *w, struct wthread *t, int idx)
{
	t->w = w;
	t->idx = idx;
	t->r.s = mix_seed(run_seed, w->slot, w->inc, idx);
	t->b.cpart = region(CPART_CAP);
	t->b.arena = region(ARENA_CAP);
	t->b.rcpart = region(CPART_CAP);
	t->b.rarena = region(ARENA_CAP);
	t->arg = region(2 * PAGE);
	return t->b.cpart && t->b.arena && t->b.rcpart && t->b.rarena &&
	       t->arg ? 0 : -1;
}

static int worker_main(int slot, int inc)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct worker *w;
	int i;

	w = mmap(NULL, sizeof(*w), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w == MAP_FAILED)
		return 3;
	W = w;
	w->slot = slot;
	w->inc = inc;
	pthread_mutex_init(&w->lock, NULL);
	w->scribble = region(SCRIBBLE_LEN);
	w->ro_scribble = region(SCRIBBLE_LEN);
	if (!w->scribble || !w->ro_scribble)
		return 3;
	memset(w->ro_scribble, 0x5a, SCRIBBLE_LEN);
	mprotect(w->ro_scribble, SCRIBBLE_LEN, PROT_READ);
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: EINTR */
	/* Odd slots run unprivileged: per-uid accounting, EPERM paths. */
	if (slot % 2) {
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			return 3;
	}
	w->root = geteuid() == 0;
	w->nthreads = n_threads;
	for (i = 0; i < n_threads; i++)
		if (wthread_init(w, &w->t[i], i))
			return 3;
	/* Every worker starts with two contexts. */
	for (i = 0; i < 2; i++) {
		int fd = open(NKIPC_DEVICE, O_RDWR | O_CLOEXEC);

		if (fd < 0)
			return 3;
		slot_add(w, T_DEV, fd, 0, false);
	}
	for (i = 1; i < n_threads; i++)
		pthread_create(&w->t[i].th, NULL, wthread_main, &w->t[i]);
	wthread_main(&w->t[0]);
	for (i = 1; i < n_threads; i++)
		pthread_join(w->t[i].th, NULL);
	return 0;
}

/* ---- raw generic netlink ---- */

struct mb {
	uint8_t buf[16384] __attribute__((aligned(8)));
	size_t len;
};

static void mb_init(struct mb *m, uint16_t type, uint16_t flags, uint8_t cmd)
{
	struct nlmsghdr *h = (void *)m->buf;
	struct genlmsghdr *g = (void *)(m->buf + NLMSG_HDRLEN);

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	g->cmd = cmd;
	g->version = NKIPC_GENL_VERSION;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
}

static void mb_put(struct mb *m, uint16_t type, const void *d, size_t dl)
{
	struct nlattr *a = (void *)(m->buf + m->len);

	if (m->len + NLA_HDRLEN + NLA_ALIGN(dl) > sizeof(m->buf))
		return;
	a->nla_len = NLA_HDRLEN + dl;
	a->nla_type = type;
	memset((uint8_t *)a + NLA_HDRLEN, 0, NLA_ALIGN(dl));
	if (dl)
		memcpy((uint8_t *)a + NLA_HDRLEN, d, dl);
	m->len += NLA_HDRLEN + NLA_ALIGN(dl);
}

static void mb_u8(struct mb *m, uint16_t type, uint8_t v)
{
	mb_put(m, type, &v, 1);
}

static void mb_u32(struct mb *m, uint16_t type, uint32_t v)
{
	mb_put(m, type, &v, 4);
}

static void mb_u64(struct mb *m, uint16_t type, uint64_t v)
{
	mb_put(m, type, &v, 8);
}

static void mb_str(struct mb *m, uint16_t type, const char *s)
{
	mb_put(m, type, s, strlen(s) + 1);
}

static size_t mb_nest(struct mb *m, uint16_t type)
{
	size_t off = m->len;

	mb_put(m, type | NLA_F_NESTED, NULL, 0);
	return off;
}

static void mb_end(struct mb *m, size_t off)
{
	struct nlattr *a = (void *)(m->buf + off);

	a->nla_len = m->len - off;
}

struct nl {
	int fd;
	uint16_t fam;
	uint32_t seq;
};

typedef void (*nl_cb)(void *arg, const struct nlattr *a);

/*
 * Sends @m and reads until its ACK / DONE.  Returns 0 or -errno (the
 * kernel's answer; -ETIMEDOUT if none came); @cb sees every top-level
 * attribute of every reply message; *@intr is set by NLM_F_DUMP_INTR.
 */
static int nl_talk(struct nl *n, struct mb *m, nl_cb cb, void *arg,
		   bool *intr)
{
	static __thread uint8_t buf[65536] __attribute__((aligned(8)));
	struct nlmsghdr *h = (void *)m->buf;
	bool dump = h->nlmsg_flags & NLM_F_DUMP;

	if (!dump)
		h->nlmsg_flags |= NLM_F_ACK;
	h->nlmsg_len = m->len;
	h->nlmsg_seq = ++n->seq;
	if (send(n->fd, m->buf, m->len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t len = recv(n->fd, buf, sizeof(buf), 0);
		struct nlmsghdr *r;

		if (len < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		for (r = (void *)buf; NLMSG_OK(r, len); r = NLMSG_NEXT(r, len)) {
			if (r->nlmsg_seq != n->seq)
				continue;
			if (r->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(r))->error;
			if (r->nlmsg_type == NLMSG_DONE) {
				int e = 0;

				if (r->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
					memcpy(&e, NLMSG_DATA(r), sizeof(int));
				return e;
			}
			if ((r->nlmsg_flags & NLM_F_DUMP_INTR) && intr)
				*intr = true;
			if (cb) {
				int alen = r->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
				struct nlattr *a = (void *)((uint8_t *)NLMSG_DATA(r) +
							   GENL_HDRLEN);

				while (alen >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
				       a->nla_len <= alen) {
					cb(arg, a);
					alen -= NLA_ALIGN(a->nla_len);
					a = (void *)((uint8_t *)a + NLA_ALIGN(a->nla_len));
				}
			}
			if (!dump)
				continue;
		}
	}
}

static void fam_cb(void *arg, const struct nlattr *a)
{
	if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
		memcpy(arg, (const uint8_t *)a + NLA_HDRLEN, 2);
}

static int nl_open(struct nl *n)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 20 * time_scale };
	struct mb *m = malloc(sizeof(*m));
	int ret;

	n->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	n->seq = 0;
	n->fam = 0;
	if (n->fd < 0 || !m || bind(n->fd, (void *)&sa, sizeof(sa))) {
		free(m);
		return -1;
	}
	setsockopt(n->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	mb_init(m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY);
	mb_str(m, CTRL_ATTR_FAMILY_NAME, NKIPC_GENL_NAME);
	ret = nl_talk(n, m, fam_cb, &n->fam, NULL);
	free(m);
	if (ret || !n->fam) {
		close(n->fd);
		return -1;
	}
	return 0;
}

struct state_out {
	uint64_t gen;
	uint32_t mode;
	long count;
	int count_attr;
};

static void state_cb(void *arg, const struct nlattr *a)
{
	struct state_out *o = arg;
	const uint8_t *d = (const uint8_t *)a + NLA_HDRLEN;

	switch (a->nla_type & NLA_TYPE_MASK) {
	case NKIPC_A_GENERATION:
		memcpy(&o->gen, d, 8);
		break;
	case NKIPC_A_MODE:
		memcpy(&o->mode, d, 4);
		break;
	}
	if ((a->nla_type & NLA_TYPE_MASK) == o->count_attr)
		o->count++;
}

/* ---- the policy worker ---- */

struct pthr {
	struct nl n;
	uint64_t gen;		/* staged generation, 0: none */
};

static __thread struct pthr *P;

static int nl_check(struct wthread *t, enum op op, int ret)
{
	return check_err(t, op, CS_NL, ret, -ret);
}

static const char *const classes[] = { "nkipc.Unbound", "fz.Nobody",
				       "fz.Launched", "fz.Root" };
static const char *const ifaces[] = { "fz.IfA", "fz.IfB", "fz.IfC" };

static void put_rule(struct wthread *t, struct mb *m, int idx)
{
	size_t n = mb_nest(m, idx + 1), st;
	uint8_t kind = rnd(&t->r, __NKIPC_KIND_MAX);
	/* transfer rules carry a message too (and a handle) */
	bool msg = kind <= NKIPC_KIND_ERROR || kind == NKIPC_KIND_TRANSFER;
	bool xfer = kind == NKIPC_KIND_TRANSFER;
	char name[NKIPC_NAME_MAX];
	int i, ns = 1 + rnd(&t->r, 3);

	mb_u8(m, NKIPC_RULE_A_KIND, kind);
	if (chance(&t->r, 40))
		mb_str(m, NKIPC_RULE_A_SRC, classes[rnd(&t->r, 4)]);
	if (chance(&t->r, 30))
		mb_str(m, NKIPC_RULE_A_DST, classes[rnd(&t->r, 4)]);
	if (chance(&t->r, 40)) {
		chan_name(name, sizeof(name), rnd(&t->r, N_CHANS));
		mb_str(m, NKIPC_RULE_A_CHANNEL, name);
	}
	if (!msg && chance(&t->r, 30)) {
		server_name(name, sizeof(name), rnd(&t->r, N_SERVERS));
		mb_str(m, NKIPC_RULE_A_SERVER, name);
	}
	if (msg && chance(&t->r, 30))
		mb_u32(m, NKIPC_RULE_A_RIID, rnd(&t->r, 4));
	if (msg && chance(&t->r, 40)) {
		mb_str(m, NKIPC_RULE_A_IFACE, ifaces[rnd(&t->r, 3)]);
		if (chance(&t->r, 50))
			mb_u32(m, NKIPC_RULE_A_MID, rnd(&t->r, 5));
	}
	if (xfer && chance(&t->r, 40))
		mb_u8(m, NKIPC_RULE_A_HANDLE, 1 + rnd(&t->r, 2));
	if (xfer && chance(&t->r, 30)) {
		chan_name(name, sizeof(name), rnd(&t->r, N_CHANS));
		mb_str(m, NKIPC_RULE_A_TARGET, name);
	}
	if (xfer && chance(&t->r, 30))
		mb_str(m, NKIPC_RULE_A_TARGET_CLASS, classes[rnd(&t->r, 4)]);
	if (chance(&t->r, 30))
		mb_str(m, NKIPC_RULE_A_TEXT, "fuzz rule");
	st = mb_nest(m, NKIPC_RULE_A_STMTS);
	for (i = 0; i < ns; i++) {
		size_t sn = mb_nest(m, i + 1);
		uint8_t type;
		uint32_t x = rnd(&t->r, 100);

		type = x < 55 ? NKIPC_STMT_GRANT : x < 70 ? NKIPC_STMT_DENY :
		       x < 85 ? NKIPC_STMT_ASSERT : NKIPC_STMT_DENY_IF;
		if (!msg && type >= NKIPC_STMT_ASSERT)
			type = NKIPC_STMT_GRANT;
		mb_u8(m, NKIPC_STMT_A_TYPE, type);
		if (type >= NKIPC_STMT_ASSERT) {
			mb_u8(m, NKIPC_STMT_A_PART, rnd(&t->r, xfer ? 3 : 2));
			mb_u32(m, NKIPC_STMT_A_OFFSET, rnd(&t->r, 64));
			mb_u8(m, NKIPC_STMT_A_SIZE, 1 << rnd(&t->r, 4));
			if (chance(&t->r, 20))
				mb_put(m, NKIPC_STMT_A_SIGNED, NULL, 0);
			mb_u8(m, NKIPC_STMT_A_OP, rnd(&t->r, __NKIPC_OP_MAX));
			mb_u64(m, NKIPC_STMT_A_VALUE, rnd(&t->r, 300));
		}
		mb_end(m, sn);
	}
	mb_end(m, st);
	mb_end(m, n);
}

static void put_layouts(struct wthread *t, struct mb *m)
{
	size_t n = mb_nest(m, NKIPC_A_LAYOUTS);
	int i, nl = 1 + rnd(&t->r, 3);

	for (i = 0; i < nl; i++) {
		size_t l = mb_nest(m, i + 1);
		uint32_t cs = NKIPC_MSG_HDR_SIZE + rnd(&t->r, 64);

		mb_str(m, NKIPC_LAYOUT_A_IFACE, "fz.IfA");
		mb_u32(m, NKIPC_LAYOUT_A_MID, i);	/* one per (mid, dir) */
		mb_u8(m, NKIPC_LAYOUT_A_DIR, rnd(&t->r, __NKIPC_LAYOUT_MAX));
		struct nkipc_lmsg msg = { .const_size = cs };
		/*
		 * A valid graph (the batch must load): strings, sequences, a
		 * struct of both in a sequence, a union; one root field of a
		 * random one of them, so messages meet nested checks.
		 */
		uint32_t b = 1 + rnd(&t->r, 16);
		struct nkipc_ltype ty[6] = {
			{ 4, 0, 0, 0, 0, NKIPC_LT_SCALAR, 4 },
			{ 8, b, 0, 0, 0, NKIPC_LT_STRING, 4 },
			{ 8, b, 0, 0, 0, NKIPC_LT_SEQUENCE, 4 },
			{ 16, 0, 0, 0, 2, NKIPC_LT_STRUCT, 4 },
			{ 8, b, 3, 0, 0, NKIPC_LT_SEQUENCE, 4 },
			{ 12, 0, 0, 2, 2, NKIPC_LT_UNION, 4 },
		};
		static const uint16_t roots[] = { 1, 2, 4, 5 };
		struct nkipc_lfield fl[5] = {
			{ 0, 1, 0 }, { 8, 2, 0 }, { 4, NKIPC_LTYPE_NONE, 0 }, { 4, 1, 0 },
			{ NKIPC_MSG_HDR_SIZE, roots[rnd(&t->r, 4)], 0 },
		};
		int nt = 6;

		if (chance(&t->r, 30))
			msg.alt_size = cs + 8;
		if (cs >= NKIPC_MSG_HDR_SIZE + ty[fl[4].type].size && chance(&t->r, 70)) {
			msg.first = 4;
			msg.n_fields = 1;
		}
		mb_put(m, NKIPC_LAYOUT_A_MSG, &msg, sizeof(msg));
		mb_put(m, NKIPC_LAYOUT_A_TYPES, ty, nt * sizeof(ty[0]));
		mb_put(m, NKIPC_LAYOUT_A_FIELDS, fl, sizeof(fl));
		mb_end(m, l);
	}
	mb_end(m, n);
}

static void put_bindings(struct wthread *t, struct mb *m)
{
	size_t n = mb_nest(m, NKIPC_A_BINDINGS), b;

	b = mb_nest(m, 1);
	mb_str(m, NKIPC_BIND_A_CLASS, "fz.Nobody");
	mb_u32(m, NKIPC_BIND_A_UID, 65534);
	mb_end(m, b);
	if (chance(&t->r, 30)) {
		b = mb_nest(m, 2);
		mb_str(m, NKIPC_BIND_A_CLASS, "fz.Root");
		mb_u32(m, NKIPC_BIND_A_UID, 0);
		if (rnd(&t->r, 2))
			mb_u32(m, NKIPC_BIND_A_GID, 0);
		mb_end(m, b);
	}
	mb_end(m, n);
}

/* BEGIN, 1-3 ADDs, COMMIT of a random valid policy. */
static void op_nl_load(struct wthread *t)
{
	static __thread struct mb m;
	struct state_out o = { 0 };
	int ret, i, nadd = 1 + rnd(&t->r, 3);
	bool layouts = false, bindings = false;

	mb_init(&m, P->n.fam, 0, NKIPC_CMD_LOAD_BEGIN);
	mb_u32(&m, NKIPC_A_DEFAULT, rnd(&t->r, 10) ? NKIPC_DECISION_GRANT :
						    NKIPC_DECISION_DENY);
	ret = nl_talk(&P->n, &m, state_cb, &o, NULL);
	nl_check(t, OP_NL_LOAD, ret);
	if (ret || !o.gen) {
		if (!ret)
			violation(t, "LOAD_BEGIN = 0 without a generation");
		return;
	}
	P->gen = o.gen;
	for (i = 0; i < nadd; i++) {
		int nr = rnd(&t->r, 6), k;

		mb_init(&m, P->n.fam, 0, NKIPC_CMD_LOAD_ADD);
		mb_u64(&m, NKIPC_A_GENERATION, P->gen);
		if (nr) {
			size_t rs = mb_nest(&m, NKIPC_A_RULES);

			for (k = 0; k < nr; k++)
				put_rule(t, &m, k);
			mb_end(&m, rs);
		}
		if (!layouts && chance(&t->r, 30)) {
			put_layouts(t, &m);
			layouts = true;
		}
		if (!bindings && chance(&t->r, 30)) {
			put_bindings(t, &m);
			bindings = true;
		}
		if (chance(&t->r, 30)) {
			size_t s = mb_nest(&m, NKIPC_A_SOURCE);

			mb_str(&m, NKIPC_A_SOURCE_LINE, "use fuzz._;");
			mb_end(&m, s);
		}
		ret = nl_talk(&P->n, &m, NULL, NULL, NULL);
		nl_check(t, OP_NL_LOAD, ret);
		if (ret) {
			/* only running out of memory may refuse a valid batch */
			if (ret != -ENOMEM && ret != -ENOBUFS)
				violation(t, "LOAD_ADD of a valid batch: %d", ret);
			P->gen = 0;
			return;
		}
	}
	if (chance(&t->r, 10))
		return;		/* left staged: dropped by BEGIN or close */
	mb_init(&m, P->n.fam, 0, NKIPC_CMD_LOAD_COMMIT);
	mb_u64(&m, NKIPC_A_GENERATION, P->gen);
	if (chance(&t->r, 20))
		mb_u32(&m, NKIPC_A_MODE, rnd(&t->r, __NKIPC_MODE_MAX));
	ret = nl_talk(&P->n, &m, NULL, NULL, NULL);
	nl_check(t, OP_NL_LOAD, ret);
	if (ret && ret != -ESTALE)
		violation(t, "LOAD_COMMIT of a valid policy: %d", ret);
	if (!ret) {
		atomic_fetch_add(&shm->loads_ok, 1);
		atomic_store(&shm->policy_loaded, 1);
	}
	P->gen = 0;
}

/* Random attributes, nests and lengths for a random command. */
static void op_nl_bad(struct wthread *t)
{
	static __thread struct mb m;
	uint8_t cmd = 1 + rnd(&t->r, NKIPC_CMD_MAX + 2);
	int i, na = rnd(&t->r, 6), ret;
	uint8_t junk[64];

	mb_init(&m, P->n.fam, rnd(&t->r, 8) ? 0 : NLM_F_DUMP, cmd);
	if (cmd == NKIPC_CMD_LOAD_ADD || cmd == NKIPC_CMD_LOAD_COMMIT ||
	    cmd == NKIPC_CMD_LOAD_ABORT)
		mb_u64(&m, NKIPC_A_GENERATION,
		       rnd(&t->r, 3) ? P->gen : rnd64(&t->r));
	for (i = 0; i < na; i++) {
		uint16_t type = rnd(&t->r, NKIPC_A_MAX + 3);
		size_t len = rnd(&t->r, 5) ? rnd(&t->r, 12) : rnd(&t->r, 64);
		unsigned int k;

		for (k = 0; k < len; k++)
			junk[k] = rnd(&t->r, 3) ? rnd(&t->r, 4) : rnd(&t->r, 256);
		if (rnd(&t->r, 3)) {
			mb_put(&m, type, junk, len);
		} else {
			/* a nest of nests of junk: rules, layouts, ... */
			size_t a = mb_nest(&m, type), b = mb_nest(&m, 1);
			int j, nj = 1 + rnd(&t->r, 4);

			for (j = 0; j < nj; j++)
				mb_put(&m, rnd(&t->r, 16) | (rnd(&t->r, 4) ?
					0 : NLA_F_NESTED), junk, rnd(&t->r, len + 1));
			mb_end(&m, b);
			mb_end(&m, a);
		}
	}
	if (chance(&t->r, 10) && m.len > NLMSG_HDRLEN + GENL_HDRLEN + 4) {
		/* an attribute length past the end of the message */
		struct nlattr *a = (void *)(m.buf + NLMSG_HDRLEN + GENL_HDRLEN);

		a->nla_len += 4 * (1 + rnd(&t->r, 50));
	}
	ring_add(t, "nl cmd %u len %zu", cmd, m.len);
	ret = nl_talk(&P->n, &m, NULL, NULL, NULL);
	nl_check(t, OP_NL_BAD, ret);
}

static void op_nl_simple(struct wthread *t, enum op op)
{
	static __thread struct mb m;
	struct state_out o = { .count_attr = -1 };
	bool intr = false;
	int ret;

	switch (op) {
	case OP_NL_STATE:
		mb_init(&m, P->n.fam, 0, NKIPC_CMD_GET_STATE);
		break;
	case OP_NL_ABORT:
		mb_init(&m, P->n.fam, 0, NKIPC_CMD_LOAD_ABORT);
		mb_u64(&m, NKIPC_A_GENERATION, rnd(&t->r, 4) ? P->gen : rnd64(&t->r));
		P->gen = 0;
		break;
	case OP_NL_UNLOAD:
		mb_init(&m, P->n.fam, 0, NKIPC_CMD_UNLOAD);
		break;
	case OP_NL_CONFIG:
		mb_init(&m, P->n.fam, 0, NKIPC_CMD_SET_CONFIG);
		if (rnd(&t->r, 2))
			mb_u32(&m, NKIPC_A_MODE, rnd(&t->r, 5) ? rnd(&t->r, 2) : 7);
		if (rnd(&t->r, 2))
			mb_u32(&m, NKIPC_A_AUDIT_FLAGS, rnd(&t->r, 5) ? rnd(&t->r, 2) : 6);
		break;
	case OP_NL_DUMP_POLICY:
		mb_init(&m, P->n.fam, NLM_F_DUMP, NKIPC_CMD_GET_POLICY);
		break;
	default:
		mb_init(&m, P->n.fam, NLM_F_DUMP, NKIPC_CMD_GET_CHANNELS);
		break;
	}
	ret = nl_talk(&P->n, &m, state_cb, &o, &intr);
	nl_check(t, op, ret);
	if (op == OP_NL_UNLOAD && !ret)
		atomic_store(&shm->policy_loaded, 0);
}

static void *pthread_main(void *arg)
{
	struct wthread *t = arg;
	struct thread_stat *ts = &shm->th[t->w->slot][t->idx];
	struct pthr p = { 0 };

	P = &p;
	t->tid = syscall(SYS_gettid);
	atomic_store(&ts->tid, t->tid);
	if (nl_open(&p.n)) {
		say("# policy worker: no netlink family %s", NKIPC_GENL_NAME);
		return NULL;
	}
	while (budget_left()) {
		uint32_t x = rnd(&t->r, 100);
		enum op op = x < 30 ? OP_NL_LOAD : x < 50 ? OP_NL_BAD :
			     x < 58 ? OP_NL_STATE : x < 64 ? OP_NL_ABORT :
			     x < 72 ? OP_NL_UNLOAD : x < 78 ? OP_NL_CONFIG :
			     x < 86 ? OP_NL_DUMP_POLICY : x < 94 ?
			     OP_NL_DUMP_CHANNELS : OP_NL_REOPEN;

		t->nops++;
		atomic_fetch_add(&shm->op_count[op], 1);
		atomic_store(&ts->op, op);
		atomic_store(&ts->op_start_ns, now_ns());
		switch (op) {
		case OP_NL_LOAD: op_nl_load(t); break;
		case OP_NL_BAD: op_nl_bad(t); break;
		case OP_NL_REOPEN:
			/* the socket goes away, maybe with a staged load */
			close(p.n.fd);
			p.gen = 0;
			if (nl_open(&p.n))
				return NULL;
			break;
		default: op_nl_simple(t, op); break;
		}
		atomic_store(&ts->op_start_ns, 0);
		usleep(5000 + rnd(&t->r, 40000));
	}
	close(p.n.fd);
	return NULL;
}

static int policy_main(int slot, int inc)
{
	struct worker *w = calloc(1, sizeof(*w));
	int i;

	if (!w)
		return 3;
	w->slot = slot;
	w->inc = inc;
	w->root = true;
	w->nthreads = 2;
	for (i = 0; i < 2; i++) {
		w->t[i].w = w;
		w->t[i].idx = i;
		w->t[i].r.s = mix_seed(run_seed, slot, inc, i);
	}
	pthread_create(&w->t[1].th, NULL, pthread_main, &w->t[1]);
	pthread_main(&w->t[0]);
	pthread_join(w->t[1].th, NULL);
	return 0;
}

/* ---- supervisor ---- */

struct proc {
	pid_t pid;
	int inc;
	bool live;
};

static struct proc procs[MAX_WORKERS + 1];
static int n_procs;
static long n_killed, n_respawned, n_stuck, n_bad_deaths, n_exits;
static long n_leftover;

/*
 * Processes still ours 30 s after the last worker: fork children of
 * workers are bounded, so one of them is stuck.  Shows where, kills it.
 */
static void show_stack(pid_t pid, int tid);

static long kill_leftovers(void)
{
	DIR *d = opendir("/proc");
	char path[64], buf[512];
	struct dirent *de;
	long n = 0;
	int st;

	while (d && (de = readdir(d))) {
		pid_t pid = atoi(de->d_name);
		int fd, ppid = 0;
		ssize_t len;
		char *p;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = 0;
		p = strrchr(buf, ')');
		if (!p || sscanf(p + 2, "%*c %d", &ppid) != 1 ||
		    ppid != getpid())
			continue;
		n++;
		say("# process %d still alive after the workers: %.60s", pid, buf);
		show_stack(pid, pid);
		kill(pid, SIGKILL);
	}
	if (d)
		closedir(d);
	while (waitpid(-1, &st, 0) > 0)
		;
	return n;
}

static pid_t spawn(int slot, int inc)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (slot == n_workers)
			_exit(policy_main(slot, inc));
		_exit(worker_main(slot, inc));
	}
	if (pid > 0) {
		procs[slot].pid = pid;
		procs[slot].inc = inc;
		procs[slot].live = true;
		memset(shm->th[slot], 0, sizeof(shm->th[slot]));
	}
	return pid;
}

static int slot_of(pid_t pid)
{
	int i;

	for (i = 0; i < n_procs; i++)
		if (procs[i].live && procs[i].pid == pid)
			return i;
	return -1;
}

static void show_stack(pid_t pid, int tid)
{
	char path[96], buf[2048];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stack", pid, tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		char *line, *save;

		buf[n] = 0;
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			say("#     %s", line);
	}
}

static void watchdog(int64_t now)
{
	int i, k;

	for (i = 0; i < n_procs; i++) {
		if (!procs[i].live)
			continue;
		for (k = 0; k < MAX_THREADS; k++) {
			struct thread_stat *ts = &shm->th[i][k];
			int64_t st = atomic_load(&ts->op_start_ns);

			if (!st || now - st < STUCK_SEC * time_scale * 1000000000LL)
				continue;
			n_stuck++;
			say("# STUCK: worker %d.%d thread %d in %s for %lld s; replay: NKFUZZ_SEED=%" PRIu64 " NKFUZZ_WORKER=%d.%d",
			    i, procs[i].inc, k, op_names[atomic_load(&ts->op)],
			    (long long)((now - st) / 1000000000), run_seed, i,
			    procs[i].inc);
			show_stack(procs[i].pid, atomic_load(&ts->tid));
			atomic_store(&ts->op_start_ns, 0);
			kill(procs[i].pid, SIGKILL);
		}
	}
}

/* Reaps every child that ended; respawns workers while the run goes on. */
static int reap(bool respawn)
{
	int st, n = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		int s = slot_of(pid);

		n++;
		if (WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL) {
			n_bad_deaths++;
			say("# process %d (%s %d) died of signal %d; replay: NKFUZZ_SEED=%" PRIu64 " NKFUZZ_WORKER=%d.%d",
			    pid, s >= 0 ? "worker" : "grandchild", s,
			    WTERMSIG(st), run_seed, s, s >= 0 ? procs[s].inc : -1);
		} else if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
			n_bad_deaths++;
			say("# process %d (worker %d) exited with status %d",
			    pid, s, WEXITSTATUS(st));
		} else if (WIFEXITED(st) && s >= 0) {
			n_exits++;
		}
		if (s < 0)
			continue;
		procs[s].live = false;
		if (respawn && replay_slot < 0 && !atomic_load(&shm->stop) &&
		    atomic_load(&shm->ops_done) < shm->budget) {
			spawn(s, procs[s].inc + 1);
			n_respawned++;
		}
	}
	return n;
}

static bool any_live(void)
{
	int i;

	for (i = 0; i < n_procs; i++)
		if (procs[i].live)
			return true;
	return false;
}

static long env_long(const char *name, long def)
{
	const char *v = getenv(name);

	return v && *v ? strtol(v, NULL, 0) : def;
}

static void tap(int *n, bool ok, const char *fmt, ...)
{
	char msg[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	++*n;
	say("%sok %d nkfuzz: %s", ok ? "" : "not ", *n, msg);
}

static long read_refcnt(void)
{
	char buf[32] = "";
	int fd = open("/sys/module/nkipc/refcnt", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

static void print_stats(double secs)
{
	long total = atomic_load(&shm->ops_done);
	int i, cs, e;

	if (total > shm->budget)
		total = shm->budget;
	say("# %ld operations in %.1f s: %.0f ops/s; %ld kills, %ld respawns, %ld worker exits",
	    total, secs, secs > 0 ? total / secs : 0.0, n_killed, n_respawned,
	    n_exits);
	say("# operations that never wait took %.2f ms (moving average), timeouts scaled by up to %ld",
	    atomic_load(&shm->fast_avg_ns) / 1e6, atomic_load(&shm->max_scale));
	say("# calls completed %ld, requests received %ld, replies delivered %ld, CM connections %ld, policies committed %ld, operations with failslab armed %ld",
	    atomic_load(&shm->calls_ok), atomic_load(&shm->recvs_ok),
	    atomic_load(&shm->replies_ok), atomic_load(&shm->cm_ok),
	    atomic_load(&shm->loads_ok), atomic_load(&shm->faults_armed));
	for (i = 0; i < N_OPS; i++) {
		long n = atomic_load(&shm->op_count[i]);

		if (n)
			say("#   %-17s %7ld (%ld succeeded)", op_names[i], n,
			    atomic_load(&shm->op_ok[i]));
	}
	for (cs = 0; cs < N_CS; cs++) {
		static const char *const csn[N_CS] = {
			"VERSION", "REGISTER", "CONNECT", "GET_RIID", "CALL",
			"RECV", "REPLY", "NS_PUBLISH", "NS_UNPUBLISH",
			"NS_ENUM", "CM_CONNECT", "CM_LISTEN", "CM_ACCEPT",
			"CM_DROP", "LAUNCH_CLASS", "random ioctl", "netlink",
		};
		char line[600];
		int len = 0;

		for (e = 1; e < NERR; e++) {
			long n = atomic_load(&shm->err_count[cs][e]);

			if (n && len < (int)sizeof(line) - 40)
				len += snprintf(line + len, sizeof(line) - len,
						" %s:%ld", strerrorname_np(e) ?: "?", n);
		}
		if (len)
			say("#   errors of %-12s%s", csn[cs], line);
	}
}

/*
 * A run that did not exercise what it claims to fuzz must not pass: on a
 * slow kernel short timeouts can make every call expire (the debug lane
 * once completed 2 calls in 50,000 operations and passed).  Replays of a
 * single worker and short runs are exempt.
 */
static void coverage(int *n, long total)
{
	long calls = atomic_load(&shm->calls_ok);
	long recvs = atomic_load(&shm->recvs_ok);
	long replies = atomic_load(&shm->replies_ok);
	long loads = atomic_load(&shm->loads_ok);
	long armed = atomic_load(&shm->faults_armed);
	char why[200] = "";
	int len = 0;

	if (replay_slot >= 0 || total < 2000) {
		tap(n, true, "coverage # SKIP %s",
		    replay_slot >= 0 ? "replay of one worker" :
		    "fewer than 2000 operations");
		return;
	}
#define WHY(cond, ...)							\
	do {								\
		if ((cond) && len < (int)sizeof(why) - 60)		\
			len += snprintf(why + len, sizeof(why) - len,	\
					__VA_ARGS__);			\
	} while (0)
	WHY(calls * 1000 < total * min_calls_permille,
	    " calls %ld < %ld", calls, total * min_calls_permille / 1000);
	WHY(!recvs, " no request received");
	WHY(!replies, " no reply delivered");
	WHY(kill_ms && !n_killed, " no worker killed");
	WHY(policy_worker && !loads, " no policy committed");
	WHY(have_failslab && !armed, " failslab never armed");
#undef WHY
	tap(n, !len,
	    "coverage: %ld calls completed (%.1f per 1000 operations, at least %ld required: NKFUZZ_MIN_CALLS), %ld requests received, %ld replies, %ld kills, %ld policies committed, %ld operations under failslab%s%s",
	    calls, 1000.0 * calls / total, min_calls_permille, recvs, replies,
	    n_killed, loads, armed, len ? "; missing:" : "", why);
}

/* After every worker is gone: nothing of ours may be left in the module. */
static void end_checks(int *n, struct nl *nl, bool have_nl, uint32_t mode0)
{
	static struct mb m;
	struct state_out o = { .count_attr = NKIPC_A_CHANNEL };
	struct nkipc_ns_enum q = { .size = sizeof(q) };
	int ret = -1, dev, left = 0, i;
	long refcnt = -1;

	if (have_nl) {
		mb_init(&m, nl->fam, 0, NKIPC_CMD_UNLOAD);
		nl_talk(nl, &m, NULL, NULL, NULL);
		mb_init(&m, nl->fam, 0, NKIPC_CMD_SET_CONFIG);
		mb_u32(&m, NKIPC_A_MODE, mode0);
		mb_u32(&m, NKIPC_A_AUDIT_FLAGS, 0);
		nl_talk(nl, &m, NULL, NULL, NULL);
		mb_init(&m, nl->fam, NLM_F_DUMP, NKIPC_CMD_GET_CHANNELS);
		ret = nl_talk(nl, &m, state_cb, &o, NULL);
	}
	dev = open(NKIPC_DEVICE, O_RDWR | O_CLOEXEC);
	if (dev >= 0) {
		for (i = 0; i < N_CHANS; i++) {
			struct nkipc_connect c = { .size = sizeof(c) };
			char name[NKIPC_NAME_MAX];
			int fd;

			chan_name(name, sizeof(name), i);
			c.name = (uintptr_t)name;
			fd = ioctl(dev, NKIPC_IOC_CONNECT, &c);
			if (fd >= 0) {
				left++;
				close(fd);
			}
		}
		if (ioctl(dev, NKIPC_IOC_NS_ENUM, &q) == 0) {
			left++;
			say("# name-server entry left: %s / %s", q.server, q.service);
		}
		close(dev);
	}
	tap(n, have_nl && !ret && !o.count && dev >= 0 && !left,
	    "afterwards no service, channel or name-server entry is left (%ld in the channels dump, %d found by CONNECT/NS_ENUM)",
	    o.count, left);
	for (i = 0; i < 50; i++) {
		refcnt = read_refcnt();
		if (refcnt == 0)
			break;
		usleep(100000);
	}
	tap(n, refcnt == 0,
	    "afterwards the module's reference count is %ld (every handle released: rmmod would succeed)",
	    refcnt);
}

static int usage_error(const char *what)
{
	say("1..0 # SKIP nkfuzz: %s", what);
	return 4;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct nl nl = { .fd = -1 };
	struct state_out st0 = { .count_attr = -1 };
	int64_t start, next_kill, now, next_progress;
	const char *wv = getenv("NKFUZZ_WORKER");
	struct rng sup;
	bool have_nl, timed_out = false;
	int n = 0, i;
	double secs;
	long total;

	setvbuf(stdout, NULL, _IONBF, 0);
	errsets_init();
	if (getenv("NKFUZZ_SKIP")) {
		/* comma-separated operation names, e.g. "fork,tamper" */
		char list[256], *tok, *save;

		snprintf(list, sizeof(list), "%s", getenv("NKFUZZ_SKIP"));
		for (tok = strtok_r(list, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save))
			for (i = 0; i <= OP_EXIT; i++)
				if (!strcmp(tok, op_names[i])) {
					op_weight[i] = 0;
					if (i == OP_EXIT)
						op_exit_on = false;
				}
	}
	for (i = 0; i <= OP_EXIT; i++)
		op_total += op_weight[i];
	run_seed = env_long("NKFUZZ_SEED", 0);
	if (!run_seed)
		run_seed = (uint64_t)now_ns() ^ ((uint64_t)getpid() << 32);
	time_scale = env_long("NKFUZZ_TIME_SCALE",
			      env_long("NKIPC_TIME_SCALE", 1));
	if (time_scale < 1 || time_scale > 100)
		return usage_error("NKFUZZ_TIME_SCALE 1..100");
	kill_ms *= time_scale;
	time_limit *= time_scale;
	n_workers = env_long("NKFUZZ_WORKERS", n_workers);
	n_threads = env_long("NKFUZZ_THREADS", n_threads);
	kill_ms = env_long("NKFUZZ_KILL_MS", kill_ms);
	fault_pct = env_long("NKFUZZ_FAULT", fault_pct);
	fail_page = env_long("NKFUZZ_FAIL_PAGE", 0);
	time_limit = env_long("NKFUZZ_TIME", time_limit);
	policy_worker = env_long("NKFUZZ_POLICY", 1);
	auto_scale = env_long("NKFUZZ_AUTO_SCALE", 1);
	progress_s = env_long("NKFUZZ_PROGRESS", 60);
	min_calls_permille = env_long("NKFUZZ_MIN_CALLS", DEFAULT_MIN_CALLS);
	if (n_workers < 1 || n_workers > MAX_WORKERS || n_threads < 2 ||
	    n_threads > MAX_THREADS)
		return usage_error("NKFUZZ_WORKERS 1..16, NKFUZZ_THREADS 2..8");
	if (wv && sscanf(wv, "%d.%d", &replay_slot, &replay_inc) != 2)
		return usage_error("NKFUZZ_WORKER=SLOT.INCARNATION");
	if (replay_slot > n_workers)
		return usage_error("NKFUZZ_WORKER: no such slot");
	run_id = (unsigned int)(run_seed % 100000);
	sup.s = run_seed ^ 0x5eed;

	shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED)
		return 1;
	shm->budget = env_long("NKFUZZ_OPS", DEFAULT_OPS);

	say("TAP version 13");
	say("# nkfuzz: NKFUZZ_SEED=%" PRIu64 " NKFUZZ_OPS=%ld", run_seed,
	    shm->budget);
	if (access(NKIPC_DEVICE, R_OK | W_OK))
		return usage_error("no " NKIPC_DEVICE " (module not loaded?)");
	say("1..7");

	/* fault injection: only if the kernel has it */
	if (geteuid() == 0 && access(fi_dirs[0], F_OK) &&
	    !access("/sys/kernel/debug", F_OK))
		mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	have_failslab = geteuid() == 0 && !access(fi_dirs[0], F_OK) &&
			fault_pct > 0;
	if (have_failslab)
		fi_setup(true);
	say("# %d workers x %d threads + policy worker, kill every ~%d ms, timeouts x%ld, failslab %s%s",
	    n_workers, n_threads, kill_ms, time_scale,
	    have_failslab ? "armed for some operations" : "not available",
	    have_failslab && fail_page ? " (and fail_page_alloc)" : "");
	if (replay_slot >= 0)
		say("# replaying worker %d.%d alone", replay_slot, replay_inc);

	have_nl = !nl_open(&nl);
	if (have_nl) {
		static struct mb m;

		mb_init(&m, nl.fam, 0, NKIPC_CMD_GET_STATE);
		nl_talk(&nl, &m, state_cb, &st0, NULL);
	}
	sigaction(SIGUSR1, &sa, NULL);
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	n_procs = n_workers + 1;
	start = now_ns();
	if (replay_slot >= 0) {
		spawn(replay_slot, replay_inc);
		kill_ms = 0;
	} else {
		for (i = 0; i < n_procs; i++)
			if ((i < n_workers || policy_worker) && spawn(i, 0) < 0)
				return 1;
	}
	next_kill = start + 1000000LL * (kill_ms + rnd(&sup, 2 * kill_ms + 1));
	next_progress = start + progress_s * 1000000000LL;
	while (any_live()) {
		usleep(20000);
		now = now_ns();
		reap(true);
		watchdog(now);
		if (kill_ms && now >= next_kill && !atomic_load(&shm->stop)) {
			int s = rnd(&sup, n_procs + 2);

			/* the policy worker less often */
			if (s >= n_procs)
				s = rnd(&sup, n_workers);
			if (procs[s].live) {
				kill(procs[s].pid, SIGKILL);
				n_killed++;
			}
			next_kill = now + 1000000LL * rnd(&sup, 2 * kill_ms + 1);
		}
		if (!atomic_load(&shm->stop) && time_limit &&
		    now - start > time_limit * 1000000000LL) {
			timed_out = true;
			atomic_store(&shm->stop, 1);
		}
		if (atomic_load(&shm->ops_done) >= shm->budget)
			atomic_store(&shm->stop, 1);
		if (progress_s && now >= next_progress) {
			long done = atomic_load(&shm->ops_done);

			next_progress += progress_s * 1000000000LL;
			say("# progress: %ld operations in %.0f s (%.0f ops/s), fast ops %.2f ms (timeouts x%ld), %ld calls completed, %ld replies, %ld kills, %ld policies committed, %ld under failslab, %ld violations",
			    done < shm->budget ? done : shm->budget,
			    (now - start) / 1e9, done / ((now - start) / 1e9),
			    atomic_load(&shm->fast_avg_ns) / 1e6, eff_scale(),
			    atomic_load(&shm->calls_ok),
			    atomic_load(&shm->replies_ok), n_killed,
			    atomic_load(&shm->loads_ok),
			    atomic_load(&shm->faults_armed),
			    atomic_load(&shm->violations));
		}
	}
	/* grandchildren (forked by workers) that outlived their parent */
	for (i = 0; i < 300 * time_scale; i++) {
		reap(false);
		if (waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD)
			break;
		usleep(100000);
	}
	n_leftover = kill_leftovers();
	secs = (now_ns() - start) / 1e9;
	if (have_failslab)
		fi_setup(false);

	total = atomic_load(&shm->ops_done);
	if (total > shm->budget)
		total = shm->budget;
	print_stats(secs);
	/* A whole run must have exercised the exchange; a replay of one
	 * worker (the policy worker, say) need not. */
	tap(&n, (!timed_out || total > shm->budget / 10) &&
	    (replay_slot >= 0 || (atomic_load(&shm->calls_ok) > 0 &&
				  atomic_load(&shm->recvs_ok) > 0)),
	    "%ld of %ld operations in %.0f s%s, %ld calls completed",
	    total, shm->budget, secs,
	    timed_out ? " (stopped at NKFUZZ_TIME)" : "",
	    atomic_load(&shm->calls_ok));
	coverage(&n, total);
	tap(&n, !atomic_load(&shm->violations),
	    "every error in its command's documented set, every response and request intact (%ld violations)%s%s",
	    atomic_load(&shm->violations),
	    atomic_load(&shm->have_first) ? "; first: " : "", shm->first);
	tap(&n, !n_stuck, "no operation blocked for %ld s (watchdog): %ld stuck",
	    STUCK_SEC * time_scale, n_stuck);
	tap(&n, !n_bad_deaths && !n_leftover,
	    "processes died only of our SIGKILLs or exited normally (%ld others), none outlived the workers by %ld s (%ld did)",
	    n_bad_deaths, 30 * time_scale, n_leftover);
	end_checks(&n, &nl, have_nl, st0.mode);
	if (have_nl)
		close(nl.fd);
	return 0;
}
