/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * nkipc: KasperskyOS-style synchronous IPC for Linux.
 *
 * DOC: the ioctl ABI
 *
 * Objects
 *   /dev/nkipc      A "context": every open() captures the caller's
 *                   credentials and entity class (see nkipc_genl.h for how
 *                   the class is assigned).  Services are registered and
 *                   connected through it.
 *   server handle   Anon-inode fd returned by NKIPC_IOC_REGISTER.  Owns one
 *                   named channel and its endpoint table.  Recv / Reply.
 *   client handle   Anon-inode fd returned by NKIPC_IOC_CONNECT.  Call and
 *                   endpoint-name resolution.
 *   Handles are ordinary fds: close()/exit releases them, they can be
 *   polled (server: POLLIN = a request is waiting; client: POLLHUP = the
 *   server is gone), and they are O_CLOEXEC unless NKIPC_F_INHERIT is given.
 *
 * Messages
 *   A message is a constant part (starting with struct nkipc_msg_hdr, i.e.
 *   struct nk_message of libnkos: RIID, MID, sizes) plus an optional arena.
 *   Both are passed as separate user buffers.  hdr.size must equal the
 *   constant-part length and hdr.arena_size the arena length being sent.
 *   constant part + arena must not exceed the max_msg_size module parameter
 *   (4 MiB by default; 8 and 16 MiB allowed), reported by NKIPC_IOC_VERSION.
 *
 * Exchange (KasperskyOS messaging steps 1-9)
 *   CALL    client thread: request is checked (structure, then security
 *           verdict), then the thread blocks until a server thread receives
 *           it and replies.  A large request is pinned at CALL and copied
 *           once, from the pinned pages into the server's buffers, at
 *           RECV; requests up to inline_threshold bytes are copied in
 *           instead.  The response buffers are not touched at CALL: a
 *           response of up to 256 bytes is kept in the kernel and copied
 *           out by the woken CALL, a larger one is copied once at REPLY
 *           into the client's pages, pinned then for the bytes sent.
 *   RECV    server thread: blocks until a request is queued; fills the
 *           caller's identity and a transaction id.
 *   REPLY   server thread: completes transaction txid.  The response is
 *           checked (structure, verdict) first; a denial fails both REPLY
 *           and the CALL.
 *   REPLY_RECV  REPLY then RECV in one ioctl (a server loop).
 *
 * Struct conventions
 *   Every struct starts with __u32 size (sizeof the struct as the caller
 *   knows it) and __u32 flags (unknown bits: -EINVAL).  Sizes follow the
 *   openat2() rule: NKIPC_*_SIZE_VER0 is the first published size of each
 *   struct; a smaller size is -EINVAL; a size up to the kernel's struct is
 *   an older caller's (missing fields read as zero); a larger one is a
 *   newer caller's and is accepted if every byte the kernel does not know
 *   is zero, else -E2BIG (also for any size above a page, 4096 on
 *   x86-64).  Output is written up to the caller's size, never beyond.
 *   Pointers travel as __u64, reserved fields must be zero (-EINVAL).
 *   Layout is identical on 32- and 64-bit.  Unknown commands give -ENOTTY.  The kernel matches
 *   commands by direction, type and number only and takes the struct size
 *   from the size field, so a struct may grow without renumbering its
 *   command.  Every command reads the size field, so every command is
 *   _IOW or _IOWR.
 *
 * Timeouts
 *   timeout_ns: 0 = do not wait, NKIPC_TIMEOUT_INFINITE = wait forever,
 *   otherwise a relative timeout in nanoseconds.  Every wait is
 *   interruptible.  Exception: CALL (and CM_CONNECT) cannot complete
 *   without waiting, so for them 0 means no timeout, like INFINITE.
 *   A CALL timeout bounds the whole exchange: it is withdrawn like a
 *   CALL interrupted by a signal (see below) and returns -ETIMEDOUT.
 *   A timeout never expires early: -ETIMEDOUT comes at least timeout_ns
 *   (CLOCK_MONOTONIC) after the call (hrtimers; late by the timer
 *   slack plus scheduling latency).
 *
 * Signals
 *   A signal (or a fatal signal: the process is dying) ends a pending
 *   CALL with -EINTR; it is not restarted.  If no server thread has
 *   received the request yet, it is dequeued and the server never sees
 *   it.  If it was received, the transaction is cancelled: the server's
 *   REPLY for that txid fails with -EPIPE.  RECV and the other waits
 *   also return -EINTR.
 *
 * Errors (negative errno returned by ioctl(), errno in userspace)
 *   EACCES      denied by the security verdict (rcSecurityDisallow)
 *   EBADMSG     structure check failed: header missing, sizes inconsistent,
 *               reserved of the header not zero, ncaps above
 *               NKIPC_MSG_MAX_HANDLES or without a handle table, RIID/MID
 *               outside the server's endpoint table
 *   EMSGSIZE    message larger than max_msg_size
 *   EDQUOT      CALL: the caller's uid already holds max_user_bytes (module
 *               parameter) in calls in flight; nothing was sent
 *   ENOSPC      NS_PUBLISH: the context has NKIPC_NS_MAX_PUBLISHED entries
 *   ENOBUFS     receiving buffers too small; required sizes are written back
 *               (RECV: the request stays queued; CALL/REPLY: the response
 *               could not be delivered and both sides fail)
 *   EPIPE       the peer is gone (server closed/died; client closed/died or
 *               cancelled the call, seen by REPLY)
 *   ETIMEDOUT   timeout_ns elapsed
 *   EINTR       interrupted by a signal (see docs/uapi.md for what happens
 *               to a pending call)
 *   EAGAIN      timeout_ns == 0 and nothing to do
 *   ENOENT      unknown service name (CONNECT with timeout 0), unknown
 *               endpoint name, unknown txid
 *   EEXIST      service name already registered
 *   ECONNREFUSED  CM_CONNECT: the server dropped the request
 *   EBUSY       REPLY on a txid another thread is receiving or replying to
 *   EBADF       CM_ACCEPT: listener is not an open fd
 *   EFAULT      bad user pointer
 *   EDQUOT      REGISTER / NS_PUBLISH: the caller's uid already has
 *               max_user_names (module parameter) names
 *   E2BIG       struct larger than this kernel's with non-zero bytes
 *               beyond it, or larger than a page
 *   ENOMEM      also: the caller's memory cgroup is at its limit (every
 *               kernel allocation a caller causes is charged to it)
 *   EINVAL      unknown flags, non-zero reserved fields, struct smaller
 *               than its *_SIZE_VER0, bad names, a handle that cannot be
 *               sent (see DOC: handles in messages)
 *   EPERM       CALL on a client handle without NKIPC_RIGHT_CALL; a handle
 *               sent with rights it does not have, or without TRANSFER
 *   EBADF       a handle table names a closed fd
 *   EBADFD      a memory object (NKIPC_HANDLE_F_MEMORY) without the seals
 *               its flags and rights need (DOC: handles in messages)
 *   EMFILE      the receiver's fd table is full (RLIMIT_NOFILE)
 */
