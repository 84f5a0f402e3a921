#!/usr/bin/env bash
# Where the gateway's CPU and allocation go beyond the floor program's, from one run: the gateway (the
# run's build, the README's production flags and its class-data archive) and FloorGateway (the home
# screen's five calls by hand, no GraphQL) are started on the same core and warmed, then each serves the
# home screen open loop at RATE req/s: SECONDS without the profiler (the CPU per request), then SECONDS
# with async-profiler sampling its CPU, then SECONDS sampling its allocations. Writes
# perf/RESULTS-profile.md: CPU and bytes per request by component (the kernel, Netty, Vert.x,
# graphql-java, Sheaf, Jackson, protobuf, JIT, GC), side by side; the kernel's time by system call; the
# CPU of GraphQL execution; the gateway's hottest methods. The flame data (collapsed stacks) stay in the
# run directory.
#
#   perf/profile.sh [--rate=500] [--seconds=20] [--warm=30] [--out=perf/RESULTS-profile.md]
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler) into perf/target/ and is loaded
# into the running JVMs (jcmd JVMTI.agent_load), so nothing is installed. CPU samples use perf events
# where the kernel allows them (else async-profiler falls back to a timer). Mocks at 10 ms on ports the OS
# picks, pinned like the other scripts. Stops everything it started. Raw data: perf/results/<run>/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

RATE=500
SECONDS_EACH=20
WARM=30
OUT=perf/RESULTS-profile.md
PROFILER_VERSION=4.2
for arg in "$@"; do
  case $arg in
    --rate=*) RATE=${arg#*=} ;;
    --seconds=*) SECONDS_EACH=${arg#*=} ;;
    --warm=*) WARM=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    *) echo "unknown option: $arg (see the header of $0)" >&2; exit 2 ;;
  esac
done

# The agent for this machine's architecture, from the jar Maven Central serves.
AGENT_DIR=perf/target/async-profiler-$PROFILER_VERSION
case $(uname -m) in
  x86_64) ARCH=linux-x64 ;;
  aarch64) ARCH=linux-arm64 ;;
  *) echo "async-profiler has no agent for $(uname -m)" >&2; exit 1 ;;
esac
AGENT=$PWD/$AGENT_DIR/$ARCH/libasyncProfiler.so
if [ ! -f "$AGENT" ]; then
  echo "fetching async-profiler $PROFILER_VERSION from Maven Central"
  mvn -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:$PROFILER_VERSION -DoutputDirectory="$AGENT_DIR"
  unzip -q -o "$AGENT_DIR/async-profiler-$PROFILER_VERSION.jar" "$ARCH/*" -d "$AGENT_DIR"
fi

prepare_home_run profile

declare -A PORT PID
PORT[gateway]=$(free_port)
"${GATEWAY_PIN[@]}" java "${PRODUCTION_FLAGS[@]}" "-XX:SharedArchiveFile=$RUN/sheaf.jsa" -jar "$RUN/sheaf.jar" \
  --host=127.0.0.1 --port="${PORT[gateway]}" --admin-port="$(free_port)" --schema="$CONFIG/schema" \
  --resolvers="$CONFIG/resolvers" --log-format=text --access-log=false > "$RUN/gateway.log" 2>&1 &
PID[gateway]=$!
pids+=("${PID[gateway]}")
PORT[floor]=$(free_port)
# It calls the mocks at the addresses start_mocks exported, as the gateway's bindings do.
"${GATEWAY_PIN[@]}" java "${PRODUCTION_FLAGS[@]}" -cp "$RUN/sheaf-demo.jar" dev.sheaf.mock.perf.FloorGateway \
  --port="${PORT[floor]}" > "$RUN/floor.log" 2>&1 &
PID[floor]=$!
pids+=("${PID[floor]}")
for _ in $(seq 1 180); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT[gateway]}/ready")" = 200 ] \
    && grep -qs 'floor gateway on' "$RUN/floor.log" && break
  sleep 1
done
log "$(grep -o 'Sheaf ready on .*' "$RUN/gateway.log" | head -1)"

# jcmd passes the agent's options as one argument only when they are quoted inside it.
agent() { jcmd "$1" JVMTI.agent_load "$AGENT" "\"$2\"" > /dev/null; }

