// SPDX-License-Identifier: GPL-2.0
/*
 * The single copy: user buffers are pinned (pin_user_pages_fast()) and
 * message bytes move straight between pinned pages and the peer's user
 * memory (RECV: copy_to_user from the client's pinned request), or between
 * two pinned buffers (REPLY: the server's response into the client's
 * pinned response buffers).  No kernel bounce buffer for large messages,
 * except when a verdict read more of one than snap.c can record
 * (nkipc_pinned_bounce()).
 *
 * Small messages (constant part + arena <= nkipc_inline_threshold) are
 * sent inline instead: the sender's buffers are copied into a kernel
 * buffer (nkipc_copy_in()), which is cheaper than pinning and unpinning
 * for a few hundred bytes and leaves nothing for the sender to change
 * after the verdict; up to NKIPC_TXN_BUF bytes go into a buffer inside the
 * transaction (nkipc_copy_in_buf()), which costs no allocation either.
 * The client's response buffers are not touched at CALL: a small response
 * is left in the transaction and copied out by the woken caller, a larger
 * one is pinned by the replying server for what it sends
 * (nkipc_pin_remote()).  struct nkipc_pinned covers all of these: ->kbuf
 * set means a kernel copy.
 */
#include <linux/highmem.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/unaligned.h>

#include "core.h"
#include "stop.h"

/*
 * The page array for @len bytes at @uaddr; 0 pages for an empty buffer.
 * Both pin paths start here and end in pin_done().
 */
static int pin_pages_alloc(struct nkipc_pinned *p, u64 uaddr, u32 len)
{
	unsigned int npages;

	memset(p, 0, sizeof(*p));
	if (!len)
		return 0;
	if (uaddr + len < uaddr || uaddr + len > TASK_SIZE_MAX)
		return -EFAULT;
	npages = DIV_ROUND_UP(offset_in_page(uaddr) + (u64)len, PAGE_SIZE);
	p->pages = kvmalloc_array(npages, sizeof(*p->pages), NKIPC_GFP_LARGE);
	return p->pages ? npages : -ENOMEM;
}

/* @pinned of @npages pinned: all of them, or none is kept. */
static int pin_done(struct nkipc_pinned *p, u64 uaddr, u32 len,
		    unsigned int npages, long pinned, bool write)
{
	if (pinned != npages) {
		if (pinned > 0)
			unpin_user_pages(p->pages, pinned);
		kvfree(p->pages);
		p->pages = NULL;
		return pinned < 0 && pinned != -EFAULT ? (int)pinned : -EFAULT;
	}
	p->npages = npages;
	nkipc_stop_pin_count(npages);
	p->offset = offset_in_page(uaddr);
	p->len = len;
	p->write = write;
	return 0;
}

/*
 * @foll: FOLL_WRITE for buffers the kernel writes into, FOLL_LONGTERM for
 * the client's buffers, which stay pinned while the call waits for the
 * server for as long as that takes (so they are moved out of movable and
 * CMA memory first).
 */
int nkipc_pin(struct nkipc_pinned *p, u64 uaddr, u32 len, unsigned int foll)
{
	int npages = pin_pages_alloc(p, uaddr, len);

	if (npages <= 0)
		return npages;
	return pin_done(p, uaddr, len, npages,
			pin_user_pages_fast(uaddr & PAGE_MASK, npages, foll,
					    p->pages),
			foll & FOLL_WRITE);
}

int nkipc_copy_in(struct nkipc_pinned *p, u64 uaddr, u32 len)
{
	memset(p, 0, sizeof(*p));
	if (!len)
		return 0;
	p->kbuf = kvmalloc(len, NKIPC_GFP_LARGE);
	if (!p->kbuf)
		return -ENOMEM;
	if (copy_from_user(p->kbuf, u64_to_user_ptr(uaddr), len)) {
		kvfree(p->kbuf);
		p->kbuf = NULL;
		return -EFAULT;
	}
	p->len = len;
	return 0;
}

/*
 * Copies of at most NKIPC_TXN_BUF bytes between a kernel buffer and user
 * memory, for the small-message path: eight bytes at a time in one
 * user-access section, then the tail.  _copy_*_user()'s `rep movsb` has a
 * start-up cost that dominates at these sizes on hardware, and TCG's
 * -icount counts it one instruction per byte (docs/benchmarks.md).  The
 * caller has checked the kernel side's bounds.  0 or -EFAULT; on a fault
 * the bytes before it may have been copied and, unlike _copy_from_user(),
 * the rest of @dst is not zeroed: every caller drops the buffer on
 * -EFAULT.  This path skips fail_usercopy injection and the KASAN/KMSAN
 * usercopy hooks of _copy_*_user() (the kernel side is a fixed buffer).
 * Inside the user-access section only unsafe_*_user() and plain
 * (unaligned) loads and stores: no call.
 */