#ifndef _UAPI_LINUX_NKIPC_H
#define _UAPI_LINUX_NKIPC_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#define NKIPC_DEVICE		"/dev/nkipc"
#define NKIPC_ABI_VERSION	1

#define NKIPC_NAME_MAX		128	/* service / endpoint names, with NUL */
#define NKIPC_CLASS_MAX		128	/* entity class names, with NUL */
#define NKIPC_MAX_ENDPOINTS	1024	/* entries in one endpoint table */
#define NKIPC_TIMEOUT_INFINITE	(~(__u64)0)

/*
 * Feature bits reported by NKIPC_IOC_VERSION.
 *  PINNED_COPY: large messages are pinned and copied once.
 *  SECURITY:	every message, connection and registration passes the
 *		verdict hook.
 *  POLICY:	at the time of the call something judges on that hook: the
 *		built-in engine has a policy loaded, or another module is
 *		registered on it.  Clear: everything is allowed.
 *  DYNAMIC:	dynamic channels (connection manager).
 */
#define NKIPC_FEAT_PINNED_COPY	_BITULL(0)
#define NKIPC_FEAT_SECURITY	_BITULL(1)
#define NKIPC_FEAT_POLICY	_BITULL(2)
#define NKIPC_FEAT_DYNAMIC	_BITULL(3)

