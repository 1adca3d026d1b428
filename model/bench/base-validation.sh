#!/usr/bin/env bash
# Time of BaseModels.validate (layout only) against BaseModels.load (all weights) for each built-in written out as
# an onnx: file, with the load average. Usage: model/bench/base-validation.sh (after mvn -pl model -am test-compile).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
classpath="$("$here/classpath.sh")"
uptime
java -Xmx3g -Dlog4j2.level=WARN -cp "$classpath" io.streamtune.model.bench.BaseModelValidationBenchmark
uptime
