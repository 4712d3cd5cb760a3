#!/usr/bin/env bash
# The issue-15 store benchmark printout (not a test; never part of `mvn verify`). See docs/benchmarks.md.
#
#   bench/history.sh [options...]   e.g. --seconds 10 --senders 64 --rate 1000 --page-room 100000
#                                   --postgres jdbc:postgresql://127.0.0.1:5432/bench?user=me (adds PostgreSQL)
#
# Runs dev.chatsocket.bench.HistoryBenchmark in one JVM against the history store alone (no server,
# no network): messages stored per second (in-memory baseline, H2 in memory, the default H2 file),
# append -> ack p50/p99/max at a steady rate, and pages per second back through a large room. The
# H2 files go to a temporary directory under target/ and are deleted at the end.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=target/bench
mkdir -p "$OUT"

echo "[history] building (mvn -q -DskipTests test-compile) ..." >&2
mvn -q -DskipTests test-compile
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/test.classpath" >/dev/null
CP="target/test-classes:target/classes:$(cat "$OUT/test.classpath")"

echo "machine: $(nproc --all) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)), $(uname -sr), load average $(cut -d" " -f1-3 /proc/loadavg)"
echo "disk under target/: $(df -h --output=source,fstype target | tail -n1)"
# Two SLF4J bindings are on the test class path (Jetty's and the WAR's JUL one): name the one to use.
exec timeout --kill-after=10 900 java -Xms512m -Xmx2g -Dslf4j.provider=org.slf4j.jul.JULServiceProvider \
  -cp "$CP" dev.chatsocket.bench.HistoryBenchmark "$@"
