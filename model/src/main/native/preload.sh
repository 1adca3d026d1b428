#!/usr/bin/env bash
# Prints the LD_PRELOAD value for a JVM that runs libtorch (./streamtune and the benchmarks use it):
#   - model/target/libstreamtune-mkl-dispatch.so, built from mkl_vendor_dispatch.c by the model module, so that MKL
#     picks its kernels by the CPU's instruction set rather than its vendor (AMD: ~2x faster matrix products);
#   - tcmalloc (Debian: libtcmalloc-minimal4), which keeps freed tensor memory for reuse where glibc's malloc returns
#     it to the kernel and page-faults it back on the next step.
# Either is left out when absent; whatever LD_PRELOAD already holds is kept, after them.
# STREAMTUNE_NATIVE_PRELOAD=off prints LD_PRELOAD unchanged. See model/README.md, "Native runtime".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
if [[ "${STREAMTUNE_NATIVE_PRELOAD:-on}" == off ]]; then
  printf '%s\n' "${LD_PRELOAD:-}"
  exit 0
fi
libs=()
shim="$root/model/target/libstreamtune-mkl-dispatch.so"
[[ -f "$shim" ]] && libs+=("$shim")
for tcmalloc in /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4 \
    /usr/lib64/libtcmalloc_minimal.so.4; do
  if [[ -f "$tcmalloc" ]]; then
    libs+=("$tcmalloc")
    break
  fi
done
[[ -n "${LD_PRELOAD:-}" ]] && libs+=("$LD_PRELOAD")
printf '%s\n' "${libs[*]:-}"
