#!/usr/bin/env bash
# Sheaf's performance harness: ONE command, bounded in time. See perf/README.md.
#
#   perf/run.sh              full run, about 12 minutes          -> perf/RESULTS.md
#   perf/run.sh --quick      short phases, fewer levels, ~3 min  -> perf/RESULTS.md (marked "quick")
#   perf/run.sh --soak       home screen at 500 req/s for 10 min -> perf/RESULTS-soak.md
#
# Options:
#   --latency=MS         fixed latency of every mock backend (default 10)
#   --hang-timeout=MS    the inventory's timeout in the perf bindings (default 200)
#   --profile            profile the gateway with JFR during 20 s of home at 500 req/s (before the
#                        overload phases; the hottest code goes into the results)
#   --profile-seconds=N  how long the profile records (default: a phase's measured window; the quick
#                        mode's 8 s give too few samples to rank methods)
#   --soak-minutes=N     soak length (default 10); --soak-rate=R (default 500 req/s)
#   --out=FILE           where to write the Markdown (default perf/RESULTS.md or perf/RESULTS-soak.md)
#   --rebuild            rebuild the jars even if gateway/target/sheaf.jar exists
# Environment: SHEAF_JAVA_OPTS, MOCK_JAVA_OPTS, LOADGEN_JAVA_OPTS replace the default JVM flags;
#   GATEWAY_PORT (default 4480) and STARTUP_PORT (4481) move the gateway off ports in use;
#   GATEWAY_CPUS (default 0) and CLIENT_CPUS (default: all the others) are taskset CPU lists.
#
# What it does: builds what is missing, snapshots gateway/target/sheaf.jar and demo/target/sheaf-demo.jar (others may rebuild them meanwhile),
# starts the mocks (dev.sheaf.mock.perf.PerfMockMain: everything MockMain starts, i.e. the shop's five
# services on 7101-7105 and the identity provider on 7106, plus the perf-only endpoints on 7110) and
# the gateway, pinned apart when taskset exists (the gateway on CPU 0; mocks and load generator on
# CPU 1), measures start-up, warms up, runs each phase with the load generator
# (perf/src/main/java/dev/sheaf/perf/load), reads CPU, heap after GC and RSS, stops everything it
# started (trap on exit) and renders the results. Raw data: perf/results/<run>/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PERF=$ROOT/perf
SCENARIOS=$PERF/scenarios
QUERIES=$SCENARIOS/queries

MODE=full
LATENCY_MS=10
HANG_TIMEOUT_MS=200
PROFILE=false
PROFILE_SECONDS=""
SOAK_MINUTES=10
SOAK_RATE=500
SOAK_SAMPLE_SECONDS=30
OUT=
REBUILD=false
GATEWAY_PORT=${GATEWAY_PORT:-4480}
STARTUP_PORT=${STARTUP_PORT:-4481}
FLOOR_PORT=${FLOOR_PORT:-4490}
MOCK_PORTS=(7101 7102 7103 7104 7105 7106 7110)   # 7106: the identity provider; 7110: perf endpoints

# Explicit JVM flags, recorded in the results. Serial GC: on one core it is what the JVM picks anyway,
# and it has no concurrent threads competing with the event loop. A fixed heap keeps runs comparable.
# The young generation keeps the JVM's default size: a larger one (tried: 180 MiB) halved the number of
# young collections but lengthened each, and cost ~90 MiB of RSS (perf/README.md).
# The load generator compiles with C1 only: each phase is a fresh JVM, and C2's compile burst in its
# first seconds would steal the CPU the mocks share with it (measured: about half the generator's CPU).
SHEAF_JAVA_OPTS=${SHEAF_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}
MOCK_JAVA_OPTS=${MOCK_JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseSerialGC}
LOADGEN_JAVA_OPTS=${LOADGEN_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1}

# As word lists (the variables above are strings, e.g. from the environment).
read -r -a SHEAF_OPTS <<< "$SHEAF_JAVA_OPTS"
read -r -a MOCK_OPTS <<< "$MOCK_JAVA_OPTS"
read -r -a LOADGEN_OPTS <<< "$LOADGEN_JAVA_OPTS"

PIDS=()           # every process this script started, stopped on exit
GW_PID=
MOCK_PID=
PHASE_NO=0

main() {
  parse_args "$@"
  set_mode_defaults
  RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)-$MODE
  RUN=$PERF/results/$RUN_ID
  mkdir -p "$RUN/phases" "$RUN/warmup" "$RUN/smoke"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  RUN_STARTED=$(date +%s)
  log "run $RUN_ID: raw data in perf/results/$RUN_ID"

  cd "$ROOT"
  check_tools
  check_ports
  setup_pinning
  build
  assemble_config
  record_machine

  start_mocks
  measure_startup
  start_gateway
  warm_up
  smoke_checks
  if [ "$MODE" = soak ]; then
    soak
    profile_if_asked
  else
    measure_all
  fi
  finish
}

# ------------------------------------------------------------------------------------------ options

