#!/usr/bin/env bash
# Soak benchmark of the trainer core with checkpoint retention: MiniLM for 30 minutes by default, one line a minute
# with examples/s, RSS and the checkpoint store's disk use (store=MiB, checkpoints=count).
# Usage: trainer-service/bench/soak.sh [minutes] [all-MiniLM-L6-v2|tiny] [shard size] [checkpoint every N shards]
#        [filler words per text: 200 fills 128 tokens]
# Runs as ./streamtune runs the trainer (model/src/main/native/preload.sh), with a 1 GiB heap (HEAP=512m to change).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_CLASSPATH="$("$ROOT/bench/classpath.sh" trainer-service)"
cd "$ROOT/trainer-service"
# Spinning OpenMP workers collapse throughput when the cores are shared (see DESIGN.md): wait passively.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
CHECKPOINTS="$(mktemp -d)"
trap 'rm -rf "$CHECKPOINTS"' EXIT
uptime
LD_PRELOAD="$("$ROOT/model/src/main/native/preload.sh")" java -Xmx"${HEAP:-1g}" -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamtune \
  -Dai.djl.pytorch.num_threads="${THREADS:-2}" -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$BENCH_CLASSPATH" io.streamtune.trainer.bench.SoakBenchmark \
  "${1:-30}" "${2:-all-MiniLM-L6-v2}" "${3:-64}" "${4:-10}" "$CHECKPOINTS" "${5:-0}"
uptime
