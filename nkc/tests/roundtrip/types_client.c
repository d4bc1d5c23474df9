// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * types_client.c - drives the generated types.All proxy into the generated
 * types.Server dispatcher over the loop transport, one method per
 * parameter kind, and checks every value that comes back.
 */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <services/ocap.h>
#include <types/Server.edl.h>
#include <nk/transport-loopback.h>

#include "loop.h"
#include "rt.h"

static struct types_Server_entity entity;
static struct loop lt;
static struct nk_transport *transport;	/* lt.base or libnkos's loopback */
static int with_handles;	/* libnkos's loopback carries handles, loop.c none */
static int pipe_fds[2];

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

/* Non-zero if @d holds a new fd for the same file as @fd. */
static int same_file(const nk_handle_desc_t *d, int fd)
{
	struct stat a, b;

	return nk_handle_desc_is_set(d) && (int)d->handle != fd &&
	       !fstat((int)d->handle, &a) && !fstat(fd, &b) && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}
static struct types_All_proxy proxy;
static _Alignas(8) char req_buf[types_All_req_arena_size];
static _Alignas(8) char res_buf[types_All_res_arena_size];
static struct nk_arena req_arena, res_arena;

static void fresh(void)
{
	nk_arena_init(&req_arena, req_buf, req_buf + sizeof(req_buf));
	nk_arena_init(&res_arena, res_buf, res_buf + sizeof(res_buf));
}

static void scalars(void)
{
	struct types_All_Scalars_req req;
	struct types_All_Scalars_res res;

	fresh();
	memset(&req, 0, sizeof(req));
	req.a = -100; req.b = -30000; req.c = -2000000000; req.d = -9000000000000000000LL;
	req.e = 200; req.f = 60000; req.g = 4000000000u; req.h = 18000000000000000000ULL;
	req.i = 'q';
	req.j = with_handles ? nk_handle_desc(pipe_fds[0], OCAP_FILE_READ) : nk_handle_desc();
	int fds = open_fds();

	ok(types_All_Scalars(&proxy.base, &req, NK_NULL, &res, NK_NULL) == NK_EOK,
	   "Scalars: call succeeds without arenas");
	ok(req.base_.ncaps == (with_handles ? 1 : 0), "Scalars: ncaps counts the handles sent");
	if (with_handles) {
		ok(same_file(&res.oj, pipe_fds[0]) &&
		   res.oj.rights == (OCAP_FILE_READ | OCAP_HANDLE_TRANSFER) &&
		   fcntl(pipe_fds[0], F_GETFD) >= 0,
		   "Scalars: a Handle goes there and back as a new fd of the same file, the "
		   "sender keeps its own");
		ok(open_fds() == fds + 1, "Scalars: one new fd, the server's copy was moved");
		close((int)res.oj.handle);
	} else {
		ok(res.oj.handle == NK_INVALID_HANDLE && res.oj.rights == 0,
		   "Scalars: a Handle field carrying none arrives as none");
	}
	ok(res.oa == -101 && res.ob == -30001 && res.oc == -2000000001 &&
	   res.od == -9000000000000000001LL, "Scalars: signed values round-trip");
	ok(res.oe == 201 && res.of == 60001 && res.og == 4000000001u &&
	   res.oh == 18000000000000000001ULL, "Scalars: unsigned values round-trip");
	ok(res.oi == 'Q', "Scalars: Char round-trips");
	ok(res.res_.og == res.og, "res.x and res.res_.x are the same field");
	ok(req.base_.mid == types_All_Scalars_mid && req.base_.iid == types_Server_all_iid,
	   "the proxy set iid and mid in the request header");
}

