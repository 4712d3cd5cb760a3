#!/usr/bin/env bash
# The issue-8 comparison (not a test; never part of `mvn verify`). See docs/benchmarks.md.
#
#   bench/run.sh [SCENARIO[,SCENARIO...]] [--quick]
#
# SCENARIO: all (default, about 25 minutes), or some of: idle (with the ping wave), echo, closed (the
# closed-loop echo of issue 17, CLOSED_WARMUP_SECONDS=30 of warm-up by default), fanout, handshake, join
# (handshakes to a room: a guest, its session and the join each; the five servers compared in the
# same run; BENCH_SERVERS=cs-jetty,jetty,vertx for fewer); fanscale (cs-jetty's fan-out at 100, 1,000
# and 5,000 members; FANSCALE_SIZES=100,2000 for others); jmh (chatsocket's codec and identity
# alone), e.g. `bench/run.sh echo,handshake`. --quick: one short round per scenario, 2,000 idle
# connections, short JMH settings: a smoke run of about 5 minutes, not figures to quote.
#
# 1. builds the product WAR (mvn -q -DskipTests package) and this benchmark's module (bench/pom.xml:
#    the peer servers, the load generator's scenarios, the JMH benchmarks);
# 2. starts five servers, each its own JVM with the same flags ($SERVER_JVM_FLAGS), pinned to CPU 0,
#    each on a free loopback port: chatsocket twice, the same WAR served by the launcher on embedded
#    Jetty 12.1 (cs-jetty, as the README runs it) and on embedded Tomcat 11 (cs-tomcat, as
#    `-Ptomcat` runs it); and the peers: Jetty 12.1's own jakarta.websocket (jetty), Tomcat 11's own
#    jakarta.websocket (tomcat), Vert.x 5 with one event loop (vertx);
# 3. runs the load generator (dev.chatsocket.bench.compare.CompareBenchmark) pinned to CPU 1, which
#    runs each scenario in rounds interleaved over the five servers and prints tables and JSON;
# 4. stops the servers (also on failure or Ctrl-C), then runs JMH if asked, pinned to CPU 1.
#
# Output is also kept in target/bench/compare-<time>.txt. Exit status: 0, or 1 when something was
# lost (a connection, an echo, a room delivery) or a step failed (then JMH does not run).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/benchmark-limits.sh
SCENARIO=all
QUICK=
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=--quick ;;
    all) SCENARIO=all ;;
    *) for one in ${arg//,/ }; do
         case "$one" in
           echo|closed|fanout|fanscale|idle|handshake|join|jmh) ;;
           *) echo "usage: bench/run.sh [all|SCENARIO[,SCENARIO...]] [--quick]; SCENARIO: idle, echo, closed, fanout, fanscale, handshake, join, jmh" >&2; exit 2 ;;
         esac
       done
       SCENARIO=$arg ;;
  esac
done
JMH=
case "$SCENARIO" in
  all) COMPARE=idle,echo,closed,fanout,fanscale,handshake,join; JMH=yes ;;
  *) COMPARE=$(tr ',' '\n' <<<"$SCENARIO" | grep -vx jmh | paste -sd, -) || true
     grep -qx jmh <(tr ',' '\n' <<<"$SCENARIO") && JMH=yes ;;
esac

# BENCH_SERVERS=cs-jetty,jetty,vertx: only those (for a profile or a quick look); default: all five.
BENCH_SERVERS_SET=${BENCH_SERVERS:+yes}
BENCH_SERVERS=${BENCH_SERVERS:-cs-jetty,cs-tomcat,jetty,tomcat,vertx}
wanted() { grep -qx "$1" <(tr ',' '\n' <<<"$BENCH_SERVERS"); }
CLOSED_WARMUP_SECONDS_SET=${CLOSED_WARMUP_SECONDS:+yes}
CLOSED_WARMUP_SECONDS=${CLOSED_WARMUP_SECONDS:-30}
source bench/servers.sh
RESULT=$OUT/compare-$(date -u +%Y%m%dT%H%M%SZ).txt

