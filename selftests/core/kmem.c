// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel memory a user causes is charged to its memory cgroup, and the
 * names it holds are bounded per uid (max_user_names).
 *
 * The attack (issue 8, point 4): a process in a cgroup with
 * memory.max = 64M REGISTERs channels with the largest endpoint tables
 * (1024 rows, ~280 KiB each, plus the riid index) and keeps the fds.
 * Unaccounted, that grew the host's unreclaimable slab by 373 MiB while
 * the cgroup was charged 256 KiB.  Now the cgroup's limit stops it with
 * ENOMEM, the host grows by about the limit, the cgroup's memory.stat
 * shows the kernel memory, and all of it is gone once the process exits.
 *
 * ENOMEM, not the cgroup's OOM killer: the table allocations fail at the
 * limit, and REGISTER makes them after its small ones (handle, file),
 * which do OOM-kill at the limit as any kernel allocation does (and an
 * OOM report would fail vm-run's kernel-log check).  So the attacker only
 * REGISTERs while its cgroup has room for the small allocations, and
 * makes that room by giving back user memory (a balloon) when it has
 * not: every REGISTER then ends in the table allocations.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

#define MIB		(1024L * 1024)
#define CG_LIMIT	(64 * MIB)
#define MAX_REGISTERS	400	/* ~218 MiB unaccounted: far above the limit */
#define NOBODY		65534

static char cg_root[256];

/* The cgroup2 hierarchy with the memory controller, mounted if needed. */
static int cgroup2_root(void)
{
	static const char *const dirs[] = { "/sys/fs/cgroup", "/run/nkt-cgroup2" };
	char path[300], buf[256];
	int fd;
	ssize_t n;

	for (unsigned int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/cgroup.controllers", dirs[i]);
		if (access(path, R_OK)) {
			mkdir(dirs[i], 0755);
			if (mount("none", dirs[i], "cgroup2", 0, NULL))
				continue;
		}
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[n > 0 ? n : 0] = 0;
		if (!strstr(buf, "memory"))
			continue;
		snprintf(cg_root, sizeof(cg_root), "%s", dirs[i]);
		/* Fails harmlessly if already enabled. */
		snprintf(path, sizeof(path), "%s/cgroup.subtree_control",
			 cg_root);
		fd = open(path, O_WRONLY);
		if (fd >= 0) {
			if (write(fd, "+memory", 7) < 0)
				perror("kmem: +memory");
			close(fd);
		}
		return 0;
	}
	return -1;
}

static int write_file(const char *dir, const char *file, const char *val)
{
	char path[512];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* Value of "key value" line @key in @dir/@file, or -1. */
static long read_key(const char *dir, const char *file, const char *key)
{
	char path[512], line[256];
	size_t klen = strlen(key);
	long val = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ' ') {
			val = atol(line + klen + 1);
			break;
		}
	fclose(f);
	return val;
}

static long read_long(const char *dir, const char *file)
{
	char path[512];
	long val = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &val) != 1)
		val = -1;
	fclose(f);
	return val;
}

/* Unreclaimable kernel memory of the whole machine: slab + vmalloc, bytes. */
static long host_kmem(void)
{
	char line[256];
	long kb, total = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "SUnreclaim: %ld kB", &kb) == 1 ||
		    sscanf(line, "VmallocUsed: %ld kB", &kb) == 1)
			total += kb * 1024;
	}
	fclose(f);
	return total;
}

