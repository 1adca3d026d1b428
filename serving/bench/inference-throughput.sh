#!/usr/bin/env bash
# MiniLM classifier inference examples/s (tokenization included): DJL's PyTorch engine against ONNX Runtime on the
# graph OnnxExport writes from the same weights, alternating in one JVM; prints uptime's load average before and
# after.
# Usage: serving/bench/inference-throughput.sh [threads=2] [length=128] [rounds=3] [examples-per-measurement=128]
# Compiles the serving module first (bench/classpath.sh). Runs as the services run: LD_PRELOAD with the MKL
# dispatch library and tcmalloc (model/src/main/native/preload.sh); ONNX Runtime gets the same environment.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
threads="${1:-2}"; length="${2:-128}"; rounds="${3:-3}"; examples="${4:-128}"
export OMP_WAIT_POLICY=PASSIVE
LD_PRELOAD="$("$(dirname "$module")/model/src/main/native/preload.sh")"
export LD_PRELOAD
classpath="$("$(dirname "$module")/bench/classpath.sh" serving)"
echo "before: $(uptime)"
results="$(mktemp)"
java -Xmx4g -Dlog4j2.level=WARN -cp "$classpath" io.streamtune.serving.bench.InferenceThroughputBenchmark \
  "$threads" "$length" "$rounds" "$examples" 1 32 2>/dev/null | grep '^round' | tee "$results"
echo "after: $(uptime)"
awk '{b = $3; sub("batch=", "", b); d[b] += $(NF-6); o[b] += $(NF-3); n[b]++}
     END {for (b in d) printf "mean batch=%s: djl %.2f examples/s, onnxruntime %.2f examples/s, djl/onnxruntime %.2f\n",
          b, d[b]/n[b], o[b]/n[b], d[b]/o[b]}' "$results"
rm -f "$results"
