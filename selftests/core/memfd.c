// SPDX-License-Identifier: GPL-2.0
/*
 * Memory objects by handle (issue 13, bulk data): a sealed memfd sent
 * with NKIPC_HANDLE_F_MEMORY is mapped by the receiver with no copy, and
 * the kernel refuses what a hostile sender could use against it: a memfd
 * that can shrink (SIGBUS in the receiver), one claimed immutable that
 * can still be written (TOCTOU), a read-only one the receiver could
 * reopen writable, anything that is no memfd.  The receiver reads every
 * page it mapped after each attack (a SIGBUS would kill the test), and fd
 * counts come back to where they were.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nkt.h"
#include "svc_fixture.h"

NKT_SVC_FIXTURE("memfd")

#define BULK	(1024 * 1024 + 123)	/* not a page multiple */
#define SEALS_FIXED	(F_SEAL_SHRINK | F_SEAL_GROW)

static struct nkipc_handle_desc mdesc(int fd, unsigned int rights,
				      unsigned int flags)
{
	return (struct nkipc_handle_desc){
		.fd = fd, .kind = NKIPC_HANDLE_FD, .rights = rights,
		.flags = flags,
	};
}

/* A client thread: one CALL carrying one handle. */
struct caller {
	pthread_t th;
	int cli;
	struct nkipc_handle_desc h, out;
	unsigned int cap, out_n;
	int ret;
};

static void *caller_fn(void *arg)
{
	struct caller *c = arg;
	struct nkt_msg req, res;

	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	nkt_msg_fill(&req, NKT_RIID_ECHO, 0, 64, 16, 3);
	c->ret = nkt_hcall(c->cli, &req, &res, &c->h, c->h.fd >= 0, &c->out,
		       c->cap, &c->out_n);
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	return NULL;
}

/* CALL with @h alone, expecting @err: refused before anything queues. */
static int call_one(int cli, struct nkipc_handle_desc h)
{
	struct nkt_msg req, res;
	int ret;

	nkt_msg_alloc(&req, 4096, 4096);
	nkt_msg_alloc(&res, 4096, 4096);
	nkt_msg_fill(&req, NKT_RIID_ECHO, 0, 64, 16, 3);
	ret = nkt_hcall(cli, &req, &res, &h, 1, NULL, 0, NULL);
	nkt_msg_free(&req);
	nkt_msg_free(&res);
	return ret;
}

/* A sealable memfd of @size bytes filled with @seed, sealed @seals. */
static int bulk_memfd(size_t size, unsigned char seed, int seals)
{
	int fd = memfd_create("bulk", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	unsigned char *p;
	size_t i;

	if (fd < 0 || ftruncate(fd, size) < 0)
		return -1;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	for (i = 0; i < size; i++)
		p[i] = (unsigned char)(seed + i * 7);
	munmap(p, size);
	if (seals && fcntl(fd, F_ADD_SEALS, seals) < 0)
		return -1;
	return fd;
}

/* Reads every byte of @p (a SIGBUS kills the test); 0: all as filled. */
static size_t bad_bytes(const unsigned char *p, size_t size,
			unsigned char seed)
{
	size_t i, bad = 0;

	for (i = 0; i < size; i++)
		bad += p[i] != (unsigned char)(seed + i * 7);
	return bad;
}

static size_t nonzero_bytes(const unsigned char *p, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < size; i++)
		n += p[i] != 0;
	return n;
}

/* Nothing reached the server. */
static bool queue_empty(int srv)
{
	struct nkipc_handle_desc got;
	struct nkipc_recv r;
	struct nkt_msg m;
	int ret;

	nkt_msg_alloc(&m, 4096, 4096);
	ret = nkt_hrecv(srv, &m, &got, 1, &r, 0);
	nkt_msg_free(&m);
	return ret == -EAGAIN;
}

/*
 * Zero copy: the receiver maps the very pages the sender wrote (a write
 * through the sender's mapping after delivery shows in the receiver's),
 * and a READ handle gives no writable mapping by any route.
 */
