#!/bin/sh
# policy/demo.sh - the echo example under examples/echo/echo.policy, for
# `make demo` (run inside the VM as root, module loaded): the policy grants
# Ping and denies Echo; the denial is shown by the client, by the audit
# stream and by the counters.
set -u
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
nkp=$top/build/bin/nkpolicy ex=$top/build/examples
tmp=$(mktemp -d)
say() { printf '\n== %s\n' "$*"; }

say "nkpolicy load examples/echo/echo.policy"
"$nkp" load "$top/examples/echo/echo.policy" || exit 1
say "nkpolicy showconf"
"$nkp" showconf
"$nkp" audit >"$tmp/audit" 2>/dev/null &
aud=$!
"$ex/echo-server" >"$tmp/server" 2>&1 &
srv=$!
sleep 1
say "echo-client: Ping is granted, Echo is denied"
timeout 30 "$ex/echo-client" 2 7
rc=$?
kill $srv; wait $srv 2>/dev/null
sleep 1
kill $aud; wait $aud 2>/dev/null
say "echo-server saw"
cat "$tmp/server"
say "nkpolicy audit (who, what, why)"
cat "$tmp/audit"
say "nkpolicy stats"
"$nkp" stats
"$nkp" unload
rm -rf "$tmp"
# the client exits 1 because its Echo call was denied, as the policy says
[ $rc = 1 ]