/*
 * struct nkipc_msg_hdr - head of every constant part (== struct nk_message)
 * @riid:	endpoint index within the server's endpoint table
 * @mid:	method index within the endpoint's interface
 * @ncaps:	number of handles carried, at most NKIPC_MSG_MAX_HANDLES;
 *		the sender passes that many struct nkipc_handle_desc in the
 *		ioctl's handle table (see DOC: handles in messages); more,
 *		or handles without a table, is -EBADMSG
 * @flags:	NKIPC_MSG_F_* (set by libnkos, not interpreted by the kernel)
 * @size:	constant part length in bytes, header included
 * @arena_size:	arena length in bytes
 * @status:	libnkos use (error responses)
 * @reserved:	must be 0 (-EBADMSG on CALL and REPLY)
 */
struct nkipc_msg_hdr {
	__u16 riid;
	__u16 mid;
	__u16 ncaps;
	__u16 flags;
	__u32 size;
	__u32 arena_size;
	__u32 status;
	__u32 reserved;
};

#define NKIPC_MSG_HDR_SIZE	24
#define NKIPC_MSG_F_ERROR	0x0001	/* response carries the err_ member */
/*
 * A status-only response (libnkos: the server could not dispatch the
 * request): the header alone, no arena, status = the server's nk_err_t.
 * The policy checks it under the `error` rules of the method.
 */
#define NKIPC_MSG_F_STATUS	0x0002

/*
 * DOC: handles in messages
 *
 * A request or a response carries up to NKIPC_MSG_MAX_HANDLES handles.
 * They travel beside the message, in a table of struct nkipc_handle_desc
 * passed in the ioctl (CALL: @req_handles; REPLY: @handles; REPLY_RECV:
 * @res_handles), hdr.ncaps entries long; the receiver gets a table of the
 * same length (RECV: @handles; CALL: @res_handles; REPLY_RECV:
 * @req_handles), entry i describing the handle the sender put at i.
 * A handle is
 *   NKIPC_HANDLE_FD       an ordinary file descriptor: the receiver gets a
 *                         new fd for the same open file (as SCM_RIGHTS);
 *                         rights READ/WRITE, at most the file's mode.  A
 *                         narrower mask (a file open O_RDWR sent READ)
 *                         is a new open file of the same regular file,
 *                         read- or write-only, with its own offset;
 *                         other files must be sent with their own mode.
 *   NKIPC_HANDLE_CHANNEL  a client handle: the receiver gets a new client
 *                         handle to the same service, calling under the
 *                         receiver's own identity (never the sender's);
 *                         rights CALL (NKIPC_IOC_CALL) and TRANSFER (may
 *                         be sent on), at most the sent handle's.
 * Rights only narrow: a right the sender's handle lacks is -EPERM, and a
 * client handle without TRANSFER cannot be sent (-EPERM).  Server
 * handles, /dev/nkipc contexts (they carry the opener's identity), a
 * client handle sent as FD, an fd sent with the wrong kind, O_PATH files
 * and unknown bits are -EINVAL; a closed fd is -EBADF.  An fd may appear
 * twice (two new fds).  Sending copies, as SCM_RIGHTS does: the sender
 * keeps its fds whatever happens (as KOS, where the receiver gets a
 * descendant; libnkos closes the ones marked NK_HANDLE_MOVE once the
 * kernel accepted the message).
 *
 * Atomicity: the files are taken when the message is sent (CALL, REPLY)
 * and checked with it (the verdict sees every handle).  The receiver's
 * fds are reserved, the new client handles created and the table copied
 * out first; the fds are installed last, after everything else of the
 * delivery succeeded, so a receiver never holds handles of a message it
 * did not get.  RECV with @handles_cap < ncaps is -ENOBUFS
 * (@handles_len = ncaps; the request stays queued), so is -EMFILE
 * (RLIMIT_NOFILE) or a fault writing the table: the request goes back to
 * the head of the queue.  A response's handles need @res_handles_cap >=
 * its ncaps (else -ENOBUFS for both sides, as for its sizes); the woken
 * CALL installs them in the caller, and if that fails (-EMFILE, -EFAULT)
 * CALL fails and the handles are closed (REPLY has succeeded).  A denied,
 * malformed, withdrawn or cancelled message, a dead peer and an
 * interrupted CALL drop the references the kernel took: nothing is
 * installed anywhere.  Received fds are O_CLOEXEC.
 *
 * Memory objects (NKIPC_HANDLE_F_MEMORY, on an FD handle): the sender
 * claims that the fd is a memory object the receiver can map without
 * fear: a memfd (memfd_create() with MFD_ALLOW_SEALING) sealed with
 * F_SEAL_SHRINK, so that no page the receiver maps below the size it
 * sees can vanish under it (SIGBUS).  The kernel checks the claim when
 * the message is sent: a file that is not shmem (a pipe, a file of a
 * disk file system, a hugetlbfs memfd) is -EINVAL; a shmem file without
 * F_SEAL_SHRINK (a memfd without it, or one made without
 * MFD_ALLOW_SEALING, a tmpfs file: they cannot be sealed) is -EBADFD.
 * With NKIPC_HANDLE_F_IMMUTABLE the memfd must also carry F_SEAL_WRITE:
 * nobody, the sender included, can change its bytes any more
 * (F_SEAL_FUTURE_WRITE is not enough: it leaves the sender's existing
 * writable mappings writable), else -EBADFD.  A memory object sent
 * without NKIPC_RIGHT_WRITE must carry F_SEAL_WRITE or
 * F_SEAL_FUTURE_WRITE (else -EBADFD): a memfd's inode is mode 0777, so a
 * read-only fd of an unsealed one can be reopened for writing through
 * /proc/self/fd by whoever holds it.  Seals cannot be
 * removed, so what was checked at send time holds for the life of the
 * file; the receiver's table entry carries the flags that were checked.
 * The same narrowing caveat applies to any file sent FD with READ only:
 * the receiver can reopen it by /proc/self/fd/N with whatever the file's
 * own permissions grant it.
 *
 * A message in flight is always owned by a live thread (the caller waits
 * in CALL until it is received and answered, and a caller killed
 * withdraws it), so files sent through nkipc cannot form the unreachable
 * in-flight cycles that SCM_RIGHTS needs a garbage collector for.
 */
