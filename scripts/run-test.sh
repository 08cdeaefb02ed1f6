#!/usr/bin/env bash
# run-test.sh - run one test program with its output in a log file, so that
# test programs can run side by side (make -j) without mixing their output.
# Prints one line when it passes (the program's last line and the time);
# prints the whole log and fails when it fails.
#   run-test.sh LOG COMMAND [ARGS...]
set -uo pipefail
log=${1:?usage: run-test.sh LOG COMMAND [ARGS...]}
shift
mkdir -p "$(dirname "$log")"
start=${EPOCHREALTIME/./}
"$@" >"$log" 2>&1
rc=$?
us=$(( ${EPOCHREALTIME/./} - start ))
secs=$(( us / 1000000 )).$(( us / 100000 % 10 ))
if [ $rc -ne 0 ]; then
	cat "$log"
	printf 'FAIL %s (exit %d, %s s; log %s)\n' "$*" "$rc" "$secs" "$log"
	exit 1
fi
last=$(grep -v '^\s*$' "$log" | tail -n 1)
# the build it ran in (build, asan) and the test: "asan/pg-core"
name=$(basename "$(dirname "$(dirname "$log")")")/$(basename "$log" .log)
printf 'ok   %-30s %6s s  %s\n' "$name" "$secs" "${last:0:100}"
