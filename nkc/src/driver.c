// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * driver.c - one compiler run: load every input (and what it imports),
 * generate every output in memory, and write them only if all succeeded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nkc.h"

static void generate_one(struct unit *u, struct buf *out)
{
	struct emitter e = { 0 };

	if (u->kind == UK_IDL)
		emit_idl(&e, u);
	else
		emit_component(&e, u);
	buf_puts(out, e.out.s);
	buf_free(&e.out);
}

static bool in_vec(const struct vec *v, const void *p)
{
	for (int i = 0; i < v->n; i++) {
		if (v->v[i] == p)
			return true;
	}
	return false;
}

/* Every package @u needs, dependencies first (post-order), @u last. */
static void collect(struct unit *u, struct vec *out)
{
	if (in_vec(out, u))
		return;
	for (int i = 0; i < u->nimports; i++)
		collect(u->imports[i], out);
	for (int i = 0; i < u->neps; i++)
		collect(u->eps[i]->iface, out);
	for (int i = 0; i < u->ninsts; i++)
		collect(u->insts[i]->comp, out);
	vec_push(out, u);
}

/*
 * A header is self-contained, as nk-gen-c's are: the packages it needs come
 * first, each under its own include guard (so a program may include any
 * number of generated headers, in any order), then the package itself.
 */
static void generate(struct unit *u, struct buf *out)
{
	struct vec all = { 0 };

	collect(u, &all);
	*out = (struct buf){ 0 };
	for (int i = 0; i < all.n; i++)
		generate_one(all.v[i], out);
}

int nkc_run(const struct nkc_options *opt)
{
	struct nkc_ctx ctx = { .incdirs = opt->incdirs, .nincdirs = opt->nincdirs };
	struct unit **inputs = xalloc(sizeof(*inputs) * (size_t)(opt->nfiles + 1));
	struct out_file *outs = xalloc(sizeof(*outs) * (size_t)(opt->nfiles + 1));
	int r = 0, nouts = 0;

	for (int i = 0; i < opt->nfiles; i++) {
		inputs[i] = load_file(&ctx, opt->files[i]);
		if (!inputs[i])
			r = -1;
	}
	if (r || diag_count())
		return -1;

	if (opt->describe) {
		struct out_file f = { .path = opt->describe };

		describe_units(&f.data, (struct unit **)ctx.units.v, ctx.units.n);
		if (!strcmp(opt->describe, "-")) {
			r = fwrite(f.data.s, 1, f.data.len, stdout) == f.data.len && !fflush(stdout) ?
			    0 : -1;
			if (r)
				diag_error_noloc("cannot write the description to stdout");
		} else {
			r = write_outputs(&f, 1);
		}
		buf_free(&f.data);
		return r;
	}

	for (int i = 0; i < opt->nfiles; i++) {
		bool dup = false;

		for (int j = 0; j < i; j++)
			dup |= inputs[j] == inputs[i];
		if (dup)
			continue;
		outs[nouts].path = xprintf("%s/%s", opt->outdir ? opt->outdir : ".",
					   header_path(inputs[i]));
		generate(inputs[i], &outs[nouts].data);
		nouts++;
	}
	r = write_outputs(outs, nouts);
	if (!r && opt->depfile)
		r = write_depfile(opt->depfile, outs, nouts, &ctx.deps);
	for (int i = 0; i < nouts; i++)
		buf_free(&outs[i].data);
	return r;
}

int nkc_check_memory(int n, const char **paths, const char **texts, const size_t *lens)
{
	struct nkc_ctx ctx = { .nmem = n, .mem_paths = paths, .mem_texts = texts,
			       .mem_lens = lens };
	struct unit *u = n ? load_file(&ctx, paths[0]) : NULL;
	struct buf out = { 0 };

	if (!u)
		return -1;
	generate(u, &out);
	buf_free(&out);
	describe_units(&out, (struct unit **)ctx.units.v, ctx.units.n);
	buf_free(&out);
	return 0;
}