#define NKIPC_MSG_MAX_HANDLES	16

#define NKIPC_HANDLE_FD		1
#define NKIPC_HANDLE_CHANNEL	2

/* struct nkipc_handle_desc.flags (see above) */
#define NKIPC_HANDLE_F_MEMORY		0x1	/* FD: memfd, F_SEAL_SHRINK */
#define NKIPC_HANDLE_F_IMMUTABLE	0x2	/* with MEMORY: F_SEAL_WRITE */
#define NKIPC_HANDLE_FLAGS	(NKIPC_HANDLE_F_MEMORY | NKIPC_HANDLE_F_IMMUTABLE)

#define NKIPC_RIGHT_READ	0x1	/* FD: read */
#define NKIPC_RIGHT_WRITE	0x2	/* FD: write */
#define NKIPC_RIGHT_CALL	0x4	/* CHANNEL: NKIPC_IOC_CALL */
#define NKIPC_RIGHT_TRANSFER	0x8	/* CHANNEL: may be sent in a message */
#define NKIPC_RIGHTS_FD		(NKIPC_RIGHT_READ | NKIPC_RIGHT_WRITE)
#define NKIPC_RIGHTS_CHANNEL	(NKIPC_RIGHT_CALL | NKIPC_RIGHT_TRANSFER)

/*
 * struct nkipc_handle_desc - one entry of a handle table
 * @fd:		in: the sender's fd; out: the receiver's new fd
 * @kind:	NKIPC_HANDLE_FD or NKIPC_HANDLE_CHANNEL (must match the fd)
 * @flags:	in: NKIPC_HANDLE_F_* claimed (zero for anything but a memory
 *		object); out: the flags the kernel checked
 * @rights:	in: NKIPC_RIGHT_* to pass, non-empty; out: rights received
 * @reserved:	zero
 */
struct nkipc_handle_desc {
	__s32 fd;
	__u16 kind;
	__u16 flags;
	__u32 rights;
	__u32 reserved;
};

/*
 * NKIPC_IOC_VERSION: @size is input (how much the caller can take, at
 * least NKIPC_VERSION_SIZE_VER0; a larger struct gets its tail zeroed),
 * everything else is output, hence _IOWR.
 */
