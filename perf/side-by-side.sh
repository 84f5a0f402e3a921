#!/usr/bin/env bash
# Builds or JVMs of the gateway side by side, warm, on the same core: each variant's gateway is started
# (one at a time, so their warm-ups do not share the core) and warmed by WARM seconds of 16 clients, then
# the home screen is measured in windows that alternate between the variants (in reverse order every other
# round, since going first is a bias of its own), ROUNDS times: at
# CONCURRENCY in flight (closed loop), then at RATE req/s (open loop). The gateways idle between their
# windows. One set of mocks and one load generator serve all of them, and whatever drifts over the run
# (a neighbour, the mocks' own JIT) falls on every variant alike, which separate runs cannot give.
#
#   perf/side-by-side.sh --variants="jdk17;jdk25=java=/opt/jdk-25/bin/java aot" [--rounds=3] [--window=15]
#                        [--rate=500] [--concurrency=64] [--warm=30] [--out=perf/RESULTS-side-by-side.md]
#
# A variant is NAME or NAME=WORDS, as for perf/warmup.sh: "java=PATH" another JVM, "jar=PATH" another
# build of the gateway, "aot" an AOT cache for that JVM and jar instead of the class-data archive (each
# trained once per run), "floor" the floor program instead of a gateway (FloorGateway: the home screen's
# calls by hand, no GraphQL), words starting with "--" the gateway's (or the floor's) flags, the others
# JVM options added to the README's production flags. E.g. the build before a change against the current
# one, and the floor:
#   --variants="before=jar=/tmp/sheaf-1234abc.jar;after;floor=floor"
#
# Mocks at 10 ms on ports the OS picks, the gateways on free ports, pinned to CPU 0 when taskset exists
# (mocks and load generator on the others). Stops everything it started. Raw data: perf/results/<run>/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

VARIANTS=""
ROUNDS=3
WINDOW=15
RATE=500
CONCURRENCY=64
WARM=30
OUT=perf/RESULTS-side-by-side.md
for arg in "$@"; do
  case $arg in
    --variants=*) VARIANTS=${arg#*=} ;;
    --rounds=*) ROUNDS=${arg#*=} ;;
    --window=*) WINDOW=${arg#*=} ;;
    --rate=*) RATE=${arg#*=} ;;
    --concurrency=*) CONCURRENCY=${arg#*=} ;;
    --warm=*) WARM=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    *) echo "unknown option: $arg (see the header of $0)" >&2; exit 2 ;;
  esac
done
if [ -z "$VARIANTS" ]; then
  echo "--variants is required, e.g. --variants=\"jdk17;jdk25=java=/opt/jdk-25/bin/java aot\"" >&2
  exit 2
fi

prepare_home_run side-by-side

IFS=';' read -r -a SPECS <<< "$VARIANTS"
declare -A PORT PID
: > "$RUN/variants.tsv"
for spec in "${SPECS[@]}"; do
  name=${spec%%=*}
  words=""
  [ "$spec" != "$name" ] && words=${spec#*=}
  variant_setup "$name" "$words"
  PORT[$name]=$(free_port)
  if [ "$V_FLOOR" = true ]; then
    # It calls the mocks at the addresses start_mocks exported, as the gateways' bindings do.
    "${GATEWAY_PIN[@]}" "$V_JAVA" "${V_OPTS[@]}" -cp "$RUN/sheaf-demo.jar" dev.sheaf.mock.perf.FloorGateway \
      --port="${PORT[$name]}" "${V_FLAGS[@]}" > "$RUN/gateway-$name.log" 2>&1 &
  else
    "${GATEWAY_PIN[@]}" "$V_JAVA" "${V_OPTS[@]}" -jar "$V_JAR" --host=127.0.0.1 --port="${PORT[$name]}" \
      --admin-port="$(free_port)" --schema="$CONFIG/schema" --resolvers="$CONFIG/resolvers" --log-format=text \
      --access-log=false "${V_FLAGS[@]}" > "$RUN/gateway-$name.log" 2>&1 &
  fi
  PID[$name]=$!
  pids+=("${PID[$name]}")
  for _ in $(seq 1 180); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT[$name]}/ready")" = 200 ] && break
    grep -qs 'floor gateway on' "$RUN/gateway-$name.log" && break
    sleep 1
  done
  log "$name: $(grep -o 'Sheaf ready on .*\|floor gateway on .*' "$RUN/gateway-$name.log" | head -1)"
  printf '%s\t%s\t%s\n' "$name" "$words" "$("$V_JAVA" -version 2>&1 | head -1)" >> "$RUN/variants.tsv"
done

for spec in "${SPECS[@]}"; do
  load_home "${spec%%=*}" "$RUN/warm-${spec%%=*}.json" --concurrency=16 --warmup=0s --duration="${WARM}s" --windows="${WARM}s"
