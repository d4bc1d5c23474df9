// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_types.cpp - nkc --cpp on the golden "types" descriptions (every IDL
 * type in every direction): C++ proxy -> C++ stub round trips through
 * libnkos's loopback transport, and the wire bytes against the C code:
 * a request made by the C proxy equals the C++ proxy's for the same values,
 * a response of the C++ stub equals the C stub's, and each side decodes
 * the other's messages.  Check (scenario.h: one Check test per check), TAP
 * to CK_TAP_LOG_FILE_NAME.
 */
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nk/transport-loopback.h>
#include <services/ocap.h>
#include <kosipc/application.h>
#include <kosipc/make_application.h>
#include <kosipc/serve_dynamic_channel.h>
#include <kosipc/simple_connection_acceptor.h>
#include <types/Server.edl.cpp.h>

#include "scenario.h"

using namespace kosipc::stdcpp;
using types::All;
using types::Entry;
using types::Point;
using types::Value;

/* ---- the C++ implementation ------------------------------------------------ */
class AllImpl : public All {
public:
	void Scalars(std::int8_t a, std::int16_t b, std::int32_t c, std::int64_t d, std::uint8_t e,
		     std::uint16_t f, std::uint32_t g, std::uint64_t h, char i, nk_handle_desc_t j,
		     std::int8_t &oa, std::int16_t &ob, std::int32_t &oc, std::int64_t &od,
		     std::uint8_t &oe, std::uint16_t &of, std::uint32_t &og, std::uint64_t &oh,
		     char &oi, nk_handle_desc_t &oj) override
	{
		oa = static_cast<std::int8_t>(a + 1);
		ob = static_cast<std::int16_t>(b + 1);
		oc = c + 1;
		od = d + 1;
		oe = static_cast<std::uint8_t>(e + 1);
		of = static_cast<std::uint16_t>(f + 1);
		og = g + 1;
		oh = h + 1;
		oi = static_cast<char>(i + 1);
		/* the handle received goes back, moved: this side keeps no copy */
		oj = nk_handle_desc_is_set(&j) ? nk_handle_desc(j.handle, j.rights | NK_HANDLE_MOVE) :
						 nk_handle_desc();
	}
	void Strings(const std::string &s, const std::string &n, std::string &joined,
		     std::uint32_t &len) override
	{
		joined = s + "/" + n;
		len = static_cast<std::uint32_t>(joined.size());
	}
	void Blobs(const std::vector<std::byte> &data, std::vector<std::byte> &reversed) override
	{
		reversed.assign(data.rbegin(), data.rend());
	}
	void Seqs(const std::vector<std::uint32_t> &nums, const std::vector<std::string> &words,
		  std::vector<std::uint64_t> &squares, std::vector<std::string> &upper) override
	{
		for (auto n : nums)
			squares.push_back(static_cast<std::uint64_t>(n) * n);
		for (auto w : words) {
			for (auto &ch : w)
				ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
			upper.push_back(w);
		}
	}
	void Arrays(const std::array<std::uint16_t, 3> &a, const std::array<std::string, 2> &names,
		    std::array<std::uint16_t, 3> &rev, std::array<Point, 2> &pts) override
	{
		rev = { a[2], a[1], a[0] };
		for (int k = 0; k < 2; k++)
			pts[k] = { k, static_cast<std::int32_t>(names[k].size()) };
	}
	void Structs(const Entry &e, const std::vector<Entry> &list, Entry &copy,
		     std::uint32_t &count) override
	{
		copy = e;
		count = static_cast<std::uint32_t>(list.size());
		if (!list.empty())
			copy.stamp += list.back().stamp;
	}
	void Unions(const Value &v, Value &back) override { back = v; }
	void Fails(std::uint32_t code, std::uint32_t &never) override
	{
		if (code == 0) {
			never = 7;
			return;
		}
		if (code == 98)
			throw kosipc::Exception(rcBusy, "busy");
		if (code == 99)
			throw std::runtime_error("plain");
		FailsError err;
		err.reason = code;
		err.why = "code " + std::to_string(code);
		throw err;
	}
	void Nothing() override { nothing++; }
	int nothing = 0;
};

