#!/usr/bin/env bash
# HTTP/2 against HTTP/1.1 keep-alive to the REST backends, side by side in one run: the home screen
# (users, orders, recommendations over REST, then the inventory over gRPC; mocks at 10 ms) at RATE
# req/s through the same gateway jar and configuration, once as shipped and once with http2: true on
# every REST backend (h2c by prior knowledge: the mocks accept it). The two alternate (h1, h2, h1, h2)
# so that drift on a shared machine shows. Writes perf/RESULTS-backend-http2.md.
#
#   perf/backend-http2.sh [--rate=300] [--duration=30] [--out=perf/RESULTS-backend-http2.md]
#
# Mocks (MockMain from the demo jar) and the gateway on ports the OS picks, so it runs beside other
# perf runs; the load generator of perf/. Stops everything it started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
ROOT=$(pwd)

RATE=300
DURATION=30
OUT=perf/RESULTS-backend-http2.md
for arg in "$@"; do
  case $arg in
    --rate=*) RATE=${arg#*=} ;;
    --duration=*) DURATION=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
RUN=$ROOT/perf/results/$(date -u +%Y%m%dT%H%M%SZ)-backend-http2
mkdir -p "$RUN"

stop_all_on_exit

build_jars
build_perf_jar
copy_jars
for variant in h1 h2; do make_config "$RUN/$variant"; done
# Every REST backend of the sample (a url: line) gets http2: true; nothing else differs.
sed -i 's/^\(    url: .*\)$/\1\n    http2: true/' "$RUN/h2/resolvers/shop.yaml"
log "h2 configuration: $(grep -c 'http2: true' "$RUN/h2/resolvers/shop.yaml") REST backends with http2: true"

java -Xms512m -Xmx1g -XX:+UseSerialGC -cp "$RUN/sheaf-demo.jar" dev.sheaf.mock.MockMain --random-ports --latency=10ms \
  > "$RUN/mocks.log" 2>&1 &
MOCKS_PID=$!
pids+=($MOCKS_PID)
export_mock_addresses

QUERY=$RUN/home.json
cp perf/scenarios/queries/home.json "$QUERY"

run() { # VARIANT ROUND
  local variant=$1 round=$2
  local glog=$RUN/gateway-$variant-$round.log
  java -Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -jar "$RUN/sheaf.jar" --host=127.0.0.1 \
    --port=0 --admin-port=0 --schema="$RUN/$variant/schema" --resolvers="$RUN/$variant/resolvers" > "$glog" 2>&1 &
  local gw=$!
  pids+=($gw)
  local port
  port=$(ready_port "$glog")
  [ -n "$port" ] || { log "the gateway did not get ready; see $glog"; exit 1; }
  java -Xms256m -Xmx1g -XX:+UseSerialGC -cp "perf/target/sheaf-perf.jar:perf/target/lib/*" dev.sheaf.perf.load.LoadGen \
    --url="http://127.0.0.1:$port/graphql" --body="$QUERY" --rate="$RATE" --warmup=15s --duration="${DURATION}s" \
    --tail=1s --pid="gateway:$gw" --pid="mocks:$MOCKS_PID" --clk-tck="$(getconf CLK_TCK)" \
    --out="$RUN/$variant-$round.json" 2>&1 | tee -a "$RUN/loadgen.log" | tail -1 | sed "s/^/$variant round $round: /" | tee -a "$RUN/run.log"
  kill "$gw"
  wait "$gw" 2>/dev/null || true
}

for round in 1 2; do
  run h1 "$round"
  run h2 "$round"
done

python3 - "$RUN" "$OUT" "$RATE" "$DURATION" "$(git rev-parse --short HEAD)" "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(java -version 2>&1 | head -1)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys, time
run, out, rate, duration, commit, cores, cpu, java, load = sys.argv[1:]
rows = []
for rnd in (1, 2):
    for variant in ("h1", "h2"):
        r = json.load(open(f"{run}/{variant}-{rnd}.json"))
        main = r["main"]
        requests = max(main["requests"], 1)
        gw = r["cpuSeconds"].get("gateway", 0.0)
        mocks = r["cpuSeconds"].get("mocks", 0.0)
        lat = main["latencyMs"]
        rows.append((variant, rnd, main["throughput"], lat["p50"], lat["p99"], main["errors"], main["requests"],
                     gw * 1e6 / requests, mocks * 1e6 / requests))
def mean(variant, i):
    vals = [row[i] for row in rows if row[0] == variant]
    return sum(vals) / len(vals)
names = {"h1": "HTTP/1.1 keep-alive", "h2": "HTTP/2 (h2c, prior knowledge)"}
with open(out, "w") as f:
    f.write("# HTTP/2 against HTTP/1.1 to the REST backends\n\n")
    f.write(f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} at {commit} by `perf/backend-http2.sh` on {cores} cores\n")
    f.write(f"({cpu}), {java}. The home screen (REST users, orders, recommendations, then gRPC stock; mocks at\n")
    f.write(f"10 ms: ideal 20 ms) at {rate} req/s, open loop, 15 s warm-up then {duration} s measured per run, runs alternating.\n")
    f.write(f"Gateway, mocks and load generator share a busy machine (other builds ran meanwhile; load average\n")
    f.write(f"at the end {load}), unpinned: compare the two variants, not the absolute figures.\n\n")
    f.write("| variant | round | req/s | p50 ms | p99 ms | errors | gateway CPU µs/request | mocks CPU µs/request |\n")
    f.write("|---|---|---|---|---|---|---|---|\n")
    for v, rnd, tput, p50, p99, err, req, gwus, mkus in rows:
        f.write(f"| {names[v]} | {rnd} | {tput:.0f} | {p50:.2f} | {p99:.2f} | {err} of {req} | {gwus:.0f} | {mkus:.0f} |\n")
    f.write("\n| variant | mean p50 ms | mean p99 ms | mean gateway CPU µs/request |\n|---|---|---|---|\n")
    for v in ("h1", "h2"):
        f.write(f"| {names[v]} | {mean(v, 3):.2f} | {mean(v, 4):.2f} | {mean(v, 7):.0f} |\n")
print(open(out).read())
PY
log "wrote $OUT"
