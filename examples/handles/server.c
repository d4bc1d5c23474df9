// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * handles server: Open gives the client, in one reply, a new client handle
 * to the echo server's channel (server_connection; the echo server must
 * run) and a read-only file, both sent with NK_HANDLE_MOVE: libnkos closes
 * this side's copies once the kernel has delivered the reply, and
 * NkKosDoDispatch closes them if the reply fails (a policy denies it, the
 * client died).  Each Open prints how many fds this process has open, which
 * stays the same from one call to the next whatever happens.
 *
 * Usage: handles-server
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <coresrv/nk/transport-kos-dispatch.h>
#include <coresrv/sl/sl_api.h>
#include <coresrv/handle/handle_api.h>
#include <services/ocap.h>
#include <handles/Server.edl.h>

static char path[] = "/tmp/nkipc-handles-XXXXXX";

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n - 1;	/* the directory's own fd */
}

static nk_err_t Open(struct handles_Keeper *self, const struct handles_Keeper_Open_req *req,
		     const struct nk_arena *req_arena, struct handles_Keeper_Open_res *res,
		     struct nk_arena *res_arena)
{
	Handle chan;
	int fd;

	(void)self;
	(void)req;
	(void)req_arena;
	(void)res_arena;
	printf("server: Open, %d fds open\n", open_fds());
	chan = ServiceLocatorConnect("server_connection");
	if (chan == INVALID_HANDLE)
		return NK_ELOGIC_MAKE(1);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		KnHandleClose(chan);
		return NK_ELOGIC_MAKE(2);
	}
	res->chan = nk_handle_desc(chan, OCAP_IPC_CLIENT | NK_HANDLE_MOVE);
	res->file = nk_handle_desc(fd, OCAP_FILE_READ | NK_HANDLE_MOVE);
	return NK_EOK;
}

static const struct handles_Keeper_ops ops = { Open };

int main(void)
{
	static const char text[] = "a file from handles-server\n";
	struct handles_Keeper keeper = { &ops };
	handles_Server_entity entity;
	NkKosDispatchInfo info;
	ServiceId iid;
	Handle handle;
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = mkstemp(path);
	if (fd < 0 || write(fd, text, sizeof(text) - 1) != (ssize_t)sizeof(text) - 1) {
		perror("server: mkstemp");
		return EXIT_FAILURE;
	}
	close(fd);
	handle = ServiceLocatorRegister("handles_connection", NULL, 0, &iid);
	if (handle == INVALID_HANDLE) {
		perror("server: ServiceLocatorRegister");
		return EXIT_FAILURE;
	}
	handles_Server_entity_init(&entity, &keeper);
	info = (NkKosDispatchInfo)NK_ENTITY_DISPATCH_INFO_INITIALIZER(handles_Server, entity);
	printf("server: registered handles_connection\n");
	NkKosDoDispatch(handle, &info);
	unlink(path);
	return EXIT_SUCCESS;
}
