#!/usr/bin/env bash
# Builds the runtime's C sources and QuickJS into a WASI core module
# (.cache/runtime-build/runtime.core.wasm). Run by packages/runtime's build
# (build-wasm.sh), which then pre-initialises it into runtime.wasm. Incremental.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/fetch-quickjs.sh"
# The runtime's bytes depend on binaryen's version: use the one Debian
# bookworm ships (setup.sh installs it), so every machine builds the same.
want_binaryen="version 108"
if ! wasm-opt --version 2>/dev/null | grep -q "$want_binaryen"; then
  echo "build-runtime: wasm-opt $want_binaryen (Debian bookworm's binaryen) is needed; found: $(wasm-opt --version 2>&1 | head -1)" >&2
  exit 1
fi
make -C "$root/packages/runtime" -j"$(nproc)" --no-print-directory
