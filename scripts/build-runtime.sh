#!/usr/bin/env bash
# Builds the runtime's C sources and QuickJS into a WASI core module
# (.cache/runtime-build/runtime.core.wasm). `pnpm run build` then
# pre-initialises it into packages/runtime/runtime.wasm. Incremental.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/fetch-quickjs.sh"
make -C "$root/packages/runtime" -j"$(nproc)" --no-print-directory
