// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * handles client: calls Open COUNT times; each time it gets a client handle
 * to the echo server and a file in one reply, calls Ping through the handle
 * (under its own identity), reads the file, and closes both.  It prints
 * its open fd count before and after: equal when nothing leaked.
 *
 * Usage: handles-client [COUNT]   Exit status 0 if every step succeeded.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <coresrv/handle/handle_api.h>
#include <services/ocap.h>
#include <echo/Ping.idl.h>
#include <handles/Keeper.idl.h>

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n - 1;
}

/* Ping through a client handle received in a message. */
static int use_channel(Handle chan)
{
	NkKosTransport transport;
	struct echo_Ping_proxy proxy;
	echo_Ping_Ping_req req;
	echo_Ping_Ping_res res;
	nk_iid_t riid = ServiceLocatorGetRiid(chan, "ping_comp.ping_impl");
	nk_err_t rc;

	if (riid == INVALID_RIID) {
		printf("client: the handle received knows no ping_comp.ping_impl\n");
		return -1;
	}
	NkKosTransport_Init(&transport, chan, NK_NULL, 0);
	echo_Ping_proxy_init(&proxy, &transport.base, riid);
	req.value = 41;
	rc = echo_Ping_Ping(&proxy.base, &req, NULL, &res, NULL);
	if (rc != NK_EOK) {
		printf("client: Ping through the handle received failed (%d)\n", (int)rc);
		return -1;
	}
	printf("client: Ping(41) through the handle received -> %u\n", (unsigned int)res.result);
	return 0;
}

static int use_file(int fd)
{
	char buf[128];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	if (n <= 0) {
		printf("client: reading the file received failed\n");
		return -1;
	}
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	printf("client: the file received reads \"%s\"\n", buf);
	if (write(fd, "x", 1) >= 0) {
		printf("client: the file received is writable\n");
		return -1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	int count = argc > 1 ? atoi(argv[1]) : 1;
	struct handles_Keeper_proxy proxy;
	handles_Keeper_Open_req req;
	handles_Keeper_Open_res res;
	NkKosTransport transport;
	int i, before, failed = 0;
	Handle handle;
	nk_iid_t riid;
	nk_err_t rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	handle = ServiceLocatorConnect("handles_connection");
	riid = handle == INVALID_HANDLE ? INVALID_RIID : ServiceLocatorGetRiid(handle, "keeper");
	if (riid == INVALID_RIID) {
		printf("client: cannot connect to handles_connection/keeper\n");
		return EXIT_FAILURE;
	}
	NkKosTransport_Init(&transport, handle, NK_NULL, 0);
	handles_Keeper_proxy_init(&proxy, &transport.base, riid);
	before = open_fds();
	for (i = 0; i < count; i++) {
		rc = handles_Keeper_Open(&proxy.base, &req, NULL, &res, NULL);
		if (rc != NK_EOK || nk_msg_check_err(&res)) {
			printf("client: Open failed: %s (%d)\n",
			       rc == NK_EPERM ? "NK_EPERM, denied" : "error",
			       rc != NK_EOK ? (int)rc : (int)res.err_.code);
			failed = 1;
			continue;
		}
		printf("client: Open -> a channel handle (rights %#x) and a file (rights %#x)\n",
		       (unsigned int)nk_get_rights(&res.chan), (unsigned int)nk_get_rights(&res.file));
		if (use_channel(nk_get_handle(&res.chan)) || use_file((int)nk_get_handle(&res.file)))
			failed = 1;
		KnHandleClose(nk_get_handle(&res.chan));
		KnHandleClose(nk_get_handle(&res.file));
	}
	printf("client: %d fds open before, %d after\n", before, open_fds());
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