int nkipc_small_from_user(void *dst, const void __user *src, u32 len)
{
	u8 *d = dst;
	u64 w;
	u8 c;

	if (len > NKIPC_TXN_BUF)
		return _copy_from_user(dst, src, len) ? -EFAULT : 0;
	if (!user_read_access_begin(src, len))
		return -EFAULT;
	for (; len >= sizeof(w); len -= sizeof(w), d += sizeof(w),
	     src += sizeof(w)) {
		unsafe_get_user(w, (const u64 __user *)src, efault);
		put_unaligned(w, (u64 *)d);
	}
	for (; len; len--, d++, src++) {
		unsafe_get_user(c, (const u8 __user *)src, efault);
		*d = c;
	}
	user_read_access_end();
	return 0;
efault:
	user_read_access_end();
	return -EFAULT;
}

int nkipc_small_to_user(void __user *dst, const void *src, u32 len)
{
	const u8 *s = src;
	u64 w;

	if (len > NKIPC_TXN_BUF)
		return _copy_to_user(dst, src, len) ? -EFAULT : 0;
	if (!user_write_access_begin(dst, len))
		return -EFAULT;
	for (; len >= sizeof(w); len -= sizeof(w), s += sizeof(w),
	     dst += sizeof(w)) {
		w = get_unaligned((const u64 *)s);
		unsafe_put_user(w, (u64 __user *)dst, efault);
	}
	for (; len; len--, s++, dst++)
		unsafe_put_user(*s, (u8 __user *)dst, efault);
	user_write_access_end();
	return 0;
efault:
	user_write_access_end();
	return -EFAULT;
}

/*
 * A small message copied into @buf, which the caller owns (the txn's
 * buffer or its stack) and which has @room bytes: no allocation, nothing
 * to free.
 *
 * The small-message copies (this one, and out of a kernel copy in
 * nkipc_pinned_to_user()) check their bounds themselves and call
 * _copy_from_user() / _copy_to_user(): copy_*_user()'s usercopy check
 * verifies the same thing (that the copy stays inside its slab object or
 * stack frame) by looking the object up, which cost about a hundred
 * instructions per copy, six copies per 4-byte round trip.
 */
int nkipc_copy_in_buf(struct nkipc_pinned *p, u64 uaddr, u32 len, void *buf,
		      u32 room)
{
	memset(p, 0, sizeof(*p));
	if (!len)
		return 0;
	if (WARN_ON_ONCE(len > room))
		return -EFAULT;
	if (nkipc_small_from_user(buf, u64_to_user_ptr(uaddr), len))
		return -EFAULT;
	p->kbuf = buf;
	p->borrowed = true;
	p->len = len;
	return 0;
}

/*
 * The client's response buffer, pinned by the replying server for exactly
 * the bytes it sends and only for the copy (txn.c): pinning the whole
 * offered capacity at CALL made a call's cost grow with it.  @mm is the
 * client's; the caller holds an mm_users reference.
 */
int nkipc_pin_remote(struct nkipc_pinned *p, struct mm_struct *mm, u64 uaddr,
		     u32 len)
{
	int npages = pin_pages_alloc(p, uaddr, len);
	int locked = 1;
	long pinned;

	if (npages <= 0)
		return npages;
	if (mmap_read_lock_killable(mm)) {
		kvfree(p->pages);
		p->pages = NULL;
		return -EINTR;
	}
	pinned = pin_user_pages_remote(mm, uaddr & PAGE_MASK, npages,
				       FOLL_WRITE, p->pages, NULL, &locked);
	if (locked)
		mmap_read_unlock(mm);
	return pin_done(p, uaddr, len, npages, pinned, true);
}

/*
 * Replaces a pinned sender buffer by a kernel copy of it (the rare path
 * where a verdict read more than snap.c can record): the copy is checked
 * again and delivered, the sender's pages are released.  The charge of
 * the pinned pages (account.c) covers the copy, which is never larger.
 */
int nkipc_pinned_bounce(struct nkipc_pinned *p)
{
	u32 len = p->len;
	void *kbuf;

	if (p->kbuf || !len)
		return 0;
	kbuf = kvmalloc(len, NKIPC_GFP_LARGE);
	if (!kbuf)
		return -ENOMEM;
	nkipc_pinned_read(p, 0, kbuf, len);
	nkipc_unpin(p);
	memset(p, 0, sizeof(*p));
	p->kbuf = kbuf;
	p->len = len;
	return 0;
}

