#!/usr/bin/env bash
# The resilience layers under failing backends, measured from outside: the gateway (the release jar, the
# README's one-core flags) against the mocks, each scenario with its own binding copy. Writes
# perf/RESULTS-resilience.md.
#
#   down   `orders` goes down (connection refused) for DURATION s under RATE req/s of the home screen:
#          the gateway's calls to it per 1-s window before and after its circuit opens (the gateway's
#          own log of each failed call, at debug), when the circuit opens and closes, the other fields'
#          p99 against a healthy control phase, and the time to recovery once it is back (the mock's
#          calls per 1-s window). Then the same outage with `circuitBreaker: off`, for comparison.
#   slow   `orders` answers in 100 ms instead of 10 (10x) under the same load, with maxConcurrentCalls: 32:
#          the most calls in flight the mock saw, the calls the bulkhead refused, the gateway's heap after
#          a full GC under that load, and the other fields' p99 against a healthy control phase.
#   hedge  `catalog` answers in 10 ms plus a long-tailed extra delay (jitterMs 10, jitterDistribution
#          pareto: p99 about 100 ms); a one-field query (`product`) at RATE req/s against a gateway with
#          hedging off and one with `hedge: { after: 40ms }`: the field's p99 and the extra calls the mock
#          counted per client call. The bar: p99 -30 % for at most 10 % extra calls.
#   retry  `catalog` fails 20 % of its calls with 503 (faultRate 20, errorStatus 503); the same query
#          against retries off, `retry: on` (the default budget, 10 %) and `retry: { budget: 30 }`: the
#          field's error rate and the extra calls against the budget. The bar: errors < 1 %, calls
#          within the budget.
#
#   perf/resilience.sh [--only=down,slow,hedge,retry] [--duration=30] [--rate=500] [--warmup=35] [--out=FILE]
#
# --duration is each measured window (the down scenario's outage; its breaker-off comparison takes half),
# --warmup the closed-loop load each new gateway gets before it is measured. The default run takes about 12 minutes.
# Mocks (MockMain) at 10 ms on ports the OS picks, gateways on ports the OS picks, pinned to CPU 0 when
# taskset exists (mocks, the load generator and the outage switch on the other CPUs). Stops everything it
# started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
ROOT=$(pwd)

ONLY=down,slow,hedge,retry
DURATION=30
RATE=500
WARMUP=35
OUT=perf/RESULTS-resilience.md
for arg in "$@"; do
  case $arg in
    --only=*) ONLY=${arg#*=} ;;
    --duration=*) DURATION=${arg#*=} ;;
    --rate=*) RATE=${arg#*=} ;;
    --warmup=*) WARMUP=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
for s in ${ONLY//,/ }; do
  case $s in down|slow|hedge|retry) ;; *) echo "unknown scenario: $s (down, slow, hedge, retry)" >&2; exit 2 ;; esac
done
wanted() { [[ ",$ONLY," == *",$1,"* ]]; }

RUN=$ROOT/perf/results/$(date -u +%Y%m%dT%H%M%SZ)-resilience
mkdir -p "$RUN"
stop_all_on_exit

build_jars
mvn -q -B -f perf/pom.xml package
copy_jars
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)

CORES=$(nproc)
PINNING="not pinned (no taskset, or one CPU)"
if pin_gateway_core; then
  PINNING="pinned to CPU 0; mocks, load generator and outage switch on the other CPUs"
  # This script's own tools (curl, python, jcmd) stay off the gateway's core too.
  taskset -pc "1-$(( $(nproc) - 1 ))" $$ > /dev/null
fi
PERF_CP="perf/target/sheaf-perf.jar:perf/target/lib/*"
GATEWAY_FLAGS=(-Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError)

start_mocks
MOCK_ORDERS=$ORDERS_URL

# The queries: the home screen; the home screen without `orders` (the other fields, as a side stream);
# one product (one catalog call, nothing else).
cp perf/scenarios/queries/home.json "$RUN/home.json"
echo '{"operationName":"HomeWithoutOrders","query":"query HomeWithoutOrders($id: ID!) { user(id: $id) { name tier recommendations { id name price stock { available warehouse } } } }","variables":{"id":"42"}}' \
  > "$RUN/others.json"
echo '{"operationName":"Product","query":"query Product($id: ID!) { product(id: $id) { id name price } }","variables":{"id":"p1"}}' \
  > "$RUN/product.json"

