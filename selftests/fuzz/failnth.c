// SPDX-License-Identifier: GPL-2.0
/*
 * failnth: allocation failures on the paths of REGISTER and CALL, under
 * the debug kernel's fault injection (every test SKIPs without failslab
 * and /proc/thread-self/fail-nth, e.g. on Debian's kernel).
 *
 * register_every_failure, call_every_failure: fail-nth makes the Nth
 * fault-injection point the thread reaches fail (failslab,
 * fail_page_alloc, fail_usercopy), for N = 1, 2, ... until the operation
 * runs without reaching it: every single failure in order, replayable,
 * with a table and a message large enough for the module's kvmalloc()s
 * (an endpoint table, the page arrays of pinned buffers) to be larger
 * than a page.
 *
 * kvmalloc_fallback_quiet(_call): failslab for every allocation once a budget is
 * used up, swept over budgets, so that kvmalloc() and the vmalloc() it
 * falls back to both fail; without __GFP_NOWARN vmalloc() prints a
 * warn_alloc() call trace, which the kernel-log check counts as a report
 * although the module handles the failure (-ENOMEM).
 *
 * Each failure must give 0 or a documented error (ENOMEM, EFAULT), the
 * kernel log must get no warning or trace, and the service must work
 * afterwards (kmemleak at the end of the lane checks the error paths
 * leak nothing).  The fuzzer (50-fuzz) injects failures at random; this
 * covers these paths systematically.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"

#define MAX_NTH		2000
#define FI_ROOT		"/sys/kernel/debug"

static const char *const fi_dirs[] = {
	"failslab", "fail_page_alloc", "fail_usercopy", "fail_futex",
};

static int fi_write(const char *dir, const char *file, const char *val)
{
	char path[256];
	int fd, ret;

	snprintf(path, sizeof(path), FI_ROOT "/%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = write(fd, val, strlen(val)) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

/*
 * Only fail-nth injects (probability 0); quiet (verbose 0: else every
 * forced failure prints a trace); failslab also for allocations that may
 * sleep (its default ignores GFP_KERNEL ones, which are ours).
 */
static bool fi_setup(void)
{
	unsigned int i;

	if (access(FI_ROOT "/failslab", F_OK))
		mount("debugfs", FI_ROOT, "debugfs", 0, NULL);
	if (access(FI_ROOT "/failslab", F_OK) ||
	    access("/proc/thread-self/fail-nth", W_OK))
		return false;
	for (i = 0; i < sizeof(fi_dirs) / sizeof(fi_dirs[0]); i++) {
		fi_write(fi_dirs[i], "verbose", "0");
		fi_write(fi_dirs[i], "probability", "0");
	}
	fi_write("failslab", "ignore-gfp-wait", "N");
	return true;
}

/* The kernel log from now on (/dev/kmsg), to look for reports. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Number of new records that look like a report; prints the first few. */
static int kmsg_reports(int fd)
{
	static const char *const pat[] = {
		"Call Trace", "allocation failure", "vmalloc error", "WARNING",
		"BUG", "FAULT_INJECTION", "KASAN", "UBSAN", "lockdep",
	};
	char rec[8192];
	int n = 0;
	ssize_t len;
	unsigned int i;

	while ((len = read(fd, rec, sizeof(rec) - 1)) > 0 || errno == EPIPE) {
		if (len <= 0)
			continue;	/* overwritten records: read on */
		rec[len] = 0;
		for (i = 0; i < sizeof(pat) / sizeof(pat[0]); i++)
			if (strstr(rec, pat[i]))
				break;
		if (i == sizeof(pat) / sizeof(pat[0]))
			continue;
		if (n++ < 20)
			printf("# kernel: %s", strchr(rec, ';') ? strchr(rec, ';') + 1 : rec);
	}
	fflush(stdout);	/* a failing test exits without flushing */
	return n;
}

struct nth {
	int fd;		/* /proc/thread-self/fail-nth */
	unsigned int n;
	bool hit;	/* the Nth point was reached: a failure was injected */
};

static void nth_arm(struct nth *f)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", f->n);

	if (pwrite(f->fd, buf, len, 0) != len)
		f->hit = false;
}