/* ---- the C implementation (the C API's way), for byte comparisons -------------- */
static nk_err_t c_strings(struct types_All *, const struct types_All_Strings_req *req,
			  const struct nk_arena *req_arena, struct types_All_Strings_res *res,
			  struct nk_arena *res_arena)
{
	nk_ptr_t ps = req->s, pn = req->n, pj;
	nk_uint32_t ns = 0, nn = 0;
	const char *s = nk_arena_get(char, req_arena, &ps, &ns);
	const char *n = nk_arena_get(char, req_arena, &pn, &nn);
	std::string joined = std::string(s) + "/" + n;

	if (nk_arena_store(char, res_arena, &pj, joined.c_str(), joined.size() + 1))
		return NK_ENOMEM;
	res->res_.joined = pj;
	res->res_.len = static_cast<nk_uint32_t>(joined.size());
	return NK_EOK;
}

static nk_err_t c_unions(struct types_All *, const struct types_All_Unions_req *req,
			 const struct nk_arena *req_arena, struct types_All_Unions_res *res,
			 struct nk_arena *res_arena)
{
	types_Common_Value v = req->v;

	if (v.nk_tag == types_Common_Value_text_tag) {
		nk_ptr_t p = v.text;
		nk_uint32_t n = 0;
		const char *s = nk_arena_get(char, req_arena, &p, &n);

		if (nk_arena_store(char, res_arena, &v.text, s, n))
			return NK_ENOMEM;
	}
	res->res_.back = v;
	return NK_EOK;
}

static nk_err_t c_fails(struct types_All *, const struct types_All_Fails_req *req,
			const struct nk_arena *, struct types_All_Fails_res *res,
			struct nk_arena *res_arena)
{
	std::string why = "code " + std::to_string(req->code);
	nk_ptr_t p;

	nk_arena_reset(res_arena);
	nk_err_reset(&res->err_);
	nk_msg_set_method_id(&res->base_, req->base_.iid, types_All_Fails_mid);
	res->err_.reason = req->code;
	if (nk_arena_store(char, res_arena, &p, why.c_str(), why.size() + 1))
		return NK_ENOMEM;
	res->err_.why = p;
	return NK_EOK;
}

/* ---- a transport recording the bytes of the last exchange ------------------------ */
struct Recorder {
	struct nk_transport base;
	struct nk_transport *inner;
	std::vector<unsigned char> req, req_arena, res, res_arena;
};

static std::vector<unsigned char> bytes(const void *p, size_t n)
{
	const unsigned char *c = static_cast<const unsigned char *>(p);

	return std::vector<unsigned char>(c, c + n);
}

static nk_err_t rec_call(struct nk_transport *t, struct nk_message *req, const struct nk_arena *qa,
			 struct nk_message *res, struct nk_arena *sa)
{
	Recorder *r = reinterpret_cast<Recorder *>(t);
	nk_err_t rc = nk_transport_call(r->inner, req, qa, res, sa);

	r->req = bytes(req, req->size);
	r->req_arena = qa ? bytes(qa->start, nk_arena_allocated_size(qa)) : bytes(nullptr, 0);
	r->res = bytes(res, res->size);
	r->res_arena = sa ? bytes(sa->start, nk_arena_allocated_size(sa)) : bytes(nullptr, 0);
	return rc;
}

static void dump(const char *what, const std::vector<unsigned char> &a, const std::vector<unsigned char> &b)
{
	if (a == b)
		return;
	std::printf("# %s differs:\n#", what);
	for (auto c : a)
		std::printf(" %02x", c);
	std::printf("\n#");
	for (auto c : b)
		std::printf(" %02x", c);
	std::printf("\n");
}

/* The bytes up to the end of the last field (C stubs leave tail padding as found). */
static bool same_bytes(const std::vector<unsigned char> &a, const std::vector<unsigned char> &b, size_t n)
{
	return a.size() == b.size() && a.size() >= n && std::equal(a.begin(), a.begin() + n, b.begin());
}

static const struct nk_transport_ops rec_ops = { rec_call, nullptr, nullptr, nullptr };