for name in gateway floor; do
  # Loaded once before the warm-up: loading an agent makes the JVM drop compiled code, which the warm-up
  # then compiles again, so the profiled windows see a warm JIT.
  agent "${PID[$name]}" "start,event=cpu,interval=1ms,file=$PWD/$RUN/attach-$name.collapsed"
  agent "${PID[$name]}" "stop,file=$PWD/$RUN/attach-$name.collapsed,collapsed"
  load_home "$name" "$RUN/warm-$name.json" --concurrency=16 --warmup=0s --duration="${WARM}s" --windows="${WARM}s"
  log "$name: warm; ${SECONDS_EACH} s unprofiled, then its CPU profiled, then its allocations, at $RATE req/s"
  load_home "$name" "$RUN/plain-$name.json" --rate="$RATE" --warmup=3s --duration="${SECONDS_EACH}s" --windows="${SECONDS_EACH}s"
  agent "${PID[$name]}" "start,event=cpu,interval=1ms,file=$PWD/$RUN/cpu-$name.collapsed"
  load_home "$name" "$RUN/cpu-$name.json" --rate="$RATE" --warmup=0s --duration="${SECONDS_EACH}s" --windows="${SECONDS_EACH}s"
  agent "${PID[$name]}" "stop,file=$PWD/$RUN/cpu-$name.collapsed,collapsed"
  agent "${PID[$name]}" "start,event=alloc,file=$PWD/$RUN/alloc-$name.collapsed"
  load_home "$name" "$RUN/alloc-$name.json" --rate="$RATE" --warmup=0s --duration="${SECONDS_EACH}s" --windows="${SECONDS_EACH}s"
  agent "${PID[$name]}" "stop,file=$PWD/$RUN/alloc-$name.collapsed,total,collapsed"
done

python3 - "$RUN" "$OUT" "$RATE" "$SECONDS_EACH" <<'PY'
import collections, datetime, json, os, subprocess, sys
run, out, rate, seconds = sys.argv[1:5]

def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()

def requests(name, kind):
    ws = json.load(open(os.path.join(run, f'{kind}-{name}.json')))['windows']
    return sum(w['completed'] for w in ws), sum(max(0.0, w['cpuSeconds'].get('gateway', 0)) for w in ws)

PACKAGES = [('dev/sheaf/', 'Sheaf'), ('graphql/', 'graphql-java'), ('com/fasterxml/jackson', 'Jackson'),
            ('com/google/protobuf', 'protobuf'), ('io/vertx/', 'Vert.x'), ('io/netty/', 'Netty')]

def component(frames):
    """A sample's component: the JIT or GC threads, the kernel, else the first frame from the top that is
    not the JDK's (java.util.HashMap.get counts for whoever called it)."""
    head = ';'.join(frames[:8])
    if 'CompileBroker' in head or 'C2Compiler' in head or 'Compilation::' in head:
        return 'JIT compilers'
    if 'GCTask' in head or 'VM_GC' in head or 'GenCollect' in head or 'VMThread' in head:
        return 'GC and VM'
    for frame in reversed(frames):
        frame = frame.replace('.', '/')
        if frame.endswith('_[k]'):
            continue
        if frame.startswith(('java/', 'jdk/', 'sun/')) or frame in ('itable stub', 'vtable stub'):
            continue
        for prefix, name in PACKAGES:
            if frame.startswith(prefix):
                return name
        return 'other'
    return 'the kernel' if frames[-1].endswith('_[k]') else 'the JDK'

def read(path):
    total, by, methods = 0, collections.Counter(), collections.Counter()
    for line in open(path):
        stack, _, n = line.rstrip().rpartition(' ')
        frames, n = stack.split(';'), int(n)
        total += n
        leaf = frames[-1]
        # System calls and the kernel under them count as the kernel, whoever made them.
        by['the kernel' if leaf.endswith('_[k]') or leaf in ('__GI___send', 'writev', 'epoll_pwait2', 'recv', 'read', 'write')
           else component(frames)] += n
        for frame in reversed(frames):
            if not frame.endswith('_[k]') and not frame.startswith(('java/', 'jdk/', 'sun/')):
                methods[frame] += n
                break
    return total, by, methods

# The kernel's time by system call, and the part of the sends spent delivering to the peer: on loopback
# the sender's CPU runs the receiving side's TCP too (softirq) and wakes the receiving process.
KERNEL_PARTS = [('__x64_sys_sendto_[k]', 'send (sendto)'), ('do_writev_[k]', 'write (writev)'),
                ('__x64_sys_recvfrom_[k]', 'receive (recvfrom)'), ('__x64_sys_epoll_pwait2_[k]', 'wait (epoll_pwait2)'),
                ('tcp_v4_rcv_[k]', 'of the sends and writes: the receiving side of loopback TCP'),
                ('sock_def_readable_[k]', '… of which waking the receiving process')]
# Frames of GraphQL execution: graphql-java, its data loaders and Sheaf's glue to it (dev/sheaf/graphql).
GRAPHQL = ('graphql/', 'org/dataloader/', 'dev/sheaf/graphql/')
LIBRARIES = GRAPHQL + tuple(prefix for prefix, _ in PACKAGES)

def kernel_and_graphql(path):
    """Samples under each of KERNEL_PARTS, and samples whose nearest library frame from the top is GraphQL
    execution: the most that running known operations without graphql-java could save."""
    parts, graphql = collections.Counter(), 0
    for line in open(path):
        stack, _, n = line.rstrip().rpartition(' ')
        frames, n = stack.split(';'), int(n)
        for marker, _ in KERNEL_PARTS:
            if marker in frames:
                parts[marker] += n
        for frame in reversed(frames):
            frame = frame.replace('.', '/')
            if frame.startswith(LIBRARIES):
                graphql += n if frame.startswith(GRAPHQL) else 0
                break
    return parts, graphql

