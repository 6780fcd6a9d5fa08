#!/usr/bin/env bash
# Prepares the Go conformance suite (test/conformance): resolves yoke's Go
# module at the version test/conformance/go.mod pins, builds the Go flights
# for wasip1 and compiles the suite's test binary, all into
# .cache/conformance, and yoke's cmd/yoke and cmd/atc into .cache/conformance/bin.
# Writes .cache/conformance/status: "ready", or
# "skipped: <why>" which `pnpm test` prints as a loud SKIPPED line.
#
# yoke and two of its dependencies come from the Go module proxy. Where the
# proxy refuses them (it answers 403 for github.com/yokecd/yoke on some
# networks), point YOKE_GO_SOURCES at a directory holding their sources at
# the pinned versions, and the suite uses them through replace directives:
#   $YOKE_GO_SOURCES/yoke   github.com/yokecd/yoke        v0.20.27
#   $YOKE_GO_SOURCES/xsync  github.com/davidmdm/x/xsync   v0.0.4
#   $YOKE_GO_SOURCES/lunar  github.com/mmcdole/lunar      v0.1.1
# Every other module is checked against test/conformance/go.sum.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
suite="$root/test/conformance"
cache="$root/.cache/conformance"
mkdir -p "$cache/goflights"

skip() {
  echo "skipped: $*" > "$cache/status"
  printf '\n*** SKIPPED: Go conformance suite: %s\n\n' "$*"
  exit 0
}

command -v go >/dev/null || skip "go is not installed"

cp "$suite/go.mod" "$cache/go.mod"
cp "$suite/go.sum" "$cache/go.sum"
if [ -n "${YOKE_GO_SOURCES:-}" ]; then
  src="$(cd "$YOKE_GO_SOURCES" && pwd)" || skip "YOKE_GO_SOURCES=$YOKE_GO_SOURCES is not a directory"
  for dir in yoke xsync lunar; do
    [ -f "$src/$dir/go.mod" ] || skip "YOKE_GO_SOURCES has no $dir/go.mod"
  done
  cat >> "$cache/go.mod" <<EOF

replace github.com/yokecd/yoke => $src/yoke

replace github.com/davidmdm/x/xsync => $src/xsync

replace github.com/mmcdole/lunar => $src/lunar
EOF
fi

cd "$suite"
export GOFLAGS="-mod=mod -buildvcs=false" GOTOOLCHAIN=local
log="$cache/setup.log"
: > "$log"
if ! go mod download -modfile "$cache/go.mod" github.com/yokecd/yoke >>"$log" 2>&1 \
   || ! go build -modfile "$cache/go.mod" ./... >>"$log" 2>&1; then
  reason="$(grep -m1 -E '403|404|not available|error|cannot' "$log" | sed 's/^[[:space:]]*//')"
  skip "cannot resolve github.com/yokecd/yoke through the Go module proxy (${reason:-see $log}); set YOKE_GO_SOURCES, see test/conformance/README.md"
fi

for flight in goflights/*/; do
  name="$(basename "$flight")"
  GOOS=wasip1 GOARCH=wasm go build -modfile "$cache/go.mod" -trimpath -o "$cache/goflights/$name.wasm" "./$flight" >>"$log" 2>&1 \
    || { cat "$log"; echo "setup-go: building the Go flight $name failed" >&2; exit 1; }
done
go test -modfile "$cache/go.mod" -c -o "$cache/conformance.test" . >>"$log" 2>&1 \
  || { cat "$log"; echo "setup-go: compiling the conformance suite failed" >&2; exit 1; }

# yoke's own CLI and ATC at the same version, for the control-plane suite's
# part that runs them (test/control-plane/yoke.test.ts).
mkdir -p "$cache/bin"
for cmd in yoke atc; do
  go build -modfile "$cache/go.mod" -trimpath -o "$cache/bin/$cmd" "github.com/yokecd/yoke/cmd/$cmd" >>"$log" 2>&1 \
    || { cat "$log"; echo "setup-go: building yoke's cmd/$cmd failed" >&2; exit 1; }
done

echo ready > "$cache/status"
ls -l "$cache"/goflights/*.wasm | awk '{printf "  %s %d bytes\n", $NF, $5}'
echo "Go conformance suite ready: $cache/conformance.test"
