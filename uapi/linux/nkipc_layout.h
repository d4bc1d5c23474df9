/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * nkipc message layouts: the one model of a well-formed message, and the
 * one structure check over it, for the kernel and user space alike.
 *
 * DOC: message layout model
 *
 * nkc computes, for every message of every method, a layout; the
 * generated dispatchers and proxies check received messages against it
 * (libnkos: nk/msgcheck.h), `nkc --describe` publishes it as JSON, and
 * nkpolicy loads it into the kernel (nkipc_genl.h: NKIPC_LAYOUT_A_MSG,
 * _TYPES, _FIELDS as arrays of the structs below), whose policy engine
 * checks every message of a method it has a layout for before any rule.
 *
 * A layout is a flat, index-based type graph:
 *   types[]:  struct nkipc_ltype, one per type that matters to the check;
 *             a type refers to others only by index, and only to earlier
 *             ones (elem, and the types of its fields), so the graph has
 *             no cycles and is checked bottom-up in one pass;
 *   fields[]: struct nkipc_lfield, the checked fields of structs (their
 *             types[].first .. first + n_fields - 1), the members of
 *             unions (in tag order) and the message's own root fields;
 *   msg:      struct nkipc_lmsg, the constant part's size(s) and its root
 *             fields.
 * Offsets of root fields are from the start of the constant part (the
 * 24-byte header included); offsets of a struct's or union's fields from
 * the start of the value.  A value in a chunk lies in the arena: chunk
 * descriptors (nk_ptr_t: u32 offset, u32 size, native byte order) hold
 * offsets relative to the arena's start.
 *
 * Kinds (enum nkipc_ltype_kind) and what makes a value well formed:
 *   SCALAR    nothing (size and alignment only: sequence/array elements)
 *   HANDLE    nothing here (an nk_handle_desc_t, size 8; the kernel checks
 *             the handle table)
 *   STRING    nk_ptr_t to 1..bound+1 bytes in the arena ending in NUL
 *   BYTES     nk_ptr_t to 0..bound bytes in the arena
 *   SEQUENCE  nk_ptr_t to 0..bound elements of types[elem] in the arena,
 *             the chunk aligned to and a multiple of the element's size;
 *             each element well formed
 *   ARRAY     bound inline elements of types[elem], each well formed
 *   STRUCT    each of its n_fields checked fields well formed
 *   UNION     a u32 tag at offset 0 below n_fields; the member fields[first
 *             + tag] well formed (type NKIPC_LTYPE_NONE: nothing to check)
 * Every chunk must lie in the used arena ([0, arena length)).
 *
 * Adding a kind is one change here: the enum, nkipc_layout_validate() and
 * nkipc_lcheck_value(); nkc emits it (nkc/src/lgraph.c).
 *
 * Limits (a layout over them is rejected, -EINVAL at load):
 * NKIPC_LAYOUT_MAX_TYPES types and NKIPC_LAYOUT_MAX_FIELDS fields per
 * layout, nesting at most NKIPC_LAYOUT_MAX_DEPTH types deep (a scalar is
 * 1, a struct of strings 2), bounds and sizes at most
 * NKIPC_LAYOUT_MAX_SIZE.  The check visits at most 2 * (constant part +
 * arena length) + 64 values: a message whose chunks overlap so that it
 * needs more is malformed (no well-formed message built by libnkos comes
 * near it, every checked value being at least 8 bytes long).  And at most
 * NKIPC_LAYOUT_MAX_VISITS whatever the message's size: the kernel checks
 * under rcu_read_lock(), where a sender must not be able to keep a CPU
 * for long (2^16 values: a few milliseconds).  Plain elements (scalars,
 * handles) are not visited one by one, so the limit counts only strings,
 * bytes, sequences, and structs, unions and arrays that contain them.
 */
#ifndef _UAPI_LINUX_NKIPC_LAYOUT_H
#define _UAPI_LINUX_NKIPC_LAYOUT_H

#include <linux/types.h>