static void strings(void)
{
	struct types_All_Strings_req req;
	struct types_All_Strings_res res;
	nk_uint32_t n;

	fresh();
	ok(!nk_arena_store(char, &req_arena, &req.s, "left", 5) &&
	   !nk_arena_store(char, &req_arena, &req.n, "right", 6), "Strings: request arena filled");
	ok(types_All_Strings(&proxy.base, &req, &req_arena, &res, &res_arena) == NK_EOK,
	   "Strings: call succeeds");
	const char *j = nk_arena_get(char, &res_arena, &res.joined, &n);

	ok(j && !strcmp(j, "left/right") && res.len == 10 && n == 11,
	   "Strings: string out parameter round-trips (%s)", j ? j : "NULL");
	ok(types_All_Strings_req_s_size == 17 && types_All_Strings_res_joined_size == 49,
	   "string<N> size constants include the NUL");
}

static void blobs(void)
{
	struct types_All_Blobs_req req;
	struct types_All_Blobs_res res;
	nk_uint8_t data[64];
	nk_uint32_t n;

	fresh();
	for (int i = 0; i < 64; i++)
		data[i] = (nk_uint8_t)i;
	nk_arena_store(nk_uint8_t, &req_arena, &req.data, data, 64);
	ok(types_All_Blobs(&proxy.base, &req, &req_arena, &res, &res_arena) == NK_EOK,
	   "Blobs: call succeeds with a full bytes<64>");
	const nk_uint8_t *r = nk_arena_get(nk_uint8_t, &res_arena, &res.reversed, &n);

	ok(r && n == 64 && r[0] == 63 && r[63] == 0, "Blobs: bytes round-trip");

	fresh();
	nk_arena_store(nk_uint8_t, &req_arena, &req.data, data, 0);
	ok(types_All_Blobs(&proxy.base, &req, &req_arena, &res, &res_arena) == NK_EOK &&
	   res.reversed.size == 0, "Blobs: empty bytes round-trip");
}

static void seqs(void)
{
	struct types_All_Seqs_req req;
	struct types_All_Seqs_res res;
	nk_uint32_t nums[8] = { 1, 2, 3, 4, 5, 6, 7, 65536 };
	const char *words[4] = { "a", "bc", "def", "ghij" };
	nk_ptr_t *wp;
	nk_size_t n;

	fresh();
	nk_arena_store(nk_uint32_t, &req_arena, &req.nums, nums, 8);
	wp = nk_arena_alloc(nk_ptr_t, &req_arena, &req.words, 4);
	for (int i = 0; i < 4; i++)
		nk_arena_store(char, &req_arena, &wp[i], words[i], strlen(words[i]) + 1);
	ok(types_All_Seqs(&proxy.base, &req, &req_arena, &res, &res_arena) == NK_EOK,
	   "Seqs: call succeeds with full sequences");
	const nk_uint64_t *sq = nk_arena_get(nk_uint64_t, &res_arena, &res.squares, &n);

	ok(sq && n == 8 && sq[0] == 1 && sq[7] == 4294967296ULL,
	   "Seqs: sequence<UInt64> round-trips");
	const nk_ptr_t *up = nk_arena_get(nk_ptr_t, &res_arena, &res.upper, &n);
	int good = up && n == 4;

	for (nk_size_t i = 0; good && i < 4; i++) {
		nk_uint32_t len;
		const char *s = nk_arena_get(char, &res_arena, &up[i], &len);

		good = s && len == strlen(words[i]) + 1 && s[0] == words[i][0] - 32;
	}
	ok(good, "Seqs: sequence<string> (chunks of chunks) round-trips");
	ok(types_All_Seqs_req_nums_size == 8 && types_All_Seqs_req_words_size == 4 &&
	   types_All_Seqs_req_words_elem_size == 9,
	   "size constants count elements as nk-gen-c does (string<N>: N+1)");
}

static void arrays(void)
{
	struct types_All_Arrays_req req;
	struct types_All_Arrays_res res;

	fresh();
	req.a[0] = 1; req.a[1] = 2; req.a[2] = 65535;
	nk_arena_store(char, &req_arena, &req.names[0], "abcd", 5);
	nk_arena_store(char, &req_arena, &req.names[1], "x", 2);
	ok(types_All_Arrays(&proxy.base, &req, &req_arena, &res, &res_arena) == NK_EOK,
	   "Arrays: call succeeds");
	ok(res.rev[0] == 65535 && res.rev[2] == 1, "Arrays: array<UInt16> round-trips");
	ok(res.pts[0].x == 4 && res.pts[1].x == 1 && res.pts[1].y == -1,
	   "Arrays: array<string> in, array<struct> out");
}