struct nkipc_version {
	__u32 size;
	__u32 flags;
	__u32 abi_version;
	__u32 max_msg_size;
	__u64 features;
	__u32 inline_threshold;	/* sent messages up to this size are copied, not pinned */
	__u32 reserved0;
	__u64 reserved[2];
};

#define NKIPC_VERSION_SIZE_VER0		48	/* first published size */

/*
 * One row of a server's endpoint table.  Several rows may share a riid:
 * they are aliases ("OpsComp.FS", "pkg.Operations.FS"); all rows of one
 * riid must agree on n_methods and iface.
 */
struct nkipc_endpoint {
	char name[NKIPC_NAME_MAX];	/* qualified endpoint name */
	char iface[NKIPC_NAME_MAX];	/* interface name, e.g. "echo.Ping" */
	__u32 riid;			/* < NKIPC_MAX_ENDPOINTS */
	__u32 n_methods;		/* valid MIDs are 0 .. n_methods-1 */
	__u32 flags;			/* zero */
	__u32 reserved;
};

/* Flags common to REGISTER and CONNECT */
#define NKIPC_F_INHERIT		0x1	/* handle fd without O_CLOEXEC */

/* NKIPC_IOC_REGISTER (on /dev/nkipc): returns a server handle fd. */
struct nkipc_register {
	__u32 size;
	__u32 flags;
	__u64 name;		/* const char *, NUL-terminated channel name */
	__u64 endpoints;	/* const struct nkipc_endpoint * */
	__u32 n_endpoints;
	__u32 reserved;
};

#define NKIPC_REGISTER_SIZE_VER0	32

/* NKIPC_IOC_CONNECT (on /dev/nkipc): returns a client handle fd. */
struct nkipc_connect {
	__u32 size;
	__u32 flags;
	__u64 name;		/* const char *, NUL-terminated channel name */
	__u64 timeout_ns;	/* wait this long for the server to register */
	__u64 reserved;
};

#define NKIPC_CONNECT_SIZE_VER0		32

/* NKIPC_IOC_GET_RIID (on a client handle) */
struct nkipc_get_riid {
	__u32 size;
	__u32 flags;
	__u64 name;		/* const char *, qualified endpoint name */
	__u32 riid;		/* out */
	__u32 n_methods;	/* out */
};

#define NKIPC_GET_RIID_SIZE_VER0	24

/* NKIPC_IOC_CALL (on a client handle) */
struct nkipc_call {
	__u32 size;
	__u32 flags;
	__u64 req;		/* constant part to send */
	__u64 req_arena;	/* arena to send (may be 0 if len is 0) */
	__u64 res;		/* buffer for the response constant part */
	__u64 res_arena;	/* buffer for the response arena */
	__u32 req_len;
	__u32 req_arena_len;
	__u32 res_cap;
	__u32 res_arena_cap;
	__u32 res_len;		/* out: bytes written (or needed: ENOBUFS) */
	__u32 res_arena_len;	/* out: bytes written (or needed: ENOBUFS) */
	__u64 timeout_ns;	/* whole exchange; 0 = no timeout */
	__u64 reserved[2];
	/* VER1: handles (DOC: handles in messages) */
	__u64 req_handles;	/* struct nkipc_handle_desc[req hdr.ncaps] */
	__u64 res_handles;	/* out: the response's handles */
	__u32 res_handles_cap;	/* entries @res_handles can take */
	__u32 res_handles_len;	/* out: entries written (or needed: ENOBUFS) */
};

#define NKIPC_CALL_SIZE_VER0		88
#define NKIPC_CALL_SIZE_VER1		112

/* NKIPC_IOC_RECV (on a server handle) */
struct nkipc_recv {
	__u32 size;
	__u32 flags;
	__u64 req;		/* buffer for the request constant part */
	__u64 req_arena;	/* buffer for the request arena */
	__u32 req_cap;
	__u32 req_arena_cap;
	__u32 req_len;		/* out: bytes written (or needed: ENOBUFS) */
	__u32 req_arena_len;	/* out */
	__u64 timeout_ns;
	__u64 txid;		/* out: pass to NKIPC_IOC_REPLY */
	__u32 src_pid;		/* out: caller's tgid (in the server's pidns) */
	__u32 src_uid;		/* out: caller's euid at open (server's userns) */
	__u32 src_gid;		/* out */
	__u32 reserved0;
	char src_class[NKIPC_CLASS_MAX];	/* out: caller's entity class */
	__u64 reserved[2];
	/* VER1 */
	__u64 handles;		/* out: struct nkipc_handle_desc[] */
	__u32 handles_cap;	/* entries @handles can take */
	__u32 handles_len;	/* out: entries written (or needed: ENOBUFS) */
};