#define NKIPC_LAYOUT_MAX_TYPES		1024
#define NKIPC_LAYOUT_MAX_FIELDS		4096
#define NKIPC_LAYOUT_MAX_DEPTH		16
#define NKIPC_LAYOUT_MAX_SIZE		(16U << 20)	/* the largest max_msg_size */
#define NKIPC_LAYOUT_MAX_VISITS		65536U	/* values one message may need checked */
#define NKIPC_LTYPE_NONE		0xffff	/* nkipc_lfield.type: no check */

enum nkipc_ltype_kind {
	NKIPC_LT_SCALAR,
	NKIPC_LT_HANDLE,
	NKIPC_LT_STRING,
	NKIPC_LT_BYTES,
	NKIPC_LT_SEQUENCE,
	NKIPC_LT_ARRAY,
	NKIPC_LT_STRUCT,
	NKIPC_LT_UNION,
	__NKIPC_LT_MAX
};

struct nkipc_ltype {
	__u32 size;		/* inline size in bytes, >= 1 */
	__u32 bound;		/* STRING, BYTES, SEQUENCE: max; ARRAY: count */
	__u16 elem;		/* SEQUENCE, ARRAY: element type (< own index) */
	__u16 first;		/* STRUCT, UNION: first of its fields */
	__u16 n_fields;		/* STRUCT: checked fields; UNION: members */
	__u8 kind;		/* enum nkipc_ltype_kind */
	__u8 align;		/* 1, 2, 4 or 8 */
};

struct nkipc_lfield {
	__u32 offset;		/* in the parent value (root: constant part) */
	__u16 type;		/* < the parent's index; NKIPC_LTYPE_NONE */
	__u16 reserved;		/* 0 */
};

struct nkipc_lmsg {
	__u32 const_size;	/* exact constant part size */
	__u32 alt_size;		/* also accepted (>= const_size), 0: none */
	__u16 first;		/* root fields: fields[first .. first + n - 1] */
	__u16 n_fields;
	__u32 reserved;		/* 0 */
};

enum nkipc_lpart {
	NKIPC_LPART_CONST,
	NKIPC_LPART_ARENA,
};

/*
 * Validates a layout: every index in range and pointing backwards, sizes
 * and offsets consistent, alignments powers of two up to 8, bounds and
 * nesting within the limits above.  @depth is scratch space of @n_types
 * bytes.  Returns 0, or -1 with *@why set.
 */
