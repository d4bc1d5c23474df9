#!/bin/sh
# examples/echo/echo.policy, the echo policy for use without nkinit (classes
# bound to service accounts; `make demo` runs echo under nkinit): Ping is granted,
# Echo is denied, and the denial reaches the audit listener.
set -u
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
nkp=$top/build/bin/nkpolicy ex=$top/build/examples
tmp=$(mktemp -d)
. "$top/scripts/tap.sh"
t() { tap_eval "$1" "$2"; }	# t DESCRIPTION SHELL-CODE
t "echo.policy loads" '"$nkp" load "$top/examples/echo/echo.policy" >"$tmp/load" 2>&1'
"$nkp" audit -n 1 >"$tmp/audit" 2>/dev/null &
aud=$!
sleep 1
# as the service accounts echo.policy binds
setpriv --reuid=990 --regid=990 --clear-groups "$ex/echo-server" >"$tmp/server" 2>&1 &
srv=$!
timeout 30 setpriv --reuid=991 --regid=991 --clear-groups \
	"$ex/echo-client" 2 7 >"$tmp/client" 2>&1
timeout 30 "$ex/echo-client" 2 7 >"$tmp/root-client" 2>&1
rc=$?
kill $srv 2>/dev/null; wait $srv 2>/dev/null
t "Ping is granted" 'grep -q "client: Ping(7) -> 8" "$tmp/client"'
t "Echo is denied (NK_EPERM)" 'grep -q "Echo.*failed.*NK_EPERM" "$tmp/client"'
t "the server never saw Echo" '! grep -q "Echo" "$tmp/server"'
t "the bound executable run by another uid is refused" '[ $rc -ne 0 ] && ! grep -q "Ping(7) -> 8" "$tmp/root-client"'
timeout 10 sh -c "while kill -0 $aud 2>/dev/null; do sleep 0.2; done"
kill $aud 2>/dev/null
t "the denial was audited with who and why" \
	'grep -q "deny request src=echo.Client.*dst=echo.Server.*method=Echo" "$tmp/audit"'
t "stats count the denial" '"$nkp" stats | grep -q "^rule	3	1	1"'
"$nkp" unload
for f in load client root-client server audit; do sed "s/^/# $f: /" "$tmp/$f"; done
rm -rf "$tmp"
tap_done
