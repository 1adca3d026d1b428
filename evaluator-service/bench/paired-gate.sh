#!/usr/bin/env bash
# Milliseconds of the gate's paired bootstrap (2,000 resamples) per metric, next to computing both models' metrics
# once, with the load average. Usage: evaluator-service/bench/paired-gate.sh [examples=1000] [rounds=9]
# Compiles the evaluator module first (bench/classpath.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
classpath="$("$(dirname "$module")/bench/classpath.sh" evaluator-service)"
uptime
java -Xmx1g -cp "$classpath" io.streamtune.evaluator.bench.PairedGateBenchmark "${1:-1000}" "${2:-9}"
uptime