/* A loopback to an entity dispatcher, recorded. */
struct Loop {
	struct nk_loopback_transport lt;
	Recorder rec;
	explicit Loop(const NkKosDispatchInfo &info)
	{
		if (nk_loopback_transport_init(&lt, &info) != NK_EOK)
			throw std::runtime_error("loopback");
		rec.base.ops = &rec_ops;
		rec.inner = &lt.base;
	}
};

template <class R> static NkKosDispatchInfo info_of(R &root)
{
	return { &R::NkDispatch, &root, R::NkReqSize, R::NkReqArenaSize, R::NkResSize,
		 R::NkResArenaSize };
}

static Entry sample_entry(std::uint64_t stamp)
{
	Entry e;

	e.key = "key-" + std::to_string(stamp);
	e.blob = { std::byte{ 1 }, std::byte{ 0 }, std::byte{ 0xff } };
	e.stamp = stamp;
	e.quad = { 1, 2, 3, 4 };
	e.h = nk_handle_desc();	/* no handle: see Scalars for one */
	return e;
}

/* C++ proxy -> C++ stub: every method and every type. */
static void test_cpp_roundtrip()
{
	AllImpl impl;
	kosipc::components::Root root;

	root.all = &impl;
	root.common_user = &impl;
	Loop loop(info_of(root));
	kosipc::Application app = kosipc::MakeApplicationAutodetect();

	for (nk_iid_t riid : { types_Server_all_iid, types_Server_common_user_iid }) {
		auto p = app.MakeProxy<All>(kosipc::ClientConnection(&loop.lt.base, riid));
		std::int8_t oa;
		std::int16_t ob;
		std::int32_t oc;
		std::int64_t od;
		std::uint8_t oe;
		std::uint16_t of;
		std::uint32_t og;
		std::uint64_t oh;
		char oi;
		nk_handle_desc_t oj;
		int pfd[2];
		struct stat st_sent, st_back;

		if (pipe(pfd))
			throw std::runtime_error("pipe");
		p->Scalars(-128 + 1, -2, INT32_MIN + 1, INT64_MIN + 1, 254, 65534, 0xfffffffe,
			   0xfffffffffffffffeull, 'a', nk_handle_desc(pfd[0], OCAP_FILE_READ), oa, ob, oc,
			   od, oe, of, og, oh, oi, oj);
		ok(oa == -126 && ob == -1 && oc == INT32_MIN + 2 && od == INT64_MIN + 2 && oe == 255 &&
		   of == 65535 && og == 0xffffffffu && oh == 0xffffffffffffffffull && oi == 'b' &&
		   nk_handle_desc_is_set(&oj) && static_cast<int>(oj.handle) != pfd[0] &&
		   !fstat(static_cast<int>(oj.handle), &st_back) && !fstat(pfd[0], &st_sent) &&
		   st_back.st_ino == st_sent.st_ino &&
		   oj.rights == (OCAP_FILE_READ | OCAP_HANDLE_TRANSFER),
		   "riid %u: Scalars: every integer type, Char, and a Handle there and back (a new fd "
		   "of the same pipe)", riid);
		if (nk_handle_desc_is_set(&oj))
			close(static_cast<int>(oj.handle));
		close(pfd[0]);
		close(pfd[1]);

		std::string joined;
		std::uint32_t len = 0;
		p->Strings("0123456789abcdef", std::string(31, 'n'), joined, len);
		ok(joined == "0123456789abcdef/" + std::string(31, 'n') && len == 48,
		   "riid %u: Strings: string<16> and string<48> at their bounds", riid);
		try {
			p->Strings("0123456789abcdef", std::string(32, 'n'), joined, len);
			ok(false, "riid %u: an out string<48> of 49 throws", riid);
		} catch (const kosipc::Exception &e) {
			ok(e.GetRetcode() == rcBufferTooLarge,
			   "riid %u: the server's string<48> of 49: rcBufferTooLarge at the client", riid);
		}
		p->Strings("", "", joined, len);
		ok(joined == "/" && len == 1, "riid %u: Strings: empty strings", riid);

		std::vector<std::byte> data, rev;
		for (int k = 0; k < 64; k++)
			data.push_back(static_cast<std::byte>(k * 3));
		p->Blobs(data, rev);
		ok(rev.size() == 64 && rev[0] == std::byte{ 189 } && rev[63] == std::byte{ 0 },
		   "riid %u: Blobs: bytes<64> full", riid);
		p->Blobs({}, rev);
		ok(rev.empty(), "riid %u: Blobs: empty bytes", riid);

		std::vector<std::uint64_t> squares;
		std::vector<std::string> upper;
		p->Seqs({ 1, 2, 3, 65535, 0, 7, 8, 9 }, { "ab", "", "xyz", "12345678" }, squares, upper);
		ok(squares == std::vector<std::uint64_t>({ 1, 4, 9, 4294836225ull, 0, 49, 64, 81 }) &&
		   upper == std::vector<std::string>({ "AB", "", "XYZ", "12345678" }),
		   "riid %u: Seqs: sequence<UInt32,8>, sequence<string<8>,4> full", riid);

		std::array<std::uint16_t, 3> ra{};
		std::array<Point, 2> pts{};
		p->Arrays({ 1, 2, 65535 }, { "abcd", "" }, ra, pts);
		ok(ra == (std::array<std::uint16_t, 3>{ 65535, 2, 1 }) && pts[0] == (Point{ 0, 4 }) &&
		   pts[1] == (Point{ 1, 0 }), "riid %u: Arrays: array of UInt16, of string, of struct", riid);

		Entry copy;
		std::uint32_t count = 0;
		p->Structs(sample_entry(5), { sample_entry(1), sample_entry(2), sample_entry(3) }, copy, count);
		Entry want = sample_entry(5);
		want.stamp += 3;
		ok(copy == want && count == 3, "riid %u: Structs: struct with string, bytes, array, Handle; sequence of structs", riid);

		bool all = true;
		for (const Value &v : { Value(std::in_place_index<0>, std::uint8_t{ 200 }),
					Value(std::in_place_index<1>, std::uint64_t{ 1ull << 63 }),
					Value(std::in_place_index<2>, std::string(32, 'u')),
					Value(std::in_place_index<3>, Point{ -1, 1 }) }) {
			Value back;
			p->Unions(v, back);
			all &= back == v;
		}
		ok(all, "riid %u: Unions: std::variant, each alternative", riid);

		std::uint32_t never = 0;
		p->Fails(0, never);
		ok(never == 7, "riid %u: Fails(0): normal response", riid);
		try {
			p->Fails(5, never);
			ok(false, "riid %u: Fails(5) throws FailsError", riid);
		} catch (const All::FailsError &e) {
			ok(e.reason == 5 && e.why == "code 5", "riid %u: Fails(5): error parameters in FailsError", riid);
		}
		try {
			p->Fails(98, never);
			ok(false, "riid %u: Fails(98) throws", riid);
		} catch (const All::FailsError &) {
			ok(false, "riid %u: Fails(98) is no error response", riid);
		} catch (const kosipc::Exception &e) {
			ok(e.GetRetcode() == rcBusy, "riid %u: server kosipc::Exception(rcBusy) -> client rcBusy", riid);
		}
		try {
			p->Fails(99, never);
			ok(false, "riid %u: Fails(99) throws", riid);
		} catch (const kosipc::Exception &e) {
			ok(e.GetRetcode() == rcFail, "riid %u: server std::runtime_error -> client rcFail", riid);
		}
		int before = impl.nothing;
		p->Nothing();
		ok(impl.nothing == before + 1, "riid %u: Nothing()", riid);
	}

	/* values outside their IDL bounds never leave the client */
	auto p = app.MakeProxy<All>(kosipc::ClientConnection(&loop.lt.base, 0));
	std::string joined;
	std::uint32_t len;
	try {
		p->Strings(std::string(17, 's'), "", joined, len);
		ok(false, "string<16> with 17 characters throws");
	} catch (const kosipc::Exception &e) {
		ok(e.GetRetcode() == rcBufferTooLarge, "string<16> with 17 characters: rcBufferTooLarge");
	}
	std::vector<std::uint64_t> squares;
	std::vector<std::string> upper;
	try {
		p->Seqs(std::vector<std::uint32_t>(9), {}, squares, upper);
		ok(false, "sequence<UInt32,8> with 9 elements throws");
	} catch (const kosipc::Exception &e) {
		ok(e.GetRetcode() == rcBufferTooLarge, "sequence<UInt32,8> with 9: rcBufferTooLarge");
	}
	try {
		p->Strings(std::string("a\0b", 3), "", joined, len);
		ok(false, "a string with a NUL throws");
	} catch (const kosipc::Exception &e) {
		ok(e.GetRetcode() == rcBufferTooLarge, "a string with a NUL inside is refused");
	}
	/* an unbound endpoint: NK_ENOENT from the dispatcher -> rcResourceNotFound */
	root.common_user = nullptr;
	auto q = app.MakeProxy<All>(kosipc::ClientConnection(&loop.lt.base, types_Server_common_user_iid));
	try {
		q->Nothing();
		ok(false, "unbound endpoint throws");
	} catch (const kosipc::Exception &e) {
		ok(e.GetRetcode() == rcResourceNotFound, "unbound endpoint: rcResourceNotFound");
	}
}
SCENARIO(cpp_roundtrip, test_cpp_roundtrip, 34)

