# SPDX-License-Identifier: GPL-2.0
# Sourced by vm-run and run-vm-tests: what in a kernel log counts as a
# failure (BUG, WARNING, oops, GPF, KASAN/UBSAN, lockdep, hung task).
# shellcheck shell=bash
NKIPC_SPLAT_RE='BUG|WARNING|Oops|general protection|KASAN|UBSAN|possible circular locking|INFO: |inconsistent lock state|Call Trace'

# kernel_splat FILE: prints the splats in FILE as TAP comments; true if any.
kernel_splat() {
	grep -qE "$NKIPC_SPLAT_RE" "$1" || return 1
	grep -E -B2 -A30 "$NKIPC_SPLAT_RE" "$1" | head -n 200 | sed 's/^/# /'
	return 0
}
