// SPDX-License-Identifier: GPL-2.0
/*
 * Verdicts: the nkipc_security_ops answered from the active policy.
 *
 * A message first passes the structure check of its method layout (if the
 * policy has one); a malformed message is refused with -EBADMSG in both
 * modes, because delivering it could hurt the receiver.  Then every rule
 * of the message's kind whose selectors match (found through the rule
 * index, policy.h, not by a scan) is evaluated in file order;
 * the first statement that denies decides.  A message that no rule
 * matches gets the policy's default decision (deny unless the policy says
 * otherwise).  In permissive mode denials are counted and audited but the
 * message is delivered.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "identity.h"
#include "netlink.h"
#include "policy.h"

struct nkipc_eval {
	u8 kind;
	const struct nkipc_identity *src;
	const struct nkipc_identity *dst;
	const char *channel;
	const char *server_name;	/* connect/register; NULL: static */
	const struct nkipc_msg_info *info;	/* NULL for connect/register */
	const struct nkipc_handle_info *handle;	/* transfer: the handle */
	u32 handle_idx;
	/* out */
	int rule;			/* deciding rule, -1: default */
	const char *reason;
};

static bool nkipc_sel_match(const char *sel, const char *val)
{
	return !sel || (val && !strcmp(sel, val));
}

/* Transfer rules: the handle selectors (kind, target, target_class). */
static bool nkipc_handle_matches(const struct nkipc_rule *r,
				 const struct nkipc_eval *e)
{
	const struct nkipc_handle_info *h = e->handle;
	bool chan = h && h->kind == NKIPC_HANDLE_CHANNEL;

	if (!h || (r->handle_kind && r->handle_kind != h->kind))
		return false;
	if (r->target && (!chan || strcmp(r->target, h->service)))
		return false;
	if (r->target_class &&
	    (!chan || strcmp(r->target_class, h->server->class_name)))
		return false;
	return true;
}

static bool nkipc_rule_matches(const struct nkipc_rule *r,
			       const struct nkipc_eval *e)
{
	const struct nkipc_msg_info *info = e->info;

	if (r->kind != e->kind ||
	    !nkipc_sel_match(r->src, e->src ? e->src->class_name : NULL) ||
	    !nkipc_sel_match(r->dst, e->dst ? e->dst->class_name : NULL) ||
	    !nkipc_sel_match(r->channel, e->channel) ||
	    !nkipc_sel_match(r->server, e->server_name))
		return false;
	if (!info)
		return r->riid == NKIPC_ANY && !r->iface && r->mid == NKIPC_ANY;
	if (r->kind == NKIPC_KIND_TRANSFER && !nkipc_handle_matches(r, e))
		return false;
	return (r->riid == NKIPC_ANY || r->riid == info->riid) &&
	       nkipc_sel_match(r->iface, info->iface) &&
	       (r->mid == NKIPC_ANY || r->mid == info->mid);
}

/* Reads the scalar a statement compares; false if it is not there. */
static bool nkipc_read_scalar(const struct nkipc_eval *e,
			      const struct nkipc_stmt *s, u64 *out)
{
	const struct nkipc_msg_info *info = e->info;
	u8 buf[8], hbuf[8];
	u64 v;

	if (s->part == NKIPC_MSG_PART_HANDLE) {
		/* the handle's fields, as NKIPC_HANDLE_FIELD_* */
		if (!e->handle || s->offset > sizeof(hbuf) ||
		    s->size > sizeof(hbuf) - s->offset)
			return false;
		put_unaligned_le32(e->handle->kind, hbuf);
		put_unaligned_le32(e->handle->rights, hbuf + 4);
		memcpy(buf, hbuf + s->offset, s->size);
	} else if (!info || !info->read ||
		   info->read(info, s->part == NKIPC_MSG_PART_ARENA ?
		       NKIPC_PART_ARENA : NKIPC_PART_CONST,
		       s->offset, buf, s->size)) {
		return false;
	}
	switch (s->size) {
	case 1:
		v = s->is_signed ? (u64)(s64)(s8)buf[0] : buf[0];
		break;
	case 2:
		v = get_unaligned_le16(buf);
		if (s->is_signed)
			v = (u64)(s64)(s16)v;
		break;
	case 4:
		v = get_unaligned_le32(buf);
		if (s->is_signed)
			v = (u64)(s64)(s32)v;
		break;
	default:
		v = get_unaligned_le64(buf);
		break;
	}
	*out = v;
	return true;
}

