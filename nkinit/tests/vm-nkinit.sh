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
#  2c. dynamic channels (NameServer + KnCm) under a KOS-style policy
#     whose only word on them is which classes may call kl.core.NameServer
#     and kl.core.Core (trusted.psl lets every task call the name server):
#     nkinit's dynamic grants let the declared server publish under its
#     task name and the declared client connect and call; an entity of
#     another class cannot publish under that name (owned), one whose
#     class the policy gives no kl.core.Core calls can neither publish nor
#     connect, one that may connect but not call is denied its calls, and
#     processes nkinit did not start (root, nobody) can neither publish
#     (even a declared, still free server name) nor connect;
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
#     its own security.psl (no register/connect rules: nkinit's grants);
#  9. the same for the public tree with a dynamic channel,
#     github.com/AlxLifanov/echo_mod_dyn at 89eaaed8, with its
#     security.psl and trusted.psl; its output is compared with the
#     tree's expected_output.txt.
set -u
B=${B:-$(cd "$(dirname "$0")/.." && pwd)}
NKINIT=$B/bin/nkinit
ENT=$B/nkinit/nkinit-test-entity
NKPOLICY=$B/bin/nkpolicy
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; "$NKPOLICY" unload >/dev/null 2>&1' EXIT
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"

. "${TOP:-$B/..}/scripts/tap.sh"
ok() { tap_ok "$@"; }	# ok COND-STATUS DESCRIPTION [LOGFILE]

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
tap_plan 27

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

# 2c. dynamic channels: the policy says which classes may call the name
# server and the kernel (as a KOS security.psl does); nkinit turns that
# into register/connect rules for the tasks of init.yaml, nobody else.
cat >"$tmp/dyn.yaml" <<YAML
entities:
- task: t.Dyn
  name: t.DynServer
  path: $ENT
  args: [dynserver, t.Dyn, ping, "100"]
- task: t.IdleSrv
  name: t.DynServer
  path: /bin/sleep
  args: ["1000"]
- task: t.DynClient
  name: t.DynClient
  path: $ENT
  args: [dynclient, t.Dyn, ping, "1", "101"]
- task: t.Thief
  name: t.Thief
  path: $ENT
  args: [dynserver, t.IdleSrv, ping, "900"]
- task: t.ThiefOwn
  name: t.Thief
  path: $ENT
  args: [dynserver, t.ThiefOwn, ping, "900"]
- task: t.ThiefCall
  name: t.Thief
  path: $ENT
  args: [dynclient, t.Dyn, ping, "7", "107"]
- task: t.MuteS
  name: t.Mute
  path: $ENT
  args: [dynserver, t.MuteS, ping, "0"]
- task: t.MuteC
  name: t.Mute
  path: $ENT
  args: [dynclient, t.Dyn, ping, "3", "103"]
YAML
cat >"$tmp/dyn.psl" <<'POL'
execute: kl.core.Execute
use nk.base._
use EDL Einit
use EDL kl.core.Core
use EDL kl.core.NameServer
execute src=Einit { grant () }
/* as the SDK's trusted.psl: every task may call the name server */
request dst=kl.core.NameServer { grant () }
response src=kl.core.NameServer { grant () }
/* the kernel (KnCm*): not t.Mute */
request src=t.DynServer dst=kl.core.Core { grant () }
request src=t.DynClient dst=kl.core.Core { grant () }
request src=t.Thief dst=kl.core.Core { grant () }
response src=kl.core.Core { grant () }
request src=t.DynClient dst=t.DynServer { grant () }
response src=t.DynServer dst=t.DynClient { grant () }
error { grant () }
POL
"$NKINIT" check -v --policy "$tmp/dyn.psl" "$tmp/dyn.yaml" >"$tmp/outd" 2>&1
"$NKINIT" run --policy "$tmp/dyn.psl" --stop-timeout 2000 "$tmp/dyn.yaml" >>"$tmp/outd" 2>&1 &
pid=$!
i=0
while [ $i -lt 150 ] && ! { grep -qF "dynclient t.Dyn: Ping(1) -> 101" "$tmp/outd" && \
	grep -qF "t.ThiefCall (pid" "$tmp/outd" && grep -qF "t.MuteC (pid" "$tmp/outd"; }; do
	sleep 0.2
	i=$((i + 1))
done
"$NKPOLICY" show >>"$tmp/outd" 2>&1
has "$tmp/outd" "[t.Dyn] dynserver: published ping as t.Dyn (+100)" \
	"[t.DynClient] dynclient t.Dyn: Ping(1) -> 101" \
	'register src=t.DynServer server="t.Dyn"' 'register src=t.DynServer server="t.IdleSrv"' \
	'connect src=t.DynClient dst=t.DynServer server="t.Dyn"' \
	'register src=t.Thief server="t.ThiefOwn"' && \
	! grep -qF 'src=t.Mute ' "$tmp/outd" && ! grep -qF 'dst=t.Mute ' "$tmp/outd"
ok $? "dynamic channel: nkinit grants what the policy lets each task do with kl.core.NameServer/Core, the declared client reaches the server" "$tmp/outd"
has "$tmp/outd" "[t.Thief] dynserver: NsPublishService t.IdleSrv ping: rcSecurityDisallow" \
	"[t.ThiefOwn] dynserver: published ping as t.ThiefOwn (+900)"
ok $? "dynamic: another class may publish under its own task name only, not under a server's (free) name" "$tmp/outd"
has "$tmp/outd" "[t.MuteS] dynserver: NsPublishService t.MuteS ping: rcSecurityDisallow" \
	"[t.MuteC] dynclient: KnCmConnect t.Dyn ping: rcSecurityDisallow"
