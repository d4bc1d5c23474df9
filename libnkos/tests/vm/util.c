// SPDX-License-Identifier: LGPL-2.1-or-later
/* util.c - helpers of the libnkos VM tests (see util.h). */
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <coresrv/sl/sl_api.h>

#include "util.h"

const char *uniq(const char *prefix)
{
	static char buf[8][96];
	static unsigned int n;
	char *b = buf[n % 8];

	snprintf(b, sizeof(buf[0]), "%s.%d.%u", prefix, (int)getpid(), n);
	n++;
	return b;
}

struct serve_arg {
	NkKosTransport *t;
	struct NkKosDispatchInfo info;
};

static void *serve_thread(void *p)
{
	struct serve_arg *a = p;

	NkKosDoDispatch(&a->t->base, &a->info);
	return NULL;
}

void serve_echo(Handle handle, int threads, unsigned int delay_us)
{
	static NkKosTransport t;
	static struct Echo_entity entity;
	struct serve_arg a;
	pthread_t tid[16];
	int i;

	NkKosTransport_Init(&t, handle, NK_NULL, 0);
	entity.delay_us = delay_us;
	a.t = &t;
	a.info = NK_KOS_DISPATCH_INFO(Echo, &entity);
	if (threads > 16)
		threads = 16;
	for (i = 1; i < threads; i++)
		pthread_create(&tid[i], NULL, serve_thread, &a);
	serve_thread(&a);
	for (i = 1; i < threads; i++)
		pthread_join(tid[i], NULL);
}

pid_t spawn_sl_server(const char *channel, int threads, unsigned int delay_us)
{
	pid_t pid = fork();
	ServiceId id;
	Handle h;

	if (pid)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	h = ServiceLocatorRegister(channel, NULL, 0, &id);
	if (h == INVALID_HANDLE) {
		perror("# ServiceLocatorRegister");
		_exit(2);
	}
	serve_echo(h, threads, delay_us);
	_exit(0);
}

void stop_child(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

void kill_own_group(void)
{
	pid_t self = getpid(), pgrp = getpgrp();
	DIR *d = opendir("/proc");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[64], stat[512], *p;
		pid_t pid = (pid_t)atoi(e->d_name);
		FILE *f;
		int pg = 0;

		if (pid <= 0 || pid == self)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		f = fopen(path, "r");
		if (!f)
			continue;
		/* "pid (comm) state ppid pgrp ...": comm may hold spaces */
		if (fgets(stat, sizeof(stat), f) && (p = strrchr(stat, ')')) &&
		    sscanf(p + 1, " %*c %*d %d", &pg) == 1 && pg == pgrp)
			kill(pid, SIGKILL);
		fclose(f);
	}
	if (d)
		closedir(d);
}

int wait_child(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

void sync_init(struct sync_pipe *p)
{
	if (pipe(p->fd))
		abort();
}

void sync_post(struct sync_pipe *p)
{
	char c = 1;

	if (write(p->fd[1], &c, 1) != 1)
		abort();
}

int sync_wait(struct sync_pipe *p)
{
	char c;

	return read(p->fd[0], &c, 1) == 1 ? 0 : -1;
}
