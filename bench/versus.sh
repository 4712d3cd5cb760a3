#!/usr/bin/env bash
# chatsocket against itself (not a test; never part of `mvn verify`). See docs/benchmarks.md.
#
#   bench/versus.sh [--scenarios LIST] [--quick] NAME=REV[,jetty|tomcat][,SETTING=VALUE...] ...
#
# Builds the chatsocket of each git revision REV (HEAD, a commit, a branch) in a worktree of its own
# under target/versus/, starts each as bench/run.sh starts chatsocket (same JVM flags, CPU 0, a free
# loopback port) on the container named (jetty by default) with the settings given, and runs the
# comparison's scenarios (default: echo,handshake; any of idle, echo, closed, fanout, fanscale, handshake, join)
# interleaved over them, with the generator on CPU 1. What one optimisation buys, or one setting
# costs, measured in one run. Repeat a scenario (handshake,handshake) to measure it warm. E.g.:
#
#   bench/versus.sh --scenarios handshake,handshake before=a79f3b4,tomcat after=HEAD,tomcat
#   bench/versus.sh --scenarios idle,echo,fanout \
#       buf8k=HEAD,tomcat,CHATSOCKET_SOCKET_BUFFER_SIZE=8KiB buf4k=HEAD,tomcat
#
# The first one named is the subject whose ratios are printed against the others. Exit status: 0, or
# 1 when something was lost or a step failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/benchmark-limits.sh
SCENARIOS=echo,handshake
QUICK=
SPECS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --quick) QUICK=--quick; shift ;;
    *=*) SPECS+=("$1"); shift ;;
    *) echo "usage: bench/versus.sh [--scenarios LIST] [--quick] NAME=REV[,jetty|tomcat][,SETTING=VALUE...] ..." >&2; exit 2 ;;
  esac
done
[ ${#SPECS[@]} -ge 2 ] || { echo "bench/versus.sh: name two or more NAME=REV to compare" >&2; exit 2; }

source bench/servers.sh
RESULT=$OUT/versus-$(date -u +%Y%m%dT%H%M%SZ).txt

log "building the benchmark module (mvn -q -f bench/pom.xml package) ..."
mvn -q -f bench/pom.xml package
git worktree prune
declare -A BUILT=()
for spec in "${SPECS[@]}"; do
  IFS=, read -r -a parts <<<"${spec#*=}"
  commit=$(git rev-parse --short "${parts[0]}^{commit}")
  [ -z "${BUILT[$commit]:-}" ] || continue
  tree=target/versus/$commit
  if [ ! -d "$tree" ]; then
    git worktree add --detach "$tree" "$commit" >/dev/null
  fi
  log "building $commit in $tree ..."
  build_chatsocket "$tree"
  BUILT[$commit]=yes
done

{
  echo "command: bench/versus.sh --scenarios $SCENARIOS ${QUICK:+$QUICK }${SPECS[*]}"
  for spec in "${SPECS[@]}"; do
    rev=${spec#*=}
    echo "  ${spec%%=*}: ${rev%%,*} = $(git rev-parse --short "${rev%%,*}^{commit}")$(case "$rev" in *,*) echo ", ${rev#*,}";; esac)"
  done
  echo "machine: $(nproc --all) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)), $(uname -sr), $(java -version 2>&1 | head -n1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "servers: JVM flags $SERVER_JVM_FLAGS, each pinned to CPU 0; generator pinned to CPU 1"
} | tee "$RESULT"

# The first is the subject; the others are what it is measured against.
role=--server
for spec in "${SPECS[@]}"; do
  name=${spec%%=*}
  IFS=, read -r -a parts <<<"${spec#*=}"
  container=jetty
  settings=()
  for part in "${parts[@]:1}"; do
    case "$part" in
      jetty|tomcat) container=$part ;;
      *=*) settings+=("$part") ;;
      *) log "not a container or SETTING=VALUE: $part"; exit 2 ;;
    esac
  done
  start_chatsocket "$role" "$name" "target/versus/$(git rev-parse --short "${parts[0]}^{commit}")" "$container" "${settings[@]}"
  role=--peer
done

set +e
"${PIN_GENERATOR[@]}" java $GENERATOR_JVM_FLAGS -Dbench.histograms="$OUT" -cp bench/target/classes \
  dev.chatsocket.bench.compare.CompareBenchmark "${SERVERS[@]}" --scenarios "$SCENARIOS" \
  --clk-tck "$(getconf CLK_TCK)" --closed-warmup-seconds "${CLOSED_WARMUP_SECONDS:-30}" $QUICK | tee -a "$RESULT"
status=${PIPESTATUS[0]}
set -e
log "output kept in $RESULT"
exit "$status"