static bool nkipc_compare(const struct nkipc_stmt *s, u64 a)
{
	u64 b = s->value;
	int c;

	if (s->is_signed)
		c = (s64)a < (s64)b ? -1 : (s64)a > (s64)b;
	else
		c = a < b ? -1 : a > b;
	switch (s->op) {
	case NKIPC_OP_EQ:
		return c == 0;
	case NKIPC_OP_NE:
		return c != 0;
	case NKIPC_OP_LT:
		return c < 0;
	case NKIPC_OP_LE:
		return c <= 0;
	case NKIPC_OP_GT:
		return c > 0;
	default:
		return c >= 0;
	}
}

/* Returns true if the rule's body grants. */
static bool nkipc_rule_grants(const struct nkipc_rule *r,
			      struct nkipc_eval *e)
{
	u8 i;

	for (i = 0; i < r->n_stmts; i++) {
		const struct nkipc_stmt *s = &r->stmts[i];
		u64 v;

		switch (s->type) {
		case NKIPC_STMT_GRANT:
			continue;
		case NKIPC_STMT_DENY:
			return false;
		default:
			if (!nkipc_read_scalar(e, s, &v)) {
				e->reason = "field outside the message";
				return false;
			}
			if (s->type == NKIPC_STMT_ASSERT ? !nkipc_compare(s, v) :
			    nkipc_compare(s, v))
				return false;
		}
	}
	return true;
}

/*
 * A register rule that grants a name to a class owns that name: a rule
 * with src= and channel= (or server=) whose body only grants
 * (nkipc_rule_owns(), listed in the index at load).  No other class may
 * take an owned name, whatever else the policy grants: this keeps
 * `register { grant() }` or `default grant` from handing a service name,
 * or the server name clients connect to, to whoever comes first.
 */
/* Returns the index of a rule owning a name of @e for another class. */
static int nkipc_owned_elsewhere(const struct nkipc_policy *p,
				 const struct nkipc_eval *e)
{
	bool chan_owned = false, chan_mine = false;
	bool srv_owned = false, srv_mine = false;
	int chan_rule = -1, srv_rule = -1;
	u32 k;

	for (k = 0; k < p->index.n_owners; k++) {
		u32 i = p->index.owners[k];
		const struct nkipc_rule *r = &p->rules[i];
		bool mine;

		mine = !strcmp(r->src, e->src->class_name);
		if (r->channel && e->channel && !strcmp(r->channel, e->channel)) {
			chan_owned = true;
			chan_mine |= mine;
			if (!mine && chan_rule < 0)
				chan_rule = i;
		}
		if (r->server && e->server_name &&
		    !strcmp(r->server, e->server_name)) {
			srv_owned = true;
			srv_mine |= mine;
			if (!mine && srv_rule < 0)
				srv_rule = i;
		}
	}
	if (chan_owned && !chan_mine)
		return chan_rule;
	if (srv_owned && !srv_mine)
		return srv_rule;
	return -1;
}

/*
 * The rules that may match @e, in file order: the slots of the index
 * (policy.h) that @e's values give under each pattern of its kind.
 */
struct nkipc_cands {
	u32 n;
	u16 pos[NKIPC_INDEX_MAX_PATTERNS];
	u16 end[NKIPC_INDEX_MAX_PATTERNS];
};

static void nkipc_cands_init(const struct nkipc_rule_index *x,
			     const struct nkipc_eval *e, struct nkipc_cands *c)
{
	const struct nkipc_msg_info *info = e->info;
	u8 need = x->need[e->kind];
	u32 v[NKIPC_SEL_N] = { 0 };
	u32 j, s;

	c->n = 0;
	if (!x->n_patterns[e->kind])
		return;
	if (need & (1U << NKIPC_SEL_SRC))
		v[NKIPC_SEL_SRC] = nkipc_index_str(e->src ? e->src->class_name :
						   NULL);
	if (need & (1U << NKIPC_SEL_DST))
		v[NKIPC_SEL_DST] = nkipc_index_str(e->dst ? e->dst->class_name :
						   NULL);
	if (need & (1U << NKIPC_SEL_CHANNEL))
		v[NKIPC_SEL_CHANNEL] = nkipc_index_str(e->channel);
	if (need & (1U << NKIPC_SEL_SERVER))
		v[NKIPC_SEL_SERVER] = nkipc_index_str(e->server_name);
	if (info) {
		v[NKIPC_SEL_RIID] = info->riid;
		v[NKIPC_SEL_MID] = info->mid;
		if (need & (1U << NKIPC_SEL_IFACE))
			v[NKIPC_SEL_IFACE] = nkipc_index_str(info->iface);
	}
	for (j = 0; j < x->n_patterns[e->kind]; j++) {
		s = nkipc_index_key(e->kind, x->patterns[e->kind][j], v) &
		    x->mask;
		if (x->start[s] == x->start[s + 1])
			continue;
		c->pos[c->n] = x->start[s];
		c->end[c->n] = x->start[s + 1];
		c->n++;
	}
}

