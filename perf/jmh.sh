#!/usr/bin/env bash
# JMH micro-benchmarks of the gateway's hot paths (template rendering, JSON mapping of backend
# answers, result serialization, document cache). See perf/README.md.
#
#   perf/jmh.sh                       # all benchmarks, short defaults (about 3 minutes)
#   perf/jmh.sh TemplateBench         # a regexp selects benchmarks; other JMH options pass through
#   JMH_OPTS="-f 3 -wi 5 -i 10" perf/jmh.sh   # longer, steadier runs
#
# Writes perf/RESULTS-jmh.md (machine, commit, options and JMH's table; JMH_OUT moves it) and keeps
# JMH's JSON and log in perf/target/bench/jmh/.
#
# The benchmarks run against a snapshot of gateway/target/sheaf.jar (built if missing), so a concurrent
# gateway build cannot swap classes under a running fork.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/perf/target/bench/jmh
JMH_OUT=${JMH_OUT:-$ROOT/perf/RESULTS-jmh.md}
# Short by default: one fork, 3 warm-up and 5 measured iterations of one second each.
JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -i 5 -w 1s -r 1s}

main() {
  cd "$ROOT"
  build
  local load_before
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  # shellcheck disable=SC2086  # JMH_OPTS is a list of options on purpose
  java -cp "$OUT/sheaf.jar:$OUT/mocks.jar:perf/target/bench/sheaf-perf.jar:perf/target/bench/lib/*" \
    org.openjdk.jmh.Main $JMH_OPTS -rf json -rff "$OUT/results.json" "$@" 2>&1 | tee "$OUT/jmh.txt"
  write_markdown "$load_before" "$*"
  echo "results: $JMH_OUT (JSON: $OUT/results.json, log: $OUT/jmh.txt)"
}

# JMH's own summary table, with what a reader needs to trust it.
write_markdown() {
  local load_before=$1 args=$2 dirty=""
  [ -z "$(git status --porcelain 2> /dev/null)" ] || dirty=" (dirty)"
  {
    echo "# Sheaf micro-benchmarks (JMH)"
    echo
    echo "Written by \`perf/jmh.sh${args:+ $args}\` on $(date -u '+%Y-%m-%d %H:%M UTC'); what each benchmark measures:"
    echo "[perf/README.md](README.md). Average time per operation; lower is better. The error column is JMH's 99.9 %"
    echo "confidence interval: a wide one means a noisy machine."
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| git commit | \`$(git rev-parse --short HEAD 2> /dev/null || echo unknown)$dirty\` |"
    echo "| CPU | $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //') |"
    echo "| JVM | $(java -version 2>&1 | sed -n '2p') |"
    echo "| JMH options | \`$JMH_OPTS\` |"
    echo "| load average before / after | $load_before / $(cut -d' ' -f1-3 /proc/loadavg) |"
    echo
    echo '```'
    sed -n '/^Benchmark  /,$p' "$OUT/jmh.txt" | sed '/^Benchmark result is saved/d; /^$/d'
    echo '```'
  } > "$JMH_OUT"
}

build() {
  local mocks=backends-mock/target/sheaf-backends-mock-0.1.0-SNAPSHOT.jar
  if [ ! -f gateway/target/sheaf.jar ] || [ ! -f "$mocks" ]; then
    echo "building the gateway (gateway/target/sheaf.jar) and the mocks…"
    mvn -q -B -DskipTests package
  fi
  mkdir -p "$OUT"
  cp gateway/target/sheaf.jar "$OUT/sheaf.jar"
  cp "$mocks" "$OUT/mocks.jar"
  echo "building the benchmarks (perf/pom.xml)…"
  mvn -q -B -f perf/pom.xml -Pbench package -Dsheaf.jar="$OUT/sheaf.jar" -Dmocks.jar="$OUT/mocks.jar"
}

main "$@"
