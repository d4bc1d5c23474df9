#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-nkinit.sh - nkinit in the VM (build/vmtests/50-nkinit), as root with
# the module loaded.  Prints TAP.
#  1. two instances of one server class, each with its own client, under a
#     default-deny policy that only lets class t.Client call class
#     t.Server and says nothing of registering or connecting: nkinit's
#     grants for init.yaml's channels set them up (the classes come from
#     nkinit's launcher grants: unbound processes would be denied);
#  2. a client of another class gets its declared channel, but the same
#     policy denies its calls;
#  2b. attackers against those grants while a solution runs (policy with
#     `register { grant() }`): processes not started by nkinit, as root
#     (nkinit's uid) and as nobody, cannot connect to a declared channel
#     nor register one that is still free;
#  3. teardown: a server that ignores SIGTERM is killed after the stop
#     timeout, a daemon that left the process group is killed too, no
#     process of the solution is left;
#  4. SIGTERM to nkinit stops the solution, nothing left;
#  5. restart: on-failure restarts a failing entity max-restarts times;
#  6. without CAP_MAC_ADMIN nothing starts;
#  7. the bundle that the CMake package built from examples/kos-echo
#     (nkinit/tests/cmake-example.sh) runs with its run.sh: one command;
#  8. the same for an unchanged public KOS CE tree with a static channel,
#     github.com/AlxLifanov/echo_mod at 752041a6, built by
#     cmake-example.sh from a fetched copy (skipped without one), with
#     its own security.psl (no register/connect rules: nkinit's grants).
set -u
B=${B:-$(cd "$(dirname "$0")/.." && pwd)}
NKINIT=$B/bin/nkinit
ENT=$B/nkinit/nkinit-test-entity
NKPOLICY=$B/bin/nkpolicy
tmp=$(mktemp -d)
n=0
trap 'rm -rf "$tmp"; "$NKPOLICY" unload >/dev/null 2>&1' EXIT

ok() {	# ok COND-STATUS DESCRIPTION [LOGFILE]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		[ $# -ge 3 ] && sed 's/^/# /' "$3"
	fi
}

has() {	# has FILE PATTERN...: every pattern is in FILE
	f=$1
	shift
	for p in "$@"; do
		grep -qF -- "$p" "$f" || { echo "# missing: $p" >>"$f"; return 1; }
	done
	return 0
}

# processes whose command line contains $1 (pgrep never lists itself)
leftover() {
	pgrep -a -f -- "$1"
}

# none_left FILE PATTERN...: no process matches; else note them in FILE
none_left() {
	f=$1
	shift
	left=
	for p in "$@"; do
		left="$left$(leftover "$p")"
	done
	[ -z "$left" ] && return 0
	echo "# left: $left" >>"$f"
	return 1
}

echo "TAP version 13"
echo "1..18"

cat >"$tmp/two.yaml" <<YAML
entities:
- task: t.ServerA
  name: t.Server
  path: $ENT
  args: [server, conn, "100"]
- task: t.ServerB
  name: t.Server
  path: $ENT
  args: [server, conn, "200", leave]
- task: t.ClientA
  name: t.Client
  path: $ENT
  args: [client, conn, "1", "101"]
  connections:
  - target: t.ServerA
    id: conn
@INIT_ClientA_ENTITY_CONNECTIONS+@
- task: t.ClientB
  name: t.Client
  path: $ENT
  args: [client, conn, "2", "202"]
  connections:
  - target: t.ServerB
    id: conn
@INIT_EXTERNAL_ENTITIES@
YAML
cat >"$tmp/p.policy" <<'POL'
default deny
request src=t.Client dst=t.Server { grant() }
response src=t.Server dst=t.Client { grant() }
POL

timeout 120 "$NKINIT" run --policy "$tmp/p.policy" --until t.ClientA,t.ClientB \
	--stop-timeout 2000 "$tmp/two.yaml" >"$tmp/out1" 2>&1
