/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nk/types.h - basic NK types (KasperskyOS SDK compatible names).
 *
 * struct nk_message is the head of every IPC message constant part.  Its
 * layout is the kernel's struct nkipc_msg_hdr (uapi/linux/nkipc.h).
 */
#ifndef NK_TYPES_H
#define NK_TYPES_H

#include <assert.h>
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

/*
 * Logical errors (IDL error parameters, KOS "simplified error handling"):
 * an implementation returns NK_ELOGIC_MAKE(code) for a method whose error
 * parameter is a UInt16; a dispatcher that sees NK_ELOGIC_CHECK(rc)
 * answers with an error response carrying NK_ELOGIC_GET(rc).  The
 * encoding (bit 30 set, the code in the low 16 bits) cannot collide with
 * NK_EOK or an NK_E* code.  NK_ELOGIC_CHECK and NK_ELOGIC_GET are the
 * names nk-gen-c output uses; NK_ELOGIC_MAKE is libnkos's name.
 */
#define NK_ELOGIC_FLAG		0x40000000
#define NK_ELOGIC_MAKE(code)	\
	((nk_err_t)(NK_ELOGIC_FLAG | ((nk_uint32_t)(code) & 0xffffu)))
#define NK_ELOGIC_CHECK(rc)	\
	((((nk_uint32_t)(rc)) & ~(nk_uint32_t)0xffffu) == NK_ELOGIC_FLAG)
#define NK_ELOGIC_GET(rc)	((nk_uint16_t)((nk_uint32_t)(rc) & 0xffffu))

/*
 * Runtime implementation id (RIID) and method id: 16 bits in the message
 * header.  KnCmConnect reports a RIID as rtl_uint32_t; a value above
 * NK_IID_MAX is not a RIID.
 */
typedef nk_uint16_t nk_iid_t;
typedef nk_uint16_t nk_mid_t;
#define NK_IID_MAX	((nk_iid_t)0xffff)
#define NK_MID_MAX	((nk_mid_t)0xffff)
/* A 32-bit handle value (coresrv/handle/handletype.h: Handle). */
typedef nk_uint32_t nk_handle_t;
#define NK_INVALID_HANDLE	((nk_handle_t)-1)

/*
 * Handle rights mask (KOS: nk_rights_t; the OCAP_* flags are in
 * services/ocap.h).  Two libnkos bits are not rights but requests to
 * libnkos when a descriptor is sent, and never reach the kernel:
 *   NK_RIGHTS_SAME  send with every right the sender's handle has (what
 *                   nk_handle_desc(h) with one argument asks for);
 *   NK_HANDLE_MOVE  close the sender's handle once the kernel has
 *                   accepted the message (docs/kos-api.md, Handles in
 *                   messages); on any failure the sender keeps it.
 */
typedef nk_uint32_t nk_rights_t;
#ifndef NK_MSG_MAX_HANDLES
#define NK_MSG_MAX_HANDLES	16	/* handles per message (NKIPC_MSG_MAX_HANDLES) */
#endif
#define NK_RIGHTS_SAME	((nk_rights_t)0x40000000u)
#define NK_HANDLE_MOVE	((nk_rights_t)0x80000000u)

/*
 * IDL Handle: the transport container of a handle (KOS: nk_handle_desc_t),
 * the handle and the rights it is sent with.  A field whose rights are 0
 * or whose handle is NK_INVALID_HANDLE carries no handle (a zeroed
 * message carries none); a received field holds the receiver's new handle
 * and the rights it got, or NK_INVALID_HANDLE and 0.  Resource transfer
 * contexts (KOS badges) do not exist on Linux.
 */
typedef struct nk_handle_desc {
	nk_handle_t handle;
	nk_rights_t rights;
} nk_handle_desc_t;

static inline nk_handle_desc_t __nk_handle_desc(nk_handle_t h, nk_rights_t r)
{
	nk_handle_desc_t d;

	d.handle = h;
	d.rights = r;
	return d;
}

/*
 * nk_handle_desc(): no handle; nk_handle_desc(h): @h with every right it
 * has; nk_handle_desc(h, rights): @h with @rights (OCAP_*, optionally |
 * NK_HANDLE_MOVE).  KOS's third argument (a badge) is not supported.  (C:
 * an empty argument, #h == "", is the form without arguments; C++ has
 * overloads.)
 */