TEST_F(svc, request_moves_memory_zero_copy)
{
	struct caller c = { .cli = self->cli };
	struct nkipc_handle_desc got;
	unsigned char *snd, *rcv;
	struct nkipc_recv r;
	struct nkt_msg m;
	int fd, before;
	char path[64];

	/*
	 * A producer's region: mapped writable by the sender, then sealed
	 * F_SEAL_FUTURE_WRITE, so that the sender's mapping stays writable
	 * and no new one can be (the receiver's included).
	 */
	fd = bulk_memfd(BULK, 1, 0);
	ASSERT_LE(0, fd);
	snd = mmap(NULL, BULK, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, snd);
	ASSERT_EQ(0, fcntl(fd, F_ADD_SEALS, SEALS_FIXED | F_SEAL_FUTURE_WRITE));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, BULK, PROT_READ | PROT_WRITE,
				   MAP_SHARED, fd, 0));
	before = nkt_fd_count();
	c.h = mdesc(fd, NKIPC_RIGHT_READ, NKIPC_HANDLE_F_MEMORY);
	pthread_create(&c.th, NULL, caller_fn, &c);
	nkt_msg_alloc(&m, 4096, 4096);
	ASSERT_EQ(0, nkt_hrecv(self->srv, &m, &got, 1, &r, 5 * NKT_SEC));
	EXPECT_EQ(1, r.handles_len);
	EXPECT_EQ(NKIPC_HANDLE_FD, got.kind);
	EXPECT_EQ(NKIPC_HANDLE_F_MEMORY, got.flags);
	EXPECT_EQ(NKIPC_RIGHT_READ, got.rights);
	EXPECT_EQ(before + 1, nkt_fd_count());
	EXPECT_EQ(O_RDONLY, fcntl(got.fd, F_GETFL) & O_ACCMODE);
	rcv = mmap(NULL, BULK, PROT_READ, MAP_SHARED, got.fd, 0);
	ASSERT_NE(MAP_FAILED, rcv);
	EXPECT_EQ(0, bad_bytes(rcv, BULK, 1));
	snd[BULK - 1] = 0xee;
	EXPECT_EQ(0xee, rcv[BULK - 1]);
	/* READ: no writable mapping, no mprotect, no reopen that writes */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, BULK, PROT_READ | PROT_WRITE,
				   MAP_SHARED, got.fd, 0));
	EXPECT_EQ(-1, mprotect(rcv, BULK, PROT_READ | PROT_WRITE));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", got.fd);
	{
		int rw = open(path, O_RDWR | O_CLOEXEC);

		ASSERT_LE(0, rw);	/* a memfd is mode 0777 ... */
		EXPECT_EQ(-1, pwrite(rw, "x", 1, 0));	/* ... but sealed */
		EXPECT_EQ(EPERM, errno);
		EXPECT_EQ(MAP_FAILED, mmap(NULL, BULK, PROT_WRITE, MAP_SHARED,
					   rw, 0));
		EXPECT_EQ(-1, ftruncate(rw, 0));
		close(rw);
	}
	EXPECT_EQ(0xee, rcv[BULK - 1]);
	nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
	EXPECT_EQ(0, nkt_hreply(self->srv, r.txid, &m, NULL, 0));
	pthread_join(c.th, NULL);
	EXPECT_EQ(0, c.ret);
	munmap(rcv, BULK);
	close(got.fd);
	munmap(snd, BULK);
	close(fd);
	EXPECT_EQ(before - 1, nkt_fd_count());
	nkt_msg_free(&m);
}

/*
 * A reply hands the client an immutable object; after sending, nothing
 * the sender can do changes or shrinks what the client maps.
 */
