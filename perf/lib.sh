# Setup shared by the perf/ scripts. Source it first thing, before the script moves to the repository
# root (`. "$(dirname "$0")/lib.sh"`); the functions take paths relative to that root and write to
# $RUN, the script's run directory, so call them after both are in place. It defines functions, and
# the gateway's warm-up bound below.

# The steady-state scripts warm the gateway up with load of their own; its warm-up before ready keeps the
# 15 s bound they were measured with (the release's default is 60 s), so that a start takes as long in
# every run. perf/warmup.sh, which measures the default, unsets it.
export SHEAF_WARMUP_DURATION=${SHEAF_WARMUP_DURATION:-15s}

# Progress with the time, on the terminal and in the run's log, so a run can be followed and read back.
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$RUN/run.log"; }

# A port free at the moment (the OS picks it), so a run needs no fixed ports and can go beside others.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# True when the gateway can have a CPU to itself: taskset exists and there is more than one CPU.
can_pin() { command -v taskset > /dev/null && [ "$(nproc)" -ge 2 ]; }

# Kills the processes whose ids the script added to pids, and waits for them, so none outlives the run.
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }

# Starts the list of processes to stop and stops them on exit, however the script ends.
stop_all_on_exit() { pids=(); trap cleanup EXIT; }

# Builds the gateway, the demo (mocks) and the plugin jars only when one is missing: a build takes minutes.
build_jars() {
  if [ ! -f gateway/target/sheaf.jar ] || [ ! -f demo/target/sheaf-demo.jar ] || ! ls resolvers/plugins/*.jar > /dev/null 2>&1; then
    log "building: mvn -q -B -DskipTests package"
    mvn -q -B -DskipTests package
  fi
}

# Builds the load generator only when it is missing, for the same reason.
build_perf_jar() { [ -f perf/target/sheaf-perf.jar ] || mvn -q -B -f perf/pom.xml package; }

# Copies the gateway and demo jars into the run directory: another build may replace them while this runs.
copy_jars() { cp gateway/target/sheaf.jar demo/target/sheaf-demo.jar "$RUN/"; }

# A configuration directory (schema/, resolvers/ with its plugins) in DIR, that the run may edit freely.
make_config() { # DIR
  mkdir -p "$1/resolvers"
  cp -r schema "$1/schema"
  cp resolvers/*.yaml "$1/resolvers/"
  cp -r resolvers/plugins "$1/resolvers/"
}

# The port a gateway started with --port=0 took, read from its log when it says it is ready; empty when
# it has not within 30 s. The OS picks the port, so this is the only way to learn it.
ready_port() { # GATEWAY_LOG
  local port=""
  for _ in $(seq 1 300); do
    port=$(sed -n 's/.*Sheaf ready on http:\/\/[^:]*:\([0-9]*\)\/graphql.*/\1/p' "$1" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  echo "$port"
}

# Waits for MockMain --random-ports (logging to $RUN/mocks.log) and exports the addresses the
# sample's binding files read (USERS_URL … INVENTORY_ADDRESS); exits when the mocks never came up.
# The log may be text or JSON lines, so the service name follows a space or a quote.
export_mock_addresses() {
  address() { sed -n "s/.*[\" ]$1 listening on \([^ ]*\).*/\1/p" "$RUN/mocks.log" | head -1; }
  for _ in $(seq 1 200); do
    [ -n "$(address inventory)" ] && break
    sleep 0.1
  done
  export USERS_URL=$(address users) ORDERS_URL=$(address orders) CATALOG_URL=$(address catalog)
  export RECOMMENDATIONS_URL=$(address recommendations) INVENTORY_ADDRESS=$(address inventory)
  [ -n "$INVENTORY_ADDRESS" ] || { log "the mocks did not start; see $RUN/mocks.log"; exit 1; }
}

# Sets GATEWAY_PIN (CPU 0) and CLIENT_PIN (the other CPUs) as command prefixes when the gateway can have
# a CPU to itself, else leaves both empty; true when it pinned, so a script can say so in its results.
pin_gateway_core() {
  GATEWAY_PIN=()
  CLIENT_PIN=()
  can_pin || return 1
  GATEWAY_PIN=(taskset -c 0)
  CLIENT_PIN=(taskset -c "1-$(( $(nproc) - 1 ))")
}

# Starts the mocks (MockMain from the run's demo jar) at 10 ms on ports the OS picks, on CLIENT_PIN's CPUs,
# adds them to the processes stopped on exit, and exports their addresses (export_mock_addresses).
start_mocks() {
  "${CLIENT_PIN[@]}" java -Xms256m -Xmx512m -XX:+UseSerialGC -cp "$RUN/sheaf-demo.jar" dev.sheaf.mock.MockMain \
    --random-ports --latency=10ms > "$RUN/mocks.log" 2>&1 &
  pids+=($!)
  export_mock_addresses
  log "mocks: users $USERS_URL, orders $ORDERS_URL, catalog $CATALOG_URL, recommendations $RECOMMENDATIONS_URL, inventory $INVENTORY_ADDRESS"
}

# The README's production flags (JVM settings for one core), without the archive or cache a variant adds.
PRODUCTION_FLAGS=(-Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError)

# A class-data archive for a copy of the gateway's jar, trained by JAVA as the build trains its own
# (a start of the check on $CONFIG); it fits that jar and that JVM only.
train_archive() { # JAVA JAR ARCHIVE
  log "training the class-data archive for $(basename "$2") (as the build does)"
  "${GATEWAY_PIN[@]}" "$1" -Xms256m -Xmx256m -XX:+UseSerialGC "-XX:ArchiveClassesAtExit=$3" -Xlog:cds=off \
    -Xlog:cds+dynamic=off -jar "$2" --check --check-warmup --schema="$CONFIG/schema" \
    --resolvers="$CONFIG/resolvers" > "$RUN/archive-training-$(basename "$3" .jsa).log" 2>&1 \
    || log "the archive's training start failed (see archive-training-$(basename "$3" .jsa).log)"
}

