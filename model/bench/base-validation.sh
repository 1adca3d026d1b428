#!/usr/bin/env bash
# Time of BaseModels.validate (layout only) against BaseModels.load (all weights) for each built-in written out as
# an onnx: file, with the load average. Usage: model/bench/base-validation.sh (compiles the model module first).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
classpath="$("$here/../../bench/classpath.sh" model)"
uptime
java -Xmx3g -Dlog4j2.level=WARN -cp "$classpath" io.streamtune.model.bench.BaseModelValidationBenchmark
uptime
