#!/usr/bin/env bash
# Prints the model module's test classpath (its classes, test classes and test-scope dependencies) for the
# benchmarks here. Usage: classpath="$(model/bench/classpath.sh)" (after mvn -pl model -am test-compile).
set -euo pipefail
module="$(dirname "$(cd "$(dirname "$0")" && pwd)")"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
(cd "$module/.." && mvn -B -q -o -Dstyle.color=never -pl model dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null)
echo "$module/target/test-classes:$module/target/classes:$(cat "$cp_file")"