void nkipc_unpin(struct nkipc_pinned *p)
{
	if (p->kbuf) {
		if (!p->borrowed)
			kvfree(p->kbuf);
		p->kbuf = NULL;
		p->borrowed = false;
		p->len = 0;
	}
	if (!p->pages)
		return;
	if (p->dirty)
		unpin_user_pages_dirty_lock(p->pages, p->npages, true);
	else
		unpin_user_pages(p->pages, p->npages);
	nkipc_stop_pin_count(-(int)p->npages);
	kvfree(p->pages);
	p->pages = NULL;
	p->npages = 0;
	p->len = 0;
}

/* Locates byte @off of a pinned buffer: page index and offset in it. */
static void nkipc_pinned_pos(const struct nkipc_pinned *p, u32 off,
			     unsigned int *idx, unsigned int *pgoff)
{
	u64 pos = (u64)p->offset + off;

	*idx = pos >> PAGE_SHIFT;
	*pgoff = offset_in_page(pos);
}

/* Does not sleep: callable from a verdict under rcu_read_lock(). */
void nkipc_pinned_read(const struct nkipc_pinned *p, u32 off, void *buf,
		       u32 len)
{
	unsigned int idx, pgoff, chunk;
	void *va;

	if (p->kbuf) {
		memcpy(buf, p->kbuf + off, len);
		return;
	}
	while (len) {
		nkipc_pinned_pos(p, off, &idx, &pgoff);
		chunk = min_t(u32, len, PAGE_SIZE - pgoff);
		va = kmap_local_page(p->pages[idx]);
		memcpy(buf, va + pgoff, chunk);
		kunmap_local(va);
		buf += chunk;
		off += chunk;
		len -= chunk;
	}
}

/* May fault on @dst: call without spinlocks. */
int nkipc_pinned_to_user(const struct nkipc_pinned *p, u32 off,
			 void __user *dst, u32 len)
{
	unsigned int idx, pgoff, chunk;
	unsigned long left;
	void *va;

	if (p->kbuf) {
		/* ->kbuf holds ->len bytes (see nkipc_copy_in_buf()) */
		if (WARN_ON_ONCE(off > p->len || len > p->len - off))
			return -EFAULT;
		return nkipc_small_to_user(dst, p->kbuf + off, len);
	}
	while (len) {
		nkipc_pinned_pos(p, off, &idx, &pgoff);
		chunk = min_t(u32, len, PAGE_SIZE - pgoff);
		va = kmap_local_page(p->pages[idx]);
		/*
		 * _copy_to_user(): copy_to_user() without its usercopy
		 * check, which validates slab objects and stacks and has
		 * nothing to check in a user page pinned here, mapped for
		 * this copy and at most a page long; per page it cost about
		 * as much as the rest of the loop.
		 */
		left = _copy_to_user(dst, va + pgoff, chunk);
		kunmap_local(va);
		if (left)
			return -EFAULT;
		dst += chunk;
		off += chunk;
		len -= chunk;
		cond_resched();
	}
	return 0;
}

void nkipc_pinned_copy(struct nkipc_pinned *dst, u32 dst_off,
		       const struct nkipc_pinned *src, u32 src_off, u32 len)
{
	unsigned int didx, dpg, sidx, spg, chunk;
	void *dva, *sva;

	if (src->kbuf) {
		nkipc_pinned_write(dst, dst_off, src->kbuf + src_off, len);
		return;
	}
	if (dst->kbuf) {
		nkipc_pinned_read(src, src_off, dst->kbuf + dst_off, len);
		return;
	}
	if (len)
		dst->dirty = true;
	while (len) {
		nkipc_pinned_pos(dst, dst_off, &didx, &dpg);
		nkipc_pinned_pos(src, src_off, &sidx, &spg);
		chunk = min_t(u32, len,
			      min(PAGE_SIZE - dpg, PAGE_SIZE - spg));
		dva = kmap_local_page(dst->pages[didx]);
		sva = kmap_local_page(src->pages[sidx]);
		memcpy(dva + dpg, sva + spg, chunk);
		kunmap_local(sva);
		kunmap_local(dva);
		dst_off += chunk;
		src_off += chunk;
		len -= chunk;
		cond_resched();
	}
}

/* Writes kernel bytes (a header snapshot) into a pinned buffer. */
void nkipc_pinned_write(struct nkipc_pinned *p, u32 off, const void *buf,
			u32 len)
{
	unsigned int idx, pgoff, chunk;
	void *va;

	if (p->kbuf) {
		memcpy(p->kbuf + off, buf, len);
		return;
	}
	if (len)
		p->dirty = true;
	while (len) {
		nkipc_pinned_pos(p, off, &idx, &pgoff);
		chunk = min_t(u32, len, PAGE_SIZE - pgoff);
		va = kmap_local_page(p->pages[idx]);
		memcpy(va + pgoff, buf, chunk);
		kunmap_local(va);
		buf += chunk;
		off += chunk;
		len -= chunk;
	}
}
