#!/bin/sh
# Install what nkipc needs to build and test. Idempotent: installs only what is missing.
set -eu

DEBS="build-essential pkg-config flex bison bc libelf-dev libssl-dev cpio qemu-system-x86 linux-image-amd64 linux-headers-amd64 \
libnl-3-dev libnl-genl-3-dev libnl-3-200 libnl-genl-3-200 check sparse linux-source-6.1 \
busybox-static clang libclang-rt-14-dev python3-pip kmod xz-utils jq apparmor file \
gnuplot-nox"

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

if ! command -v vng >/dev/null 2>&1; then
	echo "deps: installing virtme-ng from PyPI"
	pip3 install -q virtme-ng || pip3 install -q --break-system-packages virtme-ng
fi
