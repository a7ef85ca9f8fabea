#!/usr/bin/env bash
# Issue 13's alternatives side by side on the report bench's data (target/bench/report-<EVENTS>.db,
# made by bench/report.sh): the present query path, plain SQL on SQLite, DuckDB fed from the same
# file, and conversion credit on the fly against a credit table. See BENCHMARKS.md, "Alternatives
# measured (issue 13)".
#
#   bash bench/alternatives.sh                       # 1,000,000 events: prepare, a, b, c, d, table
#   EVENTS=10000000 COLD=2 WARM=5 bash bench/alternatives.sh
#   STEPS="b c table" ONLY=blog bash bench/alternatives.sh   # some steps, the shapes whose name has "blog"
#   LOCK=/tmp/outpost-bench.lock bash bench/alternatives.sh  # each step holds this lock while it runs
set -euo pipefail
cd "$(dirname "$0")/.."

export EVENTS=${EVENTS:-1000000}
STEPS=${STEPS:-prepare a b c d table}
mkdir -p target/bench
[ -f "target/bench/report-$EVENTS.db" ] || { echo "run first: EVENTS=$EVENTS bash bench/report.sh (it generates the data)" >&2; exit 1; }

# SKIP_BUILD=1: use the classes already compiled (a run queued beside another one).
[ -n "${SKIP_BUILD:-}" ] || mvn -B -ntp -q ${MVN_ARGS:--o} test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench/classpath.txt -Dmdep.includeScope=test
CP="target/classes:target/test-classes:$(cat target/bench/classpath.txt)"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Preparing starts a new results file; the table step prints the latest figures of each step since.
case " $STEPS " in *" prepare "*) rm -f "target/bench/alt-$EVENTS.tsv" ;; esac
for step in $STEPS; do
  ${LOCK:+flock "$LOCK"} java -Xmx4g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
    dev.outpost.report.query.AlternativesBench "$step"
  echo
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
