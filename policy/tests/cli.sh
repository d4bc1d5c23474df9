#!/bin/sh
# nkpolicy's command line on the host (no module needed): TAP.
set -u
nkp=$1
dir=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
. "$dir/../../scripts/tap.sh"
t() { tap_eval "$1" "$2"; }	# t DESCRIPTION SHELL-CODE
t "--help lists the subcommands" \
	'"$nkp" --help | grep -q "showconf" && "$nkp" --help | grep -q "channels"'
t "--version" '"$nkp" --version | grep -q "^nkpolicy v"'
t "an unknown subcommand fails" '! "$nkp" frob 2>"$tmp/e" && grep -q "invalid subcommand" "$tmp/e"'
t "no argument prints usage and fails" '! "$nkp" 2>"$tmp/e" && grep -q "^Usage" "$tmp/e"'
t "check compiles a good policy" '"$nkp" check -I "$dir" "$dir/good.policy" | grep -q ": ok: 8 rules"'
printf 'use EDL demo.App\nrequest dst=demo.App method=Nope { grant() }\n' >"$tmp/bad.policy"
t "check reports file:line:col and fails" \
	'! NKPOLICY_PATH=$dir "$nkp" check "$tmp/bad.policy" 2>"$tmp/e" &&
	 grep -q "bad.policy:2:1: error: method Nope" "$tmp/e"'
t "check of a missing file fails" '! "$nkp" check "$tmp/none.policy" 2>"$tmp/e" && grep -q "cannot read" "$tmp/e"'
t "load refuses a policy with errors before touching the kernel" \
	'! NKPOLICY_PATH=$dir "$nkp" load "$tmp/bad.policy" 2>"$tmp/e" && grep -q "nothing loaded" "$tmp/e"'
# PSL as a KOS solution writes it, with its entities' descriptions (build/policy/psl)
edl=$(cd "$(dirname "$nkp")/../policy/psl" 2>/dev/null && pwd)
t "check accepts a solution's security.psl" \
	'"$nkp" check -I "$edl" "$dir/psl/client-server.psl" >"$tmp/o" 2>"$tmp/e" &&
	 grep -q ": ok: 6 rules, 3 layouts, 0 bindings, default deny; 5 execute rules" "$tmp/o" &&
	 grep -q "client-server.psl:9:5: warning: PSL module kl.core.DCM not found" "$tmp/e"'
t "execute grants what the execute rules allow (exit 0)" \
	'"$nkp" execute -I "$edl" "$dir/psl/client-server.psl" Einit example.Server |
	 grep -qx "grant: Einit -> example.Server: rule (execute src=Einit dst=example.Server { grant () })"'
t "execute denies the rest (exit 1)" \
	'"$nkp" execute -I "$edl" "$dir/psl/client-server.psl" example.Client example.Server >"$tmp/o" 2>/dev/null;
	 [ $? = 1 ] && grep -q "^deny: .*no rule (no execute rule matches)" "$tmp/o"'
t "execute of a policy with errors fails (exit 2)" \
	'"$nkp" execute "$dir/psl/sequence.psl" a b 2>"$tmp/e"; [ $? = 2 ] &&
	 grep -q "sequence.psl:20:64: error: size() is not supported" "$tmp/e"'
t "subcommand --help" '"$nkp" load --help 2>&1 | grep -q "Usage: nkpolicy load"'
t "every subcommand has --help (exit 0, its synopsis on stdout)" \
	'for c in check execute load show showconf mode audit stats channels unload; do
	   "$nkp" $c --help >"$tmp/o" 2>/dev/null || exit 1
	   grep -q "^Usage: nkpolicy .*$c" "$tmp/o" || exit 1; done'
t "usage errors exit 2 with the synopsis" \
	'for a in "check" "load" "showconf x" "unload x" "mode frob" "show x" "audit -n 0" "execute f"; do
	   "$nkp" $a >/dev/null 2>"$tmp/e"; [ $? = 2 ] || exit 1
	   grep -q "^Usage: nkpolicy" "$tmp/e" || exit 1; done'
t "-j before a command without JSON output is a usage error" \
	'"$nkp" -j check "$dir/good.policy" 2>"$tmp/e"; [ $? = 2 ] && grep -q "check has no JSON output" "$tmp/e"'
t "an unknown global option is a usage error" '"$nkp" --frob 2>"$tmp/e"; [ $? = 2 ] && grep -q "invalid option" "$tmp/e"'
if [ -d /sys/module/nkipc ]; then
	tap_skip "the nkipc module is loaded on this host"
elif "$nkp" show >"$tmp/out" 2>&1; then
	tap_ok 1 "show without the module must fail"
else
	grep -q "the nkipc module is not loaded" "$tmp/out"
	tap_ok $? "a clear message when the module is not loaded" "$tmp/out"
fi
rm -rf "$tmp"
tap_done