done
log "warm: ${WARM}s of 16 clients each; now ${ROUNDS} rounds of ${WINDOW}s windows"
for round in $(seq 1 "$ROUNDS"); do
  # Every other round runs the variants in reverse: a variant that always went first read up to 7 % more
  # CPU per request than the same build going second (15 s windows, 2026-12-06), so a fixed order is a bias.
  order=("${SPECS[@]}")
  if [ $((round % 2)) -eq 0 ]; then
    order=()
    for ((i = ${#SPECS[@]} - 1; i >= 0; i--)); do order+=("${SPECS[$i]}"); done
  fi
  for spec in "${order[@]}"; do
    name=${spec%%=*}
    load_home "$name" "$RUN/closed-$name-$round.json" --concurrency="$CONCURRENCY" --warmup=3s \
      --duration="${WINDOW}s" --windows="${WINDOW}s"
    load_home "$name" "$RUN/open-$name-$round.json" --rate="$RATE" --warmup=3s --duration="${WINDOW}s" --windows="${WINDOW}s"
    cut -d' ' -f1 /proc/loadavg >> "$RUN/loadavg.txt"
  done
done

python3 - "$RUN" "$OUT" "$ROUNDS" "$WINDOW" "$RATE" "$CONCURRENCY" "$WARM" <<'PY'
import datetime, glob, json, os, re, subprocess, sys
run, out, rounds, window, rate, conc, warm = sys.argv[1:8]
def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
variants = [line.rstrip('\n').split('\t') for line in open(os.path.join(run, 'variants.tsv'))]
def figures(path):
    if not os.path.exists(path):
        return None
    ws = json.load(open(path))['windows']
    cpu = sum(max(0.0, w['cpuSeconds'].get('gateway', 0)) for w in ws)
    done = sum(w['completed'] for w in ws)
    return dict(us=1e6 * cpu / done if done else float('nan'), rps=done / float(window),
                p50=max(w['p50'] for w in ws), p99=max(w['p99'] for w in ws), errors=sum(w['errors'] for w in ws))
def cell(f):
    return '—' if f is None else f"{f['us']:.0f} µs, {f['rps']:.0f} req/s, p50 {f['p50']:.1f} / p99 {f['p99']:.1f} ms" + (
        f", {f['errors']} errors" if f['errors'] else '')
def spread(kind, name):
    vals = [f['us'] for r in range(1, int(rounds) + 1) if (f := figures(os.path.join(run, f'{kind}-{name}-{r}.json')))]
    return f"{min(vals):.0f}–{max(vals):.0f} µs" if vals else '—'
# A JVM is named by its version (in parentheses), another build by its jar's name, not by where they are.
shown = lambda words: re.sub(r'jar=(\S+)', lambda m: 'jar=' + os.path.basename(m.group(1)), re.sub(r'java=\S+', 'java=…', words))
L = []
L.append('# Side by side: builds or JVMs of the gateway, warm, on the same core')
L.append('')
during = open(os.path.join(run, 'loadavg.txt')).read().split() if os.path.exists(os.path.join(run, 'loadavg.txt')) else []
model = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
L.append(f"Measured {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC at `{sh('git rev-parse --short HEAD')}` by "
         f"`perf/side-by-side.sh` on {os.cpu_count()} cores ({model}); "
         f"load average (1 min) after each pair of windows {', '.join(during) or '?'}.")
L.append('')
L.append(f"Each variant's gateway (the README's production flags, pinned to CPU 0; mocks at 10 ms and the load generator "
         f"on the other CPUs) was started alone, warmed by {warm} s of 16 closed-loop clients, then the home screen was "
         f"measured in {window} s windows alternating between the variants (in reverse order every other round), "
         f"{rounds} rounds: {conc} in flight (closed loop), then {rate} req/s (open loop). CPU per request: the "
         "gateway's CPU time (/proc) over the requests completed in the window; p50 and p99 of the window.")
L.append('')
L.append('Variants: ' + '; '.join(f"**{n}** `{shown(w).strip() or '(the run’s build)'}` ({v})" for n, w, v in variants) + '.')
L.append('')
L.append(f"| variant | CPU per request, {conc} in flight | CPU per request, {rate} req/s |")
L.append('|---|---|---|')
for n, w, v in variants:
    L.append(f"| {n} | {spread('closed', n)} | {spread('open', n)} |")
L.append('')
# With the floor program among the variants, each gateway's CPU per request over the floor's in the same round.
floor = next((n for n, w, v in variants if 'floor' in w.split()), None)
def over_floor(kind, name):
    vals = [a['us'] / b['us'] for r in range(1, int(rounds) + 1)
            if (a := figures(os.path.join(run, f'{kind}-{name}-{r}.json')))
            and (b := figures(os.path.join(run, f'{kind}-{floor}-{r}.json')))]
    return f"{min(vals):.2f}–{max(vals):.2f}×" if vals else '—'
if floor:
    L.append(f"Over the floor program ({floor}), round by round:")
    L.append('')
    L.append(f"| variant | {conc} in flight | {rate} req/s |")
    L.append('|---|---|---|')
    for n, w, v in variants:
        if n != floor:
            L.append(f"| {n} | {over_floor('closed', n)} | {over_floor('open', n)} |")
    L.append('')
L.append(f"| round | variant | {conc} in flight | {rate} req/s |")
L.append('|---|---|---|---|')
for r in range(1, int(rounds) + 1):
    for n, w, v in variants:
        L.append(f"| {r} | {n} | {cell(figures(os.path.join(run, f'closed-{n}-{r}.json')))} | "
                 f"{cell(figures(os.path.join(run, f'open-{n}-{r}.json')))} |")
L.append('')
L.append(f"Raw results (result JSON per window, gateway logs) stay in `perf/results/{os.path.basename(run)}/` (git-ignored).")
open(out, 'w').write('\n'.join(L) + '\n')
PY
log "wrote $OUT"