/* The same call from the C proxy and from the C++ proxy: equal request bytes. */
static void test_request_bytes()
{
	AllImpl impl;
	kosipc::components::Root root;

	root.all = &impl;
	Loop loop(info_of(root));
	kosipc::Application app = kosipc::MakeApplicationAutodetect();
	auto p = app.MakeProxy<All>(kosipc::ClientConnection(&loop.rec.base, 0));
	struct types_All_proxy cp;

	types_All_proxy_init(&cp, &loop.rec.base, 0);

	/* Strings */
	{
		std::string joined;
		std::uint32_t len;
		p->Strings("hello", "world", joined, len);
		auto cxx_req = loop.rec.req, cxx_arena = loop.rec.req_arena;
		auto cxx_res = loop.rec.res, cxx_res_arena = loop.rec.res_arena;

		types_All_Strings_req req;
		types_All_Strings_res res;
		alignas(8) char qa[types_All_Strings_req_arena_size + 8] = { 0 };
		alignas(8) char sa[types_All_Strings_res_arena_size + 8] = { 0 };
		struct nk_arena a = nk_arena_create(qa, types_All_Strings_req_arena_size);
		struct nk_arena b = nk_arena_create(sa, types_All_Strings_res_arena_size);
		nk_ptr_t t;

		std::memset(&req, 0, sizeof(req));
		std::memset(&res, 0, sizeof(res));
		nk_arena_store(char, &a, &t, "hello", 6);
		req.s = t;
		nk_arena_store(char, &a, &t, "world", 6);
		req.n = t;
		nk_err_t rc = types_All_Strings_proxy(&cp, &req, &a, &res, &b);
		ok(rc == NK_EOK && loop.rec.req == cxx_req && loop.rec.req_arena == cxx_arena,
		   "Strings: C proxy request == C++ proxy request (%zu + %zu bytes)", cxx_req.size(),
		   cxx_arena.size());
		nk_ptr_t pj = res.res_.joined;
		nk_uint32_t n = 0;
		const char *j = nk_arena_get(char, &b, &pj, &n);
		ok(j && !std::strcmp(j, "hello/world") && res.res_.len == 11,
		   "Strings: the C proxy reads the C++ stub's response");
		dump("response", loop.rec.res, cxx_res);
		dump("response arena", loop.rec.res_arena, cxx_res_arena);
		ok(loop.rec.res == cxx_res && loop.rec.res_arena == cxx_res_arena,
		   "Strings: C++ stub response identical for both clients (padding zeroed)");
	}
	/* Seqs: nested chunks (sequence of strings) */
	{
		std::vector<std::uint64_t> squares;
		std::vector<std::string> upper;
		p->Seqs({ 3, 4 }, { "ab", "cde" }, squares, upper);
		auto cxx_req = loop.rec.req, cxx_arena = loop.rec.req_arena;

		types_All_Seqs_req req;
		types_All_Seqs_res res;
		alignas(8) char qa[types_All_Seqs_req_arena_size + 8] = { 0 };
		alignas(8) char sa[types_All_Seqs_res_arena_size + 8] = { 0 };
		struct nk_arena a = nk_arena_create(qa, types_All_Seqs_req_arena_size);
		struct nk_arena b = nk_arena_create(sa, types_All_Seqs_res_arena_size);
		nk_ptr_t t;
		const nk_uint32_t nums[] = { 3, 4 };

		std::memset(&req, 0, sizeof(req));
		std::memset(&res, 0, sizeof(res));
		nk_arena_store(nk_uint32_t, &a, &t, nums, 2);
		req.nums = t;
		nk_ptr_t *w = nk_arena_alloc(nk_ptr_t, &a, &t, 2);
		req.words = t;
		nk_arena_store(char, &a, &w[0], "ab", 3);
		nk_arena_store(char, &a, &w[1], "cde", 4);
		nk_err_t rc = types_All_Seqs_proxy(&cp, &req, &a, &res, &b);
		ok(rc == NK_EOK && loop.rec.req == cxx_req && loop.rec.req_arena == cxx_arena,
		   "Seqs: C proxy request == C++ proxy request (%zu + %zu bytes)", cxx_req.size(),
		   cxx_arena.size());
		nk_ptr_t ps = res.res_.squares;
		nk_uint32_t n = 0;
		const nk_uint64_t *sq = nk_arena_get(nk_uint64_t, &b, &ps, &n);
		ok(sq && n == 2 && sq[0] == 9 && sq[1] == 16, "Seqs: the C proxy reads the C++ stub's response");
	}
	/* Structs: a struct with chunks, a sequence of them */
	{
		Entry copy;
		std::uint32_t count;
		Entry e;
		e.key = "k";
		e.blob = { std::byte{ 9 } };
		e.stamp = 77;
		e.quad = { 5, 6, 7, 8 };
		e.h = nk_handle_desc();
		p->Structs(e, {}, copy, count);
		auto cxx_req = loop.rec.req, cxx_arena = loop.rec.req_arena;

		types_All_Structs_req req;
		types_All_Structs_res res;
		alignas(8) char qa[types_All_Structs_req_arena_size + 8] = { 0 };
		alignas(8) char sa[types_All_Structs_res_arena_size + 8] = { 0 };
		struct nk_arena a = nk_arena_create(qa, types_All_Structs_req_arena_size);
		struct nk_arena b = nk_arena_create(sa, types_All_Structs_res_arena_size);
		types_Common_Entry ce;
		const unsigned char blob[] = { 9 };

		std::memset(&req, 0, sizeof(req));
		std::memset(&res, 0, sizeof(res));
		std::memset(&ce, 0, sizeof(ce));
		nk_arena_store(char, &a, &ce.key, "k", 2);
		nk_arena_store(nk_uint8_t, &a, &ce.blob, blob, 1);
		ce.stamp = 77;
		ce.quad[0] = 5;
		ce.quad[1] = 6;
		ce.quad[2] = 7;
		ce.quad[3] = 8;
		ce.h = nk_handle_desc();
		req.e = ce;
		nk_ptr_t t;
		nk_arena_alloc(types_Common_Entry, &a, &t, 0);
		req.list = t;
		nk_err_t rc = types_All_Structs_proxy(&cp, &req, &a, &res, &b);
		ok(rc == NK_EOK && loop.rec.req == cxx_req && loop.rec.req_arena == cxx_arena,
		   "Structs: C proxy request == C++ proxy request (%zu + %zu bytes)", cxx_req.size(),
		   cxx_arena.size());
		types_Common_Entry back = res.res_.copy;
		ok(back.stamp == 77 && back.h.handle == NK_INVALID_HANDLE && back.quad[3] == 8, "Structs: the C proxy reads the C++ stub's response");
	}
}
SCENARIO(request_bytes, test_request_bytes, 7)