TEST_F(svc, reply_moves_immutable_memory)
{
	struct caller c = { .cli = self->cli, .cap = 1,
			    .h = { .fd = -1 } };
	unsigned char *rcv;
	struct nkipc_recv r;
	struct nkt_msg m;
	int fd, before;

	fd = bulk_memfd(BULK, 9, SEALS_FIXED | F_SEAL_WRITE);
	ASSERT_LE(0, fd);
	before = nkt_fd_count();
	pthread_create(&c.th, NULL, caller_fn, &c);
	nkt_msg_alloc(&m, 4096, 4096);
	ASSERT_EQ(0, nkt_hrecv(self->srv, &m, NULL, 0, &r, 5 * NKT_SEC));
	nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
	{
		struct nkipc_handle_desc h = mdesc(fd, NKIPC_RIGHT_READ,
			NKIPC_HANDLE_F_MEMORY | NKIPC_HANDLE_F_IMMUTABLE);

		EXPECT_EQ(0, nkt_hreply(self->srv, r.txid, &m, &h, 1));
	}
	pthread_join(c.th, NULL);
	ASSERT_EQ(0, c.ret);
	ASSERT_EQ(1, c.out_n);
	EXPECT_EQ(NKIPC_HANDLE_F_MEMORY | NKIPC_HANDLE_F_IMMUTABLE,
		  c.out.flags);
	rcv = mmap(NULL, BULK, PROT_READ, MAP_SHARED, c.out.fd, 0);
	ASSERT_NE(MAP_FAILED, rcv);
	/* the sender tries every way to change or shrink it */
	EXPECT_EQ(-1, pwrite(fd, "x", 1, 0));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, BULK, PROT_READ | PROT_WRITE,
				   MAP_SHARED, fd, 0));
	EXPECT_EQ(-1, ftruncate(fd, 0));
	EXPECT_EQ(-1, ftruncate(fd, 4096));
	EXPECT_EQ(-1, fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				0, BULK));
	EXPECT_EQ(0, bad_bytes(rcv, BULK, 9));
	munmap(rcv, BULK);
	close(c.out.fd);
	close(fd);
	EXPECT_EQ(before - 1, nkt_fd_count());
	nkt_msg_free(&m);
}

/*
 * What a hostile sender could claim is a memory object, refused at CALL:
 * nothing is queued and no fd is left behind on either side.
 */
TEST_F(svc, hostile_memory_claims)
{
	int p[2], fd, before, huge;

	ASSERT_EQ(0, pipe(p));
	before = nkt_fd_count();
	/* memfd that can shrink under the receiver's mapping (SIGBUS) */
	fd = bulk_memfd(BULK, 2, 0);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EBADFD, call_one(self->cli, mdesc(fd, NKIPC_RIGHTS_FD,
					NKIPC_HANDLE_F_MEMORY)));
	/* sealed against growth only */
	ASSERT_EQ(0, fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	EXPECT_EQ(-EBADFD, call_one(self->cli, mdesc(fd, NKIPC_RIGHTS_FD,
					NKIPC_HANDLE_F_MEMORY)));
	/* fixed size but writable: not immutable, not read-only */
	ASSERT_EQ(0, fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	EXPECT_EQ(-EBADFD, call_one(self->cli, mdesc(fd, NKIPC_RIGHTS_FD,
		NKIPC_HANDLE_F_MEMORY | NKIPC_HANDLE_F_IMMUTABLE)));
	EXPECT_EQ(-EBADFD, call_one(self->cli, mdesc(fd, NKIPC_RIGHT_READ,
					NKIPC_HANDLE_F_MEMORY)));
	/* F_SEAL_FUTURE_WRITE: the sender's old mapping still writes */
	{
		unsigned char *w = mmap(NULL, BULK, PROT_READ | PROT_WRITE,
					MAP_SHARED, fd, 0);

		ASSERT_NE(MAP_FAILED, w);
		ASSERT_EQ(0, fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
		w[0] = 0x42;
		EXPECT_EQ(0x42, w[0]);
		EXPECT_EQ(-EBADFD, call_one(self->cli, mdesc(fd,
			NKIPC_RIGHT_READ,
			NKIPC_HANDLE_F_MEMORY | NKIPC_HANDLE_F_IMMUTABLE)));
		munmap(w, BULK);
	}
	close(fd);
	/* a memfd that cannot be sealed (shmem, born F_SEAL_SEAL) */
	fd = memfd_create("bulk", MFD_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, 4096));
	EXPECT_EQ(-EBADFD, call_one(self->cli, mdesc(fd, NKIPC_RIGHTS_FD,
					NKIPC_HANDLE_F_MEMORY)));
	close(fd);
	/* not a memfd: a pipe, a regular file of another file system */
	EXPECT_EQ(-EINVAL, call_one(self->cli, mdesc(p[1], NKIPC_RIGHT_WRITE,
					NKIPC_HANDLE_F_MEMORY)));
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EINVAL, call_one(self->cli, mdesc(fd, NKIPC_RIGHT_READ,
					NKIPC_HANDLE_F_MEMORY)));
	close(fd);
	/* a hugetlbfs memfd (sealable, but not shmem), where there is one */
	huge = memfd_create("bulk", MFD_CLOEXEC | MFD_ALLOW_SEALING |
			    MFD_HUGETLB);
	if (huge >= 0) {
		EXPECT_EQ(0, fcntl(huge, F_ADD_SEALS, SEALS_FIXED |
				   F_SEAL_WRITE));
		EXPECT_EQ(-EINVAL, call_one(self->cli, mdesc(huge,
			NKIPC_RIGHT_READ, NKIPC_HANDLE_F_MEMORY)));
		close(huge);
	}
	/* bad flag combinations */
	fd = bulk_memfd(4096, 3, SEALS_FIXED | F_SEAL_WRITE);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EINVAL, call_one(self->cli, mdesc(fd, NKIPC_RIGHT_READ,
					NKIPC_HANDLE_F_IMMUTABLE)));
	EXPECT_EQ(-EINVAL, call_one(self->cli, mdesc(fd, NKIPC_RIGHT_READ,
					NKIPC_HANDLE_F_MEMORY | 0x4)));
	EXPECT_EQ(-EINVAL, call_one(self->cli, (struct nkipc_handle_desc){
		.fd = self->cli, .kind = NKIPC_HANDLE_CHANNEL,
		.rights = NKIPC_RIGHT_CALL, .flags = NKIPC_HANDLE_F_MEMORY }));
	/* widening is still refused first */
	{
		char path[64];
		int ro;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		ro = open(path, O_RDONLY | O_CLOEXEC);
		ASSERT_LE(0, ro);
		EXPECT_EQ(-EPERM, call_one(self->cli, mdesc(ro,
			NKIPC_RIGHTS_FD, NKIPC_HANDLE_F_MEMORY)));
		close(ro);
	}
	close(fd);
	EXPECT_TRUE(queue_empty(self->srv));
	EXPECT_EQ(before, nkt_fd_count());
	close(p[0]);
	close(p[1]);
}