static void nth_disarm(struct nth *f)
{
	char buf[16] = "";
	ssize_t len = pread(f->fd, buf, sizeof(buf) - 1, 0);

	f->hit = len > 0 && strtoul(buf, NULL, 10) == 0;
	if (pwrite(f->fd, "0", 1, 0) != 1)
		f->hit = false;
}

static bool allowed(int ret)
{
	return ret >= 0 || ret == -ENOMEM || ret == -EFAULT;
}

#define N_EPS	64	/* 64 rows of 144 bytes: more than two pages */

TEST(register_every_failure)
{
	static struct nkipc_endpoint eps[N_EPS];
	struct nth f = { 0 };
	int dev, km, ret, i, failed = 0, ok = 0, bad = 0;

	if (!fi_setup())
		SKIP(return, "no failslab or fail-nth (not the debug kernel)");
	for (i = 0; i < N_EPS; i++) {
		snprintf(eps[i].name, sizeof(eps[i].name), "fn.ep%d", i);
		snprintf(eps[i].iface, sizeof(eps[i].iface), "fn.I%d", i % 3);
		eps[i].riid = i;
		eps[i].n_methods = 1 + i % 4;
	}
	dev = nkt_open();
	ASSERT_LE(0, dev);
	f.fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, f.fd);
	km = kmsg_open();
	ASSERT_LE(0, km);
	for (f.n = 1; f.n <= MAX_NTH; f.n++) {
		struct nkipc_register r = {
			.size = sizeof(r),
			.endpoints = (uintptr_t)eps,
			.n_endpoints = N_EPS,
		};
		char name[NKIPC_NAME_MAX];

		snprintf(name, sizeof(name), "fn.reg.%d.%u", getpid(), f.n);
		r.name = (uintptr_t)name;
		nth_arm(&f);
		ret = ioctl(dev, NKIPC_IOC_REGISTER, &r);
		ret = ret < 0 ? -errno : ret;
		nth_disarm(&f);
		if (ret >= 0)
			close(ret);
		if (!f.hit) {
			EXPECT_LE(0, ret);
			break;
		}
		if (ret >= 0) {
			ok++;
		} else if (allowed(ret)) {
			failed++;
		} else {
			bad++;
			printf("# failure %u: REGISTER = %d (%s)\n", f.n, ret,
			       strerror(-ret));
		}
	}
	printf("# REGISTER: %u injection points, %d failed cleanly, %d survived, %d other errors\n",
	       f.n - 1, failed, ok, bad);
	fflush(stdout);
	EXPECT_GT(MAX_NTH, f.n);
	EXPECT_LT(0, failed);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, kmsg_reports(km));
	/* still usable */
	ret = nkt_register(dev, nkt_name("fn.after"), eps, N_EPS);
	EXPECT_LE(0, ret);
	if (ret >= 0)
		close(ret);
	ret = nkt_register_std(dev, nkt_name("fn.std"));
	ASSERT_LE(0, ret);
	close(ret);
	close(km);
	close(f.fd);
	close(dev);
}

/*
 * A service with an echo server of 2 threads and a client, for CALLs of
 * @len bytes of constant part and an arena of 3 MiB (or what fits): 768
 * pages, page arrays of 6 KiB, more than a page for kvmalloc().
 */
struct big_call {
	struct nkt_server s;
	struct nkt_msg req, res;
	uint32_t len, alen;
	int dev, srv, cli;
};

static int big_call_open(struct big_call *bc, const char *prefix,
			 uint32_t len)
{
	uint32_t max = nkt_max_msg_size();
	const char *name = nkt_name(prefix);

	if (len + (1u << 20) >= max)
		return -1;
	bc->len = len;
	bc->alen = max - len < (3u << 20) ? max - len : 3u << 20;
	bc->dev = nkt_open();
	bc->srv = bc->dev < 0 ? -1 : nkt_register_std(bc->dev, name);
	bc->cli = bc->srv < 0 ? -1 : nkt_connect(bc->dev, name, 0);
	if (bc->cli < 0)
		return -1;
	nkt_server_start(&bc->s, bc->srv, 2, len, bc->alen);
	nkt_msg_alloc(&bc->req, len, bc->alen);
	nkt_msg_alloc(&bc->res, len, bc->alen);
	memset(bc->res.cpart, 0, len);
	memset(bc->res.arena, 0, bc->alen);
	return 0;
}