#ifndef __cplusplus
#define __nk_hd_pick(_0, _1, _2, name, ...)	name
#define __nk_hd_1(h)							\
	(sizeof(#h) == 1 ? __nk_handle_desc(NK_INVALID_HANDLE, 0) :	\
	 __nk_handle_desc((nk_handle_t)(h + 0), NK_RIGHTS_SAME))
#define __nk_hd_2(h, r)		__nk_handle_desc((nk_handle_t)(h), (nk_rights_t)(r))
#define nk_handle_desc(...)						\
	__nk_hd_pick(_0, __VA_ARGS__, __nk_hd_2, __nk_hd_1, _)(__VA_ARGS__)
#endif

static inline nk_handle_t nk_get_handle(const nk_handle_desc_t *desc)
{
	return desc ? desc->handle : NK_INVALID_HANDLE;
}

static inline nk_rights_t nk_get_rights(const nk_handle_desc_t *desc)
{
	return desc ? desc->rights : 0;
}

/* Non-zero if @desc carries a handle (see nk_handle_desc_t). */
static inline int nk_handle_desc_is_set(const nk_handle_desc_t *desc)
{
	return desc->handle != NK_INVALID_HANDLE && desc->rights != 0;
}

#ifndef NK_NULL
#ifdef __cplusplus
#define NK_NULL nullptr
#else
#define NK_NULL ((void *)0)
#endif
#endif

#define __nk_packed	__attribute__((__packed__))
#define __nk_alignas(n)	__attribute__((__aligned__(n)))

/*
 * nk_static_assert(cond, what): @what is an identifier (as nk-gen-c
 * output writes it: bad_nk_uint8_t_size) or a string literal; it is
 * turned into the diagnostic's text.
 */
#ifdef __cplusplus
#define nk_static_assert(cond, what) static_assert(cond, #what)
#define nk_alignof(type)	alignof(type)
#else
#define nk_static_assert(cond, what) _Static_assert(cond, #what)
#define nk_alignof(type)	_Alignof(type)
#endif
#define nk_offsetof(type, member)	offsetof(type, member)
/* Number of elements of an array (not a pointer). */
#define nk_array_size(a)	(sizeof(a) / sizeof((a)[0]))
/* Marks a parameter or variable as deliberately unused. */
#define nk_unused(x)		((void)(x))
/* Checks that generated code makes; compiled out with NDEBUG. */
#define nk_assert(cond)		assert(cond)

#define NK_TRUE		((nk_bool_t)1)
#define NK_FALSE	((nk_bool_t)0)

/* Integer constants of the NK types (nk-gen-c writes IDL constants so). */
#define NK_UINT8_C(v)	UINT8_C(v)
#define NK_UINT16_C(v)	UINT16_C(v)
#define NK_UINT32_C(v)	UINT32_C(v)
#define NK_UINT64_C(v)	UINT64_C(v)
#define NK_SINT8_C(v)	INT8_C(v)
#define NK_SINT16_C(v)	INT16_C(v)
#define NK_SINT32_C(v)	INT32_C(v)
#define NK_SINT64_C(v)	INT64_C(v)

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
nk_static_assert(sizeof(nk_handle_desc_t) == 8, "nk_handle_desc_t is 8 bytes");

#ifdef __cplusplus
}

extern "C++" {
static inline nk_handle_desc_t nk_handle_desc()
{
	return __nk_handle_desc(NK_INVALID_HANDLE, 0);
}

static inline nk_handle_desc_t nk_handle_desc(nk_handle_t h)
{
	return __nk_handle_desc(h, NK_RIGHTS_SAME);
}

static inline nk_handle_desc_t nk_handle_desc(nk_handle_t h, nk_rights_t r)
{
	return __nk_handle_desc(h, r);
}

/* Same handle and rights (kosipc's generated structs compare fields). */
static inline bool operator==(const nk_handle_desc_t &a, const nk_handle_desc_t &b)
{
	return a.handle == b.handle && a.rights == b.rights;
}

static inline bool operator!=(const nk_handle_desc_t &a, const nk_handle_desc_t &b)
{
	return !(a == b);
}
}
#endif

#endif /* NK_TYPES_H */
