#!/bin/sh
# Print the kernel build directory to build the module against: the running
# kernel's if it has headers, else the newest installed kernel with headers.
set -eu
run=/lib/modules/$(uname -r)/build
if [ -d "$run/" ]; then
	echo "$run"
	exit 0
fi
newest=$(for d in /lib/modules/*/build; do [ -d "$d/" ] && echo "$d"; done | sort -V | tail -n 1)
if [ -z "$newest" ]; then
	echo "kdir: no kernel headers installed (run 'make deps')" >&2
	exit 1
fi
echo "$newest"
