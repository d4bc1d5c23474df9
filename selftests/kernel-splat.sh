# SPDX-License-Identifier: GPL-2.0
# Sourced by vm-run and run-vm-tests: what in a kernel log counts as a
# failure.  On any kernel: BUG (also "BUG: KASAN", "BUG: sleeping function
# called from invalid context", "BUG: scheduling while atomic", "BUG:
# workqueue lockup"), WARNING (every lockdep report, "suspicious RCU
# usage", DEBUG_LIST corruption, ODEBUG, refcount_t), oops, GPF, panic,
# hung task, RCU stall, and any call trace.  On the debug kernel
# (selftests/debug.config) also the reports that do not start with
# BUG/WARNING: UBSAN, KASAN, kmemleak (a scan's "N new suspected memory
# leaks", or the "unreferenced object" records themselves when a test
# copies /sys/kernel/debug/kmemleak into the log).
#
# Fault injection prints a "Call Trace" for every failure it forces unless
# its debugfs "verbose" is 0: tests that inject faults must set it to 0.
# shellcheck shell=bash
NKIPC_SPLAT_RE='BUG|WARNING|Oops|general protection|Kernel panic|KASAN|UBSAN|'\
'possible circular locking|possible recursive locking|inconsistent lock state|'\
'suspicious RCU usage|sleeping function called|scheduling while atomic|'\
'INFO: |rcu_.* detected stalls|ODEBUG:|refcount_t:|list_(add|del) corruption|'\
'kmemleak: [0-9]+ new suspected memory leak|unreferenced object 0x|'\
'Call Trace'

# kernel_splat FILE: prints the splats in FILE as TAP comments; true if any.
# virtme-ng's init logs its own "WARNING: failed to run" (a tool missing
# on a minimal system): userspace, not a kernel report.
kernel_splat() {
	grep -v 'virtme-ng-init: ' "$1" | grep -qE "$NKIPC_SPLAT_RE" || return 1
	grep -v 'virtme-ng-init: ' "$1" | grep -E -B2 -A30 "$NKIPC_SPLAT_RE" |
		head -n 200 | sed 's/^/# /'
	return 0
}
