// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * malformed.c - requests whose constant part or arena chunks do not fit the
 * method must be rejected by the generated dispatcher with NK_EBADMSG
 * before the implementation runs.  Each case starts from a valid request
 * (checked to be accepted) and breaks one thing.
 */
#include <string.h>

#include <types/Server.edl.h>

#include "rt.h"

static struct types_Server_entity entity;
static _Alignas(8) char arena_buf[4096];
static _Alignas(8) char res_buf[4096];
static types_Server_entity_res res;

/* Dispatches @req (its header's arena_size set from @arena); returns the
 * dispatcher's status and whether the implementation ran. */
static nk_err_t send(void *req, nk_uint16_t mid, nk_uint32_t size, struct nk_arena *arena,
		     int *ran)
{
	struct nk_message *m = req;
	struct nk_arena out = NK_ARENA_INITIALIZER(res_buf, res_buf + sizeof(res_buf));
	int before = types_impl_calls;
	nk_err_t rc;

	m->iid = types_Server_all_iid;
	m->mid = mid;
	m->size = size;
	if (arena && !m->arena_size)
		m->arena_size = (nk_uint32_t)nk_arena_allocated_size(arena);
	rc = types_Server_entity_dispatch(&entity, m, arena, &res.base_, &out);
	*ran = types_impl_calls != before;
	return rc;
}

#define REJECTS(req, mid, size, arena, what) do {				\
	int ran_;								\
	nk_err_t rc_ = send((req), (mid), (size), (arena), &ran_);		\
	ok(rc_ == NK_EBADMSG && !ran_, "NK_EBADMSG: %s (got %d)", what, rc_);	\
} while (0)

#define ACCEPTS(req, mid, size, arena, what) do {				\
	int ran_;								\
	nk_err_t rc_ = send((req), (mid), (size), (arena), &ran_);		\
	ok(rc_ == NK_EOK && ran_, "accepted: %s (got %d)", what, rc_);		\
} while (0)

static struct nk_arena arena(void)
{
	struct nk_arena a;

	nk_arena_init(&a, arena_buf, arena_buf + sizeof(arena_buf));
	return a;
}

static void strings(void)
{
	struct types_All_Strings_req req;
	struct nk_arena a = arena();
	const nk_uint16_t mid = types_All_Strings_mid;
	const nk_uint32_t sz = sizeof(req);

	memset(&req, 0, sizeof(req));
	nk_arena_store(char, &a, &req.s, "0123456789abcdef", 17);	/* exactly string<16> */
	nk_arena_store(char, &a, &req.n, "n", 2);
	ACCEPTS(&req, mid, sz, &a, "a string of exactly its bound");
	req.base_.arena_size = 0;
	REJECTS(&req, mid, sz - 8, &a, "constant part too short");
	req.base_.arena_size = 0;
	REJECTS(&req, mid, sz + 8, &a, "constant part too long");
	req.base_.arena_size = 0;
	REJECTS(&req, mid, sz, NK_NULL, "a string but no arena");

	req.base_.arena_size = 0;
	req.s.offset = 4000;
	REJECTS(&req, mid, sz, &a, "chunk offset outside the arena");
	req.base_.arena_size = 0;
	req.s.offset = 0;
	req.s.size = 0xffffffffu;
	REJECTS(&req, mid, sz, &a, "chunk size wrapping around");
	req.base_.arena_size = 0;
	req.s.size = 17;
	arena_buf[16] = 'x';
	REJECTS(&req, mid, sz, &a, "string without a NUL");
	req.base_.arena_size = 0;
	arena_buf[3] = 0;	/* a NUL inside, but the chunk does not end with it */
	REJECTS(&req, mid, sz, &a, "string that does not end with its NUL");
	req.base_.arena_size = 0;
	arena_buf[3] = '3';
	arena_buf[16] = 0;
	req.s.size = 0;
	REJECTS(&req, mid, sz, &a, "empty string chunk (no NUL)");

	/* a string<16> of 17 characters: NUL within the chunk but past the bound */
	a = arena();
	memset(&req, 0, sizeof(req));
	nk_arena_store(char, &a, &req.s, "0123456789abcdefg", 18);
	nk_arena_store(char, &a, &req.n, "n", 2);
	REJECTS(&req, mid, sz, &a, "string longer than its bound");

	a = arena();
	nk_arena_store(char, &a, &req.s, "ok", 3);
	nk_arena_store(char, &a, &req.n, "n", 2);
	req.base_.arena_size = (nk_uint32_t)sizeof(arena_buf) + 8;
	ACCEPTS(&req, mid, sz, &a, "the header's arena_size is not what bounds chunks");
	req.base_.arena_size = 0;
	a.current = a.end + 1;
	REJECTS(&req, mid, sz, &a, "an arena whose current lies past its end");
	a.current = a.start + 3;	/* "ok\0" handed over, "n\0" not */
	REJECTS(&req, mid, sz, &a, "a chunk past the used part of the arena");
}

