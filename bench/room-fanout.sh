#!/usr/bin/env bash
# The issue-6 benchmark printout (not a test; never part of `mvn verify`). See docs/benchmarks.md.
#
#   bench/room-fanout.sh [options...]     e.g. --receivers 20 --senders 4 --window 8 --seconds 10
#
# One chat room under load, in the same run: (1) one node with in-memory rooms, (2) two nodes sharing
# the room through Redis. Prints deliveries per second and p50/p99/max delivery latency of each.
# 1. builds the WAR, the launcher and the test classes (mvn -q -DskipTests package);
# 2. builds the launcher's server class path the way the pom's exec:exec does (provided scope, plus the
#    APIs and the logging binding; never the WAR's own libraries);
# 3. runs dev.chatsocket.bench.RoomFanoutBenchmark, which starts redis-server (Debian's package) on a
#    free port and the nodes as separate JVMs (the launcher), and stops all of them at the end.
# Exit status: the generator's (0 ok, 1 a receiver missed messages, 2 usage).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/benchmark-limits.sh
OUT=target/bench
mkdir -p "$OUT"
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install redis-server" >&2; exit 1; }

echo "[room-fanout] building (mvn -q -DskipTests package) ..." >&2
mvn -q -DskipTests package
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/test.classpath" >/dev/null
mvn -q dependency:build-classpath -DincludeScope=provided -Dmdep.outputFile="$OUT/server.classpath" >/dev/null
mvn -q dependency:build-classpath -DincludeScope=test \
  -DincludeArtifactIds=jakarta.annotation-api,jakarta.inject-api,jakarta.el-api,jetty-slf4j-impl \
  -Dmdep.outputFile="$OUT/apis.classpath" >/dev/null
SERVER_CP="target/classes:$(cat "$OUT/server.classpath"):$(cat "$OUT/apis.classpath")"
GENERATOR_CP="target/test-classes:target/classes:$(cat "$OUT/test.classpath")"

echo "machine: $(nproc --all) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)), $(uname -sr), load average $(cut -d" " -f1-3 /proc/loadavg)"
echo "redis: $(redis-server --version | cut -d' ' -f1-3)"
exec timeout --kill-after=10 300 java -Xms256m -Xmx1g -cp "$GENERATOR_CP" dev.chatsocket.bench.RoomFanoutBenchmark \
  --server-classpath "$SERVER_CP" "$@"