/* The same request to the C stub and to the C++ stub: equal response bytes. */
static void test_response_bytes()
{
	AllImpl impl;
	kosipc::components::Root root;

	root.all = &impl;
	Loop cxx(info_of(root));

	types_All_ops ops{};
	ops.Strings = c_strings;
	ops.Unions = c_unions;
	ops.Fails = c_fails;
	struct types_All c_all = { &ops };
	types_Server_entity entity;
	types_Server_entity_init(&entity, &c_all, &c_all);
	NkKosDispatchInfo cinfo = NK_ENTITY_DISPATCH_INFO_INITIALIZER(types_Server, entity);
	Loop c(cinfo);

	kosipc::Application app = kosipc::MakeApplicationAutodetect();
	auto pc = app.MakeProxy<All>(kosipc::ClientConnection(&c.rec.base, 0));
	auto px = app.MakeProxy<All>(kosipc::ClientConnection(&cxx.rec.base, 0));

	std::string j1, j2;
	std::uint32_t l1 = 0, l2 = 0;
	pc->Strings("abc", "defg", j1, l1);
	px->Strings("abc", "defg", j2, l2);
	ok(j1 == "abc/defg" && l1 == 8 && j1 == j2 && l1 == l2, "Strings: C++ proxy reads the C stub's response");
	ok(c.rec.req == cxx.rec.req && c.rec.req_arena == cxx.rec.req_arena &&
	   same_bytes(c.rec.res, cxx.rec.res, offsetof(types_All_Strings_res, res_.len) + 4) &&
	   c.rec.res_arena == cxx.rec.res_arena,
	   "Strings: C stub response == C++ stub response (%zu + %zu bytes)", c.rec.res.size(),
	   c.rec.res_arena.size());

	bool same = true, equal = true;
	for (const Value &v : { Value(std::in_place_index<0>, std::uint8_t{ 1 }),
				Value(std::in_place_index<1>, std::uint64_t{ 99 }),
				Value(std::in_place_index<2>, std::string("text")),
				Value(std::in_place_index<3>, Point{ 3, -3 }) }) {
		Value b1, b2;
		pc->Unions(v, b1);
		px->Unions(v, b2);
		equal &= b1 == v && b2 == v;
		same &= same_bytes(c.rec.res, cxx.rec.res, sizeof(types_All_Unions_res)) &&
			c.rec.res_arena == cxx.rec.res_arena;
	}
	ok(equal, "Unions: C++ proxy reads the C stub's response, each alternative");
	ok(same, "Unions: C stub response == C++ stub response, each alternative");

	std::uint32_t never;
	std::uint32_t r1 = 0, r2 = 0;
	std::string w1, w2;
	try {
		pc->Fails(12, never);
	} catch (const All::FailsError &e) {
		r1 = e.reason;
		w1 = e.why;
	}
	try {
		px->Fails(12, never);
	} catch (const All::FailsError &e) {
		r2 = e.reason;
		w2 = e.why;
	}
	ok(r1 == 12 && w1 == "code 12" && r1 == r2 && w1 == w2,
	   "Fails: the C stub's error response decodes to FailsError");
	ok(same_bytes(c.rec.res, cxx.rec.res, offsetof(types_All_Fails_err, why) + 8) &&
	   c.rec.res_arena == cxx.rec.res_arena,
	   "Fails: C stub error response == C++ stub error response (%zu + %zu bytes)", c.rec.res.size(),
	   c.rec.res_arena.size());

	/* methods the C implementation leaves NULL: NK_ENOENT -> rcResourceNotFound */
	try {
		pc->Nothing();
		ok(false, "C stub without Nothing: throws");
	} catch (const kosipc::Exception &e) {
		ok(e.GetRetcode() == rcResourceNotFound, "C stub without Nothing: rcResourceNotFound");
	}
}
SCENARIO(response_bytes, test_response_bytes, 7)

