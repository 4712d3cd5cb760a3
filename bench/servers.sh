# shellcheck shell=bash
# What bench/run.sh and bench/versus.sh share, sourced from the repository's top directory: the
# servers' and the generator's JVM flags, CPUs (bench/machine.sh) and open files, and starting and
# stopping the servers under comparison. Each server is a JVM of its own with the same flags, pinned to CPU 0,
# on a free loopback port; the generator goes on CPU 1. Defines OUT, SERVER_JVM_FLAGS,
# GENERATOR_JVM_FLAGS, PIN_GENERATOR, SERVERS (the generator's --server/--peer arguments), log,
# start, build_chatsocket, start_chatsocket and stop_servers, and stops the servers on exit.

OUT=target/bench
mkdir -p "$OUT"
# The same JVM flags for every server. One CPU is visible to each (taskset), where the JVM would pick
# the serial collector anyway; naming it keeps the choice explicit and equal.
SERVER_JVM_FLAGS=${SERVER_JVM_FLAGS:--Xms256m -Xmx1g -XX:+UseSerialGC}
GENERATOR_JVM_FLAGS="-Xms512m -Xmx2g"

log() { printf '[bench] %s\n' "$*" >&2; }

source bench/machine.sh
# 10,000 idle connections need 10,000 descriptors in the server and as many in the generator.
raise_open_files 24000 "the idle scenario's 10,000 connections"

PIDS=()
# Stops every server started so far: SIGTERM, up to 10 s, then SIGKILL.
stop_servers() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_servers
  [ ${#PIDS[@]} -gt 0 ] && log "servers stopped (logs: $OUT/server-*.log)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start --server|--peer NAME PORT_PATTERN COMMAND...: starts a server pinned to CPU 0, waits for its
# port. A --server is a subject (chatsocket: the ratios are its), a --peer what it is compared with.
SERVERS=()
start() {
  local role=$1 name=$2 pattern=$3
  shift 3
  local log_file=$OUT/server-$name.log
  # Emptied here, not by the child's redirection: the loop below must never read a previous run's port.
  : >"$log_file"
  "${PIN_SERVER[@]}" "$@" >>"$log_file" 2>&1 </dev/null &
  local pid=$!
  PIDS+=("$pid")
  local port=
  for _ in $(seq 1 1200); do
    port=$(sed -n "s/$pattern/\\1/p" "$log_file" | head -n1)
    [ -n "$port" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then log "$name exited before it was ready; its log:"; cat "$log_file" >&2; exit 1; fi
    sleep 0.1
  done
  [ -n "$port" ] || { log "$name did not start within 120 s; its log:"; cat "$log_file" >&2; exit 1; }
  log "$name: pid $pid, port $port, CPUs $(taskset -cp "$pid" 2>/dev/null | sed 's/.*: //' || echo '?')"
  SERVERS+=("$role" "$name=$port=$pid")
}

# build_chatsocket TREE: the WAR and the launcher's class paths of the chatsocket checkout at TREE
# (the launcher on Jetty as exec:exec runs it, and on Tomcat as -Ptomcat does).
build_chatsocket() {
  local tree=$1
  (cd "$tree" && mvn -q -DskipTests package \
    && mvn -q dependency:build-classpath@launcher-classpath-server -Dmdep.outputFile=target/launcher-server.classpath >/dev/null \
    && mvn -q dependency:build-classpath@launcher-classpath-apis -Dmdep.outputFile=target/launcher-apis.classpath >/dev/null \
    && mvn -q dependency:build-classpath@launcher-classpath-tomcat -Dmdep.outputFile=target/launcher-tomcat.classpath >/dev/null)
}

# start_chatsocket --server|--peer NAME TREE jetty|tomcat [SETTING=VALUE...]: the launcher of the
# checkout at TREE (built by build_chatsocket) serving its WAR on that container, with java started
# directly so that it gets the same flags as every other server; settings not given are the defaults.
start_chatsocket() {
  local role=$1 name=$2 tree=$3 container=$4
  shift 4
  local classpath
  case "$container" in
    jetty) classpath="$tree/target/classes:$(cat "$tree/target/launcher-server.classpath"):$(cat "$tree/target/launcher-apis.classpath")" ;;
    tomcat) classpath="$tree/target/classes:$(cat "$tree/target/launcher-tomcat.classpath")" ;;
    *) log "no container $container (jetty or tomcat)"; exit 2 ;;
  esac
  # A fresh data directory each start: the default store keeps history on disk, and one run's rooms
  # must not carry into the next (nor into the user's ~/.chatsocket).
  local data
  data=$(mktemp -d "${TMPDIR:-/tmp}/chatsocket-bench-data.XXXXXX")
  CHATSOCKET_SERVER="$container" CHATSOCKET_PORT=0 CHATSOCKET_HOST=127.0.0.1 CHATSOCKET_WAR="$tree/target/chatsocket.war" \
    CHATSOCKET_DATA_DIR="$data" start "$role" "$name" '.*chatsocket: serving .*(bound to 127\.0\.0\.1:\([0-9][0-9]*\);.*' \
    env "$@" java $SERVER_JVM_FLAGS -cp "$classpath" dev.chatsocket.launcher.Launcher
}