static inline int nkipc_layout_validate(const struct nkipc_lmsg *m,
					const struct nkipc_ltype *types,
					__u32 n_types,
					const struct nkipc_lfield *fields,
					__u32 n_fields, __u8 *depth,
					const char **why)
{
	__u32 i, j, d, owned = 0;

	*why = "layout: too many types or fields";
	if (n_types > NKIPC_LAYOUT_MAX_TYPES ||
	    n_fields > NKIPC_LAYOUT_MAX_FIELDS)
		return -1;
	for (i = 0; i < n_types; i++) {
		const struct nkipc_ltype *t = &types[i];
		const struct nkipc_ltype *e;

		d = 1;
		*why = "layout: bad type kind, size or alignment";
		if (t->kind >= __NKIPC_LT_MAX || !t->size ||
		    t->size > NKIPC_LAYOUT_MAX_SIZE || !t->align ||
		    t->align > 8 || (t->align & (t->align - 1)) ||
		    t->size % t->align)
			return -1;
		*why = "layout: bound too large";
		if (t->bound > NKIPC_LAYOUT_MAX_SIZE)
			return -1;
		*why = "layout: a handle or chunk descriptor is 8 bytes";
		if ((t->kind == NKIPC_LT_HANDLE || t->kind == NKIPC_LT_STRING ||
		     t->kind == NKIPC_LT_BYTES || t->kind == NKIPC_LT_SEQUENCE) &&
		    t->size != 8)
			return -1;
		switch (t->kind) {
		case NKIPC_LT_SEQUENCE:
		case NKIPC_LT_ARRAY:
			*why = "layout: element type not an earlier type";
			if (t->elem >= i)
				return -1;
			e = &types[t->elem];
			*why = "layout: array larger than its type";
			if (t->kind == NKIPC_LT_ARRAY &&
			    (__u64)t->bound * e->size > t->size)
				return -1;
			d = depth[t->elem] + 1;
			break;
		case NKIPC_LT_STRUCT:
		case NKIPC_LT_UNION:
			*why = "layout: field list out of range";
			if ((__u32)t->first + t->n_fields > n_fields)
				return -1;
			/* no two types share fields: the check below is linear */
			*why = "layout: more struct and union fields than fields";
			owned += t->n_fields;
			if (owned > n_fields)
				return -1;
			*why = "layout: a union is at least its 4-byte tag";
			if (t->kind == NKIPC_LT_UNION && t->size < 4)
				return -1;
			for (j = t->first; j < (__u32)t->first + t->n_fields; j++) {
				const struct nkipc_lfield *f = &fields[j];

				*why = "layout: reserved field not zero";
				if (f->reserved)
					return -1;
				/*
				 * a struct lists only checked fields, so that
				 * each one visited costs the check's budget
				 */
				*why = "layout: unchecked field in a struct";
				if (f->type == NKIPC_LTYPE_NONE &&
				    t->kind == NKIPC_LT_STRUCT)
					return -1;
				if (f->type == NKIPC_LTYPE_NONE)
					continue;
				*why = "layout: field type not an earlier type";
				if (f->type >= i)
					return -1;
				*why = "layout: field outside its struct or union";
				if ((__u64)f->offset + types[f->type].size > t->size)
					return -1;
				if (depth[f->type] + 1U > d)
					d = depth[f->type] + 1U;
			}
			break;
		default:	/* SCALAR, HANDLE, STRING, BYTES */
			break;
		}
		*why = "layout: nested too deep";
		if (d > NKIPC_LAYOUT_MAX_DEPTH)
			return -1;
		depth[i] = (__u8)d;
	}
	*why = "layout: bad constant part size";
	if (m->reserved || m->const_size > NKIPC_LAYOUT_MAX_SIZE ||
	    m->alt_size > NKIPC_LAYOUT_MAX_SIZE ||
	    (m->alt_size && m->alt_size < m->const_size))
		return -1;
	*why = "layout: root field list out of range";
	if ((__u32)m->first + m->n_fields > n_fields)
		return -1;
	/* with the types' fields, at most all fields (a copy's bound) */
	*why = "layout: more struct, union and root fields than fields";
	owned += m->n_fields;
	if (owned > n_fields)
		return -1;
	for (j = m->first; j < (__u32)m->first + m->n_fields; j++) {
		const struct nkipc_lfield *f = &fields[j];

		*why = "layout: reserved field not zero";
		if (f->reserved)
			return -1;
		if (f->type == NKIPC_LTYPE_NONE)
			continue;
		*why = "layout: root field type out of range";
		if (f->type >= n_types)
			return -1;
		*why = "layout: root field outside the constant part";
		if ((__u64)f->offset + types[f->type].size > m->const_size)
			return -1;
	}
	return 0;
}

#endif /* _UAPI_LINUX_NKIPC_LAYOUT_H */

/*
 * The structure check, for an includer that defines NKIPC_LAYOUT_CHECK
 * before including this header and then defines
 *   static inline int nkipc_layout_read(const struct nkipc_lcheck *c,
 *                     __u32 part, __u32 off, void *buf, __u32 len);
 * which copies @len bytes at @off of part @part (enum nkipc_lpart) into
 * @buf and returns 0, or nonzero if they are not all inside it (the
 * kernel: through the message's read accessor, module/policy/layout.c;
 * libnkos: from memory, nk/msgcheck.h).
 */
#if defined(NKIPC_LAYOUT_CHECK) && !defined(_NKIPC_LAYOUT_CHECK_H)
#define _NKIPC_LAYOUT_CHECK_H

