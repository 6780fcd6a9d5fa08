#!/usr/bin/env bash
# The second half of this package's build (`pnpm run build`, after tsc): the
# C runtime, then runtime.wasm. The C compile (scripts/build-runtime.sh: QuickJS
# and c/*.c with clang-16 and wasm-opt, incremental make) runs where that
# toolchain is installed (./scripts/setup.sh installs it); elsewhere the core
# module built before is used. runtime.wasm is then pre-initialised from it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
core="$root/.cache/runtime-build/runtime.core.wasm"
if command -v clang-16 >/dev/null && command -v wasm-opt >/dev/null; then
  "$root/scripts/build-runtime.sh"
elif [ -f "$core" ]; then
  echo "runtime: clang-16 or wasm-opt is not installed: using the C runtime built before (${core#"$root/"})"
else
  echo "runtime: ${core#"$root/"} is missing and clang-16 or wasm-opt is not installed: run ./scripts/setup.sh" >&2
  exit 1
fi
node "$here/dist/build-runtime.js" "$core"
