/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NKT_SVC_FIXTURE(tag): the fixture most core tests share, a kselftest
 * FIXTURE named svc holding one registered service (srv, with the
 * standard endpoint table) and one client connected to it (cli), both
 * from one /dev/nkipc context (dev).  A test that closes srv itself sets
 * it to -1.  Include after kselftest_harness.h and nkt.h.
 */
#ifndef NKT_SVC_FIXTURE_H
#define NKT_SVC_FIXTURE_H

#define NKT_SVC_FIXTURE(tag)						\
FIXTURE(svc) {								\
	int dev, srv, cli;						\
};									\
									\
FIXTURE_SETUP(svc)							\
{									\
	const char *name = nkt_name(tag);				\
									\
	self->dev = nkt_open();						\
	ASSERT_LE(0, self->dev);					\
	self->srv = nkt_register_std(self->dev, name);			\
	ASSERT_LE(0, self->srv);					\
	self->cli = nkt_connect(self->dev, name, 0);			\
	ASSERT_LE(0, self->cli);					\
}									\
									\
FIXTURE_TEARDOWN(svc)							\
{									\
	close(self->cli);						\
	if (self->srv >= 0)						\
		close(self->srv);					\
	close(self->dev);						\
}

#endif /* NKT_SVC_FIXTURE_H */
