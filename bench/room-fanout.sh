#!/usr/bin/env bash
# The issue-6 and issue-15 benchmark printout (not a test; never part of `mvn verify`). See docs/benchmarks.md.
#
#   bench/room-fanout.sh [options...]     e.g. --receivers 20 --senders 4 --window 8 --seconds 10
#                                         --rate 1000 --rate-seconds 10 --page-room 100000 --redis true
#
# One chat room under load, in the same run, through launcher processes and WebSocket clients:
# (1) one node with in-memory rooms (CHATSOCKET_STORE=memory), (2) one node on the default database
# store (the H2 file in a fresh CHATSOCKET_DATA_DIR under target/bench, deleted after), (3) two nodes
# sharing the room through Redis. Prints deliveries and messages per second and p50/p99/max delivery
# latency of each; post -> ack p50/p99/max at a steady rate on (1) and (2); pages a second back
# through a room of --page-room messages on (2); the database/memory ratios.
# 1. builds the WAR, the launcher and the test classes (mvn -q -DskipTests package);
# 2. builds the launcher's server class path with the pom's executions that exec:exec uses (provided
#    scope, plus the APIs and the logging binding; never the WAR's own libraries);
# 3. times 200 writes of 4 KiB each followed by an fsync in target/bench (what a group commit waits for);
# 4. runs dev.chatsocket.bench.RoomFanoutBenchmark, which starts redis-server (Debian's package) on a
#    free port and the nodes as separate JVMs (the launcher), and stops all of them at the end.
# The chat rate limits and connection caps are raised for the generator's clients (benchmark-limits.sh).
# Exit status: the generator's (0 ok, 1 a receiver missed messages or a post was not acked, 2 usage).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/benchmark-limits.sh
OUT=target/bench
mkdir -p "$OUT"
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install redis-server" >&2; exit 1; }

echo "[room-fanout] building (mvn -q -DskipTests package) ..." >&2
mvn -q -DskipTests package
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/test.classpath" >/dev/null
# The pom's own executions, as exec:exec and bench/servers.sh use them (slf4j-api is no longer
# provided transitively, so a hand-written list missed it).
mvn -q dependency:build-classpath@launcher-classpath-server -Dmdep.outputFile="$OUT/server.classpath" >/dev/null
mvn -q dependency:build-classpath@launcher-classpath-apis -Dmdep.outputFile="$OUT/apis.classpath" >/dev/null
SERVER_CP="target/classes:$(cat "$OUT/server.classpath"):$(cat "$OUT/apis.classpath")"
GENERATOR_CP="target/test-classes:target/classes:$(cat "$OUT/test.classpath")"

echo "machine: $(nproc --all) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)), $(uname -sr), load average $(cut -d" " -f1-3 /proc/loadavg)"
echo "redis: $(redis-server --version | cut -d' ' -f1-3)"
echo "disk under target/: $(df -h --output=source,fstype target | tail -n1)"
if command -v python3 >/dev/null; then
  python3 - "$OUT/fsync-probe" <<'PY'
import os, sys, time
path = sys.argv[1]
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
block, times = b"x" * 4096, []
try:
    for _ in range(200):
        start = time.perf_counter()
        os.write(fd, block)
        os.fsync(fd)
        times.append((time.perf_counter() - start) * 1000)
finally:
    os.close(fd)
    os.unlink(path)
times.sort()
pick = lambda p: times[min(len(times) - 1, int(p * len(times)))]
print("fsync of 4 KiB appended, 200 tries: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms"
      % (pick(0.50), pick(0.90), pick(0.99), times[-1]))
PY
fi
exec timeout --kill-after=10 900 java -Xms256m -Xmx1g -cp "$GENERATOR_CP" dev.chatsocket.bench.RoomFanoutBenchmark \
  --server-classpath "$SERVER_CP" "$@"
