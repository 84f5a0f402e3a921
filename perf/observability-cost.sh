#!/usr/bin/env bash
# What metrics and the access log cost: the home screen at RATE req/s (default 500) against the gateway
# with observability off (--metrics=false --access-log=false) and on (metrics, and the access log
# written to the gateway's log file), alternating off/on for ROUNDS rounds (default 3) in one run, on the
# same build. Per phase: gateway CPU per request (the load generator reads /proc for its window) and heap
# after a full GC (jcmd). Writes perf/RESULTS-observability.md.
#
#   perf/observability-cost.sh [--rate=500] [--warmup=60] [--duration=20] [--rounds=3]
#                              [--off="FLAGS"] [--on="FLAGS"] [--out=perf/RESULTS-observability.md]
#
# --off/--on replace the gateway flags of either side, e.g. --off="--metrics=true --access-log=false" to
# isolate the access log. The report gives CPU per request with and without the JIT compiler threads: on
# one core the JIT still compiles a minute after start, and how much differs from run to run by more
# than a small feature costs, so the budget is judged on the request work itself (event loop, GC, rest).
#
# Mocks at 10 ms on ports the OS picks (MockMain --random-ports), the gateway (the release jar) on ports
# the OS picks, pinned to CPU 0 when taskset exists (mocks and load generator on the others), so it runs
# beside another perf run. The request's waterfall record (recent requests) is on in both: it is what
# the admin port's /requests shows, with no switch. Stops everything it started.
#
#   perf/observability-cost.sh --toggle-access-log [--windows=12] [--window=10] [--rate=500] [--warmup=60]
#
# measures the access log alone inside one JVM instead: one gateway with the "on" flags, warmed up, then
# WINDOWS windows of WINDOW seconds each, its logger sheaf.access switched off and on (PUT /loggers on the
# admin port) before each, off first, alternating. The same compiled code serves both sides, and what
# drifts over the run (the JIT, a neighbour on the machine) falls on both alike, which fresh JVMs, 15 %
# apart from one start to the next, cannot give. Writes perf/RESULTS-access-log-toggle.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
ROOT=$(pwd)