/* Still usable both ways, then closed: 0 or the server's errors. */
static long big_call_close(struct big_call *bc)
{
	long ret = nkt_echo_call(bc->cli, 4096, 100000, 77, 30000000000ULL);
	long stop = nkt_server_stop(&bc->s);

	nkt_msg_free(&bc->req);
	nkt_msg_free(&bc->res);
	close(bc->cli);
	close(bc->srv);
	close(bc->dev);
	return ret ? ret : stop;
}

TEST(call_every_failure)
{
	struct nth f = { 0 };
	struct big_call bc;
	int km, ret, failed = 0, ok = 0, bad = 0;

	if (!fi_setup())
		SKIP(return, "no failslab or fail-nth (not the debug kernel)");
	ASSERT_EQ(0, big_call_open(&bc, "fn.call", 65536));
	f.fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, f.fd);
	km = kmsg_open();
	ASSERT_LE(0, km);
	for (f.n = 1; f.n <= MAX_NTH; f.n++) {
		uint32_t seed = 0x5000 + f.n;

		nkt_msg_fill(&bc.req, NKT_RIID_ECHO, 0, bc.len, bc.alen, seed);
		bc.res.len = bc.res.arena_len = 0;
		nth_arm(&f);
		ret = nkt_call(bc.cli, &bc.req, &bc.res, 30000000000ULL);
		nth_disarm(&f);
		if (!ret && nkt_msg_check(&bc.res, bc.len, bc.alen,
					  nkt_reply_seed(seed))) {
			bad++;
			printf("# failure %u: CALL = 0 with a wrong response\n", f.n);
		}
		if (!f.hit) {
			EXPECT_EQ(0, ret);
			break;
		}
		if (!ret) {
			ok++;
		} else if (allowed(ret)) {
			failed++;
		} else {
			bad++;
			printf("# failure %u: CALL = %d (%s)\n", f.n, ret,
			       strerror(-ret));
		}
	}
	printf("# CALL of %u+%u bytes: %u injection points, %d failed cleanly, %d survived, %d other errors\n",
	       bc.len, bc.alen, f.n - 1, failed, ok, bad);
	fflush(stdout);
	EXPECT_GT(MAX_NTH, f.n);
	EXPECT_LT(0, failed);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, kmsg_reports(km));
	EXPECT_EQ(0, big_call_close(&bc));
	close(km);
	close(f.fd);
}

/*
 * Two failures in a row, which fail-nth cannot make: failslab for every
 * allocation of this thread once a budget ("space", in bytes) is used
 * up.  Swept over budgets in small steps, some run leaves too little for
 * a kvmalloc()'s kmalloc() and for the vmalloc() it falls back to:
 * without __GFP_NOWARN that printed "vmalloc error: ... vm_struct
 * allocation failed" and a call trace although the module returns
 * -ENOMEM.  REGISTER's table (uarg.c) and CALL's pinned page arrays and
 * bounce buffers (copy.c) are swept.
 */
struct starve {
	int mif;	/* /proc/thread-self/make-it-fail */
	int ok, failed, bad;
};

static bool starve_setup(struct starve *st)
{
	memset(st, 0, sizeof(*st));
	st->mif = open("/proc/thread-self/make-it-fail", O_WRONLY | O_CLOEXEC);
	return st->mif >= 0 &&
	       !fi_write("failslab", "task-filter", "Y") &&
	       !fi_write("failslab", "interval", "1") &&
	       !fi_write("failslab", "times", "-1") &&
	       !fi_write("failslab", "probability", "100");
}

/* Arms failslab for this thread after @space bytes. */
static bool starve_arm(struct starve *st, unsigned int space)
{
	char val[16];

	snprintf(val, sizeof(val), "%u", space);
	return !fi_write("failslab", "space", val) &&
	       pwrite(st->mif, "1", 1, 0) == 1;
}

/* Disarms and counts @ret: 0 or more ok, a documented error failed. */
static void starve_disarm(struct starve *st, int ret, const char *what,
			  unsigned int space)
{
	while (pwrite(st->mif, "0", 1, 0) != 1)
		;
	if (ret >= 0) {
		st->ok++;
	} else if (allowed(ret)) {
		st->failed++;
	} else {
		st->bad++;
		printf("# space %u: %s = %d (%s)\n", space, what, ret,
		       strerror(-ret));
	}
}

