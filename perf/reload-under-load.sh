#!/usr/bin/env bash
# Hot reload under steady load: the home screen at RATE req/s (default 500) for DURATION seconds
# (default 60), once without reloads and once with a reload every 5 s (each one a new version: a
# comment added to a binding file), and one broken binding file pushed halfway through the second
# run (refused: the running configuration must keep serving). Writes perf/RESULTS-reload.md.
#
#   perf/reload-under-load.sh [--rate=500] [--duration=60] [--out=perf/RESULTS-reload.md]
#
# Mocks at 10 ms (PerfMockMain from the demo jar) on 7101-7106/7110, the gateway (the release jar) on
# 4480 with its admin routes on 4482, the load generator of perf/. Stops everything it started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

RATE=500
DURATION=60
OUT=perf/RESULTS-reload.md
for arg in "$@"; do
  case $arg in
    --rate=*) RATE=${arg#*=} ;;
    --duration=*) DURATION=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
PORT=4480
ADMIN=4482
prepare_run reload

java -Xms512m -Xmx1g -XX:+UseSerialGC -cp "$RUN/sheaf-demo.jar" dev.sheaf.mock.perf.PerfMockMain --latency=10ms \
  > "$RUN/mocks.log" 2>&1 &
pids+=($!)
java -Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -jar "$RUN/sheaf.jar" --host=127.0.0.1 \
  --port=$PORT --admin-port=$ADMIN --schema="$CONFIG/schema" --resolvers="$CONFIG/resolvers" > "$RUN/gateway.log" 2>&1 &
GW_PID=$!
pids+=($GW_PID)
for _ in $(seq 1 200); do
  curl -sf "http://127.0.0.1:$PORT/ready" > /dev/null 2>&1 && curl -sf http://127.0.0.1:7101/users/7 > /dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$PORT/ready" > /dev/null || { log "the gateway did not get ready; see $RUN/gateway.log"; exit 1; }

QUERY=$RUN/home.json
cp perf/scenarios/queries/home.json "$QUERY"
load() { # NAME WARMUP DURATION
  java -Xms256m -Xmx1g -XX:+UseSerialGC -cp "perf/target/sheaf-perf.jar:perf/target/lib/*" dev.sheaf.perf.load.LoadGen \
    --url="http://127.0.0.1:$PORT/graphql" --body="$QUERY" --rate="$RATE" --warmup="${2}s" --duration="${3}s" \
    --tail=1s --pid="gateway:$GW_PID" --clk-tck="$(getconf CLK_TCK)" --out="$RUN/$1.json" 2>&1 | tee -a "$RUN/loadgen.log" | tail -1
}

log "warm-up: 30 s at $RATE req/s"
load warmup 5 25 > /dev/null
log "steady: $DURATION s at $RATE req/s, no reload"
STEADY=$(load steady 2 "$DURATION")
log "  $STEADY"

log "reloading: $DURATION s at $RATE req/s, a reload every 5 s, one broken binding halfway"
load reloading 2 "$DURATION" > "$RUN/reloading.txt" &
LOAD_PID=$!
sleep 2
: > "$RUN/reloads.tsv"
round=0
end=$(( $(date +%s) + DURATION ))
while [ "$(date +%s)" -lt $(( end - 3 )) ]; do
  round=$((round + 1))
  if [ $round -eq $(( DURATION / 10 )) ]; then
    printf 'fields:\n  Query.user:\n    backend: nowhere\n    get: /x\n' > "$CONFIG/resolvers/broken.yaml"
  else
    rm -f "$CONFIG/resolvers/broken.yaml"
    printf '\n# reload %s\n' "$round" >> "$CONFIG/resolvers/shop.yaml"
  fi
  code=$(curl -s -o "$RUN/reload-$round.json" -w '%{http_code}' -X POST "http://127.0.0.1:$ADMIN/reload")
  outcome=$(sed -n 's/.*"outcome" *: *"\([a-z]*\)".*/\1/p' "$RUN/reload-$round.json" | head -1)
  printf '%s\t%s\t%s\n' "$round" "$code" "$outcome" >> "$RUN/reloads.tsv"
  sleep 5
done
rm -f "$CONFIG/resolvers/broken.yaml"
wait $LOAD_PID
RELOADING=$(tail -1 "$RUN/reloading.txt")
log "  $RELOADING"
APPLIED=$(awk -F'\t' '$3 == "applied"' "$RUN/reloads.tsv" | wc -l)
REFUSED=$(awk -F'\t' '$3 == "refused"' "$RUN/reloads.tsv" | wc -l)
log "reloads: $APPLIED applied, $REFUSED refused (of $round)"

{
  echo "# Hot reload under load"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') at $(git rev-parse --short HEAD) by \`perf/reload-under-load.sh\` on"
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1)."
  echo "The home screen (REST + gRPC, two dependency levels, mocks at 10 ms: ideal 20 ms) at $RATE req/s, open loop,"
  echo "$DURATION s per run; gateway, mocks and load generator share the machine, unpinned."
  echo
  echo "| run | load generator's summary (window) |"
  echo "|---|---|"
  echo "| steady, no reload | ${STEADY#*: } |"
  echo "| a reload every 5 s ($APPLIED applied, $REFUSED broken binding refused) | ${RELOADING#*: } |"
  echo
  echo "Every reload re-reads, recompiles and validates the whole configuration off the event loops and swaps it in;"
  echo "the refused one leaves the running configuration in place. \"errors\" counts answers that were not a"
  echo "complete 200 (a failed request, a non-200 status or a GraphQL error)."
} > "$OUT"
log "wrote $OUT"
