#!/usr/bin/env bash
# The issue-2 benchmark printout (not a test; never part of `mvn verify`). See docs/benchmarks.md.
#
#   bench/echo-scale.sh [generator options...]     e.g. --steps 100,1000 --hold-seconds 0
#
# 1. builds the WAR, the launcher and the test classes (mvn -q -DskipTests package);
# 2. starts the server the way the README does (`mvn -q -DskipTests package exec:exec`: the launcher on
#    embedded Jetty 12.1 serving target/chatsocket.war) as a separate process on a free loopback port,
#    pinned to CPU 0 when taskset is available;
# 3. runs the load generator (dev.chatsocket.bench.EchoScaleBenchmark, one NIO selector thread)
#    pinned to CPU 1, which reads the server's threads and memory from /proc/<pid>/status;
# 4. stops the server, also on failure or Ctrl-C.
#
# The run after the build is bounded: the server gets 180 s to build and start, the generator stops
# itself after 150 s (and is killed at 170 s). Exit status: the generator's (0 ok, 1 something was
# lost: a connection or an echo), or non-zero when the build or the server start failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/benchmark-limits.sh
OUT=target/bench
SERVER_LOG=$OUT/server.log
GENERATOR_DEADLINE=150

log() { printf '[echo-scale] %s\n' "$*" >&2; }

source bench/machine.sh
# 5,000 connections need 5,000 descriptors on each side, plus the JVMs' own jars and sockets.
raise_open_files 12000 "5,000 connections"

mkdir -p "$OUT"
log "building (mvn -q -DskipTests package) ..."
mvn -q -DskipTests package
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/test.classpath" >/dev/null
GENERATOR_CP="target/test-classes:target/classes:$(cat "$OUT/test.classpath")"

SERVER_GROUP=
SERVER_PID=
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$SERVER_GROUP" ]; then
    # SIGTERM: the launcher's graceful stop (mvn then exits by itself); without a known launcher pid,
    # the whole process group we started. Then SIGKILL for whatever is left of that group.
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
      kill -TERM "$SERVER_PID" 2>/dev/null || true
    else
      kill -TERM -- "-$SERVER_GROUP" 2>/dev/null || true
    fi
    for _ in $(seq 1 100); do
      kill -0 -- "-$SERVER_GROUP" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 -- "-$SERVER_GROUP" 2>/dev/null; then
      log "server still running after 10 s: killing process group $SERVER_GROUP"
      kill -KILL -- "-$SERVER_GROUP" 2>/dev/null || true
    fi
    log "server stopped (log: $SERVER_LOG)"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The README's run command, in a session (process group) of its own so that cleanup can end exactly
# the processes started here. CHATSOCKET_PORT=0: the launcher binds a free port and prints it.
# Every generator connection comes from 127.0.0.1: bench/benchmark-limits.sh raises the per-address
# cap (100 by default) to the total, which must hold the largest step.
log "starting the server: ${PIN_SERVER[*]} mvn -q -DskipTests package exec:exec (CHATSOCKET_PORT=0, loopback)"
CHATSOCKET_PORT=0 CHATSOCKET_HOST=127.0.0.1 \
  setsid "${PIN_SERVER[@]}" mvn -q -DskipTests package exec:exec >"$SERVER_LOG" 2>&1 </dev/null &
SERVER_GROUP=$!

PORT=
for _ in $(seq 1 1800); do
  PORT=$(sed -n 's/.*chatsocket: serving .*(bound to 127\.0\.0\.1:\([0-9][0-9]*\);.*/\1/p' "$SERVER_LOG" | head -n1)
  [ -n "$PORT" ] && break
  if ! kill -0 "$SERVER_GROUP" 2>/dev/null; then
    log "the server exited before it was ready; its log:"
    cat "$SERVER_LOG" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$PORT" ]; then
  log "the server did not start within 180 s; its log:"
  cat "$SERVER_LOG" >&2
  exit 1
fi

# The launcher's JVM: the process in our group whose command line runs dev.chatsocket.launcher.Launcher.
for pid in $(pgrep -g "$SERVER_GROUP" || true); do
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
  case "$cmdline" in
    *dev.chatsocket.launcher.Launcher*) SERVER_PID=$pid ;;
  esac
done
if [ -z "$SERVER_PID" ]; then
  log "cannot find the launcher's JVM in process group $SERVER_GROUP"
  exit 1
fi

log "server: pid $SERVER_PID, port $PORT, CPUs $(taskset -cp "$SERVER_PID" 2>/dev/null | sed 's/.*: //' || echo '?')"
echo "machine: $(nproc --all) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)), $(uname -sr), open files $(ulimit -n), load average $(cut -d" " -f1-3 /proc/loadavg)"
echo "server: $(sed -n 's/^\(chatsocket: serving .*\) (bound.*/\1/p' "$SERVER_LOG" | head -n1), pid $SERVER_PID, JVM $(tr '\0' ' ' <"/proc/$SERVER_PID/cmdline" | awk '{print $1}')"

set +e
timeout --kill-after=5 $((GENERATOR_DEADLINE + 20)) \
  "${PIN_GENERATOR[@]}" java -Xms256m -Xmx1g -cp "$GENERATOR_CP" dev.chatsocket.bench.EchoScaleBenchmark \
  --host 127.0.0.1 --port "$PORT" --server-pid "$SERVER_PID" --clk-tck "$(getconf CLK_TCK)" \
  --deadline-seconds "$GENERATOR_DEADLINE" "$@"
status=$?
set -e
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  log "the server process died during the run; its log: $SERVER_LOG"
  status=1
fi
exit "$status"
