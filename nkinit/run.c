// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * run.c - start, supervise and stop the entities of a solution.
 *
 * Start: the execute rules of the policy are judged for every entity
 * first (exec.c; nothing starts if one is denied), the policy is loaded
 * with nkpolicy, every executable is checked.  Then, servers before their
 * clients: fork; the child makes its own process group, asks for SIGKILL
 * when nkinit dies and waits on a pipe; nkinit gives it its class with
 * NKIPC_IOC_LAUNCH_CLASS (the kernel fixes the class of the image the
 * child executes next, see uapi/linux/nkipc.h); then the child executes
 * the program with the solution's args and env, NK_SL_CHANNELS (its
 * static channel names, check.c).
 *
 * Supervise: nkinit is a child subreaper, so whatever the entities fork
 * stays below it.  Each entity's stdout and stderr are read and printed
 * line by line as "[task] line"; every exit is logged with its status;
 * restart: on-failure / always restarts the entity (at most max_restarts
 * times, after restart_delay_ms).  The solution ends when `until` is met
 * (all entities have exited for good; any one has; every client has, a
 * client being a task no connection targets, or the first one if there
 * are no static connections; every task of a comma-separated list has)
 * or on SIGTERM, SIGINT or SIGHUP.
 *
 * Stop: SIGTERM to every running entity's process group, SIGKILL after
 * stop_timeout_ms, then SIGKILL to every process still below nkinit
 * (reparented descendants) until none is left.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/nkipc.h>

#include "nkinit.h"

extern char **environ;

