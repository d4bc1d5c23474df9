/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rtl/retcode.h - return codes of the KasperskyOS system API.
 *
 * Which kernel error gives which code is one table in libnkos
 * (src/errmap.c), documented in docs/kos-api.md.
 */
#ifndef RTL_RETCODE_H
#define RTL_RETCODE_H

#include <nk/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef nk_sint32_t Retcode;

#define rcOk			((Retcode)0)
#define rcFail			((Retcode)-1)
#define rcInvalidArgument	((Retcode)-2)
#define rcNotConnected		((Retcode)-3)	/* the peer is gone */
#define rcOutOfMemory		((Retcode)-4)
#define rcBufferTooSmall	((Retcode)-5)
#define rcBufferTooLarge	((Retcode)-6)
#define rcTimeout		((Retcode)-7)
#define rcSecurityDisallow	((Retcode)-8)	/* denied by the verdict */
#define rcResourceNotFound	((Retcode)-9)
#define rcAlreadyExists		((Retcode)-10)
#define rcBusy			((Retcode)-11)
#define rcIpcInterrupt		((Retcode)-12)	/* interrupted by a signal */
#define rcUnimplemented		((Retcode)-13)
/* libnkos addition: KnCmConnect, the server dropped the request. */
#define rcConnectionRefused	((Retcode)-14)

#define RC_SUCCEEDED(rc)	((rc) == rcOk)
#define RC_FAILED(rc)		((rc) != rcOk)

/* libnkos addition: the code's name ("rcTimeout"), "rc?" if unknown. */
const char *RetcodeName(Retcode rc);

#ifdef __cplusplus
}
#endif

#endif /* RTL_RETCODE_H */