/*
 * The next candidate rule number, U32_MAX at the end.  Two patterns may
 * give the same slot: a rule is returned once.
 */
static u32 nkipc_cands_next(const struct nkipc_rule_index *x,
			    struct nkipc_cands *c)
{
	u32 best = U32_MAX, j;

	if (c->n == 1)
		return c->pos[0] < c->end[0] ? x->order[c->pos[0]++] : U32_MAX;
	for (j = 0; j < c->n; j++)
		if (c->pos[j] < c->end[j] && x->order[c->pos[j]] < best)
			best = x->order[c->pos[j]];
	for (j = 0; j < c->n; j++)
		if (c->pos[j] < c->end[j] && x->order[c->pos[j]] == best)
			c->pos[j]++;
	return best;
}

/* Returns NKIPC_DECISION_*; fills e->rule and e->reason. */
static u32 nkipc_decide(struct nkipc_policy *p, struct nkipc_eval *e)
{
	struct nkipc_cands c;
	bool matched = false;
	int owner;
	u32 i;

	if (e->kind == NKIPC_KIND_REGISTER) {
		owner = nkipc_owned_elsewhere(p, e);
		if (owner >= 0) {
			atomic64_inc(&p->rules[owner].denials);
			e->rule = owner;
			e->reason = "name owned by another class";
			return NKIPC_DECISION_DENY;
		}
	}

	nkipc_cands_init(&p->index, e, &c);
	while ((i = nkipc_cands_next(&p->index, &c)) != U32_MAX) {
		struct nkipc_rule *r = &p->rules[i];

		if (!nkipc_rule_matches(r, e))
			continue;
		matched = true;
		atomic64_inc(&r->hits);
		if (!nkipc_rule_grants(r, e)) {
			atomic64_inc(&r->denials);
			e->rule = i;
			if (!e->reason)
				e->reason = r->text ? r->text : "denied by rule";
			return NKIPC_DECISION_DENY;
		}
		e->rule = i;
	}
	if (matched) {
		e->reason = p->rules[e->rule].text ?: "granted by rule";
		return NKIPC_DECISION_GRANT;
	}
	atomic64_inc(&nkipc_stats.defaulted);
	e->rule = -1;
	e->reason = "no rule matches (default decision)";
	return p->default_decision;
}

static void nkipc_report(struct nkipc_policy *p, struct nkipc_eval *e,
			 u8 verdict, bool enforced)
{
	const struct nkipc_msg_info *info = e->info;
	struct nkipc_audit a = {
		.generation = p->generation,
		.verdict = verdict,
		.enforced = enforced,
		.kind = e->kind,
		.reason = e->reason,
		.rule = e->rule,
		.src = e->src,
		.dst = e->dst,
		.channel = e->channel,
		.riid = NKIPC_ANY,
		.mid = NKIPC_ANY,
	};

	if (info) {
		a.endpoint = info->endpoint;
		a.iface = info->iface;
		a.riid = info->riid;
		a.mid = info->mid;
		a.ncaps = info->n_handles;
		a.handle = e->handle;
		a.handle_idx = e->handle_idx;
	}
	nkipc_audit_emit(&a);
}

/* Runs under rcu_read_lock(); returns 0, -EACCES or -EBADMSG. */
static int nkipc_evaluate(struct nkipc_policy *p, struct nkipc_eval *e)
{
	bool enforcing = nkipc_policy_mode() == NKIPC_MODE_ENFORCING;

	e->rule = -1;
	if (nkipc_decide(p, e) == NKIPC_DECISION_GRANT) {
		atomic64_inc(&nkipc_stats.granted);
		if (nkipc_policy_audit_flags() & NKIPC_AUDIT_F_GRANTS)
			nkipc_report(p, e, NKIPC_VERDICT_GRANT, enforcing);
		return 0;
	}
	nkipc_report(p, e, NKIPC_VERDICT_DENY, enforcing);
	if (!enforcing) {
		atomic64_inc(&nkipc_stats.permitted);
		return 0;
	}
	atomic64_inc(&nkipc_stats.denied);
	return -EACCES;
}

/*
 * The rule kind of a message; *status_only is set for a bare status
 * response, which has no method layout: the header must stand alone.
 */
