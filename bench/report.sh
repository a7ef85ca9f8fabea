#!/usr/bin/env bash
# Report benchmark: generates one site's traffic (EVENTS events over 90 days, cached per size under
# target/bench/), brings its rollups up to date, then times the dashboard's queries as the server
# answers them (in-process, warm): median and p90 per query and for the whole dashboard.
#
#   bash bench/report.sh                    # SQLite, 1,000,000 events
#   EVENTS=10000000 bash bench/report.sh    # 10 million (generating takes a while, once)
#   bash bench/report.sh postgres           # a local PostgreSQL (Debian's postgresql package)
#   ROLLUPS=false bash bench/report.sh      # every query counted from the visits, for comparison
#   RUNS=30 WARMUP=5 bash bench/report.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${1:-sqlite}
export EVENTS=${EVENTS:-1000000}
PGPORT=${PGPORT:-15433}
mkdir -p target/bench

# Compile and take the test classpath from Maven (offline when the local repository has it all).
mvn -B -ntp -q ${MVN_ARGS:--o} test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench/classpath.txt -Dmdep.includeScope=test
CP="target/classes:target/test-classes:$(cat target/bench/classpath.txt)"

stop_pg() { [ -n "${PGBIN:-}" ] && su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA -m fast stop" >/dev/null 2>&1 || true; }
if [ "$DB" = postgres ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$PGBIN" ] || { echo "PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 1; }
  # The data directory is kept per size, so the generated data is reused by the next run.
  PGDATA=$(pwd)/target/bench/pg-$EVENTS
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA" && chown postgres "$PGDATA"
    su postgres -s /bin/sh -c "$PGBIN/initdb -D $PGDATA -U postgres --auth=trust" >/dev/null
  fi
  trap stop_pg EXIT
  su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA -o '-p $PGPORT -k $PGDATA -c shared_buffers=1GB -c synchronous_commit=off' -l $PGDATA/server.log -w start" >/dev/null
  export DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/postgres?user=postgres"
fi

echo "machine:   $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx4g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.outpost.report.query.ReportBench
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
