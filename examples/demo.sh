#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# demo.sh - the main job, run inside the VM by `make demo`: load the echo
# policy, start the echo server daemon, run the client through the module
# and show what the policy granted and denied.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
b=${B:-$top/build}
nkpolicy=$b/bin/nkpolicy
status=0

step() { printf '\n== %s\n' "$*"; }

# The entities run as service accounts (uid 990/991) and must reach their
# programs: a checkout under /root (0700, where root clones by default) is
# out of their reach.  Then the checkout is bind-mounted at a path they can
# traverse: the same files (inodes), so echo.policy's exe= bindings match.
as_991="setpriv --reuid=991 --regid=991 --clear-groups"
pub=""
if ! $as_991 test -x "$b/examples/echo-client" 2>/dev/null; then
	case $b in
	"$top"/*)
		pub=$(mktemp -d /run/nkipc-demo.XXXXXX) && chmod 0755 "$pub" &&
			mount --bind "$top" "$pub" && b=$pub/${b#"$top"/} ;;
	esac
	$as_991 test -x "$b/examples/echo-client" || {
		echo "demo: uid 991 cannot run $b/examples/echo-client: put the checkout where other users can read it"
		exit 1
	}
	echo "demo: $top is not readable by the service accounts: using it through $pub"
fi

step "nkipc.ko loaded into Linux $(uname -r) (VM):"
grep "^nkipc " /proc/modules
ls -l /dev/nkipc

step "nkpolicy load examples/echo/echo.policy"
"$nkpolicy" load "$top/examples/echo/echo.policy" || exit 1
"$nkpolicy" mode enforcing || exit 1
"$nkpolicy" show

step "audit listener (nkpolicy audit) in the background"
"$nkpolicy" audit >"$b/demo-audit.txt" 2>&1 &
audit=$!

# the service accounts echo.policy binds the classes to
as_server="setpriv --reuid=990 --regid=990 --clear-groups"
as_client="setpriv --reuid=991 --regid=991 --clear-groups"

step "echo-server daemon with 2 threads, as uid 990"
$as_server "$b/examples/echo-server" 2 &
server=$!
sleep 1

step "echo-client as uid 991: Ping is granted, Echo is denied by the policy"
$as_client "$b/examples/echo-client" 3 3
rc=$?
[ $rc -ne 0 ] || { echo "demo: expected the denied Echo to fail the client"; status=1; }

step "echo-client 2 999: the policy asserts message.value < 1000"
$as_client "$b/examples/echo-client" 2 999

step "the same echo-client as root: not echo.Client, so connecting is denied"
"$b/examples/echo-client" 1 1 && { echo "demo: expected root's client to be refused"; status=1; }

step "nkpolicy channels"
"$nkpolicy" channels

step "nkpolicy stats"
"$nkpolicy" stats

kill "$server" 2>/dev/null
wait "$server" 2>/dev/null
kill "$audit" 2>/dev/null
wait "$audit" 2>/dev/null
step "audit events received"
cat "$b/demo-audit.txt"

step "nkpolicy unload"
"$nkpolicy" unload
[ -z "$pub" ] || { umount "$pub" && rmdir "$pub"; }
exit $status
