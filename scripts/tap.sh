# SPDX-License-Identifier: GPL-2.0
# tap.sh - the one TAP helper of the tree's shell test suites (POSIX sh;
# bash sources it too).  Source it and report every test through it:
#
#     . "$top/scripts/tap.sh"
#     tap_plan 3                  optional: the plan first, when known
#     tap_ok $? "DESCRIPTION" [LOG]   "ok N DESCRIPTION" if the status is
#                                 0, else "not ok N DESCRIPTION" and the
#                                 last $TAP_LOG_LINES (60) lines of LOG
#                                 as "# " comments
#     tap_eval "DESCRIPTION" 'SHELL CODE'  tap_ok of eval'ing the code, its
#                                 output shown only if it fails
#     tap_skip "REASON"           "ok N # SKIP REASON"
#     tap_diag "TEXT"             "# TEXT"
#     tap_done                    the plan "1..N" if tap_plan printed none,
#                                 else a count other than the plan is one
#                                 more "not ok"; then exit 1 if any test
#                                 failed, else 0
#
# A suite prints exactly one plan.  scripts/run-suite is the one runner:
# it keeps the TAP, fails a suite without a plan or whose count differs
# from it.  Every line goes through tap_line, which a suite may redefine
# after sourcing this file (selftests/run-vm-tests writes its lines to a
# file).  The helper's state: tap_n (tests so far), tap_failed (0/1).

tap_n=0
tap_failed=0
tap_planned=

tap_line() {
	echo "$1"
}

tap_plan() {	# tap_plan N
	tap_planned=$1
	tap_line "1..$1"
}

tap_ok() {	# tap_ok STATUS DESCRIPTION [LOG]
	tap_n=$((tap_n + 1))
	if [ "$1" = 0 ]; then
		tap_line "ok $tap_n $2"
		return 0
	fi
	tap_line "not ok $tap_n $2"
	tap_failed=1
	if [ -n "${3:-}" ] && [ -r "$3" ]; then
		tail -n "${TAP_LOG_LINES:-60}" "$3" | sed 's/^/# /'
	fi
	return 1
}

tap_eval() {	# tap_eval DESCRIPTION SHELL-CODE
	tap_out_=$(mktemp)
	eval "$2" >"$tap_out_" 2>&1
	tap_ok $? "$1" "$tap_out_"
	tap_rc_=$?
	rm -f "$tap_out_"
	return $tap_rc_
}

tap_skip() {	# tap_skip REASON
	tap_n=$((tap_n + 1))
	tap_line "ok $tap_n # SKIP $1"
}

tap_diag() {	# tap_diag TEXT
	echo "# $*"
}

tap_done() {
	if [ -z "$tap_planned" ]; then
		tap_line "1..$tap_n"
	elif [ "$tap_n" != "$tap_planned" ]; then
		tap_ok 1 "planned $tap_planned tests, ran $tap_n"
	fi
	exit $tap_failed
}
