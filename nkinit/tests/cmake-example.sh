#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cmake-example.sh [--build-only]: the CMake package (cmake/nkipc) on KOS
# CE source trees, on the host.  Prints TAP.
#  - examples/kos-echo (the SDK's CMake calls) into build/kos-echo: one
#    cmake with the toolchain file, one make; the bundles hold the
#    executables, init.yaml, the policy and the descriptions;
#  - public KOS CE examples fetched earlier (not part of the tree:
#    $NKIPC_KOS_EXAMPLES/<name>/repo or /work/.mirror/<owner>+<name>/repo,
#    a bare git directory), unchanged, at a pinned commit, into
#    build/kos-ext/<name>/{src,build}:
#      AlxLifanov/echo_mod 752041a6 (static channel, C),
#      AlxLifanov/echo_mod_dyn 89eaaed8 (dynamic channel: NameServer +
#        KnCm, C),
#    both with their security.psl: the VM test runs them.
# kos-echo's bundle is built with its policy (NKIPC_POLICY=ON), which
# nkpolicy and nkinit check when it is built.  --build-only: build, no
# checks (for the VM test).  The VM half (running the bundles) is in
# vm-nkinit.sh.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
B=${B:-$TOP/build}
TC=$TOP/cmake/nkipc/toolchain.cmake
log=$(mktemp)
trap 'rm -f "$log"' EXIT
. "$TOP/scripts/tap.sh"
ok() { tap_ok "$1" "$2" "$log"; }	# ok STATUS DESCRIPTION: $log shown if it fails

echo "TAP version 13"
if ! command -v cmake >/dev/null 2>&1; then
	tap_skip "cmake not installed (make deps)"
	tap_done
fi

# kos-echo
src=$TOP/examples/kos-echo
bld=$B/kos-echo
cmake -B "$bld" -DCMAKE_TOOLCHAIN_FILE="$TC" -DNKIPC_POLICY=ON "$src" >"$log" 2>&1
ok $? "kos-echo: cmake configures an SDK-style tree with the toolchain file"
make -C "$bld" >"$log" 2>&1
ok $? "kos-echo: make builds the entities and both images"
build_only=0
[ "${1:-}" = --build-only ] && build_only=1
q=$bld/kos-qemu-image
if [ $build_only = 0 ]; then
for f in Server Client init.yaml security.psl kos_echo.Server.json kos_echo.Client.json run.sh; do
	[ -e "$q/$f" ] || echo "missing $q/$f"
done >"$log"
[ ! -s "$log" ]
ok $? "kos-echo: the bundle has executables, init.yaml, policy, descriptions, run.sh"
ls "$bld/_headers_/kos_echo/Ping.idl.h" "$bld/_headers_/kos_echo/Pinger.cdl.h" \
	"$bld/_headers_/kos_echo/Server.edl.h" "$bld/_headers_/kos_echo/Client.edl.h" >"$log" 2>&1
ok $? "kos-echo: generated headers under _headers_/kos_echo"
! grep -q "@INIT_" "$q/init.yaml" && "$B/bin/nkinit" check -v "$q/init.yaml" >"$log" 2>&1 && \
	grep -q "kos_echo.ServerA id server_connection channel kos_echo.ServerA/server_connection" "$log"
ok $? "kos-echo: init.yaml expanded; the two server instances get two channels"
# the bundle checks the policy when built (make fails otherwise); and its
# run.sh loads it
"$B/bin/nkpolicy" check -I "$q" "$q/security.psl" >"$log" 2>&1 && \
	grep -q -- "--policy $q/security.psl -I $q" "$q/run.sh" 2>>"$log"
ok $? "kos-echo: nkpolicy accepts the KOS security.psl; the bundle loads it"
fi

# public KOS CE examples fetched before (offline); never part of the tree.
# OWNER+NAME:COMMIT:POLICY
for spec in AlxLifanov+echo_mod:752041a6b2566c200b5a6648e7816e01d9cd8f30:ON \
	AlxLifanov+echo_mod_dyn:89eaaed88a24240af53eedf9192070aef50a975b:ON; do
	commit=${spec#*:}
	pol=${commit#*:}
	commit=${commit%:*}
	spec=${spec%%:*}
	name=${spec#*+}
	git=
	for d in "${NKIPC_KOS_EXAMPLES:-/nonexistent}/$name/repo" "/work/.mirror/$spec/repo"; do
		[ -d "$d" ] && git=$d && break
	done
	if [ -z "$git" ]; then
		tap_skip "$name: no fetched copy"
		continue
	fi
	if ! git --git-dir="$git" cat-file -e "$commit^{commit}" 2>/dev/null; then
		tap_skip "$name: the fetched copy has no commit $commit"
		continue
	fi
	x=$B/kos-ext/$name
	rm -rf "$x/src" "$x/build"
	mkdir -p "$x/src"
	git --git-dir="$git" archive "$commit" | tar -x -C "$x/src"
	if ! cmake -B "$x/build" -DCMAKE_TOOLCHAIN_FILE="$TC" -DNKIPC_POLICY="$pol" "$x/src" >"$log" 2>&1; then
		ok 1 "$name: unchanged tree configures"
		continue
	fi
	if make -C "$x/build" >"$log" 2>&1; then
		ok 0 "$name @${commit%????????????????????????????????}: the unchanged tree configures and builds (policy $pol)"
	else
		missing=$(grep -o "fatal error: [^:]*: No such file" "$log" | sort -u | \
			sed 's/fatal error: //; s/: No such file//' | tr '\n' ' ')
		if [ -n "$missing" ]; then
			tap_skip "$name: configures; libnkos lacks the KOS headers $missing"
		else
			ok 1 "$name: the unchanged tree builds"
		fi
	fi
done
tap_done