rc=$?
echo "nkinit exit: $rc" >>"$tmp/out1"
has "$tmp/out1" "nkinit exit: 0" "policy $tmp/p.policy loaded" \
	"with register and connect grants for $tmp/two.yaml's static channels" \
	"[t.ClientA] client conn: Ping(1) -> 101" "[t.ClientB] client conn: Ping(2) -> 202" \
	"[t.ServerA] server: registered conn (+100)" "[t.ServerB] server: registered conn (+200)"
ok $? "two instances of t.Server: each client reaches its own (channels t.ServerA/conn, t.ServerB/conn)" "$tmp/out1"
has "$tmp/out1" "channels conn=t.ServerA/conn" "channels conn=t.ServerB/conn"
ok $? "the instances were given different kernel channel names" "$tmp/out1"
none_left "$tmp/out1" nkinit-test-entity "sleep 1000"
ok $? "teardown: no entity and no daemon (setsid child) left" "$tmp/out1"

# 2. a client of another class: init.yaml gives it the channel (as KOS's
# Einit would), the policy's request rules deny its calls
sed -e 's/name: t.Client$/name: t.Intruder/' "$tmp/two.yaml" >"$tmp/intr.yaml"
timeout 120 "$NKINIT" run --policy "$tmp/p.policy" \
	--until t.ClientA --stop-timeout 2000 "$tmp/intr.yaml" >"$tmp/out2" 2>&1
rc=$?
echo "nkinit exit: $rc" >>"$tmp/out2"
has "$tmp/out2" "nkinit exit: 1" "[t.ClientA] client conn: Ping(1) failed" \
	"t.ClientA (pid" "exited with status 1" && \
	! grep -qF "Ping(1) -> 101" "$tmp/out2"
ok $? "a client of class t.Intruder is denied by the policy (classes are the kernel's)" "$tmp/out2"
"$NKPOLICY" unload >/dev/null 2>&1

# 2b. the grants of init.yaml's channels are the declared classes', no one
# else's: processes that nkinit did not start, root (nkinit's own uid) and
# nobody, try to connect to the declared channel conn (served) and to
# register the declared channel idle (whose server, t.Idle, never takes
# it), while the solution runs.  The policy even grants every register:
# nkinit's register rule makes t.Idle the owner of idle.
cat >"$tmp/att.yaml" <<YAML
entities:
- task: t.Server
  name: t.Server
  path: $ENT
  args: [server, conn, "100"]
- task: t.Idle
  name: t.Idle
  path: /bin/sleep
  args: ["1000"]
- task: t.Client
  name: t.Client
  path: $ENT
  args: [client, conn, "1", "101"]
  connections:
  - target: t.Server
    id: conn
  - target: t.Idle
    id: idle
YAML
{ cat "$tmp/p.policy"; echo "register { grant() }"; } >"$tmp/att.policy"
"$NKINIT" run --policy "$tmp/att.policy" --stop-timeout 2000 "$tmp/att.yaml" >"$tmp/outa" 2>&1 &
pid=$!
i=0
while [ $i -lt 150 ] && ! grep -qF "client conn: Ping(1) -> 101" "$tmp/outa"; do
	sleep 0.2
	i=$((i + 1))
done
"$NKPOLICY" show >"$tmp/showa" 2>&1
cat "$tmp/showa" >>"$tmp/outa"
has "$tmp/outa" "[t.Client] client conn: Ping(1) -> 101" \
	"register src=t.Idle channel=idle" "connect src=t.Client dst=t.Idle channel=idle" \
	"register src=t.Server channel=conn" "connect src=t.Client dst=t.Server channel=conn"
ok $? "attack setup: the solution runs, nkinit's channel grants are rules of the loaded policy" "$tmp/outa"
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
timeout 20 "$ENT" client conn 5 105 >"$tmp/a1" 2>&1
echo "exit: $?" >>"$tmp/a1"
timeout 20 $nobody "$ENT" client conn 5 105 >>"$tmp/a1" 2>&1
echo "exit: $?" >>"$tmp/a1"
[ "$(grep -c "client: ServiceLocatorConnect: Permission denied" "$tmp/a1")" = 2 ] && \
	[ "$(grep -c "^exit: 1$" "$tmp/a1")" = 2 ] && ! grep -qF "Ping(5)" "$tmp/a1"