/*
 * The includer may also define NKIPC_LCHECK_OUTLINE (for the recursion:
 * a compiler inlining it into itself makes the caller too large to be
 * inlined) and NKIPC_LCHECK_INLINE (for the chunk check of a root field,
 * so that the usual message is checked without a call).
 */
#ifndef NKIPC_LCHECK_INLINE
#define NKIPC_LCHECK_INLINE	inline
#endif
#ifndef NKIPC_LCHECK_OUTLINE
#define NKIPC_LCHECK_OUTLINE	inline
#endif

struct nkipc_lcheck {
	const struct nkipc_ltype *types;
	const struct nkipc_lfield *fields;
	__u32 arena_len;	/* the used arena */
	__u32 budget;		/* values still to visit */
	const void *priv;	/* for nkipc_layout_read() */
	const char *why;	/* set when the check fails */
};

static inline int nkipc_layout_read(const struct nkipc_lcheck *c, __u32 part,
				    __u32 off, void *buf, __u32 len);

static inline int nkipc_lcheck_fail(struct nkipc_lcheck *c, const char *why)
{
	c->why = why;
	return -1;
}

/* True for a type whose values need no check (sequence/array elements). */
static inline int nkipc_ltype_plain(const struct nkipc_ltype *t)
{
	return t->kind == NKIPC_LT_SCALAR || t->kind == NKIPC_LT_HANDLE;
}

/*
 * The chunk descriptor of a STRING, BYTES or SEQUENCE value at @off of
 * @part: read into @v (offset, size), checked against the arena and the
 * type; for a sequence v[1] becomes its element count.
 */
static NKIPC_LCHECK_INLINE int
nkipc_lcheck_chunk(struct nkipc_lcheck *c, const struct nkipc_ltype *t,
		   __u32 part, __u32 off, __u32 v[2])
{
	const struct nkipc_ltype *e;
	__u8 last;

	if (nkipc_layout_read(c, part, off, v, 8))
		return nkipc_lcheck_fail(c, "malformed: chunk descriptor outside the message");
	if (v[0] > c->arena_len || v[1] > c->arena_len - v[0])
		return nkipc_lcheck_fail(c, "malformed: arena chunk outside the arena");
	if (t->kind == NKIPC_LT_STRING) {
		if (!v[1])
			return nkipc_lcheck_fail(c, "malformed: string not NUL-terminated");
		if (v[1] - 1 > t->bound)
			return nkipc_lcheck_fail(c, "malformed: string longer than its bound");
		if (nkipc_layout_read(c, NKIPC_LPART_ARENA, v[0] + v[1] - 1, &last, 1) ||
		    last)
			return nkipc_lcheck_fail(c, "malformed: string not NUL-terminated");
		return 0;
	}
	if (t->kind == NKIPC_LT_BYTES) {
		if (v[1] > t->bound)
			return nkipc_lcheck_fail(c, "malformed: bytes longer than their bound");
		return 0;
	}
	e = &c->types[t->elem];
	if (v[0] & (e->align - 1))
		return nkipc_lcheck_fail(c, "malformed: misaligned arena chunk");
	if (v[1] % e->size)
		return nkipc_lcheck_fail(c,
					 "malformed: sequence size not a multiple of its element");
	v[1] /= e->size;
	if (v[1] > t->bound)
		return nkipc_lcheck_fail(c, "malformed: sequence longer than its bound");
	return 0;
}

