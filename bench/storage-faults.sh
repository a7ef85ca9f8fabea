#!/usr/bin/env bash
# Storage faults under beacon load, through the fault tests of the suite: PostgreSQL stopped and
# started again (PostgresOutageTest), and SQLite's disk filled and freed (DiskFullTest, needs root
# for a tmpfs). Prints one "storage fault:" line per fault: beacons tried, accepted, turned away,
# stored, lost.
#
#   bash bench/storage-faults.sh          # PostgreSQL down for 20 s
#   bash bench/storage-faults.sh 45       # longer than the connection pool's 30 s wait
set -euo pipefail
cd "$(dirname "$0")/.."
export OUTPOST_TEST_OUTAGE_SECONDS=${1:-20}
log=$(mktemp /tmp/outpost-storage-faults.XXXXXX)
status=0
flock /tmp/outpost-bench.lock mvn -B -ntp test -Dtest='PostgresOutageTest,DiskFullTest' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dmaven.test.failure.ignore=true >"$log" 2>&1 || status=$?
grep -a -E '^storage fault:|Tests run:.*(Fail|Err)' "$log" | grep -av 'Skipped: 1$' || true
grep -aq 'FAILURE!' "$log" && { echo "a fault test failed; full log: $log" >&2; exit 1; }
[ "$status" -eq 0 ] || { echo "maven failed; full log: $log" >&2; exit "$status"; }
rm -f "$log"