ok $? "a process not started by nkinit (as root, as nobody) cannot connect to a declared channel" "$tmp/a1"
timeout 20 "$ENT" server idle 0 >"$tmp/a2" 2>&1
echo "exit: $?" >>"$tmp/a2"
timeout 20 $nobody "$ENT" server idle 0 >>"$tmp/a2" 2>&1
echo "exit: $?" >>"$tmp/a2"
[ "$(grep -c "server: ServiceLocatorRegister: Permission denied" "$tmp/a2")" = 2 ] && \
	[ "$(grep -c "^exit: 1$" "$tmp/a2")" = 2 ] && ! grep -qF "registered idle" "$tmp/a2"
ok $? "a process not started by nkinit (as root, as nobody) cannot register a declared channel, even under register { grant() }" "$tmp/a2"
# the same processes may still take a name nobody declared (the policy
# grants every register): the denials above are the grants', not a broken
# setup
$nobody "$ENT" server undeclared 0 >"$tmp/a3" 2>&1 &
ctl=$!
i=0
while [ $i -lt 150 ] && ! grep -qF "server: registered undeclared" "$tmp/a3"; do
	sleep 0.2
	i=$((i + 1))
done
kill $ctl
wait $ctl
has "$tmp/a3" "server: registered undeclared"
ok $? "control: nobody may register an undeclared name under that policy" "$tmp/a3"
kill -TERM $pid
wait $pid
none_left "$tmp/outa" nkinit-test-entity "sleep 1000"
ok $? "attack solution torn down" "$tmp/outa"
"$NKPOLICY" unload >/dev/null 2>&1

# 3. a server that ignores SIGTERM: SIGKILL after the stop timeout
cat >"$tmp/stubborn.yaml" <<YAML
entities:
- task: t.Stubborn
  name: t.Server
  path: /bin/sh
  args: ["-c", "trap '' TERM; echo stubborn-ready; while :; do sleep 1; done"]
- task: t.Quick
  name: t.Client
  path: /bin/sh
  args: ["-c", "sleep 1; exit 0"]
YAML
timeout 60 "$NKINIT" run --until t.Quick --stop-timeout 500 "$tmp/stubborn.yaml" >"$tmp/out3" 2>&1
rc=$?
echo "nkinit exit: $rc" >>"$tmp/out3"
has "$tmp/out3" "nkinit exit: 0" "[t.Stubborn] stubborn-ready" "did not stop in 500 ms: SIGKILL" \
	"t.Stubborn (pid" "killed by signal 9"
ok $? "an entity that ignores SIGTERM is killed after --stop-timeout" "$tmp/out3"
none_left "$tmp/out3" stubborn-ready
ok $? "nothing of it is left" "$tmp/out3"

# 4. SIGTERM to nkinit
"$NKINIT" run --stop-timeout 2000 "$tmp/two.yaml" >"$tmp/out4" 2>&1 &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -qF "client conn: Ping(2) -> 202" "$tmp/out4"; do
	sleep 0.2
	i=$((i + 1))
done
kill -TERM $pid
wait $pid
echo "nkinit exit: $?" >>"$tmp/out4"
has "$tmp/out4" "Terminated: stopping the solution" "t.ServerA (pid" && \
	none_left "$tmp/out4" nkinit-test-entity "sleep 1000"
ok $? "SIGTERM to nkinit stops the solution and leaves no process" "$tmp/out4"

# 5. restart: on-failure, at most --max-restarts times
cat >"$tmp/restart.yaml" <<YAML
entities:
- name: t.Flaky
  path: /bin/sh
  args: ["-c", "echo try; exit 3"]
  restart: on-failure
