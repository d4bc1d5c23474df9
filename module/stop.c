// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only stop points (stop.h), built only with NKIPC_TEST=1.  One slot:
 * a test arms one (step, thread) at a time, waits until the thread is
 * parked there (reading the file), kills it or its peer, then disarms.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "core.h"
#include "stop.h"

static DEFINE_SPINLOCK(nkipc_stop_lock);
static DECLARE_WAIT_QUEUE_HEAD(nkipc_stop_wait);
/* under nkipc_stop_lock; armed read locklessly on the fast path */
static int nkipc_stop_step;		/* 0: disarmed */
static pid_t nkipc_stop_tid;		/* in the initial pid namespace */
static bool nkipc_stop_parked;
static u64 nkipc_stop_gen;		/* bumped by every write */
static atomic_t nkipc_stop_txns = ATOMIC_INIT(0);
static atomic_t nkipc_stop_pins = ATOMIC_INIT(0);
static atomic_t nkipc_stop_handles = ATOMIC_INIT(0);
static struct dentry *nkipc_stop_dir;

void nkipc_stop(enum nkipc_step step)
{
	bool hit;
	u64 gen;

	/* Every point must be a place that may sleep, armed or not. */
	might_sleep();
	if (READ_ONCE(nkipc_stop_step) != step)
		return;
	spin_lock(&nkipc_stop_lock);
	hit = nkipc_stop_step == step && !nkipc_stop_parked &&
	      nkipc_stop_tid == task_pid_nr(current);
	if (hit)
		nkipc_stop_parked = true;
	gen = nkipc_stop_gen;
	spin_unlock(&nkipc_stop_lock);
	if (!hit)
		return;

	pr_info("stop: step %d: %d parked\n", step, task_pid_nr(current));
	wait_event_killable(nkipc_stop_wait,
			    READ_ONCE(nkipc_stop_gen) != gen);

	/* One shot: a kill ends the stop as disarming does. */
	spin_lock(&nkipc_stop_lock);
	if (nkipc_stop_gen == gen) {
		nkipc_stop_step = 0;
		nkipc_stop_gen++;
	}
	nkipc_stop_parked = false;
	spin_unlock(&nkipc_stop_lock);
	pr_info("stop: step %d: %d goes on%s\n", step, task_pid_nr(current),
		fatal_signal_pending(current) ? " (killed)" : "");
}

void nkipc_stop_txn_count(int delta)
{
	atomic_add(delta, &nkipc_stop_txns);
}

void nkipc_stop_pin_count(int delta)
{
	atomic_add(delta, &nkipc_stop_pins);
}

static int nkipc_stop_show(struct seq_file *m, void *v)
{
	spin_lock(&nkipc_stop_lock);
	if (!nkipc_stop_step)
		seq_puts(m, "none\n");
	else
		seq_printf(m, "%d %d %s\n", nkipc_stop_step, nkipc_stop_tid,
			   nkipc_stop_parked ? "parked" : "armed");
	spin_unlock(&nkipc_stop_lock);
	return 0;
}

static int nkipc_stop_open(struct inode *inode, struct file *file)
{
	return single_open(file, nkipc_stop_show, NULL);
}

/* "STEP TID": arm; "0": disarm (and release a parked thread). */
static ssize_t nkipc_stop_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	char buf[32];
	int step, nr = 0;
	pid_t tid = 0;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	nr = sscanf(buf, "%d %d", &step, &tid);
	if (nr < 1 || step < 0 || step > NKIPC_STEP_MAX ||
	    (step && (nr != 2 || tid <= 0)))
		return -EINVAL;
	if (step) {
		struct pid *pid = find_get_pid(tid);

		if (!pid)
			return -ESRCH;
		tid = pid_nr(pid);	/* the writer's namespace -> global */
		put_pid(pid);
	}

	spin_lock(&nkipc_stop_lock);
	if (step && nkipc_stop_parked) {
		spin_unlock(&nkipc_stop_lock);
		return -EBUSY;
	}
	nkipc_stop_step = step;
	nkipc_stop_tid = tid;
	nkipc_stop_gen++;
	spin_unlock(&nkipc_stop_lock);
	wake_up_all(&nkipc_stop_wait);
	return len;
}

static const struct file_operations nkipc_stop_fops = {
	.owner = THIS_MODULE,
	.open = nkipc_stop_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = nkipc_stop_write,
};

static int nkipc_stop_users_show(struct seq_file *m, void *v)
{
	nkipc_account_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nkipc_stop_users);

static int nkipc_stop_txns_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", atomic_read(&nkipc_stop_txns));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nkipc_stop_txns);

void nkipc_stop_handle_count(int delta)
{
	atomic_add(delta, &nkipc_stop_handles);
}

static int nkipc_stop_handles_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", atomic_read(&nkipc_stop_handles));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nkipc_stop_handles);

static int nkipc_stop_pins_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", atomic_read(&nkipc_stop_pins));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nkipc_stop_pins);

/* debugfs failures are not errors: the files are then missing. */
void nkipc_stop_init(void)
{
	nkipc_stop_dir = debugfs_create_dir("nkipc", NULL);
	debugfs_create_file("stop", 0600, nkipc_stop_dir, NULL,
			    &nkipc_stop_fops);
	debugfs_create_file("users", 0400, nkipc_stop_dir, NULL,
			    &nkipc_stop_users_fops);
	debugfs_create_file("txns", 0400, nkipc_stop_dir, NULL,
			    &nkipc_stop_txns_fops);
	debugfs_create_file("pins", 0400, nkipc_stop_dir, NULL,
			    &nkipc_stop_pins_fops);
	debugfs_create_file("handles", 0400, nkipc_stop_dir, NULL,
			    &nkipc_stop_handles_fops);
	pr_info("test build: stop points in /sys/kernel/debug/nkipc\n");
}

void nkipc_stop_exit(void)
{
	debugfs_remove_recursive(nkipc_stop_dir);
	WARN_ON_ONCE(atomic_read(&nkipc_stop_txns));
	WARN_ON_ONCE(atomic_read(&nkipc_stop_pins));
	WARN_ON_ONCE(atomic_read(&nkipc_stop_handles));
}
