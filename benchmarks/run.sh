#!/usr/bin/env bash
# Runs the JMH benchmarks without a shaded jar and writes JSON results under benchmarks/target/.
#
#   benchmarks/run.sh                         # the reportable run: every benchmark, annotation settings
#                                             # (2 forks x 3 x 1 s warm-up + 5 x 1 s), -prof gc
#   benchmarks/run.sh FloorBenchmark -p size=1024 -f 1 -wi 1 -i 2   # any JMH options / benchmark regexps
#
# Results: benchmarks/target/jmh-result.json (override with JMH_RESULT=path). The table for BENCHMARKS.md:
#   python3 benchmarks/report.py benchmarks/target/jmh-result.json
set -euo pipefail
cd "$(dirname "$0")/.."

# Build verifier-core and the benchmarks, and write the benchmarks' classpath, in ONE reactor invocation: a
# separate `-pl benchmarks dependency:build-classpath` would resolve verifier-core from ~/.m2 (possibly a stale
# snapshot) instead of the freshly built verifier-core/target jar. The absolute output file is written last by the
# benchmarks module (the reactor builds it after its dependencies). Formatting checks do not affect measurements.
./mvnw -B -ntp -q -pl benchmarks -am -DskipTests -Dspotless.check.skip=true \
  -Dmdep.outputFile="$PWD/benchmarks/target/cp.txt" \
  package dependency:build-classpath

RESULT=${JMH_RESULT:-benchmarks/target/jmh-result.json}
LOAD_LOG=${RESULT%.json}.load.txt
java -version 2>&1 | sed 's/^/# /'
# The machine load matters on small boxes: record it before, every 30 s during, and after the run.
echo "$(date -u +%FT%TZ) before $(cut -d' ' -f1-3 /proc/loadavg)" >"$LOAD_LOG"
( while sleep 30; do echo "$(date -u +%FT%TZ) during $(cut -d' ' -f1-3 /proc/loadavg)"; done >>"$LOAD_LOG" ) &
SAMPLER=$!
trap 'kill "$SAMPLER" 2>/dev/null || true' EXIT
status=0
java -cp "benchmarks/target/classes:$(cat benchmarks/target/cp.txt)" org.openjdk.jmh.Main \
  -prof gc -rf json -rff "$RESULT" "$@" || status=$?
echo "$(date -u +%FT%TZ) after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$LOAD_LOG"
echo "# load averages (1/5/15 min) logged to $LOAD_LOG"
exit $status