struct runner {
	struct nki_solution *sol;
	const struct nki_run_opts *o;
	char **paths;		/* resolved executables */
	size_t *order;		/* start order */
	long long *restart_at;	/* ms, 0: none pending */
	int dev;		/* /dev/nkipc, or -1 */
	int sfd;		/* signalfd */
	int stopping;
	int failed;		/* an entity failed (status != 0) */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void logf_(const struct runner *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void logf_(const struct runner *r, const char *fmt, ...)
{
	va_list ap;

	if (r->o->quiet)
		return;
	va_start(ap, fmt);
	fputs("nkinit: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
}

static void errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void errf(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	fputs("nkinit: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static char *resolve(const struct runner *r, const char *path)
{
	char buf[PATH_MAX];
	const char *slash;

	if (path[0] == '/') {
		snprintf(buf, sizeof(buf), "%s", path);
	} else if (r->o->bindir) {
		snprintf(buf, sizeof(buf), "%s/%s", r->o->bindir, path);
	} else {
		/* a bundle: the executables are next to init.yaml */
		slash = strrchr(r->sol->file, '/');
		snprintf(buf, sizeof(buf), "%.*s%s",
			 slash ? (int)(slash - r->sol->file + 1) : 0, r->sol->file, path);
	}
	return xstrdup(buf);
}

static struct nki_entity *task_ent(struct nki_solution *sol, const char *task)
{
	size_t i;

	for (i = 0; i < sol->n_ents; i++)
		if (!strcmp(sol->ents[i].task, task))
			return &sol->ents[i];
	return NULL;
}

/* Depth-first: an entity's targets are started before it. */
static void order_visit(struct runner *r, size_t i, char *mark, size_t *n)
{
	struct nki_entity *e = &r->sol->ents[i];
	size_t j;

	if (mark[i])
		return;
	mark[i] = 1;
	for (j = 0; j < e->n_conns; j++) {
		struct nki_entity *t = task_ent(r->sol, e->conns[j].target);

		if (t)
			order_visit(r, t - r->sol->ents, mark, n);
	}
	r->order[(*n)++] = i;
}

static int load_policy(const struct runner *r, const char *file)
{
	const struct nki_run_opts *o = r->o;
	const char **argv = calloc(o->n_inc * 2 + 5, sizeof(*argv));
	size_t i, n = 0;
	int status;
	pid_t pid;

	if (!argv)
		return -1;
	argv[n++] = o->nkpolicy;
	argv[n++] = "load";
	for (i = 0; i < o->n_inc; i++) {
		argv[n++] = "-I";
		argv[n++] = o->incdirs[i];
	}
	argv[n++] = file;
	pid = fork();
	if (pid < 0) {
		free(argv);
		return -1;
	}
	if (!pid) {
		execvp(argv[0], (char **)argv);
		fprintf(stderr, "nkinit: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	free(argv);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

static char **child_env(const struct nki_entity *e)
{
	size_t n = 0, k = 0, i;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + e->n_env + 2, sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "NK_SL_CHANNELS=", 15))
			env[k++] = environ[i];
	for (i = 0; i < e->n_env; i++)
		env[k++] = e->env[i];
	if (e->sl_env)
		env[k++] = e->sl_env;
	return env;
}

/* Fork the entity, give it its class, let it exec.  0 or -1. */
static int start(struct runner *r, size_t i)
{
	struct nki_entity *e = &r->sol->ents[i];
	int out[2], sync[2];
	pid_t parent = getpid(), pid;
	char **argv, **env;
	char go = 1;
	size_t k;

	if (pipe2(out, O_CLOEXEC))
		return -1;
	if (pipe2(sync, O_CLOEXEC)) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	argv = calloc(e->n_args + 2, sizeof(*argv));
	env = child_env(e);
	if (!argv || !env) {
		free(argv);
		free(env);
		close(out[0]);
		close(out[1]);
		close(sync[0]);
		close(sync[1]);
		return -1;
	}
	argv[0] = r->paths[i];
	for (k = 0; k < e->n_args; k++)
		argv[k + 1] = e->args[k];
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		free(argv);
		free(env);
		close(out[0]);
		close(out[1]);
		close(sync[0]);
		close(sync[1]);
		return -1;
	}
	if (!pid) {
		sigset_t none;
		char c;
		int null;

		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		null = open("/dev/null", O_RDONLY);
		if (null >= 0 && null != 0) {
			dup2(null, 0);
			close(null);
		}
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(sync[1]);
		/* wait for the class: EOF without a byte means "give up" */
		if (read(sync[0], &c, 1) != 1)
			_exit(127);
		execve(argv[0], argv, env);
		fprintf(stderr, "nkinit: cannot execute %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	free(argv);
	free(env);
	close(out[1]);
	close(sync[0]);
	setpgid(pid, pid);	/* no race with the child's own setpgid */
	if (r->dev >= 0) {
		struct nkipc_launch_class lc;

		memset(&lc, 0, sizeof(lc));
		lc.size = sizeof(lc);
		lc.pid = pid;
		snprintf(lc.class_name, sizeof(lc.class_name), "%s", e->name);
		if (ioctl(r->dev, NKIPC_IOC_LAUNCH_CLASS, &lc)) {
			int err = errno;

			errf("%s: cannot give class %s (NKIPC_IOC_LAUNCH_CLASS): %s%s",
			     e->task, e->name, strerror(err),
			     err == EPERM ? " (needs CAP_MAC_ADMIN)" : "");
			close(sync[1]);	/* the child exits without executing */
			kill(pid, SIGKILL);
			e->pid = pid;
			e->out_fd = out[0];
			return -1;
		}
	}
	if (write(sync[1], &go, 1) != 1) {
		close(sync[1]);
		kill(pid, SIGKILL);
		e->pid = pid;
		e->out_fd = out[0];
		return -1;
	}
	close(sync[1]);
	e->pid = pid;
	e->out_fd = out[0];
	fcntl(e->out_fd, F_SETFL, O_NONBLOCK);
	logf_(r, "started %s (class %s, pid %d)%s%s", e->task, e->name, (int)pid,
	      e->sl_env ? ", channels " : "",
	      e->sl_env ? e->sl_env + strlen("NK_SL_CHANNELS=") : "");
	return 0;
}

static void flush_line(struct nki_entity *e, const char *s, size_t len)
{
	printf("[%s] %.*s\n", e->task, (int)len, s);
}

/* Read what the entity wrote; print complete lines (all at EOF). */
static void drain(struct nki_entity *e)
{
	char buf[4096];
	ssize_t n;

	if (e->out_fd < 0)
		return;
	while ((n = read(e->out_fd, buf, sizeof(buf))) > 0) {
		char *nb = realloc(e->outbuf, e->outlen + n);
		size_t start = 0, i;

		if (!nb)
			break;
		e->outbuf = nb;
		memcpy(e->outbuf + e->outlen, buf, n);
		e->outlen += n;
		for (i = 0; i < e->outlen; i++)
			if (e->outbuf[i] == '\n') {
				flush_line(e, e->outbuf + start, i - start);
				start = i + 1;
			}
		/* a very long line without newline is printed in pieces */
		if (e->outlen - start >= 65536) {
			flush_line(e, e->outbuf + start, e->outlen - start);
			start = e->outlen;
		}
		memmove(e->outbuf, e->outbuf + start, e->outlen - start);
		e->outlen -= start;
	}
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		if (e->outlen)
			flush_line(e, e->outbuf, e->outlen);
		e->outlen = 0;
		close(e->out_fd);
		e->out_fd = -1;
	}
	fflush(stdout);
}

/*
 * @list: comma-separated task names.  @want_done: count the tasks not yet
 * done; else count the names that are no task.
 */
static size_t tasks_check(struct nki_solution *sol, const char *list,
			  int want_done)
{
	const char *p = list;
	size_t n = 0;

	while (*p) {
		size_t len = strcspn(p, ",");
		char name[256];
		struct nki_entity *e;

		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		e = task_ent(sol, name);
		if (want_done ? (e && !e->done) : !e)
			n++;
		p += len;
		if (*p)
			p++;
	}
	return n;
}

static int is_target(const struct nki_solution *sol, const char *task)
{
	size_t i, j;

	for (i = 0; i < sol->n_ents; i++)
		for (j = 0; j < sol->ents[i].n_conns; j++)
			if (!strcmp(sol->ents[i].conns[j].target, task))
				return 1;
	return 0;
}

static int until_met(const struct runner *r)
{
	const char *u = r->o->until;
	size_t i, done = 0, clients = 0, clients_done = 0;

	for (i = 0; i < r->sol->n_ents; i++) {
		const struct nki_entity *e = &r->sol->ents[i];

		done += e->done;
		if (!is_target(r->sol, e->task)) {
			clients++;
			clients_done += e->done;
		}
	}
	/* clients: every task no connection targets; without static
	 * connections (all are "clients"), the first one to exit */
	if (!strcmp(u, "clients"))
		return clients == r->sol->n_ents ? done > 0 : clients_done == clients;
	if (!strcmp(u, "all"))
		return done == r->sol->n_ents;
	if (!strcmp(u, "any"))
		return done > 0;
	return !tasks_check(r->sol, u, 1);
}

static void describe_status(char *buf, size_t cap, int status)
{
	if (WIFEXITED(status))
		snprintf(buf, cap, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, cap, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, cap, "status 0x%x", status);
}

static void reap(struct runner *r)
{
	int status;
	pid_t pid;
	size_t i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct nki_entity *e = NULL;
		char how[96];
		int failed;

		for (i = 0; i < r->sol->n_ents; i++)
			if (r->sol->ents[i].pid == pid)
				e = &r->sol->ents[i];
		if (!e)
			continue;	/* a reparented descendant */
		drain(e);
		e->pid = 0;
		e->status = status;
		describe_status(how, sizeof(how), status);
		failed = !(WIFEXITED(status) && !WEXITSTATUS(status));
		logf_(r, "%s (pid %d) %s", e->task, (int)pid, how);
		if (r->stopping) {
			e->done = 1;
			continue;
		}
		if (failed)
			r->failed = 1;
		if ((e->restart == NKI_RESTART_ALWAYS ||
		     (e->restart == NKI_RESTART_ON_FAILURE && failed)) &&
		    e->restarts < r->o->max_restarts) {
			e->restarts++;
			r->restart_at[e - r->sol->ents] = now_ms() + r->o->restart_delay_ms;
			logf_(r, "restarting %s in %u ms (restart %u of %u)", e->task,
			      r->o->restart_delay_ms, e->restarts, r->o->max_restarts);
		} else {
			if (e->restart != NKI_RESTART_NO && e->restarts >= r->o->max_restarts &&
			    (e->restart == NKI_RESTART_ALWAYS || failed))
				logf_(r, "%s: not restarted again (%u restarts)", e->task, e->restarts);
			e->done = 1;
		}
	}
}

static void signal_all(struct runner *r, int sig)
{
	size_t i;

	for (i = r->sol->n_ents; i-- > 0;) {
		struct nki_entity *e = &r->sol->ents[r->order[i]];

		if (e->pid > 0) {
			kill(-e->pid, sig);
			kill(e->pid, sig);
		}
	}
}

static int n_running(const struct runner *r)
{
	size_t i;
	int n = 0;

	for (i = 0; i < r->sol->n_ents; i++)
		n += r->sol->ents[i].pid > 0;
	return n;
}

/* One round of the event loop, waiting at most @timeout ms. */
static void pump(struct runner *r, int timeout)
{
	struct pollfd *pfd = calloc(r->sol->n_ents + 1, sizeof(*pfd));
	size_t *idx = calloc(r->sol->n_ents + 1, sizeof(*idx));
	size_t i, n = 0;

	if (!pfd || !idx) {
		free(pfd);
		free(idx);
		usleep(100000);
		reap(r);
		return;
	}
	pfd[n].fd = r->sfd;
	pfd[n++].events = POLLIN;
	for (i = 0; i < r->sol->n_ents; i++)
		if (r->sol->ents[i].out_fd >= 0) {
			idx[n] = i;
			pfd[n].fd = r->sol->ents[i].out_fd;
			pfd[n++].events = POLLIN;
		}
	if (poll(pfd, n, timeout) > 0) {
		for (i = 1; i < n; i++)
			if (pfd[i].revents)
				drain(&r->sol->ents[idx[i]]);
		if (pfd[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			while (read(r->sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGCHLD)
					continue;
				if (!r->stopping)
					logf_(r, "%s: stopping the solution", strsignal(si.ssi_signo));
				r->stopping = 1;
			}
		}
	}
	reap(r);
	free(pfd);
	free(idx);
}

/*
 * Pids of our children: every /proc/PID/stat whose parent is us.  (The
 * /proc/self/task/TID/children list needs CONFIG_PROC_CHILDREN, which
 * many kernels lack: there it named nothing and daemons survived.)
 */
static size_t list_children(pid_t *out, size_t cap)
{
	pid_t self = getpid();
	struct dirent *d;
	size_t n = 0;
	DIR *proc;

	proc = opendir("/proc");
	if (!proc)
		return 0;
	while (n < cap && (d = readdir(proc))) {
		char path[64], buf[512], *p;
		long pid, ppid;
		ssize_t len;
		int fd;

		pid = strtol(d->d_name, &p, 10);
		if (*p || pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		/* "pid (comm) state ppid ...": comm may hold anything */
		p = strrchr(buf, ')');
		if (!p || sscanf(p + 1, " %*c %ld", &ppid) != 1)
			continue;
		if (ppid == self)
			out[n++] = (pid_t)pid;
	}
	closedir(proc);
	return n;
}

static void teardown(struct runner *r)
{
	long long deadline;
	pid_t kids[1024];
	size_t i, n;
	int rounds;

	r->stopping = 1;
	for (i = 0; i < r->sol->n_ents; i++)
		r->restart_at[i] = 0;
	if (n_running(r)) {
		logf_(r, "stopping %d entities (SIGTERM)", n_running(r));
		signal_all(r, SIGTERM);
	}
	deadline = now_ms() + r->o->stop_timeout_ms;
	while (n_running(r) && now_ms() < deadline)
		pump(r, (int)(deadline - now_ms()) > 0 ? (int)(deadline - now_ms()) : 0);
	if (n_running(r)) {
		logf_(r, "%d entities did not stop in %u ms: SIGKILL", n_running(r),
		      r->o->stop_timeout_ms);
		signal_all(r, SIGKILL);
		deadline = now_ms() + 5000;
		while (n_running(r) && now_ms() < deadline)
			pump(r, 100);
	}
	/* whatever the entities forked and left behind is ours now */
	for (rounds = 0; rounds < 50; rounds++) {
		n = list_children(kids, 1024);
		if (!n)
			break;
		if (!rounds)
			logf_(r, "killing %zu leftover processes", n);
		for (i = 0; i < n; i++)
			kill(kids[i], SIGKILL);
		for (i = 0; i < n; i++)
			waitpid(kids[i], NULL, 0);
		reap(r);
	}
	for (i = 0; i < r->sol->n_ents; i++)
		drain(&r->sol->ents[i]);
}

int nki_run(struct nki_solution *sol, const struct nki_run_opts *o)
{
	struct runner r = { .sol = sol, .o = o, .dev = -1, .sfd = -1 };
	sigset_t set;
	char *mark;
	size_t i;
	int ret = 1;

	r.paths = calloc(sol->n_ents + 1, sizeof(*r.paths));
	r.order = calloc(sol->n_ents + 1, sizeof(*r.order));
	r.restart_at = calloc(sol->n_ents + 1, sizeof(*r.restart_at));
	mark = calloc(sol->n_ents + 1, 1);
	if (!r.paths || !r.order || !r.restart_at || !mark) {
		errf("out of memory");
		goto out;
	}
	if (strcmp(o->until, "all") && strcmp(o->until, "any") &&
	    strcmp(o->until, "clients") && (!*o->until || tasks_check(sol, o->until, 0))) {
		errf("--until %s: not a list of tasks of %s", o->until, sol->file);
		goto out;
	}
	for (i = 0; i < sol->n_ents; i++) {
		r.paths[i] = resolve(&r, sol->ents[i].path);
		if (!r.paths[i] || access(r.paths[i], X_OK)) {
			errf("%s:%d: %s: cannot execute %s: %s", sol->file, sol->ents[i].line,
			     sol->ents[i].task, r.paths[i] ? r.paths[i] : sol->ents[i].path,
			     strerror(errno));
			goto out;
		}
	}
	if (o->policy) {
		struct nki_diag d = { stderr, 0 };
		char wrap[PATH_MAX], *dyn, *line, *end;
		int bad;

		/*
		 * the policy with the grants of init.yaml's channels and of
		 * the dynamic channels it allows (grants.c)
		 */
		if (nki_policy_wrap(sol, o->policy, o->incdirs, o->n_inc, wrap,
				    sizeof(wrap), &dyn, &d))
			goto out;
		bad = nki_execute_check(sol, wrap, o->policy, o->incdirs, o->n_inc,
					o->self_class, &d) ||
		      load_policy(&r, wrap);
		nki_policy_unwrap(wrap);
		if (bad) {
			if (!d.errors)
				errf("%s: could not load the policy with %s", o->policy,
				     o->nkpolicy);
			free(dyn);
			goto out;
		}
		logf_(&r, "policy %s loaded", o->policy);
		logf_(&r, "with register and connect grants for %s's static channels",
		      sol->file);
		/* each dynamic grant, without its comment (after a tab) */
		for (line = dyn; line && *line; line = end + !!*end) {
			end = strchrnul(line, '\n');
			logf_(&r, "dynamic channel grant: %.*s",
			      (int)strcspn(line, "\t\n"), line);
		}
		free(dyn);
	}
	if (!o->no_class) {
		r.dev = open(NKIPC_DEVICE, O_RDWR | O_CLOEXEC);
		if (r.dev < 0) {
			errf("%s: %s (is the nkipc module loaded?)", NKIPC_DEVICE, strerror(errno));
			goto out;
		}
	}
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	r.sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (r.sfd < 0) {
		errf("signalfd: %s", strerror(errno));
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	{
		size_t n = 0;

		for (i = 0; i < sol->n_ents; i++)
			order_visit(&r, i, mark, &n);
	}
	for (i = 0; i < sol->n_ents && !r.stopping; i++) {
		if (start(&r, r.order[i])) {
			errf("%s: could not start", sol->ents[r.order[i]].task);
			r.failed = 1;
			teardown(&r);
			goto out;
		}
		pump(&r, 0);
	}
	while (!r.stopping && !until_met(&r)) {
		long long next = 0, t = now_ms();
		int timeout = -1;

		for (i = 0; i < sol->n_ents; i++) {
			if (!r.restart_at[i])
				continue;
			if (r.restart_at[i] <= t) {
				r.restart_at[i] = 0;
				if (start(&r, i)) {
					errf("%s: could not restart", sol->ents[i].task);
					sol->ents[i].done = 1;
					r.failed = 1;
				}
			} else if (!next || r.restart_at[i] < next) {
				next = r.restart_at[i];
			}
		}
		if (next)
			timeout = (int)(next - t);
		pump(&r, timeout);
	}
	teardown(&r);
	ret = r.failed ? 1 : 0;
	logf_(&r, "solution stopped%s", r.failed ? ": an entity failed" : "");
out:
	if (r.sfd >= 0)
		close(r.sfd);
	if (r.dev >= 0)
		close(r.dev);
	for (i = 0; r.paths && i < sol->n_ents; i++)
		free(r.paths[i]);
	free(r.paths);
	free(r.order);
	free(r.restart_at);
	free(mark);
	return ret;
}
