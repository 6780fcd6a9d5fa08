#!/usr/bin/env bash
# Installs everything yoke-flight needs and builds it. Idempotent: a second
# run only checks and rebuilds what changed.
#   Debian packages (apt-get, needs root) -> pnpm -> npm dependencies ->
#   QuickJS source (Debian source package) -> every package's own build
#   (pnpm -r build; the runtime's includes its C)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { printf '\n== %s\n' "$*"; }

step "Debian packages"
packages=(clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32 binaryen make xxd xz-utils ca-certificates)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "all present: ${packages[*]}"
fi

step "pnpm"
pnpm_version="$(node -p 'require("./package.json").packageManager.split("@")[1]')"
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  npm install -g --no-fund --no-audit "pnpm@$pnpm_version"
fi
pnpm --version

step "npm dependencies"
pnpm install --frozen-lockfile

step "QuickJS source (Debian source package)"
./scripts/fetch-quickjs.sh

step "packages (pnpm -r build: the runtime's C and runtime.wasm, TypeScript, examples)"
pnpm run build

step "npm cache for the offline end-to-end test (pack, npm install, flight init, build, test)"
node test/e2e/warm-cache.mjs

step "Kubernetes control plane for test/control-plane (etcd, kube-apiserver, kube-controller-manager)"
./scripts/setup-control-plane.sh

if [ -x scripts/setup-go.sh ]; then
  step "Go conformance suite"
  ./scripts/setup-go.sh
fi
echo
echo "setup done: run 'pnpm test'"
