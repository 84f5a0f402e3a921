#!/usr/bin/env bash
# JMH micro-benchmarks of the gateway's hot paths (template rendering, JSON mapping of backend
# answers, result serialization, document cache). See perf/README.md.
#
#   perf/jmh.sh                       # all benchmarks, short defaults (about 3 minutes)
#   perf/jmh.sh TemplateBench         # a regexp selects benchmarks; other JMH options pass through
#   JMH_OPTS="-f 3 -wi 5 -i 10" perf/jmh.sh   # longer, steadier runs
#
# The benchmarks run against a snapshot of target/sheaf.jar (built if missing), so a concurrent
# gateway build cannot swap classes under a running fork.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/perf/target/bench/jmh
# Short by default: one fork, 3 warm-up and 5 measured iterations of one second each.
JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -i 5 -w 1s -r 1s}

main() {
  cd "$ROOT"
  build
  # shellcheck disable=SC2086  # JMH_OPTS is a list of options on purpose
  java -cp "$OUT/sheaf.jar:perf/target/bench/sheaf-perf.jar:perf/target/bench/lib/*" \
    org.openjdk.jmh.Main $JMH_OPTS -rf json -rff "$OUT/results.json" "$@" 2>&1 | tee "$OUT/jmh.txt"
  echo "results: $OUT/results.json, log: $OUT/jmh.txt"
}

build() {
  if [ ! -f target/sheaf.jar ]; then
    echo "building the gateway (target/sheaf.jar)…"
    mvn -q -B -DskipTests package
  fi
  mkdir -p "$OUT"
  cp target/sheaf.jar "$OUT/sheaf.jar"
  echo "building the benchmarks (perf/pom.xml)…"
  mvn -q -B -f perf/pom.xml -Pbench package -Dsheaf.jar="$OUT/sheaf.jar"
}

main "$@"
