#!/usr/bin/env bash
# Makes the SDK generator (scripts/sdkgen/main.go over the code generators of github.com/pulumi/pulumi/pkg/v3)
# available and prints, as its only line on stdout, the path of its binary. Everything else goes to stderr.
#
#   "$(scripts/sdkgen.sh)" provider/native/schema.json python sdk/python
#
# A build cached in $PULUMI_INVENT_CACHE (default ~/.cache/pulumi-invent) under the hash of main.go, else a
# fresh build (about 2 minutes with the Go caches the CLI build left, longer cold). Pinned to pkg/v3 v3.259.0,
# the CLI's release, so the SDKs match the engine the tests run. `npm run sdk` runs it.
set -euo pipefail
exec 3>&1 1>&2

PKG_VERSION=3.259.0
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/cached-tool.sh
source "$SCRIPT_DIR/lib/cached-tool.sh"
HASH="$(sha256sum "$SCRIPT_DIR/sdkgen/main.go" | cut -c1-12)"
DIR="$CACHE_ROOT/sdkgen-v$PKG_VERSION-$HASH"

complete() { [ -x "$1/sdkgen" ]; }

build() {
  local out="$1" src="$1.src" gomod
  require_go 1.25.11
  go_wrapper "$src" pulumi-invent.local/sdkgen github.com/pulumi/pulumi/pkg/v3/codegen/schema \
    "github.com/pulumi/pulumi/pkg/v3 v$PKG_VERSION" "github.com/pulumi/pulumi/sdk/v3 v$PKG_VERSION"
  rm "$src/tools.go"
  cp "$SCRIPT_DIR/sdkgen/main.go" "$src/main.go"
  # Replace directives of a dependency are ignored: copy pkg/v3's non-local ones, as pulumi-cli.sh does.
  gomod="$(cd "$src" && go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$PKG_VERSION" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')"
  grep -E '^replace [^ ]+ => [^.][^ ]* v[^ ]+$' "$gomod" >>"$src/go.mod" || true
  (cd "$src" && go mod tidy && go build -trimpath -ldflags "-s -w" -o "$out/sdkgen" .)
}

# The binary answers itself in its own cache entry: finish with the binary's path, not the directory.
finish_dir() { printf '%s\n' "$1/sdkgen" >&3; exit 0; }
complete "$DIR" && finish_dir "$DIR"
( cached_build "$DIR" complete build ) 3>/dev/null
complete "$DIR" || die "sdkgen was not built"
finish_dir "$DIR"
