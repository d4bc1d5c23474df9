// SPDX-License-Identifier: LGPL-2.1-or-later
/* tap.c - the TAP runner of tap.h. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

int tap_run(const struct vm_test *tests, unsigned int n, unsigned int secs)
{
	unsigned int i, failed = 0;
	pid_t pid;
	int st;

	printf("TAP version 13\n1..%u\n", n);
	fflush(stdout);
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid == 0) {
			/* own process group: its servers die with it */
			setpgid(0, 0);
			alarm(secs);
			exit(tests[i].fn() ? 1 : 0);
		}
		st = -1;
		if (pid > 0) {
			waitpid(pid, &st, 0);
			kill(-pid, SIGKILL);
		}
		if (pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			printf("ok %u %s\n", i + 1, tests[i].name);
		} else {
			failed++;
			if (pid > 0 && WIFSIGNALED(st))
				printf("# killed by signal %d%s\n", WTERMSIG(st),
				       WTERMSIG(st) == SIGALRM ? " (timeout)" : "");
			printf("not ok %u %s\n", i + 1, tests[i].name);
		}
		fflush(stdout);
	}
	return (int)failed;
}
