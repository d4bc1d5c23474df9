#!/bin/sh
# Install what nkipc needs to build and test. Idempotent: installs only what is missing.
set -eu

DEBS="build-essential g++ pkg-config flex bison bc libelf-dev libssl-dev cpio qemu-system-x86 linux-image-amd64 linux-headers-amd64 \
libnl-3-dev libnl-genl-3-dev libnl-3-200 libnl-genl-3-200 check sparse linux-source-6.1 \
busybox-static clang libclang-rt-14-dev python3-venv kmod xz-utils jq apparmor file \
libyaml-dev cmake gnuplot-nox"

missing=""
for p in $DEBS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps: missing packages:$missing (run 'make deps' as root)" >&2
		exit 1
	fi
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing
fi

# virtme-ng goes into a venv of the project, never into the system's
# Python: $NKIPC_VENV, default $NKIPC_CACHE/venv (NKIPC_CACHE: /var/cache/nkipc,
# or ~/.cache/nkipc when that is not writable).  selftests/vm-run looks there.
if [ -n "${NKIPC_VENV:-}" ]; then
	venv=$NKIPC_VENV
elif [ -n "${NKIPC_CACHE:-}" ]; then
	venv=$NKIPC_CACHE/venv
elif mkdir -p /var/cache/nkipc 2>/dev/null && [ -w /var/cache/nkipc ]; then
	venv=/var/cache/nkipc/venv
else
	venv=${XDG_CACHE_HOME:-$HOME/.cache}/nkipc/venv
fi
if [ -z "${VNG:-}" ] && ! command -v vng >/dev/null 2>&1 && [ ! -x "$venv/bin/vng" ]; then
	echo "deps: installing virtme-ng from PyPI into $venv"
	mkdir -p "$(dirname "$venv")"
	python3 -m venv "$venv"
	"$venv/bin/pip" install -q virtme-ng
	"$venv/bin/vng" --version >/dev/null
fi
