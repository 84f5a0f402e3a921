#!/usr/bin/env bash
# The answer cache under load: 100 users (connections) ask for the same 50 products (one query of 50
# product lookups, one catalog batch call when nothing is cached) at RATE req/s, once with the cache
# off (--cache=false), once on in memory and once on in a local redis-server (--cache-store=redis),
# side by side in one run. The catalog mock answers in 10 ms with Cache-Control: max-age=60. Reports
# catalog calls per client request, the cache's hit rate and the gateway's CPU time per request;
# writes perf/RESULTS-cache.md. The redis variant is left out when redis-server is not installed.
#
#   perf/cache.sh [--rate=200] [--duration=20] [--out=perf/RESULTS-cache.md]
#
# Mocks (MockMain from the demo jar) and the gateway (the release jar) on free ports, so it runs
# beside perf/run.sh; the gateway pinned to CPU 0 when taskset exists. Stops everything it started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

RATE=200
DURATION=20
OUT=perf/RESULTS-cache.md
for arg in "$@"; do
  case $arg in
    --rate=*) RATE=${arg#*=} ;;
    --duration=*) DURATION=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
USERS=100
prepare_run cache
PIN_GW=""; PIN_REST=""
if can_pin; then PIN_GW="taskset -c 0"; PIN_REST="taskset -c 1"; fi
# The catalog's answers are cached as it says (cache: on); the gateway's --cache switches it all.
sed -i 's|^    url: ${CATALOG_URL:-http://127.0.0.1:7103}$|&\n    cache: on|' "$CONFIG/resolvers/shop.yaml"
grep -q '^    cache: on' "$CONFIG/resolvers/shop.yaml" || { log "could not enable the catalog's cache"; exit 1; }

$PIN_REST java -Xms256m -Xmx512m -XX:+UseSerialGC -cp "$RUN/sheaf-demo.jar" dev.sheaf.mock.MockMain --random-ports \
  --latency=10ms --catalog.cacheControl=max-age=60 > "$RUN/mocks.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do grep -q 'inventory listening' "$RUN/mocks.log" 2>/dev/null && break; sleep 0.1; done
url_of() { sed -n "s|.*$1 listening on \(http://[0-9.:]*\).*|\1|p" "$RUN/mocks.log" | head -1; }
export USERS_URL=$(url_of users) ORDERS_URL=$(url_of orders) CATALOG_URL=$(url_of catalog) \
  RECOMMENDATIONS_URL=$(url_of recommendations)
INVENTORY_ADDRESS=$(sed -n 's|.*inventory listening on \([0-9.]*:[0-9]*\).*|\1|p' "$RUN/mocks.log" | head -1)
export INVENTORY_ADDRESS
[ -n "$CATALOG_URL" ] && [ -n "$INVENTORY_ADDRESS" ] || { log "mocks did not start; see $RUN/mocks.log"; exit 1; }

# One query: 50 products by id, the same for every user.
python3 - "$RUN/products.json" <<'EOF'
import json, sys
fields = " ".join(f'p{n}: product(id: "p{n}") {{ id name price currency }}' for n in range(1, 51))
json.dump({"query": "{ " + fields + " }"}, open(sys.argv[1], "w"))
EOF

metric() { # ADMIN_PORT PATTERN: the sum of the samples of the series matching PATTERN
  curl -s "http://127.0.0.1:$1/metrics" | { grep -E "$2" || true; } | awk '{ s += $NF } END { printf "%.0f\n", s }'
}

