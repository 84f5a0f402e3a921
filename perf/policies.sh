#!/usr/bin/env bash
# What the client-request policies cost: the home screen at RATE req/s against three gateways side by
# side, in alternating rounds, so the machine's load at the time weighs on all three alike:
#   off    the query's text in every request, no rate limit (the defaults);
#   on     the query by its APQ hash only, and an in-memory rate limit on every request (per client
#          address, high enough never to refuse);
#   redis  as "on", with the rate-limit buckets and persisted queries in a local redis-server.
# Reports the gateways' CPU per request and latency percentiles, and writes perf/RESULTS-policies.md.
#
#   perf/policies.sh [--rate=200] [--duration=20] [--rounds=3] [--out=perf/RESULTS-policies.md]
#
# Mocks at 10 ms (PerfMockMain, ports 7101-7106/7110), gateways on 4480, 4483 and 4485 (admin 4481,
# 4484, 4486), redis-server on 6390; the gateways share one core, mocks and load generator the other.
# Refuses to start when a port is taken (another run in progress). Stops everything it started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
ROOT=$(pwd)

RATE=200
DURATION=20
ROUNDS=3
OUT=perf/RESULTS-policies.md
for arg in "$@"; do
  case $arg in
    --rate=*) RATE=${arg#*=} ;;
    --duration=*) DURATION=${arg#*=} ;;
    --rounds=*) ROUNDS=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
REDIS_PORT=6390
declare -A PORT=([off]=4480 [on]=4483 [redis]=4485)
declare -A ADMIN=([off]=4481 [on]=4484 [redis]=4486)
VARIANTS=(off on redis)

for p in 7101 7102 7103 7104 7105 7106 7110 $REDIS_PORT "${PORT[@]}" "${ADMIN[@]}"; do
  if (echo > "/dev/tcp/127.0.0.1/$p") 2> /dev/null; then
    echo "port $p is taken (another perf run?); try again later" >&2
    exit 1
  fi
done

RUN=$ROOT/perf/results/$(date -u +%Y%m%dT%H%M%SZ)-policies
mkdir -p "$RUN"
stop_all_on_exit

build_jars
build_perf_jar
copy_jars

PIN_GATEWAY=()
PIN_CLIENT=()
if can_pin; then
  PIN_GATEWAY=(taskset -c 0)
  PIN_CLIENT=(taskset -c 1-$(( $(nproc) - 1 )))
fi

"${PIN_CLIENT[@]}" java -Xms512m -Xmx1g -XX:+UseSerialGC -cp "$RUN/sheaf-demo.jar" dev.sheaf.mock.perf.PerfMockMain \
  --latency=10ms > "$RUN/mocks.log" 2>&1 &
pids+=($!)
"${PIN_CLIENT[@]}" redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no > "$RUN/redis.log" 2>&1 &
pids+=($!)

declare -A FLAGS=(
  [off]=""
  [on]="--rate-limit=100000000 --rate-limit-key=ip"
  [redis]="--rate-limit=100000000 --rate-limit-key=ip --redis=redis://127.0.0.1:$REDIS_PORT --redis-timeout=100ms")
declare -A PID
for v in "${VARIANTS[@]}"; do
  # shellcheck disable=SC2086
  "${PIN_GATEWAY[@]}" java -Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -jar "$RUN/sheaf.jar" \
    --host=127.0.0.1 --port="${PORT[$v]}" --admin-port="${ADMIN[$v]}" --event-loops=1 ${FLAGS[$v]} \
    > "$RUN/gateway-$v.log" 2>&1 &
  PID[$v]=$!
  pids+=($!)
done
for v in "${VARIANTS[@]}"; do
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:${PORT[$v]}/ready" > /dev/null 2>&1 && curl -sf http://127.0.0.1:7101/users/7 > /dev/null 2>&1 \
      && break
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:${PORT[$v]}/ready" > /dev/null || { log "gateway $v did not get ready; see $RUN/gateway-$v.log"; exit 1; }
done

# The same home screen as perf/run.sh; "on" and "redis" send its hash only, registered once here.
TEXT=perf/scenarios/queries/home.json
QUERY=$(sed -n 's/.*"query":"\([^"]*\)".*/\1/p' "$TEXT")
HASH=$(printf '%s' "$QUERY" | sha256sum | cut -d' ' -f1)
EXT="{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"$HASH\"}}"
printf '{"operationName":"Home","extensions":%s,"variables":{"id":"42"}}' "$EXT" > "$RUN/home-hash.json"
printf '{"operationName":"Home","query":"%s","extensions":%s,"variables":{"id":"42"}}' "$QUERY" "$EXT" > "$RUN/home-register.json"
for v in on redis; do
  for _ in $(seq 1 10); do   # a cold gateway on a busy machine may time out its first calls
    curl -s "http://127.0.0.1:${PORT[$v]}/graphql" -H 'content-type: application/json' -d @"$RUN/home-register.json" \
      > "$RUN/register-$v.json"
    grep -q '"recommendations":\[' "$RUN/register-$v.json" && break
    sleep 1
  done
  grep -q '"recommendations":\[' "$RUN/register-$v.json" || { log "registering the hash on $v failed: $(cat "$RUN/register-$v.json")"; exit 1; }