/* The value of type @ti at @off of @part, @depth types deep. */
static NKIPC_LCHECK_OUTLINE int
nkipc_lcheck_value(struct nkipc_lcheck *c, __u32 ti, __u32 part, __u32 off,
		   __u32 depth)
{
	const struct nkipc_ltype *t = &c->types[ti];
	const struct nkipc_ltype *e;
	const struct nkipc_lfield *f;
	__u32 i, v[2];

	if (!c->budget)
		return nkipc_lcheck_fail(c, "malformed: too many values to check");
	c->budget--;
	if (depth >= NKIPC_LAYOUT_MAX_DEPTH)
		return nkipc_lcheck_fail(c, "malformed: nested too deep");
	switch (t->kind) {
	case NKIPC_LT_STRUCT:
		for (i = 0; i < t->n_fields; i++) {
			f = &c->fields[t->first + i];
			if (f->type != NKIPC_LTYPE_NONE &&
			    nkipc_lcheck_value(c, f->type, part, off + f->offset,
					       depth + 1))
				return -1;
		}
		return 0;
	case NKIPC_LT_UNION:
		if (nkipc_layout_read(c, part, off, v, 4))
			return nkipc_lcheck_fail(c, "malformed: union outside the message");
		if (v[0] >= t->n_fields)
			return nkipc_lcheck_fail(c, "malformed: union tag names no member");
		f = &c->fields[t->first + v[0]];
		if (f->type == NKIPC_LTYPE_NONE)
			return 0;
		return nkipc_lcheck_value(c, f->type, part, off + f->offset,
					  depth + 1);
	case NKIPC_LT_ARRAY:
		e = &c->types[t->elem];
		if (nkipc_ltype_plain(e))
			return 0;
		for (i = 0; i < t->bound; i++)
			if (nkipc_lcheck_value(c, t->elem, part, off + i * e->size,
					       depth + 1))
				return -1;
		return 0;
	case NKIPC_LT_STRING:
	case NKIPC_LT_BYTES:
	case NKIPC_LT_SEQUENCE:
		if (nkipc_lcheck_chunk(c, t, part, off, v))
			return -1;
		if (t->kind != NKIPC_LT_SEQUENCE)
			return 0;
		e = &c->types[t->elem];
		if (nkipc_ltype_plain(e))
			return 0;
		for (i = 0; i < v[1]; i++)
			if (nkipc_lcheck_value(c, t->elem, NKIPC_LPART_ARENA,
					       v[0] + i * e->size, depth + 1))
				return -1;
		return 0;
	default:		/* SCALAR, HANDLE */
		return 0;
	}
}

/*
 * Checks a message of @const_len bytes with @arena_len used arena bytes
 * against layout @m over @c->types and @c->fields (a layout that passed
 * nkipc_layout_validate(), or nkc's own tables); @c->priv is for
 * nkipc_layout_read().  Returns 0, or -1 with @c->why set.
 */
static NKIPC_LCHECK_INLINE int
nkipc_layout_check(struct nkipc_lcheck *c, const struct nkipc_lmsg *m,
		   __u32 const_len, __u32 arena_len)
{
	const struct nkipc_lfield *f;
	const struct nkipc_ltype *t;
	__u64 budget = 64 + 2 * (__u64)const_len + 2 * (__u64)arena_len;
	__u32 i, v[2];

	if (const_len != m->const_size &&
	    (!m->alt_size || const_len != m->alt_size))
		return nkipc_lcheck_fail(c,
					 "malformed: constant part size differs from the method's");
	c->arena_len = arena_len;
	c->budget = budget > NKIPC_LAYOUT_MAX_VISITS ? NKIPC_LAYOUT_MAX_VISITS :
		    (__u32)budget;
	for (i = 0; i < m->n_fields; i++) {
		f = &c->fields[m->first + i];
		if (f->type == NKIPC_LTYPE_NONE)
			continue;
		t = &c->types[f->type];
		/* the usual root field, a chunk of plain values: no recursion */
		if (t->kind == NKIPC_LT_STRING || t->kind == NKIPC_LT_BYTES ||
		    (t->kind == NKIPC_LT_SEQUENCE &&
		     nkipc_ltype_plain(&c->types[t->elem]))) {
			if (nkipc_lcheck_chunk(c, t, NKIPC_LPART_CONST, f->offset, v))
				return -1;
			continue;
		}
		if (nkipc_lcheck_value(c, f->type, NKIPC_LPART_CONST, f->offset, 0))
			return -1;
	}
	return 0;
}

#endif /* NKIPC_LAYOUT_CHECK */
