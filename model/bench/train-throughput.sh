#!/usr/bin/env bash
# MiniLM training examples/s (batch 32, length 128) through Streamtune's DJL engine, next to the same step in
# plain PyTorch (Debian's python3-torch with libopenblas0-pthread), in one run on the same machine, with each
# program's peak resident memory. Three PyTorch references, alternating with ours so load hits all alike:
#   default   the machine's environment as is (it sets OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE for old OpenBLAS builds);
#   unset     those two variables unset (OpenBLAS then picks its AVX-512 kernels here);
#   best      unset and tcmalloc preloaded, the allocator ours runs with: PyTorch's fastest here.
# Ours runs as ./streamtune runs it (model/src/main/native/preload.sh: MKL vendor dispatch + tcmalloc).
# Usage: model/bench/train-throughput.sh [threads=2] [steps=5] [rounds=2]
# Compiles the model module first (bench/classpath.sh).
# Needs: apt-get install python3-torch libopenblas0-pthread libtcmalloc-minimal4.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
threads="${1:-2}"; steps="${2:-5}"; rounds="${3:-2}"
export OMP_WAIT_POLICY=PASSIVE
preload="$(LD_PRELOAD= "$(dirname "$here")/src/main/native/preload.sh")"
tcmalloc="$(tr ' ' '\n' <<<"$preload" | grep tcmalloc || true)"
classpath="$("$here/../../bench/classpath.sh" model)"
results="$(mktemp)"
# reference LABEL ENV-COMMAND...: the PyTorch step under that environment.
reference() {
  local label="$1"; shift
  "$@" /usr/bin/python3 "$here/bert_reference.py" --threads "$threads" --batch 32 --length 128 --steps "$steps" \
    --warmup 2 --label "$label" | tee -a "$results"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); ours preloads: ${preload:-nothing}"
for round in $(seq "$rounds"); do
  LD_PRELOAD="$preload" java -Xmx4g -Dlog4j2.level=WARN -cp "$classpath" \
    io.streamtune.model.bench.TrainThroughputBenchmark "$threads" 32 128 "$steps" 2 2>/dev/null | grep '^djl' \
    | tee -a "$results"
  reference pytorch-default env
  reference pytorch-unset env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE
  reference pytorch-best env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE LD_PRELOAD="$tcmalloc"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '{ name = $1; rate[name] += $(NF-1); n[name]++; for (i = 1; i < NF; i++) if ($i == "RSS") peak[name] = $(i+1) }
     END {
       djl = rate["djl"] / n["djl"]
       printf "mean examples/s (peak RSS MiB): djl %.2f (%s)", djl, peak["djl"]
       split("pytorch-default pytorch-unset pytorch-best", refs, " ")
       for (i = 1; i <= 3; i++) printf ", %s %.2f (%s)", refs[i], rate[refs[i]] / n[refs[i]], peak[refs[i]]
       printf "\n"
       for (i = 1; i <= 3; i++) printf "ratio djl / %s = %.2f\n", refs[i], djl / (rate[refs[i]] / n[refs[i]])
     }' "$results"
rm -f "$results"