#define NKIPC_RECV_SIZE_VER0		216
#define NKIPC_RECV_SIZE_VER1		232

/* NKIPC_IOC_REPLY (on a server handle) */
struct nkipc_reply {
	__u32 size;
	__u32 flags;
	__u64 txid;
	__u64 res;		/* response constant part */
	__u64 res_arena;	/* response arena */
	__u32 res_len;
	__u32 res_arena_len;
	__u64 reserved[2];
	/* VER1 */
	__u64 handles;		/* struct nkipc_handle_desc[res hdr.ncaps] */
};

#define NKIPC_REPLY_SIZE_VER0		56
#define NKIPC_REPLY_SIZE_VER1		64

/*
 * NKIPC_IOC_REPLY_RECV (on a server handle): a server loop's two calls in
 * one.  With NKIPC_RR_F_REPLY it first answers @txid with @res/@res_arena
 * exactly as NKIPC_IOC_REPLY does and stores that result in @reply_result
 * (0 or -errno); if the reply failed, the ioctl returns that error at once
 * and receives nothing (@txid is left as it was).  Then, or at once
 * without the flag, it receives like NKIPC_IOC_RECV into @req/@req_arena
 * and returns RECV's result, with @txid the received transaction.  The
 * caller's entity class is not reported (NKIPC_IOC_RECV does).
 */
struct nkipc_reply_recv {
	__u32 size;
	__u32 flags;		/* NKIPC_RR_F_REPLY */
	__u64 txid;		/* in: to answer; out: the one received */
	__u64 res;		/* response constant part */
	__u64 res_arena;	/* response arena */
	__u32 res_len;
	__u32 res_arena_len;
	__s32 reply_result;	/* out: 0 or -errno of the reply */
	__u32 reserved0;
	__u64 req;		/* buffer for the request constant part */
	__u64 req_arena;	/* buffer for the request arena */
	__u32 req_cap;
	__u32 req_arena_cap;
	__u32 req_len;		/* out: bytes written (or needed: ENOBUFS) */
	__u32 req_arena_len;	/* out */
	__u64 timeout_ns;	/* of the receive, as for RECV */
	__u32 src_pid;		/* out: as for RECV */
	__u32 src_uid;		/* out */
	__u32 src_gid;		/* out */
	__u32 reserved1;
	__u64 reserved[2];
	/* VER1 */
	__u64 res_handles;	/* as REPLY's @handles */
	__u64 req_handles;	/* out: as RECV's @handles */
	__u32 req_handles_cap;
	__u32 req_handles_len;	/* out */
};

#define NKIPC_REPLY_RECV_SIZE_VER0	120
#define NKIPC_REPLY_RECV_SIZE_VER1	144
#define NKIPC_RR_F_REPLY		0x1	/* answer @txid first */

#define NKIPC_IOC_MAGIC		'N'

/* on /dev/nkipc */
#define NKIPC_IOC_VERSION	_IOWR(NKIPC_IOC_MAGIC, 0x00, struct nkipc_version)
#define NKIPC_IOC_REGISTER	_IOW(NKIPC_IOC_MAGIC, 0x01, struct nkipc_register)
#define NKIPC_IOC_CONNECT	_IOW(NKIPC_IOC_MAGIC, 0x02, struct nkipc_connect)
/* 0x10 - 0x1f: identity and policy (launcher), see below */
/* 0x20 - 0x2f: name server and connection manager, see below */

/* on a client handle */
#define NKIPC_IOC_CALL		_IOWR(NKIPC_IOC_MAGIC, 0x40, struct nkipc_call)
#define NKIPC_IOC_GET_RIID	_IOWR(NKIPC_IOC_MAGIC, 0x41, struct nkipc_get_riid)