static u8 nkipc_msg_kind(const struct nkipc_msg_info *info, bool *status_only)
{
	__u16 flags = 0;

	*status_only = false;
	if (info->dir == NKIPC_DIR_REQUEST)
		return NKIPC_KIND_REQUEST;
	/* the core has checked that the header is present */
	if (info->read(info, NKIPC_PART_CONST,
		       offsetof(struct nkipc_msg_hdr, flags), &flags,
		       sizeof(flags)))
		return NKIPC_KIND_RESPONSE;
	if (flags & NKIPC_MSG_F_STATUS) {
		*status_only = true;
		return NKIPC_KIND_ERROR;
	}
	return (flags & NKIPC_MSG_F_ERROR) ? NKIPC_KIND_ERROR :
					     NKIPC_KIND_RESPONSE;
}

/*
 * A granted message's handles, each a transfer event of its own (see
 * DOC: transfer verdicts in nkipc_genl.h): the first denial fails the
 * message.
 */
static int nkipc_policy_transfers(struct nkipc_policy *p,
				  const struct nkipc_msg_info *info)
{
	u32 i;
	int ret;

	for (i = 0; i < info->n_handles; i++) {
		struct nkipc_eval e = {
			.kind = NKIPC_KIND_TRANSFER,
			.src = info->src,
			.dst = info->dst,
			.channel = info->channel,
			.info = info,
			.handle = &info->handles[i],
			.handle_idx = i,
		};

		ret = nkipc_evaluate(p, &e);
		if (ret)
			return ret;
	}
	return 0;
}

static int nkipc_policy_msg(const struct nkipc_msg_info *info)
{
	struct nkipc_eval e = {
		.src = info->src,
		.dst = info->dst,
		.channel = info->channel,
		.info = info,
	};
	struct nkipc_policy *p;
	bool status_only, malformed = false;
	int ret = 0;

	rcu_read_lock();
	p = rcu_dereference(nkipc_active_policy);
	if (!p)
		goto out;
	e.kind = nkipc_msg_kind(info, &status_only);
	if (status_only) {
		malformed = info->const_len != NKIPC_MSG_HDR_SIZE ||
			    info->arena_len;
		if (malformed)
			e.reason = "malformed: status response with a body";
	} else {
		const struct nkipc_layout *l;

		l = nkipc_layout_find(p, info->iface, info->mid,
				      e.kind == NKIPC_KIND_REQUEST ?
				      NKIPC_LAYOUT_REQUEST :
				      e.kind == NKIPC_KIND_ERROR ?
				      NKIPC_LAYOUT_ERROR : NKIPC_LAYOUT_RESPONSE);
		malformed = l && nkipc_layout_check_msg(l, info, &e.reason);
	}
	if (malformed) {
		atomic64_inc(&nkipc_stats.malformed);
		e.rule = -1;
		nkipc_report(p, &e, NKIPC_VERDICT_MALFORMED, true);
		ret = -EBADMSG;
		goto out;
	}
	ret = nkipc_evaluate(p, &e);
	if (!ret)
		ret = nkipc_policy_transfers(p, info);
out:
	rcu_read_unlock();
	return ret;
}

static int nkipc_policy_event(u8 kind, const struct nkipc_identity *src,
			      const struct nkipc_identity *dst,
			      const char *server_name, const char *channel)
{
	struct nkipc_eval e = {
		.kind = kind,
		.src = src,
		.dst = dst,
		.server_name = server_name,
		.channel = channel,
	};
	struct nkipc_policy *p;
	int ret = 0;

	rcu_read_lock();
	p = rcu_dereference(nkipc_active_policy);
	if (p)
		ret = nkipc_evaluate(p, &e);
	rcu_read_unlock();
	return ret;
}

static int nkipc_policy_connect(const struct nkipc_identity *client,
				const struct nkipc_identity *server,
				const char *server_name, const char *channel)
{
	return nkipc_policy_event(NKIPC_KIND_CONNECT, client, server,
				  server_name, channel);
}

static int nkipc_policy_register(const struct nkipc_identity *server,
				 const char *server_name, const char *channel)
{
	return nkipc_policy_event(NKIPC_KIND_REGISTER, server, NULL,
				  server_name, channel);
}

const struct nkipc_security_ops nkipc_policy_ops = {
	.assign_class = nkipc_identity_assign,
	.ioctl = nkipc_identity_ioctl,
	.msg_verdict = nkipc_policy_msg,
	.connect_verdict = nkipc_policy_connect,
	.register_verdict = nkipc_policy_register,
	.active = nkipc_policy_loaded,
	.reads_msg = nkipc_policy_reads_msg,
};
