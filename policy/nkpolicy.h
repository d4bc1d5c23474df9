/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nkpolicy.h - the compiled policy, the compiler and the netlink helpers
 * shared by the subcommands.
 */
#ifndef NKPOLICY_H
#define NKPOLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/nkipc.h>
#include <linux/nkipc_genl.h>
#include <linux/nkipc_layout.h>

#include "print.h"

#define NKPOLICY_VERSION NKIPC_VERSION	/* the tree's VERSION file */

struct json;

/* ---- compiled policy (what is sent to the kernel) ---- */

struct cstmt {
	uint8_t type, part, size, op;
	bool is_signed;
	uint32_t offset;
	uint64_t value;
};

struct crule {
	uint8_t kind;
	char *src, *dst, *channel, *server, *iface;
	uint8_t handle_kind;		/* transfer rules; 0: any */
	char *target, *target_class;	/* transfer rules */
	bool has_riid, has_mid;
	uint32_t riid, mid;
	int n_stmts;
	struct cstmt stmts[NKIPC_RULE_MAX_STMTS];
	char *text;
	/* from a dump */
	uint32_t index;
	uint64_t hits, denials;
};

/* A message layout (linux/nkipc_layout.h), as loaded and dumped. */
struct clayout {
	char *iface;
	uint32_t mid;
	uint8_t dir;
	struct nkipc_lmsg msg;
	uint32_t n_types, n_fields;
	struct nkipc_ltype *types;	/* malloc'ed */
	struct nkipc_lfield *fields;
};

struct cbinding {
	char *class_name, *exe, *cgroup, *label;
	bool has_uid, has_gid;
	uint32_t uid, gid;
	/* from a dump */
	bool has_ino;
	uint32_t dev;
	uint64_t ino, hits;
};

/*
 * PSL rule kinds that never reach the kernel: `execute` rules are applied
 * by the launcher (nkinit) with cpolicy_execute() before it starts a
 * process; `security` rules have nothing to judge on Linux (there is no
 * security interface) and are only counted.
 */
#define NKPOLICY_KIND_EXECUTE	0x80
#define NKPOLICY_KIND_SECURITY	0x81

struct cpolicy {
	uint32_t default_decision;
	uint64_t generation;		/* from a dump */
	struct crule *rules;
	size_t n_rules;
	struct clayout *layouts;
	size_t n_layouts;
	struct cbinding *bindings;
	size_t n_bindings;
	char **source;			/* header lines for showconf */
	size_t n_source;
	/* userspace only (never loaded into the kernel) */
	struct crule *exec_rules;	/* `execute` rules: src, dst, grant/deny */
	size_t n_exec_rules;
	size_t n_security_rules;	/* `security` rules: counted only */
	bool exec_iface;		/* `execute: kl.core.Execute` */
};

void cpolicy_free(struct cpolicy *p);
struct crule *cpolicy_add_rule(struct cpolicy *p);
struct clayout *cpolicy_add_layout(struct cpolicy *p);
struct cbinding *cpolicy_add_binding(struct cpolicy *p);
struct crule *cpolicy_add_exec_rule(struct cpolicy *p);
/*
 * The decision (NKIPC_DECISION_GRANT or _DENY) of the policy's `execute`
 * rules for a process of class @src starting one of class @dst, the one
 * rule of nkipc (nkinit and `nkpolicy execute`): every matching rule in
 * file order, the first deny() decides; matched and none denied: grant; no
 * rule matched: deny, whatever the default decision (that is for
 * messages); a policy with neither `execute:` nor any execute rule (a
 * Linux nkpolicy file) does not control starting: grant.  *@why (if @why)
 * is the deciding rule's text (the first matching rule's for a grant), or
 * NULL when no rule matched.
 */
uint32_t cpolicy_execute(const struct cpolicy *p, const char *src,
			 const char *dst, const char **why);
/*
 * The decision of the policy's `request` rules for any call from class
 * @src to class @dst, as the kernel would take it for a message no rule
 * names by endpoint, method or channel: the calls of a KOS program to
 * kl.core.NameServer (NsPublishService...) and kl.core.Core (KnCmConnect,
 * KnCmListen, KnCmAccept), which nkinit judges for dynamic channels.
 * Rules with endpoint=, method=, channel= or server= are skipped; a
 * matching rule whose body is not only grant() (a deny(), or a condition
 * no message can be checked against here) denies; matched and none
 * denied: grant; no rule matched: the default decision.  *@why as for
 * cpolicy_execute().
 */