static void blobs_and_seqs(void)
{
	struct types_All_Blobs_req b;
	struct types_All_Seqs_req s;
	struct nk_arena a = arena();
	nk_uint8_t data[65] = { 0 };
	nk_uint32_t nums[9] = { 0 };
	nk_ptr_t *w;

	memset(&b, 0, sizeof(b));
	nk_arena_store(nk_uint8_t, &a, &b.data, data, 65);
	REJECTS(&b, types_All_Blobs_mid, sizeof(b), &a, "bytes<64> holding 65 bytes");

	a = arena();
	memset(&s, 0, sizeof(s));
	nk_arena_store(nk_uint32_t, &a, &s.nums, nums, 8);
	w = nk_arena_alloc(nk_ptr_t, &a, &s.words, 2);
	nk_arena_store(char, &a, &w[0], "one", 4);
	nk_arena_store(char, &a, &w[1], "two", 4);
	ACCEPTS(&s, types_All_Seqs_mid, sizeof(s), &a, "full sequence<UInt32, 8>");

	s.base_.arena_size = 0;
	s.nums.size = 9 * 4;
	REJECTS(&s, types_All_Seqs_mid, sizeof(s), &a, "sequence with more elements than its bound");
	s.base_.arena_size = 0;
	s.nums.size = 7;
	REJECTS(&s, types_All_Seqs_mid, sizeof(s), &a, "sequence size not a multiple of the element");
	s.base_.arena_size = 0;
	s.nums.size = 8;
	s.nums.offset += 2;
	REJECTS(&s, types_All_Seqs_mid, sizeof(s), &a, "sequence chunk misaligned for its elements");
	s.base_.arena_size = 0;
	s.nums.offset -= 2;
	w[1].offset = 4090;
	REJECTS(&s, types_All_Seqs_mid, sizeof(s), &a, "a string inside a sequence is outside the arena");
	s.base_.arena_size = 0;
	w[1].offset = w[0].offset;
	w[1].size = 3;	/* "one" without its NUL */
	REJECTS(&s, types_All_Seqs_mid, sizeof(s), &a, "a string inside a sequence has no NUL");
}

static void arrays_structs_unions(void)
{
	struct types_All_Arrays_req ar;
	struct types_All_Structs_req st;
	struct types_All_Unions_req un;
	struct nk_arena a = arena();
	types_Common_Entry *list;

	memset(&ar, 0, sizeof(ar));
	nk_arena_store(char, &a, &ar.names[0], "abcd", 5);
	nk_arena_store(char, &a, &ar.names[1], "abcde", 6);
	REJECTS(&ar, types_All_Arrays_mid, sizeof(ar), &a, "array<string<4>> element too long");

	a = arena();
	memset(&st, 0, sizeof(st));
	nk_arena_store(char, &a, &st.e.key, "k", 2);
	nk_arena_store(nk_uint8_t, &a, &st.e.blob, "12345678", 8);
	list = nk_arena_alloc(types_Common_Entry, &a, &st.list, 1);
	memset(list, 0, sizeof(*list));
	nk_arena_store(char, &a, &list->key, "k", 2);
	ACCEPTS(&st, types_All_Structs_mid, sizeof(st), &a, "struct with chunks");
	st.base_.arena_size = 0;
	st.e.blob.size = 9;
	REJECTS(&st, types_All_Structs_mid, sizeof(st), &a, "struct field bytes<8> holding 9");
	st.base_.arena_size = 0;
	st.e.blob.size = 8;
	list->key.offset = 5000;
	REJECTS(&st, types_All_Structs_mid, sizeof(st), &a, "struct inside a sequence with a bad chunk");

	a = arena();
	memset(&un, 0, sizeof(un));
	un.v.nk_tag = 4;
	REJECTS(&un, types_All_Unions_mid, sizeof(un), NK_NULL, "union tag out of range");
	un.v.nk_tag = types_Common_Value_text_tag;
	un.v.text.offset = 0;
	un.v.text.size = 1;
	REJECTS(&un, types_All_Unions_mid, sizeof(un), NK_NULL, "union string member outside the arena");
	un.v.nk_tag = types_Common_Value_wide_tag;
	ACCEPTS(&un, types_All_Unions_mid, sizeof(un), NK_NULL, "union scalar member (its bytes are not chunks)");
}

static void routing(void)
{
	struct types_All_Nothing_req req;
	int ran;

	memset(&req, 0, sizeof(req));
	ok(send(&req, types_All_mid_max, sizeof(req), NK_NULL, &ran) == NK_ENOENT && !ran,
	   "unknown mid gives NK_ENOENT");
	ok(types_All_interface_dispatch(entity.all, types_Server_common_user_iid, &req.base_,
					NK_NULL, &res.base_, NK_NULL) == NK_ENOENT,
	   "interface dispatcher: a foreign iid gives NK_ENOENT");
}

void test_malformed(void)
{
	types_server_init(&entity);
	strings();
	blobs_and_seqs();
	arrays_structs_unions();
	routing();
}
