#!/usr/bin/env bash
# Compiles a module with the siblings it needs, in one reactor, and prints its test class path: the module's test
# classes and classes, then its test-scope dependencies, where sibling modules are their target/classes folders (this
# checkout's code, never an older jar of the local repository).
# Usage: classpath="$(bench/classpath.sh model)"   (from any directory; Maven's output is shown only if it fails)
set -euo pipefail
module="${1:?usage: bench/classpath.sh <module>, e.g. model or serving}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$root/$module/pom.xml" ] || { echo "no module '$module' in $root" >&2; exit 2; }
cp_file="$(mktemp)"; log="$(mktemp)"
trap 'rm -f "$cp_file" "$log"' EXIT
if ! (cd "$root" && mvn -B -q -o -Dstyle.color=never -DskipTests -Dcheckstyle.skip -Dspotless.check.skip=true \
  -pl "$module" -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" \
  >"$log" 2>&1); then
  cat "$log" >&2
  echo "bench/classpath.sh: building $module failed" >&2
  exit 1
fi
echo "$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$cp_file")"
