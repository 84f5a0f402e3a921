#!/usr/bin/env bash
# What tracing costs: CPU per home-screen request with tracing off and with tracing at 100 % sampling to
# a local OTLP/HTTP receiver, side by side in one run (two gateways of the same jar, the same mocks,
# phases alternated off/on ROUNDS times), and each gateway's heap after a full GC at the end.
#
#   perf/tracing-cost.sh [--rate=300] [--warmup=60] [--duration=20] [--rounds=2] [--pin]
#     -> perf/results/tracing-<time>/summary.md
#
# CPU per request is given with and without the JIT compiler threads: on one core the JIT still compiles
# a minute after start, by amounts that differ between two gateways by more than tracing costs, so the
# budget is judged on the request work itself. The heap is the Java heap in use after a full GC (its
# generations, not the class metadata: the tracing SDK's classes are a fixed cost, not a heap one).
#
# --pin puts both gateways on CPU 0 and the rest on the other CPUs (taskset), as perf/run.sh does; on a
# machine others are using, leave it off: CPU seconds per request are read from /proc either way.
#
# Ports: the mocks take free ones (so perf/run.sh may run meanwhile); the gateways 4491/4492 and the
# receiver 4493 (TRACING_COST_PORT_BASE moves them). It refuses to start when one is taken.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PERF=$ROOT/perf
RATE=300
DURATION=20
ROUNDS=2
WARMUP=60
PIN=false
for arg in "$@"; do
  case $arg in
    --rate=*) RATE=${arg#*=} ;;
    --duration=*) DURATION=${arg#*=} ;;
    --rounds=*) ROUNDS=${arg#*=} ;;
    --warmup=*) WARMUP=${arg#*=} ;;
    --pin) PIN=true ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
BASE=${TRACING_COST_PORT_BASE:-4491}
OFF_PORT=$BASE
ON_PORT=$(( BASE + 1 ))
RECEIVER_PORT=$(( BASE + 2 ))
PORTS=($OFF_PORT $ON_PORT $RECEIVER_PORT)
RUN=$PERF/results/tracing-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RUN"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done; }
trap cleanup EXIT

for port in "${PORTS[@]}"; do
  if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
    echo "port $port is taken (perf/run.sh or another run?); try again later" >&2
    exit 1
  fi
done
[ -f "$ROOT/gateway/target/sheaf.jar" ] && [ -f "$ROOT/demo/target/sheaf-demo.jar" ] \
  || (cd "$ROOT" && mvn -q -B -DskipTests package)
[ -f "$PERF/target/sheaf-perf.jar" ] || mvn -q -B -f "$PERF/pom.xml" package
# Copies: another build may replace the jars while this runs.
cp "$ROOT/gateway/target/sheaf.jar" "$RUN/sheaf.jar"
cp "$ROOT/demo/target/sheaf-demo.jar" "$RUN/sheaf-demo.jar"
LOADGEN_CP="$PERF/target/sheaf-perf.jar:$PERF/target/lib/*"

PIN_GATEWAY=()
PIN_CLIENT=()
if $PIN && can_pin; then
  PIN_GATEWAY=(taskset -c 0)
  PIN_CLIENT=(taskset -c 1-$(( $(nproc) - 1 )))
fi

wait_for() { # URL SECONDS
  for _ in $(seq 1 $(( $2 * 10 ))); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "no answer from $1" >&2; exit 1
}

# The local collector: accepts OTLP/HTTP export requests and answers 200, counting what it got.
"${PIN_CLIENT[@]}" python3 - "$RECEIVER_PORT" > "$RUN/receiver.log" 2>&1 << 'PY' &
import http.server, sys
class Receiver(http.server.BaseHTTPRequestHandler):
    requests = 0
    def do_POST(self):
        self.rfile.read(int(self.headers.get('content-length', 0)))
        Receiver.requests += 1
        self.send_response(200); self.send_header('content-type', 'application/x-protobuf')
        self.send_header('content-length', '0'); self.end_headers()
    def do_GET(self):
        body = str(Receiver.requests).encode()
        self.send_response(200); self.send_header('content-length', str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Receiver).serve_forever()
PY
PIDS+=($!)
"${PIN_CLIENT[@]}" java -Xms512m -Xmx1g -XX:+UseSerialGC -cp "$RUN/sheaf-demo.jar" dev.sheaf.mock.MockMain \
  --random-ports --latency=10ms > "$RUN/mocks.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$RECEIVER_PORT/" 20
listening() { grep -o "$1 listening on [^ \"]*" "$RUN/mocks.log" | head -1 | sed 's/.* on //'; }
for _ in $(seq 1 600); do [ -n "$(listening inventory)" ] && break; sleep 0.1; done
url() { local at; at=$(listening "$1"); case $at in http*) echo "$at" ;; *) echo "http://$at" ;; esac; }
export USERS_URL=$(url users) ORDERS_URL=$(url orders) CATALOG_URL=$(url catalog) \
  RECOMMENDATIONS_URL=$(url recommendations) INVENTORY_ADDRESS=$(listening inventory | sed 's#.*//##')
echo "mocks: $USERS_URL $ORDERS_URL $CATALOG_URL $RECOMMENDATIONS_URL $INVENTORY_ADDRESS" | tee "$RUN/mocks.txt"