ok $? "dynamic: a class the policy gives no kl.core.Core calls can neither publish nor connect" "$tmp/outd"
has "$tmp/outd" "[t.ThiefCall] dynclient t.Dyn: Ping(7) failed" && ! grep -qF "Ping(7) ->" "$tmp/outd"
ok $? "dynamic: a class that may connect but has no request rule to the server is denied its calls" "$tmp/outd"
: >"$tmp/d1"
for who in "" "$nobody"; do
	for name in t.Dyn t.IdleSrv; do
		# denied: exits at once; published: serves until the timeout
		timeout 5 $who "$ENT" dynserver $name ping 5 >>"$tmp/d1" 2>&1
	done
done
[ "$(grep -c "dynserver: NsPublishService t.* ping: rcSecurityDisallow" "$tmp/d1")" = 4 ] && \
	! grep -qF "published" "$tmp/d1"
ok $? "dynamic: a process not started by nkinit (as root, as nobody) cannot publish under a server's name, taken or free" "$tmp/d1"
timeout 20 "$ENT" dynclient t.Dyn ping 5 105 >"$tmp/d2" 2>&1
echo "exit: $?" >>"$tmp/d2"
timeout 20 $nobody "$ENT" dynclient t.Dyn ping 5 105 >>"$tmp/d2" 2>&1
echo "exit: $?" >>"$tmp/d2"
[ "$(grep -c "dynclient: KnCmConnect t.Dyn ping: rcSecurityDisallow" "$tmp/d2")" = 2 ] && \
	[ "$(grep -c "^exit: 1$" "$tmp/d2")" = 2 ] && ! grep -qF "Ping(5)" "$tmp/d2"
ok $? "dynamic: a process not started by nkinit (as root, as nobody) cannot connect to the server" "$tmp/d2"
"$NKPOLICY" show >"$tmp/d3" 2>&1
kill -TERM $pid
wait $pid
grep -E -A2 'connect src=t.DynClient dst=t.DynServer server="?t.Dyn"? ' "$tmp/d3" | grep -q "hits: 1 " && \
	none_left "$tmp/outd" nkinit-test-entity "sleep 1000"
ok $? "dynamic: the client's connect was granted by nkinit's rule (hit once); solution torn down" "$tmp/d3"
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
	tap_skip "capsh not installed"
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
	tap_skip "no bundle $run (cmake missing? see build/nkinit/cmake-example.log)"
	tap_skip "no bundle"
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
	tap_skip "no bundle $run (no fetched copy of AlxLifanov/echo_mod, see build/nkinit/cmake-example.log)"
	tap_skip "no bundle"
fi

# 9. the unchanged public tree AlxLifanov/echo_mod_dyn (a dynamic channel:
# NameServer + KnCm, C), as cmake-example.sh built it: its run.sh, its
# security.psl (with trusted.psl) loaded.  Its expected_output.txt is a
# KOS run: the name server's own log lines (kl.core.NameServer is the
# kernel here) and the progress dots are not the programs' lines; the
# lines of each program, in order, must be the same, except one name: the
# recorded KOS run had its server task named echo_mod_dyn.DynServer1
# (its name server log lines show it) and NsEnum reported that name; at
# this commit the tree's init.yaml names the task echo_mod_dyn.DynServer,
# the name its code publishes.
x=$B/kos-ext/echo_mod_dyn
run=$x/build/kos-qemu-image/run.sh
if [ -x "$run" ] && [ -f "$x/src/expected_output.txt" ]; then
	timeout 120 "$run" --stop-timeout 2000 >"$tmp/out9" 2>&1
	echo "run.sh exit: $?" >>"$tmp/out9"
	ok9=0
	for prog in DynClient DynServer; do
		sed -n "s/^\[echo_mod_dyn\.$prog\] \.*\(\[$prog\]\)/\1/p" "$tmp/out9" \
			>"$tmp/got.$prog"
		sed -n "s/^\.*\(\[$prog\]\)/\1/p" "$x/src/expected_output.txt" | tr -d '\r' | \
			sed 's/server echo_mod_dyn\.DynServer1,/server echo_mod_dyn.DynServer,/' | \
			awk 1 >"$tmp/want.$prog"
		if ! diff "$tmp/want.$prog" "$tmp/got.$prog" >>"$tmp/out9"; then
			echo "# $prog: lines differ from expected_output.txt (above)" >>"$tmp/out9"
			ok9=1
		fi
	done
	[ $ok9 = 0 ] && [ "$(wc -l <"$tmp/want.DynClient")" -ge 20 ] && \
	has "$tmp/out9" "run.sh exit: 0" \
		"policy $x/build/kos-qemu-image/security.psl loaded" \
		'dynamic channel grant: register src=echo_mod_dyn.DynServer server="echo_mod_dyn.DynServer"' \
		'dynamic channel grant: connect src=echo_mod_dyn.DynClient dst=echo_mod_dyn.DynServer server="echo_mod_dyn.DynServer"' \
		"[echo_mod_dyn.DynClient] [DynClient] received result 807"
	ok $? "public KOS CE tree AlxLifanov/echo_mod_dyn @89eaaed8, unchanged: run.sh runs it under its security.psl over a dynamic channel; each program's output is expected_output.txt's" "$tmp/out9"
	none_left "$tmp/out9" "kos-qemu-image/DynServer"
	ok $? "echo_mod_dyn: nothing left after the run" "$tmp/out9"
else
	tap_skip "no bundle $run (no fetched copy of AlxLifanov/echo_mod_dyn, see build/nkinit/cmake-example.log)"
	tap_skip "no bundle"
fi
tap_done
