#!/usr/bin/env bash
# MiniLM checkpoint write (22.7M parameters + AdamW moments + tokenizer): today's reference write phase by phase
# (toFloatArray, float[] -> byte[], stream + SHA-256, fsync) next to Checkpoints.snapshot (what the training thread
# waits for) and CheckpointSnapshot.writeTo (what a background writer does), in one run.
# Usage: model/bench/checkpoint-write.sh [rounds=3] [dir=a fresh temp dir on the disk of target/]
# Compiles the model module first (bench/classpath.sh). Set LD_PRELOAD (tcmalloc, model/README.md) as the
# trainer does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
rounds="${1:-3}"
dir="${2:-$(mktemp -d "$module/target/checkpoint-bench.XXXXXX")}"
export OMP_WAIT_POLICY=PASSIVE
classpath="$("$here/../../bench/classpath.sh" model)"
uptime
java -Xmx2g -Dlog4j2.level=WARN -cp "$classpath" io.streamtune.model.bench.CheckpointWriteBenchmark "$dir" "$rounds" \
  2>/dev/null | grep -E '^(reference|new|background)'
uptime
rm -rf "$dir"
