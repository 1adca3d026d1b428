#!/usr/bin/env bash
# Evaluation examples/s of a MiniLM classifier (batch 32, tokenization included): the evaluator's DJL path against
# ONNX Runtime on the graph OnnxExport writes from the same weights, the same length-sorted batches, alternating in
# one JVM, on texts that fill 128 tokens and on real SpamAssassin emails. Prints uptime's load average before and
# after, each round, and the means with the ratios djl/onnxruntime.
# Usage: model/bench/eval-throughput.sh [threads=2] [rounds=3] [examples=128] [length=128]
# Compiles the serving module first (bench/classpath.sh). Needs the SpamAssassin corpus (./streamtune demo fetches it).
# Runs as the services run: LD_PRELOAD with the MKL dispatch library and tcmalloc (model/src/main/native/preload.sh),
# OMP_WAIT_POLICY=PASSIVE (model/README.md, "Native runtime"); ONNX Runtime gets the same environment.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$(dirname "$here")")"
threads="${1:-2}"; rounds="${2:-3}"; examples="${3:-128}"; length="${4:-128}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
LD_PRELOAD="$("$root/model/src/main/native/preload.sh")"
export LD_PRELOAD
classpath="$("$root/bench/classpath.sh" serving)"
echo "LD_PRELOAD=${LD_PRELOAD:-} OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
echo "before: $(uptime)"
results="$(mktemp)"
java -Xmx4g -Dlog4j2.level=WARN -cp "$classpath" io.streamtune.serving.bench.EvalThroughputBenchmark \
  "$threads" "$rounds" "$examples" "$length" 2>/dev/null | grep '^round' | tee "$results"
echo "after: $(uptime)"
# Each line: round=R set=S threads=T examples=N: djl X (engine Y (djl/engine r))...; means per set and engine.
awk '{set = $2; sub("set=", "", set); n[set]++
      for (i = 5; i < NF; i++) if ($i !~ /^\(/ && $(i+1) ~ /^[0-9.]+$/) {
        if (!((set, $i) in sum)) order[set] = order[set] " " $i
        sum[set, $i] += $(i+1)}}
     END {for (s in order) {k = split(order[s], e, " "); line = "mean " s ":"
            for (j = 1; j <= k; j++) line = line sprintf(" %s %.2f", e[j], sum[s, e[j]]/n[s])
            line = line " examples/s;"
            for (j = 2; j <= k; j++) line = line sprintf(" djl/%s %.2f", e[j], sum[s, "djl"]/sum[s, e[j]])
            print line}}' "$results"
rm -f "$results"
