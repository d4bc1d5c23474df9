#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# policy-rules.sh N: prints a policy of N rules of which exactly one matches
# the traffic of `rtt -m nkipc` (both processes unbound, class nkipc.Unbound;
# channel bench.PID.SIZE): its requests.  The N-1 others are decoys of every
# kind and selector (src, dst, channel, server, both classes) that never
# match it; everything else (connect, register, responses) falls to
# `default grant`.  Measures what a policy costs per rule:
#   bench/policy-rules.sh 1000 >/tmp/p && nkpolicy load /tmp/p && rtt -m nkipc
set -eu
n=${1:?usage: policy-rules.sh N}
[ "$n" -ge 1 ] || { echo "policy-rules.sh: N >= 1" >&2; exit 1; }
echo "# $n rules, one matching rtt's requests (bench/policy-rules.sh)"
echo "default grant"
i=1
while [ "$i" -lt "$n" ]; do
	case $((i % 8)) in
	0) echo "request src=bench.C$i { grant() }" ;;
	1) echo "request dst=bench.S$i { deny() }" ;;
	2) echo "request src=bench.C$i dst=bench.S$i { grant() }" ;;
	3) echo "request channel=\"bench.ch$i\" { deny() }" ;;
	4) echo "response src=bench.S$i { deny() }" ;;
	5) echo "error dst=bench.C$i { deny() }" ;;
	6) echo "connect src=bench.C$i server=\"bench.srv$i\" { deny() }" ;;
	*) echo "register src=bench.S$i channel=\"bench.ch$i\" { grant() }" ;;
	esac
	i=$((i + 1))
done
echo "request src=nkipc.Unbound dst=nkipc.Unbound { grant() }"
