/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nk/types.h - basic NK types (KasperskyOS SDK compatible names).
 *
 * struct nk_message is the head of every IPC message constant part.  Its
 * layout is the kernel's struct nkipc_msg_hdr (uapi/linux/nkipc.h).
 */
#ifndef NK_TYPES_H
#define NK_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint8_t nk_uint8_t;
typedef uint16_t nk_uint16_t;
typedef uint32_t nk_uint32_t;
typedef uint64_t nk_uint64_t;
typedef int8_t nk_sint8_t;
typedef int16_t nk_sint16_t;
typedef int32_t nk_sint32_t;
typedef int64_t nk_sint64_t;
typedef char nk_char_t;
typedef uint8_t nk_bool_t;
typedef size_t nk_size_t;

/*
 * nk_err_t: NK_EOK or a positive code.  The values are the Linux errno
 * numbers of the same name; the transport-level ones below NK_EINVAL are
 * libnkos additions (see docs/kos-api.md for which kernel error gives
 * which code).
 */
typedef nk_sint32_t nk_err_t;
#define NK_EOK		0
#define NK_EPERM	1	/* denied by the security verdict */
#define NK_ENOENT	2	/* unknown iid/mid, no such name */
#define NK_ENOMEM	12
#define NK_EINVAL	22
#define NK_EBADMSG	74	/* malformed message */
#define NK_EINTR	4	/* interrupted by a signal */
#define NK_EAGAIN	11	/* nothing to do and no wait requested */
#define NK_EBUSY	16
#define NK_EEXIST	17
#define NK_EPIPE	32	/* the peer is gone */
#define NK_ENOSYS	38	/* not supported */
#define NK_EMSGSIZE	90	/* message larger than the kernel allows */
#define NK_ENOBUFS	105	/* receiving buffer too small */
#define NK_ETIMEDOUT	110
#define NK_ECONNREFUSED	111	/* connection request dropped */

/* Runtime implementation id (RIID) and method id. */
typedef nk_uint16_t nk_iid_t;
typedef nk_uint16_t nk_mid_t;
/* IDL Handle: a 32-bit handle value (coresrv/handle/handletype.h: Handle). */
typedef nk_uint32_t nk_handle_t;

#ifndef NK_NULL
#ifdef __cplusplus
#define NK_NULL nullptr
#else
#define NK_NULL ((void *)0)
#endif
#endif

#define __nk_packed	__attribute__((__packed__))
#define __nk_alignas(n)	__attribute__((__aligned__(n)))

#ifdef __cplusplus
#define nk_static_assert(cond, msg) static_assert(cond, msg)
#else
#define nk_static_assert(cond, msg) _Static_assert(cond, msg)
#endif

/* Arena chunk descriptor: offset and size in bytes, relative to the arena. */
typedef struct nk_ptr {
	nk_uint32_t offset;
	nk_uint32_t size;
} nk_ptr_t;

/* Message header: identical to struct nkipc_msg_hdr of the kernel ABI. */
struct nk_message {
	nk_uint16_t iid;	/* RIID */
	nk_uint16_t mid;	/* MID */
	nk_uint16_t ncaps;	/* handles carried */
	nk_uint16_t flags;	/* NK_MSG_F_* */
	nk_uint32_t size;	/* constant part size, header included */
	nk_uint32_t arena_size;	/* arena bytes sent with the message */
	nk_uint32_t status;	/* error responses: nk_err_t of the server */
	nk_uint32_t reserved;
} __nk_alignas(8);

#define NK_MSG_F_ERROR	0x0001	/* the response carries the err_ member */
#define NK_MSG_F_STATUS	0x0002	/* status holds the server's dispatch error */

nk_static_assert(sizeof(nk_ptr_t) == 8, "nk_ptr_t is 8 bytes");
nk_static_assert(sizeof(struct nk_message) == 24, "nk_message is 24 bytes");

#ifdef __cplusplus
}
#endif

#endif /* NK_TYPES_H */
