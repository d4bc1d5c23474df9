// SPDX-License-Identifier: GPL-2.0
/*
 * pt-id-helper CHANNEL            connect to CHANNEL and make one Ping call
 * pt-id-helper exec PATH ARGS...  execute PATH (an exec chain)
 * Exit status 0 if the call (or the exec) worked.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pt.h"

int main(int argc, char **argv)
{
	struct nkt_msg req = { 0 }, res = { 0 };
	int dev, cli, ret;

	if (argc >= 3 && !strcmp(argv[1], "exec")) {
		execv(argv[2], argv + 2);
		perror("exec");
		return 2;
	}
	if (argc != 2)
		return 3;
	dev = nkt_open();
	if (dev < 0)
		return 4;
	cli = nkt_connect(dev, argv[1], 5 * NKT_SEC);
	if (cli < 0)
		return 5;
	pt_msg32(&req, PT_RIID_ECHO, PT_MID_PING, (uint32_t)getpid());
	nkt_msg_alloc(&res, 4096, 4096);
	ret = nkt_call(cli, &req, &res, 5 * NKT_SEC);
	return ret ? 6 : 0;
}