log "building the WAR (mvn -q -DskipTests package) and the benchmark module (mvn -q -f bench/pom.xml package) ..."
build_chatsocket .
mvn -q -f bench/pom.xml package
BENCH_CLASSES=bench/target/classes

if [ -n "$COMPARE" ]; then
  # chatsocket as `mvn -q -DskipTests package exec:exec` runs it, and as `-Ptomcat` does.
  peer='^bench-peer: .* listening on 127\.0\.0\.1:\([0-9][0-9]*\)$'
  wanted cs-jetty && start_chatsocket --server cs-jetty . jetty
  wanted cs-tomcat && start_chatsocket --server cs-tomcat . tomcat
  wanted jetty && start --peer jetty "$peer" \
    java $SERVER_JVM_FLAGS -cp "$BENCH_CLASSES:$(cat bench/target/classpath-jetty.txt)" dev.chatsocket.bench.peers.JettyPeer 0
  wanted tomcat && start --peer tomcat "$peer" \
    java $SERVER_JVM_FLAGS -cp "$BENCH_CLASSES:$(cat bench/target/classpath-tomcat.txt)" dev.chatsocket.bench.peers.TomcatPeer 0
  wanted vertx && start --peer vertx "$peer" \
    java $SERVER_JVM_FLAGS -cp "$BENCH_CLASSES:$(cat bench/target/classpath-vertx.txt)" dev.chatsocket.bench.peers.VertxPeer 0

  {
    echo "command: ${BENCH_SERVERS_SET:+BENCH_SERVERS=$BENCH_SERVERS }${FANSCALE_SIZES:+FANSCALE_SIZES=$FANSCALE_SIZES }${CLOSED_WARMUP_SECONDS_SET:+CLOSED_WARMUP_SECONDS=$CLOSED_WARMUP_SECONDS }bench/run.sh $*"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
    echo "machine: $(nproc --all) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)), $(uname -sr), $(java -version 2>&1 | head -n1), open files $(ulimit -n), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "servers: JVM flags $SERVER_JVM_FLAGS, each pinned to CPU 0; generator pinned to CPU 1"
  } | tee "$RESULT"
  set +e
  "${PIN_GENERATOR[@]}" java $GENERATOR_JVM_FLAGS -Dbench.histograms="$OUT" -cp "$BENCH_CLASSES" dev.chatsocket.bench.compare.CompareBenchmark \
    "${SERVERS[@]}" --scenarios "$COMPARE" --clk-tck "$(getconf CLK_TCK)" $QUICK \
    --closed-warmup-seconds "$CLOSED_WARMUP_SECONDS" \
    ${FANSCALE_SIZES:+--fanscale-sizes "$FANSCALE_SIZES"} | tee -a "$RESULT"
  status=${PIPESTATUS[0]}
  set -e
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULT"
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { log "a server died during the run (pid $pid); logs in $OUT"; status=1; }
  done
  # Stop the servers before JMH, so it has the machine to itself.
  stop_servers
  [ "$status" -eq 0 ] || exit "$status"
fi

if [ -n "$JMH" ]; then
  if [ -n "$QUICK" ]; then JMH_OPTS=(-f 1 -wi 1 -w 1s -i 2 -r 1s); else JMH_OPTS=(-f 1 -wi 3 -w 1s -i 5 -r 1s); fi
  echo "JMH: codec and identity benchmarks, ${JMH_OPTS[*]}, pinned to CPU 1" | tee -a "$RESULT"
  # JMH's progress goes to jmh.log; its summary table to the screen and the result file.
  "${PIN_GENERATOR[@]}" java -cp "$BENCH_CLASSES:$(cat bench/target/classpath-jmh.txt)" org.openjdk.jmh.Main \
    "${JMH_OPTS[@]}" -rf json -rff "$OUT/jmh.json" 'dev\.chatsocket\.bench\.(codec|identity)\..*' >"$OUT/jmh.log" 2>&1 \
    || { log "JMH failed; its log:"; cat "$OUT/jmh.log" >&2; exit 1; }
  sed -n '/^Benchmark .*Mode/,$p' "$OUT/jmh.log" | tee -a "$RESULT"
fi
log "output kept in $RESULT"
