#!/usr/bin/env bash
# Warm-up as a scenario: how fast a freshly started gateway is from the moment /ready answers 200. Per
# variant, a fresh gateway is started with the README's production command and flags (the class-data
# archive made for the run's copy of the jar), and the load generator, started beside it, waits for
# /ready to answer 200 and from that moment sends the home screen open loop at RATE req/s (default 500)
# for DURATION seconds (default 60), reporting every 1-second window: p50, p99, requests, and the
# gateway's CPU (and its JIT compiler threads' share) from /proc/PID/stat. Variants run one after the
# other in each round, rounds alternate them, so the machine's load falls on all alike.
# Writes perf/RESULTS-warmup.md.
#
# Before the first variant the mocks get MOCK_WARMUP seconds (default 30, 0 for none) of the same load
# through a throwaway gateway: in production a restarted gateway meets warm backends. The generator
# warms its own client against a server of its own before it waits for /ready.
#
#   perf/warmup.sh [--rate=500] [--duration=60] [--rounds=1] [--steady=20] [--mock-warmup=30]
#                  [--out=perf/RESULTS-warmup.md] [--variants="baseline;warmup"] [--report-only=perf/results/DIR]
#
# A variant is NAME or NAME=WORDS: words starting with "--" are the gateway's flags, the others JVM
# options added to the production ones, e.g.
#   --variants="baseline;warmup;warmup10=--warmup-duration=10s;aot=-XX:AOTCache=app.aot --warmup=false"
# "baseline" is --warmup=false, "warmup" is --warmup=true (the release's default). Two words of the
# script's own: "java=PATH" runs that variant on another JVM (e.g. a JDK 25's bin/java), and "aot" makes,
# for that JVM, an AOT cache (JDK 25: -XX:AOTCacheOutput, trained like the build's class-data archive with
# --check --check-warmup) and starts with -XX:AOTCache instead of the JDK 17 archive, e.g.
#   --variants="warmup;jdk25-aot=java=/opt/jdk-25/bin/java aot"
# A third, "jar=PATH", runs another build of the gateway (a class-data archive trained for it the same
# way), so two builds are compared side by side in one run, e.g. --variants="before=jar=/tmp/old/sheaf.jar;warmup".
#
# Mocks at 10 ms on ports the OS picks, the gateway on free ports, pinned to CPU 0 when taskset exists
# (mocks and load generator on the others). Stops everything it started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# This script measures the release's warm-up as it ships; a variant sets another bound with --warmup-duration.
unset SHEAF_WARMUP_DURATION
cd "$(dirname "$0")/.."
ROOT=$(pwd)