measure() { # NAME CACHE(true|false) [GATEWAY FLAGS...]
  local port admin gw extra=("${@:3}")
  port=$(free_port); admin=$(free_port)
  $PIN_GW java -Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -jar "$RUN/sheaf.jar" \
    --host=127.0.0.1 --port="$port" --admin-port="$admin" --cache="$2" --max-aliases=60 "${extra[@]}" \
    --schema="$CONFIG/schema" --resolvers="$CONFIG/resolvers" > "$RUN/gateway-$1.log" 2>&1 &
  gw=$!
  pids+=($gw)
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/ready" > /dev/null 2>&1 && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/ready" > /dev/null || { log "gateway ($1) did not get ready"; exit 1; }
  for _ in $(seq 1 10); do # the first calls of a cold gateway on a busy machine may time out
    curl -s "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' -d @"$RUN/products.json" \
      > "$RUN/smoke-$1.json"
    grep -q '"p50":{"id":"p50"' "$RUN/smoke-$1.json" && grep -vq '"errors"' "$RUN/smoke-$1.json" && break
    sleep 1
  done
  grep -q '"p50":{"id":"p50"' "$RUN/smoke-$1.json" || { log "gateway ($1) did not answer the products: $(head -c 300 "$RUN/smoke-$1.json")"; exit 1; }
  run_load() { # OUT WARMUP DURATION
    $PIN_REST java -Xms256m -Xmx1g -XX:+UseSerialGC -cp "perf/target/sheaf-perf.jar:perf/target/lib/*" \
      dev.sheaf.perf.load.LoadGen --url="http://127.0.0.1:$port/graphql" --body="$RUN/products.json" \
      --rate="$RATE" --connections=$USERS --warmup="${2}s" --duration="${3}s" --tail=1s \
      --pid="gateway:$gw" --clk-tck="$(getconf CLK_TCK)" --out="$RUN/$1.json" 2>&1 | tail -1
  }
  log "$1: warm-up 20 s at $RATE req/s"
  run_load "warmup-$1" 2 18 > /dev/null
  local requests0 catalog0 hits0 lookups0
  requests0=$(metric "$admin" '^sheaf_client_requests_seconds_count')
  catalog0=$(metric "$admin" '^sheaf_backend_calls_seconds_count\{backend="catalog"')
  hits0=$(metric "$admin" '^sheaf_cache_lookups_total\{outcome="hit"')
  lookups0=$(metric "$admin" '^sheaf_cache_lookups_total')
  log "$1: $DURATION s at $RATE req/s, $USERS connections"
  log "  $(run_load "$1" 2 "$DURATION")"
  local requests catalog hits lookups
  requests=$(( $(metric "$admin" '^sheaf_client_requests_seconds_count') - requests0 ))
  catalog=$(( $(metric "$admin" '^sheaf_backend_calls_seconds_count\{backend="catalog"') - catalog0 ))
  hits=$(( $(metric "$admin" '^sheaf_cache_lookups_total\{outcome="hit"') - hits0 ))
  lookups=$(( $(metric "$admin" '^sheaf_cache_lookups_total') - lookups0 ))
  python3 - "$RUN/$1.json" "$requests" "$catalog" "$hits" "$lookups" > "$RUN/$1.row" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
requests, catalog, hits, lookups = (int(x) for x in sys.argv[2:6])
main = r["main"]
cpu_ms = r["cpuSeconds"]["gateway"] * 1000 / max(1, main["requests"])
print(f'{main["throughput"]:.0f} | {main["latencyMs"]["p50"]:.2f} | {main["latencyMs"]["p99"]:.2f} | '
      f'{main["errors"]} of {main["requests"]} | {catalog / max(1, requests):.4f} ({catalog} / {requests}) | '
      f'{(hits / lookups * 100) if lookups else 0:.1f} % ({hits} / {lookups}) | {cpu_ms * 1000:.0f}')
EOF
  kill "$gw" 2>/dev/null || true
  wait "$gw" 2>/dev/null || true
}

measure off false
measure on true
REDIS_ROW=""
if command -v redis-server > /dev/null; then
  REDIS_PORT=$(free_port)
  $PIN_REST redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$RUN/redis.log" 2>&1 &
  pids+=($!)
  measure redis true --redis="redis://127.0.0.1:$REDIS_PORT" --cache-store=redis
  REDIS_ROW="| on, in Redis (\`--cache-store=redis\`) | $(cat "$RUN/redis.row") |"
else
  log "redis-server is not installed: no redis variant"
fi

{
  echo "# Answer cache under load"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') at $(git rev-parse --short HEAD) by \`perf/cache.sh\` on"
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1);"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (the machine is shared: other builds and tests ran beside it)."
  echo "$USERS connections ask for the same 50 products (one query, 50 lookups: one catalog batch call without the"
  echo "cache) at $RATE req/s, open loop, ${DURATION} s measured after 20 s of warm-up; mocks at 10 ms, the catalog"
  echo "sending \`Cache-Control: max-age=60\`. ${PIN_GW:+Gateway pinned to CPU 0, everything else to CPU 1.}"
  echo
  echo "| cache | req/s | p50 ms | p99 ms | errors | catalog calls per request | hit rate | gateway CPU µs per request |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| off (\`--cache=false\`) | $(cat "$RUN/off.row") |"
  echo "| on, in memory | $(cat "$RUN/on.row") |"
  [ -z "$REDIS_ROW" ] || echo "$REDIS_ROW"
  echo
  echo "Calls and hits are the gateway's own counters (\`sheaf_backend_calls_seconds_count{backend=\"catalog\"}\`,"
  echo "\`sheaf_cache_lookups_total\`) over the measured run; CPU is the gateway process's user+system time over"
  echo "the window divided by the requests answered in it. In Redis, each replica keeps a copy of an answer in"
  echo "memory for 1 s, so a hot answer costs one Redis round trip a second; the hit rate counts both tiers."
} > "$OUT"
log "wrote $OUT"
cat "$OUT"
