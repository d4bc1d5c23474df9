// SPDX-License-Identifier: GPL-2.0
/*
 * channels.c - `nkpolicy channels [-j]`: live services with their server,
 * connected clients and pending transactions.  A tree on a terminal,
 * tab-separated rows (first field: the row's kind) otherwise, like wg(8).
 *
 * The kernel may split one service over several messages (many clients or
 * calls); they are merged here by name.  An interrupted dump (something
 * came or went meanwhile) is read again.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nkpolicy.h"

struct chan_client {
	char *class_name;
	uint32_t pid, uid;
};

struct chan_txn {
	uint64_t txid;
	uint8_t state;
	char *class_name;
	uint32_t pid, riid, mid;
	uint32_t req_size, req_arena_size, res_cap, res_arena_cap;
};

struct channel {
	char *name, *server_class;
	uint32_t server_pid;
	struct chan_client *clients;
	size_t n_clients;
	struct chan_txn *txns;
	size_t n_txns;
};

struct chan_list {
	struct channel *v;
	size_t n;
	int err;
};

static struct nla_policy chan_policy[NKIPC_CHAN_A_MAX + 1] = {
	[NKIPC_CHAN_A_NAME] = { .type = NLA_NUL_STRING },
	[NKIPC_CHAN_A_SERVER_CLASS] = { .type = NLA_NUL_STRING },
	[NKIPC_CHAN_A_SERVER_PID] = { .type = NLA_U32 },
	[NKIPC_CHAN_A_N_CLIENTS] = { .type = NLA_U32 },
	[NKIPC_CHAN_A_N_QUEUED] = { .type = NLA_U32 },
	[NKIPC_CHAN_A_N_INFLIGHT] = { .type = NLA_U32 },
	[NKIPC_CHAN_A_CLIENTS] = { .type = NLA_NESTED },
	[NKIPC_CHAN_A_TXNS] = { .type = NLA_NESTED },
};

static struct nla_policy client_policy[NKIPC_CLIENT_A_MAX + 1] = {
	[NKIPC_CLIENT_A_CLASS] = { .type = NLA_NUL_STRING },
	[NKIPC_CLIENT_A_PID] = { .type = NLA_U32 },
	[NKIPC_CLIENT_A_UID] = { .type = NLA_U32 },
};

static struct nla_policy txn_policy[NKIPC_TXN_A_MAX + 1] = {
	[NKIPC_TXN_A_TXID] = { .type = NLA_U64 },
	[NKIPC_TXN_A_STATE] = { .type = NLA_U8 },
	[NKIPC_TXN_A_CLASS] = { .type = NLA_NUL_STRING },
	[NKIPC_TXN_A_PID] = { .type = NLA_U32 },
	[NKIPC_TXN_A_RIID] = { .type = NLA_U32 },
	[NKIPC_TXN_A_MID] = { .type = NLA_U32 },
	[NKIPC_TXN_A_REQ_SIZE] = { .type = NLA_U32 },
	[NKIPC_TXN_A_REQ_ARENA_SIZE] = { .type = NLA_U32 },
	[NKIPC_TXN_A_RES_CAP] = { .type = NLA_U32 },
	[NKIPC_TXN_A_RES_ARENA_CAP] = { .type = NLA_U32 },
};

static const char *txn_state_name(unsigned int s)
{
	static const char *const names[] = {
		[NKIPC_CHAN_TXN_QUEUED] = "queued",
		[NKIPC_CHAN_TXN_INFLIGHT] = "in-flight",
		[NKIPC_CHAN_TXN_CANCELLED] = "cancelled",
	};

	return s < __NKIPC_CHAN_TXN_MAX ? names[s] : "?";
}

static char *attr_dup(const struct nlattr *a)
{
	return xstrdup(a ? nla_get_string(a) : "");
}

static void *grow(void *v, size_t n, size_t size)
{
	v = xrealloc(v, (n + 1) * size);
	memset((char *)v + n * size, 0, size);
	return v;
}

static void chan_list_free(struct chan_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct channel *c = &l->v[i];

		for (size_t j = 0; j < c->n_clients; j++)
			free(c->clients[j].class_name);
		for (size_t j = 0; j < c->n_txns; j++)
			free(c->txns[j].class_name);
		free(c->clients);
		free(c->txns);
		free(c->name);
		free(c->server_class);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int add_clients(struct channel *c, struct nlattr *list)
{
	struct nlattr *a, *tb[NKIPC_CLIENT_A_MAX + 1];
	int rem;

	nla_for_each_nested(a, list, rem) {
		struct chan_client *cl;

		if (nla_type(a) != NKIPC_CHAN_A_CLIENT ||
		    nla_parse_nested(tb, NKIPC_CLIENT_A_MAX, a, client_policy))
			return -EINVAL;
		c->clients = grow(c->clients, c->n_clients, sizeof(*cl));
		cl = &c->clients[c->n_clients++];
		cl->class_name = attr_dup(tb[NKIPC_CLIENT_A_CLASS]);
		cl->pid = tb[NKIPC_CLIENT_A_PID] ? nla_get_u32(tb[NKIPC_CLIENT_A_PID]) : 0;
		cl->uid = tb[NKIPC_CLIENT_A_UID] ? nla_get_u32(tb[NKIPC_CLIENT_A_UID]) : 0;
	}
	return 0;
}

static int add_txns(struct channel *c, struct nlattr *list)
{
	struct nlattr *a, *tb[NKIPC_TXN_A_MAX + 1];
	int rem;

	nla_for_each_nested(a, list, rem) {
		struct chan_txn *t;

		if (nla_type(a) != NKIPC_CHAN_A_TXN ||
		    nla_parse_nested(tb, NKIPC_TXN_A_MAX, a, txn_policy))
			return -EINVAL;
		c->txns = grow(c->txns, c->n_txns, sizeof(*t));
		t = &c->txns[c->n_txns++];
#define U32(x) (tb[NKIPC_TXN_A_##x] ? nla_get_u32(tb[NKIPC_TXN_A_##x]) : 0)
		t->txid = tb[NKIPC_TXN_A_TXID] ? nla_get_u64(tb[NKIPC_TXN_A_TXID]) : 0;
		t->state = tb[NKIPC_TXN_A_STATE] ? nla_get_u8(tb[NKIPC_TXN_A_STATE]) : 0;
		t->class_name = attr_dup(tb[NKIPC_TXN_A_CLASS]);
		t->pid = U32(PID);
		t->riid = U32(RIID);
		t->mid = U32(MID);
		t->req_size = U32(REQ_SIZE);
		t->req_arena_size = U32(REQ_ARENA_SIZE);
		t->res_cap = U32(RES_CAP);
		t->res_arena_cap = U32(RES_ARENA_CAP);
#undef U32
	}
	return 0;
}

static int on_channel(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NKIPC_A_MAX + 1], *c[NKIPC_CHAN_A_MAX + 1];
	struct chan_list *l = arg;
	struct channel *ch;
	const char *name;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NKIPC_A_MAX, NULL) ||
	    !tb[NKIPC_A_CHANNEL] ||
	    nla_parse_nested(c, NKIPC_CHAN_A_MAX, tb[NKIPC_A_CHANNEL],
			     chan_policy) ||
	    !c[NKIPC_CHAN_A_NAME])
		goto bad;
	name = nla_get_string(c[NKIPC_CHAN_A_NAME]);
	if (l->n && !strcmp(l->v[l->n - 1].name, name)) {
		ch = &l->v[l->n - 1];	/* continued from the last message */
	} else {
		l->v = grow(l->v, l->n, sizeof(*ch));
		ch = &l->v[l->n++];
		ch->name = attr_dup(c[NKIPC_CHAN_A_NAME]);
		ch->server_class = attr_dup(c[NKIPC_CHAN_A_SERVER_CLASS]);
		ch->server_pid = c[NKIPC_CHAN_A_SERVER_PID] ?
				 nla_get_u32(c[NKIPC_CHAN_A_SERVER_PID]) : 0;
	}
	if ((c[NKIPC_CHAN_A_CLIENTS] && add_clients(ch, c[NKIPC_CHAN_A_CLIENTS])) ||
	    (c[NKIPC_CHAN_A_TXNS] && add_txns(ch, c[NKIPC_CHAN_A_TXNS])))
		goto bad;
	return NL_OK;