RATE=500
DURATION=60
ROUNDS=1
STEADY=20
MOCK_WARMUP=30
VARIANTS="baseline;warmup"
OUT=perf/RESULTS-warmup.md
REPORT_ONLY=""
for arg in "$@"; do
  case $arg in
    --rate=*) RATE=${arg#*=} ;;
    --duration=*) DURATION=${arg#*=} ;;
    --rounds=*) ROUNDS=${arg#*=} ;;
    --steady=*) STEADY=${arg#*=} ;;
    --mock-warmup=*) MOCK_WARMUP=${arg#*=} ;;
    --variants=*) VARIANTS=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    --report-only=*) REPORT_ONLY=${arg#*=} ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
[ "$DURATION" -gt "$STEADY" ] || { echo "--duration must be longer than --steady" >&2; exit 2; }
RUN=$ROOT/perf/results/$(date -u +%Y%m%dT%H%M%SZ)-warmup
[ -n "$REPORT_ONLY" ] && RUN=$(cd "$REPORT_ONLY" && pwd)
mkdir -p "$RUN"

# Renders the results of the run directory's phases.
report() {
python3 - "$RUN" "$OUT" "$STEADY" "$RATE" "$DURATION" <<'PY'
import json, os, re, statistics, subprocess, sys, glob, datetime
run, out, steady_n, rate, duration = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
# What the run itself did (a run from before the mocks were warmed has no record: it did not warm them).
mock_file = os.path.join(run, 'mock-warmup.txt')
mock_warmup = int(open(mock_file).read()) if os.path.exists(mock_file) else 0
variants = [line.rstrip('\n').split('\t') for line in open(os.path.join(run, 'variants.tsv'))]
def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
def cpu_us(windows):
    cpu = sum(max(0.0, w['cpuSeconds'].get('gateway', 0)) for w in windows)
    done = sum(w['completed'] for w in windows)
    return 1e6 * cpu / done if done else float('nan')
rows, curves = [], {}
for name, words in variants:
    for path in sorted(glob.glob(os.path.join(run, f'{name}-[0-9]*.json'))):
        r = json.load(open(path)); ws = r['windows']; rnd = r['meta']['round']
        log = open(os.path.join(run, f'gateway-{name}-{rnd}.log')).read()
        ready = re.search(r'Sheaf ready on \S+ in (\d+) ms', log)
        warm = re.search(r'warm-up done in (\d+) ms \(([^)]*)\): ([\d]+) requests', log)
        tail = ws[-steady_n:]
        steady_p99 = statistics.median(w['p99'] for w in tail)
        # The first second from which every window's p99 stays within 1.5x the steady p99.
        settled = len(ws)
        for i in range(len(ws) - 1, -1, -1):
            if ws[i]['p99'] > 1.5 * steady_p99:
                break
            settled = i
        # When later than 5 s: how many windows from the fifth second on went over that line (one stray second
        # late in the run, the compiler idle, reads as "settled after 54 s" too).
        over_after5 = sum(1 for w in ws[5:] if w['p99'] > 1.5 * steady_p99)
        first5 = ws[:5]
        rows.append(dict(name=name, round=rnd, words=words, ready=ready.group(1) if ready else '?',
            warm=(f"{warm.group(1)} ms, {warm.group(3)} req ({warm.group(2)})" if warm else 'none'),
            steady_p50=statistics.median(w['p50'] for w in tail), steady_p99=steady_p99,
            settled=settled, over_after5=over_after5, first5_p50=statistics.median(w['p50'] for w in first5),
            first5_p99=max(w['p99'] for w in first5), cpu5=cpu_us(first5), cpus=cpu_us(tail),
            jit5=sum(max(0.0, w['jitSeconds'].get('gateway', 0)) for w in first5),
            errors=sum(w['errors'] for w in ws), requests=sum(w['requests'] for w in ws)))
        curves[(name, rnd)] = ws
lines = []
L = lines.append
L('# Warm-up: the first minute after /ready, one core')
L('')
model = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
load = ' '.join(open('/proc/loadavg').read().split()[0:3])
during = open(os.path.join(run, 'loadavg.txt')).read().split() if os.path.exists(os.path.join(run, 'loadavg.txt')) else []
L(f"Measured {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC at `{sh('git rev-parse --short HEAD')}` by `perf/warmup.sh` on "
  f"{os.cpu_count()} cores ({model}), {sh('java -version 2>&1 | head -1')}; load average (1 min) during the phases "
  f"{', '.join(during) or '?'}, {load} at the end (other work shares this machine: the figures are noisy).")
L('')
L(f"Each variant: a fresh gateway started with the README's production command (`-Xms256m -Xmx256m -XX:+UseSerialGC "
  f"-XX:+ExitOnOutOfMemoryError -XX:SharedArchiveFile=…`, an archive made for the run's jar) pinned to CPU 0; the mocks "
  f"(10 ms) and the load generator on the other CPU. The load generator polls `/ready` and from its first 200 sends the "
  f"home screen open loop at {rate} req/s for {duration} s. Steady state: the median p99 (and p50) of the last {steady_n} "
  "1-second windows, CPU per request over them. *Settled after*: the first second from which every window's p99 "
  "stays within 1.5 × the steady p99 (when that is after 5 s, how many windows from the fifth second on went over "
  "that line). CPU per request: the gateway's CPU time (all its threads, /proc/PID/stat) "
  "over the requests completed in the windows. "
  + (f"Before the first variant the mocks had {mock_warmup} s of the same load through a throwaway gateway, and the "
     "load generator warms its own client against a server of its own before it polls `/ready`."
     if mock_warmup > 0 else "The mocks were not warmed first: the first variant met cold mocks."))
L('')
L('| variant | round | ready after start | warm-up | settled after | steady p50 / p99 | first 5 s: p50 (median) / worst p99 | CPU/request first 5 s | CPU/request steady | first 5 s ÷ steady | JIT CPU first 5 s | errors |')
L('|---|---|---|---|---|---|---|---|---|---|---|---|')
for r in rows:
    settled = f"{r['settled']} s" + (f" ({r['over_after5']} of the windows from 5 s over)" if r['settled'] > 5 else '')
    L(f"| {r['name']} | {r['round']} | {r['ready']} ms | {r['warm']} | {settled} | {r['steady_p50']:.1f} / {r['steady_p99']:.1f} ms | "
      f"{r['first5_p50']:.1f} / {r['first5_p99']:.1f} ms | {r['cpu5']:.0f} µs | {r['cpus']:.0f} µs | {r['cpu5'] / r['cpus']:.1f}× | "
      f"{r['jit5']:.2f} s | {r['errors']} of {r['requests']} |")
L('')
def shown(words):
    # A JVM is named by its version, not by where it is installed; another build by its jar's name.
    words = re.sub(r'jar=(\S+)', lambda m: 'jar=' + os.path.basename(m.group(1)), words)
    return re.sub(r'java=(\S+)', lambda m: 'java=' + sh(f"{m.group(1)} -version 2>&1 | head -1").replace('"', ''), words)
L('Variants: ' + '; '.join(f"**{n}** `{shown(w).strip()}`" for n, w in variants) + '.')
L('')
L('## The curve, second by second')
L('')
L('p50 / p99 in ms, requests sent in the second, gateway CPU per request completed in it (µs), and its JIT compiler threads\' CPU in it (ms).')
L('')
keys = list(curves)
L('| s | ' + ' | '.join(f"{n} #{rd}" for n, rd in keys) + ' |')
L('|---|' + '---|' * len(keys))
for i in range(max(len(v) for v in curves.values())):
    cells = []
    for k in keys:
        ws = curves[k]
        if i >= len(ws):
            cells.append(''); continue
        w = ws[i]; c = max(0.0, w['cpuSeconds'].get('gateway', 0)); j = max(0.0, w['jitSeconds'].get('gateway', 0))
        per = 1e6 * c / w['completed'] if w['completed'] else float('nan')
        cells.append(f"{w['p50']:.1f} / {w['p99']:.1f}, {w['requests']}, {per:.0f} µs, JIT {1000 * j:.0f}")
    L(f'| {i} | ' + ' | '.join(cells) + ' |')
L('')
L(f"Raw results (result JSON per phase, gateway logs) stay in `perf/results/{os.path.basename(run)}/` (git-ignored).")
open(out, 'w').write('\n'.join(lines) + '\n')
PY
}

if [ -n "$REPORT_ONLY" ]; then
  report
  log "wrote $OUT"
  exit 0
fi

stop_all_on_exit

build_jars
mvn -q -B -f perf/pom.xml package
copy_jars
CONFIG=$RUN/config
make_config "$CONFIG"

pin_gateway_core || true
# The README's recommended production command ("JVM settings for one core"), the archive made for this copy.
PRODUCTION_OPTS=("${PRODUCTION_FLAGS[@]}" "-XX:SharedArchiveFile=$RUN/sheaf.jsa")

train_archive java "$RUN/sheaf.jar" "$RUN/sheaf.jsa"

start_mocks

QUERY=$RUN/home.json
cp perf/scenarios/queries/home.json "$QUERY"

IFS=';' read -r -a SPECS <<< "$VARIANTS"
: > "$RUN/variants.tsv"
for spec in "${SPECS[@]}"; do
  name=${spec%%=*}
  words=""
  [ "$spec" != "$name" ] && words=${spec#*=}
  case $name in
    baseline) words="--warmup=false $words" ;;
    warmup) words="--warmup=true $words" ;;
  esac
  printf '%s\t%s\n' "$name" "$words" >> "$RUN/variants.tsv"
