// SPDX-License-Identifier: LGPL-2.1-or-later
/* dev.c - the process's /dev/nkipc context (see dev.h). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <linux/nkipc.h>
#include <coresrv/syscalls.h>

#include "dev.h"

static pthread_mutex_t dev_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t dev_once = PTHREAD_ONCE_INIT;
static int dev_fd = -1;

/*
 * A forked child must not share its parent's context: name-server
 * entries and connection requests would stay with the parent.  The child
 * drops the inherited fd and opens its own on first use.
 */
static void dev_prepare(void)
{
	pthread_mutex_lock(&dev_lock);
}

static void dev_parent(void)
{
	pthread_mutex_unlock(&dev_lock);
}

static void dev_child(void)
{
	if (dev_fd >= 0)
		close(dev_fd);
	dev_fd = -1;
	pthread_mutex_unlock(&dev_lock);
}

static void dev_atfork(void)
{
	pthread_atfork(dev_prepare, dev_parent, dev_child);
}

int nk_dev_fd(int *fd)
{
	int err = 0;

	pthread_once(&dev_once, dev_atfork);
	pthread_mutex_lock(&dev_lock);
	if (dev_fd < 0) {
		dev_fd = open(NKIPC_DEVICE, O_RDWR | O_CLOEXEC);
		if (dev_fd < 0)
			err = errno;
	}
	*fd = dev_fd;
	pthread_mutex_unlock(&dev_lock);
	return err;
}

int nk_dev_fd_peek(void)
{
	int fd;

	pthread_mutex_lock(&dev_lock);
	fd = dev_fd;
	pthread_mutex_unlock(&dev_lock);
	return fd;
}

int nk_dev_fd_wait(nk_uint32_t msecs, int *fd)
{
	const struct timespec step = { 0, 10 * 1000 * 1000 };
	nk_uint64_t waited = 0;
	int err;

	for (;;) {
		err = nk_dev_fd(fd);
		if (err != ENOENT && err != ENODEV)
			return err;
		if (msecs != INFINITE_TIMEOUT && waited >= msecs)
			return msecs ? ETIMEDOUT : err;
		nanosleep(&step, NULL);
		waited += 10;
	}
}