# A binding copy for one variant: the product's schema and bindings, with YAML lines added to one
# backend of the shop's bindings (after its timeout line). Prints the directory.
config_with() { # NAME BACKEND [YAML_LINES]
  local dir=$RUN/config-$1
  make_config "$dir"
  python3 - "$dir/resolvers/shop.yaml" "$2" "${3:-}" << 'EOF'
import re, sys
path, backend, lines = sys.argv[1:4]
text = open(path).read()
m = re.search(r"(?m)^  %s:\n(    .*\n)*?    timeout: .*\n" % re.escape(backend), text)
if not m:
    sys.exit("no backend %s with a timeout in %s" % (backend, path))
add = "".join("    %s\n" % l for l in lines.splitlines() if l.strip())
open(path, "w").write(text[:m.end()] + add + text[m.end():])
EOF
  echo "$dir"
}

# Starts a gateway on ports the OS picks: sets GW_PID, GW_PORT, GW_ADMIN, GW_LOG, GW_GC.
start_gateway() { # NAME CONFIG_DIR [more gateway flags]
  local name=$1 config=$2
  shift 2
  GW_LOG=$RUN/gateway-$name.log
  GW_GC=$RUN/gateway-$name-gc.log
  "${GATEWAY_PIN[@]}" java "${GATEWAY_FLAGS[@]}" "-Xlog:gc:file=$GW_GC:time,uptime,level,tags" -jar "$RUN/sheaf.jar" \
    --host=127.0.0.1 --port=0 --admin-port=0 --schema="$config/schema" --resolvers="$config/resolvers" "$@" \
    > "$GW_LOG" 2>&1 &
  GW_PID=$!
  pids+=($GW_PID)
  GW_PORT=$(ready_port "$GW_LOG")
  [ -n "$GW_PORT" ] || { log "the gateway did not get ready; see $GW_LOG"; exit 1; }
  GW_ADMIN=$(sed -n 's/.*admin routes on port \([0-9]*\).*/\1/p' "$GW_LOG" | head -1)
}

stop_gateway() {
  kill "$GW_PID" 2> /dev/null || true
  wait "$GW_PID" 2> /dev/null || true
}

# One load generator run against the current gateway; prints its summary line.
load() { # NAME QUERY RATE WARMUP DURATION TAIL [more LoadGen options]
  local name=$1 query=$2 rate=$3 warmup=$4 duration=$5 tail=$6
  shift 6
  "${CLIENT_PIN[@]}" java -Xms256m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$PERF_CP" \
    dev.sheaf.perf.load.LoadGen --url="http://127.0.0.1:$GW_PORT/graphql" --body="$query" --rate="$rate" \
    --warmup="${warmup}s" --duration="${duration}s" --tail="${tail}s" --timeout=10s \
    --pid="gateway:$GW_PID" --clk-tck="$(getconf CLK_TCK)" --out="$RUN/$name.json" --hgrm="$RUN/$name.hgrm" \
    --meta=scenario="$name" "$@" 2>&1 | tee -a "$RUN/loadgen.log" | tail -1
}

# Warms a new gateway up: a closed loop of 16 clients for WARMUP s. A closed loop never queues more than
# the gateway serves, where an open loop at the measured rate swamps a cold gateway (the JIT compiler and
# the event loop share its core), times its calls out and opens circuits of healthy backends. Then one
# request at a time until every circuit is closed again (a probe goes out openFor, 5 s, after it opened).
warm_up() { # NAME QUERY
  "${CLIENT_PIN[@]}" java -Xms256m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$PERF_CP" \
    dev.sheaf.perf.load.LoadGen --url="http://127.0.0.1:$GW_PORT/graphql" --body="$2" --concurrency=16 \
    --warmup=1s --duration="$(( WARMUP - 1 ))s" --tail=0s --timeout=10s --out="$RUN/$1.json" >> "$RUN/loadgen.log" 2>&1
  local open=""
  for _ in $(seq 1 80); do
    open=$(curl -s "http://127.0.0.1:$GW_ADMIN/metrics" | awk '/^sheaf_backend_circuit_state/ && $NF != 0')
    [ -z "$open" ] && return
    curl -s -o /dev/null -H 'content-type: application/json' --data-binary "@$2" "http://127.0.0.1:$GW_PORT/graphql"
    sleep 0.2
  done
  log "  circuits still not closed after the warm-up: $open"
}

# The side stream of the other fields (the home screen without orders), 50 req/s.
OTHERS_PROBE() { echo "--probe=others@50@http://127.0.0.1:$GW_PORT/graphql@$RUN/others.json"; }

# Heap after the full GC that jcmd forces, in MiB, from the GC log ("Pause Full (Diagnostic Command) 80M->18M(247M)").
heap_after_gc() {
  local before
  before=$(grep -c 'Pause Full' "$GW_GC" || true)
  timeout 20 "${CLIENT_PIN[@]}" jcmd "$GW_PID" GC.run > /dev/null 2>&1 || { echo "no answer"; return; }
  for _ in $(seq 1 100); do
    [ "$(grep -c 'Pause Full' "$GW_GC" || true)" -gt "$before" ] && break
    sleep 0.1
  done
  grep 'Pause Full' "$GW_GC" | tail -1 | sed -E 's/.*->([0-9]+)M\(.*/\1/'
}