done

# The home screen open loop at RATE from the moment the gateway on PORT answers /ready, in 1-second windows.
# The generator warms its own client first, so the first windows charge the gateway, not the generator.
home_load() { # PORT GATEWAY_PID SECONDS [generator flags]
  local port=$1 gw=$2 seconds=$3
  shift 3
  "${CLIENT_PIN[@]}" java -Xms256m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -cp "perf/target/sheaf-perf.jar:perf/target/lib/*" dev.sheaf.perf.load.LoadGen \
    --url="http://127.0.0.1:$port/graphql" --body="$QUERY" --rate="$RATE" --wait-ready="http://127.0.0.1:$port/ready" \
    --warmup=0s --duration="${seconds}s" --tail=0s --windows=1s --pid="gateway:$gw" --clk-tck="$(getconf CLK_TCK)" \
    "$@" >> "$RUN/loadgen.log" 2>&1
}

# The mocks are JVMs too: freshly started, their first seconds would be charged to the first variant. A
# throwaway gateway (warmed up for 15 s, so that its calls reach the mocks rather than time out) sends
# them the same load first.
warm_mocks() {
  log "warming the mocks: ${MOCK_WARMUP}s of the same load through a throwaway gateway (not measured)"
  local port admin
  port=$(free_port)
  admin=$(free_port)
  "${GATEWAY_PIN[@]}" java "${PRODUCTION_OPTS[@]}" -jar "$RUN/sheaf.jar" \
    --host=127.0.0.1 --port="$port" --admin-port="$admin" --schema="$CONFIG/schema" --resolvers="$CONFIG/resolvers" \
    --log-format=text --access-log=false --warmup-duration=15s > "$RUN/gateway-mock-warming.log" 2>&1 &
  local gw=$!
  pids+=($gw)
  home_load "$port" "$gw" "$MOCK_WARMUP" --out="$RUN/mock-warming.json" || log "  the mocks' warm-up load failed"
  kill "$gw" 2>/dev/null || true
  wait "$gw" 2>/dev/null || true
}

