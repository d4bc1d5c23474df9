// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl argument helpers: size-versioned structs, names, timeouts.
 */
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "nkipc.h"

/*
 * Copy a struct whose first field is its __u32 size.  Shorter user structs
 * (older callers) are zero-extended, longer ones must have a zero tail
 * (copy_struct_from_user()).  @usize returns the caller's size for
 * nkipc_put_arg().
 */
int nkipc_get_arg(void *karg, size_t ksize, const void __user *uarg,
		  size_t min_size, u32 *usize)
{
	u32 size;
	int ret;

	if (get_user(size, (const u32 __user *)uarg))
		return -EFAULT;
	if (size < min_size || size > PAGE_SIZE)
		return -EINVAL;
	ret = copy_struct_from_user(karg, ksize, uarg, size);
	if (ret == -E2BIG)
		return -EINVAL;
	if (ret)
		return ret;
	*usize = size;
	return 0;
}

int nkipc_put_arg(void __user *uarg, const void *karg, size_t ksize,
		  u32 usize)
{
	if (copy_to_user(uarg, karg, min_t(size_t, ksize, usize)))
		return -EFAULT;
	return 0;
}

/* A name must be non-empty and NUL-terminated within @size. */
int nkipc_check_name(const char *name, size_t size)
{
	size_t len = strnlen(name, size);

	return len == 0 || len == size ? -EINVAL : 0;
}

int nkipc_get_name(char *dst, size_t size, u64 uptr)
{
	long len;

	len = strncpy_from_user(dst, u64_to_user_ptr(uptr), size);
	if (len < 0)
		return len;
	if (len == 0 || len == size)
		return -EINVAL;
	return 0;
}

/* NKIPC_TIMEOUT_INFINITE (and anything longer) waits forever. */
long nkipc_timeout_jiffies(u64 timeout_ns)
{
	unsigned long j;

	if (timeout_ns == NKIPC_TIMEOUT_INFINITE)
		return MAX_SCHEDULE_TIMEOUT;
	if (timeout_ns == 0)
		return 0;
	j = nsecs_to_jiffies(timeout_ns);
	if (j >= MAX_SCHEDULE_TIMEOUT)
		return MAX_SCHEDULE_TIMEOUT;
	return max_t(long, j, 1);
}

bool nkipc_all_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}