RATE=500
WARMUP=60
DURATION=20
OFF_FLAGS="--metrics=false --access-log=false"
ON_FLAGS="--metrics=true --access-log=true"
ROUNDS=3
OUT=""
TOGGLE=false
WINDOWS=12
WINDOW=10
for arg in "$@"; do
  case $arg in
    --rate=*) RATE=${arg#*=} ;;
    --warmup=*) WARMUP=${arg#*=} ;;
    --duration=*) DURATION=${arg#*=} ;;
    --off=*) OFF_FLAGS=${arg#*=} ;;
    --on=*) ON_FLAGS=${arg#*=} ;;
    --rounds=*) ROUNDS=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    --toggle-access-log) TOGGLE=true ;;
    --windows=*) WINDOWS=${arg#*=} ;;
    --window=*) WINDOW=${arg#*=} ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
if [ -z "$OUT" ]; then
  if $TOGGLE; then OUT=perf/RESULTS-access-log-toggle.md; else OUT=perf/RESULTS-observability.md; fi
fi
RUN=$ROOT/perf/results/$(date -u +%Y%m%dT%H%M%SZ)-observability
mkdir -p "$RUN"

stop_all_on_exit

build_jars
mvn -q -B -f perf/pom.xml package
copy_jars
CONFIG=$RUN/config
make_config "$CONFIG"

pin_gateway_core || true

start_mocks

QUERY=$RUN/home.json
cp perf/scenarios/queries/home.json "$QUERY"

# Starts a gateway with FLAGS, its log in LOG; sets gw (its process id) and port (its client port).
start_gateway() { # LOG FLAGS
  # shellcheck disable=SC2086
  "${GATEWAY_PIN[@]}" java -Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -jar "$RUN/sheaf.jar" \
    --host=127.0.0.1 --port=0 --admin-port=0 --event-loops=1 --schema="$CONFIG/schema" --resolvers="$CONFIG/resolvers" \
    $2 > "$1" 2>&1 &
  gw=$!
  pids+=($gw)
  port=$(ready_port "$1")
  [ -n "$port" ] || { log "the gateway did not get ready; see $1"; exit 1; }
}

# The home screen at RATE req/s against the gateway started last, CPU read for its process over the window.
load() { # NAME WARMUP DURATION
  "${CLIENT_PIN[@]}" java -Xms256m -Xmx1g -XX:+UseSerialGC -cp "perf/target/sheaf-perf.jar:perf/target/lib/*" \
    dev.sheaf.perf.load.LoadGen --url="http://127.0.0.1:$port/graphql" --body="$QUERY" --rate="$RATE" \
    --warmup="${2}s" --duration="${3}s" --tail=1s --pid="gateway:$gw" --clk-tck="$(getconf CLK_TCK)" \
    --out="$RUN/$1.json" 2>&1 | tee -a "$RUN/loadgen.log" | tail -1
}

phase() { # MODE ROUND
  local mode=$1 round=$2 flags
  if [ "$mode" = off ]; then flags=$OFF_FLAGS; else flags=$ON_FLAGS; fi
  start_gateway "$RUN/gateway-$mode-$round.log" "$flags"
  load "warmup-$mode-$round" 5 "$WARMUP" > /dev/null
  log "  $mode, round $round: $(load "$mode-$round" 3 "$DURATION")"
  "${CLIENT_PIN[@]}" jcmd "$gw" GC.run > /dev/null
  "${CLIENT_PIN[@]}" jcmd "$gw" GC.heap_info > "$RUN/heap-$mode-$round.txt"
  kill "$gw"
  wait "$gw" 2>/dev/null || true
}

# One gateway, its access log switched off and on between windows through the admin port.
toggle_windows() {
  start_gateway "$RUN/gateway-toggle.log" "$ON_FLAGS"
  local admin
  admin=$(sed -n 's/.*admin routes on port \([0-9]*\).*/\1/p' "$RUN/gateway-toggle.log" | head -1)
  load warmup 5 "$WARMUP" > /dev/null
  for w in $(seq 1 "$WINDOWS"); do
    local mode=on level=info
    if [ $((w % 2)) = 1 ]; then mode=off level=off; fi
    curl -sf -X PUT "http://127.0.0.1:$admin/loggers/sheaf.access" -d "{\"level\":\"$level\"}" > /dev/null \
      || { log "the admin port refused the level; see $RUN/gateway-toggle.log"; exit 1; }
    log "  window $w, access log $mode: $(load "toggle-$w-$mode" 2 "$WINDOW")"
  done
}

if $TOGGLE; then
  toggle_windows
  HEADER=(
    "Measured $(date -u '+%Y-%m-%d %H:%M UTC') at $(git rev-parse --short HEAD) by \`perf/observability-cost.sh --toggle-access-log\` on"
    "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1);"
    "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work shares this machine)."
    "The home screen (REST + gRPC, two dependency levels, mocks at 10 ms) at $RATE req/s, open loop, one gateway"
    "(\`$ON_FLAGS\`), one event loop${GATEWAY_PIN[*]:+ pinned to CPU 0}, warmed up for $((WARMUP + 5)) s; then $WINDOWS windows"
    "of $WINDOW s (after 2 s of load each), its logger \`sheaf.access\` set off and info in turn through"
    "\`PUT /loggers/sheaf.access\` on the admin port: the access log alone, the same JVM and compiled code on both sides."
  )
  java -cp "perf/target/sheaf-perf.jar:perf/target/lib/*" dev.sheaf.perf.report.AccessLogToggle "$RUN" "$OUT" "${HEADER[@]}"
  log "wrote $OUT"
  exit 0
fi

for round in $(seq 1 "$ROUNDS"); do
  phase off "$round"
  phase on "$round"
done

HEADER=(
  "Measured $(date -u '+%Y-%m-%d %H:%M UTC') at $(git rev-parse --short HEAD) by \`perf/observability-cost.sh\` on"
  "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1);"
  "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work shares this machine)."
  "The home screen (REST + gRPC, two dependency levels, mocks at 10 ms) at $RATE req/s, open loop, one event loop"
  "${GATEWAY_PIN[*]:+pinned to CPU 0 }after $((WARMUP + 5)) s of warm-up per phase; $DURATION s measured. \"off\" is"
  "\`$OFF_FLAGS\`; \"on\" is \`$ON_FLAGS\` (by default metrics, and one access log line per request"
  "written: Logback, JSON lines with credential masking, to the gateway's log file). The request records behind \`GET /requests\` are on in both."
)
java -cp "perf/target/sheaf-perf.jar:perf/target/lib/*" dev.sheaf.perf.report.ObservabilityCost "$RUN" "$OUT" "${HEADER[@]}"
log "wrote $OUT"
