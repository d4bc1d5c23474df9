/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * nkipc security policy: the generic netlink family "nkipc".
 *
 * DOC: the netlink interface
 *
 * Family NKIPC_GENL_NAME, version NKIPC_GENL_VERSION.  Every attribute is
 * checked against a strict nla_policy: unknown attributes, wrong types,
 * over-long strings and out-of-range values are rejected with -EINVAL (or
 * -ERANGE) and an extack message.  Commands marked (admin) need
 * CAP_MAC_ADMIN in the initial user namespace, of both the sender and the
 * opener of the socket (-EPERM, extack "needs CAP_MAC_ADMIN"); only
 * GET_STATE answers anyone, and only with the generation and the mode.
 * The family exists in the initial network namespace only.
 *
 * A policy is loaded atomically: LOAD_BEGIN opens a staging area bound to
 * the caller's netlink socket and returns its generation; LOAD_ADD appends
 * rules, layouts, bindings and source lines to it; LOAD_COMMIT checks and
 * swaps it in under RCU (every verdict sees either the old or the new
 * policy, never a mix).  LOAD_ABORT, a failed LOAD_ADD/LOAD_COMMIT or the
 * socket being closed drop the staging area and leave the active policy as
 * it was.  One staging area per socket; LOAD_BEGIN replaces an earlier one.
 *
 * NKIPC_CMD_GET_STATE: (doit, anyone; the attributes after MODE only for
 * admin)
 *   request: no attributes
 *   reply:
 *     NKIPC_A_GENERATION: u64, generation of the active policy, 0 if none
 *     NKIPC_A_MODE: u32, enum nkipc_mode
 *     NKIPC_A_AUDIT_FLAGS: u32, NKIPC_AUDIT_F_*
 *     NKIPC_A_DEFAULT: u32, enum nkipc_decision (only with a policy)
 *     NKIPC_A_N_RULES, NKIPC_A_N_LAYOUTS, NKIPC_A_N_BINDINGS: u32
 *     NKIPC_A_STATS: NLA_NESTED
 *       NKIPC_STAT_A_GRANTED: u64, messages and events allowed
 *       NKIPC_STAT_A_DENIED: u64, denied and refused (enforcing)
 *       NKIPC_STAT_A_PERMITTED: u64, would have been denied (permissive)
 *       NKIPC_STAT_A_MALFORMED: u64, failed the structure check
 *       NKIPC_STAT_A_DEFAULTED: u64, matched no rule (default decision)
 *       NKIPC_STAT_A_AUDIT_LOST: u64, audit events that could not be sent
 *
 * NKIPC_CMD_LOAD_BEGIN: (doit, admin)
 *   request:
 *     NKIPC_A_DEFAULT: u32, decision when no rule matches (default DENY)
 *   reply:
 *     NKIPC_A_GENERATION: u64, the staged generation; pass it to LOAD_ADD
 *                         and LOAD_COMMIT
 *
 * NKIPC_CMD_LOAD_ADD: (doit, admin)
 *   Any invalid element drops the whole staged load (-ENOENT afterwards).
 *   NKIPC_A_GENERATION: u64, required, from LOAD_BEGIN
 *   NKIPC_A_RULES: NLA_NESTED, each element (any type) is a rule:
 *     NKIPC_RULE_A_KIND: u8, enum nkipc_rule_kind, required
 *     NKIPC_RULE_A_SRC: string, entity class of the sender (absent: any)
 *     NKIPC_RULE_A_DST: string, entity class of the receiver (absent: any)
 *     NKIPC_RULE_A_CHANNEL: string, service name (absent: any)
 *     NKIPC_RULE_A_SERVER: string, server name of the name server
 *                          (NsPublishService, KnCmConnect); connect and
 *                          register rules only (absent: any)
 *     NKIPC_RULE_A_RIID: u32, endpoint (absent: any)
 *     NKIPC_RULE_A_IFACE: string, interface of the endpoint (absent: any)
 *     NKIPC_RULE_A_MID: u32, method index (needs IFACE; absent: any)
 *     NKIPC_RULE_A_HANDLE: u8, NKIPC_HANDLE_FD or NKIPC_HANDLE_CHANNEL:
 *                          the kind of the handle; transfer rules only
 *                          (absent: any)
 *     NKIPC_RULE_A_TARGET: string, transfer rules: the service a channel
 *                          handle reaches ("" a dynamic channel; absent:
 *                          any; a rule with it never matches an fd)
 *     NKIPC_RULE_A_TARGET_CLASS: string, transfer rules: the entity class
 *                          of that service's server (absent: any)
 *     NKIPC_RULE_A_TEXT: string, the rule as written (for showconf)
 *     NKIPC_RULE_A_STMTS: NLA_NESTED, 1..NKIPC_RULE_MAX_STMTS elements:
 *       NKIPC_STMT_A_TYPE: u8, enum nkipc_stmt_type, required
 *       NKIPC_STMT_A_PART: u8, enum nkipc_msg_part_id (ASSERT, DENY_IF);
 *                          NKIPC_MSG_PART_HANDLE (transfer rules only)
 *                          reads the handle: offset
 *                          NKIPC_HANDLE_FIELD_KIND or _RIGHTS, size 4
 *       NKIPC_STMT_A_OFFSET: u32, byte offset of the field in the part
 *       NKIPC_STMT_A_SIZE: u8, 1, 2, 4 or 8 (little-endian scalar)
 *       NKIPC_STMT_A_SIGNED: flag, compare as signed
 *       NKIPC_STMT_A_OP: u8, enum nkipc_cmp_op
 *       NKIPC_STMT_A_VALUE: u64, right-hand side (two's complement)
 *   NKIPC_A_LAYOUTS: NLA_NESTED, each element is a message layout in the
 *   model of linux/nkipc_layout.h (DOC: message layout model), the one nkc
 *   emits and the generated dispatchers check with:
 *     NKIPC_LAYOUT_A_IFACE: string, required
 *     NKIPC_LAYOUT_A_MID: u32, required
 *     NKIPC_LAYOUT_A_DIR: u8, enum nkipc_layout_dir, required
 *     NKIPC_LAYOUT_A_MSG: binary, one struct nkipc_lmsg (sizes, root
 *                         fields), required
 *     NKIPC_LAYOUT_A_TYPES: binary, struct nkipc_ltype[], at most
 *                           NKIPC_LAYOUT_MAX_TYPES
 *     NKIPC_LAYOUT_A_FIELDS: binary, struct nkipc_lfield[], at most
 *                            NKIPC_LAYOUT_MAX_FIELDS
 *     The arrays' lengths must be multiples of the struct sizes.  The
 *     layout is checked at once (nkipc_layout_validate(): indices in
 *     range and pointing to earlier types only, sizes, offsets,
 *     alignments, bounds, nesting depth): -EINVAL and an extack message
 *     otherwise.  A constant part smaller than the header: -EINVAL.
 *   NKIPC_A_BINDINGS: NLA_NESTED, each element is an identity binding:
 *     NKIPC_BIND_A_CLASS: string, the class to assign, required
 *     NKIPC_BIND_A_EXE: string, absolute path; resolved to its inode
 *                       (device + inode number) by this command
 *     NKIPC_BIND_A_UID, NKIPC_BIND_A_GID: u32, in the caller's user ns
 *     NKIPC_BIND_A_CGROUP: string, cgroup v2 path relative to the root;
 *                          matches the cgroup and its descendants.  Its
 *                          cgroup.procs must be owned by root and not
 *                          group/other-writable (nobody else can move a
 *                          process into it), else -EPERM
 *     NKIPC_BIND_A_LABEL: string, the LSM security context of the opener
 *                         (security_secid_to_secctx of its subject secid:
 *                         SELinux/Smack context, AppArmor profile name)
 *     (at least one of UID, GID, CGROUP: EXE and LABEL only narrow a
 *     binding, -EINVAL alone: any process can run the bound file with
 *     code of its own (LD_PRELOAD, ptrace), and AppArmor lets an
 *     unconfined process change into any profile; all given must match)
 *   NKIPC_A_SOURCE: NLA_NESTED, each element is NKIPC_A_SOURCE_LINE:
 *     string, a header line of the policy (use/default/include) for
 *     showconf
 *
 * NKIPC_CMD_LOAD_COMMIT: (doit, admin)
 *   NKIPC_A_GENERATION: u64, required
 *   NKIPC_A_MODE: u32, optional: also switch the mode
 *   -ESTALE if another policy was committed after this LOAD_BEGIN.
 *
 * NKIPC_CMD_LOAD_ABORT: (doit, admin)  NKIPC_A_GENERATION: u64, required
 * NKIPC_CMD_UNLOAD: (doit, admin)  no attributes; back to "allow all"
 *
 * NKIPC_CMD_SET_CONFIG: (doit, admin)
 *   NKIPC_A_MODE: u32, optional
 *   NKIPC_A_AUDIT_FLAGS: u32, optional, unknown bits -EINVAL
 *
 * NKIPC_CMD_GET_POLICY: (dump, admin) one message per object, each with
 *   NKIPC_A_GENERATION and one of:
 *     NKIPC_A_DEFAULT (first message), NKIPC_A_SOURCE_LINE,
 *     NKIPC_A_RULE: nested rule as above plus
 *       NKIPC_RULE_A_INDEX: u32, NKIPC_RULE_A_HITS: u64,
 *       NKIPC_RULE_A_DENIALS: u64
 *     NKIPC_A_LAYOUT: nested layout as above
 *     NKIPC_A_BINDING: nested binding as above plus
 *       NKIPC_BIND_A_DEV: u32 (new_encode_dev), NKIPC_BIND_A_INO: u64,
 *       NKIPC_BIND_A_HITS: u64
 *   The dump is consistent: a policy swap during the dump sets
 *   NLM_F_DUMP_INTR, and the reader starts again.
 *
 * NKIPC_CMD_GET_CHANNELS: (dump, admin) request: no attributes.  One
 *   message per named service; a service whose lists do not fit in one
 *   message continues in the next ones, each with NKIPC_CHAN_A_NAME and
 *   the rest of the lists (the reader merges messages with the same name):
 *   NKIPC_A_CHANNEL: NLA_NESTED
 *     NKIPC_CHAN_A_NAME: string, service name (every message)
 *     first message of a service only:
 *     NKIPC_CHAN_A_SERVER_CLASS: string, NKIPC_CHAN_A_SERVER_PID: u32
 *     NKIPC_CHAN_A_N_CLIENTS: u32
 *     NKIPC_CHAN_A_N_QUEUED: u32, requests not received yet
 *     NKIPC_CHAN_A_N_INFLIGHT: u32, received, not replied yet
 *     NKIPC_CHAN_A_CLIENTS: NLA_NESTED, each element NKIPC_CHAN_A_CLIENT
 *                           is a connected client handle, oldest first:
 *       NKIPC_CLIENT_A_CLASS: string, entity class of the connector
 *       NKIPC_CLIENT_A_PID: u32, its process (init pid namespace)
 *       NKIPC_CLIENT_A_UID: u32, its euid at open (init user namespace)
 *     NKIPC_CHAN_A_TXNS: NLA_NESTED, each element NKIPC_CHAN_A_TXN is a
 *                        pending call, queued (oldest first) then in flight:
 *       NKIPC_TXN_A_TXID: u64, 0 while never received
 *       NKIPC_TXN_A_STATE: u8, enum nkipc_chan_txn_state
 *       NKIPC_TXN_A_CLASS: string, NKIPC_TXN_A_PID: u32, the caller
 *       NKIPC_TXN_A_RIID, NKIPC_TXN_A_MID: u32, from the request header
 *       NKIPC_TXN_A_REQ_SIZE, NKIPC_TXN_A_REQ_ARENA_SIZE: u32, request
 *       NKIPC_TXN_A_RES_CAP, NKIPC_TXN_A_RES_ARENA_CAP: u32, response
 *                            buffers of the caller
 *   The dump is consistent: a service or client handle coming or going
 *   during a multi-message dump, or a change of the pending calls of a
 *   service whose list of calls is split over messages, sets
 *   NLM_F_DUMP_INTR and the reader starts again.  Each message is a
 *   snapshot: counts and lists of one message agree.
 *
 * NKIPC_CMD_AUDIT_SUBSCRIBE: (doit, CAP_MAC_ADMIN or CAP_AUDIT_READ, of
 *   the sender and the socket's opener) no attributes.  The socket
 *   receives NKIPC_CMD_AUDIT_EVENT messages until it is closed; at most 8
 *   sockets at once (-ENOSPC).
 *
 * NKIPC_CMD_AUDIT_EVENT: unicast (portid 0, seq 0) to every subscribed
 *   socket: one message per denial, and per grant when
 *   NKIPC_AUDIT_F_GRANTS is set.  Nothing is sent to the multicast group
 *   NKIPC_GENL_MCGRP_AUDIT any more (generic netlink cannot require
 *   CAP_MAC_ADMIN of a group's listeners); the name stays for old sources.
 *   NKIPC_A_EVENT: NLA_NESTED
 *     NKIPC_EV_A_GENERATION: u64, NKIPC_EV_A_VERDICT: u8 enum nkipc_verdict
 *     NKIPC_EV_A_ENFORCED: u8, 0 in permissive mode
 *     NKIPC_EV_A_KIND: u8, enum nkipc_rule_kind
 *     NKIPC_EV_A_REASON: string, why (rule text, "no rule", "malformed:
 *                        ...")
 *     NKIPC_EV_A_RULE: u32, index of the deciding rule (absent: default)
 *     NKIPC_EV_A_SRC_CLASS, NKIPC_EV_A_DST_CLASS: string
 *     NKIPC_EV_A_SRC_PID, NKIPC_EV_A_SRC_UID, NKIPC_EV_A_DST_PID: u32
 *                        (init namespaces)
 *     NKIPC_EV_A_CHANNEL, NKIPC_EV_A_ENDPOINT, NKIPC_EV_A_IFACE: string
 *     NKIPC_EV_A_RIID, NKIPC_EV_A_MID: u32
 *     NKIPC_EV_A_NCAPS: u32, handles the message carries (messages with
 *                        handles only)
 *     transfer events (kind NKIPC_KIND_TRANSFER), the handle judged:
 *     NKIPC_EV_A_HANDLE: u32, its index in the message's table
 *     NKIPC_EV_A_HANDLE_KIND: u8, NKIPC_HANDLE_*
 *     NKIPC_EV_A_HANDLE_RIGHTS: u32, NKIPC_RIGHT_*
 *     NKIPC_EV_A_TARGET, NKIPC_EV_A_TARGET_CLASS: string, a channel
 *                        handle's service and its server's class
 *
 * DOC: transfer verdicts
 *
 * A message carrying handles (uapi/linux/nkipc.h, DOC: handles in
 * messages) is first judged as a message (request/response/error rules);
 * if that grants, each handle is judged as an event of kind
 * NKIPC_KIND_TRANSFER: src/dst are the sender and the receiver of the
 * message, channel/riid/iface/mid those of the message, plus the handle's
 * kind, rights, and for a channel handle the service it reaches and its
 * server's class.  Rules match and run as for messages (conditions read
 * the message, or the handle with NKIPC_MSG_PART_HANDLE); no match takes
 * the default decision.  One denied handle fails the whole message
 * (EACCES), nothing is transferred.
 *
 * DOC: identity
 *
 * Every open() of /dev/nkipc gets an entity class, chosen by the kernel:
 *  1. a launcher grant (NKIPC_IOC_LAUNCH_CLASS below) for this process,
 *     valid only for the image it executes next;
 *  2. else the first policy binding whose conditions all hold for the
 *     opener (uid, gid, cgroup, LSM label, and executable inode);
 *  3. else NKIPC_DEFAULT_CLASS_NAME.
 * A class never comes from the process itself.
 */
#ifndef _UAPI_LINUX_NKIPC_GENL_H
#define _UAPI_LINUX_NKIPC_GENL_H

#include <linux/types.h>

#define NKIPC_GENL_NAME			"nkipc"
#define NKIPC_GENL_VERSION		1
#define NKIPC_GENL_MCGRP_AUDIT		"audit"

#define NKIPC_DEFAULT_CLASS_NAME	"nkipc.Unbound"

#define NKIPC_RULE_MAX_STMTS		16
#define NKIPC_POLICY_MAX_RULES		4096
#define NKIPC_POLICY_MAX_LAYOUTS	4096
#define NKIPC_POLICY_MAX_BINDINGS	256
#define NKIPC_POLICY_MAX_SOURCE		256
#define NKIPC_TEXT_MAX			512	/* rule text / source line, with NUL */
#define NKIPC_PATH_MAX			4096	/* exe / cgroup path, with NUL */
#define NKIPC_LABEL_MAX			256	/* LSM context, with NUL */

enum nkipc_genl_cmd {
	NKIPC_CMD_UNSPEC,
	NKIPC_CMD_GET_STATE,
	NKIPC_CMD_LOAD_BEGIN,
	NKIPC_CMD_LOAD_ADD,
	NKIPC_CMD_LOAD_COMMIT,
	NKIPC_CMD_LOAD_ABORT,
	NKIPC_CMD_UNLOAD,
	NKIPC_CMD_SET_CONFIG,
	NKIPC_CMD_GET_POLICY,
	NKIPC_CMD_GET_CHANNELS,
	NKIPC_CMD_AUDIT_EVENT,
	NKIPC_CMD_AUDIT_SUBSCRIBE,
	__NKIPC_CMD_MAX
};

#define NKIPC_CMD_MAX (__NKIPC_CMD_MAX - 1)

enum nkipc_mode {
	NKIPC_MODE_ENFORCING,
	NKIPC_MODE_PERMISSIVE,
	__NKIPC_MODE_MAX
};

enum nkipc_decision {
	NKIPC_DECISION_DENY,
	NKIPC_DECISION_GRANT,
	__NKIPC_DECISION_MAX
};

#define NKIPC_AUDIT_F_GRANTS	0x1	/* also report granted messages */
#define NKIPC_AUDIT_F_ALL	NKIPC_AUDIT_F_GRANTS

enum nkipc_rule_kind {
	NKIPC_KIND_REQUEST,
	NKIPC_KIND_RESPONSE,
	NKIPC_KIND_ERROR,	/* a response with NKIPC_MSG_F_ERROR */
	NKIPC_KIND_CONNECT,
	NKIPC_KIND_REGISTER,	/* register or publish a service name */
	NKIPC_KIND_TRANSFER,	/* one handle a granted message carries */
	__NKIPC_KIND_MAX
};

enum nkipc_stmt_type {
	NKIPC_STMT_GRANT,	/* grant() */
	NKIPC_STMT_DENY,	/* deny() */
	NKIPC_STMT_ASSERT,	/* assert(cond): deny unless cond */
	NKIPC_STMT_DENY_IF,	/* deny(cond): deny if cond */
	__NKIPC_STMT_MAX
};

enum nkipc_msg_part_id {
	NKIPC_MSG_PART_CONST,
	NKIPC_MSG_PART_ARENA,
	NKIPC_MSG_PART_HANDLE,	/* transfer rules: the handle (below) */
	__NKIPC_MSG_PART_MAX
};

/* NKIPC_MSG_PART_HANDLE offsets (u32 each) */
#define NKIPC_HANDLE_FIELD_KIND		0
#define NKIPC_HANDLE_FIELD_RIGHTS	4

enum nkipc_cmp_op {
	NKIPC_OP_EQ,
	NKIPC_OP_NE,
	NKIPC_OP_LT,
	NKIPC_OP_LE,
	NKIPC_OP_GT,
	NKIPC_OP_GE,
	__NKIPC_OP_MAX
};

enum nkipc_layout_dir {
	NKIPC_LAYOUT_REQUEST,
	NKIPC_LAYOUT_RESPONSE,
	NKIPC_LAYOUT_ERROR,
	__NKIPC_LAYOUT_MAX
};

enum nkipc_verdict {
	NKIPC_VERDICT_GRANT,
	NKIPC_VERDICT_DENY,
	NKIPC_VERDICT_MALFORMED,
	__NKIPC_VERDICT_MAX
};

enum nkipc_attr {
	NKIPC_A_UNSPEC,
	NKIPC_A_GENERATION,
	NKIPC_A_MODE,
	NKIPC_A_AUDIT_FLAGS,
	NKIPC_A_DEFAULT,
	NKIPC_A_N_RULES,
	NKIPC_A_N_LAYOUTS,
	NKIPC_A_N_BINDINGS,
	NKIPC_A_STATS,
	NKIPC_A_RULES,
	NKIPC_A_LAYOUTS,
	NKIPC_A_BINDINGS,
	NKIPC_A_SOURCE,
	NKIPC_A_SOURCE_LINE,
	NKIPC_A_RULE,
	NKIPC_A_LAYOUT,
	NKIPC_A_BINDING,
	NKIPC_A_CHANNEL,
	NKIPC_A_EVENT,
	NKIPC_A_PAD,
	__NKIPC_A_MAX
};

#define NKIPC_A_MAX (__NKIPC_A_MAX - 1)

enum nkipc_stat_attr {
	NKIPC_STAT_A_UNSPEC,
	NKIPC_STAT_A_GRANTED,
	NKIPC_STAT_A_DENIED,
	NKIPC_STAT_A_PERMITTED,
	NKIPC_STAT_A_MALFORMED,
	NKIPC_STAT_A_DEFAULTED,
	NKIPC_STAT_A_AUDIT_LOST,
	NKIPC_STAT_A_PAD,
	__NKIPC_STAT_A_MAX
};

#define NKIPC_STAT_A_MAX (__NKIPC_STAT_A_MAX - 1)

enum nkipc_rule_attr {
	NKIPC_RULE_A_UNSPEC,
	NKIPC_RULE_A_KIND,
	NKIPC_RULE_A_SRC,
	NKIPC_RULE_A_DST,
	NKIPC_RULE_A_CHANNEL,
	NKIPC_RULE_A_RIID,
	NKIPC_RULE_A_IFACE,
	NKIPC_RULE_A_MID,
	NKIPC_RULE_A_TEXT,
	NKIPC_RULE_A_STMTS,
	NKIPC_RULE_A_INDEX,
	NKIPC_RULE_A_HITS,
	NKIPC_RULE_A_DENIALS,
	NKIPC_RULE_A_PAD,
	NKIPC_RULE_A_SERVER,
	NKIPC_RULE_A_HANDLE,
	NKIPC_RULE_A_TARGET,
	NKIPC_RULE_A_TARGET_CLASS,
	__NKIPC_RULE_A_MAX
};

#define NKIPC_RULE_A_MAX (__NKIPC_RULE_A_MAX - 1)

enum nkipc_stmt_attr {
	NKIPC_STMT_A_UNSPEC,
	NKIPC_STMT_A_TYPE,
	NKIPC_STMT_A_PART,
	NKIPC_STMT_A_OFFSET,
	NKIPC_STMT_A_SIZE,
	NKIPC_STMT_A_SIGNED,
	NKIPC_STMT_A_OP,
	NKIPC_STMT_A_VALUE,
	NKIPC_STMT_A_PAD,
	__NKIPC_STMT_A_MAX
};

#define NKIPC_STMT_A_MAX (__NKIPC_STMT_A_MAX - 1)

enum nkipc_layout_attr {
	NKIPC_LAYOUT_A_UNSPEC,
	NKIPC_LAYOUT_A_IFACE,
	NKIPC_LAYOUT_A_MID,
	NKIPC_LAYOUT_A_DIR,
	NKIPC_LAYOUT_A_MSG,
	NKIPC_LAYOUT_A_TYPES,
	NKIPC_LAYOUT_A_FIELDS,
	__NKIPC_LAYOUT_A_MAX
};

#define NKIPC_LAYOUT_A_MAX (__NKIPC_LAYOUT_A_MAX - 1)

enum nkipc_bind_attr {
	NKIPC_BIND_A_UNSPEC,
	NKIPC_BIND_A_CLASS,
	NKIPC_BIND_A_EXE,
	NKIPC_BIND_A_UID,
	NKIPC_BIND_A_GID,
	NKIPC_BIND_A_CGROUP,
	NKIPC_BIND_A_DEV,
	NKIPC_BIND_A_INO,
	NKIPC_BIND_A_HITS,
	NKIPC_BIND_A_PAD,
	NKIPC_BIND_A_LABEL,
	__NKIPC_BIND_A_MAX
};

#define NKIPC_BIND_A_MAX (__NKIPC_BIND_A_MAX - 1)

enum nkipc_chan_attr {
	NKIPC_CHAN_A_UNSPEC,
	NKIPC_CHAN_A_NAME,
	NKIPC_CHAN_A_SERVER_CLASS,
	NKIPC_CHAN_A_SERVER_PID,
	NKIPC_CHAN_A_N_CLIENTS,
	NKIPC_CHAN_A_N_QUEUED,
	NKIPC_CHAN_A_N_INFLIGHT,
	NKIPC_CHAN_A_CLIENTS,
	NKIPC_CHAN_A_CLIENT,
	NKIPC_CHAN_A_TXNS,
	NKIPC_CHAN_A_TXN,
	__NKIPC_CHAN_A_MAX
};

#define NKIPC_CHAN_A_MAX (__NKIPC_CHAN_A_MAX - 1)

enum nkipc_client_attr {
	NKIPC_CLIENT_A_UNSPEC,
	NKIPC_CLIENT_A_CLASS,
	NKIPC_CLIENT_A_PID,
	NKIPC_CLIENT_A_UID,
	__NKIPC_CLIENT_A_MAX
};

#define NKIPC_CLIENT_A_MAX (__NKIPC_CLIENT_A_MAX - 1)

enum nkipc_chan_txn_state {
	NKIPC_CHAN_TXN_QUEUED,		/* sent, not received yet */
	NKIPC_CHAN_TXN_INFLIGHT,	/* received, not replied yet */
	NKIPC_CHAN_TXN_CANCELLED,	/* received; the caller gave up */
	__NKIPC_CHAN_TXN_MAX
};

enum nkipc_txn_attr {
	NKIPC_TXN_A_UNSPEC,
	NKIPC_TXN_A_TXID,
	NKIPC_TXN_A_STATE,
	NKIPC_TXN_A_CLASS,
	NKIPC_TXN_A_PID,
	NKIPC_TXN_A_RIID,
	NKIPC_TXN_A_MID,
	NKIPC_TXN_A_REQ_SIZE,
	NKIPC_TXN_A_REQ_ARENA_SIZE,
	NKIPC_TXN_A_RES_CAP,
	NKIPC_TXN_A_RES_ARENA_CAP,
	NKIPC_TXN_A_PAD,
	__NKIPC_TXN_A_MAX
};

#define NKIPC_TXN_A_MAX (__NKIPC_TXN_A_MAX - 1)

enum nkipc_event_attr {
	NKIPC_EV_A_UNSPEC,
	NKIPC_EV_A_GENERATION,
	NKIPC_EV_A_VERDICT,
	NKIPC_EV_A_ENFORCED,
	NKIPC_EV_A_KIND,
	NKIPC_EV_A_REASON,
	NKIPC_EV_A_RULE,
	NKIPC_EV_A_SRC_CLASS,
	NKIPC_EV_A_DST_CLASS,
	NKIPC_EV_A_SRC_PID,
	NKIPC_EV_A_SRC_UID,
	NKIPC_EV_A_DST_PID,
	NKIPC_EV_A_CHANNEL,
	NKIPC_EV_A_ENDPOINT,
	NKIPC_EV_A_IFACE,
	NKIPC_EV_A_RIID,
	NKIPC_EV_A_MID,
	NKIPC_EV_A_PAD,
	NKIPC_EV_A_NCAPS,
	NKIPC_EV_A_HANDLE,
	NKIPC_EV_A_HANDLE_KIND,
	NKIPC_EV_A_HANDLE_RIGHTS,
	NKIPC_EV_A_TARGET,
	NKIPC_EV_A_TARGET_CLASS,
	__NKIPC_EV_A_MAX
};

#define NKIPC_EV_A_MAX (__NKIPC_EV_A_MAX - 1)

#endif /* _UAPI_LINUX_NKIPC_GENL_H */
