#!/usr/bin/env bash
# Overload with one backend hanging: the home screen from more clients than the gateway can serve for
# DURATION seconds (default 30) while `orders` never answers, with the README's one-core flags
# (256 MiB heap, serial GC, -XX:+ExitOnOutOfMemoryError). Run four times, side by side: load shedding
# effectively off (--max-in-flight=2147483647), at its default, at 100 in flight, and at the default
# plus --max-event-loop-delay=50ms. For each it reports the requests the gateway shed (its own counter),
# answers (200 / 503 shed / no answer), the heap after a forced full GC near the end of the load, how
# long after the load the gateway answers a request again, and whether SIGTERM stops it.
# Writes perf/RESULTS-shedding.md.
#
#   perf/shed-overload.sh [--duration=30] [--clients=3000] [--rate=R --connections=4000] [--out=FILE]
#                         [--variants="off default 100 delay"] [--query=perf/scenarios/queries/home.json]
#   perf/shed-overload.sh --spike [--multiple=3] [--variants="default adaptive"] [--query=FILE] [--out=FILE]
#                         [--cpu-limit=0.3]
#
# --spike is the traffic spike instead, with every backend healthy: after the capacity, the unloaded
# latency (open loop at a tenth of capacity, 10 s), then an open loop at --multiple times the capacity for
# DURATION seconds, then half the capacity for 10 s in 1-s windows (how soon full service is back). It
# reports served and shed requests apart (latency from the intended send time, each), the generator's own
# send lag (when it is high, the generator could not offer the rate: the row does not count), heap after GC
# under the spike, and writes perf/RESULTS-spike.md. Variant "adaptive" is --adaptive-shedding, "adaptive-0.7"
# that with --target-cpu=0.7, a number N --max-in-flight=N.
#
# --cpu-limit=F gives the gateway F of a core (a cgroup's CPU quota: 1 ms of every 1/F ms; needs a
# writable /sys/fs/cgroup/cpu), like a container's CPU limit: on a two-core machine the other core cannot
# offer three times what a whole core serves, but it can offer three times what a fraction of one serves.
# The quota starts after the warm-up, once the JIT compiler has done most of its work on a whole core.
#
# By default the overload is a closed loop of --clients clients (one connection each, each sending its
# next request as soon as it has an answer): the gateway's requests in flight are bounded only by
# its own limit. --rate=R makes it an open loop at R req/s over --connections connections instead
# (3x the measured capacity needs a load generator that can send that much; on a shared two-core
# machine it cannot). Capacity is measured first (closed loop, 64 in flight, after a 20 s warm-up).
#
# Mocks at 10 ms (PerfMockMain from the demo jar) on 7101-7106/7110, the gateway (the release jar) on
# 4480 with its admin routes on 4482, the load generator of perf/. Pinned apart when taskset exists
# (gateway on CPU 0, the rest on CPU 1). Stops everything it started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

DURATION=30
CONNECTIONS=4000
CLIENTS=3000
FIXED_RATE=
OUT=
SPIKE=
MULTIPLE=3
VARIANTS=
QUERY_FILE=perf/scenarios/queries/home.json
CPU_LIMIT=
for arg in "$@"; do
  case $arg in
    --spike) SPIKE=1 ;;
    --multiple=*) MULTIPLE=${arg#*=} ;;
    --variants=*) VARIANTS=${arg#*=} ;;
    --query=*) QUERY_FILE=${arg#*=} ;;
    --cpu-limit=*) CPU_LIMIT=${arg#*=} ;;
    --duration=*) DURATION=${arg#*=} ;;
    --connections=*) CONNECTIONS=${arg#*=} ;;
    --rate=*) FIXED_RATE=${arg#*=} ;;
    --clients=*) CLIENTS=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
