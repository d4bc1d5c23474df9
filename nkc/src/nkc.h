/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nkc.h - shared declarations of the NK compiler.
 *
 * Pipeline: lexer -> parser (AST with unresolved names) -> resolve (loads
 * imported / referenced packages through -I) -> sema (names, constants,
 * bounds) -> layout (wire sizes, offsets, arena sizes) -> emitters (C
 * headers, JSON).  Every object lives in one bump allocator (mem.c) that
 * is released as a whole, so no stage frees anything on its own.
 */
#ifndef NKC_H
#define NKC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/nkipc_layout.h>

/* the VERSION file of the tree (top Makefile) */
#ifndef NKIPC_VERSION
#error "build with -DNKIPC_VERSION=\"$(cat VERSION)\" (the top Makefile does)"
#endif
#define NKC_VERSION NKIPC_VERSION

/* ---- memory and strings (mem.c) -------------------------------------- */
void *xalloc(size_t n);			/* zeroed; aborts cleanly on OOM */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mem_free_all(void);

/* Growable array of pointers. */
struct vec {
	void **v;
	int n, cap;
};
void vec_push(struct vec *vec, void *p);

/* Growable output buffer (malloc-backed so big outputs do not pin the arena). */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_puts(struct buf *b, const char *s);
void buf_free(struct buf *b);

/* ---- source files and diagnostics (diag.c) ---------------------------- */
struct srcfile {
	const char *path;	/* as shown in diagnostics */
	const char *text;	/* NUL-terminated contents */
	size_t len;
};

struct loc {
	const struct srcfile *file;
	int line, col;
};