phase() { # NAME WORDS ROUND
  local name=$1 words=$2 round=$3
  variant_setup "$name" "$words"
  local port admin glog=$RUN/gateway-$name-$round.log
  port=$(free_port)
  admin=$(free_port)
  local t0
  t0=$(date +%s%N)
  "${GATEWAY_PIN[@]}" "$V_JAVA" "${V_OPTS[@]}" -jar "$V_JAR" \
    --host=127.0.0.1 --port="$port" --admin-port="$admin" --schema="$CONFIG/schema" --resolvers="$CONFIG/resolvers" \
    --log-format=text --access-log=false "${V_FLAGS[@]}" > "$glog" 2>&1 &
  local gw=$!
  pids+=($gw)
  home_load "$port" "$gw" "$DURATION" --meta=variant="$name" --meta=round="$round" --meta=startNanos="$t0" \
    --out="$RUN/$name-$round.json" || log "  $name, round $round: the load generator failed"
  cut -d' ' -f1 /proc/loadavg >> "$RUN/loadavg.txt"
  kill "$gw" 2>/dev/null || true
  wait "$gw" 2>/dev/null || true
  log "  $name, round $round: $(grep -o 'Sheaf ready on .*' "$glog" | head -1); $(grep -o 'warm-up done.*' "$glog" | head -1)"
}

echo "$MOCK_WARMUP" > "$RUN/mock-warmup.txt"
if [ "$MOCK_WARMUP" -gt 0 ]; then
  warm_mocks
fi
for round in $(seq 1 "$ROUNDS"); do
  while IFS=$'\t' read -r name words; do
    phase "$name" "$words" "$round"
  done < "$RUN/variants.tsv"
done

report
log "wrote $OUT"