static void structs(void)
{
	struct types_All_Structs_req req;
	struct types_All_Structs_res res;
	types_Common_Entry *list;
	nk_uint32_t n;

	fresh();
	memset(&req, 0, sizeof(req));
	nk_arena_store(char, &req_arena, &req.e.key, "key", 4);
	nk_arena_store(nk_uint8_t, &req_arena, &req.e.blob, "\x01\x02\x03", 3);
	req.e.stamp = 0x1122334455667788ULL;
	req.e.quad[3] = 9;
	req.e.h = with_handles ? nk_handle_desc(pipe_fds[0]) : nk_handle_desc();
	list = nk_arena_alloc(types_Common_Entry, &req_arena, &req.list, 3);
	ok(list != NK_NULL, "Structs: sequence<struct> chunk allocated");
	for (int i = 0; list && i < 3; i++) {
		memset(&list[i], 0, sizeof(list[i]));
		nk_arena_store(char, &req_arena, &list[i].key, "ab", 3);
		nk_arena_store(nk_uint8_t, &req_arena, &list[i].blob, "", 0);
		list[i].stamp = (nk_uint64_t)i;
		if (with_handles && i == 1)	/* a handle inside a sequence element */
			list[i].h = nk_handle_desc(pipe_fds[1], OCAP_FILE_WRITE);
	}
	int fds = open_fds();

	ok(types_All_Structs(&proxy.base, &req, &req_arena, &res, &res_arena) == NK_EOK,
	   "Structs: call succeeds");
	const char *k = nk_arena_get(char, &res_arena, &res.copy.key, &n);
	const nk_uint8_t *b = nk_arena_get(nk_uint8_t, &res_arena, &res.copy.blob, &n);

	ok(k && !strcmp(k, "key") && b && n == 3 && b[2] == 3 &&
	   res.copy.stamp == 0x1122334455667788ULL && res.copy.quad[3] == 9,
	   "Structs: struct with variable-size fields round-trips");
	if (with_handles) {
		char c = 0;

		ok(req.base_.ncaps == 2 && same_file(&res.copy.h, pipe_fds[0]) &&
		   read(pipe_fds[0], &c, 1) == 1 && c == 's' && open_fds() == fds + 1,
		   "Structs: handles in a struct and in a sequence element reach the server, "
		   "one comes back, nothing leaks");
		close((int)res.copy.h.handle);
	}
	ok(res.count == 3 + 3 * 200 + 0 + 1 + 2,
	   "Structs: sequence of structs with chunks reached the server (%u)", res.count);
}

static void unions(void)
{
	struct types_All_Unions_req req;
	struct types_All_Unions_res res;
	nk_uint32_t n;

	fresh();
	memset(&req, 0, sizeof(req));
	req.v.nk_tag = types_Common_Value_small_tag;
	req.v.small = 21;
	ok(types_All_Unions(&proxy.base, &req, NK_NULL, &res, &res_arena) == NK_EOK &&
	   res.back.nk_tag == types_Common_Value_wide_tag && res.back.wide == 42,
	   "Unions: scalar member round-trips");
	req.v.nk_tag = types_Common_Value_pt_tag;
	req.v.pt.x = 1;
	req.v.pt.y = 2;
	ok(types_All_Unions(&proxy.base, &req, NK_NULL, &res, &res_arena) == NK_EOK &&
	   res.back.pt.x == 2 && res.back.pt.y == 1, "Unions: struct member round-trips");
	fresh();
	req.v.nk_tag = types_Common_Value_text_tag;
	nk_arena_store(char, &req_arena, &req.v.text, "mixed", 6);
	ok(types_All_Unions(&proxy.base, &req, &req_arena, &res, &res_arena) == NK_EOK,
	   "Unions: string member call succeeds");
	const char *s = nk_arena_get(char, &res_arena, &res.back.text, &n);

	ok(s && !strcmp(s, "MIXED"), "Unions: string member round-trips");
}