GATEWAY_OPTS=(-Xms256m -Xmx256m -XX:+UseSerialGC)
start_gateway() { # NAME PORT [flags]
  local name=$1 port=$2
  shift 2
  "${PIN_GATEWAY[@]}" java "${GATEWAY_OPTS[@]}" -jar "$RUN/sheaf.jar" --host=127.0.0.1 --port="$port" --admin-port=0 \
    --schema="$ROOT/schema" --resolvers="$ROOT/resolvers" --log-format=json "$@" > "$RUN/gateway-$name.log" 2>&1 &
  PIDS+=($!)
  eval "${name}_PID=$!"
  wait_for "http://127.0.0.1:$port/ready" 60
}
start_gateway off $OFF_PORT
start_gateway on $ON_PORT --tracing-endpoint="http://127.0.0.1:$RECEIVER_PORT/v1/traces" --tracing-sample-ratio=1

loadgen() { # NAME PORT PID WARMUP DURATION OUT
  "${PIN_CLIENT[@]}" java -Xms256m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$LOADGEN_CP" \
    dev.sheaf.perf.load.LoadGen --url="http://127.0.0.1:$2/graphql" --body="$PERF/scenarios/queries/home.json" \
    --rate="$RATE" --warmup="$4s" --duration="$5s" --tail=2s --pid="gateway:$3" --clk-tck="$(getconf CLK_TCK)" \
    --out="$6" >> "$RUN/loadgen.log" 2>&1
}
echo "warming up both gateways (${WARMUP} s each)"
loadgen off $OFF_PORT "$off_PID" "$WARMUP" 1 "$RUN/warmup-off.json"
loadgen on $ON_PORT "$on_PID" "$WARMUP" 1 "$RUN/warmup-on.json"
loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
  for name in off on; do
    port=$OFF_PORT; pid=$off_PID
    [ "$name" = on ] && { port=$ON_PORT; pid=$on_PID; }
    echo "round $round: tracing $name, $RATE req/s for $DURATION s"
    loadgen "$name" "$port" "$pid" 3 "$DURATION" "$RUN/round$round-$name.json"
  done
done
loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)

heap_after_gc() { # PID -> KiB used after a full GC
  jcmd "$1" GC.run > /dev/null
  jstat -gc "$1" | awk 'NR == 2 { printf "%d", $3 + $4 + $6 + $8 }' # S0U + S1U + EU + OU (not MU, class metadata)
}
heap_off=$(heap_after_gc "$off_PID")
heap_on=$(heap_after_gc "$on_PID")
exports=$(curl -s "http://127.0.0.1:$RECEIVER_PORT/")

python3 - "$RUN" "$ROUNDS" "$RATE" "$DURATION" "$heap_off" "$heap_on" "$exports" "$loadavg_start" "$loadavg_end" \
  > "$RUN/summary.md" << 'PY'
import json, sys
run, rounds, rate, duration, heap_off, heap_on, exports, load_start, load_end = sys.argv[1:]
rows, per, work_per = [], {"off": [], "on": []}, {"off": [], "on": []}
for r in range(1, int(rounds) + 1):
    for name in ("off", "on"):
        d = json.load(open(f"{run}/round{r}-{name}.json"))
        answered, good = d["main"]["answeredInWindow"], d["main"]["goodInWindow"]
        cpu = d["cpuSeconds"]["gateway"]
        us = cpu / max(answered, 1) * 1e6
        jit = d.get("cpuSecondsByThreadKind", {}).get("gateway", {}).get("jit", 0.0)
        work = (cpu - jit) / max(answered, 1) * 1e6
        per[name].append(us)
        work_per[name].append(work)
        rows.append(f"| {r} | {name} | {answered} | {answered - good} | {cpu:.2f} | {us:.0f} | {work:.0f} | {d['main']['latencyMs']['p50']} | {d['main']['latencyMs']['p99']} |")
off = sum(per["off"]) / len(per["off"]); on = sum(per["on"]) / len(per["on"])
work_off = sum(work_per["off"]) / len(work_per["off"]); work_on = sum(work_per["on"]) / len(work_per["on"])
print(f"Home screen at {rate} req/s (open loop), {duration} s per phase, phases alternated off/on; "
      f"load average {load_start} at the start, {load_end} at the end (shared 2-core machine).\n")
print("| round | tracing | answered | with errors | gateway CPU s | CPU µs/answered request | without JIT | p50 ms | p99 ms |")
print("|---|---|---|---|---|---|---|---|---|")
print("\n".join(rows))
print(f"\nMean CPU per request without JIT: off {work_off:.0f} µs, on (100 % sampled, exported) {work_on:.0f} µs: "
      f"**{(work_on - work_off) / work_off * 100:+.1f} %** (budget ≤ 15 %); with JIT: off {off:.0f} µs, on {on:.0f} µs: "
      f"{(on - off) / off * 100:+.1f} %.")
print(f"Heap after a full GC at the end: off {int(heap_off) / 1024:.1f} MiB, on {int(heap_on) / 1024:.1f} MiB "
      f"({(int(heap_on) - int(heap_off)) / 1024:+.1f} MiB). OTLP export requests received: {exports}.")
PY
cat "$RUN/summary.md"