rows = {}
for name in ('gateway', 'floor'):
    # CPU per request from the window without the profiler, which costs CPU of its own.
    done, cpu = requests(name, 'plain')
    cpu_total, cpu_by, cpu_methods = read(os.path.join(run, f'cpu-{name}.collapsed'))
    adone, _ = requests(name, 'alloc')
    alloc_total, alloc_by, _ = read(os.path.join(run, f'alloc-{name}.collapsed'))
    rows[name] = dict(done=done, us=1e6 * cpu / done if done else float('nan'), cpu_total=cpu_total, cpu_by=cpu_by,
                      methods=cpu_methods, kib=alloc_total / 1024 / adone if adone else float('nan'),
                      alloc_total=alloc_total, alloc_by=alloc_by)
    rows[name]['kernel_parts'], rows[name]['graphql'] = kernel_and_graphql(os.path.join(run, f'cpu-{name}.collapsed'))

L = ['# Where the CPU and the bytes go: the gateway beside the floor program', '']
model = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
L.append(f"Measured {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC at `{sh('git rev-parse --short HEAD')}` by "
         f"`perf/profile.sh` on {os.cpu_count()} cores ({model}), {sh('java -version 2>&1 | head -1')}; load "
         f"average at the end {open('/proc/loadavg').read().split()[0]}.")
L.append('')
L.append(f"The home screen at {rate} req/s, open loop, on the gateway (the README's production flags and its "
         "class-data archive) and on FloorGateway (the same five calls by hand, no GraphQL), each pinned to CPU 0 "
         f"and warmed first, then measured for {seconds} s without the profiler; async-profiler then sampled "
         f"each for {seconds} s of CPU and {seconds} s of allocation. CPU per request: the process's CPU time "
         "(/proc) over the requests completed in the window without the profiler, split by the profile's "
         "shares; a sample counts for the first frame from the top that is not the JDK's, system calls for the "
         "kernel. Bytes per request: the sampled allocations' total (an estimate).")
L.append('')
L.append('| | gateway | floor |')
L.append('|---|--:|--:|')
def split(title, per_request, by, total, unit, fmt):
    """A row of the figure per request for both programs, then one per component, the gateway's largest first."""
    g, f = rows['gateway'], rows['floor']
    L.append(f"| {title} | {g[per_request]:.0f} {unit} | {f[per_request]:.0f} {unit} |")
    for c in sorted(set(g[by]) | set(f[by]), key=lambda c: -g[by].get(c, 0)):
        cells = [f"{r[per_request] * r[by].get(c, 0) / r[total]:{fmt}} {unit}" for r in (g, f)]
        L.append(f"| … {c} | {cells[0]} | {cells[1]} |")
split('CPU per request', 'us', 'cpu_by', 'cpu_total', 'µs', '.0f')
split('bytes allocated per request', 'kib', 'alloc_by', 'alloc_total', 'KiB', '.1f')
L.append('')
L.append("The kernel's time by system call (each with the kernel work under it), in µs per request:")
L.append('')
L.append('| | gateway | floor |')
L.append('|---|--:|--:|')
for marker, title in KERNEL_PARTS:
    cells = [f"{r['us'] * r['kernel_parts'][marker] / r['cpu_total']:.0f} µs" for r in (rows['gateway'], rows['floor'])]
    L.append(f"| {title} | {cells[0]} | {cells[1]} |")
L.append('')
g = rows['gateway']
L.append(f"GraphQL execution (samples whose nearest library frame is graphql-java's, java-dataloader's or "
         f"Sheaf's glue to them): {g['us'] * g['graphql'] / g['cpu_total']:.0f} µs per request, "
         f"{100 * g['graphql'] / g['cpu_total']:.1f} % of the gateway's CPU: the most that executing known "
         "operations without graphql-java could save, before the JIT's and the collector's share of that code.")
L.append('')
L.append("The gateway's hottest methods (self time, the JDK's charged to its caller):")
L.append('')
L.append('| share | µs per request | method |')
L.append('|--:|--:|---|')
g = rows['gateway']
for method, n in g['methods'].most_common(15):
    L.append(f"| {100 * n / g['cpu_total']:.1f} % | {g['us'] * n / g['cpu_total']:.1f} | `{method[:110]}` |")
L.append('')
L.append(f"Collapsed stacks (`cpu-*.collapsed`, `alloc-*.collapsed`, for flame graphs) and the load generator's "
         f"results stay in `perf/results/{os.path.basename(run)}/` (git-ignored).")
open(out, 'w').write('\n'.join(L) + '\n')
PY
log "wrote $OUT"
