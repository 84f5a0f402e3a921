#!/usr/bin/env bash
# Measures the sample home screen's end-to-end latency with every mock backend answering in a
# fixed time (default 10 ms). The screen has two dependency levels (users+orders+recommendations,
# then one catalog batch), so the ideal is 2 x latency; a gateway that serialised the calls
# would take 4 x latency.
#
#   perf/home-latency.sh [latency-ms] [requests]
#
# Starts the mocks and the gateway on their default ports (7101-7104, 4000), measures
# sequential requests with curl, prints percentiles, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."

LATENCY_MS=${1:-10}
REQUESTS=${2:-300}
WARMUP=${WARMUP:-500}
JAR=gateway/target/sheaf.jar
MOCKS_JAR=demo/target/sheaf-demo.jar
PORT=${PORT:-4000}

[ -f "$JAR" ] && [ -f "$MOCKS_JAR" ] || mvn -q -B -DskipTests package

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

java -cp "$MOCKS_JAR" dev.sheaf.mock.MockMain --latency="${LATENCY_MS}ms" > /tmp/sheaf-perf-mocks.log 2>&1 &
pids+=($!)
java -jar "$JAR" --port="$PORT" --host=127.0.0.1 > /tmp/sheaf-perf-gateway.log 2>&1 &
pids+=($!)

for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/ready" > /dev/null 2>&1 && curl -sf http://127.0.0.1:7101/_mock/stats > /dev/null 2>&1 && break
  sleep 0.1
done

QUERY='{"query":"query Home($id: ID!) { user(id: $id) { name tier orders(limit: 3) { id total status } recommendations { id name price } } }","variables":{"id":"42"}}'
request() {
  curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/graphql" \
    -H 'content-type: application/json' -d "$QUERY"
}

# Warm up the JIT and the connection pools.
for _ in $(seq 1 "$WARMUP"); do request > /dev/null; done

samples=$(for _ in $(seq 1 "$REQUESTS"); do request; done | awk '{ printf "%.3f\n", $1 * 1000 }' | sort -n)
pct() { echo "$samples" | awk -v p="$1" '{ a[NR] = $1 } END { i = int(NR * p / 100); if (i < 1) i = 1; print a[i] }'; }

echo "home screen, mocks at ${LATENCY_MS} ms, ${REQUESTS} sequential requests after ${WARMUP} warm-up"
echo "ideal (2 levels x ${LATENCY_MS} ms): $((2 * LATENCY_MS)) ms; serial would be $((4 * LATENCY_MS)) ms"
echo "p50 $(pct 50) ms   p90 $(pct 90) ms   p99 $(pct 99) ms   max $(pct 100) ms"