/*
 * Sealed against shrinking, still writable by both (WRITE): the sender
 * shrinks nothing after the send, the receiver reads all it mapped.  And
 * the object outlives the sender's fd: the kernel's reference dies with
 * the message, the receiver's with its fd.
 */
TEST_F(svc, shrink_after_send_fails)
{
	struct caller c = { .cli = self->cli };
	struct nkipc_handle_desc got;
	unsigned char *rcv;
	struct nkipc_recv r;
	struct nkt_msg m;
	int fd, before;

	before = nkt_fd_count();
	fd = bulk_memfd(BULK, 5, F_SEAL_SHRINK);
	ASSERT_LE(0, fd);
	c.h = mdesc(fd, NKIPC_RIGHTS_FD, NKIPC_HANDLE_F_MEMORY);
	pthread_create(&c.th, NULL, caller_fn, &c);
	nkt_msg_alloc(&m, 4096, 4096);
	ASSERT_EQ(0, nkt_hrecv(self->srv, &m, &got, 1, &r, 5 * NKT_SEC));
	EXPECT_EQ(NKIPC_HANDLE_F_MEMORY, got.flags);
	EXPECT_EQ(NKIPC_RIGHTS_FD, got.rights);
	rcv = mmap(NULL, BULK, PROT_READ | PROT_WRITE, MAP_SHARED, got.fd, 0);
	ASSERT_NE(MAP_FAILED, rcv);
	EXPECT_EQ(-1, ftruncate(fd, 0));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, ftruncate(fd, BULK / 2));
	EXPECT_EQ(-1, ftruncate(got.fd, 0));
	/* growing is allowed (not sealed) and harmless */
	EXPECT_EQ(0, ftruncate(fd, 2 * BULK));
	/* holes read back as zeroes, never SIGBUS */
	EXPECT_EQ(0, fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			       0, BULK));
	EXPECT_EQ(0, nonzero_bytes(rcv, BULK));
	nkt_msg_fill(&m, 0, 0, 64, 16, nkt_reply_seed(3));
	EXPECT_EQ(0, nkt_hreply(self->srv, r.txid, &m, NULL, 0));
	pthread_join(c.th, NULL);
	EXPECT_EQ(0, c.ret);
	close(fd);
	rcv[0] = 1;	/* still mapped, still there */
	EXPECT_EQ(1, rcv[0]);
	munmap(rcv, BULK);
	close(got.fd);
	EXPECT_EQ(before, nkt_fd_count());
	nkt_msg_free(&m);
}

TEST_HARNESS_MAIN
