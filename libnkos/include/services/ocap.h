/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * services/ocap.h - handle rights masks (KOS path and names).
 *
 * KOS's values are not public; these are nkipc's: each flag is the
 * kernel's NKIPC_RIGHT_* of the same meaning (uapi/linux/nkipc.h), so a
 * mask goes to the kernel unchanged.  OCAP_HANDLE_TRANSFER and
 * OCAP_IPC_CALL are KOS names; OCAP_FILE_READ/WRITE are libnkos names
 * for an ordinary file descriptor's rights.
 *
 *   file descriptor   OCAP_FILE_READ, OCAP_FILE_WRITE (at most its open
 *                     mode; a narrower mask reopens a regular file);
 *                     always transferable: OCAP_HANDLE_TRANSFER is
 *                     accepted and ignored when sent, set when received
 *   client handle     OCAP_IPC_CALL (may call), OCAP_HANDLE_TRANSFER (may
 *                     be sent on); a handle without TRANSFER cannot be sent
 */
#ifndef SERVICES_OCAP_H
#define SERVICES_OCAP_H

#include <nk/types.h>

#define OCAP_FILE_READ		((nk_rights_t)0x1)
#define OCAP_FILE_WRITE		((nk_rights_t)0x2)
#define OCAP_IPC_CALL		((nk_rights_t)0x4)
#define OCAP_HANDLE_TRANSFER	((nk_rights_t)0x8)

#define OCAP_FILE_FULL		(OCAP_FILE_READ | OCAP_FILE_WRITE | \
				 OCAP_HANDLE_TRANSFER)
#define OCAP_IPC_CLIENT		(OCAP_IPC_CALL | OCAP_HANDLE_TRANSFER)

#endif /* SERVICES_OCAP_H */
