#!/usr/bin/env bash
# Ingest benchmark: starts Outpost on a fresh database, posts varied beacons with wrk for a fixed
# time, then checks that every accepted beacon was stored. Prints accepted/s, p50/p99 latency.
#
#   bash bench/ingest.sh                 # SQLite (the default store)
#   bash bench/ingest.sh postgres        # PostgreSQL (a throwaway local server)
#   DURATION=60s CONNECTIONS=64 bash bench/ingest.sh
#   JAR=/elsewhere/target/outpost.jar bash bench/ingest.sh   # another build (before/after comparisons)
#
# Needs wrk (apt-get install wrk); PostgreSQL runs need the Debian postgresql package.
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${1:-sqlite}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
WARMUP=${WARMUP:-40s}
PORT=${PORT:-18080}
KEY=bench-admin-key-0123456789
WORK=$(mktemp -d /tmp/outpost-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${PGBIN:-}" ] && su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $WORK/pg -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
JAR=${JAR:-target/outpost.jar}
[ -f "$JAR" ] || [ "$JAR" != target/outpost.jar ] || mvn -B -ntp -q package -DskipTests
[ -f "$JAR" ] || { echo "no jar at $JAR" >&2; exit 1; }

export OUTPOST_PORT=$PORT OUTPOST_ADMIN_KEY=$KEY OUTPOST_DATA_DIR=$WORK/data OUTPOST_TRUSTED_PROXIES=127.0.0.1
if [ "$DB" = postgres ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$PGBIN" ] || { echo "PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 1; }
  mkdir -p "$WORK/pg" && chown postgres "$WORK" "$WORK/pg"
  su postgres -s /bin/sh -c "$PGBIN/initdb -D $WORK/pg -U postgres --auth=trust" >/dev/null
  su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $WORK/pg -o '-p 15432 -k $WORK/pg -c synchronous_commit=on -c shared_buffers=512MB' -l $WORK/pg.log -w start" >/dev/null
  export OUTPOST_DATABASE_URL="jdbc:postgresql://127.0.0.1:15432/postgres?user=postgres"
fi

java -Xmx2g ${JAVA_OPTS:-} -jar "$JAR" > "${SERVER_LOG:-$WORK/server.log}" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/sites" -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' -d '{"domain":"bench.example"}' >/dev/null

# A warm-up: the JIT compiles under load for some 30 s before the server runs at full speed.
BENCH_SITE=bench.example wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/beacons.lua "http://127.0.0.1:$PORT" > /dev/null
warm=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^outpost_events_accepted_total/ {print $2}')
# The server's CPU time (user + system, in clock ticks) around the measured run: CPU per beacon is a
# steadier figure than beacons/s on a shared machine, where wrk takes its part of the same cores.
cpu_ticks() { awk '{print $14 + $15}' "/proc/${PIDS[0]}/stat"; }
# The same per group of threads (the writer, the HTTP threads, GC, the JIT, the rest), as
# "group ticks" lines. Thread names may hold spaces, so fields are counted after the ")".
thread_ticks() {
  for t in /proc/"${PIDS[0]}"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    case "$name" in
      event-writer) g=writer ;; http*) g=http ;; "GC Thread"*|G1*) g=gc ;; C1*|C2*) g=jit ;; *) g=other ;;
    esac
    echo "$g $(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}')"
  done | awk '{s[$1] += $2} END {for (g in s) print g, s[g]}'
}
cpu_before=$(cpu_ticks)
threads_before=$(thread_ticks)

# wrk's own CPU time too (bash's `time`, user + system seconds): it shares the two cores.
TIMEFORMAT='%U %S'
{ time BENCH_SITE=bench.example wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/beacons.lua "http://127.0.0.1:$PORT" > "$WORK/wrk.out"; } 2> "$WORK/wrk.time"
out=$(cat "$WORK/wrk.out")
line=$(echo "$out" | grep '^BENCH')
cpu_after=$(cpu_ticks)
threads_after=$(thread_ticks)
run_accepted=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^outpost_events_accepted_total/ {print $2}')

# Wait for the writer to commit everything, then count what is stored.
for _ in $(seq 1 600); do
  pending=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^outpost_events_pending/ {print $2}')
  [ "$pending" = 0 ] && break; sleep 0.1
done
metrics=$(curl -s "http://127.0.0.1:$PORT/metrics")
server_accepted=$(echo "$metrics" | awk '/^outpost_events_accepted_total/ {print $2}')
batches=$(echo "$metrics" | awk '/^outpost_batch_size_count/ {c=$2} /^outpost_batch_size_sum/ {s=$2} /^outpost_commit_seconds_sum/ {t=$2} END {printf "%d commits, %.0f events per commit on average, %.2f ms per commit", c, s/c, 1000*t/c}')
stored=$(curl -s "http://127.0.0.1:$PORT/api/v1/export/events?site=bench.example" -H "Authorization: Bearer $KEY" | wc -l)
wrk_accepted=$(echo "$line" | sed -E 's/.*accepted=([0-9]+).*/\1/')
expected=$((warm + wrk_accepted))

echo "database:        $DB"
echo "load:            wrk -t$THREADS -c$CONNECTIONS -d$DURATION (after a $WARMUP warm-up), same 2-core machine"
echo "$line" | sed -E 's/^BENCH /result:          /'
secs=$(echo "$line" | sed -E 's/.*seconds=([0-9.]+).*/\1/')
echo "server side:     $(awk -v a="$server_accepted" -v w="$warm" -v s="$secs" 'BEGIN {printf "%.0f beacons/s accepted by the server during the run", (a - w) / s}')"
echo "server CPU:      $(awk -v t=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" -v n=$((run_accepted - warm)) -v s="$secs" 'BEGIN {printf "%.1f µs per beacon (%.2f cores)", 1e6 * t / hz / n, t / hz / s}')"
echo "wrk CPU:         $(awk -v n="$(echo "$line" | sed -E 's/.*accepted=([0-9]+).*/\1/')" -v s="$secs" '{printf "%.1f µs per request (%.2f cores)", 1e6 * ($1 + $2) / n, ($1 + $2) / s}' "$WORK/wrk.time")"
echo "                 $(printf '%s\n%s\n' "$threads_before" "$threads_after" | awk -v hz="$(getconf CLK_TCK)" -v s="$secs" '
  {if (seen[$1]++) d[$1] = $2 - first[$1]; else first[$1] = $2}
  END {printf "by thread:"; for (g in d) printf " %s %.2f", g, d[g] / hz / s; printf " cores"}')"
echo "writer:          $batches"
echo "accepted (wrk):  $expected (incl. $warm in warm-up)   accepted (server): $server_accepted   stored: $stored"
# wrk stops counting at the deadline, so answers still in flight then are accepted but not
# counted by it: every 202 wrk saw must be stored, and everything the server accepted too.
if [ "$stored" -ge "$expected" ] && [ "$stored" -eq "$server_accepted" ]; then
  echo "zero loss:       yes"
else
  echo "zero loss:       NO" && exit 1
fi