parse_args() {
  for arg in "$@"; do
    case $arg in
      --quick) MODE=quick ;;
      --soak) MODE=soak ;;
      --profile) PROFILE=true ;;
      --profile-seconds=*) PROFILE=true; PROFILE_SECONDS=${arg#*=} ;;
      --rebuild) REBUILD=true ;;
      --latency=*) LATENCY_MS=${arg#*=} ;;
      --hang-timeout=*) HANG_TIMEOUT_MS=${arg#*=} ;;
      --soak-minutes=*) SOAK_MINUTES=${arg#*=} ;;
      --soak-rate=*) SOAK_RATE=${arg#*=} ;;
      --out=*) OUT=${arg#*=} ;;
      -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
      *) die "unknown option '$arg' (see --help)" ;;
    esac
  done
}

# Phase lengths per mode. A phase = warm-up (not measured) + measured window + tail (heap read under load).
set_mode_defaults() {
  case $MODE in
    quick) WARMUP=3; DURATION=8; TAIL=4; GLOBAL_WARMUP=15; HANG_WARMUP=8; FLOOR_WARMUP=10; SETTLE_MAX=25; STARTUP_RUNS=1 ;;
    *) WARMUP=5; DURATION=20; TAIL=6; GLOBAL_WARMUP=40; HANG_WARMUP=15; FLOOR_WARMUP=20; SETTLE_MAX=60; STARTUP_RUNS=3 ;;
  esac
  if [ -z "$OUT" ]; then
    if [ "$MODE" = soak ]; then OUT=$PERF/RESULTS-soak.md; else OUT=$PERF/RESULTS.md; fi
  fi
}

# ------------------------------------------------------------------------------------------ set-up

check_tools() {
  local missing=()
  for tool in java jcmd jstat curl mvn getconf; do
    command -v "$tool" > /dev/null || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]} (a JDK 17+, curl and Maven are needed)"
  CLK_TCK=$(getconf CLK_TCK)
}

# The mocks' ports are fixed (the bindings point at them); refuse to measure someone else's server.
check_ports() {
  for port in "${MOCK_PORTS[@]}" "$GATEWAY_PORT" "$STARTUP_PORT" "$FLOOR_PORT"; do
    if port_open "$port"; then
      die "port $port is in use (a demo or another run?); stop it, or set GATEWAY_PORT/STARTUP_PORT/FLOOR_PORT"
    fi
  done
}

# The gateway gets CPU 0 to itself; mocks, load generator and tools share CPU 1, so that the gateway's
# CPU time and saturation are its own. Without taskset (or with one core) everything shares.
setup_pinning() {
  local n
  n=$(nproc)
  if command -v taskset > /dev/null && [ "$n" -ge 2 ]; then
    GATEWAY_CPUS=${GATEWAY_CPUS:-0}
    if [ "$n" -eq 2 ]; then CLIENT_CPUS=${CLIENT_CPUS:-1}; else CLIENT_CPUS=${CLIENT_CPUS:-1-$((n - 1))}; fi
    PIN_GATEWAY=(taskset -c "$GATEWAY_CPUS")
    PIN_CLIENT=(taskset -c "$CLIENT_CPUS")
    PINNED=true
    PINNING_TEXT="taskset: gateway on CPU $GATEWAY_CPUS; mocks, load generator, jcmd/jstat and curl on CPU $CLIENT_CPUS"
  else
    GATEWAY_CPUS=
    CLIENT_CPUS=
    PIN_GATEWAY=()
    PIN_CLIENT=()
    PINNED=false
    PINNING_TEXT="none (taskset missing or one core): every process shares every core"
  fi
}

