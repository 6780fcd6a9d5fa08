#!/usr/bin/env bash
# Fetches QuickJS 2025-04-26 as Debian's source package (never vendored) and
# unpacks it into .cache/quickjs/src. A private sources list keeps the
# system's apt configuration untouched. Idempotent.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/quickjs"
tarball="quickjs_2025.04.26.orig.tar.xz"
sha256="ec81da5b3249ed648dbc7df4a1654988910e66a118d9b71cb63534216efcfbbe"

if [ -f "$cache/src/quickjs.c" ] && [ -f "$cache/$tarball" ] &&
   echo "$sha256  $cache/$tarball" | sha256sum --check --status; then
  exit 0
fi

mkdir -p "$cache/apt/lists/partial" "$cache/apt/archives/partial"
echo "deb-src http://deb.debian.org/debian trixie main" > "$cache/apt/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$cache/apt/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$cache/apt/lists"
  -o "Dir::Cache::Archives=$cache/apt/archives"
  -o "APT::Sandbox::User=root"
)
apt-get "${apt_opts[@]}" -qq update
(cd "$cache" && apt-get "${apt_opts[@]}" -qq source --download-only quickjs=2025.04.26-1)

echo "$sha256  $cache/$tarball" | sha256sum --check --quiet || {
  echo "fetch-quickjs: checksum mismatch for $tarball" >&2
  exit 1
}
rm -rf "$cache/src" && mkdir -p "$cache/src"
tar -xJf "$cache/$tarball" -C "$cache/src" --strip-components=1
echo "fetch-quickjs: QuickJS $(cat "$cache/src/VERSION") in $cache/src"
