/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pt: helpers of the policy VM selftests.  They load policies with the
 * real nkpolicy binary (build/bin/nkpolicy, found next to the test), talk
 * to the "nkipc" netlink family with libnl for the negative tests, and
 * use the core's raw-ioctl helpers (selftests/core/nkt.h) for messages.
 */
#ifndef PT_H
#define PT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <pthread.h>

#include "nkt.h"

/* Directory of the running test binary, the repository root, the fixture
 * directory policy/tests/vm and build/bin/nkpolicy. */
const char *pt_self(void);
const char *pt_top(void);
const char *pt_fixtures(void);
const char *pt_nkpolicy(void);

/* Writes @text to a temporary policy file (next to the fixtures, so that
 * `use EDL test.Server` finds test.Server.json); returns its path. */
const char *pt_write_policy(const char *text);
/* Reads fixture @name, replacing @SELF@ by pt_self(), @KEY@ by @val. */
char *pt_fixture(const char *name, const char *key, const char *val);
/* Runs nkpolicy with the arguments; returns its exit status (-1: could
 * not run).  Output goes to @out (may be NULL) up to @len bytes. */
int pt_nkpolicy_run(char *out, size_t len, const char *const argv[]);
int pt_load_text(const char *text);
int pt_unload(void);
int pt_mode(const char *mode);

/* Messages of the fixture's test.Echo interface (riid 0). */
#define PT_RIID_ECHO	0
#define PT_MID_PING	0
#define PT_MID_PUT	1
#define PT_MID_SECRET	2
#define PT_MID_NEG	3
#define PT_RIID_OTHER	1
/* the pt server answers this request value with an error response */
#define PT_ERROR_VALUE	224
/* ... and this one with a status-only response (as does Neg for 2 and 3) */
#define PT_STATUS_VALUE	225

void pt_msg32(struct nkt_msg *m, uint16_t riid, uint16_t mid, uint32_t value);

/* A server thread answering every request with a 32-byte (or 24-byte for
 * Put) response whose field at 24 is @reply_value if set, else the request
 * field (PT_ERROR_VALUE, or 4 for Neg: a 24-byte error response); it
 * records what it received. */
struct pt_server {
	int dev, fd;
	pthread_t th;
	atomic_bool stop;
	atomic_long received;
	atomic_long replied;		/* REPLY calls made */
	atomic_long reply_errors;
	atomic_int last_reply_err;
	atomic_uint last_value;
	atomic_int reply_value;		/* -1: echo */
	char last_class[NKIPC_CLASS_MAX];
	pthread_mutex_t lock;
};

int pt_server_start(struct pt_server *s, const char *name);
void pt_server_stop(struct pt_server *s);
/* Waits (up to 10 s) until the server has replied to all it received:
 * a client's Call may return before the server's Reply does. */
void pt_server_sync(struct pt_server *s);

/* A pt_server on channel @name and one client of it: a device, the
 * client handle and 4 KiB request and response buffers.  0 or -errno. */
struct pt_chan {
	struct pt_server srv;
	int dev, cli;
	struct nkt_msg req, res;
};

int pt_chan_open(struct pt_chan *c, const char *name);
void pt_chan_close(struct pt_chan *c);

/* Raw netlink (libnl) access for the negative tests. */
struct nl_sock;
struct nl_msg;
struct nl_sock *pt_nl_open(int *family);
/* Sends @msg (consumed) and returns the kernel's answer: 0 or -errno. */
int pt_nl_send(struct nl_sock *sk, struct nl_msg *msg);
struct nl_msg *pt_nl_msg(int family, uint8_t cmd);
/* LOAD_BEGIN; returns the generation or 0. */
uint64_t pt_nl_begin(struct nl_sock *sk, int family);
uint64_t pt_active_generation(void);

#endif