/* on a server handle */
#define NKIPC_IOC_RECV		_IOWR(NKIPC_IOC_MAGIC, 0x80, struct nkipc_recv)
#define NKIPC_IOC_REPLY		_IOW(NKIPC_IOC_MAGIC, 0x81, struct nkipc_reply)
#define NKIPC_IOC_REPLY_RECV	_IOWR(NKIPC_IOC_MAGIC, 0x82, struct nkipc_reply_recv)

/* ---- identity (0x10 - 0x1f) ---- */

/*
 * DOC: trusted launcher
 *
 * NKIPC_IOC_LAUNCH_CLASS (on /dev/nkipc, needs CAP_MAC_ADMIN in the initial
 * user namespace, as loading the policy does; -EPERM otherwise) gives the
 * entity class @class_name to the image that child @pid executes next.
 * @pid (in the caller's pid namespace) must be a child of the caller that
 * has not executed anything since fork() (-ESRCH if no process has that
 * pid, -EPERM if it is not the caller's child or the caller lacks
 * CAP_SYS_ADMIN, -EALREADY if it has already exec'd).  The grant is
 * keyed by the child's struct pid, start time and exec counter: it
 * applies to every open() of /dev/nkipc made after exactly one more
 * execve() of that process, so a pid reused by another process, the
 * launcher's child before exec, and whatever the launched image executes
 * in turn never get it.  A later call for the same child replaces the
 * grant.  Grants of dead processes are reclaimed; at most 1024 are live
 * (-ENOSPC).  A size above a page or a non-zero tail beyond the struct
 * is -EINVAL, as for every command.  See nkipc_genl.h (DOC: identity)
 * for the order in which classes are chosen.
 */
struct nkipc_launch_class {
	__u32 size;
	__u32 flags;			/* zero */
	__s32 pid;
	__u32 reserved0;
	char class_name[NKIPC_CLASS_MAX];	/* NUL-terminated, non-empty */
	__u64 reserved[2];
};

#define NKIPC_LAUNCH_CLASS_SIZE_VER0	160

#define NKIPC_IOC_LAUNCH_CLASS	_IOW(NKIPC_IOC_MAGIC, 0x10, struct nkipc_launch_class)

/* ---- name server / connection manager (0x20 - 0x2f) ---- */

/*
 * DOC: dynamic channels (all on /dev/nkipc)
 *
 * Name server.  An entry is a (server, service, type) triple: the server
 * entity's name, the qualified endpoint name of the service and the
 * interface name.  Entries belong to the /dev/nkipc context (open file)
 * that published them and disappear when it is closed.  The first context
 * to publish under a server name owns that name: connection requests for
 * it are queued to that context, and other contexts get -EEXIST for it.
 *   NS_PUBLISH    add an entry (-EEXIST if the triple exists, -EACCES if
 *                 the register verdict denies it)
 *   NS_UNPUBLISH  remove an entry of this context (-ENOENT otherwise)
 *   NS_ENUM       the index-th entry whose type equals @type (all entries
 *                 if @type is ""), in publication order; -ENOENT past the
 *                 last one
 *
 * Connection manager.
 *   CM_CONNECT    client: asks the owner of @server for a channel to
 *                 @service (connect verdict first: -EACCES) and blocks
 *                 until the server accepts it (returns a client handle fd
 *                 and the rsid = riid of the service), drops it
 *                 (-ECONNREFUSED) or goes away (-EPIPE); -ENOENT if nobody
 *                 owns @server; -ETIMEDOUT / -EINTR withdraw the request.
 *   CM_LISTEN     server: the oldest request addressed to this context
 *                 that was not listened to yet: client entity class and
 *                 service (-EAGAIN with timeout 0, else waits).
 *   CM_ACCEPT     server: accepts the pending request (client, service),
 *                 oldest first.  @listener = -1 creates a new channel
 *                 with the endpoint table @endpoints (which must contain
 *                 @rsid) and returns a new server handle; a server handle
 *                 fd in @listener attaches the client to that channel and
 *                 returns another fd for the same handle.
 *   CM_DROP       server: refuses the pending request (client, service).
 * Requests that were listened to but neither accepted nor dropped stay
 * pending until the client gives up or the server context is closed.
 */

/* Entries one /dev/nkipc context may have published at a time (-ENOSPC). */
#define NKIPC_NS_MAX_PUBLISHED	256