/* A malformed response (C structure check in the C proxy) never reaches the caller. */
static nk_err_t bad_call(struct nk_transport *, struct nk_message *, const struct nk_arena *,
			 struct nk_message *res, struct nk_arena *sa)
{
	types_All_Strings_res *r = reinterpret_cast<types_All_Strings_res *>(res);

	nk_req_reset(r);
	r->res_.len = 3;
	nk_ptr_t p;
	p.offset = 0;
	p.size = 4;
	r->res_.joined = p;	/* points past the (empty) arena */
	(void)sa;
	return NK_EOK;
}

static void test_bad_response()
{
	static const struct nk_transport_ops bad_ops = { bad_call, nullptr, nullptr, nullptr };
	struct nk_transport bad = { &bad_ops };
	kosipc::Application app = kosipc::MakeApplicationPureClient();
	auto p = app.MakeProxy<All>(kosipc::ClientConnection(&bad, 0));
	std::string j;
	std::uint32_t l;

	try {
		p->Strings("a", "b", j, l);
		ok(false, "a response with a chunk outside the arena throws");
	} catch (const kosipc::Exception &e) {
		ok(std::string(e.what()).find("IPC call failed") != std::string::npos,
		   "a response with a chunk outside the arena: the call fails (%s)", e.what());
	}
	try {
		app.MakeEventLoop(kosipc::Service([]() {}));
		ok(false, "a pure client makes no event loop");
	} catch (const kosipc::Exception &e) {
		ok(e.GetRetcode() == rcUnimplemented, "a pure client makes no event loop (rcUnimplemented)");
	}
}
SCENARIO(bad_response, test_bad_response, 2)

