#!/usr/bin/env bash
# Restart-to-resume benchmark: kill -9 a trainer while it trains, restart it at once, time the kill to the first
# shard the new process trains; static membership first, then dynamic as the reference.
# Usage: trainer-service/bench/restart.sh [tiny|all-MiniLM-L6-v2] [shard size] [kills per mode]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BENCH_CLASSPATH="$(../bench/classpath.sh trainer-service)"
WORK="$(mktemp -d)" && trap 'rm -rf "$WORK"' EXIT
uptime
OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" java -Xmx1g -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamtune \
  -cp "$BENCH_CLASSPATH" \
  io.streamtune.trainer.bench.RestartToResumeBenchmark "${1:-tiny}" "${2:-16}" "${3:-3}" "$WORK"
uptime