/* NKIPC_IOC_NS_PUBLISH, NKIPC_IOC_NS_UNPUBLISH */
struct nkipc_ns_entry {
	__u32 size;
	__u32 flags;			/* zero */
	char server[NKIPC_NAME_MAX];	/* server entity name */
	char service[NKIPC_NAME_MAX];	/* qualified endpoint name */
	char type[NKIPC_NAME_MAX];	/* interface name */
	__u64 reserved[2];
};

#define NKIPC_NS_ENTRY_SIZE_VER0	408

/* NKIPC_IOC_NS_ENUM */
struct nkipc_ns_enum {
	__u32 size;
	__u32 flags;			/* zero */
	char type[NKIPC_NAME_MAX];	/* in: "" matches every entry */
	__u32 index;			/* in */
	__u32 reserved0;
	char server[NKIPC_NAME_MAX];	/* out */
	char service[NKIPC_NAME_MAX];	/* out */
	__u64 reserved[2];
};

#define NKIPC_NS_ENUM_SIZE_VER0		416

/* NKIPC_IOC_CM_CONNECT */
struct nkipc_cm_connect {
	__u32 size;
	__u32 flags;			/* NKIPC_F_INHERIT */
	char server[NKIPC_NAME_MAX];
	char service[NKIPC_NAME_MAX];
	__u64 timeout_ns;		/* 0 is treated as infinite */
	__s32 fd;			/* out: client handle */
	__u32 rsid;			/* out: riid of @service */
	__u64 reserved[2];
};

#define NKIPC_CM_CONNECT_SIZE_VER0	296

/* NKIPC_IOC_CM_LISTEN */
struct nkipc_cm_listen {
	__u32 size;
	__u32 flags;			/* zero */
	__u64 timeout_ns;		/* 0: do not wait (-EAGAIN) */
	char client[NKIPC_CLASS_MAX];	/* out: client entity class */
	char service[NKIPC_NAME_MAX];	/* out */
	__u32 client_pid;		/* out: client tgid (caller's pidns) */
	__u32 reserved0;
	__u64 reserved[2];
};

#define NKIPC_CM_LISTEN_SIZE_VER0	296

/* NKIPC_IOC_CM_ACCEPT */
struct nkipc_cm_accept {
	__u32 size;
	__u32 flags;			/* NKIPC_F_INHERIT */
	char client[NKIPC_CLASS_MAX];
	char service[NKIPC_NAME_MAX];
	__u32 rsid;			/* riid the client will use */
	__s32 listener;			/* server handle fd or -1 */
	__u64 endpoints;		/* listener == -1: endpoint table */
	__u32 n_endpoints;
	__s32 fd;			/* out: server handle */
	__u64 reserved[2];
};

#define NKIPC_CM_ACCEPT_SIZE_VER0	304

/* NKIPC_IOC_CM_DROP */
struct nkipc_cm_drop {
	__u32 size;
	__u32 flags;			/* zero */
	char client[NKIPC_CLASS_MAX];
	char service[NKIPC_NAME_MAX];
	__u64 reserved[2];
};

#define NKIPC_CM_DROP_SIZE_VER0		280

#define NKIPC_IOC_NS_PUBLISH	_IOW(NKIPC_IOC_MAGIC, 0x20, struct nkipc_ns_entry)
#define NKIPC_IOC_NS_UNPUBLISH	_IOW(NKIPC_IOC_MAGIC, 0x21, struct nkipc_ns_entry)
#define NKIPC_IOC_NS_ENUM	_IOWR(NKIPC_IOC_MAGIC, 0x22, struct nkipc_ns_enum)
#define NKIPC_IOC_CM_CONNECT	_IOWR(NKIPC_IOC_MAGIC, 0x24, struct nkipc_cm_connect)
#define NKIPC_IOC_CM_LISTEN	_IOWR(NKIPC_IOC_MAGIC, 0x25, struct nkipc_cm_listen)
#define NKIPC_IOC_CM_ACCEPT	_IOWR(NKIPC_IOC_MAGIC, 0x26, struct nkipc_cm_accept)
#define NKIPC_IOC_CM_DROP	_IOW(NKIPC_IOC_MAGIC, 0x27, struct nkipc_cm_drop)

#endif /* _UAPI_LINUX_NKIPC_H */