# An AOT cache (JDK 25 and later) for a jar, made by JAVA as the build's -Dsheaf.aot.java makes it.
aot_cache() { # JAVA JAR CACHE
  log "training an AOT cache with $1"
  # Bounded: a training start that hangs (seen once on JDK 25) ends, and the JVM still writes the cache.
  # Its warm-up runs to its own end, as in the build, not to the steady-state scripts' 15 s.
  SHEAF_WARMUP_DURATION=60s timeout 180 "${GATEWAY_PIN[@]}" "$1" -Xms256m -Xmx256m -XX:+UseSerialGC "-XX:AOTCacheOutput=$3" -Xlog:aot=off \
    -jar "$2" --check --check-warmup --schema="$CONFIG/schema" --resolvers="$CONFIG/resolvers" \
    > "$RUN/aot-training-$(basename "$3" .aot).log" 2>&1 || log "the AOT cache's training start failed"
}

# A variant's words, as the scripts that compare variants take them: "java=PATH" (another JVM), "jar=PATH"
# (another build of the gateway), "aot" (an AOT cache for that JVM and jar instead of the class-data
# archive), "floor" (not the gateway: the floor program, FloorGateway from the run's demo jar, which makes
# the home screen's calls by hand; side-by-side.sh only), words starting with "--" the gateway's flags
# (or the floor's), the others JVM options. Sets V_JAVA, V_JAR, V_FLAGS, V_FLOOR (true or false), and
# V_OPTS: the production flags, the archive or cache made for that JVM and jar (trained once per run; the
# run's own archive is $RUN/sheaf.jsa; none for the floor), then the JVM options.
variant_setup() { # NAME WORDS
  local name=$1 w aot=false jvm=()
  V_JAVA=java V_JAR=$RUN/sheaf.jar V_FLAGS=() V_FLOOR=false
  for w in $2; do
    case $w in
      floor) V_FLOOR=true ;;
      java=*) V_JAVA=${w#java=} ;;
      jar=*) V_JAR=$RUN/sheaf-$name.jar; [ -f "$V_JAR" ] || cp "${w#jar=}" "$V_JAR" ;;
      aot) aot=true ;;
      --*) V_FLAGS+=("$w") ;;
      *) jvm+=("$w") ;;
    esac
  done
  V_OPTS=("${PRODUCTION_FLAGS[@]}")
  if [ "$V_FLOOR" = true ]; then
    : # the floor is not the gateway's jar: no archive or cache made for it fits
  elif [ "$aot" = true ]; then
    [ -f "$RUN/sheaf-$name.aot" ] || aot_cache "$V_JAVA" "$V_JAR" "$RUN/sheaf-$name.aot"
    V_OPTS+=("-XX:AOTCache=$RUN/sheaf-$name.aot")
  elif [ "$V_JAR" != "$RUN/sheaf.jar" ] || [ "$V_JAVA" != java ]; then
    [ -f "$RUN/sheaf-$name.jsa" ] || train_archive "$V_JAVA" "$V_JAR" "$RUN/sheaf-$name.jsa"
    V_OPTS+=("-XX:SharedArchiveFile=$RUN/sheaf-$name.jsa")
  else
    V_OPTS+=("-XX:SharedArchiveFile=$RUN/sheaf.jsa")
  fi
  V_OPTS+=("${jvm[@]}")
}

# The start most scripts share: the run directory perf/results/<time>-KIND in RUN (its processes stopped
# on exit), the jars built when missing and copied into it, and a configuration in $RUN/config (CONFIG).
prepare_run() { # KIND
  RUN=perf/results/$(date -u +%Y%m%dT%H%M%SZ)-$1
  mkdir -p "$RUN"
  stop_all_on_exit
  build_jars
  build_perf_jar
  copy_jars
  CONFIG=$RUN/config
  make_config "$CONFIG"
}

# That start, for the scripts that measure the home screen against the sample's mocks, and then: the
# gateway's CPU pinned when it can be, a class-data archive for the run's copy of the jar
# ($RUN/sheaf.jsa), the mocks started, QUERY a copy of the home screen's query.
prepare_home_run() { # KIND
  prepare_run "$1"
  pin_gateway_core || true
  train_archive java "$RUN/sheaf.jar" "$RUN/sheaf.jsa"
  start_mocks
  QUERY=$RUN/home.json
  cp perf/scenarios/queries/home.json "$QUERY"
}

# Runs the load generator against the program NAME of the script's PORT and PID arrays with the body in
# $QUERY, charging the CPU of that process; its JSON goes to OUT, its log to $RUN/loadgen.log. The rest are
# the generator's flags (--concurrency or --rate, --warmup, --duration, --windows).
load_home() { # NAME OUT [generator flags]
  local name=$1 out=$2
  shift 2
  "${CLIENT_PIN[@]}" java -Xms256m -Xmx1g -XX:+UseSerialGC -cp "perf/target/sheaf-perf.jar:perf/target/lib/*" \
    dev.sheaf.perf.load.LoadGen --url="http://127.0.0.1:${PORT[$name]}/graphql" --body="$QUERY" --tail=0s \
    --pid="gateway:${PID[$name]}" --clk-tck="$(getconf CLK_TCK)" --out="$out" "$@" >> "$RUN/loadgen.log" 2>&1 \
    || log "  $name: the load generator failed ($out)"
}
