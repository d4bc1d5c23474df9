#!/bin/sh
# Print the kernel release whose /lib/modules/RELEASE/build is KDIR.
set -eu
kdir=${1:?usage: kver.sh KDIR}
case "$kdir" in
/lib/modules/*/build|/lib/modules/*/build/) basename "$(dirname "$kdir")" ;;
*) cat "$kdir/include/config/kernel.release" ;;
esac
