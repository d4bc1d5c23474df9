/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nkinit.h - the Einit of nkipc: a KOS init.yaml, read (yaml.c), checked
 * and given channel names (check.c), with the execute rules of a PSL
 * policy (exec.c, nkpolicy's compiler), started and supervised (run.c).
 */
#ifndef NKINIT_H
#define NKINIT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* xcalloc(), xrealloc(), xstrdup(): the policy compiler's (xalloc.c) */
#include "nkpolicy.h"

enum nki_restart { NKI_RESTART_NO, NKI_RESTART_ON_FAILURE, NKI_RESTART_ALWAYS };

struct nki_conn {
	char *target;		/* task name of the server */
	char *id;		/* channel name the client connects to */
	char *kname;		/* the kernel's channel name (check.c) */
	int line;
};

struct nki_entity {
	char *task;		/* instance name; defaults to name */
	char *name;		/* entity class */
	char *path;		/* executable; defaults to the last part of name */
	char **args;		/* argv[1..], NULL-terminated */
	size_t n_args;
	char **env;		/* "K=V", NULL-terminated */
	size_t n_env;
	struct nki_conn *conns;
	size_t n_conns;
	enum nki_restart restart;
	int line;
	/* run state */
	pid_t pid;
	int out_fd;		/* read end of the entity's stdout+stderr */
	char *outbuf;
	size_t outlen;
	unsigned int restarts;
	int done;		/* exited and will not be restarted */
	int status;		/* last wait status */
	char *sl_env;		/* "NK_SL_CHANNELS=..." (check.c) */
};

struct nki_solution {
	char *file;
	struct nki_entity *ents;
	size_t n_ents;
};

/* Diagnostics: "file:line: error: ...", counted. */
struct nki_diag {
	FILE *out;
	unsigned int errors;
};

void nki_error(struct nki_diag *d, const char *file, int line,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * yaml.c: parse @len bytes of @text (the contents of @file).  The SDK's
 * placeholders @INIT_..._ENTITY_CONNECTIONS@, @INIT_..._ENTITY_CONNECTIONS+@
 * and @INIT_EXTERNAL_ENTITIES@ expand to nothing (nkipc has no system
 * entities: the name server is in the kernel); any other @NAME@ is an
 * error.  Returns 0 and fills @sol, or the number of errors reported.
 */
int nki_parse(const char *file, const char *text, size_t len,
	      struct nki_solution *sol, struct nki_diag *d);
int nki_parse_file(const char *file, struct nki_solution *sol,
		   struct nki_diag *d);
void nki_free(struct nki_solution *sol);

/*
 * check.c: semantic checks (classes, unique tasks, targets, ids) and the
 * kernel channel names: a connection's channel is its id when exactly one
 * task is the target of that id, else "<target task>/<id>".  Fills
 * conns[].kname and ents[].sl_env.  Returns the number of errors.
 */
int nki_check(struct nki_solution *sol, struct nki_diag *d);
/* The kernel name of the channel @id served by task @task (check.c). */
const char *nki_kname(const struct nki_solution *sol, const char *task,
		      const char *id);

/*
 * exec.c: may @self start every entity of @sol?  Compiles the PSL policy
 * @file with nkpolicy's compiler (`use EDL` descriptions and `use NAME._`
 * modules in @incdirs) and decides with cpolicy_execute() (policy/
 * nkpolicy.h: deny wins, no match denies, a policy with neither
 * `execute:` nor execute rules does not control starting).  Reports the
 * policy's errors and each denial (at the entity's line), naming the
 * policy @shown (NULL: @file; nkinit compiles nki_policy_wrap()'s file and
 * names the solution's); returns the number of errors, 0 when every
 * entity may start.
 */
int nki_execute_check(const struct nki_solution *sol, const char *file,
		      const char *shown, const char *const *incdirs, size_t n_inc,
		      const char *self, struct nki_diag *d);

/*
 * grants.c: the static channels of @sol as policy rules, one register
 * rule per (server class, channel) and one connect rule per (client
 * class, server class, channel): KOS's Einit creates them without a
 * verdict, nkipc's kernel judges them.  Malloc'd text, NULL (reported)
 * for a channel name a PSL string cannot hold.
 */
char *nki_channel_grants(const struct nki_solution *sol, struct nki_diag *d);
/*
 * grants.c: the dynamic channels the compiled policy @p lets the tasks of
 * @sol use, as policy rules: for every task S (class SC) whose requests
 * to kl.core.NameServer and kl.core.Core the policy grants
 * (cpolicy_request()), `register src=SC server="S"` (SC owns its task
 * name as server name), and for every class CC of a task whose requests
 * to kl.core.Core it grants, `connect src=CC dst=SC server="S"`.
 * Malloc'd text ("" when none).
 */
struct cpolicy;
char *nki_dynamic_grants(const struct nki_solution *sol,
			 const struct cpolicy *p);
/*
 * Both kinds of grants for the PSL policy @policy (compiled with
 * @incdirs): *@stat = nki_channel_grants(), *@dyn = nki_dynamic_grants().
 * 0, or -1 (reported; nothing to free).
 */
int nki_policy_grants(const struct nki_solution *sol, const char *policy,
		      const char *const *incdirs, size_t n_inc,
		      char **stat, char **dyn, struct nki_diag *d);
/*
 * The policy nkinit compiles and loads: a new file @out (in a fresh
 * directory under $TMPDIR or /tmp) that includes @policy by its absolute
 * path, then holds nki_policy_grants()' rules.  0, or -1 (reported).
 * *@dynp (if @dynp): the dynamic rules, malloc'd.
 */
int nki_policy_wrap(const struct nki_solution *sol, const char *policy,
		    const char *const *incdirs, size_t n_inc,
		    char *out, size_t size, char **dynp, struct nki_diag *d);
/* Removes what nki_policy_wrap() made. */
void nki_policy_unwrap(const char *path);

/* run.c */
struct nki_run_opts {
	const char *bindir;	/* relative paths are looked up here */
	const char *until;	/* "all", "any" or a task name */
	unsigned int stop_timeout_ms;
	unsigned int max_restarts;
	unsigned int restart_delay_ms;
	const char *policy;	/* PSL file to load with nkpolicy, or NULL */
	const char *const *incdirs;
	size_t n_inc;
	const char *nkpolicy;	/* nkpolicy executable */
	const char *self_class;	/* the launcher's class in execute rules */
	int no_class;		/* do not ask for launcher grants */
	int quiet;
};

int nki_run(struct nki_solution *sol, const struct nki_run_opts *o);

#endif