YAML
timeout 60 "$NKINIT" run --max-restarts 2 --restart-delay 100 "$tmp/restart.yaml" >"$tmp/out5" 2>&1
rc=$?
echo "nkinit exit: $rc" >>"$tmp/out5"
has "$tmp/out5" "nkinit exit: 1" "restarting t.Flaky in 100 ms (restart 1 of 2)" \
	"restarting t.Flaky in 100 ms (restart 2 of 2)" "t.Flaky: not restarted again (2 restarts)" && \
	[ "$(grep -c '^\[t.Flaky\] try$' "$tmp/out5")" = 3 ]
ok $? "restart: on-failure runs a failing entity 1 + max-restarts times, exit 1" "$tmp/out5"

# the class of a started entity is the launcher's grant: nkinit without
# CAP_MAC_ADMIN cannot give it and starts nothing
if command -v capsh >/dev/null 2>&1; then
	capsh --drop=cap_mac_admin -- -c "timeout 60 '$NKINIT' run '$tmp/restart.yaml'" >"$tmp/out6" 2>&1
	rc=$?
	echo "nkinit exit: $rc" >>"$tmp/out6"
	has "$tmp/out6" "nkinit exit: 1" "needs CAP_MAC_ADMIN" && ! grep -qF "[t.Flaky] try" "$tmp/out6"
	ok $? "without CAP_MAC_ADMIN no entity is started" "$tmp/out6"
else
	n=$((n + 1))
	echo "ok $n # SKIP capsh not installed"
fi

# 7. the CMake bundle of examples/kos-echo, run by its run.sh (nkinit here)
run=$B/kos-echo/kos-qemu-image/run.sh
if [ -x "$run" ]; then
	timeout 120 "$run" --stop-timeout 2000 >"$tmp/out7" 2>&1
	echo "run.sh exit: $?" >>"$tmp/out7"
	has "$tmp/out7" "run.sh exit: 0" "[kos_echo.ClientA] [Client] Ping(1) -> 101" \
		"[kos_echo.ClientB] [Client] Ping(2) -> 202" \
		"[kos_echo.ServerA] [Server] serving server_connection, offset 100" \
		"policy $B/kos-echo/kos-qemu-image/security.psl loaded"
	ok $? "kos-echo bundle (CMake package): run.sh runs it with its KOS security.psl loaded, each client reaches its instance" "$tmp/out7"
	none_left "$tmp/out7" "kos-qemu-image/Server"
	ok $? "kos-echo bundle: nothing left after the run" "$tmp/out7"
else
	n=$((n + 1))
	echo "ok $n # SKIP no bundle $run (cmake missing? see build/nkinit/cmake-example.log)"
	n=$((n + 1))
	echo "ok $n # SKIP no bundle"
fi

# 8. the unchanged public tree AlxLifanov/echo_mod (static channel, C), as
# cmake-example.sh built it: its run.sh, its security.psl loaded
run=$B/kos-ext/echo_mod/build/kos-qemu-image/run.sh
if [ -x "$run" ]; then
	timeout 120 "$run" --stop-timeout 2000 >"$tmp/out8" 2>&1
	echo "run.sh exit: $?" >>"$tmp/out8"
	has "$tmp/out8" "run.sh exit: 0" \
		"policy $B/kos-ext/echo_mod/build/kos-qemu-image/security.psl loaded" \
		"with register and connect grants" \
		"[echo.Server1] [Server] request 804, result 807" \
		"[echo.Client1] [Client] received result = 807" "[echo.Client1] [Client] Terminating." && \
		! grep -q "Failed to call" "$tmp/out8"
	ok $? "public KOS CE tree AlxLifanov/echo_mod @752041a6, unchanged: run.sh runs it under its security.psl, 10 calls answered" "$tmp/out8"
	none_left "$tmp/out8" "kos-qemu-image/ServerExec"
	ok $? "echo_mod: nothing left after the run" "$tmp/out8"
else
	n=$((n + 1))
	echo "ok $n # SKIP no bundle $run (no fetched copy of AlxLifanov/echo_mod, see build/nkinit/cmake-example.log)"
	n=$((n + 1))
	echo "ok $n # SKIP no bundle"
fi
