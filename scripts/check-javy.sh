#!/usr/bin/env bash
# Optional, slow (~20 min on 2 cores): builds test/javy-codegen, a driver
# around Javy's own code generator (javy-codegen from crates.io, pinned in its
# Cargo.lock), then runs the test that builds both examples with it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
command -v cargo >/dev/null || { echo "check-javy: cargo is needed" >&2; exit 1; }
(cd "$root/test/javy-codegen" && cargo build --release --locked)
cd "$root" && pnpm exec vitest run test/javy-codegen
