#!/usr/bin/env bash
# The issue-5 benchmark printout (not a test; never part of `mvn verify`). See docs/benchmarks.md.
#
#   bench/deflate.sh [generator options...]     e.g. --members 20 --messages 300 --idle 200
#
# Builds once, then for each server configuration below starts the server the README's way
# (`mvn -q -DskipTests package exec:exec`, embedded Jetty 12.1, free loopback port, pinned to CPU 0),
# runs dev.chatsocket.bench.DeflateBenchmark against it (pinned to CPU 1) and stops it:
#   1. the defaults (permessage-deflate on, answered without context takeover either way);
#   2. CHATSOCKET_DEFLATE_NO_CONTEXT_TAKEOVER=false (each connection keeps its compression windows).
# Every server is stopped on exit, failure or Ctrl-C.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/benchmark-limits.sh
OUT=target/bench
mkdir -p "$OUT"
log() { printf '[deflate] %s\n' "$*" >&2; }

source bench/machine.sh

log "building (mvn -q -DskipTests package) ..."
mvn -q -DskipTests package
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/test.classpath" >/dev/null
GENERATOR_CP="target/test-classes:target/classes:$(cat "$OUT/test.classpath")"

SERVER_GROUP=
SERVER_PID=
stop_server() {
  [ -n "$SERVER_GROUP" ] || return 0
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
  else
    kill -TERM -- "-$SERVER_GROUP" 2>/dev/null || true
  fi
  for _ in $(seq 1 100); do
    kill -0 -- "-$SERVER_GROUP" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$SERVER_GROUP" 2>/dev/null || true
  SERVER_GROUP=
  SERVER_PID=
}
trap 'status=$?; trap - EXIT; stop_server; exit $status' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_server LOG [VAR=value...]: starts the launcher with extra environment; sets PORT and SERVER_PID.
start_server() {
  local server_log=$1
  shift
  env "$@" CHATSOCKET_PORT=0 CHATSOCKET_HOST=127.0.0.1 \
    setsid "${PIN_SERVER[@]}" mvn -q -DskipTests package exec:exec >"$server_log" 2>&1 </dev/null &
  SERVER_GROUP=$!
  PORT=
  for _ in $(seq 1 1800); do
    PORT=$(sed -n 's/.*chatsocket: serving .*(bound to 127\.0\.0\.1:\([0-9][0-9]*\);.*/\1/p' "$server_log" | head -n1)
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_GROUP" 2>/dev/null || { log "the server exited; its log:"; cat "$server_log" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$PORT" ] || { log "the server did not start within 180 s"; cat "$server_log" >&2; exit 1; }
  for pid in $(pgrep -g "$SERVER_GROUP" || true); do
    case "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)" in
      *dev.chatsocket.launcher.Launcher*) SERVER_PID=$pid ;;
    esac
  done
  [ -n "$SERVER_PID" ] || { log "cannot find the launcher's JVM"; exit 1; }
}

echo "machine: $(nproc --all) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)), $(uname -sr), load average $(cut -d" " -f1-3 /proc/loadavg)"
run() {
  local label=$1
  shift
  log "starting the server ($label)"
  start_server "$OUT/server-deflate.log" "$@"
  log "server: pid $SERVER_PID, port $PORT"
  timeout --kill-after=5 600 "${PIN_GENERATOR[@]}" java -Xmx512m -cp "$GENERATOR_CP" dev.chatsocket.bench.DeflateBenchmark \
    --port "$PORT" --server-pid "$SERVER_PID" --clk-tck "$(getconf CLK_TCK)" --label "$label" "${ARGS[@]}"
  stop_server
}
ARGS=("$@")
run "defaults (no context takeover)"
echo
run "CHATSOCKET_DEFLATE_NO_CONTEXT_TAKEOVER=false" CHATSOCKET_DEFLATE_NO_CONTEXT_TAKEOVER=false