bad:
	l->err = -EINVAL;
	return NL_OK;
}

static size_t count_state(const struct channel *c, uint8_t state)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n_txns; i++)
		n += c->txns[i].state == state;
	return n;
}

/*
 * Tree (a terminal) or rows, one per object with its kind first:
 *   service NAME SERVER_CLASS SERVER_PID N_CLIENTS N_QUEUED N_INFLIGHT
 *   client  NAME CLASS PID UID
 *   txn     NAME TXID STATE CLASS PID RIID MID REQ_SIZE REQ_ARENA_SIZE
 *           RES_CAP RES_ARENA_CAP
 * or JSON, through one print path (print.h).
 */
static void print_channels(const struct chan_list *l, bool tree)
{
	enum output_type rows_only = tree ? PRINT_JSON : PRINT_ANY;

	open_json_array(NULL);
	if (!l->n && tree)
		print_text("no channels\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct channel *c = &l->v[i];
		size_t queued = count_state(c, NKIPC_CHAN_TXN_QUEUED);

		print_json_nl();
		open_json_object(NULL);
		print_string(PRINT_ANY, "name", tree ? "channel: %s\n" : "service\t%s",
			     c->name);
		print_string(PRINT_ANY, "server_class", tree ? "  server: %s" : "\t%s",
			     c->server_class);
		print_uint(PRINT_ANY, "server_pid", tree ? " (pid %u)\n" : "\t%u",
			   c->server_pid);
		print_text(tree ? "  clients: %zu\n" : "\t%zu", c->n_clients);
		print_u64(rows_only, "queued", "\t%" PRIu64, queued);
		print_u64(rows_only, "inflight", "\t%" PRIu64 "\n", c->n_txns - queued);
		open_json_array("clients");
		for (size_t j = 0; j < c->n_clients; j++) {
			const struct chan_client *cl = &c->clients[j];

			open_json_object(NULL);
			if (!tree)
				print_text("client\t%s", c->name);
			print_string(PRINT_ANY, "class", tree ? "    %s" : "\t%s",
				     cl->class_name);
			print_uint(PRINT_ANY, "pid", tree ? " (pid %u" : "\t%u", cl->pid);
			print_uint(PRINT_ANY, "uid", tree ? ", uid %u)\n" : "\t%u\n",
				   cl->uid);
			close_json_object();
		}
		close_json_array();
		if (tree)
			print_text("  pending: %zu queued, %zu in flight\n", queued,
				   c->n_txns - queued);
		open_json_array("transactions");
		for (size_t j = 0; j < c->n_txns; j++) {
			const struct chan_txn *t = &c->txns[j];

			open_json_object(NULL);
			if (!tree)
				print_text("txn\t%s", c->name);
			print_u64(tree && !t->txid ? PRINT_JSON : PRINT_ANY, "txid",
				  tree ? "    txid %" PRIu64 ": " : "\t%" PRIu64, t->txid);
			if (tree && !t->txid)
				print_text("    ");
			print_string(PRINT_ANY, "state", tree ? "%s" : "\t%s",
				     txn_state_name(t->state));
			print_string(PRINT_ANY, "class", tree ? ", from %s" : "\t%s",
				     t->class_name);
			print_uint(PRINT_ANY, "pid", tree ? " (pid %u)" : "\t%u", t->pid);
			print_uint(PRINT_ANY, "riid", tree ? ", riid %u" : "\t%u", t->riid);
			print_uint(PRINT_ANY, "mid", tree ? " mid %u" : "\t%u", t->mid);
			print_uint(PRINT_ANY, "request_size", tree ? ", request %u" : "\t%u",
				   t->req_size);
			print_uint(PRINT_ANY, "request_arena_size",
				   tree ? "+%u bytes" : "\t%u", t->req_arena_size);
			print_uint(PRINT_ANY, "response_cap",
				   tree ? ", response buffers %u" : "\t%u", t->res_cap);
			print_uint(PRINT_ANY, "response_arena_cap",
				   tree ? "+%u\n" : "\t%u\n", t->res_arena_cap);
			close_json_object();
		}
		close_json_array();
		close_json_object();
	}
	close_json_array();
}

int cmd_channels(int argc, char **argv)
{
	struct chan_list l = { 0 };
	struct nkgenl g;
	int err = json_option(argc, argv, "channels");

	if (err)
		return err;
	if (nkgenl_open(&g))
		return 1;
	err = -EAGAIN;
	for (int tries = 0; tries < 10 && err == -EAGAIN; tries++) {
		struct nl_msg *m = nkgenl_msg(&g, NKIPC_CMD_GET_CHANNELS,
					      NLM_F_DUMP);

		err = m ? nkgenl_do(&g, m, "listing channels", on_channel, &l)
			: -ENOMEM;
		if (!err && l.err) {
			fprintf(stderr, "%s: listing channels: malformed answer from the kernel\n",
				prog);
			err = l.err;
		} else if (err == -EINTR) {
			chan_list_free(&l);	/* changed meanwhile: again */
			err = -EAGAIN;
		}
	}
	nkgenl_close(&g);
	if (err == -EAGAIN)
		fprintf(stderr, "%s: the channels keep changing, giving up\n", prog);
	if (!err)
		print_channels(&l, isatty(STDOUT_FILENO));
	chan_list_free(&l);
	return err ? 1 : 0;
}
