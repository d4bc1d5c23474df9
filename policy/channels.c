// SPDX-License-Identifier: GPL-2.0
/*
 * channels.c - `nkpolicy channels [-j]`: live services with their server,
 * clients and pending transactions.
 */
#include <string.h>
#include <unistd.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nkpolicy.h"

struct chan_ctx {
	bool json, tty;
	int n;
};

static int on_channel(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NKIPC_A_MAX + 1], *c[NKIPC_CHAN_A_MAX + 1];
	struct chan_ctx *ctx = arg;
	const char *name, *cls;
	unsigned int pid, clients, queued, inflight;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NKIPC_A_MAX, NULL) ||
	    !tb[NKIPC_A_CHANNEL] ||
	    nla_parse_nested(c, NKIPC_CHAN_A_MAX, tb[NKIPC_A_CHANNEL], NULL))
		return NL_OK;
#define U(a) (c[a] ? nla_get_u32(c[a]) : 0)
	name = c[NKIPC_CHAN_A_NAME] ? nla_get_string(c[NKIPC_CHAN_A_NAME]) : "";
	cls = c[NKIPC_CHAN_A_SERVER_CLASS] ?
	      nla_get_string(c[NKIPC_CHAN_A_SERVER_CLASS]) : "";
	pid = U(NKIPC_CHAN_A_SERVER_PID);
	clients = U(NKIPC_CHAN_A_N_CLIENTS);
	queued = U(NKIPC_CHAN_A_N_QUEUED);
	inflight = U(NKIPC_CHAN_A_N_INFLIGHT);
#undef U
	if (ctx->json) {
		printf("%s{\"name\": ", ctx->n ? ",\n " : "");
		json_print_str(stdout, name);
		printf(", \"server_class\": ");
		json_print_str(stdout, cls);
		printf(", \"server_pid\": %u, \"clients\": %u, \"queued\": %u, \"inflight\": %u}",
		       pid, clients, queued, inflight);
	} else if (ctx->tty) {
		printf("channel: %s\n  server: %s (pid %u)\n  clients: %u\n  pending: %u queued, %u in flight\n",
		       name, cls, pid, clients, queued, inflight);
	} else {
		printf("%s\t%s\t%u\t%u\t%u\t%u\n", name, cls, pid, clients, queued,
		       inflight);
	}
	ctx->n++;
	return NL_OK;
}

int cmd_channels(int argc, char **argv)
{
	struct chan_ctx ctx = { .tty = isatty(STDOUT_FILENO) };
	struct nkgenl g;
	struct nl_msg *m;
	int err;

	if (argc == 2 && (!strcmp(argv[1], "-j") || !strcmp(argv[1], "--json")))
		ctx.json = true;
	else if (argc != 1) {
		fprintf(stderr, "Usage: %s channels [-j|--json]\n", prog);
		return 1;
	}
	if (nkgenl_open(&g))
		return 1;
	m = nkgenl_msg(&g, NKIPC_CMD_GET_CHANNELS, NLM_F_DUMP);
	if (ctx.json)
		printf("[");
	err = m ? nkgenl_do(&g, m, "listing channels", on_channel, &ctx) : 1;
	if (ctx.json)
		printf("]\n");
	else if (!err && !ctx.n && ctx.tty)
		printf("no channels\n");
	nkgenl_close(&g);
	return err ? 1 : 0;
}
