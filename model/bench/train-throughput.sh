#!/usr/bin/env bash
# MiniLM training examples/s (batch 32, length 128) through Streamtune's DJL engine, next to the same step in
# plain PyTorch (Debian's python3-torch with libopenblas0-pthread), in one run on the same machine.
# Usage: model/bench/train-throughput.sh [threads=2] [steps=5] [rounds=2]
# Needs: mvn -pl model -am test-compile first; apt-get install python3-torch libopenblas0-pthread.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
threads="${1:-2}"; steps="${2:-5}"; rounds="${3:-2}"
export OMP_WAIT_POLICY=PASSIVE
classpath="$("$here/classpath.sh")"
results="$(mktemp)"
# Alternate the two so that load from other processes hits both alike.
for round in $(seq "$rounds"); do
  java -Xmx4g -Dlog4j2.level=WARN -cp "$classpath" io.streamtune.model.bench.TrainThroughputBenchmark \
    "$threads" 32 128 "$steps" 2 2>/dev/null | grep '^djl' | tee -a "$results"
  /usr/bin/python3 "$here/bert_reference.py" --threads "$threads" --batch 32 --length 128 --steps "$steps" --warmup 2 \
    | tee -a "$results"
done
awk '/^djl/ {d += $(NF-1); nd++} /^pytorch/ {p += $(NF-1); np++}
     END {printf "mean: djl %.2f examples/s, pytorch %.2f examples/s, ratio djl/pytorch = %.2f\n", d/nd, p/np, (d/nd)/(p/np)}' "$results"
rm -f "$results"