static void fails(void)
{
	struct types_All_Fails_req req;
	struct types_All_Fails_res res;
	nk_uint32_t n;

	for (nk_uint32_t code = 0; code < 3; code++) {
		fresh();
		req.code = code;
		ok(types_All_Fails(&proxy.base, &req, NK_NULL, &res, &res_arena) == NK_EOK,
		   "Fails(%u): call succeeds", code);
		if (!code) {
			ok(!nk_msg_check_err(&res.base_) && res.never == 7,
			   "Fails(0): a normal response");
			continue;
		}
		const char *why = nk_arena_get(char, &res_arena, &res.err_.why, &n);

		ok(nk_msg_check_err(&res.base_) && res.err_.reason == code * 10 && why &&
		   !strcmp(why, "code rejected"),
		   "Fails(%u): error parameters round-trip (%s reset)", code,
		   code == 1 ? "err_" : "whole res");
	}
}

static void nothing(void)
{
	struct types_All_Nothing_req req;
	struct types_All_Nothing_res res;
	struct types_All_proxy other;

	ok(types_All_Nothing(&proxy.base, &req, NK_NULL, &res, NK_NULL) == NK_EOK &&
	   sizeof(req) == sizeof(struct nk_message), "Nothing: empty request round-trips");
	types_All_proxy_init(&other, transport, types_Server_common_user_iid);
	ok(types_All_Nothing(&other.base, &req, NK_NULL, &res, NK_NULL) == NK_ENOENT,
	   "a method the ops table leaves NULL gives NK_ENOENT");
	types_All_proxy_init(&other, transport, types_Server_iidMax);
	ok(types_All_Nothing(&other.base, &req, NK_NULL, &res, NK_NULL) == NK_ENOENT,
	   "an unknown riid gives NK_ENOENT");
}

/* A server answering with a string chunk outside its arena. */
static void bad_string_out(struct nk_message *res, struct nk_arena *arena)
{
	struct types_All_Strings_res *r = (struct types_All_Strings_res *)(void *)res;

	(void)arena;
	r->joined.offset = res->arena_size;
}

static void bad_response(void)
{
	struct types_All_Strings_req req;
	struct types_All_Strings_res res;

	fresh();
	nk_arena_store(char, &req_arena, &req.s, "a", 2);
	nk_arena_store(char, &req_arena, &req.n, "b", 2);
	lt.tamper_res = bad_string_out;
	ok(types_All_Strings(&proxy.base, &req, &req_arena, &res, &res_arena) == NK_EBADMSG,
	   "the proxy rejects a response whose chunk lies outside the arena");
	lt.tamper_res = NK_NULL;
}

static void run_all(void)
{
	scalars();
	strings();
	blobs();
	seqs();
	arrays();
	structs();
	unions();
	fails();
	nothing();
}

void test_types(void)
{
	types_server_init(&entity);
	loop_init(&lt, types_dispatch, &entity);
	transport = &lt.base;
	types_All_proxy_init(&proxy, transport, types_Server_all_iid);
	run_all();
	bad_response();
}

/* The same calls over libnkos's loopback transport and its dispatch info. */
void test_types_loopback(void)
{
	struct nk_loopback_transport lb;

	types_server_init(&entity);
	ok(nk_loopback_transport_init(&lb, &NK_KOS_DISPATCH_INFO(types_Server, &entity)) == NK_EOK,
	   "libnkos loopback transport over NK_KOS_DISPATCH_INFO(types_Server, ...)");
	transport = &lb.base;
	types_All_proxy_init(&proxy, transport, types_Server_all_iid);
	ok(!pipe(pipe_fds), "a pipe to send");
	with_handles = 1;
	run_all();
	with_handles = 0;
	close(pipe_fds[0]);
	close(pipe_fds[1]);
}