done
declare -A BODY=([off]=$TEXT [on]=$RUN/home-hash.json [redis]=$RUN/home-hash.json)

load() { # VARIANT NAME WARMUP DURATION
  "${PIN_CLIENT[@]}" java -Xms256m -Xmx1g -XX:+UseSerialGC -cp "perf/target/sheaf-perf.jar:perf/target/lib/*" \
    dev.sheaf.perf.load.LoadGen --url="http://127.0.0.1:${PORT[$1]}/graphql" --body="${BODY[$1]}" --rate="$RATE" \
    --warmup="${3}s" --duration="${4}s" --tail=1s --pid="gateway:${PID[$1]}" --clk-tck="$(getconf CLK_TCK)" \
    --out="$RUN/$2.json" >> "$RUN/loadgen.log" 2>&1 || true   # its result file says whether it measured
  [ -s "$RUN/$2.json" ] || { log "the load generator wrote no $2.json; see $RUN/loadgen.log"; exit 1; }
}

for v in "${VARIANTS[@]}"; do
  log "warm-up of $v: 30 s at $RATE req/s"
  load "$v" "warmup-$v" 5 25
done
for r in $(seq 1 "$ROUNDS"); do
  for v in "${VARIANTS[@]}"; do
    log "round $r, $v: $DURATION s at $RATE req/s"
    load "$v" "round$r-$v" 2 "$DURATION"
  done
done

python3 - "$RUN" "$ROUNDS" "$RATE" "$DURATION" "$OUT" "$(git rev-parse --short HEAD)" \
  "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))" "$(java -version 2>&1 | head -1)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, statistics, sys, time
run, rounds, rate, duration, out, commit, machine, jdk, loadavg = sys.argv[1:]
variants = ["off", "on", "redis"]
rows, cpu = [], {v: [] for v in variants}
lat = {v: {"p50": [], "p99": []} for v in variants}
for r in range(1, int(rounds) + 1):
    for v in variants:
        d = json.load(open(f"{run}/round{r}-{v}.json"))
        m = d["main"]
        us = d["cpuSeconds"]["gateway"] / max(1, m["answeredInWindow"]) * 1e6
        cpu[v].append(us)
        lat[v]["p50"].append(m["latencyMs"]["p50"])
        lat[v]["p99"].append(m["latencyMs"]["p99"])
        rows.append(f"| {r} | {v} | {us:.0f} | {m['latencyMs']['p50']:.2f} | {m['latencyMs']['p99']:.2f} | {m['ok']} | {m['errors']} |")
med = {v: statistics.median(cpu[v]) for v in variants}
p50 = {v: statistics.median(lat[v]["p50"]) for v in variants}
p99 = {v: statistics.median(lat[v]["p99"]) for v in variants}
with open(out, "w") as f:
    f.write("# What the client-request policies cost\n\n")
    f.write(f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} at {commit} by `perf/policies.sh` on {machine}, {jdk};\n")
    f.write(f"load average at the end {loadavg} (the machine is shared: other builds ran meanwhile).\n")
    f.write(f"The home screen (REST + gRPC, two dependency levels, mocks at 10 ms) at {rate} req/s, open loop, {duration} s per\n")
    f.write("measurement, three gateways side by side on one core (mocks, Redis and load generator on the other), measured in\n")
    f.write("alternating rounds so that the machine's load falls on all three alike:\n\n")
    f.write("- **off**: the query's text in every request, no rate limit (the defaults);\n")
    f.write("- **on**: the query by its APQ hash only, and an in-memory rate limit checked on every request;\n")
    f.write("- **redis**: as on, with the buckets (one Lua script per request) and persisted queries in Redis.\n\n")
    f.write("| round | gateway | CPU µs/request | p50 ms | p99 ms | ok | errors |\n|---|---|---|---|---|---|---|\n")
    f.write("\n".join(rows) + "\n\n")
    f.write("Medians over the rounds:\n\n| gateway | CPU µs/request | vs off | p50 ms | p99 ms |\n|---|---|---|---|---|\n")
    for v in variants:
        f.write(f"| {v} | {med[v]:.0f} | {100 * (med[v] / med['off'] - 1):+.1f} % | {p50[v]:.2f} | {p99[v]:.2f} |\n")
    f.write(f"\nRedis rate limits add {p50['redis'] - p50['on']:+.2f} ms at p50 and {p99['redis'] - p99['on']:+.2f} ms at p99 "
            "over the in-memory ones (one round trip to a Redis on the same host).\n")
print(open(out).read())
PY
log "wrote $OUT"