uint32_t cpolicy_request(const struct cpolicy *p, const char *src,
			 const char *dst, const char **why);
void cpolicy_add_source(struct cpolicy *p, const char *line);

/*
 * xalloc.c: calloc(), realloc() and strdup() that cannot fail: out of
 * memory prints "PROG: out of memory" and exits with status 1.  For the
 * compiler and every tool that links it (nkpolicy, nkinit).
 */
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

/* ---- compiler (lexer.c, parser.c, edl.c) ---- */

struct diag {
	FILE *out;		/* NULL: silent */
	int errors;		/* warnings are printed, not counted */
};

/*
 * Search path for `use EDL X`: the including file's directory, then each
 * -I directory, then $NKPOLICY_PATH (colon-separated).  X.json is read.
 */
struct compile_opts {
	const char **incdirs;
	int n_incdirs;
};

/* Compiles @path (or @text if non-NULL, named @path); 0 or -1. */
int policy_compile(const char *path, const char *text, size_t len,
		   const struct compile_opts *opts, struct cpolicy *out,
		   struct diag *d);

/* EDL descriptions: packages of every `nkc --describe` file read. */
struct edl_db;
struct edl_db *edl_db_new(void);
void edl_db_free(struct edl_db *db);
/* Takes ownership of @j; -1 if it is not a describe document. */
int edl_db_add(struct edl_db *db, struct json *j, const char *file);
const struct json *edl_entity(const struct edl_db *db, const char *name);
const struct json *edl_package(const struct edl_db *db, const char *name);
/* Interface package of endpoint @ep of @entity; NULL if none. */
const struct json *edl_endpoint(const struct edl_db *db,
				const struct json *entity, const char *ep,
				uint32_t *riid);
const struct json *edl_method(const struct json *iface_pkg,
			      const char *method);
/* Appends the layouts of every method of every interface of @entity. */
int edl_layouts(const struct edl_db *db, const struct json *entity,
		struct cpolicy *p, char *err, size_t errlen);
/* Resolves message.a.b of @msg (req/res/err object) to a scalar. */
int edl_field(const struct edl_db *db, const struct json *msg,
	      const char *path, uint32_t *offset, uint8_t *size,
	      bool *is_signed, char *err, size_t errlen);

/* ---- netlink (genl.c) ---- */

struct nl_sock;
struct nl_msg;

struct nkgenl {
	struct nl_sock *sk;
	int family;
};

/* Prints a clear message and returns -1 if the module is not loaded. */
int nkgenl_open(struct nkgenl *g);
void nkgenl_close(struct nkgenl *g);
struct nl_msg *nkgenl_msg(struct nkgenl *g, uint8_t cmd, int flags);
/* Sends and waits for the ack; -errno; prints extack/errno if @what. */
int nkgenl_do(struct nkgenl *g, struct nl_msg *msg, const char *what,
	      int (*cb)(struct nl_msg *, void *), void *arg);
const char *nkgenl_strerror(int err);

/* dump.c: the active policy (generation 0: none) */
int nkgenl_get_policy(struct nkgenl *g, struct cpolicy *p);
/* load.c */
int nkgenl_load(struct nkgenl *g, const struct cpolicy *p, int mode);

/* names.c */
const char *kind_name(unsigned int kind);
const char *op_name(unsigned int op);
const char *mode_name(unsigned int mode);
const char *verdict_name(unsigned int v);
const char *dir_name(unsigned int d);

/*
 * nkpolicy.c: -j/--json before the subcommand or as its only argument sets
 * json_output; json_option() accepts the latter (2 on other arguments).
 * usage_error() prints the subcommand's synopsis and returns the exit
 * status of a usage error (2).
 */
int json_option(int argc, char **argv, const char *cmd);
int usage_error(const char *cmd);

/* subcommands */
int cmd_check(int argc, char **argv);
int cmd_execute(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_showconf(int argc, char **argv);
int cmd_mode(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_channels(int argc, char **argv);
int cmd_unload(int argc, char **argv);

extern const char *prog;

#endif /* NKPOLICY_H */