# "1-3,5" -> "1,2,3,5" (for the report's per-CPU accounting).
expand_cpus() {
  local parts part i cpus=()
  IFS=, read -r -a parts <<< "$1"
  for part in "${parts[@]}"; do
    if [[ $part == *-* ]]; then
      for ((i = ${part%-*}; i <= ${part#*-}; i++)); do cpus+=("$i"); done
    else
      cpus+=("$part")
    fi
  done
  (IFS=,; echo "${cpus[*]}")
}

# The gateway jar (the release artifact) and the demo jar (the mocks and the floor program) are built
# when missing, then SNAPSHOT into the run directory: other engineers may rebuild target/ while we
# run. The load generator is rebuilt when its sources are newer than its jar.
build() {
  if [ "$REBUILD" = true ] || [ ! -f gateway/target/sheaf.jar ] || [ ! -f demo/target/sheaf-demo.jar ] \
      || ! ls resolvers/plugins/*.jar > /dev/null 2>&1; then
    log "building the gateway and the mocks: mvn -q -B -DskipTests package"
    mvn -q -B -DskipTests package
  fi
  cp gateway/target/sheaf.jar "$RUN/sheaf.jar"
  cp demo/target/sheaf-demo.jar "$RUN/sheaf-demo.jar"
  JAR=$RUN/sheaf.jar
  MOCKS_JAR=$RUN/sheaf-demo.jar
  if [ ! -f perf/target/sheaf-perf.jar ] \
      || [ -n "$(find perf/src/main perf/pom.xml -newer perf/target/sheaf-perf.jar -print -quit)" ]; then
    log "building the load generator: mvn -q -B -f perf/pom.xml package"
    mvn -q -B -f perf/pom.xml package
  fi
  LOADGEN_CP="$PERF/target/sheaf-perf.jar:$PERF/target/lib/*"
}

# The gateway under test reads the product's schema/ and resolvers/*.yaml plus perf/scenarios/, with
# one change: the inventory's timeout becomes --hang-timeout (the hang scenario's bar is at 200 ms).
assemble_config() {
  CONFIG=$RUN/config
  mkdir -p "$CONFIG/schema" "$CONFIG/resolvers"
  cp -r schema/. "$CONFIG/schema/"
  cp "$SCENARIOS"/schema/*.graphqls "$CONFIG/schema/"
  cp resolvers/*.yaml "$CONFIG/resolvers/"
  cp -r resolvers/plugins "$CONFIG/resolvers/"
  cp "$SCENARIOS"/resolvers/*.yaml "$CONFIG/resolvers/"
  local inventory=$CONFIG/resolvers/inventory.yaml
  PRODUCT_INVENTORY_TIMEOUT=$(sed -n '/^  inventory:/,/^  [a-z]/ s/^    timeout: *//p' "$inventory" | head -1)
  # Only the timeout line inside the "inventory:" backend block changes.
  # The hang pair measures the timeout path (its bar is "latency stays at the timeout"): the inventory's
  # circuit breaker, which would answer most of that phase at once instead, is off in this copy.
  sed -i "/^  inventory:/,/^  [a-z]/ s/^    timeout: .*/    timeout: ${HANG_TIMEOUT_MS}ms\n    circuitBreaker: off/" "$inventory"
  grep -q "^    timeout: ${HANG_TIMEOUT_MS}ms" "$inventory" \
    || die "could not set the inventory timeout in $inventory (has resolvers/inventory.yaml changed shape?)"
}

record_machine() {
  local dirty=""
  # The results files a previous run rewrote are not the code under test.
  [ -z "$(git status --porcelain 2> /dev/null | grep -v ' perf/RESULTS[^ ]*\.md$')" ] \
    || dirty=" (dirty: uncommitted changes)"
  JAVA_VERSION=$(java -version 2>&1 | sed -n '2p')
  GC_LOG_FLAG="-Xlog:gc:file=gateway-gc.log:time,uptime,level,tags"
  cat > "$RUN/run.properties" << EOF
mode=$MODE
date=$(date -u '+%Y-%m-%d %H:%M UTC')
commit=$(git rev-parse --short HEAD 2> /dev/null || echo unknown)$dirty
nproc=$(nproc)
cpuModel=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
memTotal=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
kernel=$(uname -sr)
javaVersion=$JAVA_VERSION
sheafJavaOpts=$SHEAF_JAVA_OPTS $GC_LOG_FLAG
mockJavaOpts=$MOCK_JAVA_OPTS
loadgenJavaOpts=$LOADGEN_JAVA_OPTS
pinned=$PINNED
pinningText=$PINNING_TEXT
gatewayCpuList=$(expand_cpus "$GATEWAY_CPUS")
clientCpuList=$(expand_cpus "$CLIENT_CPUS")
mockLatencyMs=$LATENCY_MS
hangTimeoutMs=$HANG_TIMEOUT_MS
productInventoryTimeout=${PRODUCT_INVENTORY_TIMEOUT:-?}
warmupSeconds=$WARMUP
durationSeconds=$DURATION
loadavgStart=$(cut -d' ' -f1-3 /proc/loadavg)
runDirRelative=perf/results/$RUN_ID
soakRate=$SOAK_RATE
soakMinutes=$SOAK_MINUTES
soakSampleSeconds=$SOAK_SAMPLE_SECONDS
EOF
}

# ------------------------------------------------------------------------------------------ processes

start_mocks() {
  log "starting the mocks (latency ${LATENCY_MS} ms) ${PIN_CLIENT[*]}"
  "${PIN_CLIENT[@]}" java "${MOCK_OPTS[@]}" "-Xlog:gc:file=$RUN/mocks-gc.log:time,uptime,level,tags" \
    -cp "$MOCKS_JAR" dev.sheaf.mock.perf.PerfMockMain \
    --latency="${LATENCY_MS}ms" > "$RUN/mocks.log" 2>&1 &
  MOCK_PID=$!
  PIDS+=("$MOCK_PID")
  for port in "${MOCK_PORTS[@]}"; do
    wait_until "mock on :$port" 30 "$MOCK_PID" port_open "$port"
  done
}

# The phases measure steady state after the harness's own warm-up load; the gateway's warm-up keeps the
# 15 s bound the earlier runs had (the release's default is 60 s), as in perf/lib.sh for the other scripts.
export SHEAF_WARMUP_DURATION=${SHEAF_WARMUP_DURATION:-15s}
start_gateway() {
  log "starting the gateway on :$GATEWAY_PORT ${PIN_GATEWAY[*]}"
  "${PIN_GATEWAY[@]}" java "${SHEAF_OPTS[@]}" "-Xlog:gc:file=$RUN/gateway-gc.log:time,uptime,level,tags" -jar "$JAR" \
    --host=127.0.0.1 --port="$GATEWAY_PORT" --schema="$CONFIG/schema" --resolvers="$CONFIG/resolvers" \
    > "$RUN/gateway.log" 2>&1 &
  GW_PID=$!
  PIDS+=("$GW_PID")
  wait_until "gateway /ready" 60 "$GW_PID" curl -sf -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/ready"
}

# Start-up as users see it: `java -jar` with the product's own schema/ and resolvers/ and the gateway's
# JVM flags, pinned like the gateway, to the first 200 from /ready. Twice per run: plain, and with the
# class-data archive the build makes (README: `-XX:SharedArchiveFile=gateway/target/sheaf.jsa`). The archive is
# bound to the jar's path, so the run makes its own for its copy of the jar, the way the build does.
# The warm-up before ready (on by default, up to warmup.duration) is off here: this measures the start
# itself; perf/warmup.sh measures what the warm-up buys after it.
measure_startup() {
  : > "$RUN/startup.tsv"
  log "start-up: training the class-data archive for the run's copy of the jar"
  "${PIN_GATEWAY[@]}" java "${SHEAF_OPTS[@]}" "-XX:ArchiveClassesAtExit=$RUN/sheaf.jsa" -Xlog:cds=off \
    -Xlog:cds+dynamic=off -jar "$JAR" --check --schema="$ROOT/schema" --resolvers="$ROOT/resolvers" \
    > "$RUN/startup-training.log" 2>&1 || warn "the archive's training start failed (see startup-training.log)"
  local i mode
  for i in $(seq 1 "$STARTUP_RUNS"); do
    for mode in plain cds; do
      startup_once "$i" "$mode"
    done
  done
  echo "startupPinningText=${PIN_GATEWAY[*]:-unpinned}" >> "$RUN/run.properties"
}

# One start-up; appends "run, ms to /ready, logged ms, mode" to startup.tsv.
startup_once() {
  local i=$1 mode=$2 t0 t1 pid logged cds=()
  [ "$mode" = plain ] || cds=("-XX:SharedArchiveFile=$RUN/sheaf.jsa")
  t0=$(date +%s%N)
  "${PIN_GATEWAY[@]}" java "${SHEAF_OPTS[@]}" "${cds[@]}" -jar "$JAR" --host=127.0.0.1 --port="$STARTUP_PORT" \
    --warmup=false --schema="$ROOT/schema" --resolvers="$ROOT/resolvers" > "$RUN/startup-$i-$mode.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  until "${PIN_CLIENT[@]}" curl -sf -o /dev/null "http://127.0.0.1:$STARTUP_PORT/ready"; do
    if ! kill -0 "$pid" 2> /dev/null || [ $(( ($(date +%s%N) - t0) / 1000000000 )) -ge 30 ]; then
      warn "start-up run $i ($mode): the gateway did not become ready (see perf/results/$RUN_ID/startup-$i-$mode.log)"
      stop_pid "$pid"
      return 0
    fi
    sleep 0.01
  done
  t1=$(date +%s%N)
  logged=$(grep -o 'ready on [^ ]* in [0-9]* ms' "$RUN/startup-$i-$mode.log" | grep -o '[0-9]* ms' | tr -d ' ms' || true)
  stop_pid "$pid"
  printf '%s\t%s\t%s\t%s\n' "$i" $(( (t1 - t0) / 1000000 )) "${logged:-?}" "$mode" >> "$RUN/startup.tsv"
  log "start-up run $i ($mode): $(( (t1 - t0) / 1000000 )) ms to /ready (logged: ${logged:-?} ms)"
}

# ------------------------------------------------------------------------------------------ phases

# Runs the load generator once. Usage: loadgen OUT_JSON QUERY_FILE LOAD_FLAG WARMUP DURATION TAIL [extra args]
# Starts it in the background and sets LOADGEN_PID.
loadgen() {
  local out=$1 query=$2 load=$3 warmup=$4 duration=$5 tail=$6
  shift 6
  "${PIN_CLIENT[@]}" java "${LOADGEN_OPTS[@]}" -cp "$LOADGEN_CP" dev.sheaf.perf.load.LoadGen \
    --url="http://127.0.0.1:$GATEWAY_PORT/graphql" --body="$QUERIES/$query" "$load" \
    --warmup="${warmup}s" --duration="${duration}s" --tail="${tail}s" \
    --pid="gateway:$GW_PID" --pid="mocks:$MOCK_PID" --clk-tck="$CLK_TCK" \
    --probe="mock@20@http://127.0.0.1:7101/users/7" \
    --out="$out" "$@" >> "$RUN/loadgen.log" 2>&1 &
  LOADGEN_PID=$!
  PIDS+=("$LOADGEN_PID")
}

# One measured phase. Usage: phase NAME SCENARIO GROUP LOAD_FLAG LOAD_TEXT LEVELS QUERY [extra loadgen args]
# LEVELS is the ideal critical path as "N" (N x mock latency) or "N+T" (N x latency + T ms).
phase() {
  local name=$1 scenario=$2 group=$3 load=$4 load_text=$5 levels=$6 query=$7
  shift 7
  PHASE_NO=$((PHASE_NO + 1))
  local id
  id=$(printf '%02d-%s' "$PHASE_NO" "$name")
  local out=$RUN/phases/$id.json ideal_ms ideal_text
  if [[ $levels == *+* ]]; then
    ideal_ms=$(( ${levels%+*} * LATENCY_MS + ${levels#*+} ))
    ideal_text="${levels%+*} × ${LATENCY_MS} ms + ${levels#*+} ms"
  else
    ideal_ms=$(( levels * LATENCY_MS ))
    ideal_text="$levels × ${LATENCY_MS} ms"
  fi
  log "phase $id: $scenario, $load_text (${WARMUP} s warm-up + ${DURATION} s measured)"
  loadgen "$out" "$query" "$load" "$WARMUP" "$DURATION" "$TAIL" --hgrm="$RUN/phases/$id.hgrm" \
    --meta="scenario=$scenario" --meta="group=$group" --meta="load=$load_text" \
    --meta="idealMs=$ideal_ms" --meta="ideal=$ideal_text" "$@"
  # The result is written when the window's requests are done; the load goes on for the tail, so the
  # heap and RSS are read under the same load.
  if ! wait_for_result "$out" "$LOADGEN_PID"; then
    local status=0
    wait "$LOADGEN_PID" || status=$?
    warn "phase $id: the load generator ended (exit status $status) without a result; going on (see loadgen.log)"
    echo "$id: the load generator ended with exit status $status without a result" >> "$RUN/failed-phases.txt"
    assert_gateway_alive
    return 0
  fi
  sample_memory "$RUN/phases/$id.mem"
  wait "$LOADGEN_PID" || warn "load generator exited with $? in phase $id (see loadgen.log)"
  log "  $(tail -1 "$RUN/loadgen.log")"
  assert_gateway_alive
  sleep 1   # let the gateway's connections from the finished generator close
}

# Phases that keep the gateway within its capacity come first, the hang pair next, and the phases that
# saturate or overload it last: an overload leaves timed-out calls and promoted garbage behind, which
# would colour the phases after it. The report groups the rows by scenario.
measure_all() {
  local o="--rate" c="--concurrency"
  if [ "$MODE" = quick ]; then
    phase home-open-500 home home "$o=500" "open 500/s" 2 home.json
    phase wide-open-500 wide wide "$o=500" "open 500/s" 1 wide.json
    phase list100-open-50 list100 list100 "$o=50" "open 50/s" 2 list100.json
    phase big-open-20 big big "$o=20" "open 20/s" 1 big.json --timeout=30s
    hang_pair
    profile_if_asked
    phase home-closed-64 home home "$c=64" "closed 64" 2 home.json
    floor_pair
  else
    phase home-open-100 home home "$o=100" "open 100/s" 2 home.json
    phase home-open-500 home home "$o=500" "open 500/s" 2 home.json
    phase home-open-1000 home home "$o=1000" "open 1000/s" 2 home.json
    phase wide-open-500 wide wide "$o=500" "open 500/s" 1 wide.json
    phase list100-open-50 list100 list100 "$o=50" "open 50/s" 2 list100.json
    phase big-open-20 big big "$o=20" "open 20/s" 1 big.json --timeout=30s
    hang_pair
    profile_if_asked
    floor_pair
    phase home-open-2000 home home "$o=2000" "open 2000/s" 2 home.json
    phase home-closed-16 home home "$c=16" "closed 16" 2 home.json
    phase home-closed-64 home home "$c=64" "closed 64" 2 home.json
    phase home-closed-256 home home "$c=256" "closed 256" 2 home.json
    phase wide-closed-64 wide wide "$c=64" "closed 64" 1 wide.json
    phase list100-open-100 list100 list100 "$o=100" "open 100/s" 2 list100.json
    phase list100-closed-16 list100 list100 "$c=16" "closed 16" 2 list100.json
    phase big-closed-4 big big "$c=4" "closed 4" 1 big.json --timeout=30s
    phase home-open-5000 home home "$o=5000" "open 5000/s" 2 home.json --connections=512
  fi
}

# The hanging backend, against a healthy control run right before it with the same load. Both carry a
# side stream through the gateway of the home screen WITHOUT stock ("the other fields"), so the report
# can compare their latency with and without the hang.
hang_pair() {
  local others="--probe=others@20@http://127.0.0.1:$GATEWAY_PORT/graphql@$QUERIES/home-no-stock.json"
  phase home-healthy-control "home, healthy (control)" hang-control "--rate=500" "open 500/s" 2 home.json "$others"
  set_inventory_hang true
  phase home-inventory-hangs "home, inventory hangs" hang "--rate=500" "open 500/s" "1+$HANG_TIMEOUT_MS" home.json \
    "$others" --expect-codes=BACKEND_TIMEOUT
  # The mock counts a hung call as in flight until the caller cancels it: what is left shows whether
  # the gateway gives up on timed-out gRPC calls or leaves them open.
  curl -sf "http://127.0.0.1:7105/_mock/stats" > "$RUN/hang-inventory-stats.json" || true
  echo "hangInventoryStats=$(cat "$RUN/hang-inventory-stats.json" 2> /dev/null)" >> "$RUN/run.properties"
  set_inventory_hang false
}

# The floor: FloorGateway, a hand-written Vert.x program that makes the home screen's five calls with
# the same clients and Jackson but no GraphQL, bindings or templates, run exactly like the gateway
# (same core, same JVM flags). What Sheaf costs beyond it is Sheaf's own machinery; the floor itself
# is what the transport and JSON cost on this machine.
floor_pair() {
  log "starting the floor program on :$FLOOR_PORT ${PIN_GATEWAY[*]}"
  "${PIN_GATEWAY[@]}" java "${SHEAF_OPTS[@]}" "-Xlog:gc:file=$RUN/floor-gc.log:time,uptime,level,tags" -cp "$MOCKS_JAR" \
    dev.sheaf.mock.perf.FloorGateway --port="$FLOOR_PORT" > "$RUN/floor.log" 2>&1 &
  local floor_pid=$!
  PIDS+=("$floor_pid")
  wait_until "floor on :$FLOOR_PORT" 30 "$floor_pid" port_open "$FLOOR_PORT"
  local gateway_port=$GATEWAY_PORT gateway_pid=$GW_PID
  GATEWAY_PORT=$FLOOR_PORT GW_PID=$floor_pid GC_LOG=$RUN/floor-gc.log
  loadgen "$RUN/warmup/floor.json" home.json --concurrency=8 0 "$FLOOR_WARMUP" 0 --meta=warmup=true --timeout=10s
  wait "$LOADGEN_PID" || true
  phase floor-open-500 "floor: same calls, no GraphQL" floor "--rate=500" "open 500/s" 2 home.json
  phase floor-closed-64 "floor: same calls, no GraphQL" floor "--concurrency=64" "closed 64" 2 home.json
  GATEWAY_PORT=$gateway_port GW_PID=$gateway_pid GC_LOG=
  stop_pid "$floor_pid"
}

set_inventory_hang() {
  if [ "$1" = true ]; then
    curl -sf -X PUT "http://127.0.0.1:7105/_mock/knobs" -d '{"hang": true}' > /dev/null \
      || die "could not make the inventory hang"
  else
    curl -sf -X POST "http://127.0.0.1:7105/_mock/reset" > /dev/null || warn "could not reset the inventory"
  fi
}

# JIT warm-up before anything is measured (results kept apart in warmup/): every scenario at once in
# CLOSED loops, which slow down with a cold gateway instead of burying it (an open loop at a fixed rate
# overloads a gateway whose JIT has not started yet, and the backlog and GC storm that follow would
# last into the first phases). Then the home screen alone until the gateway's compiler threads go
# quiet. On one core C2 competes with the event loop: a phase measured while it still compiles shows
# inflated CPU per request and latency (the results show the JIT share per phase).
warm_up() {
  log "warming up: every scenario at once (closed loops) for ${GLOBAL_WARMUP} s"
  local spec q concurrency pids=()
  for spec in home.json:8 wide.json:4 list100.json:2 big.json:1 home-no-stock.json:2; do
    IFS=: read -r q concurrency <<< "$spec"
    loadgen "$RUN/warmup/${q%.json}.json" "$q" "--concurrency=$concurrency" 0 "$GLOBAL_WARMUP" 0 \
      --meta=warmup=true --timeout=10s
    pids+=("$LOADGEN_PID")
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || warn "a warm-up load generator exited with $?"
  done
  # The timeout paths (a backend hanging) are code too: compiled here, not during the hang phase.
  log "warming up: home with the inventory hanging (closed loop) for ${HANG_WARMUP} s"
  set_inventory_hang true
  loadgen "$RUN/warmup/home-hang.json" home.json --concurrency=32 0 "$HANG_WARMUP" 0 --meta=warmup=true \
    --timeout=10s --expect-codes=BACKEND_TIMEOUT
  wait "$LOADGEN_PID" || true
  set_inventory_hang false
  settle_jit
}

# Runs the home screen (closed loop, 8 in flight) until the gateway's C1/C2 threads used < 5 % of a
# core over 5 s (at most SETTLE_MAX seconds).
settle_jit() {
  local waited=0 before after share=100
  loadgen "$RUN/warmup/settle.json" home.json --concurrency=8 0 "$SETTLE_MAX" 0 --meta=warmup=true --timeout=10s
  local settle_pid=$LOADGEN_PID
  sleep 2
  while [ "$waited" -lt "$SETTLE_MAX" ] && [ "$share" -ge 5 ]; do
    before=$(gateway_jit_seconds)
    sleep 5
    waited=$((waited + 5))
    after=$(gateway_jit_seconds)
    share=$(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.0f", (b - a) / 5 * 100 }')
    log "  gateway JIT: ${share}% of a core over the last 5 s"
  done
  stop_pid "$settle_pid"
  wait "$settle_pid" 2> /dev/null || true
  if [ "$share" -ge 5 ]; then
    warn "the gateway's JIT is still busy after ${SETTLE_MAX} s; the next phases show its share"
  else
    log "  the gateway's JIT has settled"
  fi
}

# CPU seconds used so far by the gateway's JIT compiler threads.
gateway_jit_seconds() {
  cat /proc/"$GW_PID"/task/*/stat 2> /dev/null | awk -v tck="$CLK_TCK" '
    /\((C1|C2) CompilerThre/ { sub(/.*\) /, ""); split($0, f, " "); t += f[12] + f[13] }
    END { printf "%.2f", t / tck }'
}

# One request per scenario, kept in smoke/: the query must give data, and a healthy scenario no errors.
smoke_checks() {
  local q body
  for q in home wide list100 big home-no-stock; do
    body=$("${PIN_CLIENT[@]}" curl -s -H 'content-type: application/json' --data-binary "@$QUERIES/$q.json" \
      "http://127.0.0.1:$GATEWAY_PORT/graphql")
    printf '%s\n' "$body" > "$RUN/smoke/$q.json"
    if ! grep -q '"data":{' <<< "$body"; then
      die "scenario $q returns no data: $(head -c 400 <<< "$body")"
    fi
    if grep -q '"errors"' <<< "$body"; then
      warn "scenario $q answers with errors: $(head -c 300 <<< "$body")"
    fi
  done
  log "smoke checks passed (answers in perf/results/$RUN_ID/smoke/)"
}

# Heap after a full GC, and RSS, of the gateway. The heap comes from the GC log line of the collection
# that `jcmd GC.run` forces ("Pause Full (Diagnostic Command) 80M->18M(247M)"): reading it with jstat
# afterwards would count the eden the load refilled meanwhile. jstat adds old gen and metaspace.
sample_memory() {
  local file=$1 full_gcs after gc_log=${GC_LOG:-$RUN/gateway-gc.log}
  full_gcs=$(grep -c 'Pause Full' "$gc_log" || true)
  "${PIN_CLIENT[@]}" jcmd "$GW_PID" GC.run > /dev/null 2>&1 || warn "jcmd GC.run failed"
  for _ in $(seq 1 50); do
    [ "$(grep -c 'Pause Full' "$gc_log" || true)" -gt "$full_gcs" ] && break
    sleep 0.1
  done
  after=$(grep 'Pause Full' "$gc_log" | tail -1 | sed -E 's/.*->([0-9]+)([KMG])\(.*/\1 \2/' \
    | awk '{ print ($2 == "K") ? $1 : ($2 == "G") ? $1 * 1048576 : $1 * 1024 }')
  echo "heapUsedKiB=${after:-}" > "$file"
  "${PIN_CLIENT[@]}" jstat -gc "$GW_PID" | awk '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "oldUsedKiB=%.0f\nmetaspaceKiB=%.0f\n", $col["OU"], $col["MU"] }' >> "$file" \
    || warn "jstat failed"
  echo "rssKiB=$(awk '/^VmRSS/ {print $2}' "/proc/$GW_PID/status")" >> "$file"
}

soak() {
  local total=$(( SOAK_MINUTES * 60 ))
  PHASE_NO=$((PHASE_NO + 1))
  local id
  id=$(printf '%02d-soak' "$PHASE_NO")
  log "soak: home at $SOAK_RATE req/s for $SOAK_MINUTES min; heap after GC every $SOAK_SAMPLE_SECONDS s"
  # The generator's own first seconds (a fresh JVM) are not measured, as in every phase.
  loadgen "$RUN/phases/$id.json" home.json "--rate=$SOAK_RATE" "$WARMUP" "$total" 3 --hgrm="$RUN/phases/$id.hgrm" \
    --meta="scenario=home (soak)" --meta="group=soak" --meta="load=open $SOAK_RATE/s, $SOAK_MINUTES min" \
    --meta="idealMs=$(( 2 * LATENCY_MS ))" --meta="ideal=2 × ${LATENCY_MS} ms"
  local started cpu_before cpu_now elapsed sample
  started=$(date +%s)
  cpu_before=$(gateway_cpu_seconds)
  printf '# elapsed_s\theap_after_gc_kib\trss_kib\tgateway_cpu_s\n' > "$RUN/soak.tsv"
  while [ ! -f "$RUN/phases/$id.json" ] && kill -0 "$LOADGEN_PID" 2> /dev/null; do
    sleep "$SOAK_SAMPLE_SECONDS"
    [ -f "$RUN/phases/$id.json" ] && break
    elapsed=$(( $(date +%s) - started ))
    sample=$RUN/soak-sample.mem
    sample_memory "$sample"
    cpu_now=$(gateway_cpu_seconds)
    printf '%s\t%s\t%s\t%s\n' "$elapsed" "$(sed -n 's/heapUsedKiB=//p' "$sample")" \
      "$(sed -n 's/rssKiB=//p' "$sample")" "$(awk -v a="$cpu_before" -v b="$cpu_now" 'BEGIN {printf "%.2f", b - a}')" \
      >> "$RUN/soak.tsv"
    cpu_before=$cpu_now
    log "  soak ${elapsed} s: heap after GC $(( $(sed -n 's/heapUsedKiB=//p' "$sample") / 1024 )) MiB"
  done
  wait_for_result "$RUN/phases/$id.json" "$LOADGEN_PID" || die "the soak's load generator ended without a result"
  sample_memory "$RUN/phases/$id.mem"
  wait "$LOADGEN_PID" || warn "soak load generator exited with $?"
}

gateway_cpu_seconds() {
  awk -v tck="$CLK_TCK" '{ sub(/.*\) /, ""); split($0, f, " "); printf "%.2f", (f[12] + f[13]) / tck }' \
    "/proc/$GW_PID/stat"
}

# With --profile: after the phases within capacity (an overload's aftermath would colour the profile),
# then the JIT settles again, because stopping a recording makes it recompile for seconds.
profile_if_asked() {
  if [ "$PROFILE" = true ]; then
    profile_gateway
    settle_jit
  fi
}

# An extra home phase at 500 req/s with Java Flight Recorder on the gateway; the hottest methods
# (self time, from execution samples) go into the results. Not part of the measured table.
profile_gateway() {
  command -v jfr > /dev/null || { warn "no jfr tool: skipping the profile"; return; }
  log "profiling the gateway (JFR) during home at 500 req/s"
  local jfr_file=$RUN/gateway.jfr
  local seconds=${PROFILE_SECONDS:-$DURATION}
  loadgen "$RUN/warmup/profile.json" home.json --rate=500 2 "$seconds" 0 --meta=warmup=true
  sleep 2
  "${PIN_CLIENT[@]}" jcmd "$GW_PID" JFR.start name=perf settings=profile filename="$jfr_file" > /dev/null
  sleep "$seconds"
  "${PIN_CLIENT[@]}" jcmd "$GW_PID" JFR.stop name=perf > /dev/null
  wait "$LOADGEN_PID" || true
  "${PIN_CLIENT[@]}" jfr print --events jdk.ExecutionSample "$jfr_file" \
    | awk -f "$PERF/profile-summary.awk" > "$RUN/profile.txt" || warn "could not summarise the JFR recording"
  {
    echo "profileNote=JFR execution samples of the gateway (all threads) during ${seconds} s of the home screen at 500 req/s, \
each sample charged to its first non-JDK frame. Recording: perf/results/$RUN_ID/gateway.jfr (JDK Mission Control shows the stacks)."
  } >> "$RUN/run.properties"
}

finish() {
  {
    echo "loadavgEnd=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "runSeconds=$(( $(date +%s) - RUN_STARTED ))"
  } >> "$RUN/run.properties"
  "${PIN_CLIENT[@]}" java -cp "$LOADGEN_CP" dev.sheaf.perf.report.ResultsWriter "$RUN" "$OUT"
  log "done in $(( $(date +%s) - RUN_STARTED )) s: $OUT"
}

# ------------------------------------------------------------------------------------------ helpers

port_open() {
  (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

# wait_until WHAT SECONDS PID COMMAND...: retries COMMAND every 50 ms; fails if PID dies or time runs out.
wait_until() {
  local what=$1 seconds=$2 pid=$3
  shift 3
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" 2> /dev/null; do
    kill -0 "$pid" 2> /dev/null || die "$what: the process exited (see the logs in perf/results/$RUN_ID)"
    [ "$(date +%s)" -lt "$deadline" ] || die "$what: not up after $seconds s"
    sleep 0.05
  done
}

# Returns 1 if the load generator ends without writing its result.
wait_for_result() {
  local file=$1 pid=$2
  while [ ! -f "$file" ]; do
    kill -0 "$pid" 2> /dev/null || [ -f "$file" ] || return 1
    sleep 0.1
  done
}

assert_gateway_alive() {
  kill -0 "$GW_PID" 2> /dev/null || die "the gateway died (see perf/results/$RUN_ID/gateway.log)"
}

stop_pid() {
  local pid=$1
  kill "$pid" 2> /dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2> /dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2> /dev/null || true
}

# Stops every process this script started, by its own pid (never by name).
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2> /dev/null && stop_pid "$pid"
  done
  return 0
}

log() {
  printf '%s %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "${RUN:-/tmp}/run.log" >&2
}

warn() {
  log "WARNING: $*"
}

die() {
  log "ERROR: $*"
  exit 1
}

main "$@"
