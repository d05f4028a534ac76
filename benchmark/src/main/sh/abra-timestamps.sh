#!/usr/bin/env bash
# Benchmark wrapper for abra (CCCI_ABRA points here): appends when each abra call starts and ends
# to $CCCI_BENCH_ABRA_LOG (epoch microseconds, no extra process: $EPOCHREALTIME), then runs the
# real abra ($CCCI_BENCH_ABRA_REAL, the sandbox stand-in) with the same arguments and status.
# Lines: "start <us> <pid> <args...>" and "end <us> <pid> <status>". Arguments hold no secrets.
set -u
log=${CCCI_BENCH_ABRA_LOG:?CCCI_BENCH_ABRA_LOG not set}
real=${CCCI_BENCH_ABRA_REAL:?CCCI_BENCH_ABRA_REAL not set}
printf 'start %s %s %s\n' "${EPOCHREALTIME/./}" "$$" "$*" >> "$log"
rc=0
"$real" "$@" || rc=$?
printf 'end %s %s %s\n' "${EPOCHREALTIME/./}" "$$" "$rc" >> "$log"
exit "$rc"
