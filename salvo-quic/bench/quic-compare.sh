#!/usr/bin/env bash
# QUIC server CPU per stream: Salvo's streamer (salvo-perf quic server, Kwik over Salvo's UDP
# transport) against a Netty QUIC (quiche) server doing the same job (NettyQuicServerMain, from
# salvo-quic's test class path), the same salvo-perf quic client driving both: 1,232-byte packets,
# one per unidirectional stream, over --connections connections on 127.0.0.1. Rounds interleave
# the two servers. See docs/quic.md "Benchmarks".
#
# Usage: salvo-quic/bench/quic-compare.sh [ROUNDS=3] [PACKETS=80000] [CONNECTIONS=4] [WARMUP=0]
#
# Per client run it prints the client's JSON line, then a "split" line measured from /proc over the
# client's run: the server process's CPU per stream in all, and the part of it spent by the JIT
# compiler threads and by the GC threads (the rest is the application's threads, Kwik's or
# Netty's). With WARMUP > 0, a first client run sends WARMUP packets on other connections and only
# the second run is measured (the JVMs have then compiled most of their hot code); the servers are
# then stopped after the run instead of printing their own report, which would cover both runs.
# With WARMUP = 0 each server also prints its own JSON (CPU over the window in which streams arrived).
#
# Needs a JDK 25 at $JAVA (default: Temurin 25's usual path). On a shared machine, run it under a
# lock:  flock /tmp/salvo-cpu.lock salvo-quic/bench/quic-compare.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"; packets="${2:-80000}"; connections="${3:-4}"; warmup="${4:-0}"
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

cd "$root"
./mvnw -B -q -pl salvo-perf -am package -DskipTests >&2
./mvnw -B -q -pl salvo-quic test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out/cp.txt" >&2
cp="$root/salvo-quic/target/classes:$root/salvo-quic/target/test-classes:$(cat "$out/cp.txt")"
perf=("$java" -jar "$root/salvo-perf/target/salvo-perf.jar")

# CPU clock ticks of a process in all (reaped threads included), of its JIT compiler threads and of
# its GC threads. The thread name sits in parentheses and may hold spaces, so fields are counted
# after it: utime and stime are the 12th and 13th.
cpu_ticks() {
  local pid=$1 total jit=0 gc=0 t name ticks
  total=$(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')
  for t in /proc/"$pid"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    ticks=$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }') || continue
    case "$name" in
      C1\ Compiler*|C2\ Compiler*) jit=$((jit + ticks)) ;;
      GC\ Thread*|G1\ *) gc=$((gc + ticks)) ;;
    esac
  done
  echo "$total $jit $gc"
}

client() { # $1 = port, $2 = packets
  "${perf[@]}" quic client --connect "127.0.0.1:$1" --connections "$connections" --packets "$2" --size 1232 \
      --json 2>/dev/null
}

run_round() { # $1 = salvo|netty, $2 = port
  local server duration=45 before after
  [ "$warmup" -gt 0 ] && duration=$((45 + warmup / 2000))
  if [ "$1" = salvo ]; then
    "${perf[@]}" quic server --bind "127.0.0.1:$2" --duration "$duration" --json >"$out/server.json" 2>"$out/server.err" &
  else
    "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.salvo.quic.bench.NettyQuicServerMain "127.0.0.1:$2" "$duration" \
        >"$out/server.json" 2>"$out/server.err" &
  fi
  server=$!
  sleep 3
  if [ "$warmup" -gt 0 ]; then
    client "$2" "$warmup" >/dev/null
    sleep 1
  fi
  before=$(cpu_ticks "$server")
  client "$2" "$packets" | sed "s/^/$1 client: /"
  after=$(cpu_ticks "$server")
  # Ticks are 1/100 s (USER_HZ): ticks * 10^4 / packets = µs per stream.
  echo "$before $after" | awk -v who="$1" -v n="$packets" '{
      printf "%s split: {\"server_cpu_us_per_stream\":%.1f,\"jit_us_per_stream\":%.1f,\"gc_us_per_stream\":%.1f,\"other_us_per_stream\":%.1f}\n",
          who, ($4-$1)*1e4/n, ($5-$2)*1e4/n, ($6-$3)*1e4/n, (($4-$1)-($5-$2)-($6-$3))*1e4/n }'
  if [ "$warmup" -gt 0 ]; then
    kill "$server"; wait "$server" || true
  else
    wait "$server"
    sed "s/^/$1 server: /" "$out/server.json"
  fi
}

port=24400
for r in $(seq "$rounds"); do
  run_round salvo $((port++))
  run_round netty $((port++))
done
