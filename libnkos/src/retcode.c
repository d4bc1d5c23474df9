// SPDX-License-Identifier: LGPL-2.1-or-later
/* retcode.c - names of the return codes (RetcodeName). */
#include <rtl/retcode.h>

const char *RetcodeName(Retcode rc)
{
	static const char *const names[] = {
		"rcOk", "rcFail", "rcInvalidArgument", "rcNotConnected",
		"rcOutOfMemory", "rcBufferTooSmall", "rcBufferTooLarge",
		"rcTimeout", "rcSecurityDisallow", "rcResourceNotFound",
		"rcAlreadyExists", "rcBusy", "rcIpcInterrupt",
		"rcUnimplemented", "rcConnectionRefused",
	};

	if (rc > 0 || -(long)rc >= (long)(sizeof(names) / sizeof(names[0])))
		return "rc?";
	return names[-rc];
}
