#!/usr/bin/env bash
# QUIC server CPU per stream: Salvo's streamer (salvo-perf quic server, Kwik over Salvo's UDP
# transport) against a Netty QUIC (quiche) server doing the same job (NettyQuicServerMain, from
# salvo-quic's test class path), the same salvo-perf quic client driving both: 1,232-byte packets,
# one per unidirectional stream, over --connections connections on 127.0.0.1. Rounds interleave
# the two servers. Prints one JSON line per client and server run. See docs/quic.md "Benchmarks".
#
# Usage: salvo-quic/bench/quic-compare.sh [ROUNDS=3] [PACKETS=80000] [CONNECTIONS=4]
# Needs a JDK 25 at $JAVA (default: the one bin/salvo-perf finds). On a shared machine, run it
# under a lock:  flock /tmp/salvo-cpu.lock salvo-quic/bench/quic-compare.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"; packets="${2:-80000}"; connections="${3:-4}"
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
out="$(mktemp -d)"

cd "$root"
./mvnw -B -q -pl salvo-perf -am package -DskipTests >&2
./mvnw -B -q -pl salvo-quic test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out/cp.txt" >&2
cp="$root/salvo-quic/target/classes:$root/salvo-quic/target/test-classes:$(cat "$out/cp.txt")"
perf=("$java" -jar "$root/salvo-perf/target/salvo-perf.jar")

run_round() { # $1 = salvo|netty, $2 = port
  local server
  if [ "$1" = salvo ]; then
    "${perf[@]}" quic server --bind "127.0.0.1:$2" --duration 45 --json >"$out/server.json" 2>"$out/server.err" &
  else
    "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.salvo.quic.bench.NettyQuicServerMain "127.0.0.1:$2" 45 \
        >"$out/server.json" 2>"$out/server.err" &
  fi
  server=$!
  sleep 3
  "${perf[@]}" quic client --connect "127.0.0.1:$2" --connections "$connections" --packets "$packets" --size 1232 \
      --json 2>/dev/null | sed "s/^/$1 client: /"
  wait "$server"
  sed "s/^/$1 server: /" "$out/server.json"
}

port=24400
for r in $(seq "$rounds"); do
  run_round salvo $((port++))
  run_round netty $((port++))
done
rm -rf "$out"
