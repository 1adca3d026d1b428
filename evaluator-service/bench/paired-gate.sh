#!/usr/bin/env bash
# Milliseconds of the gate's paired bootstrap (2,000 resamples) per metric, next to computing both models' metrics
# once, with the load average. Usage: evaluator-service/bench/paired-gate.sh [examples=1000] [rounds=9]
# (after mvn -pl evaluator-service -am test-compile).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
cp_file="$(mktemp)"
(cd "$module/.." && mvn -B -q -o -Dstyle.color=never -pl evaluator-service dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null)
classpath="$module/target/test-classes:$module/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
uptime
java -Xmx1g -cp "$classpath" io.streamtune.evaluator.bench.PairedGateBenchmark "${1:-1000}" "${2:-9}"
uptime