CAPACITY_CLIENTS=64
# With `orders` hanging, an answer without its orders still serves the screen.
EXPECTED_CODES=BACKEND_TIMEOUT,BACKEND_UNAVAILABLE
if [ -n "$SPIKE" ]; then
  # Every backend is healthy: a field that fails (its call timed out, its breaker opened) is not served.
  EXPECTED_CODES=
  # Enough in flight that the gateway's CPU, not the backends' latency, bounds the throughput.
  CAPACITY_CLIENTS=256
  OUT=${OUT:-perf/RESULTS-spike.md}
  VARIANTS=${VARIANTS:-default adaptive}
else
  OUT=${OUT:-perf/RESULTS-shedding.md}
  VARIANTS=${VARIANTS:-off default 100 delay}
fi
PORT=4480
ADMIN=4482
for p in 7101 7102 7103 7104 7105 7106 7110 $PORT $ADMIN; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2> /dev/null; then
    echo "port $p is taken (another perf run?); try again later" >&2
    exit 1
  fi
done
KIND=shedding
[ -n "$SPIKE" ] && KIND=spike
prepare_run "$KIND"
CGROUP=/sys/fs/cgroup/cpu/sheaf-perf-$$
trap 'cleanup; [ ! -d "$CGROUP" ] || rmdir "$CGROUP" 2> /dev/null || true' EXIT
PIN_GATEWAY=()
PIN_CLIENT=()
if can_pin; then
  PIN_GATEWAY=(taskset -c 0)
  PIN_CLIENT=(taskset -c 1)
fi
# The perf scenarios' fields too (perfProducts, perfItems, ...: the perf backend of PerfMockMain).
cp perf/scenarios/schema/*.graphqls "$CONFIG/schema/"
cp perf/scenarios/resolvers/*.yaml "$CONFIG/resolvers/"
QUERY=$RUN/query.json
cp "$QUERY_FILE" "$QUERY"

"${PIN_CLIENT[@]}" java -Xms512m -Xmx1g -XX:+UseSerialGC -cp "$RUN/sheaf-demo.jar" dev.sheaf.mock.perf.PerfMockMain \
  --latency=10ms > "$RUN/mocks.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do curl -sf http://127.0.0.1:7101/users/7 > /dev/null 2>&1 && break; sleep 0.1; done

load() { # NAME RATE|concurrency=C WARMUP DURATION TAIL [more LoadGen options]
  local name=$1 mode=$2 warmup=$3 duration=$4 tail=$5
  shift 5
  local how=(--rate="$mode")
  [[ $mode == concurrency=* ]] && how=(--concurrency="${mode#*=}")
  "${PIN_CLIENT[@]}" java -Xms256m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -cp "perf/target/sheaf-perf.jar:perf/target/lib/*" dev.sheaf.perf.load.LoadGen \
    --url="http://127.0.0.1:$PORT/graphql" --body="$QUERY" "${how[@]}" --warmup="${warmup}s" \
    --duration="${duration}s" --tail="${tail}s" --timeout=10s --expect-codes="$EXPECTED_CODES" \
    --pid="gateway:$GW_PID" --clk-tck="$(getconf CLK_TCK)" --out="$RUN/$name.json" "$@" 2>&1 \
    | tee -a "$RUN/loadgen.log" | tail -1
}

# Heap after the full GC that jcmd forces, from the GC log ("Pause Full (Diagnostic Command) 80M->18M(247M)").
heap_after_gc() { # GC_LOG
  local before
  before=$(grep -c 'Pause Full' "$1" || true)
  timeout 20 "${PIN_CLIENT[@]}" jcmd "$GW_PID" GC.run > /dev/null 2>&1 || { echo "no answer"; return; }
  for _ in $(seq 1 100); do
    [ "$(grep -c 'Pause Full' "$1" || true)" -gt "$before" ] && break
    sleep 0.1
  done
  grep 'Pause Full' "$1" | tail -1 | sed -E 's/.*->([0-9]+[KMG])\(.*/\1/'
}