/* ServiceList and SimpleConnectionAcceptor: groups, custom names (no kernel needed). */
static void test_service_list()
{
	AllImpl i1, i2, i3;
	kosipc::components::Root group_1, group_2;
	kosipc::Application app = kosipc::MakeApplicationAutodetect();

	group_1.all = &i1;
	group_1.common_user = &i2;
	group_2.all = &i3;
	/* registered with the dynamic-channel machinery; served only by Run() */
	kosipc::EventLoop l1 = app.MakeEventLoop(ServeDynamicChannel(group_1));
	kosipc::EventLoop l2 = app.MakeEventLoop(ServeDynamicChannel(group_2));
	kosipc::ServiceList endpoints;

	endpoints.AddServices(group_1);
	endpoints.AddServices(group_2.all, "SomeCustomEndpointName");
	const auto &e = endpoints.Entries();
	ok(e.size() == 3 && e[0].name == "all" && e[0].impl == &i1 && e[1].name == "common_user" &&
	   e[1].impl == &i2 && e[2].name == "SomeCustomEndpointName" && e[2].impl == &i3 &&
	   e[2].iface == "types.All", "ServiceList: AddServices(root) by qualified names, AddServices(ep, name)");
	kosipc::ServiceList byname;
	byname.AddServices(group_1.common_user);
	ok(byname.Entries().size() == 1 && byname.Entries()[0].name == "common_user",
	   "ServiceList: AddServices(ep) takes the endpoint's name in its served Root");
	AllImpl stray;
	try {
		byname.AddServices(static_cast<All *>(&stray));
		ok(false, "ServiceList: an endpoint of no served Root without a name throws");
	} catch (const kosipc::Exception &ex) {
		ok(ex.GetRetcode() == rcResourceNotFound,
		   "ServiceList: an endpoint of no served Root without a name: rcResourceNotFound");
	}
	try {
		byname.AddServices(static_cast<All *>(nullptr), "x");
		ok(false, "ServiceList: an unbound endpoint throws");
	} catch (const kosipc::Exception &ex) {
		ok(ex.GetRetcode() == rcInvalidArgument, "ServiceList: an unbound endpoint: rcInvalidArgument");
	}
	kosipc::SimpleConnectionAcceptor acceptor(std::move(endpoints));
	ok(acceptor.OnConnectionRequest("c", "all") &&
	   acceptor.OnConnectionRequest("c", "SomeCustomEndpointName") &&
	   !acceptor.OnConnectionRequest("c", "common_user.x") && !acceptor.OnConnectionRequest("c", ""),
	   "SimpleConnectionAcceptor: accepts exactly the names of its list");
	kosipc::SimpleConnectionAcceptor from_root(group_2);
	ok(from_root.GetServices().Entries().size() == 1 && from_root.OnConnectionRequest("c", "all") &&
	   !from_root.OnConnectionRequest("c", "common_user"),
	   "SimpleConnectionAcceptor(root): the bound endpoints of root");
}
SCENARIO(service_list, test_service_list, 6)

SCENARIO_STATE;

int main()
{
	TCase *tc = tcase_create("types");

	SCENARIO_ADD(tc, cpp_roundtrip);
	SCENARIO_ADD(tc, request_bytes);
	SCENARIO_ADD(tc, response_bytes);
	SCENARIO_ADD(tc, bad_response);
	SCENARIO_ADD(tc, service_list);
	return scenario_main("kosipc", tc);
}
