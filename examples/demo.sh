#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# demo.sh - the main job, run inside the VM by `make demo`: nkinit (the
# Einit of nkipc) starts examples/echo as a KOS solution (init.yaml): it
# loads the solution's security.psl with the grants for its channel, gives
# each entity its class at exec, starts the echo-server daemon and two
# echo-clients that call it through the module; then the demo shows what
# the policy granted and denied, that a process nkinit did not start gets
# nothing, and stops the solution.  Exit 0 iff every step did what it
# should.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
b=${B:-$top/build}
nkpolicy=$b/bin/nkpolicy
nkinit=$b/bin/nkinit
sol=$top/examples/echo/init.yaml
psl=$top/examples/echo/security.psl
log=$b/demo-nkinit.txt
status=0

step() { printf '\n== %s\n' "$*"; }
fail() { echo "demo: FAILED: $*"; status=1; }
# expect WHAT PATTERN: the fixed string PATTERN is in nkinit's log
expect() {
	grep -qF -- "$2" "$log" || fail "$1 (no '$2' in $log)"
}

step "nkipc.ko loaded into Linux $(uname -r) (VM):"
grep "^nkipc " /proc/modules
ls -l /dev/nkipc

step "nkinit check -v: the solution, its channel and the rules nkinit adds for it"
cat "$sol"
"$nkinit" check -v --policy "$psl" -I "$b/examples/describe" "$sol" || exit 1

step "audit listener (nkpolicy audit) in the background"
"$nkpolicy" audit >"$b/demo-audit.txt" 2>&1 &
audit=$!
sleep 0.5

step "nkinit run: policy $psl, then the echo-server daemon (2 threads) and two echo-clients"
"$nkinit" run --policy "$psl" -I "$b/examples/describe" --bin-dir "$b/examples" \
	--stop-timeout 2000 "$sol" >"$log" 2>&1 &
init=$!
i=0
while [ $i -lt 150 ] && { ! grep -q "echo.Client (pid .*exited" "$log" ||
	! grep -q "echo.Client999 (pid .*exited" "$log"; }; do
	sleep 0.2
	i=$((i + 1))
done
cat "$log"
expect "the policy was loaded with the channel grants" "with register and connect grants"
expect "the server registered its channel" "[echo.Server] server: registered server_connection"
expect "Ping is granted" "[echo.Client] client: Ping(3) -> 4"
expect "Echo is denied by the policy" "[echo.Client] client: Echo(\"hello\") failed: NK_EPERM, denied"
expect "Ping(999) is granted (value < 1000)" "[echo.Client999] client: Ping(999) -> 1000"
expect "Ping(1000) is denied by the assert" "[echo.Client999] client: Ping(1000) failed: NK_EPERM, denied"

step "nkpolicy show: security.psl's rules, then nkinit's two for server_connection"
"$nkpolicy" show
"$nkpolicy" show | grep -qF 'connect src=echo.Client dst=echo.Server channel=server_connection' ||
	fail "nkinit's connect rule is not in the loaded policy"

step "the same echo-client as root, not started by nkinit: class nkipc.Unbound, connecting is denied"
if timeout 20 "$b/examples/echo-client" 1 1; then
	fail "a client nkinit did not start reached the server"
fi

step "nkpolicy channels"
"$nkpolicy" channels

step "nkpolicy stats"
"$nkpolicy" stats

step "SIGTERM to nkinit: it stops the solution"
kill -TERM "$init"
wait "$init"
tail -n 4 "$log"
expect "nkinit stopped the solution" "solution stopped"
# (no pgrep: procps is not among the packages `make deps` installs)
for c in /proc/[0-9]*/cmdline; do
	arg0=$(tr '\0' '\n' <"$c" 2>/dev/null | head -n 1)
	[ "$arg0" != "$b/examples/echo-server" ] || fail "an echo-server is left (${c%/cmdline})"
done

kill "$audit" 2>/dev/null
wait "$audit" 2>/dev/null
step "audit events received"
cat "$b/demo-audit.txt"
grep -q "deny" "$b/demo-audit.txt" || fail "no denial reached the audit listener"

step "nkpolicy unload"
"$nkpolicy" unload
[ $status = 0 ] && echo "demo: every step did what it should"
exit $status