# Seconds from now until the gateway answers the home screen with a 200 (each try bounded by 1 s).
recovery() {
  local start now
  start=$(date +%s%N)
  while kill -0 "$GW_PID" 2> /dev/null; do
    if [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' -H 'content-type: application/json' \
        --data-binary "@$QUERY" "http://127.0.0.1:$PORT/graphql")" = 200 ]; then
      now=$(date +%s%N)
      awk -v ns=$((now - start)) 'BEGIN { printf "%.2f s", ns / 1e9 }'
      return
    fi
    now=$(date +%s%N)
    [ $(( (now - start) / 1000000000 )) -ge 60 ] && { echo "none within 60 s"; return; }
    sleep 0.05
  done
  echo "gateway gone"
}

# While the load goes on: 40 requests of our own, one after another; "503: n, p50 x ms, max y ms; 200: ..."
# by status, from curl's own timing (the time to the last byte on an open connection of its own).
answer_times() {
  for _ in $(seq 1 40); do
    curl -s -o /dev/null -m 10 -w '%{http_code} %{time_total}\n' -H 'content-type: application/json' \
      --data-binary "@$QUERY" "http://127.0.0.1:$PORT/graphql" || true
  done | sort -k1,1 -k2,2n | awk '
    $1 != code { flush(); code = $1; m = 0 }
    { v[++m] = $2 * 1000 }
    function flush() { if (m) { printf "%s%s: %d, p50 %.1f ms, max %.1f ms", sep, code, m, v[int((m + 1) / 2)], v[m]; sep = "; " } }
    END { flush() }'
}

# Errors by kind from a LoadGen result: "HTTP_STATUS 1234, IO_ERROR 5".
errors_by_kind() {
  python3 -c 'import json, sys; e = json.load(open(sys.argv[1]))["main"]["errorsByKind"]
print(", ".join(f"{k} {v}" for k, v in e.items()) or "none")' "$1"
}

# Puts PID (all its threads) into a cgroup of its own with FRACTION of a core: 1 ms of CPU (the least a
# quota may be) per 1/FRACTION ms, so it never waits more than a few milliseconds for its share.
limit_cpu() { # PID FRACTION
  [ -d "$CGROUP" ] || mkdir "$CGROUP" || { echo "cannot make a cgroup for --cpu-limit" >&2; exit 1; }
  local period
  period=$(awk -v f="$2" 'BEGIN { printf "%d", 1000 / f }')
  echo "$period" > "$CGROUP/cpu.cfs_period_us"
  echo 1000 > "$CGROUP/cpu.cfs_quota_us"
  echo "$1" > "$CGROUP/cgroup.procs"
}

# Stops the gateway with SIGTERM; TERM_RESULT says how it went: "exited 0.1 s after SIGTERM, status 143".
# Not in a subshell: only this shell can wait for the gateway it started.
stop_gateway() {
  if ! kill -0 "$GW_PID" 2> /dev/null; then
    TERM_RESULT="had exited before: status $(wait "$GW_PID" 2> /dev/null; echo $?)"
    return
  fi
  local start code
  start=$(date +%s%N)
  kill -TERM "$GW_PID"
  for _ in $(seq 1 300); do kill -0 "$GW_PID" 2> /dev/null || break; sleep 0.1; done
  if kill -0 "$GW_PID" 2> /dev/null; then
    kill -KILL "$GW_PID"
    TERM_RESULT="still running 30 s after SIGTERM"
    return
  fi
  wait "$GW_PID" 2> /dev/null && code=0 || code=$?
  TERM_RESULT=$(awk -v ns=$(( $(date +%s%N) - start )) -v c="$code" \
    'BEGIN { printf "exited %.1f s after SIGTERM, status %d", ns / 1e9, c }')
}

# The traffic spike of one variant, its backends healthy: unloaded latency, the spike, the recovery.
spike() { # VARIANT
  local variant=$1 light spike_rate after_rate heap
  # Every variant gets the same load: the capacity measured with the first one (a shedding variant's own
  # closed-loop figure counts its fast 503s' retries against it).
  REFERENCE=${REFERENCE:-$CAPACITY}
  light=$(python3 -c "print(max(10, round($REFERENCE / 10)))")
  spike_rate=$(python3 -c "print(round($REFERENCE * $MULTIPLE))")
  after_rate=$(python3 -c "print(round($REFERENCE / 2))")
  log "[$variant] unloaded: open loop at $light req/s"
  log "  $(load "unloaded-$variant" "$light" 2 10 0)"
  log "[$variant] spike: open loop at $spike_rate req/s ($MULTIPLE x capacity) for $DURATION s over $CONNECTIONS connections"
  load "spike-$variant" "$spike_rate" 2 "$DURATION" 4 --connections="$CONNECTIONS" > "$RUN/spike-$variant.txt" &
  LOAD_PID=$!
  for _ in $(seq 1 $(( (DURATION + 30) * 10 ))); do [ -f "$RUN/spike-$variant.json" ] && break; sleep 0.1; done
  heap=gone
  kill -0 "$GW_PID" 2> /dev/null && heap=$(heap_after_gc "$GC_LOG")
  wait $LOAD_PID || true
  log "  $(tail -1 "$RUN/spike-$variant.txt"); heap after GC under the spike: $heap"
  log "[$variant] after the spike: open loop at $after_rate req/s, 1-s windows"
  log "  $(load "after-$variant" "$after_rate" 0 10 0 --windows=1s)"
  SHED=$(curl -s "http://127.0.0.1:$ADMIN/metrics" | awk '/^sheaf_client_requests_shed_total/ { sub(/.*reason="/, "");
    sub(/"}/, ""); if ($2 > 0) { printf "%s%s %d", sep, $1, $2; sep = ", " } }')
  stop_gateway
  log "  $TERM_RESULT"
  python3 - "$RUN" "$variant" "$CAPACITY" "$spike_rate" "$heap" "${SHED:-none}" "$TERM_RESULT" >> "$RUN/rows.md" <<'PY'
import json, sys
run, variant, capacity, rate, heap, shed, term = sys.argv[1:]
result = lambda name: json.load(open(f"{run}/{name}-{variant}.json"))
unloaded, spike, after = result("unloaded")["main"], result("spike")["main"], result("after")
base = unloaded["latencyMs"]["p99"]
served, dropped, lag = spike["servedMs"], spike["shedMs"], spike["sendLagMs"]
secs = "; ".join(f"{w['p99']:.0f} ms" + (f" ({w['errors']} err)" if w["errors"] else "") for w in after["windows"][:5])
print(f"| {variant} | {float(capacity):.0f} | {base:.1f} ms | {rate} req/s | {served['count']} "
      f"({served['count'] / max(1, spike['requests']):.0%}), p50 {served['p50']:.1f} ms, p99 {served['p99']:.1f} ms "
      f"({served['p99'] / base:.1f}x unloaded) | {dropped['count']}, p50 {dropped['p50']:.1f} ms, p99 {dropped['p99']:.1f} ms, "
      f"max {dropped['max']:.1f} ms | {spike['errors'] - dropped['count']} | p99 {lag['p99']:.1f} ms | {heap} | {shed} | {secs} | {term} |")
PY
}

: > "$RUN/rows.md"
for variant in $VARIANTS; do
  case $variant in
    off) SHED_ARGS=(--max-in-flight=2147483647) ;;
    default) SHED_ARGS=() ;;
    delay) SHED_ARGS=(--max-event-loop-delay=50ms) ;;
    adaptive) SHED_ARGS=(--adaptive-shedding=true) ;;
    adaptive-*) SHED_ARGS=(--adaptive-shedding=true --target-cpu="${variant#adaptive-}") ;;
    *) SHED_ARGS=(--max-in-flight="$variant") ;;
  esac
  GC_LOG=$RUN/gateway-$variant-gc.log
  log "[$variant] starting the gateway ${SHED_ARGS[*]:-(default shedding)}"
  curl -sf -X PUT http://127.0.0.1:7102/_mock/knobs -d '{"hang": false}' > /dev/null
  "${PIN_GATEWAY[@]}" java -Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
    "-Xlog:gc:file=$GC_LOG:time,uptime,level,tags" -jar "$RUN/sheaf.jar" --host=127.0.0.1 --port=$PORT \
    --admin-port=$ADMIN --schema="$CONFIG/schema" --resolvers="$CONFIG/resolvers" "${SHED_ARGS[@]}" \
    > "$RUN/gateway-$variant.log" 2>&1 &
  GW_PID=$!
  pids+=($GW_PID)
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/ready" > /dev/null 2>&1 && break; sleep 0.1; done

  log "[$variant] warm-up: 20 s closed loop, 64 in flight"
  load "warmup-$variant" concurrency=64 5 15 1 > /dev/null
  if [ -n "$CPU_LIMIT" ]; then
    # Only now: a JIT compiler working inside the quota would make the gateway slower than its share.
    limit_cpu "$GW_PID" "$CPU_LIMIT"
  fi
  log "[$variant] capacity: closed loop, $CAPACITY_CLIENTS in flight, healthy backends"
  CAPACITY_LINE=$(load "capacity-$variant" concurrency=$CAPACITY_CLIENTS 5 10 1)
  log "  $CAPACITY_LINE"
  CAPACITY=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["main"]["throughput"])' \
    "$RUN/capacity-$variant.json")
  if [ -n "$SPIKE" ]; then
    spike "$variant"
    continue
  fi
  if [ -n "$FIXED_RATE" ]; then
    OFFERED="$FIXED_RATE req/s over $CONNECTIONS connections"
    MODE=$FIXED_RATE
    EXTRA=(--connections="$CONNECTIONS")
  else
    OFFERED="$CLIENTS clients"
    MODE=concurrency=$CLIENTS
    EXTRA=()
  fi

  log "[$variant] overload: $OFFERED for $DURATION s, orders hanging"
  curl -sf -X PUT http://127.0.0.1:7102/_mock/knobs -d '{"hang": true}' > /dev/null
  load "overload-$variant" "$MODE" 2 "$DURATION" 8 "${EXTRA[@]}" > "$RUN/overload-$variant.txt" &
  LOAD_PID=$!
  # The result is written when the measured window ends; the heap is read in the tail, still under load.
  for _ in $(seq 1 $(( (DURATION + 30) * 10 ))); do [ -f "$RUN/overload-$variant.json" ] && break; sleep 0.1; done
  HEAP=gone
  TIMES=gone
  if kill -0 "$GW_PID" 2> /dev/null; then
    TIMES=$("${PIN_CLIENT[@]}" bash -c "$(declare -f answer_times); QUERY=$QUERY PORT=$PORT answer_times" || true)
    HEAP=$(heap_after_gc "$GC_LOG")
  fi
  wait $LOAD_PID || true
  SHED=$(curl -s "http://127.0.0.1:$ADMIN/metrics" | awk '/^sheaf_client_requests_shed_total/ { sub(/.*reason="/, "");
    sub(/"}/, ""); if ($2 > 0) { printf "%s%s %d", sep, $1, $2; sep = ", " } }')
  log "  $(tail -1 "$RUN/overload-$variant.txt"); shed: ${SHED:-none}; heap after GC under load: $HEAP; answers under load: $TIMES"
  RECOVERY=$(recovery)
  log "  answers again (orders still hanging) after: $RECOVERY"

  stop_gateway
  log "  $TERM_RESULT"
  OOM=$(grep -c -i 'OutOfMemoryError' "$RUN/gateway-$variant.log" || true)
  printf '| %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$variant" "$CAPACITY" "$OFFERED" \
    "$(tail -1 "$RUN/overload-$variant.txt" | sed 's/^[^:]*: //')" "$(errors_by_kind "$RUN/overload-$variant.json")" \
    "${SHED:-none}" \
    "$TIMES" \
    "$HEAP" "$RECOVERY" "$TERM_RESULT$( [ "$OOM" -gt 0 ] && echo ', OutOfMemoryError logged')" >> "$RUN/rows.md"
done

if [ -n "$SPIKE" ]; then
  {
    echo "# A traffic spike: $MULTIPLE x capacity for $DURATION s, every backend healthy"
    echo
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') at $(git rev-parse --short HEAD) by \`perf/shed-overload.sh --spike\` on"
    echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1);"
    echo "${PIN_GATEWAY[*]:+gateway pinned to CPU 0, mocks and load generator to CPU 1; }load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
    echo "Gateway flags: -Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError (the README's one-core flags)${CPU_LIMIT:+; the gateway limited to $CPU_LIMIT of a core by a cgroup CPU quota (1 ms per 1/${CPU_LIMIT} ms period) from the end of the warm-up, as a container CPU limit does}."
    echo "Query: \`$QUERY_FILE\` against PerfMockMain at 10 ms. Capacity: closed loop, $CAPACITY_CLIENTS in flight, after a 20 s"
    echo "warm-up. Unloaded: open loop at a tenth of capacity, 10 s. Spike: open loop at $MULTIPLE x capacity over"
    echo "$CONNECTIONS connections. After: open loop at half the capacity, p99 of each of its first 5 seconds."
    echo "Latency is from each request's intended send time; served counts only complete answers (every backend is healthy). \"default\" is the default shedding (the in-flight"
    echo "limit from the heap); \"adaptive\" adds \`--adaptive-shedding=true\` (the limit that keeps the CPU under \`--target-cpu\`, 0.7 by default; \"adaptive-F\" sets it to F), a number N \`--max-in-flight=N\`."
    echo
    echo "| shedding | capacity (req/s) | unloaded p99 | offered | served (share), latency | shed (503), latency | other errors | generator's send lag | heap after GC under the spike | shed by the gateway | after the spike: p99 per second | SIGTERM |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    cat "$RUN/rows.md"
    echo
    echo "Raw data: perf/results/$(basename "$RUN")."
  } > "$OUT"
  log "wrote $OUT"
  exit 0
fi

{
  echo "# Overload with a hanging backend: load shedding off and on"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') at $(git rev-parse --short HEAD) by \`perf/shed-overload.sh\` on"
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1);"
  echo "${PIN_GATEWAY[*]:+gateway pinned to CPU 0, mocks and load generator to CPU 1; }the machine is shared with other"
  echo "builds and tests, so absolute figures vary between runs. Gateway flags: -Xms256m -Xmx256m -XX:+UseSerialGC"
  echo "-XX:+ExitOnOutOfMemoryError (the README's one-core flags). Capacity: the home screen, closed loop, 64 in"
  echo "flight, healthy mocks at 10 ms, after a 20 s warm-up. Overload: ${FIXED_RATE:+an open loop of $FIXED_RATE req/s over $CONNECTIONS connections}${FIXED_RATE:-a closed loop of $CLIENTS clients, each on its own connection}, for $DURATION s while"
  echo "\`orders\` never answers (its timeout 800 ms; answers with \`orders\` null and BACKEND_TIMEOUT or"
  echo "BACKEND_UNAVAILABLE count as served). \"off\" is \`--max-in-flight=2147483647\`, \"default\" the default limit"
  echo "(an eighth of the heap at 64 KiB per request: about 500 with -Xmx256m), \"100\" \`--max-in-flight=100\`, \"delay\""
  echo "the default limit and \`--max-event-loop-delay=50ms\`."
  echo
  echo "| shedding | capacity (req/s) | offered | load generator's summary (window) | not served, by kind | shed by the gateway (whole run) | 40 requests of ours under load, by status | heap after GC under load | answers again after the load | SIGTERM |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  cat "$RUN/rows.md"
  echo
  echo "HTTP_STATUS counts the 503s of shed requests; IO_ERROR requests that got no answer within 10 s; status 000"
  echo "in the 40 requests of ours, no answer within 10 s."
  echo "Latencies are from each request's intended send time in an open loop, from its send in a closed one. Raw data: perf/results/$(basename "$RUN")."
} > "$OUT"
log "wrote $OUT"
