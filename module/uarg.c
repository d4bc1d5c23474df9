// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl argument helpers: size-versioned structs, names, timeouts.
 */
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "core.h"

/*
 * nkipc_get_arg() (core.h) copies a struct of exactly this kernel's size
 * itself, with a copy of constant length; every other size comes here.
 * Copy a struct whose first field is its __u32 size (the openat2() rule,
 * docs/uapi.md): a size below @min_size (the struct's *_SIZE_VER0, the
 * first published size) is -EINVAL; a size between that and @ksize (an
 * older caller) is zero-extended; a longer one (a newer caller) is
 * accepted if the bytes this kernel does not know are zero, else -E2BIG,
 * as is a size above a page.  @usize returns the caller's size for
 * nkipc_put_arg().
 */
int __nkipc_get_arg(void *karg, size_t ksize, const void __user *uarg,
		    size_t min_size, u32 size, u32 *usize)
{
	int ret;

	if (size < min_size)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	ret = copy_struct_from_user(karg, ksize, uarg, size);
	if (ret)
		return ret;
	*usize = size;
	return 0;
}

/*
 * vmemdup_user() for memory that a user keeps for as long as it likes (an
 * endpoint table): charged to the caller's memory cgroup like every other
 * allocation a user can cause (vmemdup_user() uses plain GFP_KERNEL).
 * Large and sized by the caller, so at the cgroup's limit it fails
 * (-ENOMEM) instead of invoking the OOM killer (NKIPC_GFP_LARGE).
 * Free with kvfree().
 */
void *nkipc_memdup_user_account(u64 uptr, size_t len)
{
	void *p;

	p = kvmalloc(len, NKIPC_GFP_LARGE);
	if (!p)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(p, u64_to_user_ptr(uptr), len)) {
		kvfree(p);
		return ERR_PTR(-EFAULT);
	}
	return p;
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

/*
 * Timeouts are measured on CLOCK_MONOTONIC with hrtimers, never in
 * jiffies: under load (or a virtual machine) the tick can lag and then
 * catch up several jiffies at once, which ended jiffy timeouts early.  A
 * wait of @timeout_ns never ends before that much monotonic time has
 * passed, and ends at most the task's timer slack later.
 * NKIPC_TIMEOUT_INFINITE (and anything longer than KTIME_MAX) waits
 * forever: KTIME_MAX, which the hrtimer waits treat as no timeout.
 */
ktime_t nkipc_timeout_ktime(u64 timeout_ns)
{
	return timeout_ns >= KTIME_MAX ? KTIME_MAX : ns_to_ktime(timeout_ns);
}

ktime_t nkipc_deadline(u64 timeout_ns)
{
	return ktime_add_safe(ktime_get(), nkipc_timeout_ktime(timeout_ns));
}

bool nkipc_all_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}
