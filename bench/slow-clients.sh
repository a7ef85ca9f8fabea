#!/usr/bin/env bash
# Slow-client benchmark: beacons/s with and without hundreds of connections that send their body a
# byte every few seconds, and /healthz's answer time meanwhile. One server, SQLite, same 2 cores.
#
#   bash bench/slow-clients.sh
#   SLOW=500 DURATION=20s bash bench/slow-clients.sh
#   JAR=/path/to/other/outpost.jar bash bench/slow-clients.sh   # another build, for before/after
#
# Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

SLOW=${SLOW:-500}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-20s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18080}
KEY=bench-admin-key-0123456789
WORK=$(mktemp -d /tmp/outpost-slow.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
JAR=${JAR:-target/outpost.jar}
[ -f "$JAR" ] || mvn -B -ntp -q package -DskipTests

export OUTPOST_PORT=$PORT OUTPOST_ADMIN_KEY=$KEY OUTPOST_DATA_DIR=$WORK/data OUTPOST_TRUSTED_PROXIES=127.0.0.1
java -Xmx2g -jar "$JAR" > "$WORK/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/sites" -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' -d '{"domain":"bench.example"}' >/dev/null

load() { BENCH_SITE=bench.example wrk -t1 -c"$CONNECTIONS" -d"$1" -s bench/beacons.lua "http://127.0.0.1:$PORT" | grep '^BENCH'; }
rate() { echo "$1" | sed -E 's/.*accepted_per_s=([0-9.]+).*/\1/'; }
# /healthz every 200 ms while the load runs; its answer times in ms, one a line.
probe() {
  while :; do
    { curl -s -o /dev/null -m 5 -w '%{time_total}\n' "http://127.0.0.1:$PORT/healthz" || true; } | awk '{printf "%.1f\n", $1 * 1000}'
    sleep 0.2
  done
}
summary() { sort -n "$1" | awk '{a[NR] = $1} END {p = int(NR * 0.99) + 1; if (p > NR) p = NR; printf "%d probes, median %.1f ms, p99 %.1f ms, max %.1f ms", NR, a[int(NR / 2) + 1], a[p], a[NR]}'; }

load "$WARMUP" > /dev/null
probe > "$WORK/healthz-before" & probe_pid=$!
before=$(load "$DURATION")
kill $probe_pid; wait $probe_pid 2>/dev/null || true

secs=$(( ${DURATION%s} + 10 ))
java bench/SlowClients.java "$PORT" "$SLOW" "$secs" 3000 > "$WORK/slow.out" 2>&1 &
PIDS+=($!)
sleep 5
probe > "$WORK/healthz-during" & probe_pid=$!
during=$(load "$DURATION")
kill $probe_pid; wait $probe_pid 2>/dev/null || true
wait "${PIDS[1]}" 2>/dev/null || true

echo "load:            wrk -t1 -c$CONNECTIONS -d$DURATION beacons (after a $WARMUP warm-up), same 2-core machine, SQLite"
echo "without slow:    $(echo "$before" | sed -E 's/^BENCH //')"
echo "with $SLOW slow: $(echo "$during" | sed -E 's/^BENCH //')"
cat "$WORK/slow.out"
echo "rate kept:       $(awk -v a="$(rate "$during")" -v b="$(rate "$before")" 'BEGIN {printf "%.0f %%", 100 * a / b}')"
echo "/healthz before: $(summary "$WORK/healthz-before")"
echo "/healthz during: $(summary "$WORK/healthz-during")"