static void starve_teardown(struct starve *st)
{
	fi_write("failslab", "probability", "0");
	fi_write("failslab", "space", "0");
	fi_write("failslab", "task-filter", "N");
	close(st->mif);
}

#define N_EPS_SMALL	50	/* 7200 bytes: more than a page */

TEST(kvmalloc_fallback_quiet)
{
	static struct nkipc_endpoint eps[N_EPS_SMALL];
	struct starve st;
	int dev, km, ret, i;
	unsigned int space;

	if (!fi_setup())
		SKIP(return, "no failslab or fail-nth (not the debug kernel)");
	for (i = 0; i < N_EPS_SMALL; i++) {
		snprintf(eps[i].name, sizeof(eps[i].name), "fq.ep%d", i);
		snprintf(eps[i].iface, sizeof(eps[i].iface), "fq.I");
		eps[i].riid = i;
		eps[i].n_methods = 1;
	}
	dev = nkt_open();
	ASSERT_LE(0, dev);
	km = kmsg_open();
	ASSERT_LE(0, km);
	ASSERT_TRUE(starve_setup(&st));
	for (space = 0; space < 4096; space += 8) {
		struct nkipc_register r = {
			.size = sizeof(r),
			.endpoints = (uintptr_t)eps,
			.n_endpoints = N_EPS_SMALL,
		};
		char name[NKIPC_NAME_MAX];

		snprintf(name, sizeof(name), "fq.%d.%u", getpid(), space);
		r.name = (uintptr_t)name;
		if (!starve_arm(&st, space))
			break;
		ret = ioctl(dev, NKIPC_IOC_REGISTER, &r);
		ret = ret < 0 ? -errno : ret;
		starve_disarm(&st, ret, "REGISTER", space);
		if (ret >= 0)
			close(ret);
	}
	starve_teardown(&st);
	printf("# REGISTER of %zu bytes of table under failslab after 0..%u bytes: %d failed cleanly, %d succeeded, %d other errors\n",
	       sizeof(eps), space, st.failed, st.ok, st.bad);
	fflush(stdout);
	EXPECT_EQ(4096, space);
	EXPECT_LT(0, st.failed);
	EXPECT_EQ(0, st.bad);
	EXPECT_EQ(0, kmsg_reports(km));
	ret = nkt_register_std(dev, nkt_name("fq.after"));
	EXPECT_LE(0, ret);
	if (ret >= 0)
		close(ret);
	close(km);
	close(dev);
}

/*
 * CALL with a 3 MiB arena each way (page arrays of 6 KiB) under the same
 * starvation, budgets in 16-byte steps until a CALL goes through: the
 * caller's pins and copies fail on every kvmalloc() in turn.
 */
TEST(kvmalloc_fallback_quiet_call)
{
	struct big_call bc;
	struct starve st;
	int km, ret;
	unsigned int space;

	if (!fi_setup())
		SKIP(return, "no failslab or fail-nth (not the debug kernel)");
	ASSERT_EQ(0, big_call_open(&bc, "fq.call", 4096));
	km = kmsg_open();
	ASSERT_LE(0, km);
	ASSERT_TRUE(starve_setup(&st));
	for (space = 0; space < 32768; space += 16) {
		uint32_t seed = 0x7000 + space;

		nkt_msg_fill(&bc.req, NKT_RIID_ECHO, 0, bc.len, bc.alen, seed);
		bc.res.len = bc.res.arena_len = 0;
		if (!starve_arm(&st, space))
			break;
		ret = nkt_call(bc.cli, &bc.req, &bc.res, 30000000000ULL);
		starve_disarm(&st, ret, "CALL", space);
		if (!ret) {
			EXPECT_EQ(0, nkt_msg_check(&bc.res, bc.len, bc.alen,
						   nkt_reply_seed(seed)));
			break;
		}
	}
	starve_teardown(&st);
	printf("# CALL of %u+%u bytes under failslab after 0..%u bytes: %d failed cleanly, %d succeeded, %d other errors\n",
	       bc.len, bc.alen, space, st.failed, st.ok, st.bad);
	fflush(stdout);
	EXPECT_EQ(1, st.ok);
	EXPECT_LT(0, st.failed);
	EXPECT_EQ(0, st.bad);
	EXPECT_EQ(0, kmsg_reports(km));
	EXPECT_EQ(0, big_call_close(&bc));
	close(km);
}

TEST_HARNESS_MAIN