# Waits until a load generator run has written its result (the measured window is over).
await_result() { # FILE SECONDS
  for _ in $(seq 1 $(( $2 * 10 ))); do [ -f "$1" ] && return; sleep 0.1; done
  log "no result in $1 after $2 s"; exit 1
}

mock() { # URL METHOD PATH [BODY]
  curl -sf -X "$2" "$1$3" ${4:+-d "$4"}
}

# The sum of a Prometheus series on the gateway's admin port, e.g. sum_metric 'sheaf_backend_retries_total{backend="catalog"'.
sum_metric() { # PREFIX
  curl -s "http://127.0.0.1:$GW_ADMIN/metrics" | awk -v p="$1" 'index($0, p) == 1 { s += $NF } END { printf "%d\n", s }'
}

# The mock's stats, sampled every 0.2 s into FILE as "epoch_ms {json}", until killed.
poll_calls() { # URL FILE
  while true; do
    echo "$(date +%s%3N) $(curl -s -m 1 "$1/_mock/stats" | tr -d '\n')"
    sleep 0.2
  done > "$2"
}

loadavg() { cut -d' ' -f1 /proc/loadavg; }

# ---------------------------------------------------------------------------------------------------------
scenario_down() {
  local orders_port=${MOCK_ORDERS##*:}
  local sw_port sw_ctl
  sw_port=$(free_port)
  sw_ctl=$(free_port)
  "${CLIENT_PIN[@]}" java -Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$PERF_CP" \
    dev.sheaf.perf.fault.OutageSwitch --listen="$sw_port" --to="127.0.0.1:$orders_port" --control="$sw_ctl" \
    > "$RUN/outage-switch.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$sw_ctl/state" > /dev/null 2>&1 && break; sleep 0.1; done
  local tail=$(( 15 + 3 ))
  local rows=$RUN/down-rows.md
  : > "$rows"
  for variant in breaker off; do
    local config duration
    if [ "$variant" = breaker ]; then
      config=$(config_with down-breaker orders)
      duration=$DURATION
    else
      config=$(config_with down-off orders "circuitBreaker: off")
      duration=$(( (DURATION + 1) / 2 ))
    fi
    ORDERS_URL=http://127.0.0.1:$sw_port start_gateway "down-$variant" "$config" --log-levels=dev.sheaf.backend.RestBackend=debug
    log "[down, $variant] gateway on $GW_PORT (orders through the outage switch on $sw_port); warm-up ${WARMUP} s"
    warm_up "down-$variant-warmup" "$RUN/home.json"
    if [ "$variant" = breaker ]; then
      log "[down] control: healthy, $RATE req/s for $DURATION s"
      log "  $(load down-control "$RUN/home.json" "$RATE" 3 "$DURATION" 1 "$(OTHERS_PROBE)")"
    fi
    log "[down, $variant] orders down for the $duration s window (from 2 s before it), then back while the load goes on"
    poll_calls "$MOCK_ORDERS" "$RUN/down-$variant-orders-calls.txt" &
    local poller=$!
    pids+=($poller)
    load "down-$variant" "$RUN/home.json" "$RATE" 5 "$duration" "$tail" --expect-codes=BACKEND_UNAVAILABLE \
      "$(OTHERS_PROBE)" > "$RUN/down-$variant.txt" &
    local loadgen=$!
    sleep 3
    curl -sf -X PUT "http://127.0.0.1:$sw_ctl/down" > "$RUN/down-$variant-switch-down.json"
    await_result "$RUN/down-$variant.json" $(( duration + 40 ))
    curl -sf -X PUT "http://127.0.0.1:$sw_ctl/up" > "$RUN/down-$variant-switch-up.json"
    wait "$loadgen" || true
    kill "$poller" 2> /dev/null || true
    log "  $(tail -1 "$RUN/down-$variant.txt")"
    stop_gateway
    python3 - "$RUN" "$variant" "$RATE" >> "$rows" << 'EOF'
import json, sys, datetime
run, variant, rate = sys.argv[1], sys.argv[2], float(sys.argv[3])
down = json.load(open(f"{run}/down-{variant}-switch-down.json"))["changedAtEpochMillis"]
up = json.load(open(f"{run}/down-{variant}-switch-up.json"))["changedAtEpochMillis"]
def epoch_ms(ts):
    day, frac = ts.rstrip("Z").split(".")
    t = datetime.datetime.strptime(day, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return t.timestamp() * 1000 + float("0." + frac) * 1000
attempts, opened, closed = [], [], []
for line in open(f"{run}/gateway-down-{variant}.log"):
    if not line.startswith("{"):
        continue
    e = json.loads(line)
    msg = e.get("message", "")
    t = epoch_ms(e["timestamp"])
    if msg.startswith("backend orders unavailable"):
        attempts.append(t)
    elif msg.startswith("backend orders: circuit open"):
        opened.append(t)
    elif msg.startswith("backend orders: circuit closed"):
        closed.append(t)
first_open = next((t for t in opened if t >= down), None)
first_close = next((t for t in closed if t >= up), None)
during = [t for t in attempts if down <= t < up]
secs = int((up - down) // 1000)
per_second = [sum(1 for t in during if down + 1000 * i <= t < down + 1000 * (i + 1)) for i in range(secs)]
# The mock's calls per 1-s window after it is back, from the 0.2-s samples.
samples = []
for line in open(f"{run}/down-{variant}-orders-calls.txt"):
    p = line.split(" ", 1)
    try:
        samples.append((int(p[0]), json.loads(p[1])["calls"]))
    except (IndexError, ValueError, KeyError):
        pass  # no answer in that sample
def calls_at(t):
    before = [s for s in samples if s[0] <= t]
    return before[-1][1] if before else None
after_up = []
for i in range(12):
    a, b = calls_at(up + 1000 * i), calls_at(up + 1000 * (i + 1))
    after_up.append(None if a is None or b is None else b - a)
full = next((i + 1 for i, n in enumerate(after_up) if n is not None and n >= 0.9 * rate), None)
res = json.load(open(f"{run}/down-{variant}.json"))
main, others = res["main"], res["probes"]["others"]
win_start, win_end = res["windowStartEpochMillis"], res["windowEndEpochMillis"]
in_window = [t for t in during if win_start <= t < win_end]
window_s = (win_end - win_start) / 1000
row = {
    "variant": variant,
    "opened_ms": None if first_open is None else round(first_open - down),
    "before_open": None if first_open is None else sum(1 for t in during if t < first_open),
    "per_second": per_second,
    "window_rate": len(in_window) / window_s,
    # Calls permitted before the circuit opened may still fail after it; probes come openFor (5 s) later.
    "burst_end_ms": None if first_open is None else
        round(max([t - first_open for t in during if first_open <= t < first_open + 4500], default=0)),
    "after_open_2s": None if first_open is None else
        sum(1 for t in during if t >= first_open + 2000) / max(0.001, (up - first_open - 2000) / 1000),
    "closed_ms": None if first_close is None else round(first_close - up),
    "after_up": after_up,
    "full_after_s": full,
    "main_p50": main["latencyMs"]["p50"], "main_p99": main["latencyMs"]["p99"],
    "others_p50": others["latencyMs"]["p50"], "others_p99": others["latencyMs"]["p99"],
    "requests": main["requests"], "errors": main["errors"], "expected": main["expectedErrors"],
    "others_errors": others["errors"], "others_requests": others["requests"],
}
print(json.dumps(row))
EOF
  done
  local c=$RUN/down-control.json
  python3 - "$c" "$rows" "$DURATION" "$RATE" > "$RUN/section-down.md" << 'EOF'
import json, sys
control = json.load(open(sys.argv[1]))
rows = [json.loads(l) for l in open(sys.argv[2])]
duration, rate = sys.argv[3], sys.argv[4]
cm, co = control["main"]["latencyMs"], control["probes"]["others"]["latencyMs"]
def f(v, fmt="%.1f"):
    return "–" if v is None else fmt % v
print("## Backend down: `orders` refuses connections\n")
print(f"The home screen at {rate} req/s (open loop); `orders` (its circuit breaker at the defaults: 50 % of the last 20")
print("calls, at least 10, open for 5 s, 3 probe calls) goes down 2 s before the measured window and comes back")
print("when it ends, the load going on. Calls to it: every call the gateway sent that failed, from its own log")
print("(`backend orders unavailable`, one debug line per failed call: a refused connection or a cut one), per")
print("1-s window from the moment it went down. Recovery: from its return to the `circuit closed` log line, and")
print("to the first 1-s window in which the mock counted ≥ 90 % of the request rate. The other fields: a side")
print("stream of the home screen without `orders` at 50 req/s, next to the full home screen (whose `orders` is")
print("null with BACKEND_UNAVAILABLE while it is down: expected, not an error).\n")
print("| phase | window | home p50 / p99 ms | other fields p50 / p99 ms | errors (home; others) |")
print("|---|---|---|---|---|")
print(f"| healthy control | {duration} s | {cm['p50']:.1f} / {cm['p99']:.1f} | {co['p50']:.1f} / {co['p99']:.1f} | "
      f"{control['main']['errors']} of {control['main']['requests']}; {control['probes']['others']['errors']} of "
      f"{control['probes']['others']['requests']} |")
for r in rows:
    name = "down, breaker on (default)" if r["variant"] == "breaker" else "down, `circuitBreaker: off`"
    print(f"| {name} | {duration if r['variant'] == 'breaker' else (int(duration) + 1) // 2} s | "
          f"{r['main_p50']:.1f} / {r['main_p99']:.1f} | {r['others_p50']:.1f} / {r['others_p99']:.1f} | "
          f"{r['errors']} of {r['requests']}; {r['others_errors']} of {r['others_requests']} |")
print()
print("| outage | circuit open after | failed calls before it opened | last failed call of that burst, after opening | calls to `orders` per 1-s window from going down | calls/s in the measured window | calls/s from 2 s after opening | circuit closed after its return | mock calls per 1-s window after its return | ≥ 90 % of the rate again after |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    name = "breaker on" if r["variant"] == "breaker" else "breaker off"
    ps = r["per_second"]
    shown = ", ".join(str(n) for n in ps[:8]) + (", …" if len(ps) > 8 else "")
    au = ", ".join("–" if n is None else str(n) for n in r["after_up"][:8])
    print(f"| {name} | {f(r['opened_ms'], '%d ms')} | {f(r['before_open'], '%d')} | {f(r['burst_end_ms'], '%d ms')} | {shown} | {r['window_rate']:.2f} | "
          f"{f(r['after_open_2s'], '%.2f')} | {f(r['closed_ms'], '%d ms')} | {au} | {f(r['full_after_s'], '%d s')} |")
print()
b = next((r for r in rows if r["variant"] == "breaker"), None)
if b:
    probe_rate = 3 / 5
    drop_ok = (b["after_open_2s"] is not None and b["after_open_2s"] <= probe_rate * 1.5
               and b["burst_end_ms"] is not None and b["burst_end_ms"] <= 2000)
    p99_ratio = b["others_p99"] / co["p99"] - 1
    rec_ok = b["closed_ms"] is not None and b["closed_ms"] <= 5000
    print("Against the bar:\n")
    print(f"- calls to it drop to the probe rate (3 per 5 s = 0.6/s) within 2 s of opening: "
          f"the last call of the burst {f(b['burst_end_ms'], '%d ms')} after opening, then "
          f"{f(b['after_open_2s'], '%.2f')}/s from 2 s after opening — **{'PASS' if drop_ok else 'FAIL'}**")
    print(f"- the other fields' p99 within 10 % of healthy: {b['others_p99']:.1f} ms against {co['p99']:.1f} ms "
          f"({p99_ratio * 100:+.0f} %) — **{'PASS' if p99_ratio <= 0.10 else 'FAIL'}**")
    print(f"- recovery within one half-open interval (5 s) after it returns: circuit closed after "
          f"{f(b['closed_ms'], '%d ms')} — **{'PASS' if rec_ok else 'FAIL'}**")
    print()
EOF
  log "  $(tail -5 "$RUN/section-down.md" | tr '\n' ' ')"
}

# ---------------------------------------------------------------------------------------------------------
scenario_slow() {
  local config
  config=$(config_with slow orders "maxConcurrentCalls: 32")
  start_gateway slow "$config"
  log "[slow] gateway on $GW_PORT (orders: maxConcurrentCalls 32); warm-up ${WARMUP} s"
  warm_up slow-warmup "$RUN/home.json"
  : > "$RUN/slow-rows.txt"
  for phase in healthy slow; do
    mock "$MOCK_ORDERS" POST /_mock/reset > /dev/null
    [ "$phase" = slow ] && mock "$MOCK_ORDERS" PUT /_mock/knobs '{"latencyMs": 100}' > /dev/null
    local refused_before
    refused_before=$(sum_metric 'sheaf_backend_calls_seconds_count{backend="orders",outcome="BACKEND_UNAVAILABLE"')
    log "[slow] $phase: orders at $([ "$phase" = slow ] && echo 100 || echo 10) ms, $RATE req/s for $DURATION s"
    load "slow-$phase" "$RUN/home.json" "$RATE" 3 "$DURATION" 8 --expect-codes=BACKEND_UNAVAILABLE \
      "$(OTHERS_PROBE)" > "$RUN/slow-$phase.txt" &
    local loadgen=$!
    await_result "$RUN/slow-$phase.json" $(( DURATION + 40 ))
    local heap rss stats refused
    heap=$(heap_after_gc)
    rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$GW_PID/status")
    wait "$loadgen" || true
    stats=$(mock "$MOCK_ORDERS" GET /_mock/stats)
    refused=$(( $(sum_metric 'sheaf_backend_calls_seconds_count{backend="orders",outcome="BACKEND_UNAVAILABLE"') - refused_before ))
    log "  $(tail -1 "$RUN/slow-$phase.txt"); orders $stats; refused $refused; heap after GC ${heap} MiB, RSS ${rss} MiB"
    echo "$phase $heap $rss $refused $stats $(loadavg)" >> "$RUN/slow-rows.txt"
  done
  mock "$MOCK_ORDERS" POST /_mock/reset > /dev/null
  stop_gateway
  python3 - "$RUN" "$DURATION" "$RATE" > "$RUN/section-slow.md" << 'EOF'
import json, sys
run, duration, rate = sys.argv[1], sys.argv[2], sys.argv[3]
print("## Backend slow: `orders` at 100 ms instead of 10 ms\n")
print(f"The home screen at {rate} req/s (open loop), {duration} s per phase, `orders` with `maxConcurrentCalls: 32` in the")
print("binding copy (the default is 4 × pool = 256, far above what 10 ms calls at this rate hold: ≈ 5). Slowed, it")
print(f"would need ≈ {float(rate) * 0.1:.0f} calls in flight; the bulkhead holds 32 and refuses the rest at once")
print("(BACKEND_UNAVAILABLE, `reason: overloaded`: expected, not an error). Calls in flight: the most the mock saw")
print("at once over the phase (its warm-up and tail included). Heap: after a full GC (`jcmd GC.run`) in the")
print("tail, under the same load. The other fields: the home screen without `orders`, a side stream at 50 req/s.\n")
print("| orders | home p50 / p99 ms | other fields p50 / p99 ms | errors (home; others) | orders field refused by the bulkhead | most calls in flight at the mock | heap after GC MiB | RSS MiB | load avg |")
print("|---|---|---|---|---|---|---|---|---|")
rows = {}
for line in open(f"{run}/slow-rows.txt"):
    parts = line.rstrip("\n").split(" ")
    phase, heap, rss, refused = parts[:4]
    load = parts[-1]
    stats = json.loads(" ".join(parts[4:-1]))
    r = json.load(open(f"{run}/slow-{phase}.json"))
    m, o = r["main"], r["probes"]["others"]
    rows[phase] = (o["latencyMs"]["p99"], heap, stats["maxInFlight"])
    print(f"| {'10 ms (healthy)' if phase == 'healthy' else '100 ms (slow)'} | {m['latencyMs']['p50']:.1f} / {m['latencyMs']['p99']:.1f} | "
          f"{o['latencyMs']['p50']:.1f} / {o['latencyMs']['p99']:.1f} | {m['errors']} of {m['requests']}; {o['errors']} of {o['requests']} | "
          f"{m['expectedErrors']} of {m['requests']} requests | {stats['maxInFlight']} | {heap} | {rss} | {load} |")
print()
if "healthy" in rows and "slow" in rows:
    h, s = rows["healthy"], rows["slow"]
    ratio = s[0] / h[0] - 1
    print("Against the bar:\n")
    print(f"- calls in flight bounded by the concurrency limit (32): at most {s[2]} at the mock — "
          f"**{'PASS' if int(s[2]) <= 32 else 'FAIL'}**")
    print(f"- gateway memory bounded: heap after GC {s[1]} MiB slow against {h[1]} MiB healthy")
    print(f"- other backends' fields unaffected (p99 within 10 %): {s[0]:.1f} ms against {h[0]:.1f} ms "
          f"({ratio * 100:+.0f} %) — **{'PASS' if ratio <= 0.10 else 'FAIL'}**")
    print()
EOF
  log "  $(tail -4 "$RUN/section-slow.md" | tr '\n' ' ')"
}

# ---------------------------------------------------------------------------------------------------------
# One variant of the catalog scenarios (hedge, retry): a gateway with the binding copy, warmed up with the same
# query and faults, then measured; the mock's calls and the gateway's (logical) calls and extra attempts
# counted over the measured run, warm-up to tail, with the gateway idle before and after.
catalog_variant() { # SCENARIO VARIANT YAML_LINES KNOBS_JSON
  local scenario=$1 variant=$2 lines=$3 knobs=$4 config
  config=$(config_with "$scenario-$variant" catalog "$lines")
  mock "$CATALOG_URL" POST /_mock/reset > /dev/null
  mock "$CATALOG_URL" PUT /_mock/knobs "$knobs" > /dev/null
  start_gateway "$scenario-$variant" "$config"
  log "[$scenario, $variant] gateway on $GW_PORT (catalog: ${lines:-as shipped}); warm-up ${WARMUP} s"
  warm_up "$scenario-$variant-warmup" "$RUN/product.json"
  sleep 1
  local mock_before calls_before extra_before
  mock_before=$(mock "$CATALOG_URL" GET /_mock/stats | python3 -c 'import json, sys; print(json.load(sys.stdin)["calls"])')
  calls_before=$(sum_metric 'sheaf_backend_calls_seconds_count{backend="catalog"')
  extra_before=$(sum_metric 'sheaf_backend_retries_total{backend="catalog"')
  log "  $(load "$scenario-$variant" "$RUN/product.json" "$RATE" 3 "$DURATION" 1)"
  sleep 1
  local mock_after calls_after extra_after
  mock_after=$(mock "$CATALOG_URL" GET /_mock/stats | python3 -c 'import json, sys; print(json.load(sys.stdin)["calls"])')
  calls_after=$(sum_metric 'sheaf_backend_calls_seconds_count{backend="catalog"')
  extra_after=$(sum_metric 'sheaf_backend_retries_total{backend="catalog"')
  echo "$variant $(( mock_after - mock_before )) $(( calls_after - calls_before )) $(( extra_after - extra_before )) $(loadavg) $lines" \
    >> "$RUN/$scenario-rows.txt"
  stop_gateway
}

scenario_hedge() {
  local knobs='{"jitterMs": 10, "jitterDistribution": "pareto"}'
  : > "$RUN/hedge-rows.txt"
  catalog_variant hedge off "" "$knobs"
  catalog_variant hedge on "hedge: { after: 40ms }" "$knobs"
  catalog_variant hedge p95 "hedge: { after: p95 }" "$knobs"
  mock "$CATALOG_URL" POST /_mock/reset > /dev/null
  python3 - "$RUN" "$DURATION" "$RATE" > "$RUN/section-hedge.md" << 'EOF'
import json, sys
run, duration, rate = sys.argv[1], sys.argv[2], sys.argv[3]
print("## Hedging: `catalog` with a long-tailed latency\n")
print(f"`product(id)` (one catalog call per request, nothing else) at {rate} req/s (open loop), {duration} s measured per")
print("gateway; `catalog` answers after 10 ms plus a Pareto-distributed extra of scale 10 ms (`jitterMs: 10,")
print("jitterDistribution: pareto`: about 14 ms at the median, 32 ms at p90, 100 ms at p99; a uniform jitter, the")
print("mocks' default, has no tail for a second attempt to cut). \"on\" is `hedge: { after: 40ms }` (about p94 of")
print("the backend: 6 % of calls have not answered by then); \"p95\" is `hedge: { after: p95 }`, the backend's recent")
print("95th percentile as the gateway sees it. Extra calls: what the mock counted over the measured")
print("run (warm-up to tail) per call the gateway made (its `sheaf_backend_calls_seconds_count`); hedges: the")
print("gateway's `sheaf_backend_retries_total{kind=\"hedge\"}`.\n")
print("| hedging | field p50 / p90 / p99 / p99.9 ms | errors | calls at the mock | gateway calls | extra calls | hedges sent | gateway CPU µs/request | load avg |")
print("|---|---|---|---|---|---|---|---|---|")
rows = {}
for line in open(f"{run}/hedge-rows.txt"):
    parts = line.split()
    variant, mock_calls, calls, extra, load = parts[0], int(parts[1]), int(parts[2]), int(parts[3]), parts[4]
    r = json.load(open(f"{run}/hedge-{variant}.json"))
    m = r["main"]; l = m["latencyMs"]
    cpu = r["cpuSeconds"]["gateway"] / max(1, m["answeredInWindow"]) * 1e6
    extra_share = mock_calls / calls - 1 if calls else float("nan")
    rows[variant] = (l["p99"], extra_share)
    label = {"off": "off", "on": "on, after 40 ms", "p95": "on, after p95"}[variant]
    print(f"| {label} | {l['p50']:.1f} / {l['p90']:.1f} / {l['p99']:.1f} / {l['p999']:.1f} | "
          f"{m['errors']} of {m['requests']} | {mock_calls} | {calls} | {extra_share * 100:+.1f} % | {extra} | {cpu:.0f} | {load} |")
print()
if "off" in rows and "on" in rows:
    cut = rows["on"][0] / rows["off"][0] - 1
    extra = rows["on"][1]
    ok = cut <= -0.30 and extra <= 0.10
    print(f"Against the bar (p99 -30 % for at most 10 % extra calls): p99 {rows['off'][0]:.1f} → {rows['on'][0]:.1f} ms "
          f"({cut * 100:+.0f} %) for {extra * 100:+.1f} % calls — **{'PASS' if ok else 'FAIL'}**\n")
if "off" in rows and "p95" in rows:
    cut = rows["p95"][0] / rows["off"][0] - 1
    extra = rows["p95"][1]
    ok = cut <= -0.30 and extra <= 0.10
    print(f"With `after: p95`: p99 {rows['off'][0]:.1f} → {rows['p95'][0]:.1f} ms ({cut * 100:+.0f} %) for "
          f"{extra * 100:+.1f} % calls — **{'PASS' if ok else 'FAIL'}**\n")
EOF
  log "  $(tail -2 "$RUN/section-hedge.md" | tr '\n' ' ')"
}

scenario_retry() {
  local knobs='{"errorStatus": 503, "faultRate": 20}'
  : > "$RUN/retry-rows.txt"
  catalog_variant retry off "" "$knobs"
  catalog_variant retry on "retry: on" "$knobs"
  catalog_variant retry budget30 "retry: { budget: 30 }" "$knobs"
  mock "$CATALOG_URL" POST /_mock/reset > /dev/null
  python3 - "$RUN" "$DURATION" "$RATE" > "$RUN/section-retry.md" << 'EOF'
import json, sys
run, duration, rate = sys.argv[1], sys.argv[2], sys.argv[3]
print("## Retries: `catalog` failing 20 % of its calls with 503\n")
print(f"`product(id)` (one catalog call per request) at {rate} req/s (open loop), {duration} s measured per gateway;")
print("`catalog` answers 503 to every fifth call (`errorStatus: 503, faultRate: 20`: evenly spread, so a retry")
print("fails again with the same 20 % chance). Errors: requests whose `product` came back null with an error")
print("(the field is the whole query). Extra calls as for hedging: the mock's count per gateway call, over the")
print("measured run. `retry: on` is 3 attempts, backoff 50 ms, budget 10 % (+ a burst of 10); the budget")
print("caps retries at 10 % of calls, half of what 20 % failures need, so a budget of 30 % is measured too.\n")
print("| retries | budget | field p50 / p99 ms | error rate | calls at the mock | gateway calls | extra calls | retries sent | load avg |")
print("|---|---|---|---|---|---|---|---|---|")
budgets = {"off": None, "on": 10, "budget30": 30}
names = {"off": "off", "on": "`retry: on`", "budget30": "`retry: { budget: 30 }`"}
rows = {}
for line in open(f"{run}/retry-rows.txt"):
    parts = line.split()
    variant, mock_calls, calls, extra, load = parts[0], int(parts[1]), int(parts[2]), int(parts[3]), parts[4]
    r = json.load(open(f"{run}/retry-{variant}.json"))
    m = r["main"]; l = m["latencyMs"]
    rate_err = m["errors"] / max(1, m["requests"])
    extra_share = mock_calls / calls - 1 if calls else float("nan")
    rows[variant] = (rate_err, extra_share, calls)
    b = budgets[variant]
    print(f"| {names[variant]} | {'–' if b is None else str(b) + ' % + 10'} | {l['p50']:.1f} / {l['p99']:.1f} | "
          f"{rate_err * 100:.2f} % ({m['errors']} of {m['requests']}) | {mock_calls} | {calls} | {extra_share * 100:+.1f} % | {extra} | {load} |")
print()
print("Against the bar (error rate < 1 %, calls up by at most the budget):\n")
for v in ("on", "budget30"):
    if v in rows:
        err, extra, calls = rows[v]
        allowed = budgets[v] / 100 + 10 / max(1, calls)
        ok = err < 0.01 and extra <= allowed
        print(f"- {names[v]}: error rate {err * 100:.2f} %, extra calls {extra * 100:+.1f} % (budget {allowed * 100:.1f} % "
              f"with its burst) — **{'PASS' if ok else 'FAIL'}**")
print()
EOF
  log "  $(tail -4 "$RUN/section-retry.md" | tr '\n' ' ')"
}

for s in down slow hedge retry; do
  if wanted "$s"; then
    "scenario_$s"
  fi
done

{
  echo "# Resilience under failing backends"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') at $(git rev-parse --short HEAD) by \`perf/resilience.sh\` on"
  echo "$CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1);"
  echo "load average $LOAD_AT_START at the start and $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work shares this"
  echo "machine: the figures are noisy, and each table's last column is the 1-min load average after that phase)."
  echo "Gateway: the release jar with the README's one-core flags (\`${GATEWAY_FLAGS[*]}\`),"
  echo "$PINNING; a fresh gateway per variant, warmed up for $WARMUP s (a closed"
  echo "loop of 16 clients) and each load phase's first 3 s unmeasured. Mocks at 10 ms. Latencies from each request's intended send time (open loop)."
  echo "Windows of $DURATION s; \`--duration\` and \`--rate\` change them. Raw data: perf/results/$(basename "$RUN")."
  echo
  for s in down slow hedge retry; do
    [ -f "$RUN/section-$s.md" ] && cat "$RUN/section-$s.md"
  done
} > "$OUT"
log "wrote $OUT"
