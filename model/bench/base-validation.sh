#!/usr/bin/env bash
# Time of BaseModels.validate (layout only) against BaseModels.load (all weights) for each built-in written out as
# an onnx: file, with the load average. Usage: model/bench/base-validation.sh (after mvn -pl model -am test-compile).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
cp_file="$(mktemp)"
(cd "$module/.." && mvn -B -q -o -Dstyle.color=never -pl model dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null)
classpath="$module/target/test-classes:$module/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
uptime
java -Xmx3g -Dlog4j2.level=WARN -cp "$classpath" io.streamtune.model.bench.BaseModelValidationBenchmark
uptime
