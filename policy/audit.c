// SPDX-License-Identifier: GPL-2.0
/*
 * audit.c - `nkpolicy audit [-j] [-n COUNT]`: subscribe to the audit events
 * (NKIPC_CMD_AUDIT_SUBSCRIBE) and print one line per event (who, what, why).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nkpolicy.h"

struct audit_ctx {
	long remaining;		/* -1: forever */
};

static void print_event(struct nlattr **ev)
{
	static const struct { int attr; const char *key; bool str; } f[] = {
		{ NKIPC_EV_A_SRC_CLASS, "src", true },
		{ NKIPC_EV_A_SRC_PID, "src_pid", false },
		{ NKIPC_EV_A_SRC_UID, "src_uid", false },
		{ NKIPC_EV_A_DST_CLASS, "dst", true },
		{ NKIPC_EV_A_DST_PID, "dst_pid", false },
		{ NKIPC_EV_A_CHANNEL, "channel", true },
		{ NKIPC_EV_A_ENDPOINT, "endpoint", true },
		{ NKIPC_EV_A_IFACE, "interface", true },
		{ NKIPC_EV_A_RIID, "riid", false },
		{ NKIPC_EV_A_MID, "mid", false },
		{ NKIPC_EV_A_RULE, "rule", false },
		{ NKIPC_EV_A_NCAPS, "handles", false },
		{ NKIPC_EV_A_HANDLE, "handle", false },
		{ NKIPC_EV_A_HANDLE_RIGHTS, "rights", false },
		{ NKIPC_EV_A_TARGET, "target", true },
		{ NKIPC_EV_A_TARGET_CLASS, "target_class", true },
	};
	unsigned int verdict = ev[NKIPC_EV_A_VERDICT] ?
			       nla_get_u8(ev[NKIPC_EV_A_VERDICT]) : 0;
	unsigned int kind = ev[NKIPC_EV_A_KIND] ? nla_get_u8(ev[NKIPC_EV_A_KIND]) : 0;
	bool enforced = ev[NKIPC_EV_A_ENFORCED] &&
			nla_get_u8(ev[NKIPC_EV_A_ENFORCED]);
	const char *reason = ev[NKIPC_EV_A_REASON] ?
			     nla_get_string(ev[NKIPC_EV_A_REASON]) : "";

	open_json_object(NULL);
	print_string(PRINT_ANY, "verdict", "%s", verdict_name(verdict));
	print_bool(PRINT_JSON, "enforced", NULL, enforced);
	if (!enforced)
		print_text(" (permissive)");
	print_string(PRINT_ANY, "kind", " %s", kind_name(kind));
	if (ev[NKIPC_EV_A_HANDLE_KIND]) {
		unsigned int hk = nla_get_u8(ev[NKIPC_EV_A_HANDLE_KIND]);

		print_string(PRINT_ANY, "handle_kind", " handle_kind=%s",
			     hk == NKIPC_HANDLE_FD ? "fd" :
			     hk == NKIPC_HANDLE_CHANNEL ? "channel" : "?");
	}
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		struct nlattr *a = ev[f[i].attr];

		if (!a)
			continue;
		print_text(" %s=", f[i].key);
		if (f[i].str)
			print_string(PRINT_ANY, f[i].key, "%s", nla_get_string(a));
		else
			print_uint(PRINT_ANY, f[i].key, "%u", nla_get_u32(a));
	}
	print_string(PRINT_ANY, "reason", ": %s\n", reason);
	close_json_object();
	fflush(stdout);
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NKIPC_A_MAX + 1], *ev[NKIPC_EV_A_MAX + 1];
	struct audit_ctx *c = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NKIPC_A_MAX, NULL) ||
	    !tb[NKIPC_A_EVENT] ||
	    nla_parse_nested(ev, NKIPC_EV_A_MAX, tb[NKIPC_A_EVENT], NULL))
		return NL_OK;
	print_event(ev);
	if (c->remaining > 0 && --c->remaining == 0)
		return NL_STOP;
	return NL_OK;
}

int cmd_audit(int argc, char **argv)
{
	struct audit_ctx c = { .remaining = -1 };
	struct nl_msg *msg;
	struct nkgenl g;
	int ch, err;

	while ((ch = getopt(argc, argv, "jn:")) != -1) {
		if (ch == 'j') {
			json_output = true;
		} else if (ch == 'n') {
			c.remaining = strtol(optarg, NULL, 10);
			if (c.remaining <= 0)
				goto usage;
		} else {
			goto usage;
		}
	}
	if (optind != argc)
		goto usage;
	if (nkgenl_open(&g))
		return 1;
	nl_socket_disable_seq_check(g.sk);
	nl_socket_modify_cb(g.sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, &c);
	/* events may arrive before the ack: nkgenl_do() passes them on */
	msg = nkgenl_msg(&g, NKIPC_CMD_AUDIT_SUBSCRIBE, 0);
	err = msg ? nkgenl_do(&g, msg, NULL, on_event, &c) : -ENOMEM;
	if (err) {
		fprintf(stderr, "%s: cannot subscribe to audit events: %s\n", prog,
			err == -EPERM ? "permission denied (this needs CAP_MAC_ADMIN or CAP_AUDIT_READ)" :
			err == -EOPNOTSUPP ? "the loaded nkipc module is older than this nkpolicy" :
			nkgenl_strerror(err));
		nkgenl_close(&g);
		return 1;
	}
	if (!json_output)
		fprintf(stderr, "%s: following audit events (Ctrl-C to stop)\n", prog);
	while (c.remaining != 0) {
		err = nl_recvmsgs_default(g.sk);
		if (err < 0 && err != -NLE_INTR && err != -NLE_AGAIN) {
			fprintf(stderr, "%s: %s\n", prog, nl_geterror(err));
			break;
		}
	}
	nkgenl_close(&g);
	return c.remaining == 0 ? 0 : 1;
usage:
	return usage_error("audit");
}
