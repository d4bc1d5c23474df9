// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kosipc/generated.h - what the C++ headers of nkc --cpp (nkppmeta) use:
 * copying C++ values into the C message structs and arenas of the C
 * headers they include, and back.  Not an API of its own.
 *
 * Put*: a value too long for its IDL bound throws kosipc::Exception
 * (rcBufferTooLarge), an arena too small rcBufferTooSmall.  Get*: the C
 * proxy / dispatcher has checked the message (nk_check_message) already;
 * a chunk that still cannot be read throws rcFail ("bad message").
 */
#ifndef KOSIPC_GENERATED_H
#define KOSIPC_GENERATED_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <variant>
#include <vector>

#include <kosipc/api.h>
#include <nk/arena.h>
#include <nk/transport.h>

namespace kosipc {

/* Base of every generated entity struct: its functions are found by ADL. */
struct RootComponent {};

namespace detail {

struct Endpoint {
	const char *name;	/* qualified: "inst.ep" or "ep" */
	const char *iface;	/* interface package */
	nk_iid_t riid;
	const void *impl;	/* bound implementation, NULL if none */
};

[[noreturn]] void ThrowBadMessage();
[[noreturn]] void ThrowBadValue(const char *what);
[[noreturn]] void ThrowCallError(nk_err_t rc);
/* The Retcode (as nk_err_t) the current exception of a server method maps to. */
nk_err_t CurrentExceptionStatus() noexcept;

inline void CheckCall(nk_err_t rc)
{
	if (rc != NK_EOK)
		ThrowCallError(rc);
}

/* An 8-aligned heap arena of the method's worst-case size. */
class ArenaBuf {
public:
	explicit ArenaBuf(std::size_t size) : buf_((size + 7) / 8 + 1)
	{
		arena_ = nk_arena_create(buf_.data(), size);
	}
	struct nk_arena *Arena() { return &arena_; }

private:
	std::vector<std::uint64_t> buf_;
	struct nk_arena arena_;
};

void *Alloc(struct nk_arena *a, nk_ptr_t &w, std::size_t count, std::size_t elsize,
	    std::size_t align);
const void *Get(const struct nk_arena *a, const nk_ptr_t &w, std::size_t elsize,
		std::size_t *count);

inline void PutString(const std::string &v, nk_ptr_t &w, struct nk_arena *a, std::uint64_t bound)
{
	/* string<N>: at most N characters, and no NUL inside (C reads up to it) */
	if (v.size() > bound || v.find('\0') != std::string::npos)
		ThrowBadValue("string longer than its bound or with a NUL");
	void *p = Alloc(a, w, v.size() + 1, 1, 1);

	std::memcpy(p, v.c_str(), v.size() + 1);
}

inline void GetString(std::string &v, const nk_ptr_t &w, const struct nk_arena *a)
{
	std::size_t n = 0;
	const char *p = static_cast<const char *>(Get(a, w, 1, &n));

	if (!n || p[n - 1] != '\0')
		ThrowBadMessage();
	v.assign(p, std::strlen(p));
}

inline void PutBytes(const std::vector<std::byte> &v, nk_ptr_t &w, struct nk_arena *a,
		     std::uint64_t bound)
{
	if (v.size() > bound)
		ThrowBadValue("bytes longer than its bound");
	void *p = Alloc(a, w, v.size(), 1, 1);

	if (!v.empty())
		std::memcpy(p, v.data(), v.size());
}

inline void GetBytes(std::vector<std::byte> &v, const nk_ptr_t &w, const struct nk_arena *a)
{
	std::size_t n = 0;
	const std::byte *p = static_cast<const std::byte *>(Get(a, w, 1, &n));

	v.assign(p, p + n);
}

template <class W> W *PutSeq(std::size_t n, nk_ptr_t &w, struct nk_arena *a, std::uint64_t bound)
{
	if (n > bound)
		ThrowBadValue("sequence longer than its bound");
	return static_cast<W *>(Alloc(a, w, n, sizeof(W), NK_ARENA_ALIGNOF(W)));
}

template <class W> const W *GetSeq(const nk_ptr_t &w, const struct nk_arena *a, std::size_t *n)
{
	return static_cast<const W *>(Get(a, w, sizeof(W), n));
}

} // namespace detail
} // namespace kosipc

#endif