/* Bytes left below memory.max, from fds opened beforehand (no allocation). */
static long headroom(int max_fd, int cur_fd)
{
	char buf[64];
	long max, cur;
	ssize_t n;

	n = pread(max_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	max = atol(buf);
	n = pread(cur_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	cur = atol(buf);
	return max - cur;
}

#define BALLOON_CHUNK	(256 * 1024)
#define BALLOON_CHUNKS	32
#define SMALL_ROOM	(128 * 1024)	/* svc, handle, file, dentry, slabs */

struct shared {
	volatile int registered;	/* REGISTERs that succeeded */
	volatile int err;		/* errno of the one that failed */
};

/* The attacker: joins @cg, becomes nobody, REGISTERs until refused. */
static int attacker(const char *cg, struct shared *sh, int report, int go)
{
	static struct nkipc_endpoint eps[NKIPC_MAX_ENDPOINTS];
	struct rlimit rl = { 4096, 4096 };
	char name[NKIPC_NAME_MAX], path[512];
	int dev, fd, i, max_fd, cur_fd, chunks = BALLOON_CHUNKS;
	char *balloon;
	long room;
	char c = 0;

	if (write_file(cg, "cgroup.procs", "0"))
		return 90;
	snprintf(path, sizeof(path), "%s/memory.max", cg);
	max_fd = open(path, O_RDONLY);
	snprintf(path, sizeof(path), "%s/memory.current", cg);
	cur_fd = open(path, O_RDONLY);
	if (max_fd < 0 || cur_fd < 0 || headroom(max_fd, cur_fd) < 0)
		return 94;
	balloon = mmap(NULL, BALLOON_CHUNK * BALLOON_CHUNKS,
		       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	if (balloon == MAP_FAILED)
		return 95;
	memset(balloon, 1, BALLOON_CHUNK * BALLOON_CHUNKS);
	setrlimit(RLIMIT_NOFILE, &rl);
	/* Grow the fd table now, not at the limit. */
	if (dup2(0, 4000) == 4000)
		close(4000);
	if (setgid(NOBODY) || setuid(NOBODY))
		return 91;
	for (i = 0; i < NKIPC_MAX_ENDPOINTS; i++) {
		snprintf(eps[i].name, sizeof(eps[i].name), "kmem.ep%d", i);
		snprintf(eps[i].iface, sizeof(eps[i].iface), "kmem.If%d", i);
		eps[i].riid = i;
		eps[i].n_methods = 1;
	}
	dev = nkt_open();
	if (dev < 0)
		return 92;
	for (i = 0; i < MAX_REGISTERS; i++) {
		room = headroom(max_fd, cur_fd);
		while (room < SMALL_ROOM && chunks) {
			chunks--;
			munmap(balloon + chunks * BALLOON_CHUNK, BALLOON_CHUNK);
			room = headroom(max_fd, cur_fd);
		}
		if (room < SMALL_ROOM) {
			sh->err = EDEADLK;	/* balloon gone, no ENOMEM */
			break;
		}
		snprintf(name, sizeof(name), "kmem.%d.%d", getpid(), i);
		fd = nkt_register(dev, name, eps, NKIPC_MAX_ENDPOINTS);
		if (fd < 0) {
			sh->err = -fd;
			break;
		}
		sh->registered = i + 1;
	}
	/* Hold everything until the parent has looked. */
	if (write(report, &c, 1) != 1 || read(go, &c, 1) != 1)
		return 93;
	return 0;
}

/*
 * The host-wide slab/vmalloc figures these tests compare with the cgroup's
 * mean nothing on the debug kernel (make check-debug sets
 * NKIPC_DEBUG_KERNEL): KASAN's redzones, shadow and quarantine (freed
 * objects are kept a while) are not charged to any cgroup.  The stock
 * kernel lane asserts them; the debug lane still runs the names test.
 */
static bool debug_kernel(void)
{
	const char *v = getenv("NKIPC_DEBUG_KERNEL");

	return v && *v && strcmp(v, "0");
}

TEST(register_tables_hit_the_cgroup_limit)
{
	struct shared *sh;
	char cg[300], c = 1;
	int report[2], go[2], status;
	long base, peak = 0, now, kernel = -1, oom_kill, current;
	struct pollfd pfd;
	bool killed;
	pid_t pid;

	if (cgroup2_root())
		SKIP(return, "no cgroup2 hierarchy with the memory controller");
	if (debug_kernel())
		SKIP(return, "KASAN memory is not charged: host figures mean nothing");
	signal(SIGPIPE, SIG_IGN);
	snprintf(cg, sizeof(cg), "%s/nkt-kmem.%d", cg_root, getpid());
	ASSERT_EQ(0, mkdir(cg, 0755));
	ASSERT_EQ(0, write_file(cg, "memory.max", "64M"));
	write_file(cg, "memory.swap.max", "0");

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, sh);
	ASSERT_EQ(0, pipe(report));
	ASSERT_EQ(0, pipe(go));
	usleep(100 * 1000);
	base = host_kmem();
	ASSERT_LT(0, base);

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(report[0]);
		close(go[1]);
		_exit(attacker(cg, sh, report[1], go[0]));
	}
	close(report[1]);
	close(go[0]);

	/* Sample the host while it runs (the OOM killer may end it). */
	pfd.fd = report[0];
	pfd.events = POLLIN;
	for (int ms = 0; ms < 240 * 1000; ms += 5) {
		now = host_kmem() - base;
		if (now > peak)
			peak = now;
		if (poll(&pfd, 1, 5))
			break;
	}
	now = host_kmem() - base;
	if (now > peak)
		peak = now;
	killed = read(report[0], &c, 1) != 1;
	if (!killed)
		kernel = read_key(cg, "memory.stat", "kernel");
	oom_kill = read_key(cg, "memory.events", "oom_kill");
	if (write(go[1], &c, 1) < 0)
		perror("kmem: go");
	ASSERT_EQ(pid, waitpid(pid, &status, 0));

	TH_LOG("%d REGISTERs, then %s; host slab+vmalloc grew %ld KiB at most; cgroup kernel %ld KiB, oom_kill %ld",
	       sh->registered, killed ? "killed" : strerror(sh->err),
	       peak / 1024, kernel / 1024, oom_kill);
	/* Refused by the cgroup, long before the loop's end. */
	EXPECT_LT(sh->registered, MAX_REGISTERS);
	/* The legitimate part works: many tables fit into 64M. */
	EXPECT_LE(20, sh->registered);
	/* Refused with ENOMEM by the table allocations, nobody OOM-killed. */
	EXPECT_FALSE(killed);
	EXPECT_EQ(0, oom_kill);
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
		TH_LOG("attacker status %#x", status);
	EXPECT_EQ(ENOMEM, sh->err);
	/* What the tables took is the cgroup's, as kernel memory. */
	EXPECT_LE(32 * MIB, kernel);
	/* The host paid no more than the cgroup's limit (plus slack). */
	EXPECT_GE(CG_LIMIT + 24 * MIB, peak);

	/* All of it is gone with the process. */
	usleep(200 * 1000);
	current = read_long(cg, "memory.current");
	EXPECT_GE(2 * MIB, current) TH_LOG("memory.current %ld", current);
	EXPECT_GE(16 * MIB, host_kmem() - base)
		TH_LOG("host slab+vmalloc still +%ld KiB",
		       (host_kmem() - base) / 1024);
	EXPECT_EQ(0, rmdir(cg));
	munmap(sh, sizeof(*sh));
}

/*
 * Calls: a blocked CALL holds a transaction and the page arrays of its
 * four pinned buffers (8 bytes per page: 24 KiB for 2 + 2 + 4 + 4 MiB) in
 * kernel memory for as long as the server does not answer.  Threads in a
 * cgroup block CALLs with the largest buffers, all on the same pages
 * (their user memory is paid once); the cgroup's memory.stat must show
 * that kernel memory, and the host must not grow by more than the cgroup
 * was charged.
 */
#define CALLERS		600
#define HALF		(2u << 20)
#define FULL		(4u << 20)

struct caller_ctx {
	int cli;
	uint8_t *req, *req_arena, *res, *res_arena;
	atomic_int entered;
};

static void *caller(void *arg)
{
	struct caller_ctx *cc = arg;
	struct nkipc_call c = {
		.size = sizeof(c),
		.req = (uintptr_t)cc->req, .req_len = HALF,
		.req_arena = (uintptr_t)cc->req_arena, .req_arena_len = HALF,
		.res = (uintptr_t)cc->res, .res_cap = FULL,
		.res_arena = (uintptr_t)cc->res_arena, .res_arena_cap = FULL,
		.timeout_ns = 120 * NKT_SEC,
	};

	atomic_fetch_add(&cc->entered, 1);
	nkt_ioctl(cc->cli, NKIPC_IOC_CALL, &c);
	return NULL;
}

static int call_attacker(const char *cg, const char *name, int report)
{
	static struct caller_ctx cc;
	struct nkipc_msg_hdr *h;
	pthread_attr_t attr;
	pthread_t th;
	int dev, i;
	char c = 0;

	if (write_file(cg, "cgroup.procs", "0"))
		return 90;
	if (setgid(NOBODY) || setuid(NOBODY))
		return 91;
	dev = nkt_open();
	cc.cli = nkt_connect(dev, name, 0);
	if (cc.cli < 0)
		return 92;
	cc.req = mmap(NULL, 3 * FULL, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (cc.req == MAP_FAILED)
		return 93;
	memset(cc.req, 0, 3 * FULL);
	cc.req_arena = cc.req + HALF;
	cc.res = cc.req + FULL;
	cc.res_arena = cc.req + 2 * FULL;
	h = (struct nkipc_msg_hdr *)cc.req;
	h->size = HALF;
	h->arena_size = HALF;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 0; i < CALLERS; i++)
		if (pthread_create(&th, &attr, caller, &cc))
			return 94;
	while (atomic_load(&cc.entered) < CALLERS)
		usleep(10 * 1000);
	/* Let the last ones get into the kernel and block. */
	sleep(2);
	if (write(report, &c, 1) != 1)
		return 95;
	pause();	/* until the parent kills us */
	return 0;
}

TEST(blocked_calls_are_charged_to_the_cgroup)
{
	const char *name = nkt_name("kmemcall");
	long base, kernel, host, old_bytes, current;
	int dev, srv, report[2], status;
	char cg[300], buf[32], c;
	pid_t pid;

	if (cgroup2_root())
		SKIP(return, "no cgroup2 hierarchy with the memory controller");
	if (nkt_max_msg_size() < FULL)
		SKIP(return, "max_msg_size below 4 MiB");
	if (debug_kernel())
		SKIP(return, "KASAN memory is not charged: host figures mean nothing");
	old_bytes = read_long("/sys/module/nkipc/parameters",
			      "max_user_bytes");
	ASSERT_LE(0, old_bytes);
	snprintf(cg, sizeof(cg), "%s/nkt-kmemcall.%d", cg_root, getpid());
	ASSERT_EQ(0, mkdir(cg, 0755));
	ASSERT_EQ(0, write_file(cg, "memory.max", "512M"));
	dev = nkt_open();
	ASSERT_LE(0, dev);
	srv = nkt_register_std(dev, name);
	ASSERT_LE(0, srv);
	ASSERT_EQ(0, pipe(report));
	/* 600 calls of 12 MiB each: far above the per-uid default. */
	ASSERT_EQ(0, write_file("/sys/module/nkipc/parameters",
				"max_user_bytes", "0"));
	/* No ASSERT from here on: the parameter must be restored. */
	usleep(100 * 1000);
	base = host_kmem();

	pid = fork();
	if (!pid) {
		close(report[0]);
		_exit(call_attacker(cg, name, report[1]));
	}
	close(report[1]);
	EXPECT_EQ(1, read(report[0], &c, 1));
	host = host_kmem() - base;
	kernel = read_key(cg, "memory.stat", "kernel");
	TH_LOG("%d blocked calls: host slab+vmalloc +%ld KiB, cgroup kernel %ld KiB (of which stacks %ld KiB)",
	       CALLERS, host / 1024, kernel / 1024,
	       read_key(cg, "memory.stat", "kernel_stack") / 1024);
	/*
	 * The calls' page arrays (8 KiB each, of the pinned request; the
	 * response buffers are pinned at REPLY only) are charged ...
	 */
	EXPECT_LE((long)CALLERS * 8 * 1024, kernel -
		  read_key(cg, "memory.stat", "kernel_stack"));
	/* ... and nothing of that size escapes the cgroup. */
	EXPECT_GE(kernel + 4 * MIB, host);

	kill(pid, SIGKILL);
	EXPECT_EQ(pid, waitpid(pid, &status, 0));
	/* Every withdrawn call gave its memory back. */
	usleep(500 * 1000);
	current = read_long(cg, "memory.current");
	EXPECT_GE(2 * MIB, current) TH_LOG("memory.current %ld", current);
	EXPECT_GE(8 * MIB, host_kmem() - base)
		TH_LOG("host slab+vmalloc still +%ld KiB",
		       (host_kmem() - base) / 1024);
	EXPECT_EQ(-EAGAIN, nkt_serve_one(srv, 0));
	snprintf(buf, sizeof(buf), "%ld", old_bytes);
	EXPECT_EQ(0, write_file("/sys/module/nkipc/parameters",
				"max_user_bytes", buf));
	close(srv);
	close(dev);
	EXPECT_EQ(0, rmdir(cg));
}

/* ---- max_user_names ---- */

static long get_param(void)
{
	return read_long("/sys/module/nkipc/parameters", "max_user_names");
}

static int set_param(long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	return write_file("/sys/module/nkipc/parameters", "max_user_names",
			  buf);
}

static int publish(int dev, const char *server, const char *service)
{
	struct nkipc_ns_entry e = { .size = sizeof(e) };

	snprintf(e.server, sizeof(e.server), "%s", server);
	snprintf(e.service, sizeof(e.service), "%s", service);
	snprintf(e.type, sizeof(e.type), "kmem.Type");
	return nkt_ioctl(dev, NKIPC_IOC_NS_PUBLISH, &e);
}

static int unpublish(int dev, const char *server, const char *service)
{
	struct nkipc_ns_entry e = { .size = sizeof(e) };

	snprintf(e.server, sizeof(e.server), "%s", server);
	snprintf(e.service, sizeof(e.service), "%s", service);
	snprintf(e.type, sizeof(e.type), "kmem.Type");
	return nkt_ioctl(dev, NKIPC_IOC_NS_UNPUBLISH, &e);
}

/*
 * As @uid: 3 services and 2 entries over two contexts fill a budget of 5;
 * the 6th name of either kind is EDQUOT; each way a name goes gives it
 * back.  Exit status: the number of the failed step, 0 if all passed.
 */
static int names_as(uid_t uid)
{
	char srv_name[64];
	int dev1, dev2, s[4], step = 1;

	if (setgid(uid) || setuid(uid))
		return 100;
	dev1 = nkt_open();
	dev2 = nkt_open();
	if (dev1 < 0 || dev2 < 0)
		return 101;
	for (int i = 0; i < 3; i++) {
		snprintf(srv_name, sizeof(srv_name), "names.%d.%d", getpid(), i);
		s[i] = nkt_register_std(i ? dev2 : dev1, srv_name);
		if (s[i] < 0)
			return step;
	}
	step++;
	if (publish(dev1, "NamesSrv", "a.svc") || publish(dev1, "NamesSrv", "b.svc"))
		return step;
	step++;
	snprintf(srv_name, sizeof(srv_name), "names.%d.x", getpid());
	if (nkt_register_std(dev2, srv_name) != -EDQUOT)
		return step;
	step++;
	if (publish(dev1, "NamesSrv", "c.svc") != -EDQUOT)
		return step;
	step++;
	/* A refused REGISTER left nothing behind: the name is free. */
	if (nkt_connect(dev2, srv_name, 0) != -ENOENT)
		return step;
	step++;
	/* Closing a server handle gives its name back ... */
	close(s[0]);
	s[3] = nkt_register_std(dev2, srv_name);
	if (s[3] < 0)
		return step;
	step++;
	/* ... as does NS_UNPUBLISH ... */
	if (unpublish(dev1, "NamesSrv", "a.svc") ||
	    publish(dev1, "NamesSrv", "c.svc"))
		return step;
	step++;
	/* ... and closing the context that published. */
	if (publish(dev2, "NamesSrv2", "d.svc") != -EDQUOT)
		return step;
	step++;
	close(dev1);
	if (publish(dev2, "NamesSrv2", "d.svc") ||
	    publish(dev2, "NamesSrv2", "e.svc"))
		return step;
	step++;
	if (publish(dev2, "NamesSrv2", "f.svc") != -EDQUOT)
		return step;
	return 0;
}

static int names_child(void *arg)
{
	return names_as(*(uid_t *)arg);
}

/* Fills the budget as uid 65534 while uid 65533 still gets its own. */
static int names_holder(void *arg)
{
	char name[64];
	int dev, fd;
	int *pipes = arg;
	char c;

	if (setgid(NOBODY) || setuid(NOBODY))
		return 100;
	dev = nkt_open();
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "holder.%d.%d", getpid(), i);
		fd = nkt_register_std(dev, name);
		if (fd < 0)
			return 1;
	}
	snprintf(name, sizeof(name), "holder.%d.x", getpid());
	if (nkt_register_std(dev, name) != -EDQUOT)
		return 2;
	if (write(pipes[1], "x", 1) != 1 || read(pipes[2], &c, 1) != 1)
		return 3;
	return 0;
}

