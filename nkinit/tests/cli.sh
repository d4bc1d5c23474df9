#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cli.sh NKINIT: nkinit's command line on the host (no module needed:
# `check`, and `run` stopping before anything starts).  Prints TAP.
set -u
nkinit=$1
dir=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$dir/../../scripts/tap.sh"
t() {	# t DESCRIPTION EXPECTED-STATUS PATTERN -- COMMAND...
	desc=$1 want=$2 pat=$3
	shift 4
	"$@" >"$tmp/out" 2>&1
	rc=$?
	[ "$rc" = "$want" ] && grep -qF -- "$pat" "$tmp/out"
	tap_ok $? "$desc" "$tmp/out" || tap_diag "exit $rc, want $want, pattern '$pat'"
}
tap_plan 12
t "check -v accepts a KOS init.yaml.in, prints each connection's channel" 0 \
	"-> ex.ServerC id server1_connection channel server1_connection" -- \
	"$nkinit" check -v "$dir/solution.yaml"
t "check -v prints the register and connect rules nkinit adds for the channels" 0 \
	'connect src=ex.Client dst=ex.Server channel="server1_connection2" { grant () }' -- \
	"$nkinit" check -v "$dir/solution.yaml"
printf 'entities:\n- name: a.B\n  colour: red\n' >"$tmp/bad.yaml"
t "check: file:line errors, exit 1" 1 "$tmp/bad.yaml:3: error: unknown key 'colour'" -- \
	"$nkinit" check "$tmp/bad.yaml"
t "check: a missing file" 1 "no.yaml: error: No such file or directory" -- \
	"$nkinit" check "$tmp/no.yaml"
t "check --policy: every entity may be started by Einit" 1 \
	"ex.Lone: no execute rule of $dir/security.psl lets Einit start ex.Lone" -- \
	"$nkinit" check --policy "$dir/security.psl" "$dir/solution.yaml"
printf 'entities:\n- name: d.Server\n- name: d.Client\n' >"$tmp/dyn.yaml"
printf 'use EDL kl.core.NameServer\nrequest dst=kl.core.NameServer { grant () }\nrequest dst=kl.core.Core { grant () }\n' \
	>"$tmp/dyn.psl"
t "check -v --policy prints the dynamic channel rules the policy allows" 0 \
	'connect src=d.Client dst=d.Server server="d.Server" { grant () }' -- \
	"$nkinit" check -v --policy "$tmp/dyn.psl" "$tmp/dyn.yaml"
printf 'entities:\n- name: ex.Banned\n  path: /bin/true\n' >"$tmp/banned.yaml"
t "run: an execute deny rule stops everything before start" 1 \
	"execute of ex.Banned by Einit denied by \`execute dst=ex.Banned { deny () }\` ($dir/security.psl)" -- \
	"$nkinit" run --no-class --policy "$dir/security.psl" "$tmp/banned.yaml"
printf 'entities:\n- name: a.B\n  path: nothere\n' >"$tmp/nox.yaml"
t "run: a missing executable is reported with its line, nothing runs" 1 \
	"$tmp/nox.yaml:2: a.B: cannot execute $tmp/nothere" -- \
	"$nkinit" run --no-class "$tmp/nox.yaml"
printf 'entities:\n- name: a.B\n  path: /bin/sh\n  args: [-c, "echo out; echo err >&2; exit 4"]\n' >"$tmp/x.yaml"
t "run --no-class: output prefixed with the task, exit status logged" 1 \
	"nkinit: a.B (pid" -- "$nkinit" run --no-class "$tmp/x.yaml"
grep -qF "[a.B] out" "$tmp/out" && grep -qF "[a.B] err" "$tmp/out" &&
	grep -qF "exited with status 4" "$tmp/out"
tap_ok $? "run: stdout and stderr lines prefixed with [task], status 4 logged" "$tmp/out"
t "run: --until names a task that does not exist" 1 "--until a.X: not a list of tasks" -- \
	"$nkinit" run --no-class --until a.X "$tmp/x.yaml"
t "usage errors exit 2" 2 "usage: nkinit" -- "$nkinit" frobnicate
tap_done