void diag_error(struct loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_error_noloc(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_warning(struct loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int diag_count(void);
void diag_reset(void);
void diag_set_quiet(bool quiet);	/* the fuzzer silences output */

/* ---- lexer (lexer.c) --------------------------------------------------- */
enum tok_kind {
	TK_EOF,
	TK_IDENT,
	TK_INT,
	TK_STRING,
	TK_CHAR,
	TK_PUNCT,	/* punct holds the character, or one of the TP_* below */
};

enum { TP_SHL = 256, TP_SHR };

struct token {
	enum tok_kind kind;
	struct loc loc;
	const char *text;	/* identifier / decoded string */
	size_t text_len;
	unsigned __int128 value;	/* TK_INT, TK_CHAR */
	int punct;
};

/* Returns the token array terminated by TK_EOF, or NULL after an error. */
struct token *lex(const struct srcfile *file);
const char *tok_describe(const struct token *t);

/* ---- AST (parser.c fills, sema/layout complete) ------------------------ */
enum prim {
	PR_SINT8, PR_SINT16, PR_SINT32, PR_SINT64,
	PR_UINT8, PR_UINT16, PR_UINT32, PR_UINT64,
	PR_CHAR, PR_HANDLE,
};

enum type_kind {
	TY_PRIM,
	TY_STRING,	/* string<N>: arena chunk of <= N+1 chars, NUL-terminated */
	TY_BYTES,	/* bytes<N>: arena chunk of <= N bytes */
	TY_SEQUENCE,	/* sequence<T,N>: arena chunk of <= N elements */
	TY_ARRAY,	/* array<T,N>: N elements inline */
	TY_NAMED,	/* reference to a typedef / struct / union (decl) */
};

struct expr;
struct decl;
struct unit;

/*
 * Worst-case arena footprint of a value: the bytes of its chunks (no
 * padding) and how many chunks of each alignment (1, 2, 4, 8) it needs.
 * arena_size() turns this into bytes for an arena whose start is aligned
 * (the KOS documentation): a chunk of alignment a never needs more than a - g bytes of
 * padding, g the smallest alignment of any chunk in the arena.
 */
struct arena_sum {
	uint64_t bytes;
	uint64_t chunks[4];
};

struct type {
	enum type_kind kind;
	struct loc loc;
	enum prim prim;
	struct expr *bound_expr;	/* string/bytes/sequence bound, array count */
	uint64_t bound;
	struct type *elem;
	const char *name;	/* TY_NAMED as written (may be qualified) */
	struct decl *decl;	/* TY_NAMED after sema */
	/* layout (layout.c) */
	bool laid_out;
	uint64_t size, align;	/* wire (inline) size and alignment */
	struct arena_sum as;	/* worst-case chunks (layout.c) */
	uint64_t handles;	/* worst-case handle count */
	bool check;		/* needs run-time validation (chunks, unions) */
};

enum expr_kind { EX_INT, EX_STRING, EX_NAME, EX_UNARY, EX_BINARY };

struct expr {
	enum expr_kind kind;
	struct loc loc;
	int op;			/* unary / binary operator (punct code) */
	struct expr *a, *b;
	__int128 ival;
	const char *sval;
	size_t slen;
	const char *name;
};

/* Result of constant evaluation. */
struct cval {
	bool is_string;
	__int128 ival;
	const char *sval;
	size_t slen;
};

struct field {
	const char *name;
	struct loc loc;
	struct type *type;
	uint64_t offset;	/* layout.c */
};

enum decl_kind { DK_TYPEDEF, DK_STRUCT, DK_UNION, DK_CONST };

struct decl {
	enum decl_kind kind;
	const char *name;
	struct loc loc;
	struct unit *unit;
	struct type *type;	/* typedef target, const type */
	struct field **fields;	/* struct fields / union members */
	int nfields;
	struct expr *value;	/* const */
	struct cval cval;
	int sema_state;		/* 0 new, 1 in progress, 2 done */
	/* layout of struct / union */
	bool laid_out;
	uint64_t size, align, handles, body_offset;
	struct arena_sum as;
	bool check;
};

enum param_dir { PD_IN, PD_OUT, PD_ERR };

struct param {
	const char *name;
	struct loc loc;
	enum param_dir dir;
	struct type *type;
	uint64_t offset;	/* in its message struct */
};

/* One message (req, res_ or err_) of a method. */
struct msg {
	struct param **params;
	int nparams;
	/* the message's layout in its package's graph (lgraph.c) */
	uint32_t alt_size;	/* also accepted constant part size, 0: none */
	int lfirst, lnfields;	/* root fields */
	uint64_t size;		/* sizeof the C struct, header included */
	uint64_t arena;		/* arena_size(&as) */
	struct arena_sum as;
	uint64_t handles;
	bool check;
};

struct method {
	const char *name;
	struct loc loc;
	int mid;
	struct param **params;
	int nparams;
	struct msg req, res, err;
	uint64_t res_union_size;	/* sizeof P_M_res */
};

/*
 * The package's message layouts as one flat type graph (lgraph.c): the
 * arrays of struct nkipc_ltype / nkipc_lfield (uapi linux/nkipc_layout.h)
 * the generated tables, `--describe` and the kernel share.
 */
struct lgraph {
	struct nkipc_ltype *types;
	int ntypes, cap_types;
	struct nkipc_lfield *fields;
	int nfields, cap_fields;
	struct vec decls;	/* struct/union decls in types[] ... */
	struct vec decl_idx;	/* ... and their index (intptr_t) */
};

struct iface {
	struct loc loc;
	struct method **methods;
	int nmethods;
	struct lgraph lg;
	uint64_t req_arena, res_arena;
	uint64_t req_handles, res_handles, err_handles;
};

struct endpoint {
	const char *name;
	struct loc loc;
	const char *iface_name;
	struct unit *iface;	/* resolved IDL unit */
};

struct instance {
	const char *name;
	struct loc loc;
	const char *comp_name;
	struct unit *comp;	/* resolved CDL unit */
};

enum unit_kind { UK_IDL, UK_CDL, UK_EDL };

struct unit {
	enum unit_kind kind;
	const char *pkg;	/* a.b.C */
	const char *cprefix;	/* a_b_C */
	const char *shortname;	/* C */
	struct loc loc;		/* of the package / component / entity name */
	const struct srcfile *file;
	int state;		/* 0 new, 1 loading, 2 done, 3 failed */
	/* IDL */
	const char **import_names;
	struct loc *import_locs;
	int nimports;
	struct unit **imports;
	struct decl **decls;
	int ndecls;
	struct iface *iface;
	/* CDL / EDL */
	struct endpoint **eps;
	int neps;
	struct instance **insts;
	int ninsts;
	int total_eps;		/* own + nested, depth-first */
	uint64_t req_arena, res_arena;
	uint64_t req_handles, res_handles, err_handles;
};

/* parser.c: parses one file; NULL after a syntax error (diagnosed). */
struct unit *parse_unit(const struct srcfile *file, enum unit_kind kind);

/* ---- loading and import resolution (resolve.c) ------------------------- */
struct nkc_ctx {
	const char **incdirs;
	int nincdirs;
	struct vec units;	/* every loaded unit, dependencies first */
	struct vec deps;	/* paths of every file read (for -M) */
	struct vec loading;	/* packages whose dependencies are loading */
	/* in-memory sources (the fuzzer): used instead of the file system */
	int nmem;
	const char **mem_paths;
	const char **mem_texts;
	const size_t *mem_lens;
};

struct unit *load_file(struct nkc_ctx *ctx, const char *path);
struct unit *load_package(struct nkc_ctx *ctx, const char *name, enum unit_kind kind,
			  struct loc from, const struct unit *importer);
const char *unit_ext(enum unit_kind kind);

/* ---- semantic checks (sema.c) ------------------------------------------ */
int sema_unit(struct unit *u);		/* 0 or -1 (diagnosed) */
bool is_reserved_word(const char *s);

/* ---- layout (layout.c) ------------------------------------------------- */
int layout_unit(struct unit *u);	/* 0 or -1 (diagnosed) */
int lgraph_build(struct unit *u);	/* 0 or -1 (diagnosed) */
/* the layout of message @which (0 req, 1 res, 2 err) of @m */
void lgraph_lmsg(const struct method *m, int which, struct nkipc_lmsg *out);
const struct type *type_resolve(const struct type *t);	/* skips typedefs */
uint64_t prim_size(enum prim p);
const char *prim_name(enum prim p);
uint64_t sat_add(uint64_t a, uint64_t b);
uint64_t sat_mul(uint64_t a, uint64_t b);
uint64_t align_up(uint64_t v, uint64_t a);
/* P_M_req_X_size as nk-gen-c counts it (string: N+1, bytes, sequence, array: N); 0: none. */
uint64_t chunk_count(const struct type *t);
/* Chunk size in bytes (string: N+1, bytes: N, seq: N*elem), for --describe. */
uint64_t chunk_max_size(const struct type *t);
uint64_t arena_size(const struct arena_sum *as);

/* ---- riid numbering (riid.c) ------------------------------------------ */
struct flat_ep {
	const char *cpath;		/* OpsComp_FS */
	const char *dpath;		/* OpsComp.FS */
	const struct endpoint *ep;
	const struct unit *owner;	/* component or entity declaring it */
	int riid;
};

struct ep_row {
	const char *name;		/* a name GetRiid resolves */
	const struct flat_ep *flat;
};

void riid_flatten(const struct unit *u, struct vec *out);	/* of struct flat_ep */
void riid_table(const struct vec *flat, struct vec *rows);	/* of struct ep_row */

/* ---- emitters ---------------------------------------------------------- */
/* emit_common.c */
struct emitter {
	struct buf out;
	const struct unit *unit;
	struct vec aliases;	/* qualified names to alias under NK_USE_UNQUALIFIED_NAMES */
};
void emit_header_open(struct emitter *e, const char *ext);
void emit_header_close(struct emitter *e, const char *ext);
void emit_alias(struct emitter *e, const char *qualified);
void emit_src_comment(struct emitter *e, struct loc loc, const char *what, const char *indent);
const char *c_decl(const struct type *t, const char *name);
const char *c_num(uint64_t v);
const char *decl_cname(const struct decl *d);
const char *header_path(const struct unit *u);

/* emit_idl.c, emit_component.c */
void emit_idl(struct emitter *e, const struct unit *u);
void emit_component(struct emitter *e, const struct unit *u);
/* emit_cpp.c: the C++ part of one unit (nkc --cpp); a.b.C.idl.cpp.h etc. */
void emit_cpp(struct emitter *e, const struct unit *u);
const char *cpp_header_path(const struct unit *u);

/* describe.c */
void describe_units(struct buf *out, struct unit **units, int n);

/* ---- output (output.c) ------------------------------------------------- */
struct out_file {
	const char *path;
	struct buf data;
};
int write_outputs(struct out_file *files, int n);	/* temp + rename, all or nothing */
int write_depfile(const char *path, struct out_file *targets, int ntargets, struct vec *deps);

/* ---- driver (driver.c) ------------------------------------------------- */
struct nkc_options {
	const char **incdirs;
	int nincdirs;
	const char *outdir;
	const char *depfile;
	const char *describe;	/* "-" = stdout, NULL = headers */
	bool cpp;		/* also the C++ headers (--cpp, nkppmeta) */
	const char **files;
	int nfiles;
};
int nkc_run(const struct nkc_options *opt);
/*
 * Front end and back ends on in-memory files (the first is the input, the
 * others may be imported); nothing is written and the file system is not
 * read (the fuzzer).
 */
int nkc_check_memory(int n, const char **paths, const char **texts, const size_t *lens);

#endif /* NKC_H */