TEST(names_are_bounded_per_uid)
{
	long old = get_param();
	uid_t uid = NOBODY, other = NOBODY - 1;
	int p1[2], p2[2], args[3];
	pid_t holder;
	char c = 0;

	ASSERT_LT(0, old);
	ASSERT_EQ(0, pipe(p1));
	ASSERT_EQ(0, pipe(p2));
	ASSERT_EQ(0, set_param(5));
	/* No ASSERT from here on: the parameter must be restored. */
	EXPECT_EQ(0, nkt_wait_child(nkt_fork(names_child, &uid)));

	/* One uid at its limit does not stop another uid. */
	args[0] = p1[0];
	args[1] = p1[1];
	args[2] = p2[0];
	holder = nkt_fork(names_holder, args);
	close(p1[1]);
	EXPECT_EQ(1, read(p1[0], &c, 1));
	EXPECT_EQ(0, nkt_wait_child(nkt_fork(names_child, &other)));
	EXPECT_EQ(1, write(p2[1], "x", 1));
	EXPECT_EQ(0, nkt_wait_child(holder));

	/* Everything was given back: the full budget is there again. */
	EXPECT_EQ(0, nkt_wait_child(nkt_fork(names_child, &uid)));
	EXPECT_EQ(0, set_param(old));
}

TEST_HARNESS_MAIN
